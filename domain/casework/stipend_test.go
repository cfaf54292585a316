package casework

import (
	"errors"
	"testing"
	"time"

	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
)

// stipendCase is the Multan case with a supplier-owned stipend action.
func stipendCase(tb testing.TB) (Case, string) {
	tb.Helper()
	c := openTannery(tb)
	a, err := c.AddAction("act-stipend", NewAction{Kind: KindStipend, Owner: PartySupplier, Due: identified.AddDate(0, 1, 0),
		StipendMonthlyPKR: 10000}, "cw-1", later)
	must(tb, err)
	return c, a.ID
}

func TestDefaultStipendEnd(t *testing.T) {
	t.Parallel()
	on := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name            string
		age, childUnder int
		want            Period
		ok              bool
	}{
		{"age unknown", 0, 14, "", false},
		{"Punjab 14: schooling to 16 is later", 14, 15, "2028-02", true},
		{"Sindh 14 at 12: schooling to 16", 12, 14, "2030-02", true},
		{"a pack whose working age is 17", 14, 17, "2029-02", true},
		{"already 16: this month only", 16, 15, "2026-03", true},
	} {
		got, ok := DefaultStipendEnd(on, tc.age, tc.childUnder)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: DefaultStipendEnd = %q, %v, want %q, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

func TestNewStipend(t *testing.T) {
	t.Parallel()
	c, actionID := stipendCase(t)
	today := audit.Date("2026-03-20")
	s, err := NewStipend(&c, StipendTerms{ActionID: actionID, DueDay: 10, GraceDays: -1}, 15, today, "cw-1", later)
	must(t, err)
	if s.MonthlyPKR != 10000 || s.Start != "2026-04" || s.End != "2028-02" || s.GraceDays != StipendGraceDays {
		t.Errorf("defaults: %+v", s)
	}
	for _, tc := range []struct {
		name  string
		terms StipendTerms
		field string
	}{
		{"below the lost wage", StipendTerms{ActionID: actionID, DueDay: 10, MonthlyPKR: 8000}, "monthly_pkr"},
		{"due day 29", StipendTerms{ActionID: actionID, DueDay: 29}, "due_day"},
		{"due day 0", StipendTerms{ActionID: actionID}, "due_day"},
		{"bad start", StipendTerms{ActionID: actionID, DueDay: 1, Start: "2026-13"}, "start"},
		{"end before start", StipendTerms{ActionID: actionID, DueDay: 1, Start: "2026-05", End: "2026-04"}, "end"},
		{"grace too long", StipendTerms{ActionID: actionID, DueDay: 1, GraceDays: 40}, "grace_days"},
	} {
		_, err := NewStipend(&c, tc.terms, 15, today, "cw-1", later)
		var v *domain.ValidationError
		if !errors.As(err, &v) || v.Fields[0].Field != tc.field {
			t.Errorf("%s: err = %v, want a validation error on %s", tc.name, err, tc.field)
		}
	}
	if _, err := NewStipend(&c, StipendTerms{ActionID: "nope", DueDay: 1}, 15, today, "cw-1", later); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("unknown action: err = %v, want not found", err)
	}
	edu, err := c.AddAction("act-edu", NewAction{Kind: KindEducation, Owner: PartyHub, Due: later.AddDate(0, 1, 0)}, "cw-1", later)
	must(t, err)
	var v *domain.ValidationError
	if _, err := NewStipend(&c, StipendTerms{ActionID: edu.ID, DueDay: 1, MonthlyPKR: 10000}, 15, today, "cw-1", later); !errors.As(err, &v) {
		t.Errorf("an education action: err = %v, want a validation error", err)
	}
}

// ledger is a stipend paid on the 10th with 5 days' grace, April to June 2026.
func ledger() Stipend {
	return Stipend{ID: "case-1", HubID: "hub-pk", SupplierID: "sup-mlw", CaseCode: "MUX-2026-00001", ActionID: "a",
		MonthlyPKR: 10000, DueDay: 10, GraceDays: 5, Start: "2026-04", End: "2026-06"}
}

func TestPaymentLate(t *testing.T) {
	t.Parallel()
	s := ledger()
	for _, tc := range []struct {
		name   string
		paidOn audit.Date
		late   bool
	}{
		{"before the due day", "2026-04-02", false},
		{"on the due day", "2026-04-10", false},
		{"last day of grace", "2026-04-15", false},
		{"a day after the grace", "2026-04-16", true},
		{"next month", "2026-05-03", true},
	} {
		p, err := s.Record("case-1", NewPayment{Period: "2026-04", AmountPKR: 10000, PaidOn: tc.paidOn}, "2026-06-01", "sm-1", later)
		must(t, err)
		if p.Late != tc.late || p.EscalationDue() != tc.late || p.ID != "case-1:2026-04" || p.Deadline != "2026-04-15" {
			t.Errorf("%s: late = %v escalate = %v id %s deadline %s, want late %v", tc.name, p.Late, p.EscalationDue(), p.ID, p.Deadline, tc.late)
		}
	}
	for _, tc := range []struct {
		name  string
		n     NewPayment
		field string
	}{
		{"before the stipend", NewPayment{Period: "2026-03", AmountPKR: 1, PaidOn: "2026-03-10"}, "period"},
		{"after its end", NewPayment{Period: "2026-07", AmountPKR: 1, PaidOn: "2026-05-10"}, "period"},
		{"bad month", NewPayment{Period: "2026-4", AmountPKR: 1, PaidOn: "2026-04-10"}, "period"},
		{"no amount", NewPayment{Period: "2026-04", PaidOn: "2026-04-10"}, "amount_pkr"},
		{"paid in the future", NewPayment{Period: "2026-04", AmountPKR: 1, PaidOn: "2026-06-02"}, "paid_on"},
		{"paid long before", NewPayment{Period: "2026-04", AmountPKR: 1, PaidOn: "2026-02-27"}, "paid_on"},
		{"bad day", NewPayment{Period: "2026-04", AmountPKR: 1, PaidOn: "2026-04-31"}, "paid_on"},
	} {
		_, err := s.Record("case-1", tc.n, "2026-06-01", "sm-1", later)
		var v *domain.ValidationError
		if !errors.As(err, &v) || v.Fields[0].Field != tc.field {
			t.Errorf("%s: err = %v, want a validation error on %s", tc.name, err, tc.field)
		}
	}
}

func TestStipendMissedAndEnd(t *testing.T) {
	t.Parallel()
	s := ledger()
	for _, tc := range []struct {
		name    string
		checked Period
		today   audit.Date
		want    Period
		due     bool
	}{
		{"before the first deadline", "", "2026-04-15", "", false},
		{"the day after the first deadline", "", "2026-04-16", "2026-04", true},
		{"April checked: May not due yet", "2026-04", "2026-05-15", "", false},
		{"April checked: May due", "2026-04", "2026-05-16", "2026-05", true},
		{"months later: the earliest first", "2026-04", "2026-09-01", "2026-05", true},
		{"the end of the stipend", "2026-06", "2027-01-01", "", false},
	} {
		s.Checked = tc.checked
		got, due := s.CheckDue(tc.today)
		if got != tc.want || due != tc.due {
			t.Errorf("%s: CheckDue = %q, %v, want %q, %v", tc.name, got, due, tc.want, tc.due)
		}
	}
	s.Checked = ""
	if s.NextDeadline() != "2026-04-15" {
		t.Errorf("next deadline = %s", s.NextDeadline())
	}
	if s.MarkChecked("2026-05") || !s.MarkChecked("2026-04") || s.MarkChecked("2026-04") {
		t.Error("MarkChecked must take only the next month, once")
	}
	s.Checked = "2026-06"
	if s.NextDeadline() != "" {
		t.Errorf("an ended stipend's next deadline = %s, want none", s.NextDeadline())
	}

	ended := ledger()
	if !ended.EndAtChecked(later) || ended.NextDeadline() != "" || ended.EndAtChecked(later) {
		t.Errorf("a stipend ended before its first month: %+v", ended)
	}
	ended = ledger()
	ended.Checked = "2026-05"
	if !ended.EndAtChecked(later) || ended.End != "2026-05" || ended.NextDeadline() != "" {
		t.Errorf("a stipend ended at May: %+v", ended)
	}

	m := ledger().Missed("case-1", "2026-04", later)
	if !m.EscalationDue() || m.State != PaymentMissed {
		t.Fatalf("missed: %+v", m)
	}
	if !m.MarkEscalated(later) || m.MarkEscalated(later) {
		t.Error("a missed month escalates once")
	}
	must(t, m.PayMissed(NewPayment{Period: "2026-04", AmountPKR: 10000, PaidOn: "2026-04-20"}, "sm-1", later))
	if !m.Missed || !m.Late || m.EscalationDue() || m.State != PaymentRecorded {
		t.Errorf("paid after missing: %+v", m)
	}
	if err := m.PayMissed(NewPayment{Period: "2026-04", AmountPKR: 1, PaidOn: "2026-04-20"}, "sm-1", later); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("paying twice: err = %v, want conflict", err)
	}
}

func TestPaymentDecide(t *testing.T) {
	t.Parallel()
	p, err := ledger().Record("case-1", NewPayment{Period: "2026-04", AmountPKR: 10000, PaidOn: "2026-04-09"}, "2026-04-09", "sm-1", later)
	must(t, err)
	var v *domain.ValidationError
	if err := p.Decide(false, " ", "cw-1", later); !errors.As(err, &v) {
		t.Errorf("dispute without reason: %v", err)
	}
	must(t, p.Decide(false, "The bank slip shows 5,000 PKR", "cw-1", later))
	if p.State != PaymentDisputed {
		t.Fatalf("state %s", p.State)
	}
	must(t, p.AttachProof(audit.Evidence{BlobID: "b2"}, later))
	must(t, p.Decide(true, "", "cw-1", later))
	if p.State != PaymentConfirmed {
		t.Fatalf("state %s", p.State)
	}
	if err := p.Decide(true, "", "cw-1", later); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("confirm twice: %v", err)
	}
	if err := p.AttachProof(audit.Evidence{BlobID: "b3"}, later); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("proof after confirmation: %v", err)
	}
}

func TestObligationProgress(t *testing.T) {
	t.Parallel()
	c, actionID := stipendCase(t)
	hubAction, err := c.AddAction("act-edu", NewAction{Kind: KindEducation, Owner: PartyHub, Due: later.AddDate(0, 1, 0)}, "cw-1", later)
	must(t, err)
	if err := c.ReportObligation(hubAction.ID, ObligationInProgress, "", "sm-1", later); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("the hub's action: %v, want not found", err)
	}
	var v *domain.ValidationError
	if err := c.ReportObligation(actionID, ObligationDone, "", "sm-1", later); !errors.As(err, &v) {
		t.Errorf("done without a note: %v", err)
	}
	if err := c.ConfirmObligation(actionID, true, "", "cw-1", later); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("confirm before done: %v", err)
	}
	must(t, c.ReportObligation(actionID, ObligationInProgress, "", "sm-1", later))
	if a, _ := c.Action(actionID); a.Status != ActionInProgress {
		t.Errorf("status %s", a.Status)
	}
	if err := c.AddObligationFile(actionID, audit.Evidence{BlobID: "b", ShowsPerson: true}, "sm-1", later); !errors.As(err, &v) {
		t.Errorf("a file showing a person: %v", err)
	}
	must(t, c.AddObligationFile(actionID, audit.Evidence{BlobID: "b"}, "sm-1", later))
	must(t, c.ReportObligation(actionID, ObligationDone, "Paid April by bank transfer", "sm-1", later))
	if err := c.ConfirmObligation(actionID, false, "", "cw-1", later); !errors.As(err, &v) {
		t.Errorf("send back without reason: %v", err)
	}
	must(t, c.ConfirmObligation(actionID, false, "No slip for April", "cw-1", later))
	must(t, c.ReportObligation(actionID, ObligationDone, "Slip attached", "sm-1", later))
	must(t, c.ConfirmObligation(actionID, true, "", "cw-1", later))
	a, _ := c.Action(actionID)
	if a.Status != ActionDelivered || len(a.Progress.Evidence) != 1 {
		t.Errorf("after confirmation: %+v", a)
	}
	if err := c.ReportObligation(actionID, ObligationInProgress, "", "sm-1", later); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("report on a delivered action: %v", err)
	}
	obs := ObligationsOf(c)
	if len(obs) != 1 || obs[0].Progress == nil || obs[0].Progress.Status != ObligationDone {
		t.Errorf("ObligationsOf = %+v", obs)
	}
}
