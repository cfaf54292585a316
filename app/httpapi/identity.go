package httpapi

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/actionhub/actionhub/app/activity"
	"github.com/actionhub/actionhub/app/identity"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/policies"
	"github.com/danielgtaylor/huma/v2"
)

// sessionCookie carries the login token to the job monitor pages only.
const sessionCookie = "actionhub_session"

// Representations. They are the API's contract, apart from the domain
// types, so a new internal field never leaks by accident.
type (
	hubBody struct {
		ID       string     `json:"id"`
		Code     string     `json:"code"`
		Name     string     `json:"name"`
		Country  string     `json:"country"`
		TimeZone string     `json:"time_zone"`
		Cities   []cityBody `json:"cities"`
		Created  time.Time  `json:"created"`
	}
	cityBody struct {
		Name     string `json:"name" minLength:"1" maxLength:"200"`
		Province string `json:"province" minLength:"1" maxLength:"200"`
	}
	orgBody struct {
		ID       string    `json:"id"`
		Kind     string    `json:"kind" enum:"operator,brand,supplier,agency,platform"`
		Name     string    `json:"name"`
		HubIDs   []string  `json:"hub_ids"`
		Disabled bool      `json:"disabled"`
		Version  int64     `json:"version"`
		Created  time.Time `json:"created"`
	}
	userBody struct {
		ID       string    `json:"id"`
		Email    string    `json:"email"`
		Name     string    `json:"name"`
		Role     string    `json:"role" enum:"hub_admin,auditor,case_worker,brand_manager,brand_viewer,supplier_manager,agency_officer,platform_admin"`
		OrgID    string    `json:"org_id"`
		HubIDs   []string  `json:"hub_ids"`
		Disabled bool      `json:"disabled"`
		Version  int64     `json:"version"`
		Created  time.Time `json:"created"`
	}
	apiKeyBody struct {
		ID        string     `json:"id"`
		Name      string     `json:"name"`
		Created   time.Time  `json:"created"`
		Revoked   bool       `json:"revoked"`
		RevokedAt *time.Time `json:"revoked_at,omitempty"`
		ExpiresAt *time.Time `json:"expires_at,omitempty" doc:"After this time the key is refused; absent: until revoked."`
	}
)

func hubOut(h *domain.Hub) hubBody {
	cs := make([]cityBody, len(h.Cities))
	for i, c := range h.Cities {
		cs[i] = cityBody(c)
	}
	return hubBody{ID: h.ID, Code: h.Code, Name: h.Name, Country: h.Country, TimeZone: h.TimeZone, Cities: cs, Created: h.Created}
}

func orgOut(o *domain.Organisation) orgBody {
	return orgBody{ID: o.ID, Kind: string(o.Kind), Name: o.Name, HubIDs: nonNil(o.HubIDs), Disabled: o.Disabled, Version: o.Version, Created: o.Created}
}

func userOut(u *domain.User) userBody {
	return userBody{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), OrgID: u.OrgID, HubIDs: nonNil(u.HubIDs),
		Disabled: u.Disabled, Version: u.Version, Created: u.Created}
}

func apiKeyOut(k *domain.APIKey) apiKeyBody {
	b := apiKeyBody{ID: k.ID, Name: k.Name, Created: k.Created, Revoked: k.Revoked}
	if k.Revoked {
		t := k.RevokedAt
		b.RevokedAt = &t
	}
	if !k.Expires.IsZero() {
		t := k.Expires
		b.ExpiresAt = &t
	}
	return b
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func mapAll[T, B any](xs []*T, f func(*T) B) []B {
	out := make([]B, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// Shared inputs and outputs.
type (
	// Paging is exported so that Huma sees its fields when it is embedded.
	Paging struct {
		Cursor string `query:"cursor" maxLength:"1000" doc:"The next_cursor of the previous page; omit for the first page."`
		Limit  int    `query:"limit" minimum:"1" maximum:"500" default:"50" doc:"Items per page."`
	}
	idPath struct {
		ID string `path:"id" minLength:"1" maxLength:"64" doc:"The object's ID."`
	}
	page[T any] struct {
		Body struct {
			Items      []T    `json:"items"`
			NextCursor string `json:"next_cursor,omitempty" doc:"Pass as cursor to get the next page; absent on the last page."`
		}
	}
)

func pageOf[T, B any](xs []*T, next string, f func(*T) B) *page[B] {
	p := &page[B]{}
	p.Body.Items, p.Body.NextCursor = mapAll(xs, f), next
	return p
}

func registerAuth(api huma.API, s *server) {
	type loginIn struct {
		Body struct {
			Email    string `json:"email" minLength:"3" maxLength:"254" example:"brand.manager@nordwind.demo"`
			Password string `json:"password" minLength:"1" maxLength:"256"`
		}
	}
	type loginOut struct {
		SetCookie http.Cookie `header:"Set-Cookie"`
		Body      struct {
			Token   string    `json:"token" doc:"Send as Authorization: Bearer <token>."`
			Expires time.Time `json:"expires"`
			User    userBody  `json:"user"`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/auth/login", id: "login", tag: "Auth", public: true,
		summary: "Log in with e-mail and password", errors: []int{http.StatusUnauthorized, http.StatusTooManyRequests},
		description: "Returns a bearer token valid for 12 hours. After 5 failed attempts for one account from one address, " +
			"that address waits 15 minutes (429 with Retry-After); other addresses are not affected."},
		func(ctx context.Context, in *loginIn) (*loginOut, error) {
			r, err := s.Identity.Login(ctx, in.Body.Email, in.Body.Password, domain.ActorFrom(ctx).IP)
			if err != nil {
				return nil, err
			}
			out := &loginOut{}
			out.Body.Token, out.Body.Expires, out.Body.User = r.Token, r.Expires, userOut(r.User)
			out.SetCookie = http.Cookie{Name: sessionCookie, Value: r.Token, Path: "/monitor", Expires: r.Expires,
				HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: strings.HasPrefix(s.PublicURL, "https://")}
			return out, nil
		})

	register(api, s, endpoint{method: http.MethodPost, path: "/auth/logout", id: "logout", tag: "Auth", perm: policies.PermMeRead,
		summary: "Log out: the token stops working at once", status: http.StatusNoContent},
		func(ctx context.Context, _ *struct{}) (*struct{}, error) { return nil, s.Identity.Logout(ctx) })

	type meOut struct {
		Body struct {
			User         userBody `json:"user"`
			Organisation orgBody  `json:"organisation"`
			Permissions  []string `json:"permissions" doc:"What this user's role may do."`
		}
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/me", id: "get-me", tag: "Auth", perm: policies.PermMeRead,
		summary: "Who am I: the caller's user, organisation and permissions"},
		func(ctx context.Context, _ *struct{}) (*meOut, error) {
			u, org, err := s.Identity.Me(ctx)
			if err != nil {
				return nil, err
			}
			out := &meOut{}
			out.Body.User, out.Body.Organisation = userOut(u), orgOut(org)
			for _, p := range s.Enforcer.PermissionsOf(u.Role) {
				out.Body.Permissions = append(out.Body.Permissions, string(p))
			}
			return out, nil
		})

	type keyIn struct {
		Body struct {
			Name          string    `json:"name" minLength:"1" maxLength:"200" example:"ERP integration"`
			ExpiresAt     time.Time `json:"expires_at,omitempty" required:"false" doc:"When the key stops working: in the future, at most a year away."`
			ExpiresInDays int       `json:"expires_in_days,omitempty" required:"false" minimum:"1" maximum:"365" doc:"Or: how many days the key works. Neither: until revoked."`
		}
	}
	type keyOut struct {
		Body struct {
			apiKeyBody
			Key string `json:"key" doc:"The key itself, shown only now: store it safely. Send as Authorization: Bearer <key>."`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/me/api-keys", id: "create-api-key", tag: "Auth", perm: policies.PermAPIKeysManage,
		summary: "Create an API key acting as you (shown once)", status: http.StatusCreated, secretAnswer: true,
		errors: []int{http.StatusConflict}, description: "Needs a login session: a call made with an API key cannot create keys (403). " +
			"A key may be given an expiry of at most a year. Disabling the user revokes all their keys for good."},
		func(ctx context.Context, in *keyIn) (*keyOut, error) {
			r, err := s.Identity.CreateAPIKey(ctx, identity.NewAPIKey{Name: in.Body.Name, ExpiresAt: in.Body.ExpiresAt, ExpiresInDays: in.Body.ExpiresInDays})
			if err != nil {
				return nil, err
			}
			out := &keyOut{}
			out.Body.apiKeyBody, out.Body.Key = apiKeyOut(r.APIKey), r.Key
			return out, nil
		})
	register(api, s, endpoint{method: http.MethodGet, path: "/me/api-keys", id: "list-api-keys", tag: "Auth", perm: policies.PermAPIKeysManage,
		summary: "List your API keys (never the keys themselves)"},
		func(ctx context.Context, in *Paging) (*page[apiKeyBody], error) {
			return replyPage(apiKeyOut)(s.Identity.ListAPIKeys(ctx, in.Cursor, in.Limit))
		})
	register(api, s, endpoint{method: http.MethodDelete, path: "/me/api-keys/{id}", id: "revoke-api-key", tag: "Auth", perm: policies.PermAPIKeysManage,
		summary: "Revoke one of your API keys: it stops working at once", status: http.StatusNoContent, errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *idPath) (*struct{}, error) {
			return nil, s.Identity.RevokeAPIKey(ctx, in.ID)
		})
}

func registerHubs(api huma.API, s *server) {
	type hubIn struct {
		Body struct {
			Code     string     `json:"code" pattern:"^[A-Za-z]{2,5}$" example:"PK" doc:"Short code; prefixes case and grievance codes."`
			Name     string     `json:"name" minLength:"1" maxLength:"200" example:"Pakistan"`
			Country  string     `json:"country" pattern:"^[A-Z]{2}$" example:"PK"`
			TimeZone string     `json:"time_zone" minLength:"1" maxLength:"64" example:"Asia/Karachi"`
			Cities   []cityBody `json:"cities" maxItems:"100"`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/hubs", id: "create-hub", tag: "Hubs", perm: policies.PermHubsCreate,
		summary: "Add a hub to the network", status: http.StatusCreated, errors: []int{http.StatusConflict}},
		func(ctx context.Context, in *hubIn) (*one[hubBody], error) {
			if _, err := time.LoadLocation(in.Body.TimeZone); err != nil {
				return nil, domain.Invalid("time_zone", "is not an IANA time zone such as Asia/Karachi")
			}
			cs := make([]domain.City, len(in.Body.Cities))
			for i, c := range in.Body.Cities {
				cs[i] = domain.City(c)
			}
			return reply(hubOut)(s.Identity.CreateHub(ctx, identity.NewHub{Code: in.Body.Code, Name: in.Body.Name, Country: in.Body.Country, TimeZone: in.Body.TimeZone, Cities: cs}))
		})
	register(api, s, endpoint{method: http.MethodGet, path: "/hubs", id: "list-hubs", tag: "Hubs", perm: policies.PermHubsList,
		summary: "List the hubs you work in (all of them for the platform)"},
		func(ctx context.Context, in *Paging) (*page[hubBody], error) {
			return replyPage(hubOut)(s.Identity.ListHubs(ctx, in.Cursor, in.Limit))
		})
	register(api, s, endpoint{method: http.MethodGet, path: "/hubs/{id}", id: "get-hub", tag: "Hubs", perm: policies.PermHubsRead,
		summary: "Get a hub you work in", errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *idPath) (*one[hubBody], error) {
			return reply(hubOut)(s.Identity.GetHub(ctx, in.ID))
		})
}

func registerOrgs(api huma.API, s *server) {
	type orgIn struct {
		Body struct {
			Kind   string   `json:"kind" enum:"operator,brand,supplier,agency,platform"`
			Name   string   `json:"name" minLength:"1" maxLength:"200" example:"Nordwind Apparel GmbH"`
			HubIDs []string `json:"hub_ids" maxItems:"20" doc:"The hubs it works in."`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/organisations", id: "create-organisation", tag: "Organisations",
		perm: policies.PermOrganisationsCreate, summary: "Add an organisation to hubs", status: http.StatusCreated},
		func(ctx context.Context, in *orgIn) (*one[orgBody], error) {
			return reply(orgOut)(s.Identity.CreateOrg(ctx, identity.NewOrg{Kind: domain.OrgKind(in.Body.Kind), Name: in.Body.Name, HubIDs: in.Body.HubIDs}))
		})
	type listIn struct {
		Paging
		HubID string `query:"hub_id" maxLength:"64" doc:"The hub; may be omitted by people who work in one hub."`
		Kind  string `query:"kind" enum:"operator,brand,supplier,agency,platform," doc:"Only organisations of this kind."`
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/organisations", id: "list-organisations", tag: "Organisations",
		perm: policies.PermOrganisationsList, summary: "List the organisations of a hub", errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *listIn) (*page[orgBody], error) {
			return replyPage(orgOut)(s.Identity.ListOrgs(ctx, identity.OrgFilter{HubID: in.HubID, Kind: domain.OrgKind(in.Kind), Cursor: in.Cursor, Limit: in.Limit}))
		})
	register(api, s, endpoint{method: http.MethodGet, path: "/organisations/{id}", id: "get-organisation", tag: "Organisations",
		perm: policies.PermOrganisationsRead, summary: "Get an organisation in your scope", errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *idPath) (*one[orgBody], error) {
			return reply(orgOut)(s.Identity.GetOrg(ctx, in.ID))
		})
	for _, disable := range []bool{true, false} {
		verb, summary := "disable", "Disable an organisation: its people can no longer log in or use keys"
		if !disable {
			verb, summary = "enable", "Enable a disabled organisation again"
		}
		register(api, s, endpoint{method: http.MethodPost, path: "/organisations/{id}/" + verb, id: verb + "-organisation", tag: "Organisations",
			perm: policies.PermOrganisationsDisable, summary: summary, errors: []int{http.StatusNotFound, http.StatusConflict}},
			func(ctx context.Context, in *idPath) (*one[orgBody], error) {
				return reply(orgOut)(s.Identity.SetOrgDisabled(ctx, in.ID, disable))
			})
	}
}

func registerUsers(api huma.API, s *server) {
	type userIn struct {
		Body struct {
			OrgID    string `json:"org_id" minLength:"1" maxLength:"64"`
			Email    string `json:"email" minLength:"3" maxLength:"254" example:"auditor@operator.demo"`
			Name     string `json:"name" minLength:"1" maxLength:"200"`
			Role     string `json:"role" enum:"hub_admin,auditor,case_worker,brand_manager,brand_viewer,supplier_manager,agency_officer,platform_admin"`
			Password string `json:"password" minLength:"12" maxLength:"256" doc:"At least 12 characters; a passphrase is best."`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/users", id: "create-user", tag: "Users", perm: policies.PermUsersCreate,
		summary: "Add a person to an organisation in your scope", status: http.StatusCreated, errors: []int{http.StatusConflict}},
		func(ctx context.Context, in *userIn) (*one[userBody], error) {
			return reply(userOut)(s.Identity.CreateUser(ctx, identity.NewUser{OrgID: in.Body.OrgID, Email: in.Body.Email, Name: in.Body.Name,
				Role: domain.Role(in.Body.Role), Password: in.Body.Password}))
		})
	type listIn struct {
		Paging
		OrgID string `query:"org_id" maxLength:"64" doc:"The organisation; your own when neither org_id nor hub_id is given."`
		HubID string `query:"hub_id" maxLength:"64" doc:"Every person of this hub (operator staff of the hub and platform admins)."`
		Role  string `query:"role" enum:"hub_admin,auditor,case_worker,brand_manager,brand_viewer,supplier_manager,agency_officer,platform_admin," doc:"Only people with this role."`
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/users", id: "list-users", tag: "Users", perm: policies.PermUsersList,
		summary: "List the people of an organisation or hub in your scope", errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *listIn) (*page[userBody], error) {
			return replyPage(userOut)(s.Identity.ListUsers(ctx, identity.UserFilter{OrgID: in.OrgID, HubID: in.HubID,
				Role: domain.Role(in.Role), Cursor: in.Cursor, Limit: in.Limit}))
		})
	register(api, s, endpoint{method: http.MethodGet, path: "/users/{id}", id: "get-user", tag: "Users", perm: policies.PermUsersRead,
		summary: "Get a person in your scope", errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *idPath) (*one[userBody], error) {
			return reply(userOut)(s.Identity.GetUser(ctx, in.ID))
		})
	for _, disable := range []bool{true, false} {
		verb, summary := "disable", "Disable a person: their tokens and API keys stop working at once"
		if !disable {
			verb, summary = "enable", "Enable a disabled person again"
		}
		register(api, s, endpoint{method: http.MethodPost, path: "/users/{id}/" + verb, id: verb + "-user", tag: "Users",
			perm: policies.PermUsersDisable, summary: summary, errors: []int{http.StatusNotFound, http.StatusConflict}},
			func(ctx context.Context, in *idPath) (*one[userBody], error) {
				return reply(userOut)(s.Identity.SetUserDisabled(ctx, in.ID, disable))
			})
	}
}

// activityEntryBody is one line of the activity log.
type activityEntryBody struct {
	ID        string    `json:"id"`
	Time      time.Time `json:"time"`
	ActorID   string    `json:"actor_id,omitempty"`
	OrgID     string    `json:"org_id,omitempty"`
	Action    string    `json:"action"`
	Object    string    `json:"object"`
	RequestID string    `json:"request_id,omitempty"`
	IP        string    `json:"ip,omitempty"`
}

func registerActivity(api huma.API, s *server) {
	type listIn struct {
		Paging
		ActorID string    `query:"actor_id" maxLength:"64" doc:"Only this user's actions."`
		Object  string    `query:"object" maxLength:"200" doc:"Only this object, e.g. org:0190…"`
		From    time.Time `query:"from" doc:"From this time (RFC 3339), inclusive."`
		To      time.Time `query:"to" doc:"Up to this time (RFC 3339), exclusive."`
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/activity", id: "list-activity", tag: "Activity log", perm: policies.PermActivityRead,
		summary: "Page through the activity log, newest first"},
		func(ctx context.Context, in *listIn) (*page[activityEntryBody], error) {
			return replyPage(func(e *domain.ActivityEntry) activityEntryBody { return activityEntryBody(*e) })(s.Activity.List(ctx, activity.Filter{ActorID: in.ActorID, Object: in.Object, From: in.From, To: in.To, Cursor: in.Cursor, Limit: in.Limit}))
		})
}

// one is a response whose body is one representation.
type one[B any] struct{ Body B }

// reply turns a service's result into a response: its error as is, or its
// value through the representation f. Handlers end in
// `return reply(orgOut)(s.Identity.GetOrg(ctx, id))`.
func reply[T, B any](f func(*T) B) func(*T, error) (*one[B], error) {
	return func(v *T, err error) (*one[B], error) {
		if err != nil {
			return nil, err
		}
		return &one[B]{f(v)}, nil
	}
}

// replyPage is reply for a page of a list.
func replyPage[T, B any](f func(*T) B) func([]*T, string, error) (*page[B], error) {
	return func(xs []*T, next string, err error) (*page[B], error) {
		if err != nil {
			return nil, err
		}
		return pageOf(xs, next, f), nil
	}
}
