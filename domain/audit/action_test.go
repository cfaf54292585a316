package audit

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/actionhub/actionhub/domain"
)

// published is 15:00 in Karachi on 31 March 2026.
var published = time.Date(2026, 3, 31, 10, 0, 0, 0, time.UTC)

func finding(c Category, s Severity, collaborative bool) Finding {
	d := details(c, s)
	d.Collaborative = collaborative
	if err := d.Normalize(); err != nil {
		panic(err)
	}
	return Finding{ID: "f1", HubID: "hub-1", AuditID: "a1", SupplierID: "sup-1", Details: d, CaseDue: c.CaseDue()}
}

func TestActionsFor(t *testing.T) {
	t.Parallel()
	day := 24 * time.Hour
	type want struct {
		kind   ActionKind
		due    time.Time // zero: no deadline
		method Method
		collab bool
	}
	tests := []struct {
		name string
		f    Finding
		s    Settings
		want []want
	}{
		{"critical", finding(HealthSafety, Critical, false), Settings{}, []want{{KindCorrection, published.Add(30 * day), OnSite, false}}},
		{"major", finding(Wages, Major, false), Settings{}, []want{{KindCorrection, published.Add(60 * day), DeskReview, false}}},
		{"minor", finding(WorkingHours, Minor, false), Settings{}, []want{{KindCorrection, published.Add(90 * day), DeskReview, false}}},
		{"observation", finding(GrievanceMechanism, Observation, false), Settings{}, nil},
		{"hub's major deadline", finding(Wages, Major, false), Settings{MajorDays: 45}, []want{{KindCorrection, published.Add(45 * day), DeskReview, false}}},
		{"child labour", finding(ChildLabour, "", false), Settings{}, []want{
			{KindSafeguarding, published.Add(24 * time.Hour), OnSite, false},
			{KindRemediationPlan, published.Add(14 * day), DeskReview, false}}},
		{"young worker in hazardous work", finding(YoungWorkerHazardous, "", false), Settings{SafeguardingHours: 12}, []want{
			{KindSafeguarding, published.Add(12 * time.Hour), OnSite, false},
			{KindRemediationPlan, published.Add(14 * day), DeskReview, false}}},
		{"bonded labour", finding(ForcedBondedLabour, "", false), Settings{}, []want{{KindCorrection, published.Add(30 * day), OnSite, false}}},
		{"collaborative", finding(Wages, Major, true), Settings{}, []want{{KindCorrection, time.Time{}, DeskReview, true}}},
		{"collaborative child labour keeps safeguarding's deadline", finding(ChildLabour, "", true), Settings{}, []want{
			{KindSafeguarding, published.Add(24 * time.Hour), OnSite, false},
			{KindRemediationPlan, time.Time{}, DeskReview, true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := ActionsFor(tt.f, published, tt.s, karachi)
			if len(got) != len(tt.want) {
				t.Fatalf("%d actions, want %d", len(got), len(tt.want))
			}
			for i, a := range got {
				w := tt.want[i]
				if a.Kind != w.kind || !a.Due.Equal(w.due) || a.Verification != w.method || a.Collaborative != w.collab {
					t.Errorf("action %d: %s due %v by %s collaborative %v, want %+v", i, a.Kind, a.Due, a.Verification, a.Collaborative, w)
				}
				if a.State != ActionOpen || a.FindingID != "f1" || a.AuditID != "a1" || a.SupplierID != "sup-1" || a.HubID != "hub-1" || a.What == "" {
					t.Errorf("action %d: %+v", i, a)
				}
			}
		})
	}
}

func TestCanMoveAction(t *testing.T) {
	t.Parallel()
	type key struct {
		from, to ActionState
		role     domain.Role
	}
	allowed := map[key]bool{
		{ActionOpen, ActionInProgress, domain.RoleSupplierManager}:      true,
		{ActionRejected, ActionInProgress, domain.RoleSupplierManager}:  true,
		{ActionInProgress, ActionSubmitted, domain.RoleSupplierManager}: true,
	}
	for _, r := range []domain.Role{domain.RoleAuditor, domain.RoleHubAdmin, domain.RolePlatformAdmin} {
		allowed[key{ActionSubmitted, ActionVerified, r}] = true
		allowed[key{ActionSubmitted, ActionRejected, r}] = true
	}
	for _, from := range append(ActionStates, "bogus") {
		for _, to := range append(ActionStates, "bogus") {
			for _, r := range domain.Roles {
				if got := CanMoveAction(from, to, r); got != allowed[key{from, to, r}] {
					t.Errorf("CanMoveAction(%s, %s, %s) = %v", from, to, r, got)
				}
			}
		}
	}
}

// TestActionMoves makes every move from every state as every kind of caller.
func TestActionMoves(t *testing.T) {
	t.Parallel()
	do := map[ActionState]func(*Action, domain.Actor) error{
		ActionInProgress: func(a *Action, by domain.Actor) error { return a.Start(by, published) },
		ActionSubmitted:  func(a *Action, by domain.Actor) error { return a.Submit(by, "Done.", published) },
		ActionVerified:   func(a *Action, by domain.Actor) error { return a.Verify(by, published) },
		ActionRejected:   func(a *Action, by domain.Actor) error { return a.Reject(by, "The register is unsigned.", published) },
	}
	for to, f := range do {
		for _, from := range ActionStates {
			for _, by := range everybody {
				t.Run(fmt.Sprintf("%s/%s/%s", from, to, by.UserID), func(t *testing.T) {
					t.Parallel()
					a := Action{State: from, Verification: DeskReview, Evidence: []Evidence{{BlobID: "b"}}}
					err := f(&a, by)
					roleMay := false
					for _, m := range actionMoves {
						roleMay = roleMay || m.to == to && mayMoveAction(m, by.Role)
					}
					switch {
					case !roleMay:
						wantErr(t, err, domain.ErrForbidden)
					case !CanMoveAction(from, to, by.Role):
						wantErr(t, err, domain.ErrConflict)
						if err != nil && !strings.Contains(err.Error(), "is "+string(from)) {
							t.Errorf("error %q does not name the state %s", err, from)
						}
					default:
						wantErr(t, err, nil)
					}
					if want := map[bool]ActionState{true: to, false: from}[err == nil]; a.State != want {
						t.Errorf("state %s, want %s", a.State, want)
					}
				})
			}
		}
	}
}

func TestActionRules(t *testing.T) {
	t.Parallel()
	a := Action{State: ActionInProgress, Verification: DeskReview}
	checkErr(t, a.Submit(siteMgr, "", published), errInvalid) // a desk review needs a file
	onSite := Action{State: ActionInProgress, Verification: OnSite}
	checkErr(t, onSite.Submit(siteMgr, "", published), nil)

	checkErr(t, a.SetOwner(siteMgr, " ", published), errInvalid)
	checkErr(t, a.SetOwner(siteMgr, "Compliance manager", published), nil)
	checkErr(t, a.SetOwner(brandMgr, "x", published), domain.ErrForbidden)
	checkErr(t, a.AddEvidence(lead, Evidence{BlobID: "b"}), domain.ErrForbidden)
	checkErr(t, a.AddEvidence(siteMgr, Evidence{BlobID: "b"}), nil)
	checkErr(t, a.Submit(siteMgr, "Register fixed.", published), nil)
	checkErr(t, a.AddEvidence(siteMgr, Evidence{BlobID: "late"}), domain.ErrConflict)
	checkErr(t, a.Reject(lead, "", published), errInvalid)
	if a.State != ActionSubmitted {
		t.Fatalf("a reject without reason moved the action to %s", a.State)
	}
	checkErr(t, a.Reject(lead, "Unsigned.", published), nil)
	if a.RejectReason != "Unsigned." {
		t.Errorf("reason %q", a.RejectReason)
	}
	checkErr(t, a.AddEvidence(siteMgr, Evidence{BlobID: "signed"}), nil)
}

func TestOverdue(t *testing.T) {
	t.Parallel()
	due := published.Add(30 * 24 * time.Hour)
	tests := []struct {
		name  string
		state ActionState
		due   time.Time
		now   time.Time
		want  bool
	}{
		{"at the deadline", ActionOpen, due, due, false},
		{"just after", ActionOpen, due, due.Add(time.Second), true},
		{"in progress", ActionInProgress, due, due.Add(time.Hour), true},
		{"rejected", ActionRejected, due, due.Add(time.Hour), true},
		{"submitted waits on the hub", ActionSubmitted, due, due.Add(time.Hour), false},
		{"verified", ActionVerified, due, due.Add(time.Hour), false},
		{"collaborative", ActionOpen, time.Time{}, due.Add(time.Hour), false},
	}
	for _, tt := range tests {
		a := Action{State: tt.state, Due: tt.due}
		if got := a.Overdue(tt.now); got != tt.want {
			t.Errorf("%s: overdue %v", tt.name, got)
		}
	}
	a := Action{State: ActionOpen, Due: due}
	if a.MarkOverdueNotified(due) {
		t.Error("marked before overdue")
	}
	if !a.MarkOverdueNotified(due.Add(time.Hour)) || a.MarkOverdueNotified(due.Add(2*time.Hour)) {
		t.Error("an overdue action was not marked exactly once")
	}
}

// TestCheckVerifying: the hub's auditors off the audit's team read its
// corrective actions only; its team and the hub admins verify them.
func TestCheckVerifying(t *testing.T) {
	t.Parallel()
	a := inState(t, StatePublished)
	for _, c := range []struct {
		by   domain.Actor
		want error
	}{
		{lead, nil}, {member, nil}, {admin1, nil}, {platform, nil},
		{outsider, domain.ErrForbidden},
	} {
		checkErr(t, CheckVerifying(a, c.by), c.want)
	}
}
