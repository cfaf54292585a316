package registry

import (
	"context"
	"fmt"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/supplier"
)

// demoFacility is a facility of the demo network, registered by the
// operator for its own organisation, then nominated by brands.
type demoFacility struct {
	org      string // the facility's own demo organisation
	facility supplier.Facility
	brands   []string // demo brands that nominate it; the operator accepts
}

var demoFacilities = []demoFacility{
	{"Indus Weaving Mills (demo), Karachi", supplier.Facility{
		Name: "Indus Weaving Mills", Address: "Plot 12, Sector 7-A, Korangi Industrial Area", City: "Karachi",
		Sector: supplier.SectorTextile, SubSector: supplier.SubWeaving,
		Workforce: supplier.Workforce{Total: 850, Women: 310}}, []string{"Nordwind Apparel GmbH (demo)"}},
	{"Multan Leather Works (demo)", supplier.Facility{
		Name: "Multan Leather Works", Address: "Plot 3, Multan Industrial Estate", City: "Multan",
		Sector: supplier.SectorLeather, SubSector: supplier.SubTannery,
		Workforce: supplier.Workforce{Total: 240, Women: 15, UnderEighteen: 6}},
		[]string{"Nordwind Apparel GmbH (demo)", "Lakeside Outfitters Ltd (demo)"}},
}

// demoPending is a nomination left for the operator's queue.
var demoPending = supplier.Facility{Name: "Crescent Knitwear", Address: "B-21, S.I.T.E., Karachi", City: "Karachi",
	Sector: supplier.SectorTextile, SubSector: supplier.SubKnitting, Workforce: supplier.Workforce{Total: 400, Women: 120}}

// SeedDemo adds the demo registry on first start, through the same calls
// people make: the operator registers two facilities, the demo brands
// nominate them and the operator accepts; one more nomination waits in the
// queue. It does nothing when the hub already has suppliers or nominations,
// and needs the demo network of identity.SeedDemo.
func (s *Service) SeedDemo(ctx context.Context, hubID string) (bool, error) {
	if n, err := s.st.Suppliers.CountInHub(ctx, hubID); err != nil || n > 0 {
		return false, err
	}
	if n, err := s.st.Nominations.CountInHub(ctx, hubID); err != nil || n > 0 {
		return false, err
	}
	orgs, err := s.demoOrgs(ctx, hubID)
	if err != nil {
		return false, err
	}
	staff := domain.WithActor(ctx, domain.Actor{Role: domain.RolePlatformAdmin, RequestID: "seed"})
	// Brands nominate as their demo brand manager: a nomination is a
	// person's act, decided like any other.
	brand := func(name string) (context.Context, error) {
		org, ok := orgs[name]
		if !ok {
			return nil, fmt.Errorf("seed: no demo organisation %q", name)
		}
		users, _, err := s.st.Users.OfOrg(ctx, org.ID, domain.RoleBrandManager, store.Page{Limit: 1})
		if err != nil {
			return nil, err
		}
		if len(users) == 0 {
			return nil, fmt.Errorf("seed: no brand manager at %q", name)
		}
		return domain.WithActor(ctx, domain.Actor{UserID: users[0].ID, OrgID: org.ID, OrgKind: org.Kind, Role: users[0].Role,
			HubIDs: org.HubIDs, RequestID: "seed"}), nil
	}
	for _, d := range demoFacilities {
		own, ok := orgs[d.org]
		if !ok {
			return false, fmt.Errorf("seed: no demo organisation %q", d.org)
		}
		if _, err := s.CreateSupplier(staff, SupplierInput{HubID: hubID, Facility: d.facility, OrgID: own.ID}); err != nil {
			return false, fmt.Errorf("seed %s: %w", d.facility.Name, err)
		}
		for _, b := range d.brands {
			bctx, err := brand(b)
			if err != nil {
				return false, err
			}
			n, _, err := s.Nominate(bctx, NominationInput{HubID: hubID, Facility: d.facility, Reason: "demo: a tier-1 supplier",
				Relationship: supplier.Relationship{Products: "demo products", VolumeBand: supplier.Volume100KTo1M}})
			if err != nil {
				return false, fmt.Errorf("seed nomination of %s by %s: %w", d.facility.Name, b, err)
			}
			if _, err := s.Accept(staff, n.ID, n.Match.CandidateID); err != nil {
				return false, fmt.Errorf("seed acceptance of %s for %s: %w", d.facility.Name, b, err)
			}
		}
	}
	bctx, err := brand("Lakeside Outfitters Ltd (demo)")
	if err != nil {
		return false, err
	}
	if _, _, err := s.Nominate(bctx, NominationInput{HubID: hubID, Facility: demoPending, Reason: "demo: a new knitwear supplier",
		Relationship: supplier.Relationship{Products: "jumpers", VolumeBand: supplier.VolumeUnder100K}}); err != nil {
		return false, fmt.Errorf("seed pending nomination: %w", err)
	}
	return true, nil
}

// demoOrgs returns the hub's organisations by name.
func (s *Service) demoOrgs(ctx context.Context, hubID string) (map[string]*domain.Organisation, error) {
	links, _, err := s.st.OrgHubs.OfHub(ctx, hubID, "", store.Page{Limit: docstore.MaxLimit})
	if err != nil {
		return nil, err
	}
	orgs, err := s.st.Orgs.OfLinks(ctx, links)
	if err != nil {
		return nil, err
	}
	byName := make(map[string]*domain.Organisation, len(orgs))
	for _, o := range orgs {
		byName[o.Name] = o
	}
	return byName, nil
}
