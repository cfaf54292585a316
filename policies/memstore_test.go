package policies

import (
	"context"
	"errors"
	"sort"
	"sync"
)

// memStore is an in-memory RelationStore for these tests; the store's own
// implementation is tested in package store on a real engine.
type memStore struct {
	mu   sync.Mutex
	rels map[Relation]bool
	fail error // returned by every call when set
}

func newMemStore(rels ...Relation) *memStore {
	s := &memStore{rels: map[Relation]bool{}}
	for _, r := range rels {
		s.rels[r] = true
	}
	return s
}

var errStoreDown = errors.New("store down")

func (s *memStore) LoadRelations(_ context.Context, fn func([]Relation) error) error {
	s.mu.Lock()
	if s.fail != nil {
		s.mu.Unlock()
		return s.fail
	}
	all := make([]Relation, 0, len(s.rels))
	for r := range s.rels {
		all = append(all, r)
	}
	s.mu.Unlock()
	sort.Slice(all, func(i, j int) bool {
		return all[i].Subject+"|"+all[i].Object < all[j].Subject+"|"+all[j].Object
	})
	for len(all) > 0 {
		n := min(1000, len(all))
		if err := fn(all[:n]); err != nil {
			return err
		}
		all = all[n:]
	}
	return nil
}

func (s *memStore) AddRelations(_ context.Context, rels ...Relation) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return s.fail
	}
	for _, r := range rels {
		s.rels[r] = true
	}
	return nil
}

func (s *memStore) RemoveRelations(_ context.Context, rels ...Relation) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return s.fail
	}
	for _, r := range rels {
		delete(s.rels, r)
	}
	return nil
}

func (s *memStore) HasRelations(_ context.Context, rels ...Relation) ([]bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return nil, s.fail
	}
	out := make([]bool, len(rels))
	for i, r := range rels {
		out[i] = s.rels[r]
	}
	return out, nil
}

func (s *memStore) setFail(err error) {
	s.mu.Lock()
	s.fail = err
	s.mu.Unlock()
}
