package cases

import (
	"context"
	"errors"
	"time"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
)

// The case sweeps (follow-ups made due, visits left uncounted, identities
// past retention, identities under a previous key). Each reads one index
// range of what may be due, bounded by limit per run, and handles each
// case through a versioned update that takes it out of the range, so a
// second run (or two workers at once) finds nothing more to do.

// errSkip ends an update that has nothing to change.
var errSkip = errors.New("nothing to change")

// MakeDueFollowUps makes the follow-up of every open case whose next
// follow-up fell due by the hub's day at now, one per case per due day,
// and returns how many it made. The case's mark (FollowUpMade) takes it
// out of the sweep's range; a follow-up made but not marked (a stop
// between the two writes) is found by its unique slot and only marked.
func (s *Service) MakeDueFollowUps(ctx context.Context, now time.Time, limit int) (int, error) {
	// The range runs to the latest of the hubs' days; each case is then
	// held to its own hub's day.
	days, through, err := s.hubDays(ctx, now)
	if err != nil {
		return 0, err
	}
	return store.Sweep(limit, func(p store.Page) ([]*store.CaseDoc, string, error) {
		return s.st.Cases.FollowUpsToMake(ctx, through, p)
	}, func(d *store.CaseDoc) (bool, error) {
		today, ok := days[d.HubID]
		if !ok {
			_, t, err := s.hubToday(ctx, d.HubID, now)
			if err != nil {
				return false, err
			}
			today, days[d.HubID] = t, t
		}
		due := d.NextFollowUpDue
		if due > today {
			return false, nil
		}
		f := casework.NewFollowUp(newID(), &d.Case, due, now.UTC())
		made := true
		if err := s.st.FollowUps.Insert(ctx, &f); errors.Is(err, domain.ErrConflict) {
			// Made before (or a visit came first, or the case reopened
			// with its follow-up cancelled): bring it in step.
			made = false
			if err := s.followCase(ctx, &d.Case); err != nil {
				return false, err
			}
		} else if err != nil {
			return false, err
		}
		_, err := s.st.Cases.Update(ctx, d.ID, func(d *store.CaseDoc) error {
			if d.NextFollowUpDue != due || d.FollowUpMade == due {
				return errSkip
			}
			d.FollowUpMade = due
			return nil
		})
		if err != nil && !errors.Is(err, errSkip) {
			return false, err
		}
		return made, nil
	})
}

// hubDays is each hub's day at now, and the latest of them.
func (s *Service) hubDays(ctx context.Context, now time.Time) (map[string]audit.Date, audit.Date, error) {
	days, latest := map[string]audit.Date{}, audit.Date("")
	for p := (store.Page{}); ; {
		hubs, next, err := s.st.Hubs.All(ctx, p)
		if err != nil {
			return nil, "", err
		}
		for _, h := range hubs {
			d := audit.DateOf(now, location(h))
			days[h.ID], latest = d, max(latest, d)
		}
		if next == "" {
			return days, latest, nil
		}
		p.After = next
	}
}

// RepairFollowUps counts on their cases the visits stored but not counted
// (the case's update failed after the visit was written), and returns how
// many it counted.
func (s *Service) RepairFollowUps(ctx context.Context, now time.Time, limit int) (int, error) {
	sets := map[string]casework.Settings{}
	return store.Sweep(limit, func(p store.Page) ([]*casework.FollowUp, string, error) {
		return s.st.FollowUps.Uncounted(ctx, p)
	}, func(f *casework.FollowUp) (bool, error) {
		set, ok := sets[f.HubID]
		if !ok {
			var err error
			if set, err = s.settingsOf(ctx, f.HubID); err != nil {
				return false, err
			}
			sets[f.HubID] = set
		}
		_, err := s.countFollowUp(ctx, f, set, now.UTC())
		if errors.Is(err, domain.ErrNotFound) {
			return false, s.st.FollowUps.MarkCounted(ctx, f.ID) // the case is gone
		}
		return err == nil, err
	})
}
