package web

import (
	"bytes"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/actionhub/actionhub/policies"
)

// BenchmarkRenderSupplierList writes out and renders a page of the
// supplier list (20 rows) in Urdu, the pages' most read view, without the
// services.
func BenchmarkRenderSupplierList(b *testing.B) {
	v, err := loadViews()
	if err != nil {
		b.Fatal(err)
	}
	items := make([]*supplier.Supplier, 20)
	for i := range items {
		items[i] = &supplier.Supplier{ID: fmt.Sprintf("01a2298b-d140-7586-bd9e-a7b8f1e2f5%02d", i), Name: "فیصل آباد ہوم ٹیکسٹائل ملز",
			City: "Faisalabad", Sector: supplier.SectorTextile, SubSector: supplier.SubHomeTextiles, Status: supplier.StatusActive,
			Workforce: supplier.Workforce{Total: 1250}, Risk: supplier.Profile{Score: 64, Level: supplier.LevelHigh}, Created: time.Now()}
	}
	p := &page{L: v.locales["ur"], Name: "suppliers", Path: "/suppliers", CSRF: "token",
		Me:   &meView{Name: "Brand manager", Org: "Nordwind", OrgKind: "brand", perms: map[policies.Permission]bool{policies.PermSuppliersList: true}},
		Data: &supplierList{Next: "cursor", Query: url.Values{"sort": {"-risk"}}, Filters: supplierFilters(v.locales["ur"], url.Values{"sort": {"-risk"}})}}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		p.Data.(*supplierList).Rows = supplierRows(v.locales["ur"], items) // the rows are rendering too
		if err := v.pages["ur"]["suppliers"].ExecuteTemplate(&buf, "layout", p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/page")
}
