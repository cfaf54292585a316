package audit

import (
	"slices"
	"time"
)

// Lead times of the reminders the hub's sweeps send.
const (
	// TeamReminderDays: the team hears this many days before the window opens.
	TeamReminderDays = 3
	// UnpublishedReminderDays: the hub admins hear when a submitted audit has
	// waited this long for review.
	UnpublishedReminderDays = 5
	// NextAuditNoticeDays: the hub admins hear this many days before the
	// next audit the rating asks for is due (at once when it is due now).
	NextAuditNoticeDays = 30
)

// Marks are an audit's sent-marks, kept on the audit so that each reminder
// goes out once whatever happens to the queue, and whether everything
// publishing brings (actions, brands' records, the supplier's rating) is
// written.
type Marks struct {
	TeamReminded time.Time
	// UnpublishedRemindedFor is the submission the admins were reminded of:
	// an audit sent back and submitted again waits anew.
	UnpublishedRemindedFor time.Time
	NextAuditNoticed       time.Time
	EffectsDone            bool
}

// TeamReminderDue reports whether the team is still to be reminded of a
// scheduled audit whose window opens within TeamReminderDays of today (the
// hub's day).
func (a *Audit) TeamReminderDue(today Date) bool {
	return a.State == StateScheduled && a.TeamReminded.IsZero() && a.Window.From <= today.AddDays(TeamReminderDays)
}

// MarkTeamReminded records the team's reminder; false when it is not due
// (or went out already), so that a sweep run twice reminds once.
func (a *Audit) MarkTeamReminded(today Date, now time.Time) bool {
	if !a.TeamReminderDue(today) {
		return false
	}
	a.TeamReminded = now
	return true
}

// UnpublishedReminderDue reports whether the hub admins are still to be
// reminded of this submission, waiting UnpublishedReminderDays or more.
func (a *Audit) UnpublishedReminderDue(now time.Time) bool {
	return a.State == StateSubmitted && !a.UnpublishedRemindedFor.Equal(a.Submitted) &&
		now.Sub(a.Submitted) >= UnpublishedReminderDays*24*time.Hour
}

// MarkUnpublishedReminded records the admins' reminder of this submission.
func (a *Audit) MarkUnpublishedReminded(now time.Time) bool {
	if !a.UnpublishedReminderDue(now) {
		return false
	}
	a.UnpublishedRemindedFor = a.Submitted
	return true
}

// NextAuditNoticeDue reports whether the hub admins are still to hear that
// the next audit this published one's rating asks for is due within
// NextAuditNoticeDays of today.
func (a *Audit) NextAuditNoticeDue(today Date) bool {
	return a.State == StatePublished && a.NextAuditNoticed.IsZero() && a.Rating.NextAuditDue != "" &&
		a.Rating.NextAuditDue <= today.AddDays(NextAuditNoticeDays)
}

// MarkNextAuditNoticed records the notice, sent or found needless (the
// next audit is scheduled, or a later audit rated the site again).
func (a *Audit) MarkNextAuditNoticed(today Date, now time.Time) bool {
	if !a.NextAuditNoticeDue(today) {
		return false
	}
	a.NextAuditNoticed = now
	return true
}

// Reminders of a corrective action's deadline, by the days left.
const (
	Reminder7Days = 7
	Reminder1Day  = 1
)

// ReminderDue says which reminder of the deadline is due at now: Reminder1Day
// within a day of it, Reminder7Days within a week, 0 for none (no deadline,
// not waiting on the site, past due, or sent already). Only the nearer one
// goes out when a week's reminder was never sent (a safeguarding action is
// due within a day of publication).
func (a *Action) ReminderDue(now time.Time) int {
	if a.Due.IsZero() || !slices.Contains(PendingStates, a.State) || !now.Before(a.Due) {
		return 0
	}
	left := a.Due.Sub(now)
	switch {
	case left <= 24*time.Hour:
		if a.Reminded1Day.IsZero() {
			return Reminder1Day
		}
	case left <= 7*24*time.Hour:
		if a.Reminded7Days.IsZero() && a.Reminded1Day.IsZero() {
			return Reminder7Days
		}
	}
	return 0
}

// MarkReminded records reminder days (Reminder7Days or Reminder1Day); false
// when it is not the one due. The day's reminder also marks the week's, which
// would come too late to say anything new.
func (a *Action) MarkReminded(days int, now time.Time) bool {
	if days == 0 || a.ReminderDue(now) != days {
		return false
	}
	if days == Reminder1Day {
		a.Reminded1Day = now
	}
	if a.Reminded7Days.IsZero() {
		a.Reminded7Days = now
	}
	return true
}
