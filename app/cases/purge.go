package cases

import (
	"context"
	"errors"
	"time"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/casework"
)

// PurgeIdentities clears the identity (the sealed record, the photo's
// blob, and the free text of its visits: casework.FollowUp.Anonymise) of every case closed longer than its hub's retention period at
// now, keeping the anonymised facts, counts, plan, visits and history, and
// returns how many it purged. The photo goes first: the identity names the
// blob, so clearing it first could leave a photo no one can find. Each
// purge is written to the activity log. A case reopened meanwhile is left
// as is (the update re-checks the rule).
func (s *Service) PurgeIdentities(ctx context.Context, now time.Time, limit int) (int, error) {
	now = now.UTC()
	done := 0
	for p := (store.Page{}); ; {
		hubs, next, err := s.st.Hubs.All(ctx, p)
		if err != nil {
			return done, err
		}
		for _, h := range hubs {
			if done >= limit {
				return done, nil
			}
			n, err := s.purgeHub(ctx, h.ID, now, limit-done)
			done += n
			if err != nil {
				return done, err
			}
		}
		if next == "" {
			return done, nil
		}
		p.After = next
	}
}

func (s *Service) purgeHub(ctx context.Context, hubID string, now time.Time, limit int) (int, error) {
	set, err := s.settingsOf(ctx, hubID)
	if err != nil {
		return 0, err
	}
	cutoff := now.AddDate(-set.RetentionYears, 0, 0)
	return store.Sweep(limit, func(p store.Page) ([]*store.CaseDoc, string, error) {
		return s.st.Cases.ClosedBefore(ctx, hubID, cutoff, p)
	}, func(d *store.CaseDoc) (bool, error) {
		if !d.PurgeDue(set, now) {
			return false, nil
		}
		c, err := s.vault.Open(d)
		if err != nil {
			return false, err
		}
		if c.Identity != nil && c.Identity.PhotoBlobID != "" {
			err := s.st.Engine.Blobs().Delete(ctx, c.Identity.PhotoBlobID)
			if err != nil && !errors.Is(err, domain.ErrNotFound) {
				return false, err
			}
		}
		if err := s.anonymiseVisits(ctx, d.ID, now); err != nil {
			return false, err
		}
		purged := false
		_, err = s.vault.Update(ctx, d.ID, func(c *casework.Case) error {
			if !c.PurgeDue(set, now) {
				return errSkip
			}
			purged = c.PurgeIdentity("", now)
			return nil
		})
		if errors.Is(err, errSkip) || !purged {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		return true, s.activity.Record(ctx, "cases.identity_purged", "case:"+d.ID)
	})
}

// anonymiseVisits clears the free text of a case's visits; each visit
// already clear is left as is, so a second run writes nothing.
func (s *Service) anonymiseVisits(ctx context.Context, caseID string, now time.Time) error {
	for p := (store.Page{Limit: 100}); ; {
		fs, next, err := s.st.FollowUps.OfCase(ctx, caseID, p)
		if err != nil {
			return err
		}
		for _, f := range fs {
			if f.Visit == nil || (f.Visit.Notes == "" && f.Visit.WorkWhere == "") {
				continue
			}
			_, err := s.st.FollowUps.Update(ctx, f.ID, func(f *casework.FollowUp) error {
				if !f.Anonymise(now) {
					return errSkip
				}
				return nil
			})
			if err != nil && !errors.Is(err, errSkip) {
				return err
			}
		}
		if next == "" {
			return nil
		}
		p.After = next
	}
}
