package policies

import (
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/casework"
)

// stipendEntities are a case's stipend and payment, placed like the cases:
// case workers and hub admins of the hub reach them (admins to read), the
// supplier through its link; brands never (no permission), nor the
// auditor who opened the case.
func stipendEntities() []entity {
	perms := []Permission{PermStipendsRead, PermStipendsTerms, PermStipendsRecord, PermStipendsConfirm}
	rels := func(c domain.Role, p placement) []Relation {
		return []Relation{{OrgNode(party(c, p)), SupplierNode("s-" + string(c) + "-" + string(p))}}
	}
	allow := []allowed{
		{platformOnly, everywhere, perms},
		{hubAdmins, inOwnHub, []Permission{PermStipendsRead}},
		{roles(domain.RoleCaseWorker), inOwnHub, []Permission{PermStipendsRead, PermStipendsTerms, PermStipendsConfirm}},
		{roles(domain.RoleSupplierManager), ownOnly, []Permission{PermStipendsRead, PermStipendsRecord}},
	}
	return []entity{
		{name: "a case's stipend", perms: perms, allow: allow,
			make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
				return &casework.Stipend{ID: "c", HubID: hubFor(p), SupplierID: "s-" + string(c) + "-" + string(p)}, rels(c, p)
			}},
		{name: "a stipend payment", perms: perms, allow: allow,
			make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
				return &casework.Payment{ID: "c:2026-04", HubID: hubFor(p), SupplierID: "s-" + string(c) + "-" + string(p)}, rels(c, p)
			}},
	}
}
