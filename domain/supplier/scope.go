package supplier

import "github.com/actionhub/actionhub/domain"

// Scope of a supplier: the operator staff of its hub, and whoever is linked
// to the facility (its brands, its own organisation). An alias is reached
// as the supplier it was merged into, whose links it gave up.
func (s *Supplier) Scope() domain.Scope {
	id := s.ID
	if s.AliasOf != "" {
		id = s.AliasOf
	}
	return domain.Scope{Hubs: []string{s.HubID}, Suppliers: []string{id}}
}

// Scope of a nomination: the operator staff of its hub and the brand that
// made it. Not the supplier it names: other brands linked to that supplier,
// and the facility itself, must not see a brand's nominations.
func (n *Nomination) Scope() domain.Scope {
	return domain.Scope{Hubs: []string{n.HubID}, Orgs: []string{n.BrandOrgID}}
}

// Scope of a list upload: as its nominations.
func (u *Upload) Scope() domain.Scope {
	return domain.Scope{Hubs: []string{u.HubID}, Orgs: []string{u.BrandOrgID}}
}

// Scope of a hub's prevalence table: the hub's operator staff.
func (p *HubPrevalence) Scope() domain.Scope { return domain.InHub(p.HubID) }
