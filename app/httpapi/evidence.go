package httpapi

import (
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"

	"github.com/actionhub/actionhub/app/audits"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/policies"
	"github.com/danielgtaylor/huma/v2"
)

// An evidence upload's body limit: the file's, plus room for a multipart
// envelope. A larger declared body is refused (413) before a byte is read;
// an undeclared one is cut at the file limit while it streams into the store.
const maxEvidenceUpload = audit.MaxEvidenceBytes + 64<<10

// evidenceIn is an upload: the file is the raw body (its type in
// Content-Type) or the field file of a multipart form. The body is kept as
// a stream (Resolve), never read whole.
type evidenceIn struct {
	ID          string `path:"id" minLength:"1" maxLength:"64" doc:"The object's ID."`
	ShowsPerson bool   `query:"shows_person" doc:"The file shows or names a person (a photo of a worker, an identity card, a register with names): it never reaches a brand or the supplier."`
	ContentType string `header:"Content-Type"`
	body        io.Reader
}

// Resolve keeps the request body's stream for the handler.
func (in *evidenceIn) Resolve(ctx huma.Context) []error {
	in.body = ctx.BodyReader()
	return nil
}

// upload finds the file in the request: the body itself, or the part named
// file of a multipart form (streamed, not parsed ahead).
func (in *evidenceIn) upload() (audits.Upload, error) {
	up := audits.Upload{Declared: in.ContentType, ShowsPerson: in.ShowsPerson, Body: in.body}
	if in.body == nil {
		return up, domain.Invalid("file", "is empty")
	}
	mt, params, err := mime.ParseMediaType(in.ContentType)
	if err != nil || mt != "multipart/form-data" {
		return up, nil
	}
	r := multipart.NewReader(in.body, params["boundary"])
	for {
		part, err := r.NextPart()
		if err == io.EOF {
			return up, domain.Invalid("file", "is required: the field file of the form")
		}
		if err != nil {
			return up, huma.NewError(http.StatusBadRequest, "The multipart form cannot be read.")
		}
		if part.FormName() == "file" {
			up.Declared, up.Body = part.Header.Get("Content-Type"), &onlyFile{part: part, form: r}
			return up, nil
		}
	}
}

// onlyFile reads the form's file part and, at its end, the rest of the
// form: a second file is refused rather than dropped unseen, so a client
// never believes both were kept.
type onlyFile struct {
	part *multipart.Part
	form *multipart.Reader
}

func (o *onlyFile) Read(p []byte) (int, error) {
	n, err := o.part.Read(p)
	if err != io.EOF {
		return n, err
	}
	for {
		next, err := o.form.NextPart()
		switch {
		case err == io.EOF:
			return n, io.EOF
		case err != nil:
			return n, err
		case next.FormName() == "file":
			return n, domain.Invalid("file", "must be the only file of the form: upload one file at a time")
		}
	}
}

type evidenceOutBody struct {
	Body evidenceBody
}

// fileIn names one file of a finding or an action.
type fileIn struct {
	ID     string `path:"id" minLength:"1" maxLength:"64" doc:"The finding's or action's ID."`
	FileID string `path:"file_id" minLength:"1" maxLength:"64" doc:"The file's ID."`
}

// download streams a stored file as an attachment with the type sniffed
// when it was uploaded, never one a browser would guess.
func download(r io.ReadCloser, e audit.Evidence) *huma.StreamResponse {
	return &huma.StreamResponse{Body: func(ctx huma.Context) {
		defer r.Close()
		ctx.SetHeader("Content-Type", e.ContentType)
		ctx.SetHeader("Content-Length", strconv.FormatInt(e.Size, 10))
		ctx.SetHeader("Content-Disposition", `attachment; filename="`+e.BlobID+`"`)
		ctx.SetHeader("X-Content-Type-Options", "nosniff")
		ctx.SetStatus(http.StatusOK)
		_, _ = io.Copy(ctx.BodyWriter(), r)
	}}
}

func registerEvidence(api huma.API, s *server) {
	const uploadDoc = "Send the file as the body with its Content-Type, or as the field file of a multipart form. " +
		"PDF, JPEG, PNG, WebP or HEIC, recognised by their first bytes (not the name); at most 25 MB; an empty file, " +
		"another type, or a type other than the one declared is refused (422) and nothing is stored."
	for _, o := range []struct {
		path, id, summary string
		add               func(context.Context, string, audits.Upload) (*audit.Evidence, error)
	}{
		{"/findings/{id}/evidence", "upload-finding-evidence", "Attach an evidence file to a finding (its audit's team, while in progress)", s.Audits.AddFindingEvidence},
		{"/actions/{id}/evidence", "upload-action-evidence", "Attach an evidence file to a corrective action (the supplier's manager, while it waits on the site)", s.Audits.AddActionEvidence},
	} {
		e := endpoint{method: http.MethodPost, path: o.path, id: o.id, tag: "Evidence", perm: policies.PermEvidenceUpload, summary: o.summary,
			status: http.StatusCreated, description: uploadDoc, maxBody: maxEvidenceUpload, timeout: uploadTimeout,
			errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusRequestEntityTooLarge}}
		register(api, s, e, func(ctx context.Context, in *evidenceIn) (*evidenceOutBody, error) {
			up, err := in.upload()
			if err != nil {
				return nil, err
			}
			ev, err := o.add(ctx, in.ID, up)
			if err != nil {
				return nil, err
			}
			return &evidenceOutBody{Body: evidenceOut([]audit.Evidence{*ev})[0]}, nil
		})
		binary := &huma.MediaType{Schema: &huma.Schema{Type: "string", Format: "binary"}}
		api.OpenAPI().Paths["/api/v1"+o.path].Post.RequestBody = &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{
			"application/pdf": binary, "image/jpeg": binary, "image/png": binary, "image/webp": binary, "image/heic": binary,
			"multipart/form-data": {Schema: &huma.Schema{Type: "object", Required: []string{"file"},
				Properties: map[string]*huma.Schema{"file": {Type: "string", Format: "binary", Description: "The evidence file."}}}},
		}}
	}
	for _, o := range []struct {
		path, id, summary string
		open              func(context.Context, string, string) (io.ReadCloser, audit.Evidence, error)
	}{
		{"/findings/{id}/evidence/{file_id}", "download-finding-evidence", "Download an evidence file of a finding you may see", s.Audits.FindingFile},
		{"/actions/{id}/evidence/{file_id}", "download-action-evidence", "Download an evidence file of a corrective action you may see", s.Audits.ActionFile},
	} {
		register(api, s, endpoint{method: http.MethodGet, path: o.path, id: o.id, tag: "Evidence", perm: policies.PermEvidenceRead, summary: o.summary,
			errors:      []int{http.StatusNotFound},
			description: "A brand never receives a file that shows a person; the supplier only files it uploaded. Sent as an attachment with the sniffed type."},
			func(ctx context.Context, in *fileIn) (*huma.StreamResponse, error) {
				r, e, err := o.open(ctx, in.ID, in.FileID)
				if err != nil {
					return nil, err
				}
				return download(r, e), nil
			})
	}
}
