package cases

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/policies"
)

// MaxPhotoBytes bounds the child's photo: a phone photo is 2 to 8 MB, and
// one that shows who the child is needs no more than a small one.
const MaxPhotoBytes = 10 << 20

// UploadPhoto keeps the child's photo (JPEG, PNG, WebP or HEIC, told by its
// first bytes, audit.CheckUpload's rules) and names it in the sealed
// identity, replacing an earlier one. It needs identity-level access
// (cases:update_identity and the identity decision), checked before a byte
// is stored, and the version the caller read.
func (s *Service) UploadPhoto(ctx context.Context, id string, version int64, declared string, body io.Reader) (*View, error) {
	d, err := store.GetVisible(ctx, s.enf, s.st.Cases.Coll, id, policies.PermCasesUpdateIdentity)
	if err != nil {
		return nil, err
	}
	if !s.enf.Can(domain.ActorFrom(ctx), policies.PermCasesReadIdentity, d.IdentityObject()) {
		return nil, domain.NotVisible("case")
	}
	if err := d.CheckVersion(version); err != nil {
		return nil, err
	}
	first := make([]byte, audit.SniffBytes)
	n, err := io.ReadFull(body, first)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, domain.Invalid("file", "could not be read to its end: send it again")
	}
	first = first[:n]
	size := int64(-1)
	if n == 0 {
		size = 0
	}
	ct, err := audit.CheckUpload(first, size, declared)
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(ct, "image/") {
		return nil, domain.Invalid("file", "must be a photo: JPEG, PNG, WebP or HEIC")
	}
	info, err := s.st.Engine.Blobs().Put(ctx, ct, io.MultiReader(bytes.NewReader(first), body), MaxPhotoBytes)
	switch {
	case errors.Is(err, docstore.ErrTooLarge):
		return nil, domain.Invalid("file", fmt.Sprintf("is larger than %d MB", MaxPhotoBytes>>20))
	case err != nil:
		return nil, err
	}
	old := ""
	v, err := s.change(ctx, id, policies.PermCasesUpdateIdentity, version, "cases.photo_upload", func(c *casework.Case, by string, at time.Time) error {
		if c.Identity != nil {
			old = c.Identity.PhotoBlobID
		}
		return c.SetPhoto(info.ID, by, at)
	})
	if err != nil {
		_ = s.st.Engine.Blobs().Delete(context.WithoutCancel(ctx), info.ID)
		return nil, err
	}
	if old != "" && old != info.ID {
		_ = s.st.Engine.Blobs().Delete(context.WithoutCancel(ctx), old) // the case no longer names it
	}
	return v, nil
}

// Photo opens the child's photo for those who may read the identity; the
// read is written to the activity log. Anyone else, and a case without a
// photo, gets not found.
func (s *Service) Photo(ctx context.Context, id string) (io.ReadCloser, docstore.BlobInfo, error) {
	d, err := store.GetVisible(ctx, s.enf, s.st.Cases.Coll, id, policies.PermCasesRead)
	if err != nil {
		return nil, docstore.BlobInfo{}, err
	}
	ac := domain.ActorFrom(ctx)
	if !ac.Staff() || !s.enf.Can(ac, policies.PermCasesReadIdentity, d.IdentityObject()) {
		return nil, docstore.BlobInfo{}, domain.NotVisible("photo")
	}
	c, err := s.vault.Open(d)
	if err != nil {
		return nil, docstore.BlobInfo{}, err
	}
	if c.Identity == nil || c.Identity.PhotoBlobID == "" {
		return nil, docstore.BlobInfo{}, domain.NotVisible("photo")
	}
	r, info, err := s.st.Engine.Blobs().Open(ctx, c.Identity.PhotoBlobID)
	if err != nil {
		return nil, docstore.BlobInfo{}, err
	}
	if err := s.activity.Record(ctx, "cases.identity_read", "case:"+id+"/photo"); err != nil {
		r.Close()
		return nil, docstore.BlobInfo{}, err
	}
	return r, info, nil
}
