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

// Wellbeing is the case worker's judgement of the child at a visit.
type Wellbeing string

// Wellbeing judgements.
const (
	WellbeingGood     Wellbeing = "good"
	WellbeingConcerns Wellbeing = "concerns"
	WellbeingAtRisk   Wellbeing = "at_risk"
)

// Wellbeings lists every judgement.
var Wellbeings = []Wellbeing{WellbeingGood, WellbeingConcerns, WellbeingAtRisk}

// Valid reports whether w is a known judgement.
func (w Wellbeing) Valid() bool { return slices.Contains(Wellbeings, w) }

// FollowUpState is where a follow-up stands: due until a visit (or a
// failed try to reach the child) is recorded on it.
type FollowUpState string

// Follow-up states.
const (
	FollowUpDue       FollowUpState = "due"
	FollowUpVisited   FollowUpState = "visited"
	FollowUpNoContact FollowUpState = "no_contact"
	// FollowUpCancelled: the case closed while the follow-up was due; a
	// reopened case makes it due again.
	FollowUpCancelled FollowUpState = "cancelled"
)

// FollowUpStates lists every state.
var FollowUpStates = []FollowUpState{FollowUpDue, FollowUpVisited, FollowUpNoContact, FollowUpCancelled}

// Valid reports whether s is a known state.
func (s FollowUpState) Valid() bool { return slices.Contains(FollowUpStates, s) }

// RetryDays is how soon after a failed try to reach the child the next
// try is due: a child out of sight for a month may be back at work, so a
// failed contact is retried within the week rather than at the next
// monthly visit.
const RetryDays = 7

// Visit is what a follow-up visit found, or a failed try to reach the child
// (Contacted false: then only the day, who tried and notes count).
type Visit struct {
	Contacted bool
	InSchool  bool
	// Attendance is the share of school days attended since the last
	// visit, 0 to 1; nil when not known (not in school, or no record seen).
	Attendance *float64
	// BackInWork: the child was found working again, where and at what;
	// WorkPermitted is the case worker's judgement that the work is
	// permitted under the case's law (an adolescent in light work within
	// the hours), which keeps the streak.
	BackInWork      bool
	WorkWhere       string
	WorkWhat        string
	WorkPermitted   bool
	StipendReceived bool
	Wellbeing       Wellbeing
	Notes           string
	VisitedOn       audit.Date
	By              string
}

// OutOfChildLabour reports whether the visit found the child out of child
// labour and in education or permitted work: the result that counts
// towards a remediated closure. Any other result, a failed contact
// included, breaks the streak.
func (v Visit) OutOfChildLabour() bool {
	if !v.Contacted {
		return false
	}
	if v.BackInWork && !v.WorkPermitted {
		return false
	}
	return v.InSchool || (v.BackInWork && v.WorkPermitted)
}

// Validate returns a validation error listing every field at fault,
// against the day of identification and today (the hub's day).
func (v *Visit) Validate(identified, today audit.Date) error {
	e := &domain.ValidationError{}
	v.WorkWhere, v.WorkWhat, v.Notes = strings.TrimSpace(v.WorkWhere), strings.TrimSpace(v.WorkWhat), strings.TrimSpace(v.Notes)
	switch {
	case !v.VisitedOn.Valid():
		e.Add("visited_on", "must be a date, 2006-01-02")
	case v.VisitedOn > today:
		e.Add("visited_on", "must not be in the future")
	case v.VisitedOn < identified:
		e.Add("visited_on", "must not be before the child was identified")
	}
	if v.Attendance != nil && (*v.Attendance < 0 || *v.Attendance > 1) {
		e.Add("attendance", "must be a share of days from 0 to 1")
	}
	if utf8.RuneCountInString(v.Notes) > maxText {
		e.Add("notes", fmt.Sprintf("must be at most %d characters", maxText))
	}
	for _, f := range []struct {
		name, val string
	}{{"work_where", v.WorkWhere}, {"work_what", v.WorkWhat}} {
		if utf8.RuneCountInString(f.val) > maxShortText {
			e.Add(f.name, fmt.Sprintf("must be at most %d characters", maxShortText))
		}
	}
	if !v.Contacted {
		// A failed try records no finding about the child.
		if v.InSchool || v.Attendance != nil || v.BackInWork || v.WorkPermitted || v.StipendReceived || v.Wellbeing != "" ||
			v.WorkWhere != "" || v.WorkWhat != "" {
			e.Add("contacted", "a failed try to reach the child records only the day and notes")
		}
		sortFields(e)
		return e.OrNil()
	}
	if !v.Wellbeing.Valid() {
		e.Add("wellbeing", "must be one of "+join(Wellbeings))
	}
	if !v.BackInWork && (v.WorkWhere != "" || v.WorkWhat != "" || v.WorkPermitted) {
		e.Add("back_in_work", "is needed for where, what and whether the work is permitted")
	}
	if v.BackInWork && v.WorkWhat == "" {
		e.Add("work_what", "says what work the child was found doing")
	}
	if !v.InSchool && v.Attendance != nil {
		e.Add("attendance", "is for a child in school")
	}
	sortFields(e)
	return e.OrNil()
}

// FollowUp is one follow-up of a case: made due by the schedule (Due is the
// day it fell due) and then recorded with a Visit. A visit recorded before
// its follow-up was made due takes the case's next due day, so each case
// has at most one follow-up per due day.
type FollowUp struct {
	ID         string
	Version    int64
	HubID      string
	CaseID     string
	CaseCode   string
	AssignedTo string // the case's case worker when the follow-up was made or recorded
	Due        audit.Date
	State      FollowUpState
	Visit      *Visit // nil while due
	// Applied is the mark that the case counted this visit: the visit is
	// written first and the case after it, so a visit stored but not
	// counted (Applied false) is found and counted by the repair sweep.
	Applied bool
	Created time.Time
	Updated time.Time
}

// Scope of a follow-up is its case's: it is read and recorded through
// the case (the service asks on the case), so this only backs the store.
func (f *FollowUp) Scope() domain.Scope { return domain.InHub(f.HubID) }

// NewFollowUp is the follow-up of a case due on a day.
func NewFollowUp(id string, c *Case, due audit.Date, at time.Time) FollowUp {
	return FollowUp{ID: id, HubID: c.HubID, CaseID: c.ID, CaseCode: c.Code, AssignedTo: c.AssignedTo, Due: due,
		State: FollowUpDue, Created: at, Updated: at}
}

// Recorded reports whether a visit (or a failed try) is recorded on it.
func (f *FollowUp) Recorded() bool { return f.State == FollowUpVisited || f.State == FollowUpNoContact }

// Follow keeps a follow-up not yet recorded in step with its case: due
// with the case's case worker while the case is open, cancelled once it
// closed. It reports whether anything changed.
func (f *FollowUp) Follow(c *Case, at time.Time) bool {
	if f.Recorded() {
		return false
	}
	state := FollowUpDue
	if c.Status == StatusClosed {
		state = FollowUpCancelled
	}
	if f.State == state && f.AssignedTo == c.AssignedTo {
		return false
	}
	f.State, f.AssignedTo, f.Updated = state, c.AssignedTo, at
	return true
}

// Record puts a visit on a follow-up not yet recorded (a cancelled one is
// a reopened case's). It returns a conflict when a visit is already
// recorded on it.
func (f *FollowUp) Record(v Visit, assignedTo string, at time.Time) error {
	if f.Recorded() {
		return domain.Conflictf("A visit is already recorded for the follow-up due on %s.", f.Due)
	}
	f.Visit, f.State, f.Updated, f.AssignedTo = &v, FollowUpNoContact, at, assignedTo
	if v.Contacted {
		f.State = FollowUpVisited
	}
	return nil
}

// CanFollowUp returns a conflict when visits cannot be recorded on the
// case: a closed case keeps its visits but takes no new ones.
func (c *Case) CanFollowUp() error { return c.checkOpen() }

// ScheduleFollowUps sets the first follow-up's day, one interval after
// from, when none is set yet: the schedule starts when the plan is
// approved and then moves with every visit.
func (c *Case) ScheduleFollowUps(from audit.Date, set Settings) {
	if c.NextFollowUpDue == "" && c.Status == StatusOpen {
		c.NextFollowUpDue = from.AddMonths(set.OrDefaults().FollowUpMonths)
	}
}

// FollowUpCounted reports whether the case already counted the follow-up
// (its history names it), so counting it again does nothing.
func (c *Case) FollowUpCounted(followUpID string) bool {
	return slices.ContainsFunc(c.History, func(ch Change) bool {
		return (ch.What == "follow_up" || ch.What == "follow_up_no_contact") && ch.Note == followUpID
	})
}

// CountFollowUp updates the case with a recorded follow-up: the count of
// visits, the streak of consecutive visits that found the child out of
// child labour (any other result resets it), the failed tries to reach
// the child (reset by a visit that reaches them) and the next due day:
// one interval after the visit, or RetryDays after a failed try. It does
// nothing for a follow-up already counted, so the repair sweep may run it
// again; a closed case keeps the visit on record but its counts do not
// move. It returns a validation error for a follow-up with no visit.
func (c *Case) CountFollowUp(f FollowUp, set Settings, at time.Time) error {
	if f.Visit == nil {
		return domain.Invalid("visit", "is required")
	}
	if c.FollowUpCounted(f.ID) || c.Status == StatusClosed {
		return nil
	}
	v := *f.Visit
	set = set.OrDefaults()
	if !v.Contacted {
		c.ContactAttempts++
		c.FollowUpStreak = 0
		c.NextFollowUpDue = v.VisitedOn.AddDays(RetryDays)
		c.record(v.By, at, "follow_up_no_contact", f.ID, "contact_attempts", "follow_up_streak", "next_follow_up_due")
		return nil
	}
	c.FollowUps++
	c.ContactAttempts = 0
	if v.OutOfChildLabour() {
		c.FollowUpStreak++
	} else {
		c.FollowUpStreak = 0
	}
	c.NextFollowUpDue = v.VisitedOn.AddMonths(set.FollowUpMonths)
	c.record(v.By, at, "follow_up", f.ID, "follow_ups", "follow_up_streak", "contact_attempts", "next_follow_up_due")
	return nil
}
