package casework

import (
	"errors"
	"testing"
	"time"

	"github.com/actionhub/actionhub/domain"
)

func TestDeriveStage(t *testing.T) {
	approved := Approval{State: ApprovalApproved}
	for _, tc := range []struct {
		name string
		edit func(*Case)
		want Stage
	}{
		{"age not verified", func(c *Case) { c.Child.AgeMethod = "" }, StageIdentified},
		{"age unknown", func(c *Case) { c.Child.AgeYears = 0 }, StageIdentified},
		{"age verified, hazardous, no immediate action", func(c *Case) {}, StageAgeVerified},
		{"assessment without immediate action stays", func(c *Case) { c.Assessment.Risk = RiskHigh }, StageAgeVerified},
		{"immediate action", func(c *Case) { c.Immediate.At = later }, StageImmediateAction},
		{"assessment", func(c *Case) { c.Immediate.At = later; c.Assessment.Risk = RiskHigh }, StageAssessment},
		{"plan without approved assessment", func(c *Case) {
			c.Immediate.At = later
			c.Assessment.Risk = RiskHigh
			c.Plan = []PlanAction{{Status: ActionPlanned}}
		}, StageAssessment},
		{"remediation plan", func(c *Case) {
			c.Immediate.At, c.Assessment.Risk, c.Approvals.Assessment = later, RiskHigh, approved
			c.Plan = []PlanAction{{Status: ActionPlanned}}
		}, StageRemediationPlan},
		{"plan approved, nothing started", func(c *Case) {
			c.Immediate.At, c.Assessment.Risk, c.Approvals.Assessment, c.Approvals.Plan = later, RiskHigh, approved, approved
			c.Plan = []PlanAction{{Status: ActionPlanned}}
		}, StageRemediationPlan},
		{"services in progress", func(c *Case) {
			c.Immediate.At, c.Assessment.Risk, c.Approvals.Assessment, c.Approvals.Plan = later, RiskHigh, approved, approved
			c.Plan = []PlanAction{{Status: ActionInProgress}}
		}, StageServicesInProgress},
		{"monitoring", func(c *Case) {
			c.Immediate.At, c.Assessment.Risk, c.Approvals.Assessment, c.Approvals.Plan = later, RiskHigh, approved, approved
			c.Plan = []PlanAction{{Status: ActionDelivered}}
			c.FollowUps, c.FollowUpStreak = 1, 1
		}, StageMonitoring},
		{"exit criteria met", func(c *Case) {
			c.Immediate.At, c.Assessment.Risk, c.Approvals.Assessment, c.Approvals.Plan = later, RiskHigh, approved, approved
			c.Plan = []PlanAction{{Status: ActionDelivered}}
			c.FollowUps, c.FollowUpStreak = 3, 2
		}, StageExitCriteriaMet},
		{"follow-ups without a started plan stay", func(c *Case) { c.FollowUps, c.FollowUpStreak = 3, 2 }, StageAgeVerified},
		{"closure requested early", func(c *Case) { c.Approvals.Closure.State = ApprovalRequested }, StageClosure},
		{"closed", func(c *Case) { c.Status = StatusClosed }, StageClosed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := openTannery(t)
			tc.edit(&c)
			if got := DeriveStage(c); got != tc.want {
				t.Errorf("DeriveStage = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestNonHazardousNeedsNoImmediateAction(t *testing.T) {
	c := openTannery(t)
	c.Classification.Class, c.Classification.Applies = "permitted_work", nil
	if got := DeriveStage(c); got != StageImmediateAction {
		t.Errorf("stage = %s, want immediate_action (none needed)", got)
	}
}

// readyForApproval is the Multan case with an assessment and a plan.
func readyForApproval(t *testing.T) Case {
	c := openTannery(t)
	must(t, c.RecordImmediateAction(identified.Add(3*time.Hour), "Taken home with his mother.", "aud-1", later.Add(2*time.Hour)))
	must(t, c.RecordAssessment(Assessment{Risk: RiskHigh, Summary: "Out of school two years; family in debt."}, "cw-1", later))
	for i, k := range []ActionKind{KindEducation, KindStipend, KindBirthRegistration} {
		owner := PartyHub
		if k == KindStipend {
			owner = PartySupplier
		}
		_, err := c.AddAction(string(rune('a'+i)), NewAction{Kind: k, Owner: owner, Due: later.AddDate(0, 1, 0), StipendMonthlyPKR: map[bool]int64{true: 9000}[k == KindStipend]}, "cw-1", later)
		must(t, err)
	}
	return c
}

func TestApprovals(t *testing.T) {
	c := readyForApproval(t)
	if err := c.Decide(SubjectAssessment, true, "", "sup-1", later); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("decide with nothing requested: %v", err)
	}
	must(t, c.RequestApproval(SubjectAssessment, "Please review.", "cw-1", later))
	if err := c.RequestApproval(SubjectAssessment, "", "cw-1", later); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("second request: %v", err)
	}
	if err := c.RecordAssessment(Assessment{Risk: RiskLow, Summary: "x"}, "cw-1", later); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("change while waiting: %v", err)
	}
	if err := c.Decide(SubjectAssessment, true, "", "cw-1", later); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("self-approval: %v, want forbidden", err)
	}
	var v *domain.ValidationError
	if err := c.Decide(SubjectAssessment, false, " ", "sup-1", later); !errors.As(err, &v) {
		t.Errorf("rejection without comment: %v", err)
	}
	must(t, c.Decide(SubjectAssessment, false, "Say who else lives at home.", "sup-1", later))
	if ap := c.Approvals.Assessment; ap.State != ApprovalRejected || ap.DecisionComment == "" || ap.DecidedBy != "sup-1" {
		t.Errorf("rejected approval = %+v", ap)
	}
	must(t, c.RecordAssessment(Assessment{Risk: RiskHigh, Summary: "Lives with parents and five siblings."}, "cw-1", later))
	must(t, c.RequestApproval(SubjectAssessment, "", "cw-1", later))
	must(t, c.Decide(SubjectAssessment, true, "", "sup-1", later))
	if c.Stage != StageRemediationPlan {
		t.Errorf("stage = %s, want remediation_plan", c.Stage)
	}
	must(t, c.RecordAssessment(Assessment{Risk: RiskMedium, Summary: "Father back at work."}, "cw-1", later))
	if c.Approvals.Assessment.State != "" || c.Stage != StageAssessment {
		t.Errorf("a changed assessment keeps its approval: %+v, %s", c.Approvals.Assessment, c.Stage)
	}
	if err := c.RequestApproval(SubjectClosure, "", "cw-1", later); err == nil {
		t.Error("a closure asked for as a plain approval")
	}
	empty := openTannery(t)
	for _, s := range []Subject{SubjectAssessment, SubjectPlan} {
		if err := empty.RequestApproval(s, "", "cw-1", later); !errors.Is(err, domain.ErrConflict) {
			t.Errorf("%s not ready: %v", s, err)
		}
	}
}

func TestClosure(t *testing.T) {
	set := DefaultSettings
	for _, tc := range []struct {
		name    string
		cl      Closure
		streak  int
		tries   int
		wantErr error // nil, ErrConflict; validation errors as errInvalid
		invalid bool
	}{
		{"remediated after two good follow-ups", Closure{Reason: ClosedRemediated}, 2, 0, nil, false},
		{"remediated after one", Closure{Reason: ClosedRemediated}, 1, 0, domain.ErrConflict, false},
		{"moved away with a note", Closure{Reason: ClosedMovedAway, Note: "Family moved to Lahore."}, 0, 0, nil, false},
		{"moved away without a note", Closure{Reason: ClosedMovedAway}, 0, 0, nil, true},
		{"aged out without a note", Closure{Reason: ClosedAgedOut}, 0, 0, nil, true},
		{"lost contact after 3 tries", Closure{Reason: ClosedLostContact, Note: "Phone off, house empty."}, 0, 3, nil, false},
		{"lost contact after 2 tries", Closure{Reason: ClosedLostContact, Note: "Phone off."}, 0, 2, domain.ErrConflict, false},
		{"transferred without the hub", Closure{Reason: ClosedTransferred, Note: "Moved."}, 0, 0, nil, true},
		{"transferred", Closure{Reason: ClosedTransferred, Note: "Moved to Dhaka.", TransferredTo: "hub-bd"}, 0, 0, nil, false},
		{"unknown reason", Closure{Reason: "bored"}, 0, 0, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := readyForApproval(t)
			c.FollowUpStreak, c.ContactAttempts = tc.streak, tc.tries
			err := c.RequestClosure(tc.cl, set, "Ready to close.", "cw-1", later)
			var v *domain.ValidationError
			switch {
			case tc.invalid:
				if !errors.As(err, &v) {
					t.Fatalf("err = %v, want a validation error", err)
				}
				return
			case tc.wantErr != nil:
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				return
			}
			must(t, err)
			if c.Stage != StageClosure || c.Status != StatusOpen {
				t.Fatalf("after request: %s %s", c.Stage, c.Status)
			}
			if err := c.Decide(SubjectClosure, true, "", "cw-1", later); !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("self-approved closure: %v", err)
			}
			must(t, c.Decide(SubjectClosure, true, "Agreed.", "sup-1", later.Add(time.Hour)))
			if c.Status != StatusClosed || c.Stage != StageClosed || c.Closure.ClosedBy != "sup-1" || c.Closure.Reason != tc.cl.Reason {
				t.Errorf("after approval: %s %s %+v", c.Status, c.Stage, c.Closure)
			}
			if _, err := c.AddAction("z", NewAction{Kind: KindHealth, Owner: PartyHub, Due: later}, "cw-1", later); !errors.Is(err, domain.ErrConflict) {
				t.Errorf("edit of a closed case: %v", err)
			}
			if err := c.Reopen("", "cw-1", later); err == nil {
				t.Error("reopen without a reason")
			}
			n := len(c.History)
			must(t, c.Reopen("The child was found back at work.", "cw-1", later.Add(2*time.Hour)))
			if c.Status != StatusOpen || c.Closure.Reason != "" || c.Stage == StageClosed || len(c.History) != n+1 {
				t.Errorf("after reopen: %s %s %+v", c.Status, c.Stage, c.Closure)
			}
			if h := c.History[n]; h.What != "reopened" || h.Note == "" {
				t.Errorf("reopen history = %+v", h)
			}
			if err := c.Reopen("again", "cw-1", later); !errors.Is(err, domain.ErrConflict) {
				t.Errorf("reopen an open case: %v", err)
			}
		})
	}
}

func TestRemediatedClosureRecheckedOnApproval(t *testing.T) {
	c := readyForApproval(t)
	c.FollowUpStreak = 2
	must(t, c.RequestClosure(Closure{Reason: ClosedRemediated}, DefaultSettings, "", "cw-1", later))
	c.FollowUpStreak = 0 // a follow-up found the child back at work meanwhile
	if err := c.Decide(SubjectClosure, true, "", "sup-1", later); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("approval after the streak broke: %v", err)
	}
}

func TestRecordRederivesTheStage(t *testing.T) {
	c := readyForApproval(t)
	must(t, c.RequestApproval(SubjectAssessment, "", "cw-1", later))
	must(t, c.Decide(SubjectAssessment, true, "", "sup-1", later))
	must(t, c.RequestApproval(SubjectPlan, "", "cw-1", later))
	must(t, c.Decide(SubjectPlan, true, "", "sup-1", later))
	must(t, c.SetActionStatus("a", ActionInProgress, "cw-1", later))
	c.FollowUps, c.FollowUpStreak = 2, 2
	must(t, c.Record("cw-1", later, "follow_up", "", "follow_ups"))
	if c.Stage != StageExitCriteriaMet || c.History[len(c.History)-1].What != "follow_up" {
		t.Errorf("stage %s after two good follow-ups", c.Stage)
	}
	c.Status = StatusClosed
	if err := c.Record("cw-1", later, "follow_up", ""); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("Record on a closed case: %v", err)
	}
}
