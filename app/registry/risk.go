package registry

import (
	"context"
	"errors"
	"maps"
	"slices"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/actionhub/actionhub/policies"
)

// prevalenceOf returns the hub's prevalence table: the stored one, or the
// default placeholders until a hub admin enters figures. It is cached per
// hub; Refresh drops the cache so other replicas' edits are seen.
func (s *Service) prevalenceOf(ctx context.Context, hubID string) (supplier.PrevalenceTable, error) {
	s.mu.Lock()
	t, ok := s.prevalence[hubID]
	s.mu.Unlock()
	if ok {
		return t, nil
	}
	p, err := s.st.Prevalence.Get(ctx, hubID)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		t = supplier.DefaultPrevalence()
	case err != nil:
		return nil, err
	default:
		t = p.Table
	}
	s.mu.Lock()
	s.prevalence[hubID] = t
	s.mu.Unlock()
	return t, nil
}

// rate recomputes the supplier's risk profile. Audit findings will add to it
// once audits record them.
func (s *Service) rate(ctx context.Context, sup *supplier.Supplier) error {
	t, err := s.prevalenceOf(ctx, sup.HubID)
	if err != nil {
		return err
	}
	sup.Risk = supplier.Risk(*sup, t, supplier.FindingSummary{})
	return nil
}

// prevalenceHub checks that the caller may use perm on the hub's table and
// that the hub exists: an unknown hub has no table, not the placeholders.
func (s *Service) prevalenceHub(ctx context.Context, hubID string, perm policies.Permission) error {
	if !s.enf.Can(domain.ActorFrom(ctx), perm, &supplier.HubPrevalence{HubID: hubID}) {
		return domain.NotVisible("hub")
	}
	_, err := s.st.Hubs.Get(ctx, hubID)
	if errors.Is(err, domain.ErrNotFound) {
		return domain.NotVisible("hub")
	}
	return err
}

// Prevalence returns a hub's table and whether the hub has entered one (or
// still shows the placeholders), for operator staff of the hub.
func (s *Service) Prevalence(ctx context.Context, hubID string) (*supplier.HubPrevalence, error) {
	if err := s.prevalenceHub(ctx, hubID, policies.PermPrevalenceRead); err != nil {
		return nil, err
	}
	p, err := s.st.Prevalence.Get(ctx, hubID)
	if errors.Is(err, domain.ErrNotFound) {
		return &supplier.HubPrevalence{HubID: hubID, Table: supplier.DefaultPrevalence()}, nil
	}
	return p, err
}

// SetPrevalence replaces a hub's table and recomputes the risk profile of
// every supplier of the hub whose profile changes. version, when not 0,
// must be the stored table's version (0 for the placeholders), so two admins
// editing at once do not overwrite each other (domain.ErrConflict).
func (s *Service) SetPrevalence(ctx context.Context, hubID string, table supplier.PrevalenceTable, version int64) (*supplier.HubPrevalence, error) {
	a := domain.ActorFrom(ctx)
	if err := s.prevalenceHub(ctx, hubID, policies.PermPrevalenceUpdate); err != nil {
		return nil, err
	}
	if err := supplier.ValidatePrevalence(table); err != nil {
		return nil, err
	}
	table = table.Normalized()
	now := s.now().UTC()
	p, err := s.st.Prevalence.Update(ctx, hubID, func(p *supplier.HubPrevalence) error {
		if version != 0 && p.Version != version {
			return domain.Conflictf("The table changed since version %d. Read it again.", version)
		}
		p.Table, p.Updated, p.UpdatedBy = table, now, a.UserID
		return nil
	})
	if errors.Is(err, domain.ErrNotFound) {
		if version != 0 {
			return nil, domain.Conflictf("The table changed since version %d. Read it again.", version)
		}
		p = &supplier.HubPrevalence{HubID: hubID, Table: table, Updated: now, UpdatedBy: a.UserID}
		err = s.st.Prevalence.Insert(ctx, p)
		if errors.Is(err, domain.ErrConflict) {
			err = domain.Conflictf("The table was entered by someone else just now. Read it again.")
		}
	}
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.prevalence[hubID] = maps.Clone(table)
	s.mu.Unlock()
	if err := s.activity.Record(ctx, "prevalence.update", policies.HubNode(hubID)); err != nil {
		return nil, err
	}
	return p, s.rerate(ctx, hubID)
}

// rerate recomputes the risk profiles of a hub's suppliers after its table
// changed, writing only those that change. If it stops half way, the next
// start finishes it.
func (s *Service) rerate(ctx context.Context, hubID string) error {
	p := store.Page{Limit: scanBatch}
	for {
		page, next, err := s.st.Suppliers.InHub(ctx, hubID, store.Listing{Sort: store.ByCreated}, p)
		if err != nil {
			return err
		}
		for _, sup := range page {
			before := sup.Risk
			if err := s.rate(ctx, sup); err != nil {
				return err
			}
			if slices.Equal(before.Reasons, sup.Risk.Reasons) {
				continue
			}
			if _, err := s.write(ctx, sup.ID, func(x *supplier.Supplier) error { return nil }); err != nil {
				return err
			}
		}
		if next == "" {
			return nil
		}
		p.After = next
	}
}

// write changes a supplier through fn, then recomputes its risk and stamps
// the time, all in one versioned update, and carries the change to the
// matching index and to the copies of its listing in its links.
func (s *Service) write(ctx context.Context, id string, fn func(*supplier.Supplier) error) (*supplier.Supplier, error) {
	now := s.now().UTC()
	sup, err := s.st.Suppliers.Update(ctx, id, func(x *supplier.Supplier) error {
		if err := fn(x); err != nil {
			return err
		}
		if err := x.Validate(); err != nil {
			return err
		}
		x.Updated = now
		return s.rate(ctx, x)
	})
	if err != nil {
		return nil, err
	}
	s.indexPut(sup)
	return sup, s.syncLinks(ctx, sup)
}

// syncLinks copies the supplier's listing into each of its links that holds
// an older one. Each link is its own update, so this is idempotent: a rerun
// (or the next start) finishes what a failure left.
func (s *Service) syncLinks(ctx context.Context, sup *supplier.Supplier) error {
	want := sup.Listing()
	links, err := s.linksOf(ctx, sup.ID)
	if err != nil {
		return err
	}
	for _, l := range links {
		if l.Listing.Equal(want) {
			continue
		}
		if _, err := s.st.SupplierLinks.Update(ctx, l.ID, func(x *supplier.Link) error {
			x.Listing = want
			return nil
		}); err != nil && !errors.Is(err, domain.ErrNotFound) {
			return err
		}
	}
	return nil
}

// linksOf returns every link of a supplier: a handful of brands each.
func (s *Service) linksOf(ctx context.Context, supplierID string) ([]*supplier.Link, error) {
	var out []*supplier.Link
	p := store.Page{Limit: docstore.MaxLimit}
	for {
		page, next, err := s.st.SupplierLinks.OfSupplier(ctx, supplierID, false, p)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if next == "" {
			return out, nil
		}
		p.After = next
	}
}
