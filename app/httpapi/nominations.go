package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/actionhub/actionhub/app/registry"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/actionhub/actionhub/policies"
	"github.com/danielgtaylor/huma/v2"
)

// Representations of nominations.
type (
	relationshipBody struct {
		Products   string                           `json:"products" maxLength:"500" required:"false" example:"bed linen, towels"`
		VolumeBand enumOrEmpty[supplier.VolumeBand] `json:"volume_band" required:"false" doc:"US dollars a year."`
		Since      string                           `json:"since" maxLength:"7" required:"false" example:"2019-04" doc:"Year and month."`
	}
	matchBody struct {
		CandidateID string                      `json:"candidate_id,omitempty"`
		Score       float64                     `json:"score"`
		State       enumOf[supplier.MatchState] `json:"state"`
	}
	sourceUploadBody struct {
		UploadID string `json:"upload_id"`
		Line     int    `json:"line"`
	}
	nominationBody struct {
		ID            string                            `json:"id"`
		HubID         string                            `json:"hub_id"`
		BrandOrgID    string                            `json:"brand_org_id"`
		SupplierID    string                            `json:"supplier_id,omitempty" doc:"The supplier it links to, once known to the caller."`
		Facility      FacilityFields                    `json:"facility"`
		Reason        string                            `json:"reason"`
		Relationship  relationshipBody                  `json:"relationship"`
		Status        enumOf[supplier.NominationStatus] `json:"status"`
		DeclineReason string                            `json:"decline_reason,omitempty"`
		Match         *matchBody                        `json:"match,omitempty" doc:"Operator staff only: the registry's best candidate."`
		SourceUpload  *sourceUploadBody                 `json:"source_upload,omitempty"`
		Created       time.Time                         `json:"created"`
		Decided       *time.Time                        `json:"decided,omitempty"`
		DecidedBy     string                            `json:"decided_by,omitempty"`
		Version       int64                             `json:"version"`
	}
)

func nominationOut(n *supplier.Nomination) nominationBody {
	b := nominationBody{ID: n.ID, HubID: n.HubID, BrandOrgID: n.BrandOrgID, SupplierID: n.SupplierID,
		Facility: facilityOut(n.Proposed), Reason: n.Reason, Status: enum(n.Status), DeclineReason: n.DeclineReason,
		Relationship: relationshipBody{Products: n.Relationship.Products, VolumeBand: enumOrEmpty[supplier.VolumeBand](n.Relationship.VolumeBand), Since: n.Relationship.Since},
		Created:      n.Created, DecidedBy: n.DecidedBy, Version: n.Version}
	if n.Match.State != "" {
		b.Match = &matchBody{CandidateID: n.Match.CandidateID, Score: n.Match.Score, State: enum(n.Match.State)}
	}
	if n.SourceUpload != nil {
		b.SourceUpload = &sourceUploadBody{UploadID: n.SourceUpload.UploadID, Line: n.SourceUpload.Line}
	}
	b.Decided = when(n.Decided)
	return b
}

// registerNominations adds the nomination operations, one by one and by list upload.
func registerNominations(api huma.API, s *server) {
	type nominateIn struct {
		Body struct {
			HubID        string           `json:"hub_id" maxLength:"64" required:"false" doc:"The hub; may be omitted by brands in one hub."`
			SupplierID   string           `json:"supplier_id" maxLength:"64" required:"false" doc:"A supplier you can see, instead of facility data."`
			Facility     *FacilityFields  `json:"facility,omitempty" doc:"The facility's data; required without supplier_id."`
			Reason       string           `json:"reason" maxLength:"2000" required:"false"`
			Relationship relationshipBody `json:"relationship" required:"false"`
		}
	}
	type nominateOut struct {
		Status int
		Body   nominationBody
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/nominations", id: "create-nomination", tag: "Nominations",
		perm: policies.PermNominationsCreate, summary: "Nominate a supplier (brands)", status: http.StatusCreated,
		errors: []int{http.StatusConflict},
		description: "The facility is matched against the registry; the hub's operator accepts or declines. Nominating the same facility " +
			"again (same normalised name, address and city) returns the open nomination with 200 instead of making a second one."},
		func(ctx context.Context, in *nominateIn) (*nominateOut, error) {
			b := in.Body
			ni := registry.NominationInput{HubID: b.HubID, SupplierID: b.SupplierID, Reason: b.Reason,
				Relationship: supplier.Relationship{Products: b.Relationship.Products,
					VolumeBand: supplier.VolumeBand(b.Relationship.VolumeBand), Since: b.Relationship.Since}}
			if b.Facility != nil {
				ni.Facility = facilityIn(*b.Facility)
			} else if b.SupplierID == "" {
				return nil, domain.Invalid("facility", "is required unless supplier_id names a supplier")
			}
			n, created, err := s.Registry.Nominate(ctx, ni)
			if err != nil {
				return nil, err
			}
			out := &nominateOut{Status: http.StatusOK, Body: nominationOut(n)}
			if created {
				out.Status = http.StatusCreated
			}
			return out, nil
		})
	type listIn struct {
		Paging
		HubID      string                                 `query:"hub_id" maxLength:"64" doc:"The hub; may be omitted by people who work in one hub."`
		BrandOrgID string                                 `query:"brand_org_id" maxLength:"64" doc:"Operator staff: only this brand's nominations."`
		SupplierID string                                 `query:"supplier_id" maxLength:"64"`
		Status     enumOrEmpty[supplier.NominationStatus] `query:"status" doc:"match_review is the operator's queue of doubtful matches."`
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/nominations", id: "list-nominations", tag: "Nominations",
		perm: policies.PermNominationsList, summary: "List nominations, newest first: the hub's for operator staff, your own for a brand",
		errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *listIn) (*page[nominationBody], error) {
			return replyPage(nominationOut)(s.Registry.ListNominations(ctx, registry.NominationFilter{HubID: in.HubID, BrandOrgID: in.BrandOrgID,
				SupplierID: in.SupplierID, Status: supplier.NominationStatus(in.Status), Cursor: in.Cursor, Limit: in.Limit}))
		})
	register(api, s, endpoint{method: http.MethodGet, path: "/nominations/{id}", id: "get-nomination", tag: "Nominations",
		perm: policies.PermNominationsRead, summary: "Get a nomination in your scope", errors: []int{http.StatusNotFound},
		description: "A brand sees its nomination's progress but not the registry's matching: a match in review shows as pending."},
		func(ctx context.Context, in *idPath) (*one[nominationBody], error) {
			return reply(nominationOut)(s.Registry.Nomination(ctx, in.ID))
		})

	type acceptIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The object's ID."`
		Body *struct {
			SupplierID string `json:"supplier_id" maxLength:"64" required:"false" doc:"Link to this supplier instead of the matched or a new one."`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/nominations/{id}/accept", id: "accept-nomination", tag: "Nominations",
		perm: policies.PermNominationsDecide, summary: "Accept a nomination: the supplier joins the hub and the brand is linked (operator staff)",
		errors: []int{http.StatusNotFound, http.StatusConflict},
		description: "Links to the matched supplier, to one registered since that matches with confidence, or to a new supplier made from " +
			"the nominated data. A match awaiting review answers 409 until it is resolved. The brand's managers are told."},
		func(ctx context.Context, in *acceptIn) (*one[nominationBody], error) {
			var supplierID string
			if in.Body != nil {
				supplierID = in.Body.SupplierID
			}
			return reply(nominationOut)(s.Registry.Accept(ctx, in.ID, supplierID))
		})
	type declineIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The object's ID."`
		Body struct {
			Reason string `json:"reason" minLength:"1" maxLength:"2000" doc:"Told to the brand."`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/nominations/{id}/decline", id: "decline-nomination", tag: "Nominations",
		perm: policies.PermNominationsDecide, summary: "Decline a nomination with a reason (operator staff); the brand's managers are told",
		errors: []int{http.StatusNotFound, http.StatusConflict}},
		func(ctx context.Context, in *declineIn) (*one[nominationBody], error) {
			return reply(nominationOut)(s.Registry.Decline(ctx, in.ID, in.Body.Reason))
		})
	register(api, s, endpoint{method: http.MethodPost, path: "/nominations/{id}/withdraw", id: "withdraw-nomination", tag: "Nominations",
		perm: policies.PermNominationsWithdraw, summary: "Withdraw your brand's open nomination",
		errors: []int{http.StatusNotFound, http.StatusConflict}},
		func(ctx context.Context, in *idPath) (*one[nominationBody], error) {
			return reply(nominationOut)(s.Registry.Withdraw(ctx, in.ID))
		})
	type matchIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The object's ID."`
		Body struct {
			Same bool `json:"same" doc:"true: the same facility as the candidate (link to it); false: another facility (a new supplier)."`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/nominations/{id}/match", id: "resolve-nomination-match", tag: "Nominations",
		perm: policies.PermNominationsDecide, summary: "Confirm or reject a doubtful match (operator staff)",
		errors: []int{http.StatusNotFound, http.StatusConflict}},
		func(ctx context.Context, in *matchIn) (*one[nominationBody], error) {
			return reply(nominationOut)(s.Registry.ResolveMatch(ctx, in.ID, in.Body.Same))
		})
}
