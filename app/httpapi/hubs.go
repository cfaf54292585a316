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
)

func hubOut(h *domain.Hub) hubBody {
	cs := make([]cityBody, len(h.Cities))
	for i, c := range h.Cities {
		cs[i] = cityBody(c)
	}
	return hubBody{ID: h.ID, Code: h.Code, Name: h.Name, Country: h.Country, TimeZone: h.TimeZone, Cities: cs, Created: h.Created}
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
