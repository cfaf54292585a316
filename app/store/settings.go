package store

import (
	"context"
	"errors"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
)

// SaveVersioned replaces a hub's settings document id through apply when
// version is the stored version, or inserts fresh() when none is stored and
// version is 0 (the defaults were read). Two admins editing at once thus
// never overwrite each other: the second gets a conflict. versionOf reads
// a document's version.
func SaveVersioned[T any](ctx context.Context, c *docstore.Coll[T], id string, version int64,
	versionOf func(*T) int64, apply func(*T), fresh func() *T) (*T, error) {
	stale := domain.Conflictf("The settings changed since version %d. Read them again.", version)
	doc, err := c.Update(ctx, id, func(d *T) error {
		if version != 0 && versionOf(d) != version {
			return stale
		}
		apply(d)
		return nil
	})
	if !errors.Is(err, domain.ErrNotFound) {
		return doc, err
	}
	if version != 0 {
		return nil, stale
	}
	doc = fresh()
	if err := c.Insert(ctx, doc); err != nil {
		if errors.Is(err, domain.ErrConflict) {
			return nil, domain.Conflictf("The settings were entered by someone else just now. Read them again.")
		}
		return nil, err
	}
	return doc, nil
}
