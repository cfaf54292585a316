package casework

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
)

// ObligationStatus is the supplier's own report on a plan action it owes.
type ObligationStatus string

// Obligation statuses the supplier reports: the case worker then confirms
// a done obligation (the action is delivered) or sends it back.
const (
	ObligationInProgress ObligationStatus = "in_progress"
	ObligationDone       ObligationStatus = "done"
)

// ObligationStatuses lists what the supplier may report.
var ObligationStatuses = []ObligationStatus{ObligationInProgress, ObligationDone}

// Valid reports whether s is a known status.
func (s ObligationStatus) Valid() bool { return slices.Contains(ObligationStatuses, s) }

// MaxObligationFiles bounds the evidence of one obligation.
const MaxObligationFiles = 10

// Progress is the supplier's report on an obligation and the case
// worker's answer. It never holds the child's identity: the supplier
// writes the note, and a file that shows a person is refused.
type Progress struct {
	Status       ObligationStatus
	Note         string
	Evidence     []audit.Evidence
	ReportedBy   string
	Reported     time.Time
	RejectReason string // why the case worker sent "done" back
}

// obligation returns the supplier-owned plan action with the ID; others
// answer as unknown, to the supplier as to anyone.
func (c *Case) obligation(actionID string) (*PlanAction, error) {
	a, ok := c.Action(actionID)
	if !ok || a.Owner != PartySupplier {
		return nil, domain.NotVisible("obligation")
	}
	return a, nil
}

// ReportObligation records the supplier's progress on an obligation: in
// progress, or done (for the case worker to confirm) with a note. Errors:
// not found for an action that is not the supplier's; a validation error
// for a bad status or note; a conflict on a delivered or cancelled action
// or a closed case.
func (c *Case) ReportObligation(actionID string, st ObligationStatus, note, by string, at time.Time) error {
	if err := c.checkOpen(); err != nil {
		return err
	}
	a, err := c.obligation(actionID)
	if err != nil {
		return err
	}
	note = strings.TrimSpace(note)
	v := &domain.ValidationError{}
	if !st.Valid() {
		v.Add("status", "must be one of "+join(ObligationStatuses))
	}
	if utf8.RuneCountInString(note) > maxText {
		v.Add("note", fmt.Sprintf("must be at most %d characters", maxText))
	}
	if st == ObligationDone && note == "" {
		v.Add("note", "is required when the obligation is done: say what was done")
	}
	if err := v.OrNil(); err != nil {
		return err
	}
	if a.Status == ActionDelivered || a.Status == ActionCancelled {
		return domain.Conflictf("The obligation is %s.", a.Status)
	}
	p := Progress{}
	if a.Progress != nil {
		p = *a.Progress
	}
	p.Status, p.Note, p.ReportedBy, p.Reported, p.RejectReason = st, note, by, at, ""
	a.Progress = &p
	if a.Status == ActionPlanned {
		a.Status = ActionInProgress
	}
	a.Updated, a.UpdatedBy = at, by
	c.record(by, at, "obligation_progress", "", "plan")
	return nil
}

// CheckObligationFile says whether a file may be added to an obligation,
// before a byte is stored: the same rules as AddObligationFile.
func (c *Case) CheckObligationFile(actionID string) error {
	if err := c.checkOpen(); err != nil {
		return err
	}
	a, err := c.obligation(actionID)
	if err != nil {
		return err
	}
	if a.Status == ActionDelivered || a.Status == ActionCancelled {
		return domain.Conflictf("The obligation is %s.", a.Status)
	}
	if a.Progress != nil && len(a.Progress.Evidence) >= MaxObligationFiles {
		return domain.Conflictf("An obligation holds at most %d files.", MaxObligationFiles)
	}
	return nil
}

// AddObligationFile keeps an evidence file on an obligation. A file that
// shows or names a person is refused: the supplier must not send the
// child's likeness or papers through the hub.
func (c *Case) AddObligationFile(actionID string, e audit.Evidence, by string, at time.Time) error {
	if err := c.CheckObligationFile(actionID); err != nil {
		return err
	}
	if e.ShowsPerson {
		return domain.Invalid("shows_person", "a file that shows or names a person is not kept on an obligation")
	}
	a, _ := c.obligation(actionID)
	if a.Progress == nil {
		a.Progress = &Progress{Status: ObligationInProgress, ReportedBy: by, Reported: at}
	}
	a.Progress.Evidence = append(a.Progress.Evidence, e)
	if a.Status == ActionPlanned {
		a.Status = ActionInProgress
	}
	a.Updated, a.UpdatedBy = at, by
	c.record(by, at, "obligation_file", "", "plan")
	return nil
}

// ConfirmObligation is the case worker's answer to an obligation the
// supplier reported done: confirmed, the action is delivered; sent back,
// it is in progress again with the reason. Errors: not found; a conflict
// unless the supplier reported it done; a validation error for sending
// back without a reason.
func (c *Case) ConfirmObligation(actionID string, confirm bool, reason, by string, at time.Time) error {
	if err := c.checkOpen(); err != nil {
		return err
	}
	a, err := c.obligation(actionID)
	if err != nil {
		return err
	}
	if a.Progress == nil || a.Progress.Status != ObligationDone || a.Status == ActionDelivered || a.Status == ActionCancelled {
		return domain.Conflictf("The supplier has not reported the obligation done.")
	}
	reason = strings.TrimSpace(reason)
	if confirm {
		a.Status = ActionDelivered
	} else {
		switch {
		case reason == "":
			return domain.Invalid("reason", "is required to send an obligation back")
		case utf8.RuneCountInString(reason) > maxReason:
			return domain.Invalid("reason", fmt.Sprintf("must be at most %d characters", maxReason))
		}
		a.Progress.Status, a.Progress.RejectReason = ObligationInProgress, reason
	}
	a.Updated, a.UpdatedBy = at, by
	c.record(by, at, "obligation_confirm", "", "plan")
	return nil
}
