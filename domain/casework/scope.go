package casework

import (
	"slices"
	"strings"

	"github.com/actionhub/actionhub/domain"
)

// Scope of a case: the hub's case workers and admins, the auditor who
// opened it (while they work in the hub), and whoever is linked to the
// supplier (its own organisation and its brands). Other auditors of the
// hub do not reach it. What each reaches of the case is its view (ViewFor).
func (c *Case) Scope() domain.Scope {
	return domain.Scope{Hubs: []string{c.HubID}, StaffRoles: []domain.Role{domain.RoleHubAdmin, domain.RoleCaseWorker},
		People: []string{c.OpenedBy}, Suppliers: []string{c.SupplierID}}
}

// IdentityScope is who may reach the child's identity, given the
// permission to read identities (policies): the hub's case workers, the
// auditor who opened the case, and the platform. Hub admins, suppliers and
// brands never reach it.
func (c *Case) IdentityScope() domain.Scope {
	return domain.Scope{Hubs: []string{c.HubID}, StaffRoles: []domain.Role{domain.RoleCaseWorker}, People: []string{c.OpenedBy}}
}

// identityScope makes IdentityScope a Scoped object for policies.Can.
type identityScope struct{ c *Case }

func (i identityScope) Scope() domain.Scope { return i.c.IdentityScope() }

// Identity returns the case as the object of an identity decision:
// enf.Can(actor, PermCasesReadIdentity, c.IdentityObject()).
func (c *Case) IdentityObject() domain.Scoped { return identityScope{c} }

func sortFields(v *domain.ValidationError) {
	slices.SortStableFunc(v.Fields, func(a, b domain.FieldError) int { return strings.Compare(a.Field, b.Field) })
}
