package audit

import (
	"slices"
	"testing"
)

var (
	photo     = Evidence{BlobID: "photo", UploaderID: "lead", ShowsPerson: true}
	fireExit  = Evidence{BlobID: "exit", UploaderID: "lead"}
	siteFile  = Evidence{BlobID: "payslip-summary", UploaderID: "sm", UploaderOrgID: "org-site"}
	siteChild = Evidence{BlobID: "enrolment", UploaderID: "sm", UploaderOrgID: "org-site", ShowsPerson: true}
)

func blobs(es []Evidence) []string {
	var ids []string
	for _, e := range es {
		ids = append(ids, e.BlobID)
		if e.UploaderID != "" {
			ids = append(ids, "uploader named")
		}
	}
	return ids
}

func TestFindingViews(t *testing.T) {
	t.Parallel()
	f := finding(ChildLabour, "", false)
	f.Evidence = []Evidence{photo, fireExit, siteFile, siteChild}
	f.RecordedBy, f.CaseID = "lead", "case-1"
	f.Response = Response{Kind: Dispute, Reason: "Visitor's child.", By: "sm"}
	f.Affected.Female.Under14 = 2

	b := FindingForBrand(f)
	if got := blobs(b.Evidence); !slices.Equal(got, []string{"exit", "payslip-summary"}) {
		t.Errorf("brand gets files %v", got)
	}
	if b.RecordedBy != "" || b.Response.By != "" || b.CaseID != "" {
		t.Errorf("brand gets names: %+v", b)
	}
	if b.Affected.Female.Under14 != 2 || b.Description == "" || b.Response.Reason == "" || !b.ZeroTolerance {
		t.Errorf("brand lost the record: %+v", b)
	}
	s := FindingForSupplier(f, "org-site")
	if got := blobs(s.Evidence); !slices.Equal(got, []string{"payslip-summary"}) {
		t.Errorf("supplier gets files %v", got)
	}
	if got := blobs(FindingForSupplier(f, "").Evidence); got != nil {
		t.Errorf("no organisation gets files %v", got)
	}
	// The record itself is untouched.
	if len(f.Evidence) != 4 || f.Evidence[0].UploaderID != "lead" || f.RecordedBy != "lead" {
		t.Errorf("a view altered the record: %+v", f)
	}
}

func TestActionViews(t *testing.T) {
	t.Parallel()
	a := Action{Evidence: []Evidence{siteFile, siteChild, photo}, VerifiedBy: "lead", Owner: "Mr Aslam, HR", State: ActionVerified}
	if got := blobs(ActionForBrand(a).Evidence); !slices.Equal(got, []string{"payslip-summary"}) {
		t.Errorf("brand gets files %v", got)
	}
	if ActionForBrand(a).VerifiedBy != "" || ActionForBrand(a).Owner != "" {
		t.Error("brand gets the verifier's or the owner's name")
	}
	if got := blobs(ActionForSupplier(a, "org-site").Evidence); !slices.Equal(got, []string{"payslip-summary"}) {
		t.Errorf("supplier gets files %v", got)
	}
}

func TestAuditViews(t *testing.T) {
	t.Parallel()
	a := inState(t, StatePublished)
	a.ReturnReason = "internal"
	b := AuditForBrand(a, "brand-2")
	if b.LeadAuditorID != "" || b.TeamIDs != nil || b.ScheduledBy != "" || b.ReturnReason != "" {
		t.Errorf("brand gets names: %+v", b)
	}
	if !slices.Equal(b.BrandOrgIDs, []string{"brand-2"}) {
		t.Errorf("brand learns of other brands: %v", b.BrandOrgIDs)
	}
	if b.Rating.Grade != GradeA || b.Summary == "" || b.Type != TypeInitial || b.Mode != ModeAnnounced {
		t.Errorf("brand lost the results: %+v", b)
	}
	if got := AuditForBrand(a, "brand-9").BrandOrgIDs; got != nil {
		t.Errorf("an unlisted brand gets %v", got)
	}
	s := AuditForSupplier(inState(t, StateSubmitted))
	if s.Summary != "" || s.Score != (Score{}) || s.Rating != (Rating{}) {
		t.Errorf("supplier gets results before publication: %+v", s)
	}
	if s := AuditForSupplier(a); s.Summary == "" || s.Rating.Grade != GradeA {
		t.Errorf("supplier lost its published results: %+v", s)
	}
}

func TestScope(t *testing.T) {
	t.Parallel()
	a := inState(t, StateScheduled)
	f := finding(Wages, Major, false)
	x := Action{HubID: "hub-1", SupplierID: "sup-1"}
	for _, s := range [][]string{
		append(a.Scope().Hubs, a.Scope().Suppliers...),
		append(f.Scope().Hubs, f.Scope().Suppliers...),
		append(x.Scope().Hubs, x.Scope().Suppliers...),
	} {
		if !slices.Equal(s, []string{"hub-1", "sup-1"}) {
			t.Errorf("scope %v", s)
		}
	}
	if a.Scope().HubWide || a.Scope().Orgs != nil {
		t.Errorf("audit scope too wide: %+v", a.Scope())
	}
}
