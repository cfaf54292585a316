package httpapi

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/actionhub/actionhub/app/registry"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/actionhub/actionhub/policies"
	"github.com/danielgtaylor/huma/v2"
)

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
		HubID      string `query:"hub_id" maxLength:"64" doc:"The hub; may be omitted by people who work in one hub."`
		BrandOrgID string `query:"brand_org_id" maxLength:"64" doc:"Operator staff: only this brand's nominations."`
		SupplierID string `query:"supplier_id" maxLength:"64"`
		Status     string `query:"status" enum:"pending,match_review,accepted,declined,withdrawn," doc:"match_review is the operator's queue of doubtful matches."`
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

// A list upload has its own body limit (a list's, plus room for a multipart
// envelope) and time for a 10,000-row commit.
const (
	maxListUpload = supplier.MaxListBytes + 64<<10
	uploadTimeout = 2 * time.Minute
)

func registerUploads(api huma.API, s *server) {
	type uploadIn struct {
		HubID       string `query:"hub_id" maxLength:"64" doc:"The hub; may be omitted by brands in one hub."`
		DryRun      bool   `query:"dry_run" doc:"Only report, row by row, what would happen; nothing is written."`
		ContentType string `header:"Content-Type"`
		RawBody     []byte `contentType:"text/csv"`
	}
	type uploadOutBody struct {
		Status int
		Body   uploadBody
	}
	e := endpoint{method: http.MethodPost, path: "/nomination-uploads", id: "upload-nominations", tag: "Nominations",
		perm: policies.PermNominationsCreate, summary: "Upload a supplier list (CSV) to nominate every row; dry_run=true only reports",
		status: http.StatusCreated, errors: []int{http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType},
		description: "Send the CSV as the body (text/csv) or as the field file of a multipart form. UTF-8 (Urdu names welcome), a header row, " +
			"one facility per row, at most " + strconv.Itoa(supplier.MaxListRows) + " lines besides the header (broken lines count too) and " +
			strconv.Itoa(supplier.MaxListColumns) + " columns. Columns: " + strings.Join(supplier.ListColumns, ", ") +
			" (name, city and sector or sub_sector are required; registration numbers as NTN:1234567-8; SECP:0012345, or in NTN, SECP, EOBI, SESSI, PESSI columns). " +
			"Every row is reported with its line: new, duplicate (you nominated it before), linked (already your supplier) or problem (what is wrong; " +
			"nothing is written from it; rows with problems past the first " + strconv.Itoa(supplier.MaxReportedProblemRows) +
			" are counted by column in more_problems). Uploading the same list again creates no duplicates. A dry run answers 200 and writes nothing; a commit 201.",
		maxBody: maxListUpload, timeout: uploadTimeout}
	register(api, s, e, func(ctx context.Context, in *uploadIn) (*uploadOutBody, error) {
		data, err := listFile(in.ContentType, in.RawBody)
		if err != nil {
			return nil, err
		}
		up, err := s.Registry.Upload(ctx, registry.UploadInput{HubID: in.HubID, Data: data, DryRun: in.DryRun})
		if err != nil {
			return nil, err
		}
		out := &uploadOutBody{Status: http.StatusCreated, Body: uploadOut(up)}
		if in.DryRun {
			out.Status = http.StatusOK
		}
		return out, nil
	})
	// Documented after registration: declared before, Huma would try to
	// decode the body itself.
	api.OpenAPI().Paths["/api/v1"+e.path].Post.RequestBody.Content["multipart/form-data"] = &huma.MediaType{Schema: &huma.Schema{
		Type:       "object",
		Properties: map[string]*huma.Schema{"file": {Type: "string", Format: "binary", Description: "The CSV file."}},
		Required:   []string{"file"},
	}}

	register(api, s, endpoint{method: http.MethodGet, path: "/nomination-uploads/{id}", id: "get-nomination-upload", tag: "Nominations",
		perm: policies.PermNominationsRead, summary: "The report of a committed supplier list", errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *idPath) (*one[uploadBody], error) {
			return reply(uploadOut)(s.Registry.UploadReport(ctx, in.ID))
		})
}

// listFile takes the CSV out of the request body: the body itself, or the
// field "file" of a multipart form.
func listFile(contentType string, body []byte) ([]byte, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = ""
	}
	switch mt {
	case "text/csv", "application/csv", "text/plain", "application/vnd.ms-excel":
		return body, nil
	case "multipart/form-data":
		r := multipart.NewReader(bytes.NewReader(body), params["boundary"])
		for {
			part, err := r.NextPart()
			if err == io.EOF {
				return nil, domain.Invalid("file", "is required: the CSV file")
			}
			if err != nil {
				return nil, huma.NewError(http.StatusBadRequest, "The multipart form cannot be read.")
			}
			if part.FormName() == "file" {
				data, err := io.ReadAll(part)
				if err != nil {
					return nil, huma.NewError(http.StatusBadRequest, "The multipart form cannot be read.")
				}
				return data, nil
			}
		}
	}
	return nil, huma.NewError(http.StatusUnsupportedMediaType, "Send the list as text/csv, or as the field file of a multipart/form-data form.")
}
