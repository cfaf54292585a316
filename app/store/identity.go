package store

import (
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
			{Name: "disabled", Kind: docstore.Bool},
			{Name: "created", Kind: docstore.Time},
		},
		Indexes: [][]string{{"kind", "name"}},
		Sort:    []docstore.Order{{Field: "name"}},
	},
	ID:      func(o *domain.Organisation) string { return o.ID },
	Version: func(o *domain.Organisation) *int64 { return &o.Version },
	Fields: func(o *domain.Organisation) map[string]any {
		return map[string]any{"kind": string(o.Kind), "name": o.Name, "disabled": o.Disabled, "created": o.Created}
	},
}

var orgHubDef = docstore.Def[domain.OrgHub]{
	Spec: docstore.Spec{
		Name: "org_hubs",
		Fields: []docstore.Field{
			{Name: "org_id", Kind: docstore.String},
			{Name: "hub_id", Kind: docstore.String},
			{Name: "kind", Kind: docstore.String},
			{Name: "created", Kind: docstore.Time},
		},
		Indexes: [][]string{{"hub_id", "created"}, {"hub_id", "kind", "created"}},
		Sort:    []docstore.Order{{Field: "created"}},
	},
	ID: func(l *domain.OrgHub) string { return l.ID },
	Fields: func(l *domain.OrgHub) map[string]any {
		return map[string]any{"org_id": l.OrgID, "hub_id": l.HubID, "kind": string(l.Kind), "created": l.Created}
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
		Sort: []docstore.Order{{Field: "expires"}},
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

var auditDef = docstore.Def[domain.AuditEntry]{
	Spec: docstore.Spec{
		Name: "audit_log",
		Fields: []docstore.Field{
			{Name: "time", Kind: docstore.Time},
			{Name: "actor_id", Kind: docstore.String},
			{Name: "object", Kind: docstore.String},
			{Name: "action", Kind: docstore.String},
		},
		Indexes: [][]string{{"actor_id", "time"}, {"object", "time"}},
		Sort:    []docstore.Order{{Field: "time", Desc: true}},
	},
	ID: func(a *domain.AuditEntry) string { return a.ID },
	Fields: func(a *domain.AuditEntry) map[string]any {
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
