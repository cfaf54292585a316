package cases_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/activity"
	"github.com/actionhub/actionhub/app/cases"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/supplier"
)

// outboxLog keeps the messages queued, once per ID as the real outbox.
type outboxLog struct {
	mu  sync.Mutex
	ids map[string]string // id → address
}

func (o *outboxLog) QueueOnce(_ context.Context, id, to, _, _ string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.ids == nil {
		o.ids = map[string]string{}
	}
	o.ids[id] = to
	return nil
}

// TestStipendLedgerService runs the ledger on the service with every
// query's plan checked: terms, three months paid (one late), a month
// missed, the lists by case, supplier and hub, the sweep (twice: once
// each), and the supplier's obligations.
func TestStipendLedgerService(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	v := w.open(t, "cw", "f1", "Rubina Bibi")
	id := v.Case.ID
	v, err := w.svc.AddAction(w.as("cw"), id, v.Case.Version, casework.NewAction{Kind: casework.KindStipend, Owner: casework.PartySupplier,
		Description: "Rubina Bibi's stipend", Due: t0.AddDate(0, 1, 0), StipendMonthlyPKR: 8000})
	if err != nil {
		t.Fatal(err)
	}
	actionID := v.Case.Plan[0].ID
	// Who the escalations reach: the hub's admin and the linked brand's manager.
	if err := w.st.UserHubs.Insert(ctx, &domain.UserHub{ID: "admin|h1", UserID: "admin", HubID: "h1", OrgID: "op", Role: domain.RoleHubAdmin}); err != nil {
		t.Fatal(err)
	}
	if err := w.st.SupplierLinks.Insert(ctx, &supplier.Link{ID: supplier.LinkID("brand", "tannery"), HubID: "h1", BrandOrgID: "brand", SupplierID: "tannery"}); err != nil {
		t.Fatal(err)
	}
	now := t0 // 10 March 2026 in Karachi
	clock := func() time.Time { return now }
	out := &outboxLog{}
	l := cases.NewLedger(w.st, w.enf, activity.New(w.st, clock), out, clock)

	if _, err := l.SetStipend(w.as("sm"), id, 0, casework.StipendTerms{ActionID: actionID, DueDay: 5}); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("the supplier sets terms: %v, want not found", err)
	}
	// A version of terms never set is a conflict, and sets nothing.
	if _, err := l.SetStipend(w.as("cw"), id, 3, casework.StipendTerms{ActionID: actionID, DueDay: 5, Start: "2026-01", End: "2026-06"}); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("terms at version 3 on a case without terms: %v, want conflict", err)
	}
	if _, err := l.Stipend(w.as("cw"), id); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("terms after the refused change: %v, want none", err)
	}
	s, err := l.SetStipend(w.as("cw"), id, 0, casework.StipendTerms{ActionID: actionID, DueDay: 5, GraceDays: -1, Start: "2026-01", End: "2026-06"})
	if err != nil {
		t.Fatal(err)
	}
	if s.MonthlyPKR != 8000 || s.NextDeadline() != "2026-01-10" {
		t.Errorf("terms: %+v next %s", s, s.NextDeadline())
	}
	for _, pay := range []casework.NewPayment{
		{Period: "2026-01", AmountPKR: 8000, PaidOn: "2026-01-04"},
		{Period: "2026-02", AmountPKR: 8000, PaidOn: "2026-02-20"}, // late
	} {
		if _, err := l.RecordPayment(w.as("sm"), id, pay); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := l.RecordPayment(w.as("sm"), id, casework.NewPayment{Period: "2026-01", AmountPKR: 1, PaidOn: "2026-01-04"}); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("a second record of January: %v, want conflict", err)
	}
	if _, err := l.RecordPayment(w.as("bm"), id, casework.NewPayment{Period: "2026-03", AmountPKR: 8000, PaidOn: "2026-03-01"}); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("a brand records: %v, want not found", err)
	}

	// March 10: January and February are checked; March's deadline (the
	// 10th) has not passed. On the 11th, March is missed.
	for range 2 {
		if _, err := l.SweepStipends(ctx, now, 100); err != nil {
			t.Fatal(err)
		}
	}
	if len(out.ids) != 2 {
		t.Errorf("messages for the late February: %v, want the hub admin's and the brand manager's", out.ids)
	}
	now = time.Date(2026, 3, 11, 5, 0, 0, 0, time.UTC)
	for range 2 {
		if _, err := l.SweepStipends(ctx, now, 100); err != nil {
			t.Fatal(err)
		}
	}
	if len(out.ids) != 4 {
		t.Errorf("messages after March is missed: %d, want 4", len(out.ids))
	}
	if s, _ := w.st.Stipends.Get(ctx, id); s.Checked != "2026-03" {
		t.Errorf("checked up to %s, want 2026-03", s.Checked)
	}
	if d, _ := w.st.Cases.Get(ctx, id); !d.StipendLate {
		t.Error("the case's StipendLate is not set")
	}

	flagged, _, err := l.Payments(w.as("admin"), cases.PaymentFilter{Flagged: true})
	if err != nil || len(flagged) != 2 || flagged[0].Period != "2026-03" || !flagged[0].Missed || !flagged[1].Late {
		t.Errorf("the hub's flagged payments: %v, %v", flagged, err)
	}
	ofCase, _, err := l.Payments(w.as("cw"), cases.PaymentFilter{CaseID: id})
	if err != nil || len(ofCase) != 3 {
		t.Errorf("the case's payments: %d, %v", len(ofCase), err)
	}
	mine, _, err := l.Payments(w.as("sm"), cases.PaymentFilter{Flagged: true})
	if err != nil || len(mine) != 2 {
		t.Errorf("the supplier's flagged payments: %d, %v", len(mine), err)
	}
	if _, _, err := l.Payments(w.as("bm"), cases.PaymentFilter{SupplierID: "tannery"}); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("a brand lists payments: %v, want not found", err)
	}
	// Many ledgers at once: the stipend (January to June) in August shows
	// its last months, read by ID; a brand and an unknown case get none.
	ss, pays, err := l.Ledgers(w.as("sm"), []string{id, "no-such-case"}, "2026-08", 3)
	if err != nil || len(ss) != 1 || ss[id] == nil || len(pays) != 0 {
		t.Errorf("ledgers as the supplier, August: %v, %v, %v", ss, pays, err)
	}
	ss, pays, err = l.Ledgers(w.as("sm"), []string{id}, "2026-03", 3)
	if err != nil || len(ss) != 1 || len(pays) != 3 || pays[casework.PaymentID(id, "2026-02")] == nil || !pays[casework.PaymentID(id, "2026-03")].Missed {
		t.Errorf("ledgers as the supplier, March: %v, %v", pays, err)
	}
	if ss, pays, err := l.Ledgers(w.as("bm"), []string{id}, "2026-03", 3); err != nil || len(ss)+len(pays) != 0 {
		t.Errorf("ledgers as a brand: %v, %v, %v", ss, pays, err)
	}
	var invalid *domain.ValidationError
	if _, _, err := l.Ledgers(w.as("sm"), []string{id}, "2026-3", 3); !errors.As(err, &invalid) {
		t.Errorf("ledgers of a bad month: %v, want a validation error", err)
	}
	for _, who := range []string{"admin", "sm"} {
		ss, _, err := l.Stipends(w.as(who), cases.StipendFilter{})
		if err != nil || len(ss) != 1 || ss[0].NextDeadline() != "2026-04-10" {
			t.Errorf("%s's running stipends: %v, %v", who, ss, err)
		}
	}
	obs, _, err := l.Obligations(w.as("sm"), cases.ObligationFilter{})
	if err != nil || len(obs) != 1 || obs[0].CaseCode != v.Case.Code || obs[0].Obligations[0].Kind != casework.KindStipend {
		t.Errorf("the supplier's obligations: %v, %v", obs, err)
	}
	// One case's obligations: the supplier's and the case worker's; not
	// found for a brand and an unknown case; a case without any has none.
	for _, who := range []string{"sm", "cw"} {
		co, err := l.CaseObligations(w.as(who), id)
		if err != nil || co.CaseCode != v.Case.Code || co.SupplierID != "tannery" || len(co.Obligations) != 1 || co.Obligations[0].ActionID != actionID {
			t.Errorf("the case's obligations as %s: %+v, %v", who, co, err)
		}
	}
	for _, c := range []struct{ who, id string }{{"bm", id}, {"sm", "no-such-case"}} {
		if _, err := l.CaseObligations(w.as(c.who), c.id); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("the obligations of %s as %s: %v, want not found", c.id, c.who, err)
		}
	}
	bare := w.open(t, "cw", "f2", "Asif Ali")
	if co, err := l.CaseObligations(w.as("sm"), bare.Case.ID); err != nil || co.CaseCode != bare.Case.Code || len(co.Obligations) != 0 {
		t.Errorf("a case without obligations: %+v, %v", co, err)
	}
	if _, err := l.ReportObligation(w.as("sm"), id, actionID, casework.ObligationDone, "Paid January and February"); err != nil {
		t.Fatal(err)
	}
	if _, err := l.ConfirmObligation(w.as("sm"), id, actionID, true, ""); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("the supplier confirms its own: %v, want not found", err)
	}
	got, err := l.ConfirmObligation(w.as("cw"), id, actionID, true, "")
	if err != nil || got.Obligations[0].Status != casework.ActionDelivered {
		t.Errorf("confirmed: %v, %v", got, err)
	}

	// The case closes: April's deadline passes with nothing flagged, and
	// the stipend ends at March.
	if _, err := w.st.Cases.Update(ctx, id, func(d *store.CaseDoc) error { d.Status = casework.StatusClosed; return nil }); err != nil {
		t.Fatal(err)
	}
	now = time.Date(2026, 4, 20, 5, 0, 0, 0, time.UTC)
	if _, err := l.SweepStipends(ctx, now, 100); err != nil {
		t.Fatal(err)
	}
	if s, _ := w.st.Stipends.Get(ctx, id); s.End != "2026-03" || s.NextDeadline() != "" {
		t.Errorf("the closed case's stipend runs to %s, next deadline %q", s.End, s.NextDeadline())
	}
	if ps, _, _ := l.Payments(w.as("cw"), cases.PaymentFilter{CaseID: id}); len(ps) != 3 {
		t.Errorf("payments after the case closed: %d, want 3", len(ps))
	}
}
