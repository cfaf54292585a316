package domain

import "slices"

// Scope names the nodes an object belongs to. Whether a caller may read or
// change one object is decided in one place (policies.Enforcer.Can) from
// these nodes and the scope relations, never by a service of its own:
//
//   - platform admins reach everything;
//   - operator staff reach what belongs to a hub they run (Hubs);
//   - everyone reaches what belongs to their own organisation (Orgs) and the
//     facilities their organisation is linked to (Suppliers: a brand's
//     suppliers, a facility's own organisation);
//   - HubWide objects (a hub itself) are reached by everyone working in one
//     of their Hubs;
//   - StaffRoles, when set, narrows the operator staff who reach it
//     through Hubs to those roles (a case: case workers and hub admins,
//     not every auditor);
//   - People are operator staff who reach it in person while they work in
//     one of its Hubs (a case: the auditor who opened it).
//
// Referrals and agencies will add their own nodes here.
type Scope struct {
	Hubs       []string // the hubs it belongs to; their operator staff reach it
	HubWide    bool     // everyone working in one of Hubs reaches it, not only the operator's staff
	StaffRoles []Role   // when set, only operator staff in these roles (and People) reach it, through Hubs only
	People     []string // operator staff who reach it in person, while they work in one of Hubs
	Orgs       []string // organisations whose people reach it
	Suppliers  []string // facilities; whoever is linked to one reaches it
}

// StaffReach reports whether operator staff in role reach the object
// through its Hubs: every role unless StaffRoles narrows them.
func (s Scope) StaffReach(role Role) bool {
	return len(s.StaffRoles) == 0 || slices.Contains(s.StaffRoles, role)
}

// Scoped is an object that declares its scope nodes.
type Scoped interface {
	Scope() Scope
}

// Scope makes a Scope a Scoped object itself, for decisions about what a
// hub holds rather than one stored object.
func (s Scope) Scope() Scope { return s }

// InHub is what a hub's operator keeps: its registry, its people, its
// prevalence table. Only the hub's operator staff (and the platform) reach it.
func InHub(hubID string) Scope { return Scope{Hubs: []string{hubID}} }

// HubWide is what everyone working in the hub reaches: the hub itself, and
// the hub as the place a brand nominates in.
func HubWide(hubID string) Scope { return Scope{Hubs: []string{hubID}, HubWide: true} }

// Scope of a hub: everyone working in it.
func (h *Hub) Scope() Scope { return HubWide(h.ID) }

// Scope of an organisation: its own people, and the operator staff of its hubs.
func (o *Organisation) Scope() Scope { return Scope{Hubs: o.HubIDs, Orgs: []string{o.ID}} }

// Scope of a person: their colleagues, and the operator staff of their
// organisation's hubs (copied to the user when it was made).
func (u *User) Scope() Scope { return Scope{Hubs: u.HubIDs, Orgs: []string{u.OrgID}} }

// Scope of an activity log entry: no node, so the platform alone reaches it.
// Entries record reads of children's identities; a hub's or an
// organisation's view of them will be a scope of its own, decided here.
func (e *ActivityEntry) Scope() Scope { return Scope{} }

// NotVisible returns the answer for an object the caller may not know of:
// unknown and out of scope alike, so nobody learns that another party's
// object exists. It is ErrNotFound to errors.Is. what names the object,
// e.g. "supplier".
func NotVisible(what string) error {
	return &Error{Kind: ErrNotFound, Message: "No " + what + " with that ID is visible to you."}
}
