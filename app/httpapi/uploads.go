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

// Representations of list uploads and their reports.
type (
	rowProblemBody struct {
		Line    int    `json:"line"`
		Column  string `json:"column,omitempty"`
		Message string `json:"message"`
	}
	uploadRowBody struct {
		Line         int                         `json:"line" doc:"As a spreadsheet counts: the header is line 1."`
		Name         string                      `json:"name,omitempty"`
		Outcome      enumOf[supplier.RowOutcome] `json:"outcome"`
		NominationID string                      `json:"nomination_id,omitempty"`
		SupplierID   string                      `json:"supplier_id,omitempty"`
		Problems     []rowProblemBody            `json:"problems,omitempty"`
	}
	uploadBody struct {
		ID         string    `json:"id,omitempty" doc:"Absent for a dry run, which stores nothing."`
		DryRun     bool      `json:"dry_run"`
		HubID      string    `json:"hub_id"`
		BrandOrgID string    `json:"brand_org_id"`
		SHA256     string    `json:"sha256"`
		Created    time.Time `json:"created"`
		Counts     struct {
			New       int `json:"new"`
			Duplicate int `json:"duplicate"`
			Linked    int `json:"linked"`
			Problem   int `json:"problem"`
		} `json:"counts"`
		Columns      []rowProblemBody  `json:"columns" doc:"Notes on the header row, e.g. ignored columns."`
		Rows         []uploadRowBody   `json:"rows" doc:"Every row, except rows with problems past the first 1,000: those are counted in more_problems."`
		MoreProblems *moreProblemsBody `json:"more_problems,omitempty" doc:"The rows with problems past the first 1,000, counted by column."`
	}
	moreProblemsBody struct {
		Rows     int                `json:"rows" doc:"Rows with problems left out of rows (counts.problem includes them)."`
		ByColumn []problemCountBody `json:"by_column"`
	}
	problemCountBody struct {
		Column  string `json:"column,omitempty" doc:"Absent for lines that cannot be read as CSV."`
		Rows    int    `json:"rows"`
		Example string `json:"example" doc:"The first such problem's message."`
	}
)

func problemsOut(ps []supplier.RowProblem) []rowProblemBody {
	out := make([]rowProblemBody, len(ps))
	for i, p := range ps {
		out[i] = rowProblemBody{Line: p.Line, Column: p.Field, Message: p.Message}
	}
	return out
}

func uploadOut(u *supplier.Upload) uploadBody {
	b := uploadBody{ID: u.ID, DryRun: u.ID == "", HubID: u.HubID, BrandOrgID: u.BrandOrgID, SHA256: u.SHA256,
		Created: u.Created, Columns: problemsOut(u.Columns), Rows: make([]uploadRowBody, len(u.Rows))}
	for i, r := range u.Rows {
		b.Rows[i] = uploadRowBody{Line: r.Line, Name: r.Name, Outcome: enum(r.Outcome), NominationID: r.NominationID,
			SupplierID: r.SupplierID, Problems: problemsOut(r.Problems)}
	}
	if u.More.Rows > 0 {
		b.MoreProblems = &moreProblemsBody{Rows: u.More.Rows, ByColumn: make([]problemCountBody, len(u.More.ByColumn))}
		for i, c := range u.More.ByColumn {
			b.MoreProblems.ByColumn[i] = problemCountBody{Column: c.Field, Rows: c.Rows, Example: c.Example}
		}
	}
	b.Counts.New, b.Counts.Duplicate = u.Count(supplier.OutcomeNew), u.Count(supplier.OutcomeDuplicate)
	b.Counts.Linked, b.Counts.Problem = u.Count(supplier.OutcomeLinked), u.Count(supplier.OutcomeProblem)
	return b
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
