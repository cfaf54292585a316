package cases_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/activity"
	"github.com/actionhub/actionhub/app/cases"
	"github.com/actionhub/actionhub/app/sealed"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
)

// clock is a movable now for the sweeps.
type clock struct{ t atomic.Pointer[time.Time] }

func newClock(t time.Time) *clock { c := &clock{}; c.set(t); return c }
func (c *clock) set(t time.Time)  { c.t.Store(&t) }
func (c *clock) now() time.Time   { return *c.t.Load() }

var (
	keyA = bytes.Repeat([]byte{7}, 32) // the world's key
	keyB = bytes.Repeat([]byte{9}, 32)
)

// serviceWith is the world's cases service with its own clock and keys.
func serviceWith(t *testing.T, w *world, now func() time.Time, current []byte, previous ...[]byte) *cases.Service {
	t.Helper()
	s, err := sealed.New(sealed.CaseIdentity, current, previous...)
	if err != nil {
		t.Fatal(err)
	}
	return cases.New(w.st, w.enf, activity.New(w.st, now), s, now)
}

func setCase(t *testing.T, w *world, id string, fn func(d *store.CaseDoc)) {
	t.Helper()
	if _, err := w.st.Cases.Update(context.Background(), id, func(d *store.CaseDoc) error { fn(d); return nil }); err != nil {
		t.Fatal(err)
	}
}

func getCase(t *testing.T, w *world, id string) *store.CaseDoc {
	t.Helper()
	d, err := w.st.Cases.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func share(f float64) *float64 { return &f }

func inSchool(day audit.Date) casework.Visit {
	return casework.Visit{Contacted: true, InSchool: true, Attendance: share(0.85), StipendReceived: true,
		Wellbeing: casework.WellbeingGood, VisitedOn: day}
}

func TestFollowUpsMadeOnceAndRecorded(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	clk := newClock(t0)
	svc := serviceWith(t, w, clk.now, keyA)
	id := w.open(t, "a1", "f1", "Rubina Bibi").Case.ID
	other := w.open(t, "cw", "f2", "Sana Bibi").Case.ID
	setCase(t, w, id, func(d *store.CaseDoc) { d.NextFollowUpDue = "2026-04-10" })
	setCase(t, w, other, func(d *store.CaseDoc) { d.NextFollowUpDue = "2026-05-10" })

	clk.set(time.Date(2026, 4, 9, 12, 0, 0, 0, time.UTC)) // 17:00 on 9 April in Karachi
	if n, err := svc.MakeDueFollowUps(ctx, clk.now(), 100); err != nil || n != 0 {
		t.Fatalf("before the day: made %d, %v", n, err)
	}
	clk.set(time.Date(2026, 4, 9, 20, 0, 0, 0, time.UTC)) // 01:00 on 10 April in Karachi
	if n, err := svc.MakeDueFollowUps(ctx, clk.now(), 100); err != nil || n != 1 {
		t.Fatalf("on the day: made %d, %v", n, err)
	}
	if n, err := svc.MakeDueFollowUps(ctx, clk.now(), 100); err != nil || n != 0 {
		t.Fatalf("a second run: made %d, %v", n, err)
	}
	// A stop between the follow-up and the case's mark: the next run finds
	// the follow-up by its slot and only marks the case.
	setCase(t, w, id, func(d *store.CaseDoc) { d.FollowUpMade = "" })
	if n, err := svc.MakeDueFollowUps(ctx, clk.now(), 100); err != nil || n != 0 || getCase(t, w, id).FollowUpMade != "2026-04-10" {
		t.Fatalf("after a stop: made %d, %v", n, err)
	}

	due, _, err := svc.DueFollowUps(w.as("cw"), cases.DueFilter{})
	if err != nil || len(due) != 1 || due[0].CaseID != id || due[0].Due != "2026-04-10" || due[0].State != casework.FollowUpDue {
		t.Fatalf("due list: %+v, %v", due, err)
	}
	if mine, _, err := svc.DueFollowUps(w.as("cw"), cases.DueFilter{AssignedTo: "cw"}); err != nil || len(mine) != 0 {
		t.Errorf("a case worker's due list with no case assigned: %+v, %v", mine, err)
	}
	if early, _, err := svc.DueFollowUps(w.as("admin"), cases.DueFilter{Through: "2026-04-09"}); err != nil || len(early) != 0 {
		t.Errorf("due through the day before: %+v, %v", early, err)
	}
	for _, who := range []string{"bm", "sm", "a1"} {
		if _, _, err := svc.DueFollowUps(w.as(who), cases.DueFilter{HubID: "h1"}); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("%s's due list: %v", who, err)
		}
	}

	// The visit lands on the follow-up made due, and the case counts it.
	f, c, err := svc.RecordVisit(w.as("cw"), id, inSchool("2026-04-10"))
	if err != nil {
		t.Fatal(err)
	}
	if f.ID != due[0].ID || f.State != casework.FollowUpVisited || f.Visit.By != "cw" || c.FollowUps != 1 || c.FollowUpStreak != 1 ||
		c.NextFollowUpDue != "2026-05-10" || c.Identity != nil {
		t.Fatalf("first visit: %+v; case %d %d %s", f, c.FollowUps, c.FollowUpStreak, c.NextFollowUpDue)
	}
	// A visit before the sweep made the next one takes its day.
	clk.set(time.Date(2026, 5, 5, 8, 0, 0, 0, time.UTC))
	if _, c, err = svc.RecordVisit(w.as("cw"), id, inSchool("2026-05-05")); err != nil || c.FollowUpStreak != 2 || c.NextFollowUpDue != "2026-06-05" {
		t.Fatalf("second visit: %v", err)
	}
	if n, err := svc.MakeDueFollowUps(ctx, time.Date(2026, 5, 11, 0, 0, 0, 0, time.UTC), 100); err != nil || n != 1 {
		t.Errorf("the other case's follow-up: made %d, %v", n, err)
	}
	if _, c, err = svc.RecordVisit(w.as("cw"), id, casework.Visit{VisitedOn: "2026-05-05", Notes: "No one home."}); err != nil ||
		c.FollowUpStreak != 0 || c.ContactAttempts != 1 || c.NextFollowUpDue != "2026-05-12" || c.FollowUps != 2 {
		t.Fatalf("failed try: %+v, %v", c, err)
	}
	fs, _, err := svc.FollowUps(w.as("admin"), id, "", 0)
	if err != nil || len(fs) != 3 || fs[0].Due != "2026-04-10" || fs[1].Due != "2026-05-10" || fs[2].State != casework.FollowUpNoContact {
		t.Fatalf("the case's follow-ups: %+v, %v", fs, err)
	}
	for _, f := range fs {
		if !f.Applied {
			t.Errorf("follow-up %s not marked counted", f.Due)
		}
	}

	for _, tc := range []struct {
		who string
		v   casework.Visit
		err error // nil: a validation error
	}{
		{"admin", inSchool("2026-05-05"), domain.ErrNotFound}, // hub admins read visits, case workers record them
		{"bm", inSchool("2026-05-05"), domain.ErrNotFound},
		{"a2", inSchool("2026-05-05"), domain.ErrNotFound},
		{"cw", inSchool("2026-05-06"), nil}, // tomorrow in Karachi
		{"cw", casework.Visit{Contacted: true, VisitedOn: "2026-05-05"}, nil},
	} {
		_, _, err := svc.RecordVisit(w.as(tc.who), id, tc.v)
		var ve *domain.ValidationError
		if (tc.err == nil && !errors.As(err, &ve)) || (tc.err != nil && !errors.Is(err, tc.err)) {
			t.Errorf("%s recording %+v: %v, want %v", tc.who, tc.v, err, tc.err)
		}
	}
	for _, who := range []string{"bm", "sm", "a2"} {
		if _, _, err := svc.FollowUps(w.as(who), id, "", 0); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("%s reading the visits: %v", who, err)
		}
	}
	if fs, _, err := svc.FollowUps(w.as("a1"), id, "", 0); err != nil || len(fs) != 3 {
		t.Errorf("the auditor who opened the case reads its visits: %d, %v", len(fs), err)
	}
	setCase(t, w, id, func(d *store.CaseDoc) { d.Status = casework.StatusClosed })
	if _, _, err := svc.RecordVisit(w.as("cw"), id, inSchool("2026-05-05")); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("a visit on a closed case: %v", err)
	}
}

// A visit stored whose case was not updated (a stop between the writes) is
// counted by the repair sweep, once.
func TestRepairCountsAVisitOnce(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	svc := serviceWith(t, w, func() time.Time { return t0 }, keyA)
	id := w.open(t, "cw", "f1", "Rubina Bibi").Case.ID
	d := getCase(t, w, id)
	f := casework.NewFollowUp("fu-stopped", &d.Case, "2026-03-12", t0)
	v := inSchool("2026-03-12")
	v.By = "cw"
	if err := f.Record(v, "", t0); err != nil {
		t.Fatal(err)
	}
	if err := w.st.FollowUps.Insert(ctx, &f); err != nil {
		t.Fatal(err)
	}
	for run, want := range []int{1, 0} {
		if n, err := svc.RepairFollowUps(ctx, t0, 100); err != nil || n != want {
			t.Fatalf("run %d: counted %d, %v", run+1, n, err)
		}
	}
	if c := getCase(t, w, id); c.FollowUps != 1 || c.FollowUpStreak != 1 || !c.FollowUpCounted("fu-stopped") {
		t.Errorf("case after repair: %d visits, streak %d", c.FollowUps, c.FollowUpStreak)
	}
	// Counted on the case but not marked: the repair marks it and counts nothing.
	if _, err := w.st.FollowUps.Update(ctx, f.ID, func(f *casework.FollowUp) error { f.Applied = false; return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RepairFollowUps(ctx, t0, 100); err != nil {
		t.Fatal(err)
	}
	if c := getCase(t, w, id); c.FollowUps != 1 {
		t.Errorf("counted twice: %d", c.FollowUps)
	}
}

func TestRetentionPurge(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	now := time.Date(2032, 1, 10, 0, 0, 0, 0, time.UTC)
	svc := serviceWith(t, w, func() time.Time { return now }, keyA)
	old := w.open(t, "cw", "f1", "Rubina Bibi").Case.ID
	recent := w.open(t, "cw", "f2", "Sana Bibi").Case.ID
	photo, err := w.st.Engine.Blobs().Put(ctx, "image/jpeg", strings.NewReader("jpeg bytes"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.Cases.Vault(mustSealer(t, keyA)).Update(ctx, old, func(c *casework.Case) error {
		c.Identity.PhotoBlobID = photo.ID
		c.Status, c.Closure = casework.StatusClosed, casework.Closure{Reason: casework.ClosedMovedAway, Note: "Moved.", ClosedAt: now.AddDate(-5, 0, -1)}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	oldCase := getCase(t, w, old)
	f := casework.NewFollowUp("fu-old", &oldCase.Case, "2026-03-12", t0)
	visit := casework.Visit{Contacted: true, BackInWork: true, WorkWhere: "Rubina's uncle's workshop, Gali 4", WorkWhat: "sorting hides",
		Wellbeing: casework.WellbeingConcerns, Notes: "Rubina's mother says the family moved.", VisitedOn: "2026-03-12", By: "cw"}
	if err := f.Record(visit, "cw", t0); err != nil {
		t.Fatal(err)
	}
	f.Applied = true
	if err := w.st.FollowUps.Insert(ctx, &f); err != nil {
		t.Fatal(err)
	}
	setCase(t, w, recent, func(d *store.CaseDoc) {
		d.Status, d.Closure = casework.StatusClosed, casework.Closure{Reason: casework.ClosedMovedAway, Note: "Moved.", ClosedAt: now.AddDate(-4, 0, 0)}
	})
	before := getCase(t, w, old)
	for run, want := range []int{1, 0} {
		if n, err := svc.PurgeIdentities(ctx, now, 100); err != nil || n != want {
			t.Fatalf("run %d: purged %d, %v", run+1, n, err)
		}
	}
	d := getCase(t, w, old)
	if d.IdentitySealed != nil || d.IdentityPurged.IsZero() || d.Code != before.Code || d.Child.AgeYears != before.Child.AgeYears ||
		d.Classification.Class != before.Classification.Class {
		t.Errorf("purged case: sealed %v, facts %+v", d.IdentitySealed != nil, d.Child)
	}
	if _, _, err := w.st.Engine.Blobs().Open(ctx, photo.ID); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("the photo outlived the purge: %v", err)
	}
	if got, err := w.st.FollowUps.Get(ctx, "fu-old"); err != nil || got.Visit.Notes != "" || got.Visit.WorkWhere != "" ||
		got.Visit.WorkWhat != "sorting hides" || got.Visit.Wellbeing != casework.WellbeingConcerns {
		t.Errorf("the purged case's visit: %+v, %v", got.Visit, err)
	}
	if getCase(t, w, recent).IdentitySealed == nil {
		t.Error("a case closed 4 years ago lost its identity")
	}
	v, err := svc.Case(w.as("cw"), old)
	if err != nil || v.Case.Identity != nil || v.Case.Code != before.Code {
		t.Errorf("the purged case read by its case worker: %+v, %v", v, err)
	}
	es, _, err := activity.New(w.st, time.Now).List(ctx, activity.Filter{Object: "case:" + old})
	if err != nil {
		t.Fatal(err)
	}
	purges := 0
	for _, e := range es {
		if e.Action == "cases.identity_purged" {
			purges++
		}
	}
	if purges != 1 {
		t.Errorf("%d purges in the activity log, want 1", purges)
	}
}

func mustSealer(t *testing.T, current []byte, previous ...[]byte) *sealed.Sealer {
	t.Helper()
	s, err := sealed.New(sealed.CaseIdentity, current, previous...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// After a rotation (B current, A previous) the re-seal moves every
// identity to B, after which B alone opens them all.
func TestResealAfterRotation(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	now := func() time.Time { return t0 }
	ids := []string{w.open(t, "cw", "f1", "Rubina Bibi").Case.ID, w.open(t, "cw", "f2", "Sana Bibi").Case.ID}
	onlyB := serviceWith(t, w, now, keyB)
	if _, err := onlyB.Case(w.as("cw"), ids[0]); err == nil {
		t.Fatal("key B opened an identity sealed under A")
	}
	rotated := serviceWith(t, w, now, keyB, keyA)
	if n, err := rotated.IdentitiesUnderPreviousKeys(ctx); err != nil || n != 2 {
		t.Fatalf("under the previous key: %d, %v", n, err)
	}
	if n, err := rotated.ResealIdentities(ctx, t0, 1); err != nil || n != 1 {
		t.Fatalf("bounded run: %d, %v", n, err)
	}
	if n, err := rotated.ResealIdentities(ctx, t0, 100); err != nil || n != 1 {
		t.Fatalf("second run: %d, %v", n, err)
	}
	if n, err := rotated.ResealIdentities(ctx, t0, 100); err != nil || n != 0 {
		t.Fatalf("third run: %d, %v", n, err)
	}
	if n, err := rotated.IdentitiesUnderPreviousKeys(ctx); err != nil || n != 0 {
		t.Fatalf("left under the previous key: %d, %v", n, err)
	}
	for i, id := range ids {
		v, err := onlyB.Case(w.as("cw"), id)
		if err != nil || v.Case.Identity == nil || v.Case.Identity.ChildName != []string{"Rubina Bibi", "Sana Bibi"}[i] {
			t.Errorf("case %d under key B alone: %+v, %v", i, v, err)
		}
	}
}

// A hub's settings drive the interval, the tries before lost contact and
// the retention; only its admins change them.
func TestCaseSettings(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	now := time.Date(2026, 4, 1, 6, 0, 0, 0, time.UTC)
	svc := serviceWith(t, w, func() time.Time { return now }, keyA)
	h, err := svc.Settings(w.as("cw"), "h1")
	if err != nil || h.Version != 0 || h.Settings != casework.DefaultSettings {
		t.Fatalf("defaults: %+v, %v", h, err)
	}
	set := casework.Settings{FollowUpMonths: 2, LostContactTries: 2, RetentionYears: 1}
	for _, who := range []string{"cw", "a1", "bm"} {
		if _, err := svc.SetSettings(w.as(who), "h1", set, 0); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("%s set the settings: %v", who, err)
		}
	}
	var ve *domain.ValidationError
	if _, err := svc.SetSettings(w.as("admin"), "h1", casework.Settings{FollowUpMonths: 7, LostContactTries: 2, RetentionYears: 1}, 0); !errors.As(err, &ve) {
		t.Errorf("a 7-month interval: %v", err)
	}
	if h, err = svc.SetSettings(w.as("admin"), "h1", set, 0); err != nil || h.Version != 1 {
		t.Fatalf("set: %+v, %v", h, err)
	}
	if _, err := svc.SetSettings(w.as("admin"), "h1", set, 5); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("a set on a stale version: %v", err)
	}

	id := w.open(t, "cw", "f1", "Rubina Bibi").Case.ID
	_, c, err := svc.RecordVisit(w.as("cw"), id, inSchool("2026-04-01"))
	if err != nil || c.NextFollowUpDue != "2026-06-01" {
		t.Fatalf("next due with a 2-month interval: %+v, %v", c, err)
	}
	for _, day := range []audit.Date{"2026-04-01", "2026-03-31"} {
		if _, c, err = svc.RecordVisit(w.as("cw"), id, casework.Visit{VisitedOn: day}); err != nil {
			t.Fatal(err)
		}
	}
	v, err := svc.RequestClosure(w.as("cw"), id, c.Version, casework.Closure{Reason: casework.ClosedLostContact, Note: "Not found twice."}, "")
	if err != nil || v.Case.Stage != casework.StageClosure {
		t.Fatalf("lost contact after the hub's 2 tries: %v", err)
	}
	if _, err := svc.Decide(w.as("admin"), id, v.Case.Version, casework.SubjectClosure, true, ""); err != nil {
		t.Fatal(err)
	}
	later := serviceWith(t, w, func() time.Time { return now }, keyA)
	if n, err := later.PurgeIdentities(ctx, now.AddDate(1, 0, 1), 10); err != nil || n != 1 {
		t.Errorf("purge after the hub's 1 year: %d, %v", n, err)
	}
}

// The due follow-up follows its case: the case worker assigned, cancelled
// when the case closes (and out of the due list even before), due again
// when it reopens.
func TestDueFollowUpFollowsTheCase(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	now := time.Date(2026, 4, 11, 6, 0, 0, 0, time.UTC)
	svc := serviceWith(t, w, func() time.Time { return now }, keyA)
	id := w.open(t, "cw", "f1", "Rubina Bibi").Case.ID
	setCase(t, w, id, func(d *store.CaseDoc) { d.NextFollowUpDue = "2026-04-10" })
	if n, err := svc.MakeDueFollowUps(ctx, now, 10); err != nil || n != 1 {
		t.Fatalf("made %d, %v", n, err)
	}
	state := func() (casework.FollowUpState, string) {
		t.Helper()
		f, err := w.st.FollowUps.BySlot(ctx, id, "2026-04-10")
		if err != nil {
			t.Fatal(err)
		}
		return f.State, f.AssignedTo
	}
	due := func(who string, f cases.DueFilter) int {
		t.Helper()
		fs, _, err := svc.DueFollowUps(w.as(who), f)
		if err != nil {
			t.Fatal(err)
		}
		return len(fs)
	}
	v, err := svc.Assign(w.as("admin"), id, getCase(t, w, id).Version, "cw")
	if err != nil {
		t.Fatal(err)
	}
	if st, to := state(); st != casework.FollowUpDue || to != "cw" || due("admin", cases.DueFilter{AssignedTo: "cw"}) != 1 {
		t.Fatalf("after assignment: %s %q", st, to)
	}
	v, err = svc.RequestClosure(w.as("cw"), id, v.Case.Version, casework.Closure{Reason: casework.ClosedMovedAway, Note: "Left for Lahore."}, "")
	if err != nil {
		t.Fatal(err)
	}
	if v, err = svc.Decide(w.as("admin"), id, v.Case.Version, casework.SubjectClosure, true, ""); err != nil {
		t.Fatal(err)
	}
	if st, _ := state(); st != casework.FollowUpCancelled || due("cw", cases.DueFilter{}) != 0 {
		t.Fatalf("after closure: %s", st)
	}
	if _, err := svc.Reopen(w.as("admin"), id, v.Case.Version, "Back in Multan."); err != nil {
		t.Fatal(err)
	}
	if st, _ := state(); st != casework.FollowUpDue || due("cw", cases.DueFilter{}) != 1 {
		t.Fatalf("after reopening: %s", st)
	}
	// A closure whose follow-up was not cancelled (a stop after the case's
	// write): the due list leaves it out all the same.
	setCase(t, w, id, func(d *store.CaseDoc) { d.Status = casework.StatusClosed })
	if n := due("cw", cases.DueFilter{}); n != 0 {
		t.Errorf("a closed case's follow-up in the due list")
	}
}
