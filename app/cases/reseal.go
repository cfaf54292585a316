package cases

import (
	"context"
	"time"

	"github.com/actionhub/actionhub/app/store"
)

// ResealIdentities seals again under the current key every case identity
// sealed under a previous one (after a SECRET_KEY rotation), and returns
// how many it resealed. Once a run finds none, SECRET_KEY_PREVIOUS can be
// dropped (README, "Rotating the secret key"). A value under a key no
// longer configured is an error the job reports, never skipped in silence.
func (s *Service) ResealIdentities(ctx context.Context, _ time.Time, limit int) (int, error) {
	current := s.vault.Sealer.CurrentKeyID()
	done := 0
	for _, above := range []bool{false, true} {
		n, err := store.Sweep(limit-done, func(p store.Page) ([]*store.CaseDoc, string, error) {
			return s.st.Cases.SealedUnderOther(ctx, current, above, p)
		}, func(d *store.CaseDoc) (bool, error) {
			return s.vault.Reseal(ctx, d.ID)
		})
		done += n
		if err != nil || done >= limit {
			return done, err
		}
	}
	return done, nil
}

// IdentitiesUnderPreviousKeys counts the case identities still sealed
// under a previous key: 0 means the previous key may be dropped.
func (s *Service) IdentitiesUnderPreviousKeys(ctx context.Context) (int, error) {
	n := 0
	for _, above := range []bool{false, true} {
		for p := (store.Page{Limit: 500}); ; {
			ds, next, err := s.st.Cases.SealedUnderOther(ctx, s.vault.Sealer.CurrentKeyID(), above, p)
			if err != nil {
				return n, err
			}
			n += len(ds)
			if next == "" {
				break
			}
			p.After = next
		}
	}
	return n, nil
}
