package registry

import (
	"context"
	"strings"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/actionhub/actionhub/policies"
)

// SupplierFilter selects suppliers to list; every field is optional.
type SupplierFilter struct {
	HubID      string
	BrandOrgID string // operator staff only: the suppliers linked to this brand
	City       string
	Sector     supplier.Sector
	SubSector  supplier.SubSector
	Status     supplier.Status
	Risk       supplier.Level
	Query      string // the start of the name, compared as NormalizeName writes it
	Sort       string // "name" (the default), "-name", "created", "-created", "risk" or "-risk"
	Cursor     string
	Limit      int
}

// conds turns the filter into conditions on the listing fields, which
// suppliers and links both carry under the same names.
func (f SupplierFilter) conds() ([]docstore.Cond, error) {
	v := &domain.ValidationError{}
	var where []docstore.Cond
	eq := func(field, value string) {
		if value != "" {
			where = append(where, docstore.EqCond(field, value))
		}
	}
	if f.City != "" {
		c := supplier.NormalizeCity(f.City)
		if c == "" {
			v.Add("query.city", "is not a city name")
		}
		eq("city", c)
	}
	if f.Sector != "" && !f.Sector.Valid() {
		v.Add("query.sector", "must be textile or leather")
	}
	if f.SubSector != "" && !f.SubSector.Valid() {
		v.Add("query.sub_sector", "is not a known sub-sector")
	}
	if f.Status != "" && !f.Status.Valid() {
		v.Add("query.status", "is not a known status")
	}
	switch f.Risk {
	case "", supplier.LevelLow, supplier.LevelMedium, supplier.LevelHigh, supplier.LevelVeryHigh:
	default:
		v.Add("query.risk", "must be low, medium, high or very_high")
	}
	eq("sector", string(f.Sector))
	eq("sub_sector", string(f.SubSector))
	eq("status", string(f.Status))
	eq("risk_level", string(f.Risk))
	if strings.TrimSpace(f.Query) != "" {
		q := supplier.NormalizeName(f.Query)
		if q == "" {
			v.Add("query.q", "has no words to search for")
		}
		where = append(where, docstore.PrefixCond("name_key", q))
	}
	switch f.Sort {
	case "", "name", "-name", "created", "-created", "risk", "-risk":
	default:
		v.Add("query.sort", "must be name, -name, created, -created, risk or -risk")
	}
	return where, v.OrNil()
}

// order is the sort on a collection whose creation field is created.
func (f SupplierFilter) order(created string) []docstore.Order {
	field := "name_key"
	switch strings.TrimPrefix(f.Sort, "-") {
	case "created":
		field = created
	case "risk": // the operator orders audits by risk
		field = "risk_score"
	}
	return []docstore.Order{{Field: field, Desc: strings.HasPrefix(f.Sort, "-")}}
}

// ListSuppliers lists the suppliers in the caller's scope, filtered and
// sorted, a page at a time: operator staff list their hub's (or one brand's
// suppliers); a brand lists the suppliers it is linked to, paged over its
// links; a facility's users list their own facilities. Aliases are left out.
func (s *Service) ListSuppliers(ctx context.Context, f SupplierFilter) ([]*supplier.Supplier, string, error) {
	a := domain.ActorFrom(ctx)
	where, err := f.conds()
	if err != nil {
		return nil, "", err
	}
	if f.BrandOrgID != "" && !a.Staff() {
		return nil, "", domain.Invalid("query.brand_org_id", "is for operator staff: your list holds your own suppliers")
	}
	switch {
	case a.Staff():
		hubID, err := s.enf.HubFor(a, policies.PermSuppliersList, f.HubID, "query.hub_id", domain.InHub)
		if err != nil {
			return nil, "", err
		}
		if f.BrandOrgID != "" {
			where = append(where, docstore.EqCond("brand_org_id", f.BrandOrgID), docstore.EqCond("hub_id", hubID))
			return s.listLinked(ctx, where, f)
		}
		where = append(where, docstore.EqCond("hub_id", hubID), docstore.EqCond("alias_of", ""))
	case a.OrgKind == domain.KindBrand:
		where = append(where, docstore.EqCond("brand_org_id", a.OrgID))
		if f.HubID != "" {
			if _, err := s.enf.HubFor(a, policies.PermSuppliersList, f.HubID, "query.hub_id", domain.HubWide); err != nil {
				return nil, "", err
			}
			where = append(where, docstore.EqCond("hub_id", f.HubID))
		}
		return s.listLinked(ctx, where, f)
	case a.OrgKind == domain.KindSupplier:
		where = append(where, docstore.EqCond("org_id", a.OrgID), docstore.EqCond("alias_of", ""))
	default:
		return nil, "", nil
	}
	return s.st.Suppliers.Find(ctx, docstore.Query{Where: where, Sort: f.order("created"), After: f.Cursor, Limit: f.Limit})
}

// listLinked pages over links, whose copies of the listing the filter
// reads, then loads their suppliers.
func (s *Service) listLinked(ctx context.Context, where []docstore.Cond, f SupplierFilter) ([]*supplier.Supplier, string, error) {
	links, next, err := s.st.SupplierLinks.Find(ctx, docstore.Query{Where: where, Sort: f.order("supplier_created"), After: f.Cursor, Limit: f.Limit})
	if err != nil {
		return nil, "", err
	}
	ids := make([]string, len(links))
	for i, l := range links {
		ids[i] = l.SupplierID
	}
	sups, err := s.st.Suppliers.GetMany(ctx, ids)
	return sups, next, err
}
