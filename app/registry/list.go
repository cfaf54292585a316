package registry

import (
	"context"
	"strings"

	"github.com/actionhub/actionhub/app/store"
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

// listing checks the filter and turns it into a store.Listing, which
// suppliers and links both answer.
func (f SupplierFilter) listing() (store.Listing, error) {
	v := &domain.ValidationError{}
	l := store.Listing{Sector: f.Sector, SubSector: f.SubSector, Status: f.Status, RiskLevel: f.Risk}
	if f.City != "" {
		l.City = supplier.NormalizeCity(f.City)
		if l.City == "" {
			v.Add("city", "is not a city name")
		}
	}
	if f.Sector != "" && !f.Sector.Valid() {
		v.Add("sector", "must be textile or leather")
	}
	if f.SubSector != "" && !f.SubSector.Valid() {
		v.Add("sub_sector", "is not a known sub-sector")
	}
	if f.Status != "" && !f.Status.Valid() {
		v.Add("status", "is not a known status")
	}
	switch f.Risk {
	case "", supplier.LevelLow, supplier.LevelMedium, supplier.LevelHigh, supplier.LevelVeryHigh:
	default:
		v.Add("risk", "must be low, medium, high or very_high")
	}
	if strings.TrimSpace(f.Query) != "" {
		l.NamePrefix = supplier.NormalizeName(f.Query)
		if l.NamePrefix == "" {
			v.Add("q", "has no words to search for")
		}
	}
	l.Desc = strings.HasPrefix(f.Sort, "-")
	switch f.Sort {
	case "", "name", "-name":
	case "created", "-created":
		l.Sort = store.ByCreated
	case "risk", "-risk": // the operator orders audits by risk
		l.Sort = store.ByRisk
	default:
		v.Add("sort", "must be name, -name, created, -created, risk or -risk")
	}
	// A name search walks the name index from the prefix; any other order
	// would sort every match, so a search lists in name order only.
	if l.NamePrefix != "" && l.Sort != store.ByName {
		v.Add("sort", "must be name or -name when searching by name (q)")
	}
	return l, v.OrNil()
}

// ListSuppliers lists the suppliers in the caller's scope, filtered and
// sorted, a page at a time: operator staff list their hub's (or one brand's
// suppliers); a brand lists the suppliers it is linked to, paged over its
// links; a facility's users list their own facilities. Aliases are left out.
func (s *Service) ListSuppliers(ctx context.Context, f SupplierFilter) ([]*supplier.Supplier, string, error) {
	return s.listSuppliers(ctx, f, s.st.Suppliers)
}

// ListSupplierBriefs is ListSuppliers returning each supplier's brief
// (supplier.Supplier.Brief), all a list shows.
func (s *Service) ListSupplierBriefs(ctx context.Context, f SupplierFilter) ([]*supplier.Supplier, string, error) {
	return s.listSuppliers(ctx, f, s.st.Suppliers.Briefs())
}

// listSuppliers lists through sups, which reads whole suppliers or briefs.
func (s *Service) listSuppliers(ctx context.Context, f SupplierFilter, sups store.Suppliers) ([]*supplier.Supplier, string, error) {
	a := domain.ActorFrom(ctx)
	l, err := f.listing()
	if err != nil {
		return nil, "", err
	}
	if f.BrandOrgID != "" && !a.Staff() {
		return nil, "", domain.Invalid("brand_org_id", "is for operator staff: your list holds your own suppliers")
	}
	page := store.Page{After: f.Cursor, Limit: f.Limit}
	switch {
	case a.Staff():
		hubID, err := s.enf.HubFor(a, policies.PermSuppliersList, f.HubID, domain.InHub)
		if err != nil {
			return nil, "", err
		}
		if f.BrandOrgID != "" {
			return s.listLinked(ctx, sups, f.BrandOrgID, hubID, l, page)
		}
		return sups.InHub(ctx, hubID, l, page)
	case a.OrgKind == domain.KindBrand:
		if f.HubID != "" {
			if _, err := s.enf.HubFor(a, policies.PermSuppliersList, f.HubID, domain.HubWide); err != nil {
				return nil, "", err
			}
		}
		return s.listLinked(ctx, sups, a.OrgID, f.HubID, l, page)
	case a.OrgKind == domain.KindSupplier:
		return sups.OfOrg(ctx, a.OrgID, l, page)
	}
	return nil, "", nil
}

// listLinked pages over a brand's links, whose copies of the listing the
// filter reads, then loads their suppliers.
func (s *Service) listLinked(ctx context.Context, sups store.Suppliers, brandOrgID, hubID string, l store.Listing, page store.Page) ([]*supplier.Supplier, string, error) {
	links, next, err := s.st.SupplierLinks.OfBrand(ctx, brandOrgID, hubID, l, page)
	if err != nil {
		return nil, "", err
	}
	ids := make([]string, len(links))
	for i, l := range links {
		ids[i] = l.SupplierID
	}
	out, err := sups.GetMany(ctx, ids)
	return out, next, err
}
