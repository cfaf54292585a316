// Package directory keeps each hub's referral directory (domain/directory):
// hub admins and agencies edit it, everyone working in the hub reads and
// searches it, and its HSDS 3.0 API is open to anyone when the hub says so.
// It imports and exports HSDS 3.0 JSON.
//
// Edits ask store.GetVisible about the entry (its scope names the hub and
// its agency); reads ask about the hub as a whole (domain.HubWide), or
// nothing when the hub's HSDS API is public.
package directory

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/actionhub/actionhub/app/activity"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/directory"
	"github.com/actionhub/actionhub/policies"
	"github.com/google/uuid"
)

// Service runs the referral directory.
type Service struct {
	st       *store.Store
	enf      *policies.Enforcer
	activity *activity.Log
	now      func() time.Time
	words    wordIndexes
}

// New returns the service.
func New(st *store.Store, enf *policies.Enforcer, al *activity.Log, now func() time.Time) *Service {
	return &Service{st: st, enf: enf, activity: al, now: now}
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// Settings returns a hub's directory settings (defaults when never set):
// for anyone who reads the directory.
func (s *Service) Settings(ctx context.Context, hubID string) (*directory.Settings, error) {
	hubID, err := s.enf.HubFor(domain.ActorFrom(ctx), policies.PermDirectoryRead, hubID, domain.HubWide)
	if err != nil {
		return nil, err
	}
	return s.settings(ctx, hubID)
}

func (s *Service) settings(ctx context.Context, hubID string) (*directory.Settings, error) {
	st, err := s.st.DirectorySettings.Get(ctx, hubID)
	if errors.Is(err, domain.ErrNotFound) {
		return &directory.Settings{HubID: hubID}, nil
	}
	return st, err
}

// SetPublicAPI opens or closes the hub's HSDS read API to callers without
// a login (hub admins).
func (s *Service) SetPublicAPI(ctx context.Context, hubID string, public bool) (*directory.Settings, error) {
	hubID, err := s.enf.HubFor(domain.ActorFrom(ctx), policies.PermDirectorySettings, hubID, domain.InHub)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	st, err := s.st.DirectorySettings.Update(ctx, hubID, func(v *directory.Settings) error {
		v.PublicAPI, v.Updated = public, now
		return nil
	})
	if errors.Is(err, domain.ErrNotFound) {
		st = &directory.Settings{HubID: hubID, PublicAPI: public, Updated: now}
		err = s.st.DirectorySettings.Insert(ctx, st)
		if errors.Is(err, domain.ErrConflict) { // made meanwhile: set it on that one
			return s.SetPublicAPI(ctx, hubID, public)
		}
	}
	if err != nil {
		return nil, err
	}
	return st, s.activity.Record(ctx, "directory.settings", "hub:"+hubID)
}

// reader lets the caller read hubID's directory through the HSDS API:
// anyone when the hub made it public, else someone working in the hub.
// An unknown hub, and one the caller may not read, are not found.
func (s *Service) reader(ctx context.Context, hubID string) error {
	a := domain.ActorFrom(ctx)
	if a.Authenticated() && s.enf.Can(a, policies.PermDirectoryRead, domain.HubWide(hubID)) {
		return nil // someone working in the hub: no need to read the settings
	}
	if _, err := s.st.Hubs.Get(ctx, hubID); err != nil {
		if errors.Is(err, domain.ErrNotFound) {
			return domain.NotVisible("hub")
		}
		return err
	}
	st, err := s.settings(ctx, hubID)
	if err != nil {
		return err
	}
	switch {
	case st.PublicAPI:
		return nil
	case !a.Authenticated():
		return domain.Unauthenticatedf("This hub's directory is not public. Send a login token or an API key.")
	}
	return domain.NotVisible("hub")
}

// Query is an HSDS list request; its conditions are ANDed.
type Query struct {
	HubID          string
	Search         string // words a record is found by (directory.Words), every one the start of one of its words
	OrganizationID string
	TaxonomyTermID string
	ModifiedAfter  time.Time
	Page, PerPage  int // from 1; at most MaxPerPage
}

// Paging limits of the HSDS lists. A page is read by passing over the
// records before it in the index, so the depth is bounded too.
const (
	MaxPerPage = 100
	MaxDepth   = 10_000 // page × per_page
)

// Page is one HSDS page.
type Page[T any] struct {
	Total, PerPage, Number int
	Items                  []*T
}

func (q Query) filter() (store.DirectoryFilter, error) {
	f := store.DirectoryFilter{HubID: q.HubID, OrganizationID: q.OrganizationID, ModifiedAfter: q.ModifiedAfter}
	if q.TaxonomyTermID != "" {
		t, ok := directory.TypeOfTerm(q.HubID, q.TaxonomyTermID)
		if !ok {
			return f, domain.Invalid("taxonomy_term_id", "names no taxonomy term of this hub")
		}
		f.Type = t
	}
	switch words := directory.Words(q.Search); {
	case len(words) > directory.MaxSearchWords:
		return f, domain.Invalid("search", "has more than 8 words")
	case len(words) == 0 && strings.TrimSpace(q.Search) != "":
		// Words of one letter and punctuation are not indexed: such a
		// search would list everything rather than nothing.
		return f, domain.Invalid("search", "needs at least one word of two letters or more")
	}
	if q.Page*q.PerPage > MaxDepth {
		return f, domain.Invalid("page", "goes deeper than 10000 records: narrow the search")
	}
	return f, nil
}

// page is the store page of HSDS page number: one read of an index that
// passes over the pages before it (at most MaxDepth records).
func (q Query) page() store.Page {
	return store.Page{Skip: (q.Page - 1) * q.PerPage, Limit: q.PerPage}
}

// Services lists a hub's services, HSDS page by page, each with its
// organisation.
func (s *Service) Services(ctx context.Context, q Query) (*Page[directory.Service], map[string]*directory.Organization, error) {
	if err := s.reader(ctx, q.HubID); err != nil {
		return nil, nil, err
	}
	f, err := q.filter()
	if err != nil {
		return nil, nil, err
	}
	var total int64
	var xs []*directory.Service
	if words := directory.Words(q.Search); len(words) > 0 {
		n, ids, err := s.textPage(ctx, q, store.WordOfService, f, words)
		if err != nil {
			return nil, nil, err
		}
		if xs, err = s.st.DirectoryServices.GetMany(ctx, ids); err != nil {
			return nil, nil, err
		}
		total = int64(n)
		orgs, err := s.orgsOf(ctx, xs)
		if err != nil {
			return nil, nil, err
		}
		// The rows found are checked against the records: a row left by
		// an interrupted write is no answer.
		xs = slices.DeleteFunc(xs, func(x *directory.Service) bool {
			o := orgs[x.OrganizationID]
			return x.HubID != q.HubID || o == nil || !hasWords(x.SearchWords(o.Name), words) ||
				!f.Matches(&store.DirectoryWord{OrganizationID: x.OrganizationID, Type: x.Type, Modified: x.Modified})
		})
		return &Page[directory.Service]{Total: int(total), PerPage: q.PerPage, Number: q.Page, Items: xs}, orgs, nil
	}
	total, err = s.st.DirectoryServices.CountOf(ctx, f)
	if err != nil {
		return nil, nil, err
	}
	xs, _, err = s.st.DirectoryServices.List(ctx, f, q.page())
	if err != nil {
		return nil, nil, err
	}
	orgs, err := s.orgsOf(ctx, xs)
	return &Page[directory.Service]{Total: int(total), PerPage: q.PerPage, Number: q.Page, Items: xs}, orgs, err
}

// orgsOf reads the organisations of services, each once (a page's
// services are often one provider's).
func (s *Service) orgsOf(ctx context.Context, xs []*directory.Service) (map[string]*directory.Organization, error) {
	var ids []string
	for _, x := range xs {
		if !slices.Contains(ids, x.OrganizationID) {
			ids = append(ids, x.OrganizationID)
		}
	}
	os, err := s.st.DirectoryOrgs.GetMany(ctx, ids)
	out := map[string]*directory.Organization{}
	for _, o := range os {
		out[o.ID] = o
	}
	return out, err
}

// Organizations lists a hub's organisations, HSDS page by page.
func (s *Service) Organizations(ctx context.Context, q Query) (*Page[directory.Organization], error) {
	if err := s.reader(ctx, q.HubID); err != nil {
		return nil, err
	}
	f, err := q.filter()
	if err != nil {
		return nil, err
	}
	if words := directory.Words(q.Search); len(words) > 0 {
		f.OrganizationID, f.Type = "", ""
		n, ids, err := s.textPage(ctx, q, store.WordOfOrganization, f, words)
		if err != nil {
			return nil, err
		}
		os, err := s.st.DirectoryOrgs.GetMany(ctx, ids)
		os = slices.DeleteFunc(os, func(o *directory.Organization) bool {
			return o.HubID != q.HubID || !hasWords(o.SearchWords(), words) || !f.ModifiedAfter.IsZero() && !o.Modified.After(f.ModifiedAfter)
		})
		return &Page[directory.Organization]{Total: n, PerPage: q.PerPage, Number: q.Page, Items: os}, err
	}
	total, err := s.st.DirectoryOrgs.CountOf(ctx, f)
	if err != nil {
		return nil, err
	}
	xs, _, err := s.st.DirectoryOrgs.List(ctx, f, q.page())
	return &Page[directory.Organization]{Total: int(total), PerPage: q.PerPage, Number: q.Page, Items: xs}, err
}

// GetService returns one of a hub's services with its organisation.
func (s *Service) GetService(ctx context.Context, hubID, id string) (*directory.Service, *directory.Organization, error) {
	if err := s.reader(ctx, hubID); err != nil {
		return nil, nil, err
	}
	x, err := s.st.DirectoryServices.Get(ctx, id)
	if errors.Is(err, domain.ErrNotFound) || (err == nil && x.HubID != hubID) {
		return nil, nil, domain.NotVisible("service")
	}
	if err != nil {
		return nil, nil, err
	}
	o, err := s.st.DirectoryOrgs.Get(ctx, x.OrganizationID)
	if err != nil {
		return nil, nil, fmt.Errorf("organization of service %s: %w", id, err)
	}
	return x, o, nil
}

// GetOrganization returns one of a hub's organisations.
func (s *Service) GetOrganization(ctx context.Context, hubID, id string) (*directory.Organization, error) {
	if err := s.reader(ctx, hubID); err != nil {
		return nil, err
	}
	o, err := s.st.DirectoryOrgs.Get(ctx, id)
	if errors.Is(err, domain.ErrNotFound) || (err == nil && o.HubID != hubID) {
		return nil, domain.NotVisible("organization")
	}
	return o, err
}

// Terms returns the hub's taxonomy terms (its service types).
func (s *Service) Terms(ctx context.Context, hubID string) ([]directory.HSDSTaxonomyTerm, error) {
	if err := s.reader(ctx, hubID); err != nil {
		return nil, err
	}
	out := make([]directory.HSDSTaxonomyTerm, len(directory.ServiceTypes))
	for i, t := range directory.ServiceTypes {
		out[i] = directory.Term(hubID, t)
	}
	return out, nil
}

// Taxonomies returns the hub's taxonomies: its service types, one.
func (s *Service) Taxonomies(ctx context.Context, hubID string) ([]directory.HSDSTaxonomy, error) {
	if err := s.reader(ctx, hubID); err != nil {
		return nil, err
	}
	return []directory.HSDSTaxonomy{directory.Taxonomy(hubID)}, nil
}

// Term returns one of the hub's taxonomy terms.
func (s *Service) Term(ctx context.Context, hubID, id string) (*directory.HSDSTaxonomyTerm, error) {
	if err := s.reader(ctx, hubID); err != nil {
		return nil, err
	}
	t, ok := directory.TypeOfTerm(hubID, id)
	if !ok {
		return nil, domain.NotVisible("taxonomy term")
	}
	term := directory.Term(hubID, t)
	return &term, nil
}

// CheckReader reports whether the caller may read the hub's HSDS API.
func (s *Service) CheckReader(ctx context.Context, hubID string) error { return s.reader(ctx, hubID) }

// SearchInput is a case worker's search: services of Type (any when
// empty) in District taking a child of Age (any when negative).
type SearchInput struct {
	HubID    string
	Type     directory.ServiceType
	District string
	Age      int
	Cursor   string
	Limit    int
	Brief    bool // each service as its Brief: enough to choose one
}

// Search finds the active services a case worker may refer a child to:
// one range of one index over the services' places, youngest minimum age
// first. Each service found is checked again against the search, so a
// place left behind by an interrupted write is never an answer.
func (s *Service) Search(ctx context.Context, in SearchInput) ([]*directory.Service, string, error) {
	hubID, err := s.enf.HubFor(domain.ActorFrom(ctx), policies.PermDirectoryRead, in.HubID, domain.HubWide)
	if err != nil {
		return nil, "", err
	}
	district := directory.Key(in.District)
	if district == "" {
		return nil, "", domain.Invalid("district", "is required")
	}
	ps, next, err := s.st.DirectoryPlaces.Search(ctx, hubID, in.Type, district, in.Age, store.Page{After: in.Cursor, Limit: in.Limit})
	if err != nil {
		return nil, "", err
	}
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ServiceID
	}
	read := s.st.DirectoryServices.GetMany
	if in.Brief {
		read = s.st.DirectoryServices.Briefs
	}
	xs, err := read(ctx, ids)
	if err != nil {
		return nil, "", err
	}
	out := xs[:0]
	for _, x := range xs {
		if x.HubID == hubID && x.Searchable() && (in.Type == "" || x.Type == in.Type) &&
			(in.Age < 0 || x.Serves(in.Age)) && containsKey(x.Districts(), district) {
			out = append(out, x)
		}
	}
	return out, next, nil
}

func containsKey(xs []string, k string) bool {
	for _, x := range xs {
		if x == k {
			return true
		}
	}
	return false
}
