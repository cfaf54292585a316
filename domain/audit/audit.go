package audit

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/actionhub/actionhub/domain"
)

// Type is the kind of audit (after SMETA's full initial, periodic and
// follow-up audits, and a verification of corrective actions).
type Type string

// Audit types.
const (
	TypeInitial      Type = "initial"
	TypePeriodic     Type = "periodic"
	TypeFollowUp     Type = "follow_up"
	TypeVerification Type = "verification"
)

// Types lists every audit type.
var Types = []Type{TypeInitial, TypePeriodic, TypeFollowUp, TypeVerification}

// Valid reports whether t is a known type.
func (t Type) Valid() bool { return slices.Contains(Types, t) }

// Mode is how much the supplier is told in advance.
type Mode string

// Audit modes.
const (
	ModeAnnounced     Mode = "announced"      // the supplier knows the window
	ModeSemiAnnounced Mode = "semi_announced" // the supplier knows the window, not the day
	ModeUnannounced   Mode = "unannounced"    // the supplier learns of it when auditors arrive
)

// Modes lists every audit mode.
var Modes = []Mode{ModeAnnounced, ModeSemiAnnounced, ModeUnannounced}

// Valid reports whether m is a known mode.
func (m Mode) Valid() bool { return slices.Contains(Modes, m) }

// State is where an audit stands.
type State string

// Audit states.
const (
	StateScheduled  State = "scheduled"
	StateInProgress State = "in_progress" // auditors are on site and record findings
	StateSubmitted  State = "submitted"   // waiting for the operator's review
	StatePublished  State = "published"   // results reach the supplier and linked brands
	StateCancelled  State = "cancelled"
)

// States lists every audit state.
var States = []State{StateScheduled, StateInProgress, StateSubmitted, StatePublished, StateCancelled}

// Valid reports whether s is a known state.
func (s State) Valid() bool { return slices.Contains(States, s) }

// OpenStates are the states of an audit not yet finished: a supplier has at
// most one open audit of each type.
var OpenStates = []State{StateScheduled, StateInProgress, StateSubmitted}

// BookingStates are the states in which an audit holds its team's days.
// Once submitted the field work is over, so the days left in the window are
// free again; a cancelled audit frees them too.
var BookingStates = []State{StateScheduled, StateInProgress}

// Limits on what an operator may plan.
const (
	// MaxWindowDays bounds an audit's window: a longer one would keep a team
	// booked for weeks it will not spend on site.
	MaxWindowDays = 31
	// MaxLeadDays bounds how far ahead an audit may be scheduled.
	MaxLeadDays = 730
	maxTeam     = 20
	maxBrands   = 200
	maxSummary  = 5000
	maxReason   = 2000
)

// Plan is what the operator gives to schedule an audit. The store checks
// what a pure function cannot: that the supplier is active in the hub, the
// team are auditors of the hub's operator and the brands are linked to the
// supplier.
type Plan struct {
	SupplierID    string
	Type          Type
	Mode          Mode
	Window        Window
	LeadAuditorID string
	TeamIDs       []string // every auditor on the audit, the lead among them
	BrandOrgIDs   []string // linked brands whose interest the audit serves; one audit serves them all
}

// Score is the share of the audit's requirements the site meets, given by
// the lead auditor on submitting.
type Score struct {
	Met        int
	Applicable int
}

// Audit is one HRDD audit of a supplier.
type Audit struct {
	ID          string
	Version     int64
	HubID       string
	ScheduledBy string
	Plan
	State        State
	Score        Score  // set on submitting
	Summary      string // set on submitting; shown to the supplier and brands once published
	Rating       Rating // set on publishing
	ReturnReason string // why the operator sent a submitted audit back
	CancelReason string
	Created      time.Time // scheduled
	Started      time.Time
	Submitted    time.Time
	Published    time.Time
	Cancelled    time.Time
	Updated      time.Time
	Marks        // the sweeps' sent-marks
}

// Brief is the audit as the lists show it: its supplier, type, mode,
// window and state, with its hub and dates; not the team, the brands, the
// score, the summary, the rating or the reasons. It is stored beside the
// audit, so a list reads a few hundred bytes a row instead of the whole
// record.
func (a *Audit) Brief() *Audit {
	return &Audit{ID: a.ID, Version: a.Version, HubID: a.HubID,
		Plan:  Plan{SupplierID: a.SupplierID, Type: a.Type, Mode: a.Mode, Window: a.Window},
		State: a.State, Created: a.Created, Updated: a.Updated}
}

// Validate adds to v every field of p at fault, after dropping empty and
// repeated IDs from the team and the brands. today is the hub's current
// day: a window may start today but not before.
func (p *Plan) Validate(today Date, v *domain.ValidationError) {
	if p.SupplierID == "" {
		v.Add("supplier_id", "is required")
	}
	if !p.Type.Valid() {
		v.Add("type", "must be one of "+join(Types))
	}
	if !p.Mode.Valid() {
		v.Add("mode", "must be one of "+join(Modes))
	}
	fromOK, toOK := p.Window.From.Valid(), p.Window.To.Valid()
	if !fromOK {
		v.Add("window.from", "must be a day written 2006-01-02")
	}
	if !toOK {
		v.Add("window.to", "must be a day written 2006-01-02")
	}
	switch {
	case fromOK && p.Window.From < today:
		v.Add("window.from", "must be today or later")
	case fromOK && p.Window.From > today.AddDays(MaxLeadDays):
		v.Add("window.from", fmt.Sprintf("must be within %d days from today", MaxLeadDays))
	}
	switch {
	case fromOK && toOK && p.Window.To < p.Window.From:
		v.Add("window.to", "must not be before window.from")
	case fromOK && toOK && p.Window.Days() > MaxWindowDays:
		v.Add("window.to", fmt.Sprintf("must be at most %d days after window.from", MaxWindowDays-1))
	}
	p.TeamIDs = dedupe(p.TeamIDs)
	p.BrandOrgIDs = dedupe(p.BrandOrgIDs)
	switch {
	case len(p.TeamIDs) == 0:
		v.Add("team_ids", "must name at least one auditor")
	case len(p.TeamIDs) > maxTeam:
		v.Add("team_ids", fmt.Sprintf("must name at most %d auditors", maxTeam))
	}
	switch {
	case p.LeadAuditorID == "":
		v.Add("lead_auditor_id", "is required")
	case !slices.Contains(p.TeamIDs, p.LeadAuditorID):
		v.Add("lead_auditor_id", "must be one of team_ids")
	}
	if len(p.BrandOrgIDs) > maxBrands {
		v.Add("brand_org_ids", fmt.Sprintf("must name at most %d brands", maxBrands))
	}
}

// Schedule makes a scheduled audit from p. Only hub admins (and the
// platform) schedule. It returns a validation error listing every field at
// fault, or an error wrapping domain.ErrForbidden for another role. The
// caller then checks Clash against the audits already booked.
func Schedule(id, hubID string, p Plan, by domain.Actor, now time.Time, loc *time.Location) (Audit, error) {
	if !admin(by.Role) {
		return Audit{}, forbidden("Only a hub admin schedules audits.")
	}
	v := &domain.ValidationError{}
	p.Validate(DateOf(now, loc), v)
	if err := v.OrNil(); err != nil {
		return Audit{}, err
	}
	return Audit{ID: id, HubID: hubID, ScheduledBy: by.UserID, Plan: p, State: StateScheduled, Created: now, Updated: now}, nil
}

// Clash returns an error wrapping domain.ErrConflict when a would double
// book: one of its team is on another audit (in BookingStates) whose window
// shares a day with a's, or the supplier has another open audit of a's
// type. others are the candidates the store found (the team's audits and
// the supplier's); a itself among them is ignored, so a rescheduled audit
// does not clash with its old self.
func Clash(a Audit, others []Audit) error {
	for _, o := range others {
		if o.ID == a.ID || !slices.Contains(BookingStates, o.State) || !a.Window.Overlaps(o.Window) {
			continue
		}
		for _, id := range a.TeamIDs {
			if slices.Contains(o.TeamIDs, id) {
				return domain.Conflictf("Auditor %s is already booked from %s to %s on audit %s.", id, o.Window.From, o.Window.To, o.ID)
			}
		}
	}
	for _, o := range others {
		if o.ID != a.ID && o.SupplierID == a.SupplierID && o.Type == a.Type && slices.Contains(OpenStates, o.State) {
			return domain.Conflictf("The supplier already has a %s %s audit (%s).", o.State, o.Type, o.ID)
		}
	}
	return nil
}

// OnTeam reports whether user is one of the audit's auditors.
func (a *Audit) OnTeam(userID string) bool {
	return userID != "" && slices.Contains(a.TeamIDs, userID)
}

// Move is a named change of an audit's state. Moves are named rather than
// given by their target because two of them (start, and sending a submitted
// audit back) both lead to in_progress, from different states and roles.
// Every move method (Start, Submit, Return, Publish, Cancel) returns an
// error wrapping domain.ErrForbidden when the caller's role (or, for an
// auditor, not being on the team) never allows the move, one wrapping
// domain.ErrConflict naming the current state when the audit is elsewhere,
// and a validation error for a missing reason, score or summary; a refused
// move changes nothing.
type Move string

// Audit moves.
const (
	MoveStart   Move = "start"
	MoveSubmit  Move = "submit"
	MoveReturn  Move = "return"
	MovePublish Move = "publish"
	MoveCancel  Move = "cancel"
)

// auditMove is one allowed move and who may make it.
type auditMove struct {
	from  []State
	to    State
	admin bool // hub admins and the platform
	team  bool // auditors on the audit's team
}

// auditMoves: hub admins schedule, publish, cancel and send a submitted
// audit back for changes; the team starts and submits; an admin may also
// start, for a team that cannot reach the system on site.
var auditMoves = map[Move]auditMove{
	MoveStart:   {[]State{StateScheduled}, StateInProgress, true, true},
	MoveSubmit:  {[]State{StateInProgress}, StateSubmitted, false, true},
	MoveReturn:  {[]State{StateSubmitted}, StateInProgress, true, false},
	MovePublish: {[]State{StateSubmitted}, StatePublished, true, false},
	MoveCancel:  {[]State{StateScheduled, StateInProgress}, StateCancelled, true, false},
}

// CanMove reports whether role (onTeam: the caller is on the audit's team)
// may make move m on an audit in state from.
func CanMove(m Move, from State, role domain.Role, onTeam bool) bool {
	mv, ok := auditMoves[m]
	return ok && mayMake(mv, role, onTeam) && slices.Contains(mv.from, from)
}

func mayMake(m auditMove, role domain.Role, onTeam bool) bool {
	return m.admin && admin(role) || m.team && role == domain.RoleAuditor && onTeam
}

// check checks the table: an error wrapping domain.ErrForbidden when the
// caller may never make this move, and one wrapping domain.ErrConflict,
// naming the current state, when the audit is not where the move starts.
// The role is checked first so that the answer does not depend on a state
// the caller may not be entitled to learn.
func (a *Audit) check(m Move, by domain.Actor) error {
	mv := auditMoves[m]
	if !mayMake(mv, by.Role, a.OnTeam(by.UserID)) {
		if by.Role == domain.RoleAuditor && mv.team {
			return forbidden(fmt.Sprintf("Only an auditor on this audit's team may %s it.", m))
		}
		return forbidden(fmt.Sprintf("A %s may not %s an audit.", by.Role, m))
	}
	if !slices.Contains(mv.from, a.State) {
		return domain.Conflictf("The audit is %s, so it cannot %s (only from %s).", a.State, m, join(mv.from))
	}
	return nil
}

// apply makes move m once check and the move's own fields have passed.
func (a *Audit) apply(m Move, at time.Time) {
	a.State, a.Updated = auditMoves[m].to, at
}

// Start records the team arriving on site: findings may now be recorded,
// and an unannounced audit becomes visible to the supplier.
func (a *Audit) Start(by domain.Actor, at time.Time) error {
	if err := a.check(MoveStart, by); err != nil {
		return err
	}
	a.apply(MoveStart, at)
	if a.Started.IsZero() {
		a.Started = at
	}
	a.ReturnReason = ""
	return nil
}

// Submit hands the audit to the operator for review, with the share of
// requirements met and a summary for the supplier and brands.
func (a *Audit) Submit(by domain.Actor, s Score, summary string, at time.Time) error {
	if err := a.check(MoveSubmit, by); err != nil {
		return err
	}
	v := &domain.ValidationError{}
	s.validate(v)
	summary = strings.TrimSpace(summary)
	switch {
	case summary == "":
		v.Add("summary", "is required")
	case utf8.RuneCountInString(summary) > maxSummary:
		v.Add("summary", fmt.Sprintf("must be at most %d characters", maxSummary))
	}
	if err := v.OrNil(); err != nil {
		return err
	}
	a.apply(MoveSubmit, at)
	a.Score, a.Summary, a.Submitted = s, summary, at
	return nil
}

// Return sends a submitted audit back to its team for changes, with the
// reason; the team records findings again until it resubmits.
func (a *Audit) Return(by domain.Actor, reason string, at time.Time) error {
	if err := a.check(MoveReturn, by); err != nil {
		return err
	}
	reason, err := requireReason(reason)
	if err != nil {
		return err
	}
	a.apply(MoveReturn, at)
	a.ReturnReason = reason
	return nil
}

// Publish releases the results to the supplier and the linked brands and
// rates the site. findings are the audit's findings: any zero-tolerance one
// marks the rating. loc is the hub's time zone, for the next audit's day.
func (a *Audit) Publish(by domain.Actor, findings []Finding, at time.Time, loc *time.Location) error {
	if err := a.check(MovePublish, by); err != nil {
		return err
	}
	a.apply(MovePublish, at)
	zt := slices.ContainsFunc(findings, func(f Finding) bool { return f.ZeroTolerance })
	a.Rating, a.Published = Rate(a.Score, zt, DateOf(at, loc)), at
	return nil
}

// Cancel calls off a scheduled or in-progress audit, with the reason.
func (a *Audit) Cancel(by domain.Actor, reason string, at time.Time) error {
	if err := a.check(MoveCancel, by); err != nil {
		return err
	}
	reason, err := requireReason(reason)
	if err != nil {
		return err
	}
	a.apply(MoveCancel, at)
	a.CancelReason, a.Cancelled = reason, at
	return nil
}

// SupplierSees reports whether the supplier's own organisation may know of
// the audit: announced and semi-announced ones from scheduling (with their
// window), unannounced ones only once started, so that a factory cannot
// prepare for them. An unannounced audit cancelled before it started stays
// unknown.
func SupplierSees(a Audit) bool {
	return a.Mode != ModeUnannounced || !a.Started.IsZero()
}

// SupplierSeesResults reports whether the supplier may read the audit's
// score, summary, rating, findings and actions: once published.
func SupplierSeesResults(a Audit) bool { return a.State == StatePublished }

// BrandSees reports whether a linked brand may know of the audit at all:
// only once published. Brands see nothing of scheduled, in-progress or
// submitted audits, so that no visit can be tipped off through a buyer.
func BrandSees(a Audit) bool { return a.State == StatePublished }

func admin(r domain.Role) bool { return r == domain.RoleHubAdmin || r == domain.RolePlatformAdmin }

// forbidden is ErrForbidden with a sentence for the caller.
func forbidden(msg string) error { return domain.Forbiddenf("%s", msg) }

func requireReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return "", domain.Invalid("reason", "is required")
	case utf8.RuneCountInString(reason) > maxReason:
		return "", domain.Invalid("reason", fmt.Sprintf("must be at most %d characters", maxReason))
	}
	return reason, nil
}

// dedupe drops empty and repeated IDs, keeping the first order.
func dedupe(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if id = strings.TrimSpace(id); id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

func join[T ~string](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}
