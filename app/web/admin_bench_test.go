package web

import (
	"fmt"
	"testing"
	"time"

	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/actionhub/actionhub/policies"
)

func benchPeople(n int, role domain.Role) []*domain.User {
	out := make([]*domain.User, n)
	for i := range out {
		out[i] = &domain.User{ID: fmt.Sprintf("01a2298b-d140-7586-bd9e-a7b8f1e2f7%02d", i), Name: "عائشہ خان",
			Email: fmt.Sprintf("person%02d@sabz.example", i), Role: role, Disabled: i%5 == 0, Created: time.Now()}
	}
	return out
}

// BenchmarkRenderOrganisationPage renders a hub admin's page of an
// organisation in Urdu with 20 people and their disable/enable buttons.
func BenchmarkRenderOrganisationPage(b *testing.B) {
	org := &domain.Organisation{ID: "org", Kind: domain.KindBrand, Name: "سبز دھاگہ ملبوسات", HubIDs: []string{"hub"}, Created: time.Now()}
	benchRender(b, "organisation", []policies.Permission{policies.PermUsersList, policies.PermUsersCreate, policies.PermUsersDisable},
		&orgView{Org: org, People: benchPeople(20, domain.RoleBrandManager), Next: "cursor"})
}

// BenchmarkRenderScheduleForm renders the audit scheduling form in Urdu
// with 100 suppliers and 20 auditors to choose from.
func BenchmarkRenderScheduleForm(b *testing.B) {
	sups := make([]*supplier.Supplier, 100)
	for i := range sups {
		sups[i] = &supplier.Supplier{ID: fmt.Sprintf("01a2298b-d140-7586-bd9e-a7b8f1e2f8%02d", i), Name: "فیصل آباد ہوم ٹیکسٹائل ملز", City: "Faisalabad"}
	}
	benchRender(b, "audit_new", []policies.Permission{policies.PermAuditsSchedule},
		&scheduleForm{Suppliers: sups, Auditors: benchPeople(20, domain.RoleAuditor), Types: audit.Types, Modes: audit.Modes, Today: "2026-11-30"})
}
