package registry

import (
	"context"
	"errors"

	"github.com/actionhub/actionhub/app/activity"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/actionhub/actionhub/policies"
)

// SupplierInput is a supplier as operator staff enter it.
type SupplierInput struct {
	HubID                    string // may be omitted by staff of one hub
	Facility                 supplier.Facility
	Geo                      *supplier.GeoPoint
	HomeBasedOrSubcontracted bool
	Status                   supplier.Status // nominated or active; active when empty
	OrgID                    string          // the facility's own organisation, optional
	ConfirmNew               bool            // create it even though it looks like a supplier already registered
}

// CreateSupplier adds a facility to the registry (operator staff). A
// facility that matches a registered one with confidence is refused
// (domain.ErrConflict naming it) unless ConfirmNew: the registry holds each
// facility once.
func (s *Service) CreateSupplier(ctx context.Context, in SupplierInput) (*supplier.Supplier, error) {
	a := domain.ActorFrom(ctx)
	hubID, err := s.enf.HubFor(a, policies.PermSuppliersCreate, in.HubID, domain.InHub)
	if errors.Is(err, domain.ErrNotFound) {
		return nil, domain.Invalid("hub_id", "is not a hub you work in")
	}
	if err != nil {
		return nil, err
	}
	if in.Status == "" {
		in.Status = supplier.StatusActive
	}
	if err := s.withProvince(ctx, hubID, &in.Facility); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	sup := supplier.NewSupplier(newID(), hubID, in.Facility, now)
	sup.Geo, sup.HomeBasedOrSubcontracted, sup.Status = in.Geo, in.HomeBasedOrSubcontracted, in.Status
	v := &domain.ValidationError{}
	if in.Status != supplier.StatusNominated && in.Status != supplier.StatusActive {
		v.Add("status", "a new supplier is nominated or active")
	}
	if err := sup.Validate(); err != nil {
		var ve *domain.ValidationError
		errors.As(err, &ve)
		v.Fields = append(v.Fields, ve.Fields...)
	}
	if err := s.checkOrg(ctx, in.OrgID, hubID, v); err != nil {
		return nil, err
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	sup.OrgID = in.OrgID
	if m := s.index(hubID).Match(sup.Facility()); m.State == supplier.MatchAutomatic && !in.ConfirmNew {
		return nil, domain.Conflictf("This facility matches supplier %s (score %.2f). Edit or merge that one, or confirm it is another facility.", m.CandidateID, m.Score)
	}
	if err := s.rate(ctx, &sup); err != nil {
		return nil, err
	}
	if err := s.st.Suppliers.Insert(ctx, &sup); err != nil {
		return nil, err
	}
	s.indexPut(&sup)
	if sup.OrgID != "" {
		if err := s.enf.Add(ctx, policies.Relation{Subject: policies.OrgNode(sup.OrgID), Object: policies.SupplierNode(sup.ID)}); err != nil {
			return nil, err
		}
	}
	return &sup, s.activity.Record(ctx, "suppliers.create", policies.SupplierNode(sup.ID))
}

// checkOrg adds to v unless orgID is empty or a supplier organisation of the hub.
func (s *Service) checkOrg(ctx context.Context, orgID, hubID string, v *domain.ValidationError) error {
	if orgID == "" {
		return nil
	}
	org, err := s.st.Orgs.Get(ctx, orgID)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		v.Add("org_id", "is not an organisation")
	case err != nil:
		return err
	case org.Kind != domain.KindSupplier:
		v.Add("org_id", "must be a supplier's own organisation")
	case !containsHub(org.HubIDs, hubID):
		v.Add("org_id", "does not work in the supplier's hub")
	}
	return nil
}

func containsHub(hubs []string, id string) bool {
	for _, h := range hubs {
		if h == id {
			return true
		}
	}
	return false
}

// Supplier returns a supplier in the caller's scope, with its risk profile.
func (s *Service) Supplier(ctx context.Context, id string) (*supplier.Supplier, error) {
	return s.supplier(ctx, id, policies.PermSuppliersRead)
}

// SupplierPatch is an operator's edit; nil fields stay as they are.
type SupplierPatch struct {
	Version                  int64 // when not 0, the version the edit was made on
	Name, Address, City      *string
	Province, OSID           *string
	OtherNames               *[]string
	Sector                   *supplier.Sector
	SubSector                *supplier.SubSector
	Tier                     *int
	Workforce                *supplier.Workforce
	HomeBasedOrSubcontracted *bool
	Contact                  *supplier.Contact
	RegistrationNumbers      *[]supplier.Registration
	Geo                      *supplier.GeoPoint
	OrgID                    *string // "" detaches the organisation
}

// UpdateSupplier edits a supplier of the caller's hub (operator staff).
// Errors: not found out of scope, a validation error, domain.ErrConflict
// on a stale version or an alias.
func (s *Service) UpdateSupplier(ctx context.Context, id string, p SupplierPatch) (*supplier.Supplier, error) {
	old, err := s.supplier(ctx, id, policies.PermSuppliersUpdate)
	if err != nil {
		return nil, err
	}
	if p.OrgID != nil {
		v := &domain.ValidationError{}
		if err := s.checkOrg(ctx, *p.OrgID, old.HubID, v); err != nil {
			return nil, err
		}
		if err := v.OrNil(); err != nil {
			return nil, err
		}
	}
	sup, err := s.write(ctx, id, func(x *supplier.Supplier) error {
		if err := editable(x, p.Version); err != nil {
			return err
		}
		set(&x.Name, p.Name)
		set(&x.Address, p.Address)
		set(&x.City, p.City)
		set(&x.Province, p.Province)
		set(&x.OtherNames, p.OtherNames)
		set(&x.Sector, p.Sector)
		set(&x.SubSector, p.SubSector)
		set(&x.Tier, p.Tier)
		set(&x.Workforce, p.Workforce)
		set(&x.HomeBasedOrSubcontracted, p.HomeBasedOrSubcontracted)
		set(&x.RegistrationNumbers, p.RegistrationNumbers)
		set(&x.OrgID, p.OrgID)
		if p.Contact != nil {
			x.Contact = *p.Contact
			x.Contact.Email = domain.NormalizeEmail(x.Contact.Email)
		}
		if p.OSID != nil {
			x.OSID = supplier.NormalizeOSID(*p.OSID)
		}
		if p.Geo != nil {
			g := *p.Geo
			x.Geo = &g
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if sup.OrgID != old.OrgID {
		if err := s.moveOrg(ctx, sup.ID, old.OrgID, sup.OrgID); err != nil {
			return nil, err
		}
	}
	return sup, s.activity.Record(ctx, "suppliers.update", policies.SupplierNode(id))
}

// moveOrg gives the facility's scope relation to its new organisation.
func (s *Service) moveOrg(ctx context.Context, supplierID, from, to string) error {
	if from != "" {
		if err := s.enf.Remove(ctx, policies.Relation{Subject: policies.OrgNode(from), Object: policies.SupplierNode(supplierID)}); err != nil {
			return err
		}
	}
	if to == "" {
		return nil
	}
	return s.enf.Add(ctx, policies.Relation{Subject: policies.OrgNode(to), Object: policies.SupplierNode(supplierID)})
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// editable refuses an edit of an alias or of a version that moved on.
func editable(x *supplier.Supplier, version int64) error {
	if x.AliasOf != "" {
		return domain.Conflictf("Supplier %s was merged into %s. Edit that one.", x.ID, x.AliasOf)
	}
	if version != 0 && x.Version != version {
		return domain.Conflictf("Supplier %s changed since version %d. Read it again.", x.ID, version)
	}
	return nil
}

// SetStatus moves a supplier of the caller's hub to another status
// (operator staff); the state machine refuses a move it does not allow
// with domain.ErrConflict.
func (s *Service) SetStatus(ctx context.Context, id string, to supplier.Status, version int64) (*supplier.Supplier, error) {
	if !to.Valid() {
		return nil, domain.Invalid("status", "is not a known status")
	}
	if _, err := s.supplier(ctx, id, policies.PermSuppliersUpdate); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	sup, err := s.write(ctx, id, func(x *supplier.Supplier) error {
		if err := editable(x, version); err != nil {
			return err
		}
		return x.Move(to, now)
	})
	if err != nil {
		return nil, err
	}
	return sup, s.activity.Record(ctx, "suppliers."+string(to), policies.SupplierNode(id))
}

// ProfilePatch is what a facility's own users keep up to date.
type ProfilePatch struct {
	Version                  int64
	Contact                  *supplier.Contact
	Workforce                *supplier.Workforce
	HomeBasedOrSubcontracted *bool
}

// UpdateProfile lets the facility's own users (and operator staff) update
// its contact and workforce; the risk profile follows. Anyone else gets not
// found.
func (s *Service) UpdateProfile(ctx context.Context, id string, p ProfilePatch) (*supplier.Supplier, error) {
	if _, err := s.supplier(ctx, id, policies.PermSuppliersUpdateProfile); err != nil {
		return nil, err
	}
	sup, err := s.write(ctx, id, func(x *supplier.Supplier) error {
		if err := editable(x, p.Version); err != nil {
			return err
		}
		if p.Contact != nil {
			x.Contact = *p.Contact
			x.Contact.Email = domain.NormalizeEmail(x.Contact.Email)
		}
		set(&x.Workforce, p.Workforce)
		set(&x.HomeBasedOrSubcontracted, p.HomeBasedOrSubcontracted)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sup, s.activity.Record(ctx, "suppliers.update_profile", policies.SupplierNode(id))
}

// Overview is a supplier as its page shows it: the supplier with its risk
// profile, its brands as the caller may see them (Brands) and the latest
// entries of its timeline (Timeline), read with one scope check.
type Overview struct {
	Supplier *supplier.Supplier
	Brands   []BrandLink
	Timeline []*domain.ActivityEntry
}

// Overview returns a supplier in the caller's scope with its brands and its
// last entries of history.
func (s *Service) Overview(ctx context.Context, id string, entries int) (*Overview, error) {
	sup, err := s.Supplier(ctx, id)
	if err != nil {
		return nil, err
	}
	o := &Overview{Supplier: sup}
	if o.Brands, err = s.brandsOf(ctx, sup); err != nil {
		return nil, err
	}
	if o.Timeline, _, err = s.timelineOf(ctx, sup, "", entries); err != nil {
		return nil, err
	}
	return o, nil
}

// BrandLink is a brand's link to a supplier, with the brand's name.
type BrandLink struct {
	supplier.Link
	BrandName string
}

// Brands lists the brands linked to a supplier as the caller may see them:
// operator staff see every link; a brand sees its own and those the
// operator marked shareable; the facility's own users the shareable ones.
func (s *Service) Brands(ctx context.Context, id string) ([]BrandLink, error) {
	sup, err := s.reach(ctx, id, policies.PermSuppliersRead)
	if err != nil {
		return nil, err
	}
	return s.brandsOf(ctx, sup)
}

// brandsOf is Brands of a supplier the caller reaches.
func (s *Service) brandsOf(ctx context.Context, sup *supplier.Supplier) ([]BrandLink, error) {
	a := domain.ActorFrom(ctx)
	var links []*supplier.Link
	var err error
	if s.operatorView(a, sup.HubID) {
		if links, err = s.linksOf(ctx, sup.ID); err != nil {
			return nil, err
		}
	} else {
		shared, _, err := s.st.SupplierLinks.OfSupplier(ctx, sup.ID, true, store.Page{Limit: docstore.MaxLimit})
		if err != nil {
			return nil, err
		}
		if a.OrgKind == domain.KindBrand {
			own, err := s.st.SupplierLinks.GetMany(ctx, []string{supplier.LinkID(a.OrgID, sup.ID)})
			if err != nil {
				return nil, err
			}
			links = append(links, own...)
		}
		for _, l := range shared {
			if l.BrandOrgID != a.OrgID {
				links = append(links, l)
			}
		}
	}
	ids := make([]string, len(links))
	for i, l := range links {
		ids[i] = l.BrandOrgID
	}
	orgs, err := s.st.Orgs.GetMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, o := range orgs {
		names[o.ID] = o.Name
	}
	out := make([]BrandLink, len(links))
	for i, l := range links {
		out[i] = BrandLink{Link: *l, BrandName: names[l.BrandOrgID]}
	}
	return out, nil
}

// SetShareable marks a brand's link to a supplier as one other linked
// brands may see, or not (operator staff).
func (s *Service) SetShareable(ctx context.Context, supplierID, brandOrgID string, shareable bool) (*supplier.Link, error) {
	if _, err := s.supplier(ctx, supplierID, policies.PermSuppliersUpdate); err != nil {
		return nil, err
	}
	id := supplier.LinkID(brandOrgID, supplierID)
	l, err := s.st.SupplierLinks.Update(ctx, id, func(l *supplier.Link) error {
		l.Shareable = shareable
		return nil
	})
	if errors.Is(err, domain.ErrNotFound) {
		return nil, domain.NotFoundf("Brand %s is not linked to supplier %s.", brandOrgID, supplierID)
	}
	if err != nil {
		return nil, err
	}
	return l, s.activity.Record(ctx, "supplier_links.share", "link:"+id)
}

// Timeline pages through a supplier's history from the activity log, newest
// first. Only operator staff see who did what; others see what and when.
func (s *Service) Timeline(ctx context.Context, id, cursor string, limit int) ([]*domain.ActivityEntry, string, error) {
	sup, err := s.reach(ctx, id, policies.PermSuppliersRead)
	if err != nil {
		return nil, "", err
	}
	return s.timelineOf(ctx, sup, cursor, limit)
}

// timelineOf is Timeline of a supplier the caller reaches.
func (s *Service) timelineOf(ctx context.Context, sup *supplier.Supplier, cursor string, limit int) ([]*domain.ActivityEntry, string, error) {
	es, next, err := s.activity.List(ctx, activity.Filter{Object: policies.SupplierNode(sup.ID), Cursor: cursor, Limit: limit})
	if err != nil {
		return nil, "", err
	}
	if !s.operatorView(domain.ActorFrom(ctx), sup.HubID) {
		for _, e := range es {
			*e = domain.ActivityEntry{ID: e.ID, Time: e.Time, Action: e.Action, Object: e.Object}
		}
	}
	return es, next, nil
}
