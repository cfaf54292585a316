package casework

import "slices"

// Stage is where a case stands in the workflow (after Primero), derived
// from what was recorded and never set by hand.
type Stage string

// Stages, in order.
const (
	StageIdentified         Stage = "identified"
	StageAgeVerified        Stage = "age_verified"
	StageImmediateAction    Stage = "immediate_action"
	StageAssessment         Stage = "assessment"
	StageRemediationPlan    Stage = "remediation_plan"
	StageServicesInProgress Stage = "services_in_progress"
	StageMonitoring         Stage = "monitoring"
	StageExitCriteriaMet    Stage = "exit_criteria_met"
	StageClosure            Stage = "closure"
	StageClosed             Stage = "closed"
)

// Stages lists every stage in order.
var Stages = []Stage{StageIdentified, StageAgeVerified, StageImmediateAction, StageAssessment, StageRemediationPlan,
	StageServicesInProgress, StageMonitoring, StageExitCriteriaMet, StageClosure, StageClosed}

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool { return slices.Contains(Stages, s) }

// ExitStreak is how many consecutive follow-ups must find the child out of
// child labour and in education or permitted work before the case may
// close as remediated (design §2, step 7).
const ExitStreak = 2

// DeriveStage returns the last stage whose step is complete, each step
// needing the ones before it:
//
//   - age_verified: the age is known and how it was verified is recorded;
//   - immediate_action: the immediate action is recorded, or none is needed
//     because the work is neither hazardous nor a worst form;
//   - assessment: the best-interest assessment is recorded;
//   - remediation_plan: the assessment is approved and the plan has an action;
//   - services_in_progress: the plan is approved and an action has started
//     or been delivered;
//   - monitoring: a follow-up visit was recorded;
//   - exit_criteria_met: ExitStreak consecutive follow-ups found the child
//     out of child labour.
//
// A closure awaiting approval is at closure whatever came before (a child
// may move away at any stage), and a closed case is closed.
func DeriveStage(c Case) Stage {
	switch {
	case c.Status == StatusClosed:
		return StageClosed
	case c.Approvals.Closure.State == ApprovalRequested:
		return StageClosure
	}
	steps := []struct {
		stage Stage
		done  bool
	}{
		{StageAgeVerified, c.Child.AgeYears > 0 && c.Child.AgeMethod != ""},
		{StageImmediateAction, c.Immediate.Recorded() || !c.Classification.Hazardous()},
		{StageAssessment, c.Assessment.Recorded()},
		{StageRemediationPlan, c.Approvals.Assessment.State == ApprovalApproved && len(c.Plan) > 0},
		{StageServicesInProgress, c.Approvals.Plan.State == ApprovalApproved && c.started()},
		{StageMonitoring, c.FollowUps > 0},
		{StageExitCriteriaMet, c.FollowUpStreak >= ExitStreak},
	}
	stage := StageIdentified
	for _, s := range steps {
		if !s.done {
			break
		}
		stage = s.stage
	}
	return stage
}

// started reports whether a plan action has started or been delivered.
func (c *Case) started() bool {
	for _, a := range c.Plan {
		if a.Status == ActionInProgress || a.Status == ActionDelivered {
			return true
		}
	}
	return false
}
