package web

import (
	"bytes"
	"fmt"
	"net/url"
	"testing"

	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/policies"
)

// benchPayment is a month of a stipend, paid with its proof and waiting
// for the case worker.
func benchPayment(i int) *casework.Payment {
	period := casework.Period("2026-01").Add(-i)
	return &casework.Payment{ID: fmt.Sprintf("01a2298b-d140-7586-bd9e-a7b8f1e2f600:%s", period), Version: 2, HubID: "hub", SupplierID: "sup",
		CaseID: "01a2298b-d140-7586-bd9e-a7b8f1e2f600", CaseCode: "MUX-2026-00042", Period: period, AmountPKR: 9000, ExpectedPKR: 9000,
		PaidOn: period.Day(12), Due: period.Day(10), Deadline: period.Day(15), State: casework.PaymentRecorded, Late: i%5 == 0,
		Proof: &audit.Evidence{BlobID: "blob", ContentType: "application/pdf", Size: 40_000}}
}

// benchLedger is a case's stipend page data: two years of months, each
// paid, with the proof and decision forms.
func benchLedger(l *printer) *stipendLedger {
	s := &casework.Stipend{ID: "01a2298b-d140-7586-bd9e-a7b8f1e2f600", CaseCode: "MUX-2026-00042", MonthlyPKR: 9000, DueDay: 10, GraceDays: 5,
		Start: "2024-01", End: "2028-06"}
	out := &stipendLedger{L: l, CSRF: "token", CaseID: s.ID, CaseCode: s.CaseCode, S: s, CanRecord: true, CanDecide: true, ThisPeriod: "2026-01"}
	for i := range ledgerMonthsLong {
		p := benchPayment(i)
		out.Months = append(out.Months, monthRow{Period: p.Period, Due: p.Due, Deadline: p.Deadline, P: p})
	}
	return out
}

// BenchmarkRenderStipendPage renders a case's stipend page in Urdu: the
// terms, 24 months and every form (both roles' at once, the most a page
// holds), without the services.
func BenchmarkRenderStipendPage(b *testing.B) {
	v, err := loadViews()
	if err != nil {
		b.Fatal(err)
	}
	data := &stipendView{Ledger: benchLedger(v.locales["ur"])}
	benchRenderWith(b, v, "stipend", []policies.Permission{policies.PermStipendsRecord, policies.PermStipendsConfirm}, data)
}

// BenchmarkRenderPaymentList renders a page of the hub's payments (20
// rows) in Urdu with the decision forms.
func BenchmarkRenderPaymentList(b *testing.B) {
	v, err := loadViews()
	if err != nil {
		b.Fatal(err)
	}
	items := make([]*casework.Payment, pageSize)
	for i := range items {
		items[i] = benchPayment(i)
	}
	benchRenderBuilt(b, v, "stipends", []policies.Permission{policies.PermStipendsConfirm}, func(l *printer) any {
		d := &paymentListView{Next: "cursor", Query: url.Values{"flagged": {"1"}}, Staff: true, CanDecide: true}
		d.Rows = paymentRows(l, items, d, "token", nil, nil)
		return d
	})
}

func benchRenderWith(b *testing.B, v *views, view string, perms []policies.Permission, data any) {
	benchRenderBuilt(b, v, view, perms, func(*printer) any { return data })
}

// benchRenderBuilt builds the view's data in each round, as its handler
// does: a list's rows written in Go count with the template that shows them.
func benchRenderBuilt(b *testing.B, v *views, view string, perms []policies.Permission, build func(l *printer) any) {
	me := &meView{Name: "Case worker", Org: "CRAH", OrgKind: "operator", perms: map[policies.Permission]bool{}}
	for _, p := range perms {
		me.perms[p] = true
	}
	p := &page{L: v.locales["ur"], Name: view, Path: "/" + view, CSRF: "token", Me: me, Form: map[string]string{}}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		p.Data = build(p.L)
		if err := v.pages["ur"][view].ExecuteTemplate(&buf, "layout", p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/page")
}
