package audits

import (
	"bytes"
	"context"
	"errors"
	"io"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/policies"
)

// Upload is one evidence file as it arrives.
type Upload struct {
	Declared    string    // the content type the client sent; checked against the sniffed one
	ShowsPerson bool      // the file shows or names a person: never for brands or the supplier
	Body        io.Reader // streamed into the store, never held whole
}

// AddFindingEvidence keeps a file an auditor on the team uploads while the
// audit is in progress. Errors: not found out of scope; the domain's
// (CheckRecording before a byte is stored; CheckUpload: empty, too large,
// not an allowed type, not the type declared, all on field "file").
func (s *Service) AddFindingEvidence(ctx context.Context, findingID string, up Upload) (*audit.Evidence, error) {
	_, a, err := s.finding(ctx, findingID, policies.PermEvidenceUpload)
	if err != nil {
		return nil, err
	}
	ac := domain.ActorFrom(ctx)
	if err := audit.CheckRecording(*a, ac); err != nil {
		return nil, err
	}
	return s.keep(ctx, up, "finding:"+findingID, func(e audit.Evidence) error {
		_, err := s.st.Findings.Update(ctx, findingID, func(x *audit.Finding) error { return x.AddEvidence(*a, e, ac) })
		return err
	})
}

// AddActionEvidence keeps a file the supplier's manager uploads while the
// action waits on the site. Errors as AddFindingEvidence, with the
// action's rules.
func (s *Service) AddActionEvidence(ctx context.Context, actionID string, up Upload) (*audit.Evidence, error) {
	act, err := s.action(ctx, actionID, policies.PermEvidenceUpload)
	if err != nil {
		return nil, err
	}
	ac := domain.ActorFrom(ctx)
	probe := *act
	probe.Evidence = nil
	if err := probe.AddEvidence(ac, audit.Evidence{}); err != nil { // who and when, before a byte is stored
		return nil, err
	}
	return s.keep(ctx, up, "action:"+actionID, func(e audit.Evidence) error {
		_, err := s.st.Actions.Update(ctx, actionID, func(x *audit.Action) error { return x.AddEvidence(ac, e) })
		return err
	})
}

// keep sniffs the first bytes, streams the file into the blobs within the
// size limit, and attaches it with attach; a file refused at any step
// leaves nothing stored.
func (s *Service) keep(ctx context.Context, up Upload, object string, attach func(audit.Evidence) error) (*audit.Evidence, error) {
	body := &clientBody{r: up.Body}
	first := make([]byte, audit.SniffBytes)
	n, err := io.ReadFull(body, first)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, body.refused()
	}
	first = first[:n]
	size := int64(-1)
	if n == 0 {
		size = 0
	}
	ct, err := audit.CheckUpload(first, size, up.Declared)
	if err != nil {
		return nil, err
	}
	info, err := s.st.Engine.Blobs().Put(ctx, ct, io.MultiReader(bytes.NewReader(first), body), audit.MaxEvidenceBytes)
	switch {
	case errors.Is(err, docstore.ErrTooLarge):
		_, err = audit.CheckUpload(first, audit.MaxEvidenceBytes+1, ct)
		return nil, err
	case err != nil && body.err != nil:
		return nil, body.refused()
	case err != nil:
		return nil, err
	}
	ac := domain.ActorFrom(ctx)
	e := audit.Evidence{BlobID: info.ID, ContentType: ct, Size: info.Size, SHA256: info.SHA256,
		UploaderID: ac.UserID, UploaderOrgID: ac.OrgID, ShowsPerson: up.ShowsPerson, Created: s.now().UTC()}
	if err := attach(e); err != nil {
		_ = s.st.Engine.Blobs().Delete(context.WithoutCancel(ctx), info.ID)
		return nil, err
	}
	if err := s.activity.Record(ctx, "evidence.upload", object+"/file:"+info.ID); err != nil {
		return nil, err
	}
	return &e, nil
}

// FindingFile opens a file of a finding, if the caller's view of the
// finding holds it: a brand never gets one that shows a person, the
// supplier only those it uploaded. Errors: not found for anything else.
func (s *Service) FindingFile(ctx context.Context, findingID, blobID string) (io.ReadCloser, audit.Evidence, error) {
	f, _, err := s.finding(ctx, findingID, policies.PermEvidenceRead)
	if err != nil {
		return nil, audit.Evidence{}, err
	}
	return s.open(ctx, FindingView(ctx, f).Evidence, blobID)
}

// ActionFile opens a file of a corrective action, under ActionView's rules.
func (s *Service) ActionFile(ctx context.Context, actionID, blobID string) (io.ReadCloser, audit.Evidence, error) {
	a, err := s.action(ctx, actionID, policies.PermEvidenceRead)
	if err != nil {
		return nil, audit.Evidence{}, err
	}
	return s.open(ctx, ActionView(ctx, a).Evidence, blobID)
}

func (s *Service) open(ctx context.Context, visible []audit.Evidence, blobID string) (io.ReadCloser, audit.Evidence, error) {
	for _, e := range visible {
		if e.BlobID == blobID {
			r, _, err := s.st.Engine.Blobs().Open(ctx, blobID)
			if err != nil {
				return nil, audit.Evidence{}, err
			}
			if err := s.activity.Record(ctx, "evidence.read", "file:"+blobID); err != nil {
				r.Close()
				return nil, audit.Evidence{}, err
			}
			return r, e, nil
		}
	}
	return nil, audit.Evidence{}, domain.NotVisible("file")
}

// clientBody remembers a failure reading the client's file (a form cut
// short, a second file, a dropped connection), so that it is answered as
// the caller's fault rather than the store's.
type clientBody struct {
	r   io.Reader
	err error
}

func (b *clientBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && err != io.EOF {
		b.err = err
	}
	return n, err
}

// refused is the problem for a file that could not be read: the reader's
// own validation error when it gave one, else a sentence on field "file".
func (b *clientBody) refused() error {
	var v *domain.ValidationError
	if errors.As(b.err, &v) {
		return v
	}
	return domain.Invalid("file", "could not be read to its end: send it again")
}
