package audits_test

import (
	"context"
	"log/slog"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/audits"
	"github.com/actionhub/actionhub/app/notify"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/app/store/sqlite"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/supplier"
)

// t0 is a Monday morning in Karachi.
var t0 = time.Date(2026, 3, 2, 4, 0, 0, 0, time.UTC)

// Addresses of the seeded people.
const (
	adminMail   = "admin@hub.example"
	auditorMail = "auditor@hub.example"
	brandMail   = "manager@brand.example"
	siteMail    = "manager@site.example"
)

func openStore(t testing.TB) *store.Store {
	t.Helper()
	ctx := context.Background()
	e, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	st, err := store.Open(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// seed makes a hub with one admin (and a disabled one), one auditor, a
// brand linked to a supplier, and the supplier's manager.
func seed(t testing.TB, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.Hubs.Insert(ctx, &domain.Hub{ID: "h1", Code: "PK", Name: "Pakistan", TimeZone: "Asia/Karachi"}))
	for _, o := range []domain.Organisation{{ID: "op", Kind: domain.KindOperator}, {ID: "brand", Kind: domain.KindBrand}, {ID: "site", Kind: domain.KindSupplier}} {
		o.Name, o.HubIDs = o.ID, []string{"h1"}
		must(st.Orgs.Insert(ctx, &o))
	}
	users := []domain.User{
		{ID: "u-admin", Email: adminMail, OrgID: "op", Role: domain.RoleHubAdmin, HubIDs: []string{"h1"}},
		{ID: "u-aud", Email: auditorMail, OrgID: "op", Role: domain.RoleAuditor, HubIDs: []string{"h1"}},
		{ID: "u-off", Email: "gone@hub.example", OrgID: "op", Role: domain.RoleHubAdmin, HubIDs: []string{"h1"}, Disabled: true},
		{ID: "u-brand", Email: brandMail, OrgID: "brand", Role: domain.RoleBrandManager},
		{ID: "u-viewer", Email: "viewer@brand.example", OrgID: "brand", Role: domain.RoleBrandViewer},
		{ID: "u-site", Email: siteMail, OrgID: "site", Role: domain.RoleSupplierManager},
	}
	for _, u := range users {
		must(st.Users.Insert(ctx, &u))
		if slices.Contains(u.HubIDs, "h1") {
			must(st.UserHubs.Insert(ctx, &domain.UserHub{ID: u.ID + "|h1", UserID: u.ID, HubID: "h1", OrgID: u.OrgID, Role: u.Role}))
		}
	}
	must(st.Suppliers.Insert(ctx, &supplier.Supplier{ID: "sup", HubID: "h1", Name: "Indus Weaving", Address: "Plot 4", City: "Karachi",
		Status: supplier.StatusActive, OrgID: "site"}))
	must(st.SupplierLinks.Insert(ctx, &supplier.Link{ID: supplier.LinkID("brand", "sup"), HubID: "h1", BrandOrgID: "brand", SupplierID: "sup"}))
}

func newService(st *store.Store) *audits.Service {
	now := func() time.Time { return t0 }
	ob := notify.New(st, nil, "", "", slog.New(slog.DiscardHandler), now)
	return audits.New(st, nil, nil, ob, nil, now)
}

// mail lists the recipients of every stored message whose subject has
// prefix, sorted.
func mail(t testing.TB, st *store.Store, prefix string) []string {
	t.Helper()
	var out []string
	q := docstore.Query{Limit: docstore.MaxLimit}
	for {
		ns, next, err := st.Notifications.Find(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range ns {
			if len(n.Subject) >= len(prefix) && n.Subject[:len(prefix)] == prefix {
				out = append(out, n.To)
			}
		}
		if next == "" {
			sort.Strings(out)
			return out
		}
		q.After = next
	}
}

func day(d int) audit.Date { return audit.DateOf(t0.AddDate(0, 0, d), time.UTC) }

func insertAction(t testing.TB, st *store.Store, id string, due time.Time) {
	t.Helper()
	a := &audit.Action{ID: id, HubID: "h1", AuditID: "a-pub", FindingID: "f-" + id, SupplierID: "sup", Kind: audit.KindCorrection,
		What: "Pay wages on time.", Due: due, Verification: audit.DeskReview, State: audit.ActionOpen, Created: t0}
	if err := st.Actions.Insert(context.Background(), a); err != nil {
		t.Fatal(err)
	}
}

// step runs sweep at the clock's time, then once more, and checks who got
// a message with the subject prefix: want after the first run, and the
// same after the second.
type sweepFn func(context.Context, time.Time, int) (int, error)

func step(t *testing.T, st *store.Store, name string, sweep sweepFn, at time.Time, prefix string, want []string) {
	t.Helper()
	for run := 1; run <= 2; run++ {
		if _, err := sweep(context.Background(), at, 100); err != nil {
			t.Fatalf("%s, run %d: %v", name, run, err)
		}
		if got := mail(t, st, prefix); !slices.Equal(got, want) {
			t.Errorf("%s, run %d: %q got %v, want %v", name, run, prefix, got, want)
		}
	}
}

func TestEachReminderOnceAtItsTime(t *testing.T) {
	t.Parallel()
	st := openStore(t)
	seed(t, st)
	s := newService(st)
	ctx := context.Background()
	h := time.Hour

	t.Run("team before the window", func(t *testing.T) {
		a := &audit.Audit{ID: "a-sched", HubID: "h1", State: audit.StateScheduled, Plan: audit.Plan{SupplierID: "sup",
			Type: audit.TypeInitial, Mode: audit.ModeAnnounced, Window: audit.Window{From: day(6), To: day(8)},
			LeadAuditorID: "u-aud", TeamIDs: []string{"u-aud"}}}
		if err := st.Audits.Insert(ctx, a); err != nil {
			t.Fatal(err)
		}
		step(t, st, "4 days before", s.RemindAuditTeams, t0.AddDate(0, 0, 2), "Audit at Indus Weaving from", nil)
		step(t, st, "3 days before", s.RemindAuditTeams, t0.AddDate(0, 0, 3), "Audit at Indus Weaving from", []string{auditorMail})
	})

	t.Run("actions before their deadline", func(t *testing.T) {
		insertAction(t, st, "act-rem", t0.Add(10*24*h))
		step(t, st, "8 days before", s.RemindActionsDue, t0.Add(2*24*h), "Corrective action due", nil)
		step(t, st, "6 days before", s.RemindActionsDue, t0.Add(4*24*h), "Corrective action due in a week", []string{siteMail})
		step(t, st, "2 days before", s.RemindActionsDue, t0.Add(8*24*h), "Corrective action due within a day", nil)
		step(t, st, "20 hours before", s.RemindActionsDue, t0.Add(10*24*h-20*h), "Corrective action due within a day", []string{siteMail})
		step(t, st, "after the deadline", s.RemindActionsDue, t0.Add(11*24*h), "Corrective action due", []string{siteMail, siteMail})
	})

	t.Run("a deadline within a day gets one reminder", func(t *testing.T) {
		insertAction(t, st, "act-safe", t0.Add(20*24*h+24*h))
		step(t, st, "right after publication", s.RemindActionsDue, t0.Add(20*24*h), "Corrective action due", []string{siteMail, siteMail, siteMail})
	})

	t.Run("overdue escalation", func(t *testing.T) {
		insertAction(t, st, "act-late", t0.Add(30*24*h))
		// the two earlier actions are overdue by then: one escalation each
		step(t, st, "at its deadline", s.EscalateOverdueActions, t0.Add(30*24*h), "Corrective action overdue",
			[]string{adminMail, adminMail, brandMail, brandMail})
		step(t, st, "past its deadline", s.EscalateOverdueActions, t0.Add(30*24*h+time.Minute), "Corrective action overdue",
			[]string{adminMail, adminMail, adminMail, brandMail, brandMail, brandMail})
		// a submitted action waits on the hub: never escalated
		insertAction(t, st, "act-sub", t0.Add(61*24*h))
		if _, err := st.Actions.Update(ctx, "act-sub", func(a *audit.Action) error { a.State = audit.ActionSubmitted; return nil }); err != nil {
			t.Fatal(err)
		}
		step(t, st, "submitted, past due", s.EscalateOverdueActions, t0.Add(62*24*h), "Corrective action overdue",
			[]string{adminMail, adminMail, adminMail, brandMail, brandMail, brandMail})
	})

	t.Run("unpublished after 5 days", func(t *testing.T) {
		a := &audit.Audit{ID: "a-sub", HubID: "h1", State: audit.StateSubmitted, Submitted: t0, Plan: audit.Plan{SupplierID: "sup",
			Type: audit.TypeVerification, Mode: audit.ModeAnnounced, Window: audit.Window{From: day(-3), To: day(-2)}, TeamIDs: []string{"u-aud"}}}
		if err := st.Audits.Insert(ctx, a); err != nil {
			t.Fatal(err)
		}
		subject := "Audit at Indus Weaving waits for publication"
		step(t, st, "4 days", s.RemindUnpublishedAudits, t0.Add(4*24*h), subject, nil)
		step(t, st, "5 days", s.RemindUnpublishedAudits, t0.Add(5*24*h), subject, []string{adminMail})
		// sent back and submitted again: the new submission waits anew
		if _, err := st.Audits.Update(ctx, "a-sub", func(a *audit.Audit) error { a.Submitted = t0.Add(6 * 24 * h); return nil }); err != nil {
			t.Fatal(err)
		}
		step(t, st, "resubmitted, 4 days", s.RemindUnpublishedAudits, t0.Add(10*24*h), subject, []string{adminMail})
		step(t, st, "resubmitted, 5 days", s.RemindUnpublishedAudits, t0.Add(11*24*h), subject, []string{adminMail, adminMail})
	})

	t.Run("next audit due", func(t *testing.T) {
		a := &audit.Audit{ID: "a-rated", HubID: "h1", State: audit.StatePublished, Published: t0, Plan: audit.Plan{SupplierID: "sup",
			Type: audit.TypeInitial, Mode: audit.ModeAnnounced, Window: audit.Window{From: day(-5), To: day(-4)}, TeamIDs: []string{"u-aud"}},
			Rating: audit.Rate(audit.Score{Met: 60, Applicable: 100}, false, day(0))}
		a.Rating.NextAuditDue = day(90)
		if err := st.Audits.Insert(ctx, a); err != nil {
			t.Fatal(err)
		}
		subject := "Next audit of Indus Weaving due by " + string(day(90))
		step(t, st, "61 days before", s.NoticeNextAudits, t0.AddDate(0, 0, 29), subject, nil)
		step(t, st, "30 days before", s.NoticeNextAudits, t0.AddDate(0, 0, 60), subject, []string{adminMail})
	})

	t.Run("no next-audit notice when one is scheduled", func(t *testing.T) {
		a := &audit.Audit{ID: "a-zt", HubID: "h1", State: audit.StatePublished, Published: t0, Plan: audit.Plan{SupplierID: "sup",
			Type: audit.TypeInitial, Mode: audit.ModeAnnounced, Window: audit.Window{From: day(-5), To: day(-4)}, TeamIDs: []string{"u-aud"}},
			Rating: audit.Rate(audit.Score{Met: 60, Applicable: 100}, true, day(0))}
		a.Rating.NextAuditType = audit.TypeInitial // the scheduled "a-sched" above is one
		if err := st.Audits.Insert(ctx, a); err != nil {
			t.Fatal(err)
		}
		step(t, st, "due at once", s.NoticeNextAudits, t0, "Next audit of Indus Weaving due by "+string(day(0)), nil)
		got, err := st.Audits.Get(ctx, "a-zt")
		if err != nil || got.NextAuditNoticed.IsZero() {
			t.Errorf("the needless notice was not marked: %v, %v", got.NextAuditNoticed, err)
		}
	})
}

// A publication whose process stopped after the audit's change is
// completed by the repair sweep: actions, the brand's record, the
// supplier's rating, then the mark; a second run does nothing.
func TestRepairPublication(t *testing.T) {
	t.Parallel()
	st := openStore(t)
	seed(t, st)
	s := newService(st)
	ctx := context.Background()
	pub := t0.Add(time.Hour)
	a := &audit.Audit{ID: "a-half", HubID: "h1", State: audit.StatePublished, Published: pub, Plan: audit.Plan{SupplierID: "sup",
		Type: audit.TypeInitial, Mode: audit.ModeAnnounced, Window: audit.Window{From: day(-5), To: day(-4)}, TeamIDs: []string{"u-aud"}},
		Score: audit.Score{Met: 75, Applicable: 100}, Rating: audit.Rate(audit.Score{Met: 75, Applicable: 100}, false, day(0))}
	if err := st.Audits.Insert(ctx, a); err != nil {
		t.Fatal(err)
	}
	f := &audit.Finding{ID: "f-wages", HubID: "h1", AuditID: "a-half", SupplierID: "sup", Created: t0,
		Details: audit.Details{Category: audit.Wages, Severity: audit.Major, Description: "Wages paid late."}}
	if err := st.Findings.Insert(ctx, f); err != nil {
		t.Fatal(err)
	}
	for run, want := range []int{1, 0} {
		n, err := s.RepairPublications(ctx, t0, 100)
		if err != nil || n != want {
			t.Fatalf("run %d: repaired %d, %v; want %d", run+1, n, err, want)
		}
	}
	acts, _, err := st.Actions.OfFinding(ctx, "f-wages", store.Page{})
	if err != nil || len(acts) != 1 || acts[0].Due.IsZero() {
		t.Fatalf("actions after repair: %v, %v; want one with a deadline", acts, err)
	}
	if _, err := st.AuditBrands.Get(ctx, store.AuditBrandID("a-half", "brand")); err != nil {
		t.Errorf("the brand's record: %v", err)
	}
	sup, err := st.Suppliers.Get(ctx, "sup")
	if err != nil {
		t.Fatal(err)
	}
	want := supplier.SiteRating{AuditID: "a-half", Published: pub, Grade: "B", Percent: 75, NextAuditType: "periodic", NextAuditDue: string(day(0).AddMonths(24))}
	if sup.Rating == nil || *sup.Rating != want {
		t.Errorf("supplier's rating %+v, want %+v", sup.Rating, want)
	}
	got, err := st.Audits.Get(ctx, "a-half")
	if err != nil || !got.EffectsDone {
		t.Errorf("effects not marked done: %v", err)
	}
	// an older audit's late repair does not replace the newer rating
	old := *a
	old.ID, old.Published, old.Version, old.Rating.Grade = "a-older", t0, 0, audit.GradeE
	if err := st.Audits.Insert(ctx, &old); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RepairPublications(ctx, t0, 100); err != nil {
		t.Fatal(err)
	}
	if sup, _ := st.Suppliers.Get(ctx, "sup"); sup.Rating.AuditID != "a-half" {
		t.Errorf("an older audit replaced the rating: %+v", sup.Rating)
	}
}
