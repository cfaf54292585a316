package store

import (
	"context"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain/supplier"
)

// supplierDef: a merged supplier keeps its document with alias_of set, and
// every list asks for alias_of "" so aliases drop out of lists; the
// compound indexes start with the hub (operator lists) or the facility's
// own organisation (its users' list). "updated" lets each API replica find
// what others changed since it last looked, to refresh its matching index.
var supplierDef = docstore.Def[supplier.Supplier]{
	Spec: docstore.Spec{
		Name: "suppliers",
		Fields: []docstore.Field{
			{Name: "hub_id", Kind: docstore.String},
			{Name: "alias_of", Kind: docstore.String},
			{Name: "org_id", Kind: docstore.String},
			{Name: "status", Kind: docstore.String},
			{Name: "city", Kind: docstore.String},
			{Name: "sector", Kind: docstore.String},
			{Name: "sub_sector", Kind: docstore.String},
			{Name: "risk_level", Kind: docstore.String},
			{Name: "risk_score", Kind: docstore.Int},
			{Name: "name_key", Kind: docstore.String},
			{Name: "created", Kind: docstore.Time},
			{Name: "updated", Kind: docstore.Time},
		},
		Indexes: append(listingIndexes("created", "hub_id", "alias_of"),
			[]string{"org_id", "alias_of", "name_key"},
			[]string{"org_id", "alias_of", "created"},
			[]string{"org_id", "alias_of", "risk_score"}),
		Sort:    []docstore.Order{{Field: "name_key"}},
		Summary: true,
	},
	Summary: func(s *supplier.Supplier) any { return s.Brief() },
	ID:      func(s *supplier.Supplier) string { return s.ID },
	Version: func(s *supplier.Supplier) *int64 { return &s.Version },
	Fields: func(s *supplier.Supplier) map[string]any {
		l := s.Listing()
		return map[string]any{
			"hub_id": s.HubID, "alias_of": s.AliasOf, "org_id": s.OrgID,
			"status": string(l.Status), "city": l.City, "sector": string(l.Sector),
			"sub_sector": string(l.SubSector), "risk_level": string(l.RiskLevel),
			"risk_score": int64(l.RiskScore), "name_key": l.NameKey, "created": s.Created, "updated": s.Updated,
		}
	},
}

// linkDef: one document per brand and supplier (the ID is LinkID), carrying
// a copy of the supplier's listing so that a brand's filtered list is one
// indexed query over its links. supplier_created is the supplier's
// creation, created the link's.
var linkDef = docstore.Def[supplier.Link]{
	Spec: docstore.Spec{
		Name: "supplier_links",
		Fields: []docstore.Field{
			{Name: "brand_org_id", Kind: docstore.String},
			{Name: "supplier_id", Kind: docstore.String},
			{Name: "hub_id", Kind: docstore.String},
			{Name: "shareable", Kind: docstore.Bool},
			{Name: "created", Kind: docstore.Time},
			{Name: "name_key", Kind: docstore.String},
			{Name: "city", Kind: docstore.String},
			{Name: "sector", Kind: docstore.String},
			{Name: "sub_sector", Kind: docstore.String},
			{Name: "status", Kind: docstore.String},
			{Name: "risk_level", Kind: docstore.String},
			{Name: "risk_score", Kind: docstore.Int},
			{Name: "supplier_created", Kind: docstore.Time},
		},
		Indexes: append(listingIndexes("supplier_created", "brand_org_id"),
			[]string{"supplier_id", "created"},
			[]string{"supplier_id", "shareable", "created"}),
		Sort: []docstore.Order{{Field: "name_key"}},
	},
	ID:      func(l *supplier.Link) string { return l.ID },
	Version: func(l *supplier.Link) *int64 { return &l.Version },
	Fields: func(l *supplier.Link) map[string]any {
		return map[string]any{
			"brand_org_id": l.BrandOrgID, "supplier_id": l.SupplierID, "hub_id": l.HubID,
			"shareable": l.Shareable, "created": l.Created,
			"name_key": l.Listing.NameKey, "city": l.Listing.City, "sector": string(l.Listing.Sector),
			"sub_sector": string(l.Listing.SubSector), "status": string(l.Listing.Status),
			"risk_level": string(l.Listing.RiskLevel), "risk_score": int64(l.Listing.RiskScore),
			"supplier_created": l.Listing.Created,
		}
	},
}

// nominationDef: dedup_key is unique, so the same brand nominating the same
// facility twice (by hand, or in a re-uploaded list) is refused by the
// store. A declined nomination keeps its key, so a re-uploaded list does
// not ask the operator again; a withdrawn one frees it (it is stored as
// key:id), so the brand may nominate the facility again.
var nominationDef = docstore.Def[supplier.Nomination]{
	Spec: docstore.Spec{
		Name: "nominations",
		Fields: []docstore.Field{
			{Name: "hub_id", Kind: docstore.String},
			{Name: "brand_org_id", Kind: docstore.String},
			{Name: "status", Kind: docstore.String},
			{Name: "dedup_key", Kind: docstore.String, Unique: true},
			{Name: "supplier_id", Kind: docstore.String},
			{Name: "created", Kind: docstore.Time},
		},
		Indexes: [][]string{
			{"hub_id", "created"},
			{"hub_id", "status", "created"},
			{"hub_id", "brand_org_id", "created"},
			{"brand_org_id", "created"},
			{"brand_org_id", "status", "created"},
			{"supplier_id", "created"},
			{"supplier_id", "brand_org_id", "created"},
		},
		Sort: []docstore.Order{{Field: "created", Desc: true}},
	},
	ID:      func(n *supplier.Nomination) string { return n.ID },
	Version: func(n *supplier.Nomination) *int64 { return &n.Version },
	Fields: func(n *supplier.Nomination) map[string]any {
		key := n.DedupKey
		if n.Status == supplier.NominationWithdrawn {
			key += ":" + n.ID
		}
		return map[string]any{
			"hub_id": n.HubID, "brand_org_id": n.BrandOrgID, "status": string(n.Status),
			"dedup_key": key, "supplier_id": n.SupplierID, "created": n.Created,
		}
	},
}

var uploadDef = docstore.Def[supplier.Upload]{
	Spec: docstore.Spec{
		Name: "nomination_uploads",
		Fields: []docstore.Field{
			{Name: "brand_org_id", Kind: docstore.String},
			{Name: "hub_id", Kind: docstore.String},
			{Name: "created", Kind: docstore.Time},
		},
		Indexes: [][]string{{"brand_org_id", "created"}},
		Sort:    []docstore.Order{{Field: "created", Desc: true}},
	},
	ID: func(u *supplier.Upload) string { return u.ID },
	Fields: func(u *supplier.Upload) map[string]any {
		return map[string]any{"brand_org_id": u.BrandOrgID, "hub_id": u.HubID, "created": u.Created}
	},
}

// prevalenceDef: one small document per hub, its ID the hub's.
var prevalenceDef = docstore.Def[supplier.HubPrevalence]{
	Spec: docstore.Spec{
		Name:   "prevalence",
		Fields: []docstore.Field{{Name: "updated", Kind: docstore.Time}},
		Sort:   []docstore.Order{{Field: "updated"}},
	},
	ID:      func(p *supplier.HubPrevalence) string { return p.HubID },
	Version: func(p *supplier.HubPrevalence) *int64 { return &p.Version },
	Fields: func(p *supplier.HubPrevalence) map[string]any {
		return map[string]any{"updated": p.Updated}
	},
}

// listingIndexes declares an index for every list a Listing can ask for:
// the lead fields, then no filter or one filter field, then one sort field
// (created names the collection's copy of the supplier's creation). With
// two filters the query walks one filter's index in the sort's order and
// checks the other on the way, so no list ever sorts its matches.
func listingIndexes(created string, lead ...string) [][]string {
	var out [][]string
	for _, filter := range []string{"", "status", "city", "sector", "sub_sector", "risk_level"} {
		for _, sort := range []string{"name_key", created, "risk_score"} {
			idx := append([]string(nil), lead...)
			if filter != "" {
				idx = append(idx, filter)
			}
			out = append(out, append(idx, sort))
		}
	}
	return out
}

// Listing selects suppliers by the fields of their listing, which
// suppliers and links both carry; every field is optional and taken as
// given (the registry normalises them first).
type Listing struct {
	City       string // as supplier.NormalizeCity writes it
	Sector     supplier.Sector
	SubSector  supplier.SubSector
	Status     supplier.Status
	RiskLevel  supplier.Level
	NamePrefix string // the start of the name as supplier.NormalizeName writes it
	Sort       ListingSort
	Desc       bool
}

// ListingSort is the order of a supplier list.
type ListingSort int

// Supplier list orders.
const (
	ByName    ListingSort = iota // the default
	ByCreated                    // when the supplier was registered
	ByRisk                       // the risk score, to order audits
)

func (l Listing) where() []docstore.Cond {
	var where []docstore.Cond
	eq := func(field, value string) {
		if value != "" {
			where = append(where, docstore.EqCond(field, value))
		}
	}
	eq("city", l.City)
	eq("sector", string(l.Sector))
	eq("sub_sector", string(l.SubSector))
	eq("status", string(l.Status))
	eq("risk_level", string(l.RiskLevel))
	if l.NamePrefix != "" {
		where = append(where, docstore.PrefixCond("name_key", l.NamePrefix))
	}
	return where
}

// order is the listing's sort on a collection whose copy of the supplier's
// creation time is the field created.
func (l Listing) order(created string) docstore.Order {
	field := "name_key"
	switch l.Sort {
	case ByCreated:
		field = created
	case ByRisk:
		field = "risk_score"
	}
	return docstore.Order{Field: field, Desc: l.Desc}
}

// Suppliers is the registry's suppliers (facilities), aliases included.
type Suppliers struct {
	*docstore.Coll[supplier.Supplier]
	briefs *docstore.Coll[supplier.Supplier] // the summaries: each supplier's Brief
}

var suppliersColl = wire(supplierDef, "supplier", func(s *Store, c *docstore.Coll[supplier.Supplier]) {
	s.Suppliers = Suppliers{Coll: c, briefs: docstore.BindSummaries(s.Engine, supplierDef)}
})

// Briefs is the same collection read as briefs (supplier.Supplier.Brief):
// its reads return each supplier's brief, and its writes are refused.
func (c Suppliers) Briefs() Suppliers { return Suppliers{Coll: c.briefs, briefs: c.briefs} }

// InHub pages through a hub's suppliers, aliases left out.
func (c Suppliers) InHub(ctx context.Context, hubID string, l Listing, p Page) ([]*supplier.Supplier, string, error) {
	where := append(l.where(), docstore.EqCond("hub_id", hubID), docstore.EqCond("alias_of", ""))
	return c.Find(ctx, p.query(where, l.order("created")))
}

// OfOrg pages through the facilities of a supplier's own organisation,
// aliases left out.
func (c Suppliers) OfOrg(ctx context.Context, orgID string, l Listing, p Page) ([]*supplier.Supplier, string, error) {
	where := append(l.where(), docstore.EqCond("org_id", orgID), docstore.EqCond("alias_of", ""))
	return c.Find(ctx, p.query(where, l.order("created")))
}

// ChangedSince pages through the suppliers (aliases included) updated at
// or after t, oldest change first.
func (c Suppliers) ChangedSince(ctx context.Context, t time.Time, p Page) ([]*supplier.Supplier, string, error) {
	where := []docstore.Cond{{Field: "updated", Op: docstore.Gte, Value: t}}
	return c.Find(ctx, p.query(where, docstore.Order{Field: "updated"}))
}

// CountInHub counts a hub's suppliers, aliases included.
func (c Suppliers) CountInHub(ctx context.Context, hubID string) (int64, error) {
	return c.Count(ctx, docstore.EqCond("hub_id", hubID))
}

// SupplierLinks is the links between brands and suppliers.
type SupplierLinks struct {
	*docstore.Coll[supplier.Link]
}

var supplierLinksColl = wire(linkDef, "link", func(s *Store, c *docstore.Coll[supplier.Link]) { s.SupplierLinks = SupplierLinks{c} })

// OfBrand pages through a brand's links, filtered and sorted by their copy
// of the supplier's listing; only those of one hub when hubID is set.
func (c SupplierLinks) OfBrand(ctx context.Context, brandOrgID, hubID string, l Listing, p Page) ([]*supplier.Link, string, error) {
	where := append(l.where(), docstore.EqCond("brand_org_id", brandOrgID))
	if hubID != "" {
		where = append(where, docstore.EqCond("hub_id", hubID))
	}
	return c.Find(ctx, p.query(where, l.order("supplier_created")))
}

// OfSupplier pages through a supplier's links, oldest first; only those
// the operator marked shareable when sharedOnly.
func (c SupplierLinks) OfSupplier(ctx context.Context, supplierID string, sharedOnly bool, p Page) ([]*supplier.Link, string, error) {
	where := []docstore.Cond{docstore.EqCond("supplier_id", supplierID)}
	if sharedOnly {
		where = append(where, docstore.EqCond("shareable", true))
	}
	return c.Find(ctx, p.query(where, docstore.Order{Field: "created"}))
}

// Nominations is brands' nominations.
type Nominations struct {
	*docstore.Coll[supplier.Nomination]
}

var nominationsColl = wire(nominationDef, "nomination", func(s *Store, c *docstore.Coll[supplier.Nomination]) {
	s.Nominations = Nominations{c}
})

// NominationQuery narrows a list of nominations; every field is optional.
type NominationQuery struct {
	HubID      string // with ByBrand
	BrandOrgID string // with ByHub
	SupplierID string
	Statuses   []supplier.NominationStatus // any of them
}

func (q NominationQuery) where() []docstore.Cond {
	var where []docstore.Cond
	if q.HubID != "" {
		where = append(where, docstore.EqCond("hub_id", q.HubID))
	}
	if q.BrandOrgID != "" {
		where = append(where, docstore.EqCond("brand_org_id", q.BrandOrgID))
	}
	if q.SupplierID != "" {
		where = append(where, docstore.EqCond("supplier_id", q.SupplierID))
	}
	switch len(q.Statuses) {
	case 0:
	case 1:
		where = append(where, docstore.EqCond("status", string(q.Statuses[0])))
	default:
		set := make([]any, len(q.Statuses))
		for i, s := range q.Statuses {
			set[i] = string(s)
		}
		where = append(where, docstore.InCond("status", set...))
	}
	return where
}

// ByHub pages through a hub's nominations, newest first.
func (c Nominations) ByHub(ctx context.Context, hubID string, q NominationQuery, p Page) ([]*supplier.Nomination, string, error) {
	q.HubID = hubID
	return c.Find(ctx, p.query(q.where()))
}

// ByBrand pages through a brand's own nominations, newest first.
func (c Nominations) ByBrand(ctx context.Context, brandOrgID string, q NominationQuery, p Page) ([]*supplier.Nomination, string, error) {
	q.BrandOrgID = brandOrgID
	return c.Find(ctx, p.query(q.where()))
}

// OfSupplier returns up to limit nominations linked to a supplier.
func (c Nominations) OfSupplier(ctx context.Context, supplierID string, limit int) ([]*supplier.Nomination, error) {
	ns, _, err := c.Find(ctx, docstore.Query{Where: NominationQuery{SupplierID: supplierID}.where(), Limit: limit})
	return ns, err
}

// ByDedupKeys returns the nominations holding the keys (supplier.DedupKey):
// every nomination but the withdrawn, which free theirs.
func (c Nominations) ByDedupKeys(ctx context.Context, keys []string) ([]*supplier.Nomination, error) {
	set := make([]any, len(keys))
	for i, k := range keys {
		set[i] = k
	}
	ns, _, err := c.Find(ctx, docstore.Query{Where: []docstore.Cond{docstore.InCond("dedup_key", set...)}, Limit: len(keys)})
	return ns, err
}

// CountInHub counts a hub's nominations.
func (c Nominations) CountInHub(ctx context.Context, hubID string) (int64, error) {
	return c.Count(ctx, docstore.EqCond("hub_id", hubID))
}

// Uploads is brands' committed supplier lists, with their reports.
type Uploads struct {
	*docstore.Coll[supplier.Upload]
}

var uploadsColl = wire(uploadDef, "supplier list", func(s *Store, c *docstore.Coll[supplier.Upload]) { s.Uploads = Uploads{c} })

// PrevalenceTables is each hub's prevalence table, by hub ID.
type PrevalenceTables struct {
	*docstore.Coll[supplier.HubPrevalence]
}

var prevalenceColl = wire(prevalenceDef, "prevalence table", func(s *Store, c *docstore.Coll[supplier.HubPrevalence]) {
	s.Prevalence = PrevalenceTables{c}
})
