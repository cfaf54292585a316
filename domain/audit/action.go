package audit

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/actionhub/actionhub/domain"
)

// ActionKind says why a corrective action exists.
type ActionKind string

// Action kinds.
const (
	// KindCorrection corrects a finding.
	KindCorrection ActionKind = "correction"
	// KindSafeguarding makes a child (or a young worker in hazardous work)
	// safe at once: out of the work, not dismissed, wages kept, the hub told.
	KindSafeguarding ActionKind = "safeguarding"
	// KindRemediationPlan agrees the child's remediation plan with the hub.
	KindRemediationPlan ActionKind = "remediation_plan"
)

// ActionKinds lists every action kind.
var ActionKinds = []ActionKind{KindCorrection, KindSafeguarding, KindRemediationPlan}

// Method is how the hub checks an action was done.
type Method string

// Verification methods.
const (
	DeskReview Method = "desk_review" // from the evidence the site uploads
	OnSite     Method = "on_site"     // an auditor goes to see
)

// Methods lists every verification method.
var Methods = []Method{DeskReview, OnSite}

// ActionState is where a corrective action stands.
type ActionState string

// Action states.
const (
	ActionOpen       ActionState = "open"
	ActionInProgress ActionState = "in_progress"
	ActionSubmitted  ActionState = "submitted" // the site says it is done
	ActionVerified   ActionState = "verified"
	ActionRejected   ActionState = "rejected" // the hub found it not done; the site resumes
)

// ActionStates lists every action state.
var ActionStates = []ActionState{ActionOpen, ActionInProgress, ActionSubmitted, ActionVerified, ActionRejected}

// PendingStates are the states in which an action waits on the site, so its
// deadline runs. A submitted action waits on the hub and is not overdue.
var PendingStates = []ActionState{ActionOpen, ActionInProgress, ActionRejected}

// Action is a corrective action the supplier owes for a finding.
type Action struct {
	ID            string
	Version       int64
	HubID         string
	AuditID       string
	FindingID     string
	SupplierID    string
	Kind          ActionKind
	What          string
	Owner         string    // who at the site answers for it; named by the site
	Due           time.Time // zero for a collaborative action: no fixed deadline
	Verification  Method
	Collaborative bool
	State         ActionState
	Evidence      []Evidence
	Note          string // the site's last word on its progress
	RejectReason  string
	// Sent-marks of the reminder and escalation jobs, kept with the action
	// so that each is sent once whatever happens to the queue.
	Reminded7Days   time.Time
	Reminded1Day    time.Time
	OverdueNotified time.Time
	Created         time.Time
	Submitted       time.Time
	Verified        time.Time
	VerifiedBy      string
	Updated         time.Time
}

var correctionWhat = "Correct the finding and upload evidence that shows it corrected."

// ActionsFor makes the corrective actions a finding gets when its audit is
// published at published, with deadlines from s (defaults for zero
// fields) counted in the hub's time zone loc:
//   - an observation gets none: it notes a practice to improve, not a breach;
//   - a finding that makes a case (child labour, a young worker in hazardous
//     work) gets two: safeguarding within SafeguardingHours, checked on site,
//     and a remediation plan within RemediationPlanDays, checked on paper;
//     safeguarding keeps its deadline even when the finding is
//     collaborative: a child's safety does not wait for partners;
//   - any other finding gets one correction, due by severity; critical ones
//     are checked on site, others on paper;
//   - a collaborative finding's correction (or plan) has no deadline.
//
// IDs are left to the caller.
func ActionsFor(f Finding, published time.Time, s Settings, loc *time.Location) []Action {
	s = s.OrDefaults()
	base := Action{
		HubID: f.HubID, AuditID: f.AuditID, FindingID: f.ID, SupplierID: f.SupplierID,
		Collaborative: f.Collaborative, State: ActionOpen, Created: published, Updated: published,
	}
	at := published.In(loc)
	due := func(days int) time.Time {
		if f.Collaborative {
			return time.Time{}
		}
		return at.AddDate(0, 0, days).UTC()
	}
	if f.Category.CaseDue() {
		safe, plan := base, base
		safe.Kind, safe.Verification, safe.Collaborative = KindSafeguarding, OnSite, false
		safe.What = "Take the child out of the work at once, keep them safe with their pay, and tell the hub."
		safe.Due = published.Add(time.Duration(s.SafeguardingHours) * time.Hour).UTC()
		plan.Kind, plan.Verification, plan.Due = KindRemediationPlan, DeskReview, due(s.RemediationPlanDays)
		plan.What = "Agree the child's remediation plan with the hub: schooling, a stipend for lost income, and the family's support."
		return []Action{safe, plan}
	}
	a := base
	a.Kind, a.What, a.Verification = KindCorrection, correctionWhat, DeskReview
	switch f.Severity {
	case Critical:
		a.Due, a.Verification = due(s.CriticalDays), OnSite
	case Major:
		a.Due = due(s.MajorDays)
	case Minor:
		a.Due = due(s.MinorDays)
	default:
		return nil
	}
	return []Action{a}
}

// actionMove is one allowed move of an action and who may make it.
type actionMove struct {
	from, to ActionState
	site     bool // the supplier's manager
	hub      bool // auditors and hub admins (and the platform)
}

// actionMoves: the site starts, submits and resumes after a rejection; the
// hub verifies or rejects.
var actionMoves = []actionMove{
	{ActionOpen, ActionInProgress, true, false},
	{ActionRejected, ActionInProgress, true, false},
	{ActionInProgress, ActionSubmitted, true, false},
	{ActionSubmitted, ActionVerified, false, true},
	{ActionSubmitted, ActionRejected, false, true},
}

// CanMoveAction reports whether role may move an action from one state to
// another.
func CanMoveAction(from, to ActionState, role domain.Role) bool {
	for _, m := range actionMoves {
		if m.from == from && m.to == to && mayMoveAction(m, role) {
			return true
		}
	}
	return false
}

func mayMoveAction(m actionMove, role domain.Role) bool {
	return m.site && role == domain.RoleSupplierManager || m.hub && (role == domain.RoleAuditor || admin(role))
}

// check returns domain.ErrForbidden when role never makes a move to to, and
// domain.ErrConflict naming the current state when the action is elsewhere.
func (a *Action) check(to ActionState, role domain.Role) error {
	roleOK, fromOK := false, false
	var froms []ActionState
	for _, m := range actionMoves {
		if m.to == to && mayMoveAction(m, role) {
			roleOK = true
			froms = append(froms, m.from)
			fromOK = fromOK || m.from == a.State
		}
	}
	switch {
	case !roleOK:
		return forbidden(fmt.Sprintf("A %s may not move a corrective action to %s.", role, to))
	case !fromOK:
		return domain.Conflictf("The corrective action is %s, so it cannot move to %s (only from %s).", a.State, to, join(froms))
	}
	return nil
}

// Start records the site beginning the work (or resuming after a rejection).
func (a *Action) Start(by domain.Actor, at time.Time) error {
	if err := a.check(ActionInProgress, by.Role); err != nil {
		return err
	}
	a.State, a.Updated = ActionInProgress, at
	return nil
}

// Submit records the site saying the work is done. A desk review needs at
// least one file to review; an on-site check needs none.
func (a *Action) Submit(by domain.Actor, note string, at time.Time) error {
	if err := a.check(ActionSubmitted, by.Role); err != nil {
		return err
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > maxReason {
		return domain.Invalid("note", fmt.Sprintf("must be at most %d characters", maxReason))
	}
	if a.Verification == DeskReview && len(a.Evidence) == 0 {
		return domain.Invalid("evidence", "a desk review needs at least one file: upload evidence first")
	}
	a.State, a.Note, a.Submitted, a.Updated = ActionSubmitted, note, at, at
	return nil
}

// Verify records the hub confirming the work is done.
func (a *Action) Verify(by domain.Actor, at time.Time) error {
	if err := a.check(ActionVerified, by.Role); err != nil {
		return err
	}
	a.State, a.Verified, a.VerifiedBy, a.RejectReason, a.Updated = ActionVerified, at, by.UserID, "", at
	return nil
}

// CheckVerifying returns nil when by may verify or reject the corrective
// actions of audit a as far as the audit decides: the hub's other auditors
// read them only (they are not on a's team), so an auditor must be on it.
// Hub admins and the platform pass; the move's own role rule still applies.
// Otherwise an error wrapping domain.ErrForbidden.
func CheckVerifying(a Audit, by domain.Actor) error {
	if by.Role == domain.RoleAuditor && !a.OnTeam(by.UserID) {
		return forbidden("Only an auditor on the audit's team, or a hub admin, verifies its corrective actions.")
	}
	return nil
}

// Reject records the hub finding the work not done, with the reason the
// site is told; the site resumes it (Start).
func (a *Action) Reject(by domain.Actor, reason string, at time.Time) error {
	if err := a.check(ActionRejected, by.Role); err != nil {
		return err
	}
	reason, err := requireReason(reason)
	if err != nil {
		return err
	}
	a.State, a.RejectReason, a.Updated = ActionRejected, reason, at
	return nil
}

// siteEdits returns nil when by may change an action's owner or evidence:
// the supplier's manager while the action waits on the site.
func (a *Action) siteEdits(by domain.Actor) error {
	if by.Role != domain.RoleSupplierManager {
		return forbidden("Only the supplier's manager updates a corrective action.")
	}
	if !slices.Contains(PendingStates, a.State) {
		return domain.Conflictf("The corrective action is %s, and only an open, in_progress or rejected action changes.", a.State)
	}
	return nil
}

// SetOwner names who at the site answers for the action.
func (a *Action) SetOwner(by domain.Actor, owner string, at time.Time) error {
	if err := a.siteEdits(by); err != nil {
		return err
	}
	owner = strings.TrimSpace(owner)
	switch {
	case owner == "":
		return domain.Invalid("owner", "is required")
	case utf8.RuneCountInString(owner) > maxShortText:
		return domain.Invalid("owner", fmt.Sprintf("must be at most %d characters", maxShortText))
	}
	a.Owner, a.Updated = owner, at
	return nil
}

// AddEvidence attaches a file the site uploaded while the action waits on it.
func (a *Action) AddEvidence(by domain.Actor, e Evidence) error {
	if err := a.siteEdits(by); err != nil {
		return err
	}
	if len(a.Evidence) >= maxEvidence {
		return domain.Invalid("file", fmt.Sprintf("a corrective action holds at most %d files", maxEvidence))
	}
	a.Evidence, a.Updated = append(a.Evidence, e), e.Created
	return nil
}

// Overdue reports whether the action's deadline has passed while it waits
// on the site. A collaborative action has none and is never overdue.
func (a *Action) Overdue(now time.Time) bool {
	return !a.Due.IsZero() && now.After(a.Due) && slices.Contains(PendingStates, a.State)
}

// MarkOverdueNotified records that the overdue escalation went out; false
// when it already had (or the action is not overdue), so that a sweep run
// twice escalates once.
func (a *Action) MarkOverdueNotified(now time.Time) bool {
	if !a.OverdueNotified.IsZero() || !a.Overdue(now) {
		return false
	}
	a.OverdueNotified = now
	return true
}
