// Package registry runs the supplier registry: suppliers (facilities),
// brands' nominations and list uploads, matching against the registry,
// merges, links between brands and suppliers, and risk profiles.
//
// Matching reads an in-memory supplier.Index per hub. Each process builds it
// from the store at start and updates it on its own writes; with several API
// replicas, each one also polls the store for suppliers that others changed
// (Refresh, every DefaultRefreshEvery), so a replica's index trails others'
// writes by at most that long. A late index only weakens matching for that
// while (a facility may be proposed as new), and acceptance matches again.
package registry

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/actionhub/actionhub/app/activity"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/actionhub/actionhub/policies"
	"github.com/google/uuid"
)

// DefaultRefreshEvery is how often RefreshEvery looks for suppliers changed
// by other replicas.
const DefaultRefreshEvery = 30 * time.Second

// refreshOverlap re-reads a margin before the last refresh, so that a write
// committed late, or stamped by a replica whose clock is behind, is not
// missed. Adding a facility to the index twice is harmless.
const refreshOverlap = 2 * time.Minute

// scanBatch is how many documents a scan or a batched lookup reads at a time.
const scanBatch = 500

// Outbox queues a message to a person; delivery is a job's.
type Outbox interface {
	Queue(ctx context.Context, to, subject, body string) (*domain.Notification, error)
}

// Service is the supplier registry.
type Service struct {
	st       *store.Store
	enf      *policies.Enforcer
	activity *activity.Log
	outbox   Outbox
	now      func() time.Time
	log      *slog.Logger

	mu         sync.Mutex
	indexes    map[string]*supplier.Index          // by hub
	prevalence map[string]supplier.PrevalenceTable // by hub; absent means not loaded yet
	seen       time.Time                           // suppliers updated since are re-read by Refresh
}

// New returns the registry with its matching index built from the store. It
// also repairs what a crash between two writes may have left behind: risk
// profiles computed with an older prevalence table and links whose copy of
// their supplier's listing is stale. Errors are the store's.
func New(ctx context.Context, st *store.Store, enf *policies.Enforcer, al *activity.Log, ob Outbox, now func() time.Time, log *slog.Logger) (*Service, error) {
	s := &Service{st: st, enf: enf, activity: al, outbox: ob, now: now, log: log,
		indexes: map[string]*supplier.Index{}, prevalence: map[string]supplier.PrevalenceTable{}}
	if err := s.load(ctx); err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	return s, nil
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// load scans every supplier into the indexes, then brings stale risk
// profiles and link listings up to date.
func (s *Service) load(ctx context.Context) error {
	start := s.now().UTC()
	var stale []string
	listings := map[string]supplier.Listing{}
	err := s.st.Suppliers.Scan(ctx, scanBatch, func(batch []*supplier.Supplier) error {
		for _, sup := range batch {
			if sup.AliasOf != "" {
				continue
			}
			s.index(sup.HubID).Add(sup.ID, sup.Facility())
			table, err := s.prevalenceOf(ctx, sup.HubID)
			if err != nil {
				return err
			}
			if !slices.Equal(supplier.Risk(*sup, table, supplier.FindingSummary{}).Reasons, sup.Risk.Reasons) {
				stale = append(stale, sup.ID)
				continue
			}
			listings[sup.ID] = sup.Listing()
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range stale {
		sup, err := s.st.Suppliers.Update(ctx, id, func(x *supplier.Supplier) error { return s.rate(ctx, x) })
		if err != nil {
			return err
		}
		listings[id] = sup.Listing()
	}
	var links []string
	err = s.st.SupplierLinks.Scan(ctx, scanBatch, func(batch []*supplier.Link) error {
		for _, l := range batch {
			if want, ok := listings[l.SupplierID]; ok && !want.Equal(l.Listing) {
				links = append(links, l.ID)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range links {
		if _, err := s.st.SupplierLinks.Update(ctx, id, func(l *supplier.Link) error {
			l.Listing = listings[l.SupplierID]
			return nil
		}); err != nil {
			return err
		}
	}
	if len(stale)+len(links) > 0 {
		s.log.Info("registry: repaired at start", "risk_profiles", len(stale), "links", len(links))
	}
	s.mu.Lock()
	s.seen = start
	s.mu.Unlock()
	return nil
}

// Refresh reads the suppliers changed since the last look (by any replica)
// into the matching indexes, and drops the cached prevalence tables so they
// are read again. Errors are the store's.
func (s *Service) Refresh(ctx context.Context) error {
	s.mu.Lock()
	since := s.seen.Add(-refreshOverlap)
	s.prevalence = map[string]supplier.PrevalenceTable{}
	s.mu.Unlock()
	start := s.now().UTC()
	p := store.Page{Limit: scanBatch}
	for {
		page, next, err := s.st.Suppliers.ChangedSince(ctx, since, p)
		if err != nil {
			return err
		}
		for _, sup := range page {
			s.indexPut(sup)
		}
		if next == "" {
			break
		}
		p.After = next
	}
	s.mu.Lock()
	s.seen = start
	s.mu.Unlock()
	return nil
}

// RefreshEvery calls Refresh every d until ctx ends, logging failures.
func (s *Service) RefreshEvery(ctx context.Context, d time.Duration) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.Refresh(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("registry: refresh of the matching index failed", "err", err)
			}
		}
	}
}

// index returns the hub's matching index, making it on first use.
func (s *Service) index(hubID string) *supplier.Index {
	s.mu.Lock()
	defer s.mu.Unlock()
	x := s.indexes[hubID]
	if x == nil {
		x = supplier.NewIndex()
		s.indexes[hubID] = x
	}
	return x
}

// indexPut brings the index in line with a supplier just written.
func (s *Service) indexPut(sup *supplier.Supplier) {
	if sup.AliasOf != "" {
		s.index(sup.HubID).Remove(sup.ID)
		return
	}
	s.index(sup.HubID).Add(sup.ID, sup.Facility())
}

// Scope.

// supplier loads a supplier for a read or change that needs perm; one the
// caller may not reach is not found, like one that does not exist.
func (s *Service) supplier(ctx context.Context, id string, perm policies.Permission) (*supplier.Supplier, error) {
	return store.GetVisible(ctx, s.enf, s.st.Suppliers.Coll, id, perm)
}

// reach is supplier reading the brief (supplier.Supplier.Brief), which
// holds what the scope needs: for reads that use only the supplier's ID and
// hub, such as each section of a supplier's page.
func (s *Service) reach(ctx context.Context, id string, perm policies.Permission) (*supplier.Supplier, error) {
	return store.GetVisible(ctx, s.enf, s.st.Suppliers.Briefs().Coll, id, perm)
}

// operatorView reports whether the caller sees a hub's records as its
// operator does (who did what, every brand's link), not as one party.
func (s *Service) operatorView(a domain.Actor, hubID string) bool {
	return s.enf.Can(a, policies.PermSuppliersRead, domain.InHub(hubID))
}

// linked reports whether the caller's organisation is linked to the
// supplier: for a brand, whether it is one of its suppliers.
func (s *Service) linked(a domain.Actor, supplierID string) bool {
	return supplierID != "" && s.enf.Can(a, policies.PermSuppliersRead, domain.Scope{Suppliers: []string{supplierID}})
}

// resolve follows a merged supplier to the one that holds it now.
func (s *Service) resolve(ctx context.Context, id string) (*supplier.Supplier, error) {
	for range 8 {
		sup, err := s.st.Suppliers.Get(ctx, id)
		if err != nil || sup.AliasOf == "" {
			return sup, err
		}
		id = sup.AliasOf
	}
	return nil, fmt.Errorf("registry: supplier %s: alias chain too long", id)
}

// withProvince fills a facility's province from the hub's cities when it was
// left out: the province decides which child-labour law applies to it.
func (s *Service) withProvince(ctx context.Context, hubID string, fs ...*supplier.Facility) error {
	h, err := s.st.Hubs.Get(ctx, hubID)
	if err != nil {
		return err
	}
	for _, f := range fs {
		if strings.TrimSpace(f.Province) == "" {
			f.Province = supplier.CityProvince(h.Cities, f.City) // "کراچی" and "Karachi City" are Karachi too
		}
	}
	return nil
}
