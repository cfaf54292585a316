package referrals_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/activity"
	"github.com/actionhub/actionhub/app/notify"
	"github.com/actionhub/actionhub/app/referrals"
	"github.com/actionhub/actionhub/app/sealed"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/sqlite"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/directory"
	"github.com/actionhub/actionhub/domain/referral"
	"github.com/actionhub/actionhub/policies"
)

var t0 = time.Date(2026, 3, 10, 5, 0, 0, 0, time.UTC)

type world struct {
	st  *store.Store
	svc *referrals.Service
	as  map[string]context.Context
}

// newWorld: hub h1; the operator's hub admin and case worker cw; agency
// ag with officer off; a consented case with a plan action; an education
// service of ag's directory organisation.
func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	e, err := sqlite.Open(ctx, t.TempDir())
	must(t, err)
	t.Cleanup(func() { _ = e.Close() })
	st, err := store.Open(ctx, e)
	must(t, err)
	rels, err := store.NewRelations(ctx, e)
	must(t, err)
	enf, err := policies.New(ctx, rels, policies.WithLogger(slog.New(slog.DiscardHandler)))
	must(t, err)
	must(t, st.Hubs.Insert(ctx, &domain.Hub{ID: "h1", Code: "PK", Name: "Pakistan", TimeZone: "Asia/Karachi"}))
	w := &world{st: st, as: map[string]context.Context{}}
	for _, o := range []domain.Organisation{{ID: "op", Kind: domain.KindOperator}, {ID: "ag", Kind: domain.KindAgency}} {
		o.Name, o.HubIDs = o.ID, []string{"h1"}
		must(t, st.Orgs.Insert(ctx, &o))
		must(t, enf.Add(ctx, policies.Relation{Subject: policies.OrgNode(o.ID), Object: policies.HubNode("h1")}))
	}
	for _, u := range []domain.User{{ID: "admin", OrgID: "op", Role: domain.RoleHubAdmin}, {ID: "cw", OrgID: "op", Role: domain.RoleCaseWorker},
		{ID: "off", OrgID: "ag", Role: domain.RoleAgencyOfficer}} {
		u.Email, u.HubIDs, u.Name = u.ID+"@example.pk", []string{"h1"}, u.ID
		must(t, st.Users.Insert(ctx, &u))
		must(t, st.UserHubs.Insert(ctx, &domain.UserHub{ID: u.ID + "|h1", UserID: u.ID, HubID: "h1", OrgID: u.OrgID, Role: u.Role}))
		must(t, enf.Add(ctx, policies.Relation{Subject: policies.UserNode(u.ID), Object: policies.OrgNode(u.OrgID)}))
		kind := domain.KindOperator
		if u.OrgID == "ag" {
			kind = domain.KindAgency
		}
		w.as[u.ID] = domain.WithActor(ctx, domain.Actor{UserID: u.ID, OrgID: u.OrgID, OrgKind: kind, Role: u.Role, HubIDs: u.HubIDs})
	}
	caseSealer, err := sealed.New(sealed.CaseIdentity, make([]byte, 32))
	must(t, err)
	secrets, err := sealed.New(referrals.WebhookSecrets, make([]byte, 32))
	must(t, err)
	g := casework.ConsentRecord{Answer: casework.ConsentGiven, By: "mother"}
	c := casework.Case{ID: "c1", HubID: "h1", Code: "MUX-2026-00001", Status: casework.StatusOpen, OpenedBy: "cw",
		Consent: casework.Consent{Services: g, Disclosure: g}, Child: casework.Child{AgeYears: 12, Sex: casework.SexFemale},
		Identity: &casework.Identity{ChildName: "Amina", SchoolHistory: "class 3"},
		Plan:     []casework.PlanAction{{ID: "pa1", Kind: casework.KindEducation, Owner: casework.PartyService, Status: casework.ActionPlanned}},
		Created:  t0}
	must(t, st.Cases.Vault(caseSealer).Insert(ctx, &c))
	must(t, st.DirectoryServices.Insert(ctx, &directory.Service{ID: "s1", HubID: "h1", OrganizationID: "o1", AgencyOrgID: "ag",
		Name: "Voucher", Status: directory.Active, Type: directory.Education, ResponseDays: 10}))
	now := func() time.Time { return t0 }
	log := slog.New(slog.DiscardHandler)
	w.svc = referrals.New(st, enf, activity.New(st, now), caseSealer, secrets, notify.New(st, nil, "", "", log, now), nil,
		referrals.Options{}, log, now)
	return w
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func (w *world) pending(t *testing.T) int {
	t.Helper()
	ns, err := w.st.Notifications.Pending(context.Background(), 500)
	must(t, err)
	return len(ns)
}

// TestCompletedReferralDeliversThePlanAction: the agency accepts, records
// the service and completes; the plan action is delivered once.
func TestCompletedReferralDeliversThePlanAction(t *testing.T) {
	w := newWorld(t)
	r, err := w.svc.Create(w.as["cw"], "c1", referral.NewReferral{ServiceID: "s1", PlanActionID: "pa1", Reason: "School", Urgency: referral.Routine})
	must(t, err)
	if !r.Due.Equal(t0.Add(10 * 24 * time.Hour)) {
		t.Errorf("due %v", r.Due)
	}
	off := w.as["off"]
	r, err = w.svc.Accept(off, r.ID, r.Version)
	must(t, err)
	v, _, err := w.svc.View(off, r.ID)
	must(t, err)
	if v.ChildName != "Amina" || v.SchoolHistory != "class 3" {
		t.Errorf("view %+v", v)
	}
	r, err = w.svc.RecordService(off, r.ID, r.Version, referral.ServiceGiven{What: "Enrolled", GivenBy: "PEF", On: t0})
	must(t, err)
	r, err = w.svc.Finish(off, r.ID, r.Version, referral.Completed, "")
	must(t, err)
	if r.ActionDelivered.IsZero() || r.EffectsDue() {
		t.Errorf("the plan action's mark: %+v", r)
	}
	d, err := w.st.Cases.Get(context.Background(), "c1")
	must(t, err)
	if a, _ := d.Action("pa1"); a.Status != casework.ActionDelivered {
		t.Errorf("plan action %s", a.Status)
	}
	if _, _, err := w.svc.View(off, r.ID); err == nil {
		t.Error("the agency reads the view of a completed referral")
	}
	if n, err := w.svc.SettleEffects(context.Background(), t0, 100); err != nil || n != 0 {
		t.Errorf("effects left: %d %v", n, err)
	}
}

// TestEffectsLeftUndoneAreMadeUpOnce: a decline whose notice a stopped
// process never sent is told by the effects sweep, once however often it
// runs.
func TestEffectsLeftUndoneAreMadeUpOnce(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	r := &referral.Referral{ID: "r1", HubID: "h1", CaseID: "c1", CaseCode: "MUX-2026-00001", ServiceID: "s1", AgencyOrgID: "ag",
		State: referral.Declined, DeclineReason: "Full", SentBy: "cw", Sent: t0, Due: t0.Add(time.Hour), WebhookScheduled: t0, Created: t0}
	must(t, w.st.Referrals.Insert(ctx, r))
	before := w.pending(t)
	for i, want := range []int{1, 0, 0} {
		n, err := w.svc.SettleEffects(ctx, t0, 100)
		if err != nil || n != want {
			t.Errorf("run %d: %d %v, want %d", i, n, err, want)
		}
	}
	if got := w.pending(t) - before; got != 1 {
		t.Errorf("%d notices, want 1 (the case worker)", got)
	}
}

// TestEscalatedOnce: an emergency referral unanswered past its day is
// reminded and escalated once each; an answered one never.
func TestEscalatedOnce(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	r, err := w.svc.Create(w.as["cw"], "c1", referral.NewReferral{ServiceID: "s1", Reason: "Now", Urgency: referral.Emergency})
	must(t, err)
	ok, err := w.svc.Create(w.as["cw"], "c1", referral.NewReferral{ServiceID: "s1", Reason: "Now too", Urgency: referral.Emergency})
	must(t, err)
	_, err = w.svc.Accept(w.as["off"], ok.ID, ok.Version)
	must(t, err)
	before := w.pending(t)
	for i, want := range []int{1, 0} {
		if n, err := w.svc.RemindUnanswered(ctx, t0.Add(13*time.Hour), 100); err != nil || n != want {
			t.Errorf("reminders run %d: %d %v, want %d", i, n, err, want)
		}
	}
	for i, at := range []time.Time{t0.Add(25 * time.Hour), t0.Add(26 * time.Hour), t0.Add(30 * 24 * time.Hour)} {
		want := 0
		if i == 0 {
			want = 1
		}
		if n, err := w.svc.EscalateOverdue(ctx, at, 100); err != nil || n != want {
			t.Errorf("escalations at %v: %d %v, want %d", at, n, err, want)
		}
	}
	// the officer reminded; the case worker and the hub admin told
	if got := w.pending(t) - before; got != 3 {
		t.Errorf("%d messages, want 3", got)
	}
	got, err := w.st.Referrals.Get(ctx, r.ID)
	must(t, err)
	if got.Reminded.IsZero() || got.Escalated.IsZero() {
		t.Errorf("marks %v %v", got.Reminded, got.Escalated)
	}
}
