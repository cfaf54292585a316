package casework

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/actionhub/actionhub/domain"
)

// ClosureReason is why a case closes.
type ClosureReason string

// Closure reasons.
const (
	// ClosedRemediated: ExitStreak consecutive follow-ups found the child
	// out of child labour and in education or permitted work.
	ClosedRemediated ClosureReason = "remediated"
	// ClosedAgedOut: the child reached legal working age in permitted work.
	ClosedAgedOut     ClosureReason = "aged_out_permitted_work"
	ClosedMovedAway   ClosureReason = "moved_away"
	ClosedLostContact ClosureReason = "lost_contact"
	ClosedTransferred ClosureReason = "transferred" // to another hub
)

// ClosureReasons lists every reason.
var ClosureReasons = []ClosureReason{ClosedRemediated, ClosedAgedOut, ClosedMovedAway, ClosedLostContact, ClosedTransferred}

// Valid reports whether r is a known reason.
func (r ClosureReason) Valid() bool { return slices.Contains(ClosureReasons, r) }

// Closure is the closure asked for (reason, note) and, once approved, when
// and by whom the case closed. A reopened case clears it; the history keeps it.
type Closure struct {
	Reason        ClosureReason
	Note          string // required for every reason but remediated
	TransferredTo string // the hub the case went to, for transferred
	ClosedAt      time.Time
	ClosedBy      string
}

// Settings are a hub's case-work settings.
type Settings struct {
	// LostContactTries is how many consecutive failed tries to reach the
	// child allow a closure as lost_contact.
	LostContactTries int
	// FollowUpMonths is the time between follow-up visits (monthly by default).
	FollowUpMonths int
	// RetentionYears is how long a closed case keeps the child's identity
	// before the retention purge clears it (README, "Retention").
	RetentionYears int
}

// DefaultSettings are the settings of a hub that set none.
var DefaultSettings = Settings{LostContactTries: 3, FollowUpMonths: 1, RetentionYears: 5}

// RequestClosure asks for the case to close for a reason, with a comment
// for the supervisor; approving it (Decide) closes the case. Every reason
// but remediated needs a note; transferred names the hub; lost_contact
// needs the hub's number of failed tries; remediated needs ExitStreak
// consecutive good follow-ups (checked again on approval). It returns a
// validation error for the input, and a conflict when the case is closed,
// a closure already waits, or the rules are not met.
func (c *Case) RequestClosure(cl Closure, set Settings, comment, by string, at time.Time) error {
	if err := c.checkOpen(); err != nil {
		return err
	}
	cl.Note, cl.TransferredTo = strings.TrimSpace(cl.Note), strings.TrimSpace(cl.TransferredTo)
	v := &domain.ValidationError{}
	switch {
	case !cl.Reason.Valid():
		v.Add("reason", "must be one of "+join(ClosureReasons))
	case cl.Reason != ClosedRemediated && cl.Note == "":
		v.Add("note", "is required to close for a reason other than remediated")
	}
	if utf8.RuneCountInString(cl.Note) > maxText {
		v.Add("note", fmt.Sprintf("must be at most %d characters", maxText))
	}
	switch {
	case cl.Reason == ClosedTransferred && cl.TransferredTo == "":
		v.Add("transferred_to", "names the hub the case goes to")
	case cl.Reason != ClosedTransferred && cl.TransferredTo != "":
		v.Add("transferred_to", "is for transferred cases only")
	case utf8.RuneCountInString(cl.TransferredTo) > maxShortText:
		v.Add("transferred_to", fmt.Sprintf("must be at most %d characters", maxShortText))
	}
	if err := v.OrNil(); err != nil {
		return err
	}
	set = set.OrDefaults()
	if cl.Reason == ClosedLostContact && c.ContactAttempts < set.LostContactTries {
		return domain.Conflictf("A case closes as lost_contact after %d failed tries to reach the child; %d are recorded.",
			set.LostContactTries, c.ContactAttempts)
	}
	if err := c.closable(cl.Reason); err != nil {
		return err
	}
	if c.Approvals.Closure.State == ApprovalRequested {
		return domain.Conflictf("A closure already waits for approval.")
	}
	c.Closure = Closure{Reason: cl.Reason, Note: cl.Note, TransferredTo: cl.TransferredTo}
	c.Approvals.Closure = Approval{}
	return c.request(SubjectClosure, comment, by, at)
}

// closable checks the rules that must still hold when a closure is approved.
func (c *Case) closable(r ClosureReason) error {
	if r == ClosedRemediated && c.FollowUpStreak < ExitStreak {
		return domain.Conflictf("A case closes as remediated after %d consecutive follow-ups find the child out of child labour; %d are recorded.",
			ExitStreak, c.FollowUpStreak)
	}
	if r == ClosedLostContact && c.ContactAttempts == 0 {
		// A visit reached the child after the closure was asked.
		return domain.Conflictf("The child was reached since the closure as lost_contact was asked.")
	}
	return nil
}

// Reopen reopens a closed case with a reason, which the history keeps
// along with the closure it undoes. It returns a validation error without
// a reason and a conflict for an open case.
func (c *Case) Reopen(reason, by string, at time.Time) error {
	if c.Status != StatusClosed {
		return domain.Conflictf("The case is open.")
	}
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return domain.Invalid("reason", "is required to reopen a case")
	case utf8.RuneCountInString(reason) > maxText:
		return domain.Invalid("reason", fmt.Sprintf("must be at most %d characters", maxText))
	}
	c.Status, c.Closure, c.Approvals.Closure = StatusOpen, Closure{}, Approval{}
	c.record(by, at, "reopened", reason, "status", "closure")
	return nil
}

// checkOpen refuses a change to a closed case.
func (c *Case) checkOpen() error {
	if c.Status == StatusClosed {
		return domain.Conflictf("The case is closed; reopen it first.")
	}
	return nil
}
