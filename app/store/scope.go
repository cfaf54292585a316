package store

import (
	"context"
	"errors"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/policies"
)

// GetVisible loads one object for a read or change that needs perm, and
// asks the one scope decision (policies.Enforcer.Can) whether the caller in
// ctx may. An unknown object and one the caller may not reach answer alike,
// with domain.NotVisible, so nobody learns that another party's object
// exists. Other errors are the store's.
func GetVisible[T any, PT interface {
	*T
	domain.Scoped
}](ctx context.Context, enf *policies.Enforcer, c *docstore.Coll[T], id string, perm policies.Permission) (*T, error) {
	v, err := c.Get(ctx, id)
	if err == nil && !enf.Can(domain.ActorFrom(ctx), perm, PT(v)) {
		err = domain.ErrNotFound
	}
	if errors.Is(err, domain.ErrNotFound) {
		return nil, domain.NotVisible(nounOf(c.Spec().Name))
	}
	return v, err
}
