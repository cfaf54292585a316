package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/actionhub/actionhub/policies"
	"github.com/danielgtaylor/huma/v2"
)

type (
	prevalenceRowBody struct {
		Percent float64 `json:"percent" minimum:"0" maximum:"100" doc:"Share of children in child labour."`
		Source  string  `json:"source" minLength:"1" maxLength:"500" doc:"The survey the figure comes from."`
	}
	prevalenceBody struct {
		HubID   string                       `json:"hub_id"`
		Table   map[string]prevalenceRowBody `json:"table" doc:"By city or district."`
		Version int64                        `json:"version" doc:"0 while the hub shows the placeholders."`
		Updated *time.Time                   `json:"updated,omitempty"`
	}
)

func prevalenceOut(p *supplier.HubPrevalence) prevalenceBody {
	b := prevalenceBody{HubID: p.HubID, Table: map[string]prevalenceRowBody{}, Version: p.Version}
	for city, r := range p.Table {
		b.Table[city] = prevalenceRowBody(r)
	}
	b.Updated = when(p.Updated)
	return b
}

func registerPrevalence(api huma.API, s *server) {
	type prevOut struct{ Body prevalenceBody }
	register(api, s, endpoint{method: http.MethodGet, path: "/hubs/{id}/prevalence", id: "get-prevalence", tag: "Suppliers",
		perm: policies.PermPrevalenceRead, summary: "The hub's district child-labour prevalence table, which risk profiles read",
		errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *idPath) (*prevOut, error) {
			p, err := s.Registry.Prevalence(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			return &prevOut{prevalenceOut(p)}, nil
		})
	type prevIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The object's ID."`
		Body struct {
			Table   map[string]prevalenceRowBody `json:"table" doc:"By city or district, e.g. {\"Karachi\": {\"percent\": 8.5, \"source\": \"Sindh Child Labour Survey 2022\"}}."`
			Version int64                        `json:"version,omitempty" doc:"The version you edited (0 for the placeholders); if it changed since, 409."`
		}
	}
	register(api, s, endpoint{method: http.MethodPut, path: "/hubs/{id}/prevalence", id: "set-prevalence", tag: "Suppliers",
		perm: policies.PermPrevalenceUpdate, summary: "Replace the hub's prevalence table; every supplier's risk profile follows",
		errors: []int{http.StatusNotFound, http.StatusConflict}},
		func(ctx context.Context, in *prevIn) (*prevOut, error) {
			t := supplier.PrevalenceTable{}
			for city, r := range in.Body.Table {
				t[city] = supplier.Prevalence(r)
			}
			p, err := s.Registry.SetPrevalence(ctx, in.ID, t, in.Body.Version)
			if err != nil {
				return nil, err
			}
			return &prevOut{prevalenceOut(p)}, nil
		})
}
