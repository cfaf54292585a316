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

type orgBody struct {
	ID       string                 `json:"id"`
	Kind     enumOf[domain.OrgKind] `json:"kind"`
	Name     string                 `json:"name"`
	HubIDs   []string               `json:"hub_ids"`
	Disabled bool                   `json:"disabled"`
	Version  int64                  `json:"version"`
	Created  time.Time              `json:"created"`
}

func orgOut(o *domain.Organisation) orgBody {
	return orgBody{ID: o.ID, Kind: enum(o.Kind), Name: o.Name, HubIDs: nonNil(o.HubIDs), Disabled: o.Disabled, Version: o.Version, Created: o.Created}
}

func registerOrgs(api huma.API, s *server) {
	type orgIn struct {
		Body struct {
			Kind   enumOf[domain.OrgKind] `json:"kind"`
			Name   string                 `json:"name" minLength:"1" maxLength:"200" example:"Nordwind Apparel GmbH"`
			HubIDs []string               `json:"hub_ids" maxItems:"20" doc:"The hubs it works in."`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/organisations", id: "create-organisation", tag: "Organisations",
		perm: policies.PermOrganisationsCreate, summary: "Add an organisation to hubs", status: http.StatusCreated},
		func(ctx context.Context, in *orgIn) (*one[orgBody], error) {
			return reply(orgOut)(s.Identity.CreateOrg(ctx, identity.NewOrg{Kind: domain.OrgKind(in.Body.Kind), Name: in.Body.Name, HubIDs: in.Body.HubIDs}))
		})
	type listIn struct {
		Paging
		HubID string                      `query:"hub_id" maxLength:"64" doc:"The hub; may be omitted by people who work in one hub."`
		Kind  enumOrEmpty[domain.OrgKind] `query:"kind" doc:"Only organisations of this kind."`
		Q     string                      `query:"q" maxLength:"200" doc:"Names starting with this, case and spacing ignored (\"nord\" finds Nordwind Apparel GmbH); then listed in name order."`
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/organisations", id: "list-organisations", tag: "Organisations",
		perm: policies.PermOrganisationsList, summary: "List the organisations of a hub", errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *listIn) (*page[orgBody], error) {
			return replyPage(orgOut)(s.Identity.ListOrgs(ctx, identity.OrgFilter{HubID: in.HubID, Kind: domain.OrgKind(in.Kind), Name: in.Q, Cursor: in.Cursor, Limit: in.Limit}))
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
