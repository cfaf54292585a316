package store

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/directory"
)

// directoryOrgDef: the hub's providers, listed by name (name_key, the
// folded name, so a name search is a range on the index's last field) or,
// for "changed since", by modified.
var directoryOrgDef = docstore.Def[directory.Organization]{
	Spec: docstore.Spec{
		Name: "directory_orgs",
		Fields: []docstore.Field{
			{Name: "hub_id", Kind: docstore.String},
			{Name: "name_key", Kind: docstore.String},
			{Name: "modified", Kind: docstore.Time},
		},
		Indexes: [][]string{{"hub_id", "name_key"}, {"hub_id", "modified"}},
		Sort:    []docstore.Order{{Field: "name_key"}},
	},
	ID:      func(o *directory.Organization) string { return o.ID },
	Version: func(o *directory.Organization) *int64 { return &o.Version },
	Fields: func(o *directory.Organization) map[string]any {
		return map[string]any{"hub_id": o.HubID, "name_key": directory.Key(o.Name), "modified": o.Modified}
	},
}

// directoryServiceDef: the HSDS filters (organisation, service type) are
// equalities before the sort field, name_key by default, modified when a
// list asks for what changed since a time.
var directoryServiceDef = docstore.Def[directory.Service]{
	Spec: docstore.Spec{
		Name: "directory_services",
		Fields: []docstore.Field{
			{Name: "hub_id", Kind: docstore.String},
			{Name: "organization_id", Kind: docstore.String},
			{Name: "service_type", Kind: docstore.String},
			{Name: "name_key", Kind: docstore.String},
			{Name: "modified", Kind: docstore.Time},
		},
		Indexes: [][]string{
			{"hub_id", "name_key"},
			{"hub_id", "organization_id", "name_key"},
			{"hub_id", "service_type", "name_key"},
			{"hub_id", "organization_id", "service_type", "name_key"},
			{"hub_id", "modified"},
			{"hub_id", "organization_id", "modified"},
			{"hub_id", "service_type", "modified"},
			{"hub_id", "organization_id", "service_type", "modified"},
		},
		Sort:    []docstore.Order{{Field: "name_key"}},
		Summary: true,
	},
	// The summary is the service's brief: what a case worker's search
	// shows and checks (a tenth of the record).
	Summary: func(s *directory.Service) any { return s.Brief() },
	ID:      func(s *directory.Service) string { return s.ID },
	Version: func(s *directory.Service) *int64 { return &s.Version },
	Fields: func(s *directory.Service) map[string]any {
		return map[string]any{"hub_id": s.HubID, "organization_id": s.OrganizationID, "service_type": string(s.Type),
			"name_key": directory.Key(s.Name), "modified": s.Modified}
	},
}

// DirectoryPlace is one district an active service is found in, with what
// a case worker's search asks of it copied from the service: the search
// by type, district and age is one range of one index.
type DirectoryPlace struct {
	ID        string // DirectoryPlaceID
	HubID     string
	ServiceID string
	Type      directory.ServiceType
	District  string // directory.Key form
	MinAge    int
	MaxAge    int
}

// DirectoryPlaceID is the place's ID, the same on every write of the service.
func DirectoryPlaceID(serviceID, district string) string { return serviceID + ":" + district }

// directoryPlaceDef: type and district are equalities, the age a range on
// min_age (the index's last field); max_age is checked on the rows that
// range reads.
var directoryPlaceDef = docstore.Def[DirectoryPlace]{
	Spec: docstore.Spec{
		Name: "directory_places",
		Fields: []docstore.Field{
			{Name: "hub_id", Kind: docstore.String},
			{Name: "service_id", Kind: docstore.String},
			{Name: "service_type", Kind: docstore.String},
			{Name: "district", Kind: docstore.String},
			{Name: "min_age", Kind: docstore.Int},
			{Name: "max_age", Kind: docstore.Int},
		},
		Indexes: [][]string{
			{"hub_id", "service_type", "district", "min_age"},
			{"hub_id", "district", "min_age"},
		},
		Sort: []docstore.Order{{Field: "min_age"}},
	},
	ID: func(p *DirectoryPlace) string { return p.ID },
	Fields: func(p *DirectoryPlace) map[string]any {
		return map[string]any{"hub_id": p.HubID, "service_id": p.ServiceID, "service_type": string(p.Type),
			"district": p.District, "min_age": p.MinAge, "max_age": p.MaxAge}
	},
}

// DirectoryWord is one word a service or an organisation of a hub's
// directory is found by (directory.Words), with what an HSDS list filters
// and sorts on copied from its record, so a text search reads these rows
// alone and then the one page of records it shows.
type DirectoryWord struct {
	ID             string // DirectoryWordID
	HubID          string
	Record         string // WordOfService or WordOfOrganization
	Word           string
	OwnerID        string // the service's or organisation's ID
	OrganizationID string // a service's organisation
	Type           directory.ServiceType
	NameKey        string // directory.Key of the record's name: the list's order
	Modified       time.Time
	// Words are all the record's words, so that the rows of a search's
	// rarest word decide the other words too, without reading theirs.
	Words []string
}

// Same reports whether w and v hold the same values.
func (w *DirectoryWord) Same(v *DirectoryWord) bool {
	return w.ID == v.ID && w.HubID == v.HubID && w.Record == v.Record && w.Word == v.Word && w.OwnerID == v.OwnerID &&
		w.OrganizationID == v.OrganizationID && w.Type == v.Type && w.NameKey == v.NameKey && w.Modified.Equal(v.Modified) &&
		slices.Equal(w.Words, v.Words)
}

// Records a word belongs to.
const (
	WordOfService      = "service"
	WordOfOrganization = "organization"
)

// DirectoryWordID is the word row's ID, the same on every write of its record.
func DirectoryWordID(ownerID, word string) string { return ownerID + ":" + word }

// directoryWordDef: a search word is a prefix range on word after the
// hub and the kind of record; the rest is read from the rows that range
// holds.
var directoryWordDef = docstore.Def[DirectoryWord]{
	Spec: docstore.Spec{
		Name: "directory_words",
		Fields: []docstore.Field{
			{Name: "hub_id", Kind: docstore.String},
			{Name: "record", Kind: docstore.String},
			{Name: "word", Kind: docstore.String},
			{Name: "owner_id", Kind: docstore.String},
		},
		Indexes: [][]string{{"hub_id", "record", "word"}}, // and owner_id's own, as every declared field's
		Sort:    []docstore.Order{{Field: "word"}},
		Summary: true,
	},
	// The summary is the row without the record's words: a search of one
	// word reads only that.
	Summary: func(w *DirectoryWord) any {
		row := *w
		row.Words = nil
		return row
	},
	ID: func(w *DirectoryWord) string { return w.ID },
	Fields: func(w *DirectoryWord) map[string]any {
		return map[string]any{"hub_id": w.HubID, "record": w.Record, "word": w.Word, "owner_id": w.OwnerID}
	},
}

// directorySettingsDef: one document per hub, its ID the hub's.
var directorySettingsDef = docstore.Def[directory.Settings]{
	Spec: docstore.Spec{
		Name:   "directory_settings",
		Fields: []docstore.Field{{Name: "updated", Kind: docstore.Time}},
		Sort:   []docstore.Order{{Field: "updated"}},
	},
	ID:      func(s *directory.Settings) string { return s.HubID },
	Version: func(s *directory.Settings) *int64 { return &s.Version },
	Fields:  func(s *directory.Settings) map[string]any { return map[string]any{"updated": s.Updated} },
}

// DirectoryMark is a hub's mark of change of its directory's search
// words: its version moves on with every change of them, so a process
// that keeps the words in memory knows when to read them again.
type DirectoryMark struct {
	HubID   string
	Version int64
	Changed time.Time
}

// directoryMarkDef: one document per hub, its ID the hub's.
var directoryMarkDef = docstore.Def[DirectoryMark]{
	Spec: docstore.Spec{
		Name:   "directory_marks",
		Fields: []docstore.Field{{Name: "changed", Kind: docstore.Time}},
		Sort:   []docstore.Order{{Field: "changed"}},
	},
	ID:      func(m *DirectoryMark) string { return m.HubID },
	Version: func(m *DirectoryMark) *int64 { return &m.Version },
	Fields:  func(m *DirectoryMark) map[string]any { return map[string]any{"changed": m.Changed} },
}

// DirectoryOrgs is the providers in hubs' referral directories.
type DirectoryOrgs struct {
	*docstore.Coll[directory.Organization]
}

// DirectoryServices is the services in hubs' referral directories.
type DirectoryServices struct {
	*docstore.Coll[directory.Service]
	briefs *docstore.Coll[directory.Service] // the summaries: each service's Brief
}

// Briefs returns the briefs (directory.Service.Brief) of the services
// found among ids, in the order of ids.
func (c DirectoryServices) Briefs(ctx context.Context, ids []string) ([]*directory.Service, error) {
	return c.briefs.GetMany(ctx, ids)
}

// DirectoryPlaces is where active services are found, for case workers' search.
type DirectoryPlaces struct{ *docstore.Coll[DirectoryPlace] }

// DirectoryWords is the words directory records are found by.
type DirectoryWords struct {
	*docstore.Coll[DirectoryWord]
	rows *docstore.Coll[DirectoryWord] // the summaries: rows without their records' words
}

// DirectoryMarks is each hub's mark of change of its search words.
type DirectoryMarks struct{ *docstore.Coll[DirectoryMark] }

// Of returns the version of a hub's mark: 0 while its words never changed.
func (c DirectoryMarks) Of(ctx context.Context, hubID string) (int64, error) {
	m, err := c.Get(ctx, hubID)
	if errors.Is(err, domain.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return m.Version, nil
}

// Move moves a hub's mark on, after a change of its words. Losing every
// race to move it is no failure: a race is lost to a writer that moved the
// mark after the caller read it, so after the caller's words were written,
// which is all a reader of the mark needs.
func (c DirectoryMarks) Move(ctx context.Context, hubID string, now time.Time) error {
	_, err := c.Update(ctx, hubID, func(m *DirectoryMark) error {
		m.Changed = now
		return nil
	})
	if errors.Is(err, domain.ErrConflict) {
		return nil
	}
	if errors.Is(err, domain.ErrNotFound) {
		err = c.Insert(ctx, &DirectoryMark{HubID: hubID, Changed: now})
		if errors.Is(err, domain.ErrConflict) { // made meanwhile: move that one
			return c.Move(ctx, hubID, now)
		}
	}
	return err
}

// DirectorySettings is each hub's directory settings, by hub ID.
type DirectorySettings struct {
	*docstore.Coll[directory.Settings]
}

var (
	directoryOrgsColl = wire(directoryOrgDef, "organization", func(s *Store, c *docstore.Coll[directory.Organization]) {
		s.DirectoryOrgs = DirectoryOrgs{c}
	})
	directoryServicesColl = wire(directoryServiceDef, "service", func(s *Store, c *docstore.Coll[directory.Service]) {
		s.DirectoryServices = DirectoryServices{Coll: c, briefs: docstore.BindSummaries(s.Engine, directoryServiceDef)}
	})
	directoryPlacesColl = wire(directoryPlaceDef, "service place", func(s *Store, c *docstore.Coll[DirectoryPlace]) {
		s.DirectoryPlaces = DirectoryPlaces{c}
	})
	directoryWordsColl = wire(directoryWordDef, "search word", func(s *Store, c *docstore.Coll[DirectoryWord]) {
		s.DirectoryWords = DirectoryWords{Coll: c, rows: docstore.BindSummaries(s.Engine, directoryWordDef)}
	})
	directoryMarksColl = wire(directoryMarkDef, "directory mark", func(s *Store, c *docstore.Coll[DirectoryMark]) {
		s.DirectoryMarks = DirectoryMarks{c}
	})
	directorySettingsColl = wire(directorySettingsDef, "directory settings", func(s *Store, c *docstore.Coll[directory.Settings]) {
		s.DirectorySettings = DirectorySettings{c}
	})
)

// DirectoryFilter narrows a hub's directory list; the conditions are ANDed.
type DirectoryFilter struct {
	HubID          string
	OrganizationID string
	Type           directory.ServiceType
	NameStarts     string    // the folded name starts with this (directory.Key form)
	ModifiedAfter  time.Time // zero: any
}

// where builds the conditions and the sort: by name, or by time of change
// when ModifiedAfter is set and no name is searched (a range on the sort
// field; with both, modified is checked on the rows the name range reads).
func (f DirectoryFilter) where(orgs bool) ([]docstore.Cond, []docstore.Order) {
	where := []docstore.Cond{docstore.EqCond("hub_id", f.HubID)}
	if !orgs && f.OrganizationID != "" {
		where = append(where, docstore.EqCond("organization_id", f.OrganizationID))
	}
	if !orgs && f.Type != "" {
		where = append(where, docstore.EqCond("service_type", string(f.Type)))
	}
	sort := []docstore.Order{{Field: "name_key"}}
	if f.NameStarts != "" {
		where = append(where, docstore.PrefixCond("name_key", f.NameStarts))
	}
	if !f.ModifiedAfter.IsZero() {
		where = append(where, docstore.Cond{Field: "modified", Op: docstore.Gt, Value: f.ModifiedAfter})
		if f.NameStarts == "" {
			sort = []docstore.Order{{Field: "modified"}}
		}
	}
	return where, sort
}

// Matches reports whether a record's word row passes f's conditions
// other than the hub and the name (a text search's narrowing).
func (f DirectoryFilter) Matches(w *DirectoryWord) bool {
	return (f.OrganizationID == "" || w.OrganizationID == f.OrganizationID) && (f.Type == "" || w.Type == f.Type) &&
		(f.ModifiedAfter.IsZero() || w.Modified.After(f.ModifiedAfter))
}

// List pages through a hub's services matching f.
func (c DirectoryServices) List(ctx context.Context, f DirectoryFilter, p Page) ([]*directory.Service, string, error) {
	where, sort := f.where(false)
	return c.Find(ctx, p.query(where, sort...))
}

// CountOf counts a hub's services matching f.
func (c DirectoryServices) CountOf(ctx context.Context, f DirectoryFilter) (int64, error) {
	where, _ := f.where(false)
	return c.Count(ctx, where...)
}

// List pages through a hub's organisations matching f (name and time of
// change only).
func (c DirectoryOrgs) List(ctx context.Context, f DirectoryFilter, p Page) ([]*directory.Organization, string, error) {
	where, sort := f.where(true)
	return c.Find(ctx, p.query(where, sort...))
}

// CountOf counts a hub's organisations matching f.
func (c DirectoryOrgs) CountOf(ctx context.Context, f DirectoryFilter) (int64, error) {
	where, _ := f.where(true)
	return c.Count(ctx, where...)
}

// Search pages through the places of a hub's active services in district
// (directory.Key form) of type t when set, taking a child of age when age
// is 0 or more, youngest first.
func (c DirectoryPlaces) Search(ctx context.Context, hubID string, t directory.ServiceType, district string, age int, p Page) ([]*DirectoryPlace, string, error) {
	where := []docstore.Cond{docstore.EqCond("hub_id", hubID)}
	if t != "" {
		where = append(where, docstore.EqCond("service_type", string(t)))
	}
	where = append(where, docstore.EqCond("district", district))
	if age >= 0 {
		where = append(where, docstore.Cond{Field: "min_age", Op: docstore.Lte, Value: age},
			docstore.Cond{Field: "max_age", Op: docstore.Gte, Value: age})
	}
	return c.Find(ctx, p.query(where))
}

// OfService returns a service's places.
func (c DirectoryPlaces) OfService(ctx context.Context, serviceID string) ([]*DirectoryPlace, error) {
	ps, _, err := c.Find(ctx, docstore.Query{Where: []docstore.Cond{docstore.EqCond("service_id", serviceID)},
		Sort: []docstore.Order{{Field: "service_id"}}, Limit: docstore.MaxLimit})
	return ps, err
}

// OfHub pages through the words of a hub's records of one kind, in word
// order, without their records' words.
func (c DirectoryWords) OfHub(ctx context.Context, hubID, record string, p Page) ([]*DirectoryWord, string, error) {
	return c.rows.Find(ctx, p.query([]docstore.Cond{docstore.EqCond("hub_id", hubID), docstore.EqCond("record", record)},
		docstore.Order{Field: "word"}))
}

// OfOwner returns a record's words.
func (c DirectoryWords) OfOwner(ctx context.Context, ownerID string) ([]*DirectoryWord, error) {
	ws, _, err := c.Find(ctx, docstore.Query{Where: []docstore.Cond{docstore.EqCond("owner_id", ownerID)},
		Sort: []docstore.Order{{Field: "owner_id"}}, Limit: docstore.MaxLimit})
	return ws, err
}
