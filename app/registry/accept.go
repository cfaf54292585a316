package registry

import (
	"context"
	"errors"

	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/actionhub/actionhub/policies"
	"github.com/google/uuid"
)

// Accept records the operator's yes: the brand is linked to the supplier
// the nomination names (supplierID, when given, overrides the match), or to
// one the registry gained since the nomination was made, or else to a new
// supplier made from the nominated data. The supplier becomes active and
// the brand's managers are told.
//
// Each step is its own single-document write and safe to repeat: the new
// supplier's ID is derived from the nomination's, so a retry finds it
// instead of making a second, and accepting an accepted nomination again completes the link
// and changes nothing else. Errors: not found out of scope; domain.ErrConflict
// when the nomination is decided otherwise, when its match still awaits
// review, or when a similar supplier appeared since (the nomination then
// goes to review).
func (s *Service) Accept(ctx context.Context, id, supplierID string) (*supplier.Nomination, error) {
	a := domain.ActorFrom(ctx)
	n, err := s.nomination(ctx, id, policies.PermNominationsDecide)
	if err != nil {
		return nil, err
	}
	if n.Status == supplier.NominationAccepted {
		return n, s.link(ctx, n)
	}
	sup, err := s.acceptedSupplier(ctx, n, supplierID)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	n, err = s.st.Nominations.Update(ctx, id, func(x *supplier.Nomination) error { return x.Accept(sup.ID, a.UserID, now) })
	if err != nil {
		return nil, err
	}
	if err := s.activate(ctx, sup); err != nil {
		return nil, err
	}
	if err := s.link(ctx, n); err != nil {
		return nil, err
	}
	if err := s.activity.Record(ctx, "nominations.accept", "nomination:"+id); err != nil {
		return nil, err
	}
	return n, s.tellBrand(ctx, n, "accepted", "The supplier is now in the hub and linked to your organisation: supplier "+sup.ID+".")
}

// acceptedSupplier finds or makes the supplier an accepted nomination links to.
func (s *Service) acceptedSupplier(ctx context.Context, n *supplier.Nomination, supplierID string) (*supplier.Supplier, error) {
	switch {
	case supplierID != "":
		sup, err := s.resolve(ctx, supplierID)
		if errors.Is(err, domain.ErrNotFound) || (err == nil && sup.HubID != n.HubID) {
			return nil, domain.Invalid("supplier_id", "is not a supplier of the nomination's hub")
		}
		return sup, err
	case n.Status == supplier.NominationMatchReview:
		return nil, domain.Conflictf("Nomination %s has a doubtful match. Confirm or reject it first, or name the supplier.", n.ID)
	case n.Status != supplier.NominationPending:
		return nil, domain.Conflictf("A %s nomination cannot be accepted.", n.Status)
	case n.SupplierID != "":
		return s.resolve(ctx, n.SupplierID)
	case n.Match.State != supplier.MatchRejected:
		// The registry may have gained this facility since the nomination:
		// another brand's nomination of it accepted in between.
		m := s.index(n.HubID).Match(n.Proposed)
		switch m.State {
		case supplier.MatchAutomatic:
			return s.resolve(ctx, m.CandidateID)
		case supplier.MatchPending:
			if _, err := s.st.Nominations.Update(ctx, n.ID, func(x *supplier.Nomination) error { return x.ApplyMatch(m) }); err != nil {
				return nil, err
			}
			return nil, domain.Conflictf("A similar supplier (%s) was registered since this nomination. Review the match first.", m.CandidateID)
		}
	}
	return s.newSupplier(ctx, n)
}

// supplierSpace derives a new supplier's ID from the nomination it comes
// from: the same on every attempt, yet it does not show other brands the
// nomination's ID.
var supplierSpace = uuid.MustParse("6f1d2f52-3c0e-4a53-9b7e-2f4f5c1a8d10")

// newSupplier makes the supplier a nomination proposes, or returns the one
// an earlier attempt made.
func (s *Service) newSupplier(ctx context.Context, n *supplier.Nomination) (*supplier.Supplier, error) {
	id := uuid.NewSHA1(supplierSpace, []byte(n.ID)).String()
	sup := supplier.NewSupplier(id, n.HubID, n.Proposed, s.now().UTC())
	if err := s.rate(ctx, &sup); err != nil {
		return nil, err
	}
	err := s.st.Suppliers.Insert(ctx, &sup)
	if errors.Is(err, domain.ErrConflict) {
		return s.resolve(ctx, id)
	}
	if err != nil {
		return nil, err
	}
	s.indexPut(&sup)
	return &sup, s.activity.Record(ctx, "suppliers.create", policies.SupplierNode(sup.ID))
}

// activate makes an accepted nomination's supplier active: a nominated one
// directly, an exited one back through nominated, as the state machine
// wants. A suspended supplier stays suspended; the brand is linked anyway.
func (s *Service) activate(ctx context.Context, sup *supplier.Supplier) error {
	if sup.Status != supplier.StatusNominated && sup.Status != supplier.StatusExited {
		return nil
	}
	now := s.now().UTC()
	_, err := s.write(ctx, sup.ID, func(x *supplier.Supplier) error {
		if x.Status == supplier.StatusExited {
			if err := x.Move(supplier.StatusNominated, now); err != nil {
				return err
			}
		}
		if x.Status == supplier.StatusNominated {
			return x.Move(supplier.StatusActive, now)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.activity.Record(ctx, "suppliers.active", policies.SupplierNode(sup.ID))
}

// link makes (or finds) the link of an accepted nomination and the scope
// relation org:brand → supplier:S. The nomination may name an alias if the
// supplier was merged since: the link goes to the one it was merged into.
func (s *Service) link(ctx context.Context, n *supplier.Nomination) error {
	sup, err := s.resolve(ctx, n.SupplierID)
	if err != nil {
		return err
	}
	l := supplier.NewLink(*n, s.now().UTC())
	l.SupplierID, l.ID, l.Listing = sup.ID, supplier.LinkID(n.BrandOrgID, sup.ID), sup.Listing()
	err = s.st.SupplierLinks.Insert(ctx, &l)
	if err != nil && !errors.Is(err, domain.ErrConflict) {
		return err
	}
	if err == nil {
		if err := s.activity.Record(ctx, "supplier_links.create", "link:"+l.ID); err != nil {
			return err
		}
	}
	return s.enf.Add(ctx, policies.Relation{Subject: policies.OrgNode(n.BrandOrgID), Object: policies.SupplierNode(sup.ID)})
}
