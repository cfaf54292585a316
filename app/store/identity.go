package store

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
)

var hubDef = docstore.Def[domain.Hub]{
	Spec: docstore.Spec{
		Name: "hubs",
		Fields: []docstore.Field{
			{Name: "code", Kind: docstore.String, Unique: true},
			{Name: "name", Kind: docstore.String},
		},
		Sort: []docstore.Order{{Field: "name"}},
	},
	ID:      func(h *domain.Hub) string { return h.ID },
	Version: func(h *domain.Hub) *int64 { return &h.Version },
	Fields: func(h *domain.Hub) map[string]any {
		return map[string]any{"code": h.Code, "name": h.Name}
	},
}

var orgDef = docstore.Def[domain.Organisation]{
	Spec: docstore.Spec{
		Name: "organisations",
		Fields: []docstore.Field{
			{Name: "kind", Kind: docstore.String},
			{Name: "name", Kind: docstore.String},
			{Name: "name_key", Kind: docstore.String},
			{Name: "disabled", Kind: docstore.Bool},
			{Name: "created", Kind: docstore.Time},
		},
		Indexes: [][]string{{"kind", "name"}, {"kind", "name_key"}},
		Sort:    []docstore.Order{{Field: "name"}},
	},
	ID:      func(o *domain.Organisation) string { return o.ID },
	Version: func(o *domain.Organisation) *int64 { return &o.Version },
	Fields: func(o *domain.Organisation) map[string]any {
		return map[string]any{"kind": string(o.Kind), "name": o.Name, "name_key": NameKey(o.Name), "disabled": o.Disabled, "created": o.Created}
	},
}

var orgHubDef = docstore.Def[domain.OrgHub]{
	Spec: docstore.Spec{
		Name: "org_hubs",
		Fields: []docstore.Field{
			{Name: "org_id", Kind: docstore.String},
			{Name: "hub_id", Kind: docstore.String},
			{Name: "kind", Kind: docstore.String},
			{Name: "name_key", Kind: docstore.String},
			{Name: "created", Kind: docstore.Time},
		},
		Indexes: [][]string{{"hub_id", "created"}, {"hub_id", "kind", "created"}, {"hub_id", "name_key"}, {"hub_id", "kind", "name_key"}},
		Sort:    []docstore.Order{{Field: "created"}},
	},
	ID: func(l *domain.OrgHub) string { return l.ID },
	Fields: func(l *domain.OrgHub) map[string]any {
		return map[string]any{"org_id": l.OrgID, "hub_id": l.HubID, "kind": string(l.Kind), "name_key": NameKey(l.Name), "created": l.Created}
	},
}

var userDef = docstore.Def[domain.User]{
	Spec: docstore.Spec{
		Name: "users",
		Fields: []docstore.Field{
			{Name: "email", Kind: docstore.String, Unique: true},
			{Name: "org_id", Kind: docstore.String},
			{Name: "role", Kind: docstore.String},
			{Name: "created", Kind: docstore.Time},
		},
		Indexes: [][]string{{"org_id", "created"}},
		Sort:    []docstore.Order{{Field: "created"}},
	},
	ID:      func(u *domain.User) string { return u.ID },
	Version: func(u *domain.User) *int64 { return &u.Version },
	Fields: func(u *domain.User) map[string]any {
		return map[string]any{"email": u.Email, "org_id": u.OrgID, "role": string(u.Role), "created": u.Created}
	},
}

var sessionDef = docstore.Def[domain.Session]{
	Spec: docstore.Spec{
		Name: "sessions",
		Fields: []docstore.Field{
			{Name: "user_id", Kind: docstore.String},
			{Name: "expires", Kind: docstore.Time},
		},
		// (user_id, expires): disabling a user finds their sessions.
		Indexes: [][]string{{"user_id", "expires"}},
		Sort:    []docstore.Order{{Field: "expires"}},
	},
	ID:      func(s *domain.Session) string { return s.ID },
	Version: func(s *domain.Session) *int64 { return &s.Version },
	Fields: func(s *domain.Session) map[string]any {
		return map[string]any{"user_id": s.UserID, "expires": s.Expires}
	},
}

var apiKeyDef = docstore.Def[domain.APIKey]{
	Spec: docstore.Spec{
		Name: "api_keys",
		Fields: []docstore.Field{
			{Name: "user_id", Kind: docstore.String},
			{Name: "created", Kind: docstore.Time},
		},
		Indexes: [][]string{{"user_id", "created"}},
		Sort:    []docstore.Order{{Field: "created"}},
	},
	ID:      func(k *domain.APIKey) string { return k.ID },
	Version: func(k *domain.APIKey) *int64 { return &k.Version },
	Fields: func(k *domain.APIKey) map[string]any {
		return map[string]any{"user_id": k.UserID, "created": k.Created}
	},
}

var activityDef = docstore.Def[domain.ActivityEntry]{
	Spec: docstore.Spec{
		Name: "activity",
		Fields: []docstore.Field{
			{Name: "time", Kind: docstore.Time},
			// Every write and identity read appends here, so the log
			// keeps only the indexes its list reads: an actor's or an
			// object's entries are found by the compound indexes, newest
			// first, and none is found by its action.
			{Name: "actor_id", Kind: docstore.String, NoIndex: true},
			{Name: "object", Kind: docstore.String, NoIndex: true},
			{Name: "action", Kind: docstore.String, NoIndex: true},
		},
		Indexes: [][]string{{"actor_id", "time"}, {"object", "time"}},
		Sort:    []docstore.Order{{Field: "time", Desc: true}},
	},
	ID: func(a *domain.ActivityEntry) string { return a.ID },
	Fields: func(a *domain.ActivityEntry) map[string]any {
		return map[string]any{"time": a.Time, "actor_id": a.ActorID, "object": a.Object, "action": a.Action}
	},
}

var notificationDef = docstore.Def[domain.Notification]{
	Spec: docstore.Spec{
		Name: "notifications",
		Fields: []docstore.Field{
			{Name: "status", Kind: docstore.String},
			{Name: "created", Kind: docstore.Time},
		},
		Indexes: [][]string{{"status", "created"}},
		Sort:    []docstore.Order{{Field: "created"}},
	},
	ID:      func(n *domain.Notification) string { return n.ID },
	Version: func(n *domain.Notification) *int64 { return &n.Version },
	Fields: func(n *domain.Notification) map[string]any {
		return map[string]any{"status": n.Status, "created": n.Created}
	},
}

var userHubDef = docstore.Def[domain.UserHub]{
	Spec: docstore.Spec{
		Name: "user_hubs",
		Fields: []docstore.Field{
			{Name: "user_id", Kind: docstore.String},
			{Name: "hub_id", Kind: docstore.String},
			{Name: "role", Kind: docstore.String},
			{Name: "created", Kind: docstore.Time},
		},
		Indexes: [][]string{{"hub_id", "created"}, {"hub_id", "role", "created"}},
		Sort:    []docstore.Order{{Field: "created"}},
	},
	ID: func(l *domain.UserHub) string { return l.ID },
	Fields: func(l *domain.UserHub) map[string]any {
		return map[string]any{"user_id": l.UserID, "hub_id": l.HubID, "role": string(l.Role), "created": l.Created}
	},
}

// Hubs is the hubs collection.
type Hubs struct{ *docstore.Coll[domain.Hub] }

var hubsColl = wire(hubDef, "hub", func(s *Store, c *docstore.Coll[domain.Hub]) { s.Hubs = Hubs{c} })

// ByCode returns the hub with the code, or domain.ErrNotFound.
func (c Hubs) ByCode(ctx context.Context, code string) (*domain.Hub, error) {
	return first(c.Find(ctx, docstore.Query{Where: []docstore.Cond{docstore.EqCond("code", code)}, Limit: 1}))
}

// All pages through every hub by name.
func (c Hubs) All(ctx context.Context, p Page) ([]*domain.Hub, string, error) {
	return c.Find(ctx, p.query(nil))
}

// Orgs is the organisations collection.
type Orgs struct {
	*docstore.Coll[domain.Organisation]
}

var orgsColl = wire(orgDef, "organisation", func(s *Store, c *docstore.Coll[domain.Organisation]) { s.Orgs = Orgs{c} })

// All pages through every organisation by name, of one kind when kind is set.
func (c Orgs) All(ctx context.Context, kind domain.OrgKind, p Page) ([]*domain.Organisation, string, error) {
	var where []docstore.Cond
	if kind != "" {
		where = append(where, docstore.EqCond("kind", string(kind)))
	}
	return c.Find(ctx, p.query(where))
}

// Named pages through the organisations whose name starts with name
// (NameKey form), of one kind when kind is set, in name order.
func (c Orgs) Named(ctx context.Context, kind domain.OrgKind, name string, p Page) ([]*domain.Organisation, string, error) {
	var where []docstore.Cond
	if kind != "" {
		where = append(where, docstore.EqCond("kind", string(kind)))
	}
	where = append(where, docstore.PrefixCond("name_key", NameKey(name)))
	return c.Find(ctx, p.query(where, docstore.Order{Field: "name_key"}))
}

// OfLinks returns the organisations of hub links, in the links' order
// (one that is gone is left out).
func (c Orgs) OfLinks(ctx context.Context, links []*domain.OrgHub) ([]*domain.Organisation, error) {
	ids := make([]string, len(links))
	for i, l := range links {
		ids[i] = l.OrgID
	}
	return c.GetMany(ctx, ids)
}

// NameKey is the form organisation names are searched in: lower case,
// single spaces.
func NameKey(name string) string { return strings.Join(strings.Fields(strings.ToLower(name)), " ") }

// OrgHubs is the collection of links from organisations to their hubs.
type OrgHubs struct {
	*docstore.Coll[domain.OrgHub]
}

var orgHubsColl = wire(orgHubDef, "organisation's hub", func(s *Store, c *docstore.Coll[domain.OrgHub]) { s.OrgHubs = OrgHubs{c} })

// OfHub pages through the links of a hub's organisations, oldest first, of
// one kind when kind is set.
func (c OrgHubs) OfHub(ctx context.Context, hubID string, kind domain.OrgKind, p Page) ([]*domain.OrgHub, string, error) {
	where := []docstore.Cond{docstore.EqCond("hub_id", hubID)}
	if kind != "" {
		where = append(where, docstore.EqCond("kind", string(kind)))
	}
	return c.Find(ctx, p.query(where))
}

// Named pages through the links of a hub's organisations whose name starts
// with name (NameKey form), of one kind when kind is set, in name order.
func (c OrgHubs) Named(ctx context.Context, hubID string, kind domain.OrgKind, name string, p Page) ([]*domain.OrgHub, string, error) {
	where := []docstore.Cond{docstore.EqCond("hub_id", hubID)}
	if kind != "" {
		where = append(where, docstore.EqCond("kind", string(kind)))
	}
	where = append(where, docstore.PrefixCond("name_key", NameKey(name)))
	return c.Find(ctx, p.query(where, docstore.Order{Field: "name_key"}))
}

// Unnamed pages through the links of a hub stored before links carried
// their organisation's name.
func (c OrgHubs) Unnamed(ctx context.Context, hubID string, p Page) ([]*domain.OrgHub, string, error) {
	return c.Find(ctx, p.query([]docstore.Cond{docstore.EqCond("hub_id", hubID), docstore.EqCond("name_key", "")},
		docstore.Order{Field: "name_key"}))
}

// Users is the users collection.
type Users struct{ *docstore.Coll[domain.User] }

var usersColl = wire(userDef, "user", func(s *Store, c *docstore.Coll[domain.User]) { s.Users = Users{c} })

// ByEmail returns the user with the (normalised) address, or domain.ErrNotFound.
func (c Users) ByEmail(ctx context.Context, email string) (*domain.User, error) {
	return first(c.Find(ctx, docstore.Query{Where: []docstore.Cond{docstore.EqCond("email", email)}, Limit: 1}))
}

// OfOrg pages through an organisation's people, oldest first, with one
// role when role is set.
func (c Users) OfOrg(ctx context.Context, orgID string, role domain.Role, p Page) ([]*domain.User, string, error) {
	where := []docstore.Cond{docstore.EqCond("org_id", orgID)}
	if role != "" {
		where = append(where, docstore.EqCond("role", string(role)))
	}
	return c.Find(ctx, p.query(where))
}

// UserHubs is the collection of links from people to their hubs.
type UserHubs struct {
	*docstore.Coll[domain.UserHub]
}

var userHubsColl = wire(userHubDef, "user's hub", func(s *Store, c *docstore.Coll[domain.UserHub]) { s.UserHubs = UserHubs{c} })

// OfHub pages through the links of a hub's people, oldest first, with one
// role when role is set.
func (c UserHubs) OfHub(ctx context.Context, hubID string, role domain.Role, p Page) ([]*domain.UserHub, string, error) {
	where := []docstore.Cond{docstore.EqCond("hub_id", hubID)}
	if role != "" {
		where = append(where, docstore.EqCond("role", string(role)))
	}
	return c.Find(ctx, p.query(where))
}

// Sessions is the login sessions collection.
type Sessions struct {
	*docstore.Coll[domain.Session]
}

var sessionsColl = wire(sessionDef, "session", func(s *Store, c *docstore.Coll[domain.Session]) { s.Sessions = Sessions{c} })

// ExpiredBefore returns up to limit sessions that expired before t.
func (c Sessions) ExpiredBefore(ctx context.Context, t time.Time, limit int) ([]*domain.Session, error) {
	ss, _, err := c.Find(ctx, docstore.Query{Where: []docstore.Cond{{Field: "expires", Op: docstore.Lt, Value: t}}, Limit: limit})
	return ss, err
}

// OfUser returns up to limit of a user's sessions.
func (c Sessions) OfUser(ctx context.Context, userID string, limit int) ([]*domain.Session, error) {
	ss, _, err := c.Find(ctx, docstore.Query{Where: []docstore.Cond{docstore.EqCond("user_id", userID)}, Limit: limit})
	return ss, err
}

// APIKeys is the API keys collection.
type APIKeys struct {
	*docstore.Coll[domain.APIKey]
}

var apiKeysColl = wire(apiKeyDef, "API key", func(s *Store, c *docstore.Coll[domain.APIKey]) { s.APIKeys = APIKeys{c} })

// OfUser pages through a user's keys, oldest first.
func (c APIKeys) OfUser(ctx context.Context, userID string, p Page) ([]*domain.APIKey, string, error) {
	return c.Find(ctx, p.query([]docstore.Cond{docstore.EqCond("user_id", userID)}))
}

// ActivityLog is the activity log collection.
type ActivityLog struct {
	*docstore.Coll[domain.ActivityEntry]
}

var activityColl = wire(activityDef, "activity log entry", func(s *Store, c *docstore.Coll[domain.ActivityEntry]) { s.Activity = ActivityLog{c} })

// ActivityQuery selects activity log entries; every field is optional.
type ActivityQuery struct {
	ActorID string
	Object  string
	From    time.Time // inclusive
	To      time.Time // exclusive
}

// List pages through the entries, newest first. Each combination is served
// by an index: (actor_id, time), (object, time) or time alone.
func (c ActivityLog) List(ctx context.Context, q ActivityQuery, p Page) ([]*domain.ActivityEntry, string, error) {
	var where []docstore.Cond
	if q.ActorID != "" {
		where = append(where, docstore.EqCond("actor_id", q.ActorID))
	}
	if q.Object != "" {
		where = append(where, docstore.EqCond("object", q.Object))
	}
	if !q.From.IsZero() {
		where = append(where, docstore.Cond{Field: "time", Op: docstore.Gte, Value: q.From})
	}
	if !q.To.IsZero() {
		where = append(where, docstore.Cond{Field: "time", Op: docstore.Lt, Value: q.To})
	}
	return c.Find(ctx, p.query(where))
}

// Notifications is the outbox.
type Notifications struct {
	*docstore.Coll[domain.Notification]
}

var notificationsColl = wire(notificationDef, "notification", func(s *Store, c *docstore.Coll[domain.Notification]) {
	s.Notifications = Notifications{c}
})

// Pending returns up to limit notifications waiting for delivery, oldest first.
func (c Notifications) Pending(ctx context.Context, limit int) ([]*domain.Notification, error) {
	ns, _, err := c.Find(ctx, docstore.Query{Where: []docstore.Cond{docstore.EqCond("status", domain.NotificationPending)}, Limit: limit})
	return ns, err
}

// first returns the only result of a one-document query, or domain.ErrNotFound.
func first[T any](vs []*T, _ string, err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, domain.ErrNotFound
	}
	return vs[0], nil
}

// EnabledEmails returns the addresses of the hub's enabled people in role,
// each once: whom a hub-wide notice (an escalation) goes to.
func (s *Store) EnabledEmails(ctx context.Context, hubID string, role domain.Role) ([]string, error) {
	var out []string
	p := Page{Limit: docstore.MaxLimit}
	for {
		links, next, err := s.UserHubs.OfHub(ctx, hubID, role, p)
		if err != nil {
			return nil, err
		}
		ids := make([]string, len(links))
		for i, x := range links {
			ids[i] = x.UserID
		}
		us, err := s.Users.GetMany(ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, u := range us {
			if u != nil && u.Role == role && !u.Disabled && !slices.Contains(out, u.Email) {
				out = append(out, u.Email)
			}
		}
		if next == "" {
			return out, nil
		}
		p.After = next
	}
}

// ActorByEmail is the actor of the person with that address, as a
// login would make it: demo seeds act through the same calls people make.
func (s *Store) ActorByEmail(ctx context.Context, email string) (domain.Actor, error) {
	u, err := s.Users.ByEmail(ctx, email)
	if err != nil {
		return domain.Actor{}, err
	}
	org, err := s.Orgs.Get(ctx, u.OrgID)
	if err != nil {
		return domain.Actor{}, err
	}
	return domain.Actor{UserID: u.ID, OrgID: org.ID, OrgKind: org.Kind, Role: u.Role, HubIDs: org.HubIDs}, nil
}
