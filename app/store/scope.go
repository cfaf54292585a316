package store

import (
	"context"
	"errors"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
)

// GetVisible loads a document the caller may see. An unknown document and
// one outside the caller's scope answer alike, domain.ErrNotFound naming
// what was asked for, so nobody learns that another party's object exists.
func GetVisible[T any](ctx context.Context, c *docstore.Coll[T], id, what string, visible func(*T) bool) (*T, error) {
	v, err := c.Get(ctx, id)
	if err == nil && !visible(v) {
		err = domain.ErrNotFound
	}
	if errors.Is(err, domain.ErrNotFound) {
		return nil, domain.NotFoundf("%s %s not found", what, id)
	}
	return v, err
}
