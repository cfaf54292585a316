package web

import (
	"fmt"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/registry"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/actionhub/actionhub/policies"
)

// BenchmarkRenderSupplierPage renders a supplier's page in Urdu as a hub
// admin reads it: the risk reasons, four brands, five audits, ten
// corrective actions, a timeline of 20 entries and the merge form.
func BenchmarkRenderSupplierPage(b *testing.B) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	s := &supplier.Supplier{ID: "01a2298b-d140-7586-bd9e-a7b8f1e2f500", HubID: "hub", Name: "فیصل آباد ہوم ٹیکسٹائل ملز",
		Address: "پلاٹ 12، انڈسٹریل اسٹیٹ", City: "Multan", Province: "Punjab", Sector: supplier.SectorTextile, SubSector: supplier.SubHomeTextiles,
		Status: supplier.StatusActive, Workforce: supplier.Workforce{Total: 1250, Women: 400, UnderEighteen: 3},
		Risk: supplier.Profile{Score: 64, Level: supplier.LevelHigh, Reasons: []supplier.Reason{
			{Factor: supplier.FactorSubSector, Points: 20, Explanation: "Home textiles is a sub-sector where child labour is often found."},
			{Factor: supplier.FactorPrevalence, Points: 24, Explanation: "Multan district: 12.1% of children in child labour (survey, 2019)."},
			{Factor: supplier.FactorYoungWorkers, Points: 20, Explanation: "3 workers under 18 declared."}}}}
	var brands []registry.BrandLink
	for i := range 4 {
		brands = append(brands, registry.BrandLink{Link: supplier.Link{BrandOrgID: fmt.Sprint("brand", i), SupplierID: s.ID, Products: "Bed linen"}, BrandName: "سبز دھاگہ ملبوسات"})
	}
	var audits []*audit.Audit
	for i := range 5 {
		audits = append(audits, &audit.Audit{ID: fmt.Sprintf("01a2298b-d140-7586-bd9e-a7b8f1e2f6%02d", i), HubID: "hub",
			Plan:  audit.Plan{SupplierID: s.ID, Type: audit.TypePeriodic, Mode: audit.ModeAnnounced, Window: audit.Window{From: "2026-03-02", To: "2026-03-06"}},
			State: audit.StatePublished})
	}
	var actions []*audit.Action
	for i := range 10 {
		actions = append(actions, &audit.Action{ID: fmt.Sprintf("01a2298b-d140-7586-bd9e-a7b8f1e2f7%02d", i), SupplierID: s.ID,
			What: "اسکول میں داخلہ اور معاوضہ", Due: now, State: audit.ActionInProgress})
	}
	var timeline []*domain.ActivityEntry
	for i := range 20 {
		timeline = append(timeline, &domain.ActivityEntry{ID: fmt.Sprint(i), Time: now, Action: "audits.publish", Object: "supplier:" + s.ID})
	}
	v, err := loadViews()
	if err != nil {
		b.Fatal(err)
	}
	perms := []policies.Permission{policies.PermAuditsSchedule, policies.PermSuppliersUpdateProfile, policies.PermSuppliersMerge}
	benchRenderBuilt(b, v, "supplier", perms, func(l *printer) any {
		return &supplierView{S: s, Brands: brands, Reasons: reasonRows(l, s.Risk.Reasons), Timeline: timelineRows(l, timeline),
			Audits: auditRows(l, audits), Actions: actionRows(l, actions)}
	})
}
