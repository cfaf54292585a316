package store

import (
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
		Indexes: [][]string{
			{"hub_id", "alias_of", "name_key"},
			{"hub_id", "alias_of", "created"},
			{"hub_id", "alias_of", "status", "name_key"},
			{"hub_id", "alias_of", "status", "created"},
			{"hub_id", "alias_of", "city", "name_key"},
			{"hub_id", "alias_of", "sector", "name_key"},
			{"hub_id", "alias_of", "sub_sector", "name_key"},
			{"hub_id", "alias_of", "risk_level", "name_key"},
			{"hub_id", "alias_of", "risk_score"},
			{"org_id", "alias_of", "name_key"},
			{"org_id", "alias_of", "created"},
		},
		Sort: []docstore.Order{{Field: "name_key"}},
	},
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
		Indexes: [][]string{
			{"brand_org_id", "name_key"},
			{"brand_org_id", "supplier_created"},
			{"brand_org_id", "risk_score"},
			{"brand_org_id", "status", "name_key"},
			{"brand_org_id", "city", "name_key"},
			{"brand_org_id", "sector", "name_key"},
			{"brand_org_id", "sub_sector", "name_key"},
			{"brand_org_id", "risk_level", "name_key"},
			{"supplier_id", "created"},
			{"supplier_id", "shareable", "created"},
		},
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
