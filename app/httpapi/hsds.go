package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/actionhub/actionhub/app/directory"
	dir "github.com/actionhub/actionhub/domain/directory"
	"github.com/danielgtaylor/huma/v2"
)

// The HSDS 3.0 API of each hub's directory, after Open Referral's HSDS API
// specification: /api/v1/hsds/{hub_id}/ is one hub's base URL. Open to
// anyone when the hub's directory settings say so; otherwise a login token
// or API key of someone working in the hub is needed (the token is checked
// whenever one is sent).

// hsdsPage is HSDS's page object.
type hsdsPage[T any] struct {
	Body struct {
		TotalItems int  `json:"total_items"`
		TotalPages int  `json:"total_pages"`
		PageNumber int  `json:"page_number"`
		Size       int  `json:"size" doc:"Records on this page."`
		FirstPage  bool `json:"first_page"`
		LastPage   bool `json:"last_page"`
		Empty      bool `json:"empty"`
		Contents   []T  `json:"contents"`
	}
}

func hsdsPageOf[T, B any](p *directory.Page[T], f func(*T) B) *hsdsPage[B] {
	out := &hsdsPage[B]{}
	b := &out.Body
	b.TotalItems, b.PageNumber, b.Contents = p.Total, p.Number, mapAll(p.Items, f)
	b.TotalPages = (p.Total + p.PerPage - 1) / p.PerPage
	b.Size, b.Empty = len(b.Contents), len(b.Contents) == 0
	b.FirstPage, b.LastPage = p.Number == 1, p.Number >= b.TotalPages
	return out
}

// HSDSHub is the hub of an HSDS request; exported so that Huma sees its
// field when it is embedded.
type HSDSHub struct {
	HubID string `path:"hub_id" minLength:"1" maxLength:"64" doc:"The hub whose directory this is."`
}

type hsdsListIn struct {
	HSDSHub
	Search         string `query:"search" maxLength:"200" doc:"Words, in any order, each the start of a word of the record (case ignored; Urdu too): a service's name, alternate name, description or organisation's name; an organisation's name, alternate name or description. At most 8 words."`
	Page           int    `query:"page" minimum:"1" maximum:"10000" default:"1"`
	PerPage        int    `query:"per_page" minimum:"1" maximum:"100" default:"20"`
	ModifiedAfter  string `query:"modified_after" maxLength:"40" doc:"Only records changed after this time (RFC 3339)."`
	OrganizationID string `query:"organization_id" maxLength:"64" doc:"Services: only this organisation's."`
	TaxonomyTermID string `query:"taxonomy_term_id" maxLength:"64" doc:"Services: only those tagged with this term (a service type)."`
}

func (in *hsdsListIn) query() (directory.Query, error) {
	q := directory.Query{HubID: in.HubID, Search: in.Search, OrganizationID: in.OrganizationID, TaxonomyTermID: in.TaxonomyTermID,
		Page: in.Page, PerPage: in.PerPage}
	if in.ModifiedAfter != "" {
		t, err := time.Parse(time.RFC3339Nano, in.ModifiedAfter)
		if err != nil {
			return q, huma.Error422UnprocessableEntity("modified_after must be a time, e.g. 2026-01-31T00:00:00Z",
				&huma.ErrorDetail{Location: "query.modified_after", Message: "must be an RFC 3339 time"})
		}
		q.ModifiedAfter = t
	}
	return q, nil
}

func hsdsServiceOut(orgs map[string]*dir.Organization) func(*dir.Service) dir.HSDSService {
	return func(x *dir.Service) dir.HSDSService { return dir.ServiceHSDS(x, orgs[x.OrganizationID]) }
}

func hsdsOrgOut(o *dir.Organization) dir.HSDSOrganization { return dir.OrganizationHSDS(o) }

func registerHSDS(api huma.API, s *server) {
	const tag = "HSDS API"
	hsds := func(path, id, summary, description string) endpoint {
		return endpoint{method: http.MethodGet, path: "/hsds/{hub_id}" + path, id: id, tag: tag, public: true, optionalAuth: true,
			summary: summary, description: description + " Public when the hub opens it; else send a login token or API key.",
			errors: []int{http.StatusUnauthorized, http.StatusNotFound}}
	}
	type indexBody struct {
		Version    string `json:"version" example:"3.0"`
		Profile    string `json:"profile"`
		OpenAPIURL string `json:"openapi_url"`
	}
	register(api, s, hsds("", "hsds-index", "About this HSDS API", "The HSDS version and where the API is described."),
		func(ctx context.Context, in *HSDSHub) (*one[indexBody], error) {
			if err := s.Directory.CheckReader(ctx, in.HubID); err != nil {
				return nil, err
			}
			return &one[indexBody]{indexBody{Version: "3.0", Profile: "https://openreferral.org/specification/3.0",
				OpenAPIURL: s.PublicURL + "/openapi.json"}}, nil
		})

	register(api, s, hsds("/services", "hsds-list-services", "List services (HSDS)",
		"Services in HSDS's full shape, by name; search, organization_id, taxonomy_term_id and modified_after combine with AND."),
		func(ctx context.Context, in *hsdsListIn) (*hsdsPage[dir.HSDSService], error) {
			q, err := in.query()
			if err != nil {
				return nil, err
			}
			p, orgs, err := s.Directory.Services(ctx, q)
			if err != nil {
				return nil, err
			}
			return hsdsPageOf(p, hsdsServiceOut(orgs)), nil
		})

	type byID struct {
		HSDSHub
		ID string `path:"id" minLength:"1" maxLength:"64"`
	}
	register(api, s, hsds("/services/{id}", "hsds-get-service", "Read a service (HSDS)", "One service in HSDS's full shape."),
		func(ctx context.Context, in *byID) (*one[dir.HSDSService], error) {
			x, o, err := s.Directory.GetService(ctx, in.HubID, in.ID)
			if err != nil {
				return nil, err
			}
			return &one[dir.HSDSService]{dir.ServiceHSDS(x, o)}, nil
		})

	register(api, s, hsds("/organizations", "hsds-list-organizations", "List organizations (HSDS)",
		"Organisations by name; search and modified_after combine with AND."),
		func(ctx context.Context, in *hsdsListIn) (*hsdsPage[dir.HSDSOrganization], error) {
			q, err := in.query()
			if err != nil {
				return nil, err
			}
			q.OrganizationID, q.TaxonomyTermID = "", ""
			p, err := s.Directory.Organizations(ctx, q)
			if err != nil {
				return nil, err
			}
			return hsdsPageOf(p, hsdsOrgOut), nil
		})
	register(api, s, hsds("/organizations/{id}", "hsds-get-organization", "Read an organization (HSDS)", "One organisation."),
		func(ctx context.Context, in *byID) (*one[dir.HSDSOrganization], error) {
			return reply(hsdsOrgOut)(s.Directory.GetOrganization(ctx, in.HubID, in.ID))
		})

	type termsIn struct {
		HSDSHub
		Page    int `query:"page" minimum:"1" maximum:"10000" default:"1"`
		PerPage int `query:"per_page" minimum:"1" maximum:"100" default:"20"`
	}
	register(api, s, hsds("/taxonomy_terms", "hsds-list-taxonomy-terms", "List taxonomy terms (HSDS)", "The hub's service types as taxonomy terms."),
		func(ctx context.Context, in *termsIn) (*hsdsPage[dir.HSDSTaxonomyTerm], error) {
			ts, err := s.Directory.Terms(ctx, in.HubID)
			if err != nil {
				return nil, err
			}
			p := &directory.Page[dir.HSDSTaxonomyTerm]{Total: len(ts), PerPage: in.PerPage, Number: in.Page, Items: []*dir.HSDSTaxonomyTerm{}}
			for i := (in.Page - 1) * in.PerPage; i < len(ts) && i < in.Page*in.PerPage; i++ {
				p.Items = append(p.Items, &ts[i])
			}
			return hsdsPageOf(p, func(t *dir.HSDSTaxonomyTerm) dir.HSDSTaxonomyTerm { return *t }), nil
		})
	register(api, s, hsds("/taxonomies", "hsds-list-taxonomies", "List taxonomies (HSDS)", "The hub's one taxonomy: its service types."),
		func(ctx context.Context, in *termsIn) (*hsdsPage[dir.HSDSTaxonomy], error) {
			xs, err := s.Directory.Taxonomies(ctx, in.HubID)
			if err != nil {
				return nil, err
			}
			p := &directory.Page[dir.HSDSTaxonomy]{Total: len(xs), PerPage: in.PerPage, Number: in.Page, Items: []*dir.HSDSTaxonomy{}}
			for i := (in.Page - 1) * in.PerPage; i < len(xs) && i < in.Page*in.PerPage; i++ {
				p.Items = append(p.Items, &xs[i])
			}
			return hsdsPageOf(p, func(t *dir.HSDSTaxonomy) dir.HSDSTaxonomy { return *t }), nil
		})
	register(api, s, hsds("/taxonomy_terms/{id}", "hsds-get-taxonomy-term", "Read a taxonomy term (HSDS)", "One service type as a taxonomy term."),
		func(ctx context.Context, in *byID) (*one[dir.HSDSTaxonomyTerm], error) {
			return reply(func(t *dir.HSDSTaxonomyTerm) dir.HSDSTaxonomyTerm { return *t })(s.Directory.Term(ctx, in.HubID, in.ID))
		})
}
