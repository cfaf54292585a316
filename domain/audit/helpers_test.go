package audit

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/actionhub/actionhub/domain"
)

var (
	karachi = time.FixedZone("PKT", 5*3600)
	// t0 is 09:00 in Karachi on 1 March 2026.
	t0 = time.Date(2026, 3, 1, 4, 0, 0, 0, time.UTC)

	admin1    = domain.Actor{UserID: "admin1", Role: domain.RoleHubAdmin}
	platform  = domain.Actor{UserID: "root", Role: domain.RolePlatformAdmin}
	lead      = domain.Actor{UserID: "lead", Role: domain.RoleAuditor}
	member    = domain.Actor{UserID: "member", Role: domain.RoleAuditor}
	outsider  = domain.Actor{UserID: "other-auditor", Role: domain.RoleAuditor}
	caseWkr   = domain.Actor{UserID: "cw", Role: domain.RoleCaseWorker}
	siteMgr   = domain.Actor{UserID: "sm", OrgID: "org-site", Role: domain.RoleSupplierManager}
	brandMgr  = domain.Actor{UserID: "bm", OrgID: "brand-1", Role: domain.RoleBrandManager}
	everybody = []domain.Actor{admin1, platform, lead, member, outsider, caseWkr, siteMgr, brandMgr}
)

func plan() Plan {
	return Plan{
		SupplierID: "sup-1", Type: TypeInitial, Mode: ModeAnnounced,
		Window:        Window{From: "2026-03-10", To: "2026-03-12"},
		LeadAuditorID: "lead", TeamIDs: []string{"lead", "member"}, BrandOrgIDs: []string{"brand-1", "brand-2"},
	}
}

// inState returns an audit in state s, as the moves would leave it.
func inState(t *testing.T, s State) Audit {
	t.Helper()
	a, err := Schedule("a1", "hub-1", plan(), admin1, t0, karachi)
	if err != nil {
		t.Fatal(err)
	}
	steps := map[State][]func(*Audit) error{
		StateInProgress: {func(a *Audit) error { return a.Start(lead, t0) }},
		StateSubmitted: {func(a *Audit) error { return a.Start(lead, t0) },
			func(a *Audit) error { return a.Submit(lead, Score{Met: 90, Applicable: 100}, "Good.", t0) }},
		StatePublished: {func(a *Audit) error { return a.Start(lead, t0) },
			func(a *Audit) error { return a.Submit(lead, Score{Met: 90, Applicable: 100}, "Good.", t0) },
			func(a *Audit) error { return a.Publish(admin1, nil, t0, karachi) }},
		StateCancelled: {func(a *Audit) error { return a.Cancel(admin1, "Factory closed.", t0) }},
	}
	for _, step := range steps[s] {
		if err := step(&a); err != nil {
			t.Fatal(err)
		}
	}
	if a.State != s {
		t.Fatalf("state %s, want %s", a.State, s)
	}
	return a
}

// wantErr checks err against a sentinel (nil: no error wanted).
func wantErr(t *testing.T, err, want error) {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Errorf("unexpected error: %v", err)
	case want != nil && !errors.Is(err, want):
		t.Errorf("error %v, want %v", err, want)
	}
}

// invalidFields returns the fields a validation error names; nil for none.
func invalidFields(err error) []string {
	var v *domain.ValidationError
	if !errors.As(err, &v) {
		return nil
	}
	var fs []string
	for _, f := range v.Fields {
		fs = append(fs, f.Field)
	}
	slices.Sort(fs)
	return fs
}

// errInvalid stands for "a validation error" in tables.
var errInvalid = errors.New("invalid")

func checkErr(t *testing.T, err, want error) {
	t.Helper()
	if want == errInvalid {
		if invalidFields(err) == nil {
			t.Errorf("error %v, want a validation error", err)
		}
		return
	}
	wantErr(t, err, want)
}
