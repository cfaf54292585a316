package policies

import (
	"slices"

	"github.com/actionhub/actionhub/domain"
)

// Can is the one decision on one object: whether the actor may use perm on
// obj. The actor's role must hold perm (policy.csv), and the actor must
// reach one of the object's scope nodes through the relations:
//
//   - a platform admin reaches every object;
//   - operator staff reach an object of a hub they run (user → org → hub);
//   - anyone reaches an object of their own organisation (user → org) or of
//     a facility their organisation is linked to (user → org → supplier):
//     a brand its suppliers and its own nominations, a facility's users
//     their facility; agencies reach nothing beyond their organisation yet;
//   - anyone working in a hub reaches the hub's HubWide objects;
//   - StaffRoles narrows which operator staff reach the object (through
//     the hub only), and People, operator staff named on it (a case's
//     opener), reach it in person while they work in one of its hubs.
//
// Services ask Can for every read or change of one object (store.GetVisible
// loads and asks); lists filter by the same scope in their queries.
func (e *Enforcer) Can(a domain.Actor, perm Permission, obj domain.Scoped) bool {
	if !e.held[a.Role][perm] {
		return false
	}
	if a.Role == domain.RolePlatformAdmin {
		return true
	}
	if a.UserID == "" {
		return false
	}
	sc, user := obj.Scope(), UserNode(a.UserID)
	staff := a.Role.KindOf() == domain.KindOperator
	if sc.HubWide || (staff && (sc.StaffReach(a.Role) || slices.Contains(sc.People, a.UserID))) {
		for _, h := range sc.Hubs {
			if e.Reaches(user, HubNode(h)) {
				return true
			}
		}
	}
	if staff && len(sc.StaffRoles) > 0 {
		// Narrowed to some roles: staff reach it through their role or in
		// person, never through an organisation or facility link.
		return false
	}
	for _, o := range sc.Orgs {
		if e.Reaches(user, OrgNode(o)) {
			return true
		}
	}
	for _, s := range sc.Suppliers {
		if e.Reaches(user, SupplierNode(s)) {
			return true
		}
	}
	return false
}

// HubFor picks the hub a call works in and asks Can about it: the hub
// named, or the caller's only hub when none is named (else the input
// hub_id is at fault). scope says what of the hub the call touches: domain.InHub
// for what the hub's operator keeps (its registry, people, organisations),
// domain.HubWide for what everyone working there may do (a brand's
// nomination). A hub out of reach answers as one that does not exist.
func (e *Enforcer) HubFor(a domain.Actor, perm Permission, hubID string, scope func(string) domain.Scope) (string, error) {
	if hubID == "" {
		if len(a.HubIDs) != 1 {
			return "", domain.Invalid("hub_id", "is required when you work in several hubs (or none)")
		}
		hubID = a.HubIDs[0]
	}
	if !e.Can(a, perm, scope(hubID)) {
		return "", domain.NotVisible("hub")
	}
	return hubID, nil
}
