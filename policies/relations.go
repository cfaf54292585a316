package policies

import (
	"context"
	"fmt"
	"strings"
)

// Relation is one scope link from a subject node to an object node, read
// as "subject reaches object": user:U → org:O (membership), org:O → hub:H
// (the organisation works in the hub), org:B → supplier:S (a brand buys
// from the supplier), org:SO → supplier:S (the supplier's own organisation).
// Links are transitive, so user:U also reaches hub:H and supplier:S.
type Relation struct {
	Subject string `json:"s"`
	Object  string `json:"o"`
}

// Node kinds.
const (
	KindUser     = "user"
	KindOrg      = "org"
	KindHub      = "hub"
	KindSupplier = "supplier"
)

// AnyObject as a decision's object skips the scope check: for role-only
// decisions and platform-wide objects.
const AnyObject = "*"

// Node returns the node name "kind:id".
func Node(kind, id string) string { return kind + ":" + id }

// UserNode returns the node of a user.
func UserNode(id string) string { return Node(KindUser, id) }

// OrgNode returns the node of an organisation.
func OrgNode(id string) string { return Node(KindOrg, id) }

// HubNode returns the node of a hub.
func HubNode(id string) string { return Node(KindHub, id) }

// SupplierNode returns the node of a supplier (a facility).
func SupplierNode(id string) string { return Node(KindSupplier, id) }

// validNode accepts "kind:id" with a lower-case kind and a non-empty ID free
// of characters that would confuse the store's "subject|object" IDs.
func validNode(n string) bool {
	kind, id, ok := strings.Cut(n, ":")
	if !ok || kind == "" || id == "" || strings.ContainsAny(id, "|*") {
		return false
	}
	for _, r := range kind {
		if (r < 'a' || r > 'z') && r != '_' {
			return false
		}
	}
	return true
}

// Check refuses a relation that could not come from correct code: a node
// that is not "kind:id", or a node linked to itself.
func (r Relation) Check() error {
	if !validNode(r.Subject) || !validNode(r.Object) || r.Subject == r.Object {
		return fmt.Errorf("policies: bad relation %q → %q", r.Subject, r.Object)
	}
	return nil
}

// RelationStore persists relations; the enforcer holds them all in memory
// and the store is the source of truth it loads from and reloads from.
type RelationStore interface {
	// LoadRelations calls fn with batches of every stored relation, and
	// returns fn's first error.
	LoadRelations(ctx context.Context, fn func([]Relation) error) error
	// AddRelations stores the relations; one already stored is not an error.
	AddRelations(ctx context.Context, rels ...Relation) error
	// RemoveRelations deletes the relations; one not stored is not an error.
	RemoveRelations(ctx context.Context, rels ...Relation) error
	// HasRelations reports, for each relation in order, whether it is stored.
	// A replica asks it when told of a change, so it converges on the store
	// whatever order the news arrives in.
	HasRelations(ctx context.Context, rels ...Relation) ([]bool, error)
}
