package referral

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/directory"
)

// State is where a referral stands.
type State string

// Referral states (domain reference, "Referrals", after Primero's model).
const (
	Sent      State = "sent"
	Accepted  State = "accepted"
	Declined  State = "declined"
	InService State = "in_service"
	Completed State = "completed"
	Failed    State = "failed"
	Revoked   State = "revoked"
)

// States lists every state.
var States = []State{Sent, Accepted, Declined, InService, Completed, Failed, Revoked}

// Valid reports whether s is a known state.
func (s State) Valid() bool { return slices.Contains(States, s) }

// Open reports whether the referral still waits on someone: not declined,
// completed, failed or revoked.
func (s State) Open() bool { return s == Sent || s == Accepted || s == InService }

// Handling reports whether the agency handles the referral now: the states
// in which its officers reach the child's minimum view.
func (s State) Handling() bool { return s == Accepted || s == InService }

// moves is the transition table: what each state may become. The sender
// revokes while the referral is open; the agency answers the rest.
var moves = map[State][]State{
	Sent:      {Accepted, Declined, Revoked},
	Accepted:  {InService, Failed, Revoked},
	InService: {InService, Completed, Failed, Revoked},
}

// CanMove reports whether from may become to.
func CanMove(from, to State) bool { return slices.Contains(moves[from], to) }

// Urgency is how soon the child needs the service.
type Urgency string

// Urgencies.
const (
	Routine   Urgency = "routine"
	Urgent    Urgency = "urgent"
	Emergency Urgency = "emergency"
)

// Urgencies lists every urgency.
var Urgencies = []Urgency{Routine, Urgent, Emergency}

// Valid reports whether u is a known urgency.
func (u Urgency) Valid() bool { return slices.Contains(Urgencies, u) }

// DefaultResponseDays is the answer time when the service made no promise.
const DefaultResponseDays = 14

// Answer times that urgency shortens the service's promise to: an
// emergency is answered the next day, an urgent referral within three.
const (
	urgentDays    = 3
	emergencyDays = 1
)

// ResponseDays is how many days the agency has to answer: the service's
// promise, shortened by urgency.
func ResponseDays(promise int, u Urgency) int {
	if promise <= 0 {
		promise = DefaultResponseDays
	}
	switch u {
	case Emergency:
		return min(promise, emergencyDays)
	case Urgent:
		return min(promise, urgentDays)
	}
	return promise
}

// Override is an emergency override of the consent check: who recorded it,
// why and when. The zero value is none.
type Override struct {
	Reason string
	By     string
	At     time.Time
}

// Recorded reports whether an override was recorded.
func (o Override) Recorded() bool { return o.Reason != "" }

// ServiceGiven is one service the agency records: what, when, by whom
// (a name or post at the agency), and who recorded it.
type ServiceGiven struct {
	What       string
	On         time.Time
	GivenBy    string
	RecordedBy string
	At         time.Time
}

// Event is one entry of a referral's history.
type Event struct {
	State State
	By    string
	At    time.Time
	Note  string
}

// Referral is one referral of a case's child to a directory service.
type Referral struct {
	ID      string
	Version int64
	HubID   string

	CaseID       string
	CaseCode     string
	PlanActionID string // the plan action a completed referral delivers; "" when none

	ServiceID     string
	ServiceName   string
	ServiceType   directory.ServiceType
	ProviderID    string // the directory organisation
	ProviderName  string
	AgencyOrgID   string // the platform organisation whose officers answer; "" when nobody logs in for it
	ChildAgeYears int
	ChildSex      casework.Sex

	Reason   string
	Urgency  Urgency
	Override Override
	// PrerequisiteWarning says which service should come first and has no
	// completed referral yet; "" when none.
	PrerequisiteWarning string

	State         State
	DeclineReason string
	Outcome       string // the note on completing or failing
	Services      []ServiceGiven

	SentBy string
	Sent   time.Time
	Due    time.Time // the answer is due: the service's promise from Sent
	// RemindAt is when an unanswered referral is reminded to the agency:
	// half way to Due.
	RemindAt time.Time

	// Sent-marks of the sweeps and effects, each set once in the document so
	// a repeat (or a Redis that lost its queues) sends nothing twice.
	Reminded         time.Time // the agency was reminded of an unanswered referral
	Escalated        time.Time // the case worker and hub admins were told it is past due unanswered
	DeclineNotified  time.Time // the case worker was told of the decline
	ActionDelivered  time.Time // the plan action was marked delivered (or could not be: see History)
	WebhookScheduled time.Time // the delivery to the agency's webhook was recorded
	WebhookRevoked   time.Time // a revocation was posted to the webhook (when the referral went there)

	History []Event
	Created time.Time
	Updated time.Time
}

// Limits on text.
const (
	maxReason = 2000
	maxText   = 2000
)

// NewReferral is what a case worker gives to refer.
type NewReferral struct {
	ServiceID      string
	PlanActionID   string
	Reason         string
	Urgency        Urgency
	OverrideReason string // an emergency override of missing consent; needs the override permission
}

// New checks a referral of case c to service svc and returns it, sent at at
// by by. canOverride says whether by holds the override permission;
// prereqDone whether the service's prerequisite (if any) has a completed
// referral for the case, prereqName the prerequisite's name.
//
// Errors: validation errors for a bad reason, urgency or plan action, a
// service that is not active or not of the hub, and missing consent (naming
// which) unless an override is given by someone who may; a forbidden error
// for an override by someone who may not; a conflict for a closed case.
func New(id string, n NewReferral, c *casework.Case, svc *directory.Service, provider string, canOverride bool,
	prereqDone bool, prereqName string, by string, at time.Time) (*Referral, error) {
	if c.Status != casework.StatusOpen {
		return nil, domain.Conflictf("The case is closed; reopen it before referring.")
	}
	n.Reason = strings.TrimSpace(n.Reason)
	n.OverrideReason = strings.TrimSpace(n.OverrideReason)
	v := &domain.ValidationError{}
	if n.Reason == "" {
		v.Add("reason", "is required")
	} else if utf8.RuneCountInString(n.Reason) > maxReason {
		v.Add("reason", "is too long")
	}
	if !n.Urgency.Valid() {
		v.Add("urgency", "must be one of routine, urgent, emergency")
	}
	if svc.HubID != c.HubID {
		v.Add("service_id", "is not a service of the case's hub")
	} else if svc.Status != directory.Active {
		v.Add("service_id", "is not active ("+string(svc.Status)+"): choose another service")
	}
	if n.PlanActionID != "" {
		a, ok := c.Action(n.PlanActionID)
		switch {
		case !ok:
			v.Add("plan_action_id", "is not an action of the case's plan")
		case a.Status == casework.ActionDelivered || a.Status == casework.ActionCancelled:
			v.Add("plan_action_id", "is "+string(a.Status)+" already")
		}
	}
	if utf8.RuneCountInString(n.OverrideReason) > maxReason {
		v.Add("override_reason", "is too long")
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	var ov Override
	if missing := MissingConsent(c.Consent); len(missing) > 0 {
		if n.OverrideReason == "" {
			return nil, domain.Invalid("consent", "the case has no recorded consent "+strings.Join(missing, " and ")+
				": record it first, or record an emergency override with a reason")
		}
		if !canOverride {
			return nil, domain.Forbiddenf("Only a user allowed to override consent may refer without it.")
		}
		ov = Override{Reason: n.OverrideReason, By: by, At: at}
	} else if n.OverrideReason != "" {
		return nil, domain.Invalid("override_reason", "is only for a case whose consent is missing")
	}
	days := ResponseDays(svc.ResponseDays, n.Urgency)
	due := at.Add(time.Duration(days) * 24 * time.Hour)
	r := &Referral{ID: id, HubID: c.HubID, CaseID: c.ID, CaseCode: c.Code, PlanActionID: n.PlanActionID,
		ServiceID: svc.ID, ServiceName: svc.Name, ServiceType: svc.Type, ProviderID: svc.OrganizationID, ProviderName: provider,
		AgencyOrgID: svc.AgencyOrgID, ChildAgeYears: c.Child.AgeYears, ChildSex: c.Child.Sex,
		Reason: n.Reason, Urgency: n.Urgency, Override: ov, State: Sent, SentBy: by, Sent: at, Due: due,
		RemindAt: at.Add(due.Sub(at) / 2), Created: at, Updated: at,
		History: []Event{{State: Sent, By: by, At: at}}}
	if svc.PrerequisiteServiceID != "" && !prereqDone {
		r.PrerequisiteWarning = "The service asks for " + prereqName + " first, and the case has no completed referral to it: refer there too."
	}
	return r, nil
}

// MissingConsent names the consents a referral needs that are not given:
// consent_for_services and disclosure_to_other_organisations.
func MissingConsent(c casework.Consent) []string {
	var out []string
	if !c.Services.Given() {
		out = append(out, "consent_for_services")
	}
	if !c.Disclosure.Given() {
		out = append(out, "disclosure_to_other_organisations")
	}
	return out
}

// move changes the state through the table: a conflict for a move it does
// not allow.
func (r *Referral) move(to State, by string, at time.Time, note string) error {
	if !CanMove(r.State, to) {
		return domain.Conflictf("The referral is %s and cannot become %s.", r.State, to)
	}
	r.State, r.Updated = to, at
	r.History = append(r.History, Event{State: to, By: by, At: at, Note: note})
	return nil
}

// Accept is the agency's acceptance: its officers reach the minimum view.
func (r *Referral) Accept(by string, at time.Time) error { return r.move(Accepted, by, at, "") }

// Decline is the agency's refusal, with the reason the case worker reads
// before referring elsewhere.
func (r *Referral) Decline(reason, by string, at time.Time) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return domain.Invalid("reason", "is required to decline")
	}
	if utf8.RuneCountInString(reason) > maxText {
		return domain.Invalid("reason", "is too long")
	}
	if err := r.move(Declined, by, at, reason); err != nil {
		return err
	}
	r.DeclineReason = reason
	return nil
}

// RecordService records a service the agency gave; the referral is in
// service from the first one.
func (r *Referral) RecordService(s ServiceGiven, by string, at time.Time) error {
	s.What, s.GivenBy = strings.TrimSpace(s.What), strings.TrimSpace(s.GivenBy)
	v := &domain.ValidationError{}
	if s.What == "" {
		v.Add("what", "is required")
	} else if utf8.RuneCountInString(s.What) > maxText {
		v.Add("what", "is too long")
	}
	if s.GivenBy == "" {
		v.Add("given_by", "is required")
	} else if utf8.RuneCountInString(s.GivenBy) > 300 {
		v.Add("given_by", "is too long")
	}
	if s.On.IsZero() {
		v.Add("on", "is required")
	} else if s.On.After(at.Add(24 * time.Hour)) {
		v.Add("on", "must not be in the future")
	}
	if err := v.OrNil(); err != nil {
		return err
	}
	if len(r.Services) >= 100 {
		return domain.Conflictf("The referral holds at most 100 services given.")
	}
	if err := r.move(InService, by, at, "service given"); err != nil {
		return err
	}
	s.RecordedBy, s.At, s.On = by, at, s.On.UTC()
	r.Services = append(r.Services, s)
	return nil
}

// Finish completes or fails the referral with a note; completing needs a
// service recorded (the referral is in service).
func (r *Referral) Finish(to State, note, by string, at time.Time) error {
	if to != Completed && to != Failed {
		return domain.Invalid("state", "must be completed or failed")
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > maxText {
		return domain.Invalid("note", "is too long")
	}
	if to == Failed && note == "" {
		return domain.Invalid("note", "is required to fail a referral: say why")
	}
	if to == Completed && r.State == Accepted {
		return domain.Conflictf("Record the service given before completing the referral.")
	}
	if err := r.move(to, by, at, note); err != nil {
		return err
	}
	r.Outcome = note
	return nil
}

// Revoke is the sender's withdrawal, with a reason.
func (r *Referral) Revoke(reason, by string, at time.Time) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return domain.Invalid("reason", "is required to revoke")
	}
	if utf8.RuneCountInString(reason) > maxText {
		return domain.Invalid("reason", "is too long")
	}
	return r.move(Revoked, by, at, reason)
}

// CheckVersion refuses a change made on a version other than the stored one.
func (r *Referral) CheckVersion(v int64) error {
	if v != r.Version {
		return domain.Conflictf("The referral changed since you read it (version %d, yours %d): read it again.", r.Version, v)
	}
	return nil
}
