// Package cases runs child labour cases on the rules of domain/casework:
// opening one from a finding (or from outreach), its facts, identity,
// consent, assessment, immediate action and plan, supervisor approvals,
// closure and reopening, and the lists and export.
//
// Every read or change of one case asks store.GetVisible (the one scope
// decision, policies.Enforcer.Can on the case's scope); whether the answer
// carries the child's identity is the same decision on the case's identity
// scope (cases:read_identity), and every answer that carries it writes
// "cases.identity_read" to the activity log. What each party receives is
// the domain's view (casework.WithoutIdentity, ForSupplier, ForBrand).
// Lists filter by the same scope in their queries and never carry identity.
package cases

import (
	"context"
	"errors"
	"time"

	"github.com/actionhub/actionhub/app/activity"
	"github.com/actionhub/actionhub/app/sealed"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/policies"
	"github.com/google/uuid"
)

// Service runs cases.
type Service struct {
	st       *store.Store
	vault    store.CaseVault
	enf      *policies.Enforcer
	activity *activity.Log
	now      func() time.Time
}

// New returns the service; sealer seals the children's identities
// (purpose sealed.CaseIdentity, from the secret key and the previous ones).
func New(st *store.Store, enf *policies.Enforcer, al *activity.Log, sealer *sealed.Sealer, now func() time.Time) *Service {
	return &Service{st: st, vault: st.Cases.Vault(sealer), enf: enf, activity: al, now: now}
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// View is what the caller receives of a case: one of the domain's views,
// by Audience.
type View struct {
	Audience casework.Audience
	// Case is set for operator staff and the platform: with Identity for
	// those the identity decision lets through, without it otherwise.
	Case     *casework.Case
	Supplier *casework.SupplierView
	Brand    *casework.BrandView
}

// viewOf shapes a stored case for the caller. Identity is opened only for
// those who may read it, and that read is logged.
func (s *Service) viewOf(ctx context.Context, d *store.CaseDoc) (*View, error) {
	ac := domain.ActorFrom(ctx)
	switch {
	case ac.Staff():
		if !s.enf.Can(ac, policies.PermCasesReadIdentity, d.IdentityObject()) {
			c := casework.WithoutIdentity(d.Case)
			return &View{Audience: casework.AudienceStaff, Case: &c}, nil
		}
		c, err := s.vault.Open(d)
		if err != nil {
			return nil, err
		}
		return s.full(ctx, c)
	case ac.OrgKind == domain.KindSupplier:
		v := casework.ForSupplier(d.Case)
		return &View{Audience: casework.AudienceSupplier, Supplier: &v}, nil
	case ac.OrgKind == domain.KindBrand:
		v := casework.ForBrand(d.Case, s.now())
		return &View{Audience: casework.AudienceBrand, Brand: &v}, nil
	}
	return nil, domain.NotVisible("case")
}

// full is the view with identity of an opened case; the read is logged.
func (s *Service) full(ctx context.Context, c *casework.Case) (*View, error) {
	if c.Identity != nil {
		if err := s.activity.Record(ctx, "cases.identity_read", "case:"+c.ID); err != nil {
			return nil, err
		}
	}
	return &View{Audience: casework.AudienceFull, Case: c}, nil
}

// viewAfter shapes a case just changed by the caller (identity open).
func (s *Service) viewAfter(ctx context.Context, c *casework.Case) (*View, error) {
	ac := domain.ActorFrom(ctx)
	if ac.Staff() && s.enf.Can(ac, policies.PermCasesReadIdentity, c.IdentityObject()) {
		return s.full(ctx, c)
	}
	return s.viewOf(ctx, &store.CaseDoc{Case: casework.WithoutIdentity(*c)})
}

// Case returns the caller's view of a case. Errors: not found out of scope.
func (s *Service) Case(ctx context.Context, id string) (*View, error) {
	d, err := store.GetVisible(ctx, s.enf, s.st.Cases.Coll, id, policies.PermCasesRead)
	if err != nil {
		return nil, err
	}
	return s.viewOf(ctx, d)
}

// Summary returns a case's summary for operator staff: code, facility,
// stage and the child's age, read from the list's copy, so no identity is
// opened and no read of it is logged. Errors: not found out of scope, and
// for other parties (their views are Case's).
func (s *Service) Summary(ctx context.Context, id string) (*Summary, error) {
	if !domain.ActorFrom(ctx).Staff() {
		return nil, domain.NotVisible("case")
	}
	d, err := store.GetVisible(ctx, s.enf, s.st.Cases.Listed(), id, policies.PermCasesRead)
	if err != nil {
		return nil, err
	}
	c := d.Case()
	sum := SummaryOf(&c)
	return &sum, nil
}

// change applies fn to a case the caller reaches with perm, on the version
// the caller read: a stale version is a conflict, and nothing is
// overwritten. The activity log gets action.
func (s *Service) change(ctx context.Context, id string, perm policies.Permission, version int64, action string,
	fn func(c *casework.Case, by string, at time.Time) error) (*View, error) {
	d, err := store.GetVisible(ctx, s.enf, s.st.Cases.Coll, id, perm)
	if err != nil {
		return nil, err
	}
	ac := domain.ActorFrom(ctx)
	if perm == policies.PermCasesUpdateIdentity && !s.enf.Can(ac, policies.PermCasesReadIdentity, d.IdentityObject()) {
		return nil, domain.NotVisible("case")
	}
	now := s.now().UTC()
	c, err := s.vault.Update(ctx, id, func(c *casework.Case) error {
		if err := c.CheckVersion(version); err != nil {
			return err
		}
		return fn(c, ac.UserID, now)
	})
	if err != nil {
		return nil, err
	}
	if err := s.activity.Record(ctx, action, "case:"+id); err != nil {
		return nil, err
	}
	return s.viewAfter(ctx, c)
}

// notVisibleAsInvalid turns "not found" into a validation error on field,
// for an ID given in a body.
func notVisibleAsInvalid(err error, field, msg string) error {
	if errors.Is(err, domain.ErrNotFound) {
		return domain.Invalid(field, msg)
	}
	return err
}
