package casework

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/actionhub/actionhub/domain"
)

// Subject is what a supervisor approves.
type Subject string

// Approval subjects.
const (
	SubjectAssessment Subject = "assessment"
	SubjectPlan       Subject = "plan"
	SubjectClosure    Subject = "closure"
)

// Subjects lists every subject.
var Subjects = []Subject{SubjectAssessment, SubjectPlan, SubjectClosure}

// Valid reports whether s is a known subject.
func (s Subject) Valid() bool { return slices.Contains(Subjects, s) }

// ApprovalState is where an approval stands; empty when never requested.
type ApprovalState string

// Approval states.
const (
	ApprovalRequested ApprovalState = "requested"
	ApprovalApproved  ApprovalState = "approved"
	ApprovalRejected  ApprovalState = "rejected"
)

// Approval is one supervisor approval: who asked and why, who decided and why.
type Approval struct {
	State           ApprovalState
	RequestedBy     string
	RequestedAt     time.Time
	RequestComment  string
	DecidedBy       string
	DecidedAt       time.Time
	DecisionComment string
}

// Approvals are the case's three approvals.
type Approvals struct {
	Assessment Approval
	Plan       Approval
	Closure    Approval
}

// of returns the approval of a subject.
func (a *Approvals) of(s Subject) *Approval {
	switch s {
	case SubjectAssessment:
		return &a.Assessment
	case SubjectPlan:
		return &a.Plan
	}
	return &a.Closure
}

// Of returns the approval of a subject.
func (a Approvals) Of(s Subject) Approval { return *a.of(s) }

// RequestApproval asks a supervisor to approve the subject, with a comment.
// The assessment must be recorded and the plan hold an action; a closure
// is asked with RequestClosure. It returns a validation error for an
// unknown subject or a long comment, and a conflict when the subject is
// not ready, already waits for a decision or is approved, or the case is closed.
func (c *Case) RequestApproval(s Subject, comment, by string, at time.Time) error {
	if err := c.checkOpen(); err != nil {
		return err
	}
	if !s.Valid() || s == SubjectClosure {
		return domain.Invalid("subject", "must be assessment or plan (a closure is requested with its reason)")
	}
	switch {
	case s == SubjectAssessment && !c.Assessment.Recorded():
		return domain.Conflictf("Record the assessment before asking for its approval.")
	case s == SubjectPlan && len(c.Plan) == 0:
		return domain.Conflictf("Add an action to the plan before asking for its approval.")
	}
	return c.request(s, comment, by, at)
}

func (c *Case) request(s Subject, comment, by string, at time.Time) error {
	comment = strings.TrimSpace(comment)
	if utf8.RuneCountInString(comment) > maxText {
		return domain.Invalid("comment", fmt.Sprintf("must be at most %d characters", maxText))
	}
	ap := c.Approvals.of(s)
	switch ap.State {
	case ApprovalRequested:
		return domain.Conflictf("The %s already waits for approval.", s)
	case ApprovalApproved:
		return domain.Conflictf("The %s is already approved.", s)
	}
	*ap = Approval{State: ApprovalRequested, RequestedBy: by, RequestedAt: at, RequestComment: comment}
	c.record(by, at, "approval_requested", "", "approvals."+string(s))
	return nil
}

// Decide approves or rejects the subject's pending request. Nobody decides
// their own request (Primero keeps self-approval a separate permission;
// here nobody holds it). A rejection needs a comment. Approving a closure
// closes the case (Close's rules apply). It returns domain.ErrForbidden for
// one's own request, a validation error for a rejection without a comment,
// and a conflict when nothing waits for a decision.
func (c *Case) Decide(s Subject, approve bool, comment, by string, at time.Time) error {
	if !s.Valid() {
		return domain.Invalid("subject", "must be one of "+join(Subjects))
	}
	ap := c.Approvals.of(s)
	if ap.State != ApprovalRequested {
		return domain.Conflictf("No approval of the %s is waiting for a decision.", s)
	}
	if ap.RequestedBy == by {
		return domain.Forbiddenf("You asked for this approval; another supervisor decides it.")
	}
	comment = strings.TrimSpace(comment)
	switch {
	case !approve && comment == "":
		return domain.Invalid("comment", "is required to reject")
	case utf8.RuneCountInString(comment) > maxText:
		return domain.Invalid("comment", fmt.Sprintf("must be at most %d characters", maxText))
	}
	if approve && s == SubjectClosure {
		if err := c.closable(c.Closure.Reason); err != nil {
			return err
		}
	}
	ap.DecidedBy, ap.DecidedAt, ap.DecisionComment = by, at, comment
	if !approve {
		ap.State = ApprovalRejected
		c.record(by, at, "approval_rejected", "", "approvals."+string(s))
		return nil
	}
	ap.State = ApprovalApproved
	if s == SubjectClosure {
		c.Status, c.Closure.ClosedAt, c.Closure.ClosedBy = StatusClosed, at, by
		c.record(by, at, "closed", string(c.Closure.Reason), "approvals.closure", "status")
		return nil
	}
	c.record(by, at, "approval_approved", "", "approvals."+string(s))
	return nil
}
