package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/actionhub/actionhub/app/identity"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/policies"
	"github.com/danielgtaylor/huma/v2"
)

type userBody struct {
	ID       string                  `json:"id"`
	Email    string                  `json:"email"`
	Name     string                  `json:"name"`
	Role     enumOf[domain.Role]     `json:"role"`
	OrgID    string                  `json:"org_id"`
	HubIDs   []string                `json:"hub_ids"`
	Disabled bool                    `json:"disabled"`
	Language enumOf[domain.Language] `json:"language,omitempty" doc:"The language the person chose for the pages; absent until they choose (English)."`
	Version  int64                   `json:"version"`
	Created  time.Time               `json:"created"`
}

func userOut(u *domain.User) userBody {
	return userBody{ID: u.ID, Email: u.Email, Name: u.Name, Role: enum(u.Role), OrgID: u.OrgID, HubIDs: nonNil(u.HubIDs),
		Disabled: u.Disabled, Language: enum(u.Language), Version: u.Version, Created: u.Created}
}

func registerUsers(api huma.API, s *server) {
	type userIn struct {
		Body struct {
			OrgID    string              `json:"org_id" minLength:"1" maxLength:"64"`
			Email    string              `json:"email" minLength:"3" maxLength:"254" example:"auditor@operator.demo"`
			Name     string              `json:"name" minLength:"1" maxLength:"200"`
			Role     enumOf[domain.Role] `json:"role"`
			Password string              `json:"password" minLength:"12" maxLength:"256" doc:"At least 12 characters; a passphrase is best."`
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
		OrgID string                   `query:"org_id" maxLength:"64" doc:"The organisation; your own when neither org_id nor hub_id is given."`
		HubID string                   `query:"hub_id" maxLength:"64" doc:"Every person of this hub (operator staff of the hub and platform admins)."`
		Role  enumOrEmpty[domain.Role] `query:"role" doc:"Only people with this role."`
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
