package web

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/cases"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/policies"
)

var day = func(d int) time.Time { return time.Date(2026, 3, d, 9, 0, 0, 0, time.UTC) }

// A case's row: the earliest date among the obligations still the
// facility's to do (not those reported done, delivered or cancelled), and
// the flag while one sent back is not yet reported again.
func TestObligationRow(t *testing.T) {
	obs := []casework.Obligation{
		{ActionID: "a", Kind: casework.KindStipend, Due: day(2), Status: casework.ActionDelivered,
			Progress: &casework.Progress{Status: casework.ObligationDone}},
		{ActionID: "b", Kind: casework.KindAdultJob, Due: day(3), Status: casework.ActionInProgress,
			Progress: &casework.Progress{Status: casework.ObligationDone}},
		{ActionID: "c", Kind: casework.KindYoungWorkerMoved, Due: day(9), Status: casework.ActionInProgress,
			Progress: &casework.Progress{Status: casework.ObligationInProgress, RejectReason: "No payslip"}},
		{ActionID: "d", Kind: casework.KindHealth, Due: day(20), Status: casework.ActionPlanned},
		{ActionID: "e", Kind: casework.KindEducation, Status: casework.ActionPlanned}, // no date
	}
	row := newObligationRow(&cases.CaseObligations{CaseID: "id", CaseCode: "MUX-2026-00001", Obligations: obs})
	if !row.NextDue.Equal(day(9)) || !row.SentBack {
		t.Errorf("next due %v, sent back %v; want the 9th and sent back", row.NextDue, row.SentBack)
	}
	want := []obligationShort{{casework.KindStipend, "cact", "delivered"}, {casework.KindAdultJob, "oblig", "done"},
		{casework.KindYoungWorkerMoved, "oblig", "in_progress"}, {casework.KindHealth, "cact", "planned"}, {casework.KindEducation, "cact", "planned"}}
	if fmt.Sprint(row.Short) != fmt.Sprint(want) {
		t.Errorf("short: %v, want %v", row.Short, want)
	}
	row = newObligationRow(&cases.CaseObligations{Obligations: obs[:2]})
	if !row.NextDue.IsZero() || row.SentBack {
		t.Errorf("all done: next due %v, sent back %v", row.NextDue, row.SentBack)
	}
}

// benchObligations is a page of a facility's cases, each with a stipend
// and a job for an adult of the family, one sent back.
func benchObligations() []obligationRow {
	var rows []obligationRow
	for i := range obligationsPageSize {
		co := &cases.CaseObligations{CaseID: fmt.Sprintf("01a2298b-d140-7586-bd9e-a7b8f1e2f5%02d", i), CaseCode: fmt.Sprintf("MUX-2026-%05d", i),
			Status: casework.StatusOpen, Obligations: []casework.Obligation{
				{ActionID: "s", Kind: casework.KindStipend, Due: day(10), Status: casework.ActionInProgress, StipendMonthlyPKR: 9000,
					Progress: &casework.Progress{Status: casework.ObligationInProgress, RejectReason: "The February slip is missing"}},
				{ActionID: "j", Kind: casework.KindAdultJob, Due: day(20), Status: casework.ActionPlanned}}}
		rows = append(rows, newObligationRow(co))
	}
	return rows
}

// The list is a row a case linking to the case's page, in either
// language: no form but the staff's filter, and no ledger.
func TestObligationListRenders(t *testing.T) {
	v, err := loadViews()
	if err != nil {
		t.Fatal(err)
	}
	rows := benchObligations()
	for _, lang := range languages {
		data := &obligationsView{Rows: obligationRows(v.locales[lang], "", rows), Next: "cursor"}
		p := &page{L: v.locales[lang], Name: "obligations", CSRF: "token", Data: data,
			Me: &meView{OrgKind: "supplier", perms: map[policies.Permission]bool{policies.PermObligationsReport: true, policies.PermStipendsRecord: true}}}
		var buf bytes.Buffer
		if err := v.pages[lang]["obligations"].ExecuteTemplate(&buf, "layout", p); err != nil {
			t.Fatal(err)
		}
		body := buf.String()
		for _, want := range []string{`href="/obligations/` + rows[0].CaseID + `"`, `rel="next"`, v.locales[lang].E("ckind", "stipend") + ": " + v.locales[lang].E("oblig", "in_progress"), v.locales[lang].D(day(10))} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: the list lacks %s", lang, want)
			}
		}
		if strings.Contains(body, `method="post" action="/obligations/`) || strings.Contains(body, "stipend-") {
			t.Errorf("%s: the list carries a form or a ledger", lang)
		}
	}
}

// BenchmarkRenderObligationList renders a page of a facility's cases (25
// rows) in Urdu.
func BenchmarkRenderObligationList(b *testing.B) {
	v, err := loadViews()
	if err != nil {
		b.Fatal(err)
	}
	rows := benchObligations()
	benchRenderBuilt(b, v, "obligations", []policies.Permission{policies.PermObligationsReport}, func(l *printer) any {
		return &obligationsView{Rows: obligationRows(l, "", rows), Next: "cursor"}
	})
}
