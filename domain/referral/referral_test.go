package referral

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/directory"
)

var t0 = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

func consented() casework.Consent {
	g := casework.ConsentRecord{Answer: casework.ConsentGiven, By: "mother"}
	return casework.Consent{Services: g, Disclosure: g}
}

func aCase(c casework.Consent) *casework.Case {
	return &casework.Case{ID: "c1", HubID: "h1", Code: "MUX-2026-00001", Status: casework.StatusOpen, Consent: c,
		Child: casework.Child{AgeYears: 14, Sex: casework.SexMale, Schooling: "out_of_school"}, Jurisdiction: "punjab",
		Identity: &casework.Identity{ChildName: "Zeeshan", GuardianName: "Iqbal", BirthDate: "2012-01-20", Address: "Gali 9",
			Phone: "0345", FamilySituation: "debt", SchoolHistory: "class 5", Languages: []string{"Saraiki"}},
		Plan: []casework.PlanAction{{ID: "a1", Status: casework.ActionPlanned}, {ID: "a2", Status: casework.ActionDelivered}}}
}

func aService(days int) *directory.Service {
	return &directory.Service{ID: "s1", HubID: "h1", Name: "Voucher", Status: directory.Active, Type: directory.Education,
		ResponseDays: days, AgencyOrgID: "agency1"}
}

func TestNewChecksConsent(t *testing.T) {
	t.Parallel()
	partial := consented()
	partial.Disclosure = casework.ConsentRecord{}
	tests := []struct {
		name        string
		consent     casework.Consent
		override    string
		canOverride bool
		kind        error // nil: accepted
		mentions    string
	}{
		{"both given", consented(), "", false, nil, ""},
		{"none", casework.Consent{}, "", true, nil, "consent_for_services and disclosure_to_other_organisations"},
		{"disclosure missing", partial, "", true, nil, "disclosure_to_other_organisations"},
		{"override by one who may", casework.Consent{}, "Child at risk tonight", true, nil, ""},
		{"override by one who may not", casework.Consent{}, "Child at risk tonight", false, domain.ErrForbidden, ""},
		{"override needless", consented(), "why not", true, nil, "override_reason"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := New("r1", NewReferral{ServiceID: "s1", Reason: "Back to school", Urgency: Routine, OverrideReason: tt.override},
				aCase(tt.consent), aService(14), "PEF", tt.canOverride, true, "", "u1", t0)
			var v *domain.ValidationError
			switch {
			case tt.mentions != "":
				if !errors.As(err, &v) || !strings.Contains(v.Error(), tt.mentions) {
					t.Fatalf("err = %v, want a validation error naming %s", err, tt.mentions)
				}
			case tt.kind != nil:
				if !errors.Is(err, tt.kind) {
					t.Fatalf("err = %v, want %v", err, tt.kind)
				}
			case err != nil:
				t.Fatal(err)
			default:
				if tt.override != "" && (r.Override.Reason != tt.override || r.Override.By != "u1") {
					t.Errorf("override = %+v", r.Override)
				}
			}
		})
	}
}

func TestNewDueDateAndWarnings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		promise  int
		urgency  Urgency
		wantDays int
	}{
		{14, Routine, 14}, {14, Urgent, 3}, {14, Emergency, 1}, {2, Urgent, 2}, {0, Routine, DefaultResponseDays},
	}
	for _, tt := range tests {
		r, err := New("r1", NewReferral{ServiceID: "s1", Reason: "x", Urgency: tt.urgency}, aCase(consented()), aService(tt.promise), "", false, true, "", "u1", t0)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Due.Sub(t0); got != time.Duration(tt.wantDays)*24*time.Hour {
			t.Errorf("promise %d %s: due after %v, want %d days", tt.promise, tt.urgency, got, tt.wantDays)
		}
		if r.RemindAt.Sub(t0) != r.Due.Sub(t0)/2 {
			t.Errorf("remind at %v, want half way", r.RemindAt)
		}
	}
	svc := aService(30)
	svc.PrerequisiteServiceID = "s0"
	r, err := New("r1", NewReferral{ServiceID: "s1", Reason: "x", Urgency: Routine}, aCase(consented()), svc, "", false, false, "B-Form", "u1", t0)
	if err != nil || !strings.Contains(r.PrerequisiteWarning, "B-Form") {
		t.Errorf("prerequisite warning %q, %v", r.PrerequisiteWarning, err)
	}
	for _, bad := range []struct {
		n     NewReferral
		field string
	}{
		{NewReferral{ServiceID: "s1", Urgency: Routine}, "reason"},
		{NewReferral{ServiceID: "s1", Reason: "x", Urgency: "soon"}, "urgency"},
		{NewReferral{ServiceID: "s1", Reason: "x", Urgency: Routine, PlanActionID: "zz"}, "plan_action_id"},
		{NewReferral{ServiceID: "s1", Reason: "x", Urgency: Routine, PlanActionID: "a2"}, "plan_action_id"},
	} {
		_, err := New("r1", bad.n, aCase(consented()), aService(3), "", false, true, "", "u1", t0)
		var v *domain.ValidationError
		if !errors.As(err, &v) || v.Fields[0].Field != bad.field {
			t.Errorf("%+v: %v, want a fault on %s", bad.n, err, bad.field)
		}
	}
	closed := aCase(consented())
	closed.Status = casework.StatusClosed
	if _, err := New("r1", NewReferral{ServiceID: "s1", Reason: "x", Urgency: Routine}, closed, aService(3), "", false, true, "", "u1", t0); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("closed case: %v", err)
	}
}

func TestTransitionTable(t *testing.T) {
	t.Parallel()
	allowed := map[[2]State]bool{
		{Sent, Accepted}: true, {Sent, Declined}: true, {Sent, Revoked}: true,
		{Accepted, InService}: true, {Accepted, Failed}: true, {Accepted, Revoked}: true,
		{InService, InService}: true, {InService, Completed}: true, {InService, Failed}: true, {InService, Revoked}: true,
	}
	for _, from := range States {
		for _, to := range States {
			if got := CanMove(from, to); got != allowed[[2]State{from, to}] {
				t.Errorf("%s → %s: %v", from, to, got)
			}
		}
	}
}

func TestLifecycle(t *testing.T) {
	t.Parallel()
	r, err := New("r1", NewReferral{ServiceID: "s1", Reason: "x", Urgency: Routine}, aCase(consented()), aService(14), "", false, true, "", "u1", t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Finish(Completed, "", "o1", t0); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("complete before accepting: %v", err)
	}
	must(t, r.Accept("o1", t0))
	if err := r.Accept("o1", t0); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("accept twice: %v", err)
	}
	if err := r.Finish(Completed, "", "o1", t0); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("complete without a service: %v", err)
	}
	if err := r.RecordService(ServiceGiven{What: "enrolled"}, "o1", t0); err == nil {
		t.Error("a service without who and when")
	}
	must(t, r.RecordService(ServiceGiven{What: "Voucher issued", GivenBy: "PEF Multan", On: t0}, "o1", t0))
	if err := r.Finish(Failed, "", "o1", t0); err == nil {
		t.Error("failing without a note")
	}
	must(t, r.Finish(Completed, "Enrolled at school", "o1", t0))
	if !r.ActionDeliveryDue() == (r.PlanActionID != "") {
		t.Error("action delivery due without a plan action")
	}
	if err := r.Revoke("x", "u1", t0); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("revoke a completed referral: %v", err)
	}
	d, _ := New("r2", NewReferral{ServiceID: "s1", Reason: "x", Urgency: Routine}, aCase(consented()), aService(14), "", false, true, "", "u1", t0)
	if err := d.Decline(" ", "o1", t0); err == nil {
		t.Error("decline without a reason")
	}
	must(t, d.Decline("No places this term", "o1", t0))
	d.MarkWebhookScheduled(t0)
	if !d.DeclineNoticeDue() || !d.EffectsDue() || !d.MarkDeclineNotified(t0) || d.MarkDeclineNotified(t0) || d.EffectsDue() {
		t.Error("decline notice marks")
	}
}

func TestSweepRules(t *testing.T) {
	t.Parallel()
	r, _ := New("r1", NewReferral{ServiceID: "s1", Reason: "x", Urgency: Routine}, aCase(consented()), aService(10), "", false, true, "", "u1", t0)
	day := 24 * time.Hour
	if r.ReminderDue(t0.Add(4*day)) || !r.ReminderDue(t0.Add(5*day)) {
		t.Error("reminder half way to due")
	}
	if r.EscalationDue(t0.Add(10*day)) || !r.EscalationDue(t0.Add(10*day+time.Second)) {
		t.Error("escalation past due")
	}
	if !r.MarkEscalated(t0) || r.MarkEscalated(t0) || r.EscalationDue(t0.Add(20*day)) || r.ReminderDue(t0.Add(20*day)) {
		t.Error("escalated once, and no reminder after it")
	}
	a, _ := New("r2", NewReferral{ServiceID: "s1", Reason: "x", Urgency: Routine}, aCase(consented()), aService(10), "", false, true, "", "u1", t0)
	must(t, a.Accept("o1", t0))
	if a.ReminderDue(t0.Add(30*day)) || a.EscalationDue(t0.Add(30*day)) {
		t.Error("an answered referral is neither reminded nor escalated")
	}
}

func TestViewScope(t *testing.T) {
	t.Parallel()
	r, _ := New("r1", NewReferral{ServiceID: "s1", Reason: "x", Urgency: Routine}, aCase(consented()), aService(10), "", false, true, "", "u1", t0)
	has := func(open bool) bool { return slices.Contains(r.ViewScope(open).Orgs, "agency1") }
	if has(true) || !slices.Contains(r.Scope().Orgs, "agency1") {
		t.Error("a sent referral: the agency reaches the referral, not the view")
	}
	must(t, r.Accept("o1", t0))
	if !has(true) || has(false) {
		t.Error("accepted: the view while the case is open only")
	}
	must(t, r.RecordService(ServiceGiven{What: "x", GivenBy: "y", On: t0}, "o1", t0))
	must(t, r.Finish(Completed, "", "o1", t0))
	if has(true) {
		t.Error("completed: the view is gone")
	}
}

func TestMinimumViewPerServiceType(t *testing.T) {
	t.Parallel()
	c := aCase(consented())
	tests := []struct {
		typ  directory.ServiceType
		has  []string
		lack []string
	}{
		{directory.Education, []string{"Zeeshan", "Iqbal", "class 5", "Saraiki"}, []string{"2012-01-20", "Gali 9", "0345", "debt"}},
		{directory.BirthRegistration, []string{"Zeeshan", "Iqbal", "2012-01-20", "Gali 9", "punjab"}, []string{"class 5", "0345", "debt"}},
		{directory.LabourInspection, []string{"Zeeshan"}, []string{"2012-01-20", "Gali 9", "0345", "debt", "class 5"}},
	}
	for _, tt := range tests {
		r := &Referral{ServiceType: tt.typ}
		v := ViewOf(r, c)
		all := strings.Join(append([]string{v.ChildName, v.GuardianName, v.BirthDate, v.Address, v.Province, v.Phone,
			v.SchoolHistory, v.FamilySituation}, v.Languages...), "|")
		for _, s := range tt.has {
			if !strings.Contains(all, s) {
				t.Errorf("%s: view lacks %q: %s", tt.typ, s, all)
			}
		}
		for _, s := range tt.lack {
			if strings.Contains(all, s) {
				t.Errorf("%s: view carries %q: %s", tt.typ, s, all)
			}
		}
		if v.AgeYears != 14 || v.Sex != casework.SexMale || v.CaseCode != c.Code {
			t.Errorf("%s: basics %+v", tt.typ, v)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestSignAndVerify(t *testing.T) {
	t.Parallel()
	secret, body := []byte("s3cret"), []byte(`{"a":1}`)
	h := Sign(secret, t0, body)
	tests := []struct {
		name   string
		secret []byte
		header string
		body   []byte
		now    time.Time
		ok     bool
	}{
		{"fresh", secret, h, body, t0.Add(time.Minute), true},
		{"old timestamp", secret, h, body, t0.Add(SignatureTolerance + time.Second), false},
		{"other body", secret, h, []byte(`{"a":2}`), t0, false},
		{"other secret", []byte("other"), h, body, t0, false},
		{"no timestamp", secret, strings.Split(h, ",")[1], body, t0, false},
		{"garbage", secret, "t=x,v1=y", body, t0, false},
	}
	for _, tt := range tests {
		if got := Verify(tt.secret, tt.header, tt.body, tt.now, SignatureTolerance); got != tt.ok {
			t.Errorf("%s: %v", tt.name, got)
		}
	}
	for _, u := range []string{"ftp://x", "/relative", "https://user:pw@x.example/", ""} {
		if CheckURL(u) == nil {
			t.Errorf("url %q accepted", u)
		}
	}
	if err := CheckURL("https://nadra.example/hook"); err != nil {
		t.Error(err)
	}
}
