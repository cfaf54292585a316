package httpapi

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/actionhub/actionhub/app/identity"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/policies"
	"github.com/danielgtaylor/huma/v2"
)

// sessionCookie carries the login token to the job monitor pages only.
const sessionCookie = "actionhub_session"

type apiKeyBody struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Created   time.Time  `json:"created"`
	Revoked   bool       `json:"revoked"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
	ExpiresAt *time.Time `json:"expires_at,omitempty" doc:"After this time the key is refused; absent: until revoked."`
}

func apiKeyOut(k *domain.APIKey) apiKeyBody {
	b := apiKeyBody{ID: k.ID, Name: k.Name, Created: k.Created, Revoked: k.Revoked}
	if k.Revoked {
		t := k.RevokedAt
		b.RevokedAt = &t
	}
	b.ExpiresAt = when(k.Expires)
	return b
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

	type languageIn struct {
		Body struct {
			Language enumOf[domain.Language] `json:"language" doc:"en (English) or ur (Urdu, right to left)."`
		}
	}
	register(api, s, endpoint{method: http.MethodPut, path: "/me/language", id: "set-my-language", tag: "Auth", perm: policies.PermMeUpdate,
		summary: "Choose your language for the pages",
		description: "Kept on your user: the pages use it after every sign-in, on any device. Without a choice they are in English, " +
			"or in the language chosen on the sign-in page."},
		func(ctx context.Context, in *languageIn) (*one[userBody], error) {
			return reply(userOut)(s.Identity.SetLanguage(ctx, domain.Language(in.Body.Language)))
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
