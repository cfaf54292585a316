package httpapi

import (
	"context"
	"io"
	"net/http"
	"strconv"

	"github.com/actionhub/actionhub/policies"
	"github.com/danielgtaylor/huma/v2"
)

// photoIn is the child's photo as the raw body (its type in Content-Type)
// or the field file of a multipart form, kept as a stream.
type photoIn struct {
	ID          string `path:"id" minLength:"1" maxLength:"64" doc:"The case's ID."`
	Version     int64  `query:"version" minimum:"1" required:"true" doc:"The case's version you read: a stale one is a 409."`
	ContentType string `header:"Content-Type"`
	body        io.Reader
}

// Resolve keeps the request body's stream for the handler.
func (in *photoIn) Resolve(ctx huma.Context) []error {
	in.body = ctx.BodyReader()
	return nil
}

func registerCasePhoto(api huma.API, s *server) {
	path := "/cases/{id}/photo"
	register(api, s, endpoint{method: http.MethodPost, path: path, id: "upload-case-photo", tag: "Cases", perm: policies.PermCasesUpdateIdentity,
		summary: "Upload the child's photo (those who may read the identity)", maxBody: maxPhotoUpload, timeout: uploadTimeout,
		errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusRequestEntityTooLarge},
		description: "Send the photo as the body with its Content-Type, or as the field file of a multipart form: JPEG, PNG, WebP or HEIC, " +
			"recognised by its first bytes; at most 10 MB. It replaces an earlier photo and is part of the identity."},
		func(ctx context.Context, in *photoIn) (*one[caseBody], error) {
			up, err := (&evidenceIn{ContentType: in.ContentType, body: in.body}).upload()
			if err != nil {
				return nil, err
			}
			return caseReply(s.Cases.UploadPhoto(ctx, in.ID, in.Version, up.Declared, up.Body))
		})
	binary := &huma.MediaType{Schema: &huma.Schema{Type: "string", Format: "binary"}}
	api.OpenAPI().Paths["/api/v1"+path].Post.RequestBody = &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{
		"image/jpeg": binary, "image/png": binary, "image/webp": binary, "image/heic": binary,
		"multipart/form-data": {Schema: &huma.Schema{Type: "object", Required: []string{"file"},
			Properties: map[string]*huma.Schema{"file": {Type: "string", Format: "binary", Description: "The photo."}}}},
	}}
	register(api, s, endpoint{method: http.MethodGet, path: path, id: "download-case-photo", tag: "Cases", perm: policies.PermCasesRead,
		summary: "Download the child's photo (those who may read the identity; the read is logged)", errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *idPath) (*huma.StreamResponse, error) {
			r, info, err := s.Cases.Photo(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			return &huma.StreamResponse{Body: func(hc huma.Context) {
				defer r.Close()
				hc.SetHeader("Content-Type", info.ContentType)
				hc.SetHeader("Content-Length", strconv.FormatInt(info.Size, 10))
				hc.SetHeader("Content-Disposition", `attachment; filename="photo"`)
				hc.SetHeader("X-Content-Type-Options", "nosniff")
				hc.SetHeader("Cache-Control", "no-store")
				hc.SetStatus(http.StatusOK)
				_, _ = io.Copy(hc.BodyWriter(), r)
			}}, nil
		})
}
