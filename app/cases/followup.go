package cases

import (
	"context"
	"errors"
	"time"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/policies"
)

// Follow-up visits. A visit is written first, on the follow-up of the
// case's next due day (made by the schedule sweep, or made here when the
// visit comes first: one per case per due day, the store's slot is
// unique), and the case is then updated through its versioned update
// (casework.CountFollowUp) and the follow-up marked counted. If the second
// write fails, the follow-up stays uncounted and RepairFollowUps counts it;
// counting twice does nothing (the case's history names the follow-up).

// hubToday is the hub's time zone and its day at now.
func (s *Service) hubToday(ctx context.Context, hubID string, now time.Time) (*time.Location, audit.Date, error) {
	h, err := s.st.Hubs.Get(ctx, hubID)
	if err != nil {
		return nil, "", err
	}
	loc := location(h)
	return loc, audit.DateOf(now, loc), nil
}

// scheduleFollowUps sets the case's first follow-up one interval after
// the hub's day at now, when none is set.
func (s *Service) scheduleFollowUps(ctx context.Context, c *casework.Case, now time.Time) error {
	_, today, err := s.hubToday(ctx, c.HubID, now)
	if err != nil {
		return err
	}
	set, err := s.settingsOf(ctx, c.HubID)
	if err != nil {
		return err
	}
	c.ScheduleFollowUps(today, set)
	return nil
}

// FollowUps pages through a case's follow-ups, earliest due first, for
// operator staff who reach the case (followups:read). Errors: not found
// out of scope.
func (s *Service) FollowUps(ctx context.Context, caseID, cursor string, limit int) ([]*casework.FollowUp, string, error) {
	if _, err := store.GetVisible(ctx, s.enf, s.st.Cases.Listed(), caseID, policies.PermFollowUpsRead); err != nil {
		return nil, "", err
	}
	return s.st.FollowUps.OfCase(ctx, caseID, store.Page{After: cursor, Limit: limit})
}

// RecordVisit records a visit (or a failed try to reach the child) on the
// case's follow-up due next, and counts it on the case. It returns the
// follow-up and the case after it, without identity. Errors: not found out
// of scope; validation errors naming the field; a conflict for a closed
// case, or when another visit took the same follow-up at the same moment.
func (s *Service) RecordVisit(ctx context.Context, caseID string, v casework.Visit) (*casework.FollowUp, *casework.Case, error) {
	ac := domain.ActorFrom(ctx)
	d, err := store.GetVisible(ctx, s.enf, s.st.Cases.Coll, caseID, policies.PermFollowUpsRecord)
	if err != nil {
		return nil, nil, err
	}
	if err := d.CanFollowUp(); err != nil {
		return nil, nil, err
	}
	now := s.now().UTC()
	loc, today, err := s.hubToday(ctx, d.HubID, now)
	if err != nil {
		return nil, nil, err
	}
	v.By = ac.UserID
	if err := v.Validate(audit.DateOf(d.Identified, loc), today); err != nil {
		return nil, nil, err
	}
	set, err := s.settingsOf(ctx, d.HubID)
	if err != nil {
		return nil, nil, err
	}
	f, err := s.placeVisit(ctx, d, v, set, now)
	if err != nil {
		return nil, nil, err
	}
	d, err = s.countFollowUp(ctx, f, set, now)
	if err != nil {
		return nil, nil, err
	}
	if err := s.activity.Record(ctx, "cases.follow_up", "case:"+caseID); err != nil {
		return nil, nil, err
	}
	c := casework.WithoutIdentity(d.Case)
	f.Applied = true
	return f, &c, nil
}

// placeVisit stores the visit on the follow-up of the case's next due day
// (the schedule's), or, when a counted visit holds that one already (the
// last visit came early, and its interval ends on the same day), as an
// extra follow-up due on the visit's own day. A visit stored but not yet
// counted that holds the slot is counted first, which moves the day on.
func (s *Service) placeVisit(ctx context.Context, d *store.CaseDoc, v casework.Visit, set casework.Settings, now time.Time) (*casework.FollowUp, error) {
	for try := 0; try < 2; try++ {
		due := d.NextFollowUpDue
		if due == "" {
			due = v.VisitedOn // no schedule yet (the plan is not approved)
		}
		f, err := s.putVisit(ctx, d, due, v, now)
		switch {
		case !errors.Is(err, errSlotTaken):
			return f, err
		case !f.Applied:
			if d, err = s.countFollowUp(ctx, f, set, now); err != nil {
				return nil, err
			}
			continue
		case due != v.VisitedOn:
			f, err = s.putVisit(ctx, d, v.VisitedOn, v, now)
			if errors.Is(err, errSlotTaken) {
				return nil, domain.Conflictf("A visit on %s is already recorded for this case.", v.VisitedOn)
			}
			return f, err
		}
		return nil, domain.Conflictf("A visit on %s is already recorded for this case.", v.VisitedOn)
	}
	return nil, domain.Conflictf("Another visit was recorded on this case just now. Read the case again.")
}

// errSlotTaken: the follow-up of that due day holds a visit already; the
// follow-up is returned with it.
var errSlotTaken = errors.New("follow-up already recorded")

// putVisit stores the visit on the case's follow-up due on the day,
// making it when the sweep has not yet.
func (s *Service) putVisit(ctx context.Context, d *store.CaseDoc, due audit.Date, v casework.Visit, now time.Time) (*casework.FollowUp, error) {
	for try := 0; try < 2; try++ {
		f, err := s.st.FollowUps.BySlot(ctx, d.ID, due)
		switch {
		case errors.Is(err, domain.ErrNotFound):
			nf := casework.NewFollowUp(newID(), &d.Case, due, now)
			if err := nf.Record(v, d.AssignedTo, now); err != nil {
				return nil, err
			}
			err = s.st.FollowUps.Insert(ctx, &nf)
			if errors.Is(err, domain.ErrConflict) {
				continue // the sweep made it just now: record on it
			}
			return &nf, err
		case err != nil:
			return nil, err
		case f.Recorded():
			return f, errSlotTaken
		}
		return s.st.FollowUps.Update(ctx, f.ID, func(f *casework.FollowUp) error {
			return f.Record(v, d.AssignedTo, now)
		})
	}
	return nil, domain.Conflictf("Another visit was recorded on this case just now. Read the case again.")
}

// countFollowUp counts a recorded follow-up on its case and marks it
// counted; both steps are idempotent. It returns the case as stored.
func (s *Service) countFollowUp(ctx context.Context, f *casework.FollowUp, set casework.Settings, now time.Time) (*store.CaseDoc, error) {
	// The case is updated without opening its identity: counting touches
	// only clear fields, and the sealed value is kept as stored.
	d, err := s.st.Cases.Update(ctx, f.CaseID, func(d *store.CaseDoc) error {
		return d.CountFollowUp(*f, set, now)
	})
	if err != nil {
		return nil, err
	}
	return d, s.st.FollowUps.MarkCounted(ctx, f.ID)
}

// followCase keeps the case's follow-up not yet recorded in step with the
// case (its case worker; cancelled when the case closed, due again when it
// reopened), after a change to the case. The due list also leaves out the
// follow-ups of closed cases, so a failure here only delays the change.
func (s *Service) followCase(ctx context.Context, c *casework.Case) error {
	if c.NextFollowUpDue == "" {
		return nil
	}
	f, err := s.st.FollowUps.BySlot(ctx, c.ID, c.NextFollowUpDue)
	if errors.Is(err, domain.ErrNotFound) {
		return nil
	}
	if err != nil || f.Recorded() {
		return err
	}
	now := s.now().UTC()
	_, err = s.st.FollowUps.Update(ctx, f.ID, func(f *casework.FollowUp) error {
		if !f.Follow(c, now) {
			return errSkip
		}
		return nil
	})
	if errors.Is(err, errSkip) {
		return nil
	}
	return err
}

// DueFilter selects a hub's due follow-ups.
type DueFilter struct {
	HubID      string // may be omitted by staff of one hub
	AssignedTo string // one case worker's
	Through    string // due on or before the day, 2006-01-02; "" for every one
	Cursor     string
	Limit      int
}

// DueFollowUps pages through a hub's follow-ups still due, soonest first
// (followups:list_due): the hub's case workers and admins. Errors: not
// found for a hub out of scope.
func (s *Service) DueFollowUps(ctx context.Context, f DueFilter) ([]*casework.FollowUp, string, error) {
	ac := domain.ActorFrom(ctx)
	through, ok := audit.ParseDate(f.Through)
	if f.Through != "" && !ok {
		return nil, "", domain.Invalid("through", "must be a date, 2006-01-02")
	}
	if !ac.Staff() {
		return nil, "", domain.NotVisible("hub")
	}
	hubID, err := s.enf.HubFor(ac, policies.PermFollowUpsListDue, f.HubID, domain.InHub)
	if err != nil {
		return nil, "", err
	}
	fs, next, err := s.st.FollowUps.DueInHub(ctx, hubID, f.AssignedTo, through, store.Page{After: f.Cursor, Limit: f.Limit})
	if err != nil || len(fs) == 0 {
		return fs, next, err
	}
	// A follow-up whose case closed and was not yet cancelled is left out
	// (a page may then be short; the cursor goes on).
	ids := make([]string, len(fs))
	for i, f := range fs {
		ids[i] = f.CaseID
	}
	cs, err := s.st.Cases.ListGetMany(ctx, ids) // the status only: no whole cases
	if err != nil {
		return nil, "", err
	}
	open := make(map[string]bool, len(cs))
	for _, c := range cs {
		open[c.ID] = c.Status == casework.StatusOpen
	}
	out := fs[:0]
	for _, f := range fs {
		if open[f.CaseID] {
			out = append(out, f)
		}
	}
	return out, next, nil
}

// followed brings the case's due follow-up in step after a change that
// may move it (assignment, closure, reopening); see followCase.
// Usage: return s.followed(ctx)(s.change(...)).
func (s *Service) followed(ctx context.Context) func(*View, error) (*View, error) {
	return func(v *View, err error) (*View, error) {
		if err != nil || v.Case == nil {
			return v, err
		}
		// The change is made: finish the follow-up's part even if the caller left.
		return v, s.followCase(context.WithoutCancel(ctx), v.Case)
	}
}
