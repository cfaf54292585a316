package domain

import "context"

// Actor is who is calling: a logged-in user (directly or through one of
// their API keys), or nobody for public calls. Request ID and client IP
// travel with it into the activity log.
type Actor struct {
	UserID    string
	OrgID     string
	OrgKind   OrgKind
	Role      Role
	HubIDs    []string
	APIKeyID  string // set when the call came with an API key
	SessionID string // set when the call came with a login token
	RequestID string
	IP        string
}

// Authenticated reports whether a user is behind the call.
func (a Actor) Authenticated() bool { return a.UserID != "" }

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx; the zero Actor when none.
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}

// Staff reports whether the actor acts for the hub operator or the platform
// (who see a hub's data whole), as opposed to a brand, a supplier or an agency.
func (a Actor) Staff() bool { return a.Role == RolePlatformAdmin || a.OrgKind == KindOperator }
