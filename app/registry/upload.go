package registry

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/actionhub/actionhub/policies"
)

// UploadInput is a brand's supplier list.
type UploadInput struct {
	HubID  string // may be omitted by brands in one hub
	Data   []byte // CSV, UTF-8; see supplier.ParseList
	DryRun bool
}

// Upload reads a brand's supplier list and reports every row: new (a
// nomination is written), duplicate (the brand already nominated that
// facility, whatever became of it), linked (already one of its suppliers)
// or problem (with the line, column and what is wrong; nothing is written
// from it; past supplier.MaxReportedProblemRows such rows only counted). A dry run
// writes nothing. A commit writes the new rows as nominations, matched
// against the registry as single nominations are, and keeps the report.
// Uploading the same list again writes nothing new: every row is then a
// duplicate. Errors: a validation error for a file that cannot be read as
// a list at all, domain.ErrForbidden for callers who are not a brand.
func (s *Service) Upload(ctx context.Context, in UploadInput) (*supplier.Upload, error) {
	a := domain.ActorFrom(ctx)
	if a.OrgKind != domain.KindBrand {
		return nil, domain.Forbiddenf("Only brands upload supplier lists.")
	}
	hubID, err := s.enf.HubFor(a, policies.PermNominationsCreate, in.HubID, domain.HubWide)
	if err != nil {
		return nil, err
	}
	list, err := supplier.ParseList(bytes.NewReader(in.Data))
	if err != nil {
		return nil, err
	}
	rows := list.Rows
	sum := sha256.Sum256(in.Data)
	up := &supplier.Upload{HubID: hubID, BrandOrgID: a.OrgID, CreatedBy: a.UserID, Created: s.now().UTC(),
		SHA256: hex.EncodeToString(sum[:]), Columns: list.Columns, More: list.More}
	byLine := map[int][]supplier.RowProblem{}
	for _, p := range list.Problems {
		byLine[p.Line] = append(byLine[p.Line], p)
	}
	facilities := make([]*supplier.Facility, len(rows))
	for i := range rows {
		facilities[i] = &rows[i].Facility
	}
	if err := s.withProvince(ctx, hubID, facilities...); err != nil {
		return nil, err
	}
	keys := make([]string, len(rows))
	for i, r := range rows {
		keys[i] = supplier.DedupKey(a.OrgID, r.Facility)
	}
	earlier, err := s.nominated(ctx, keys)
	if err != nil {
		return nil, err
	}
	x := s.index(hubID)
	matches := make([]supplier.Match, len(rows))
	up.Rows = make([]supplier.UploadRow, 0, len(rows)+len(byLine))
	for i, r := range rows {
		row := supplier.UploadRow{Line: r.Line, Name: r.Facility.Name, Outcome: supplier.OutcomeNew}
		if id, ok := earlier[keys[i]]; ok {
			row.Outcome, row.NominationID = supplier.OutcomeDuplicate, id
		} else if m := x.Match(r.Facility); m.State == supplier.MatchAutomatic && s.linked(a, m.CandidateID) {
			row.Outcome, row.SupplierID = supplier.OutcomeLinked, m.CandidateID
		} else {
			matches[i] = m
		}
		up.Rows = append(up.Rows, row)
	}
	for line, ps := range byLine {
		up.Rows = append(up.Rows, supplier.UploadRow{Line: line, Outcome: supplier.OutcomeProblem, Problems: ps})
	}
	slices.SortFunc(up.Rows, func(a, b supplier.UploadRow) int { return a.Line - b.Line })
	if in.DryRun {
		return up, nil
	}
	return up, s.commit(ctx, up, rows, keys, matches)
}

// nominated maps each key a nomination holds (withdrawn ones hold none) to its ID.
func (s *Service) nominated(ctx context.Context, keys []string) (map[string]string, error) {
	out := map[string]string{}
	for start := 0; start < len(keys); start += scanBatch {
		ns, err := s.openNominations(ctx, keys[start:min(start+scanBatch, len(keys))])
		if err != nil {
			return nil, err
		}
		for _, n := range ns {
			out[n.DedupKey] = n.ID
		}
	}
	return out, nil
}

// commit writes the new rows as nominations, then the report. Each
// nomination is its own insert, refused by the store if it repeats one
// (a list uploaded twice at once), so a failure half way is finished by
// uploading the list again.
func (s *Service) commit(ctx context.Context, up *supplier.Upload, rows []supplier.ListRow, keys []string, matches []supplier.Match) error {
	up.ID = newID()
	byLine := make(map[int]int, len(rows))
	for i, r := range rows {
		byLine[r.Line] = i
	}
	for j := range up.Rows {
		row := &up.Rows[j]
		if row.Outcome != supplier.OutcomeNew {
			continue
		}
		i := byLine[row.Line]
		r := rows[i]
		n := &supplier.Nomination{ID: newID(), HubID: up.HubID, BrandOrgID: up.BrandOrgID, Proposed: r.Facility,
			Reason: r.Reason, Relationship: r.Relationship, Status: supplier.NominationPending, Created: up.Created,
			SourceUpload: &supplier.SourceUpload{UploadID: up.ID, Line: r.Line}, DedupKey: keys[i]}
		if err := n.ApplyMatch(matches[i]); err != nil {
			return err
		}
		err := s.st.Nominations.Insert(ctx, n)
		if errors.Is(err, domain.ErrConflict) {
			prev, ferr := s.nominated(ctx, keys[i:i+1])
			if ferr != nil {
				return ferr
			}
			row.Outcome, row.NominationID = supplier.OutcomeDuplicate, prev[keys[i]]
			continue
		}
		if err != nil {
			return err
		}
		row.NominationID = n.ID
	}
	if err := s.st.Uploads.Insert(ctx, up); err != nil {
		return err
	}
	return s.activity.Record(ctx, "nominations.upload", "upload:"+up.ID)
}

// UploadReport returns a committed list's report: to the brand that
// uploaded it, or to operator staff of its hub.
func (s *Service) UploadReport(ctx context.Context, id string) (*supplier.Upload, error) {
	return store.GetVisible(ctx, s.enf, s.st.Uploads.Coll, id, policies.PermNominationsRead)
}
