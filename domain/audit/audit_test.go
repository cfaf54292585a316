package audit

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/actionhub/actionhub/domain"
)

func TestCanMove(t *testing.T) {
	t.Parallel()
	type key struct {
		m      Move
		from   State
		role   domain.Role
		onTeam bool
	}
	allowed := map[key]bool{}
	for _, r := range []domain.Role{domain.RoleHubAdmin, domain.RolePlatformAdmin} {
		for _, team := range []bool{false, true} {
			allowed[key{MoveStart, StateScheduled, r, team}] = true
			allowed[key{MoveReturn, StateSubmitted, r, team}] = true
			allowed[key{MovePublish, StateSubmitted, r, team}] = true
			allowed[key{MoveCancel, StateScheduled, r, team}] = true
			allowed[key{MoveCancel, StateInProgress, r, team}] = true
		}
	}
	allowed[key{MoveStart, StateScheduled, domain.RoleAuditor, true}] = true
	allowed[key{MoveSubmit, StateInProgress, domain.RoleAuditor, true}] = true
	moves := []Move{MoveStart, MoveSubmit, MoveReturn, MovePublish, MoveCancel, "bogus"}
	for _, m := range moves {
		for _, from := range append(States, "bogus") {
			for _, r := range domain.Roles {
				for _, team := range []bool{false, true} {
					k := key{m, from, r, team}
					if got := CanMove(m, from, r, team); got != allowed[k] {
						t.Errorf("CanMove(%s, %s, %s, onTeam=%v) = %v", m, from, r, team, got)
					}
				}
			}
		}
	}
}

// TestMoves makes every move from every state as every kind of caller and
// checks the answer: done, forbidden for the role, or a conflict naming the
// state the audit is in.
func TestMoves(t *testing.T) {
	t.Parallel()
	do := map[Move]func(*Audit, domain.Actor) error{
		MoveStart: func(a *Audit, by domain.Actor) error { return a.Start(by, t0.Add(time.Hour)) },
		MoveSubmit: func(a *Audit, by domain.Actor) error {
			return a.Submit(by, Score{Met: 60, Applicable: 100}, "Wages paid late.", t0.Add(time.Hour))
		},
		MoveReturn: func(a *Audit, by domain.Actor) error {
			return a.Return(by, "Add the payroll finding.", t0.Add(time.Hour))
		},
		MovePublish: func(a *Audit, by domain.Actor) error { return a.Publish(by, nil, t0.Add(time.Hour), karachi) },
		MoveCancel:  func(a *Audit, by domain.Actor) error { return a.Cancel(by, "Factory closed.", t0.Add(time.Hour)) },
	}
	for m, f := range do {
		for _, from := range States {
			for _, by := range everybody {
				t.Run(fmt.Sprintf("%s/%s/%s", m, from, by.UserID), func(t *testing.T) {
					t.Parallel()
					a := inState(t, from)
					err := f(&a, by)
					mv := auditMoves[m]
					switch {
					case !mayMake(mv, by.Role, a.OnTeam(by.UserID)):
						wantErr(t, err, domain.ErrForbidden)
						if a.State != from {
							t.Errorf("state changed to %s", a.State)
						}
					case !slices.Contains(mv.from, from):
						wantErr(t, err, domain.ErrConflict)
						if err != nil && !strings.Contains(err.Error(), "is "+string(from)) {
							t.Errorf("error %q does not name the state %s", err, from)
						}
						if a.State != from {
							t.Errorf("state changed to %s", a.State)
						}
					default:
						wantErr(t, err, nil)
						if a.State != mv.to {
							t.Errorf("state %s, want %s", a.State, mv.to)
						}
					}
				})
			}
		}
	}
}

func TestMoveFields(t *testing.T) {
	t.Parallel()
	a := inState(t, StateInProgress)
	later := t0.Add(48 * time.Hour)
	if err := a.Submit(lead, Score{Met: 101, Applicable: 100}, " ", later); !slices.Equal(invalidFields(err), []string{"score.met", "summary"}) {
		t.Errorf("bad submit: %v", err)
	}
	if a.State != StateInProgress {
		t.Fatalf("a refused submit moved the audit to %s", a.State)
	}
	if err := a.Submit(lead, Score{Met: 80, Applicable: 100}, " Fair. ", later); err != nil {
		t.Fatal(err)
	}
	if a.Summary != "Fair." || a.Submitted != later || a.Score.Met != 80 {
		t.Errorf("submit recorded %+v", a)
	}
	if err := a.Return(admin1, "", later); !slices.Equal(invalidFields(err), []string{"reason"}) {
		t.Errorf("return without reason: %v", err)
	}
	if err := a.Return(admin1, "Missing wages finding.", later); err != nil || a.ReturnReason == "" {
		t.Fatalf("return: %v", err)
	}
	// Restarting after a return keeps the first start.
	if a.Started != t0 {
		t.Errorf("started %v, want the first start %v", a.Started, t0)
	}
	if err := a.Submit(member, Score{Met: 80, Applicable: 100}, "Fair.", later); err != nil {
		t.Fatal(err)
	}
	ct := Finding{Details: Details{Category: ChildLabour, Severity: Critical, ZeroTolerance: true}}
	if err := a.Publish(admin1, []Finding{{}, ct}, later, karachi); err != nil {
		t.Fatal(err)
	}
	want := Rating{Grade: GradeB, Percent: 80, ZeroTolerance: true, NextAuditType: TypeFollowUp, NextAuditDue: "2026-03-03"}
	if a.Rating != want || a.Published != later {
		t.Errorf("rating %+v, want %+v", a.Rating, want)
	}
	c := inState(t, StateScheduled)
	if err := c.Cancel(admin1, "", later); !slices.Equal(invalidFields(err), []string{"reason"}) {
		t.Errorf("cancel without reason: %v", err)
	}
	// The role is checked before the fields: a brand learns nothing of them.
	if err := c.Cancel(brandMgr, "", later); err == nil || invalidFields(err) != nil {
		t.Errorf("a brand's cancel: %v", err)
	}
}

func TestPlanValidate(t *testing.T) {
	t.Parallel()
	today := Date("2026-03-01")
	tests := []struct {
		name   string
		change func(*Plan)
		fields []string
	}{
		{"good", func(*Plan) {}, nil},
		{"starts today, one day", func(p *Plan) { p.Window = Window{"2026-03-01", "2026-03-01"} }, nil},
		{"starts yesterday", func(p *Plan) { p.Window.From = "2026-02-28" }, []string{"window.from"}},
		{"ends before it starts", func(p *Plan) { p.Window = Window{"2026-03-10", "2026-03-09"} }, []string{"window.to"}},
		{"longest window", func(p *Plan) { p.Window = Window{"2026-03-10", "2026-04-09"} }, nil},
		{"window too long", func(p *Plan) { p.Window = Window{"2026-03-10", "2026-04-10"} }, []string{"window.to"}},
		{"too far ahead", func(p *Plan) { p.Window = Window{"2028-03-01", "2028-03-02"} }, []string{"window.from"}},
		{"not a day", func(p *Plan) { p.Window = Window{"2026-02-30", "10/03/2026"} }, []string{"window.from", "window.to"}},
		{"bad enums", func(p *Plan) { p.Type, p.Mode = "full", "surprise" }, []string{"mode", "type"}},
		{"no supplier", func(p *Plan) { p.SupplierID = "" }, []string{"supplier_id"}},
		{"lead not in team", func(p *Plan) { p.LeadAuditorID = "someone" }, []string{"lead_auditor_id"}},
		{"no team", func(p *Plan) { p.TeamIDs = []string{" ", ""} }, []string{"lead_auditor_id", "team_ids"}},
		{"no lead", func(p *Plan) { p.LeadAuditorID = "" }, []string{"lead_auditor_id"}},
		{"no brand", func(p *Plan) { p.BrandOrgIDs = nil }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := plan()
			tt.change(&p)
			v := &domain.ValidationError{}
			p.Validate(today, v)
			if got := invalidFields(v.OrNil()); !slices.Equal(got, tt.fields) {
				t.Errorf("fields %v, want %v (%v)", got, tt.fields, v.OrNil())
			}
		})
	}
}

func TestScheduleDedupesAndChecksRole(t *testing.T) {
	t.Parallel()
	p := plan()
	p.TeamIDs = []string{"lead", "member", "lead", " "}
	a, err := Schedule("a1", "hub-1", p, platform, t0, karachi)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.TeamIDs, []string{"lead", "member"}) || a.State != StateScheduled || a.ScheduledBy != "root" {
		t.Errorf("scheduled %+v", a)
	}
	for _, by := range []domain.Actor{lead, caseWkr, siteMgr, brandMgr} {
		_, err := Schedule("a1", "hub-1", plan(), by, t0, karachi)
		wantErr(t, err, domain.ErrForbidden)
	}
	// Today is the hub's day: 23:30 UTC on 28 February is 1 March in Karachi.
	p = plan()
	p.Window = Window{"2026-03-01", "2026-03-01"}
	if _, err := Schedule("a1", "hub-1", p, admin1, time.Date(2026, 2, 28, 23, 30, 0, 0, time.UTC), karachi); err != nil {
		t.Errorf("an audit today in Karachi refused: %v", err)
	}
}

func TestWindowOverlaps(t *testing.T) {
	t.Parallel()
	w := Window{"2026-03-10", "2026-03-12"}
	tests := []struct {
		o    Window
		want bool
	}{
		{Window{"2026-03-10", "2026-03-12"}, true},
		{Window{"2026-03-12", "2026-03-14"}, true}, // starts the day w ends
		{Window{"2026-03-08", "2026-03-10"}, true}, // ends the day w starts
		{Window{"2026-03-13", "2026-03-14"}, false},
		{Window{"2026-03-07", "2026-03-09"}, false},
		{Window{"2026-03-11", "2026-03-11"}, true},
		{Window{"2026-03-01", "2026-03-31"}, true},
		{Window{"2026-02-28", "2026-03-01"}, false},
	}
	for _, tt := range tests {
		if got := w.Overlaps(tt.o); got != tt.want {
			t.Errorf("%v overlaps %v = %v", w, tt.o, got)
		}
		if got := tt.o.Overlaps(w); got != tt.want {
			t.Errorf("%v overlaps %v = %v (reversed)", tt.o, w, got)
		}
	}
	if d := (Window{"2026-02-27", "2026-03-02"}).Days(); d != 4 {
		t.Errorf("days %d, want 4", d)
	}
}

func TestClash(t *testing.T) {
	t.Parallel()
	a := Audit{ID: "new", Plan: plan(), State: StateScheduled}
	other := func(id string, s State, team []string, w Window, sup string, typ Type) Audit {
		return Audit{ID: id, State: s, Plan: Plan{SupplierID: sup, Type: typ, Window: w, TeamIDs: team}}
	}
	overlapping := Window{"2026-03-12", "2026-03-13"}
	next := Window{"2026-03-13", "2026-03-14"}
	tests := []struct {
		name  string
		other Audit
		want  error
	}{
		{"member booked on the last day", other("o", StateScheduled, []string{"member"}, overlapping, "sup-2", TypeInitial), domain.ErrConflict},
		{"member on site on the last day", other("o", StateInProgress, []string{"x", "member"}, overlapping, "sup-2", TypeInitial), domain.ErrConflict},
		{"member booked from the next day", other("o", StateScheduled, []string{"member"}, next, "sup-2", TypeInitial), nil},
		{"other auditors", other("o", StateScheduled, []string{"x"}, overlapping, "sup-2", TypeInitial), nil},
		{"cancelled frees the days", other("o", StateCancelled, []string{"lead"}, overlapping, "sup-2", TypeInitial), nil},
		{"submitted frees the days", other("o", StateSubmitted, []string{"lead"}, overlapping, "sup-2", TypeInitial), nil},
		{"itself", other("new", StateScheduled, []string{"lead"}, overlapping, "sup-1", TypeInitial), nil},
		{"supplier's open audit of the type", other("o", StateSubmitted, []string{"x"}, next, "sup-1", TypeInitial), domain.ErrConflict},
		{"supplier's published audit of the type", other("o", StatePublished, []string{"x"}, next, "sup-1", TypeInitial), nil},
		{"supplier's cancelled audit of the type", other("o", StateCancelled, []string{"x"}, next, "sup-1", TypeInitial), nil},
		{"supplier's open audit of another type", other("o", StateScheduled, []string{"x"}, next, "sup-1", TypeFollowUp), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wantErr(t, Clash(a, []Audit{tt.other}), tt.want)
		})
	}
}

func TestVisibility(t *testing.T) {
	t.Parallel()
	type seen struct{ supplier, results, brand bool }
	tests := []struct {
		mode  Mode
		state State
		want  seen
	}{
		{ModeAnnounced, StateScheduled, seen{true, false, false}},
		{ModeSemiAnnounced, StateScheduled, seen{true, false, false}},
		{ModeUnannounced, StateScheduled, seen{false, false, false}},
		{ModeUnannounced, StateCancelled, seen{false, false, false}},
		{ModeUnannounced, StateInProgress, seen{true, false, false}},
		{ModeUnannounced, StateSubmitted, seen{true, false, false}},
		{ModeAnnounced, StateSubmitted, seen{true, false, false}},
		{ModeUnannounced, StatePublished, seen{true, true, true}},
		{ModeAnnounced, StatePublished, seen{true, true, true}},
		{ModeAnnounced, StateCancelled, seen{true, false, false}},
	}
	for _, tt := range tests {
		p := plan()
		p.Mode = tt.mode
		a, err := Schedule("a1", "hub-1", p, admin1, t0, karachi)
		if err != nil {
			t.Fatal(err)
		}
		var steps []func() error
		switch tt.state {
		case StatePublished:
			steps = append(steps, func() error { return a.Publish(admin1, nil, t0, karachi) })
			fallthrough
		case StateSubmitted:
			steps = append([]func() error{func() error { return a.Submit(lead, Score{1, 1}, "ok", t0) }}, steps...)
			fallthrough
		case StateInProgress:
			steps = append([]func() error{func() error { return a.Start(lead, t0) }}, steps...)
		case StateCancelled:
			steps = append(steps, func() error { return a.Cancel(admin1, "closed", t0) })
		}
		for _, s := range steps {
			if err := s(); err != nil {
				t.Fatal(err)
			}
		}
		if got := (seen{SupplierSees(a), SupplierSeesResults(a), BrandSees(a)}); got != tt.want {
			t.Errorf("%s %s: seen %+v, want %+v", tt.mode, tt.state, got, tt.want)
		}
	}
	// An unannounced audit started, then cancelled, stays known to the site.
	p := plan()
	p.Mode = ModeUnannounced
	a, _ := Schedule("a1", "hub-1", p, admin1, t0, karachi)
	_ = a.Start(lead, t0)
	_ = a.Cancel(admin1, "Auditor fell ill.", t0)
	if !SupplierSees(a) {
		t.Error("a started unannounced audit disappeared from the supplier on cancelling")
	}
}

func TestDate(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"2026-02-29", "2026-13-01", "26-03-01", "2026-3-1", "", "2026-03-01T00:00:00Z"} {
		if Date(s).Valid() {
			t.Errorf("%q valid", s)
		}
	}
	if !Date("2028-02-29").Valid() {
		t.Error("a leap day refused")
	}
	if got := Date("2026-01-31").AddMonths(24); got != "2028-01-31" {
		t.Errorf("AddMonths %s", got)
	}
	if got := DateOf(time.Date(2026, 3, 1, 19, 0, 0, 0, time.UTC), karachi); got != "2026-03-02" {
		t.Errorf("DateOf %s", got)
	}
}
