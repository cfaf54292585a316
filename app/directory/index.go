package directory

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/directory"
)

// The directory's search indexes are derived rows written after the
// record: places (a case worker's search by type, district and age) and
// words (the HSDS text search). Writing them again is harmless, and
// searches check what they find against the records, so a row left behind
// by an interrupted write misleads nobody; a row missing after one is put
// back by RepairIndex, which the worker runs on a schedule.

// index writes the places and words of x (orgName: its organisation's
// name, read when empty) and removes those it no longer has.
func (s *Service) index(ctx context.Context, x *directory.Service, orgName string) error {
	if err := s.syncPlaces(ctx, x); err != nil {
		return err
	}
	if orgName == "" {
		o, err := s.st.DirectoryOrgs.Get(ctx, x.OrganizationID)
		if err != nil {
			return fmt.Errorf("organization of service %s: %w", x.ID, err)
		}
		orgName = o.Name
	}
	want := map[string]*store.DirectoryWord{}
	words := x.SearchWords(orgName)
	for _, w := range words {
		id := store.DirectoryWordID(x.ID, w)
		want[id] = &store.DirectoryWord{ID: id, HubID: x.HubID, Record: store.WordOfService, Word: w, OwnerID: x.ID,
			OrganizationID: x.OrganizationID, Type: x.Type, NameKey: directory.Key(x.Name), Modified: x.Modified, Words: words}
	}
	return s.syncWords(ctx, x.HubID, x.ID, want)
}

// indexOrg writes the words of o, and those of its services when its
// name changed (they are found by it too).
func (s *Service) indexOrg(ctx context.Context, o *directory.Organization, renamed bool) error {
	want := map[string]*store.DirectoryWord{}
	words := o.SearchWords()
	for _, w := range words {
		id := store.DirectoryWordID(o.ID, w)
		want[id] = &store.DirectoryWord{ID: id, HubID: o.HubID, Record: store.WordOfOrganization, Word: w, OwnerID: o.ID,
			NameKey: directory.Key(o.Name), Modified: o.Modified, Words: words}
	}
	if err := s.syncWords(ctx, o.HubID, o.ID, want); err != nil || !renamed {
		return err
	}
	f := store.DirectoryFilter{HubID: o.HubID, OrganizationID: o.ID}
	for p := (store.Page{Limit: 500}); ; {
		xs, next, err := s.st.DirectoryServices.List(ctx, f, p)
		if err != nil {
			return err
		}
		for _, x := range xs {
			if err := s.index(ctx, x, o.Name); err != nil {
				return err
			}
		}
		if next == "" {
			return nil
		}
		p.After = next
	}
}

// syncWords makes the stored words of ownerID, a record of hubID, those in
// want, and moves the hub's mark when they changed (words.go).
func (s *Service) syncWords(ctx context.Context, hubID, ownerID string, want map[string]*store.DirectoryWord) error {
	have, err := s.st.DirectoryWords.OfOwner(ctx, ownerID)
	if err != nil {
		return err
	}
	changed := false
	for _, w := range have {
		if x, ok := want[w.ID]; ok && x.Same(w) {
			delete(want, w.ID)
			continue
		}
		changed = true
		if err := s.st.DirectoryWords.Delete(ctx, w.ID); err != nil && !errors.Is(err, domain.ErrNotFound) {
			return fmt.Errorf("word %s: %w", w.ID, err)
		}
	}
	for _, w := range want {
		changed = true
		if err := s.st.DirectoryWords.Insert(ctx, w); err != nil && !errors.Is(err, domain.ErrConflict) {
			return fmt.Errorf("word %s: %w", w.ID, err)
		}
	}
	if !changed {
		return nil
	}
	return s.st.DirectoryMarks.Move(ctx, hubID, s.now().UTC())
}

// syncPlaces writes the places of x the search reads (none unless it is
// active) and removes those it no longer has.
func (s *Service) syncPlaces(ctx context.Context, x *directory.Service) error {
	want := placesOf(x)
	have, err := s.st.DirectoryPlaces.OfService(ctx, x.ID)
	if err != nil {
		return err
	}
	for _, p := range have {
		if w, ok := want[p.ID]; ok && *w == *p {
			delete(want, p.ID)
			continue
		}
		if err := s.st.DirectoryPlaces.Delete(ctx, p.ID); err != nil && !errors.Is(err, domain.ErrNotFound) {
			return fmt.Errorf("place %s: %w", p.ID, err)
		}
	}
	for _, p := range want {
		if err := s.st.DirectoryPlaces.Insert(ctx, p); err != nil && !errors.Is(err, domain.ErrConflict) {
			return fmt.Errorf("place %s: %w", p.ID, err)
		}
	}
	return nil
}

// placesOf returns the places x should have, by ID.
func placesOf(x *directory.Service) map[string]*store.DirectoryPlace {
	want := map[string]*store.DirectoryPlace{}
	if x.Searchable() {
		lo, hi := x.AgeBounds()
		for _, d := range x.Districts() {
			id := store.DirectoryPlaceID(x.ID, d)
			want[id] = &store.DirectoryPlace{ID: id, HubID: x.HubID, ServiceID: x.ID, Type: x.Type, District: d, MinAge: lo, MaxAge: hi}
		}
	}
	return want
}

// RepairIndex writes again every search row of every hub's directory that
// an interrupted write left missing or stale, and returns how many records
// it touched. It reads every record and the rows of each (about 1,000
// services a second here); the worker runs it every 15 minutes, and
// running it twice changes nothing. It also moves every hub's mark, so
// that a process stopped between writing words and moving the mark holds
// nobody's search back for longer than one pass.
func (s *Service) RepairIndex(ctx context.Context) (int, error) {
	orgs := map[string]string{}
	hubs := map[string]bool{}
	n := 0
	err := s.st.DirectoryOrgs.Scan(ctx, 500, func(os []*directory.Organization) error {
		for _, o := range os {
			orgs[o.ID] = o.Name
			hubs[o.HubID] = true
			have, err := s.st.DirectoryWords.OfOwner(ctx, o.ID)
			if err != nil {
				return err
			}
			if !sameWords(have, o.SearchWords(), directory.Key(o.Name)) {
				n++
				if err := s.indexOrg(ctx, o, false); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return n, err
	}
	err = s.st.DirectoryServices.Scan(ctx, 500, func(xs []*directory.Service) error {
		for _, x := range xs {
			ok, err := s.indexed(ctx, x, orgs[x.OrganizationID])
			if err != nil {
				return err
			}
			if !ok {
				n++
				if err := s.index(ctx, x, orgs[x.OrganizationID]); err != nil {
					return err
				}
			}
		}
		return nil
	})
	for hubID := range hubs {
		if err == nil {
			err = s.st.DirectoryMarks.Move(ctx, hubID, s.now().UTC())
		}
	}
	return n, err
}

// indexed reports whether x's places and words are all stored, as its
// record says they should be.
func (s *Service) indexed(ctx context.Context, x *directory.Service, orgName string) (bool, error) {
	ws, err := s.st.DirectoryWords.OfOwner(ctx, x.ID)
	if err != nil || !sameWords(ws, x.SearchWords(orgName), directory.Key(x.Name)) {
		return false, err
	}
	for _, w := range ws {
		if w.NameKey != directory.Key(x.Name) || w.Type != x.Type || !w.Modified.Equal(x.Modified) || w.OrganizationID != x.OrganizationID {
			return false, nil
		}
	}
	ps, err := s.st.DirectoryPlaces.OfService(ctx, x.ID)
	if err != nil {
		return false, err
	}
	want := placesOf(x)
	for _, p := range ps {
		if w, ok := want[p.ID]; !ok || *w != *p {
			return false, nil
		}
	}
	return len(ps) == len(want), nil
}

// sameWords reports whether the rows have are one for each of want, each
// carrying want and the record's name.
func sameWords(have []*store.DirectoryWord, want []string, nameKey string) bool {
	if len(have) != len(want) {
		return false
	}
	got := map[string]bool{}
	for _, w := range have {
		if !slices.Equal(w.Words, want) || w.NameKey != nameKey {
			return false
		}
		got[w.Word] = true
	}
	for _, w := range want {
		if !got[w] {
			return false
		}
	}
	return true
}
