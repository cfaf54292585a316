package directory_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/actionhub/actionhub/app/directory"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	dir "github.com/actionhub/actionhub/domain/directory"
)

func names(xs []*dir.Service) []string {
	var out []string
	for _, x := range xs {
		out = append(out, x.Name)
	}
	return out
}

// TestTextSearch: the HSDS search matches the starts of words in any
// order, case folded, in a service's name, alternate name, description and
// organisation's name, Urdu too; it combines with the other conditions,
// pages, and follows edits (renaming the organisation included).
func TestTextSearch(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testTextSearch(t, newEnv(t)) })
	t.Run("mongodb", func(t *testing.T) { testTextSearch(t, newMongoEnv(t)) })
}

func testTextSearch(t *testing.T, e *env) {
	o, err := e.svc.CreateOrganization(e.admin, &dir.Organization{Name: "Saylani Learning Trust", Description: "Schools in Karachi."})
	if err != nil {
		t.Fatal(err)
	}
	mk := func(name, alt, desc string, typ dir.ServiceType) *dir.Service {
		t.Helper()
		x, err := e.svc.CreateService(e.admin, &dir.Service{OrganizationID: o.ID, Name: name, AlternateName: alt, Description: desc,
			Status: dir.Active, Type: typ})
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	mk("Evening Qalam Classes", "شام کی تعلیم", "Reading and writing for working children.", dir.NonFormalEducation)
	mk("Bridge School", "", "Catch-up classes before a government school; Qalam's literacy first.", dir.Education)
	voc := mk("Tailoring Workshop", "سلائی", "Vocational training for older children.", dir.VocationalTraining)
	search := func(q directory.Query) []string {
		t.Helper()
		q.HubID, q.Page = "h1", max(q.Page, 1)
		if q.PerPage == 0 {
			q.PerPage = 20
		}
		p, _, err := e.svc.Services(e.admin, q)
		if err != nil {
			t.Fatalf("search %+v: %v", q, err)
		}
		if q.Page == 1 && p.Total < len(p.Items) {
			t.Errorf("search %q: total %d, %d items", q.Search, p.Total, len(p.Items))
		}
		return names(p.Items)
	}
	for _, c := range []struct {
		q    directory.Query
		want []string
	}{
		{directory.Query{Search: "QALAM"}, []string{"Bridge School", "Evening Qalam Classes"}},
		{directory.Query{Search: "classes qalam"}, []string{"Bridge School", "Evening Qalam Classes"}},
		{directory.Query{Search: "working qal"}, []string{"Evening Qalam Classes"}},
		{directory.Query{Search: "saylani tailor"}, []string{"Tailoring Workshop"}},
		{directory.Query{Search: "شام تعلیم"}, []string{"Evening Qalam Classes"}},
		{directory.Query{Search: "شام تعليم"}, []string{"Evening Qalam Classes"}}, // typed with the Arabic yeh
		{directory.Query{Search: "qalam", TaxonomyTermID: dir.TermID("h1", dir.Education)}, []string{"Bridge School"}},
		{directory.Query{Search: "qalam", OrganizationID: "nope"}, nil},
		{directory.Query{Search: "qalam nowhere"}, nil},
		{directory.Query{Search: "saylani", PerPage: 2, Page: 2}, []string{"Tailoring Workshop"}},
	} {
		if got := search(c.q); !slices.Equal(got, c.want) {
			t.Errorf("search %q (%+v) = %q, want %q", c.q.Search, c.q, got, c.want)
		}
	}
	p, _, err := e.svc.Services(e.admin, directory.Query{HubID: "h1", Search: "saylani", Page: 2, PerPage: 2})
	if err != nil || p.Total != 3 {
		t.Errorf("total of a paged search: %v %v, want 3", p, err)
	}
	if _, _, err := e.svc.Services(e.admin, directory.Query{HubID: "h1", Search: "a b c d e f g h i j kk ll mm nn oo pp qq rr ss", Page: 1, PerPage: 20}); !errors.As(err, new(*domain.ValidationError)) {
		t.Errorf("nine words: %v, want invalid", err)
	}

	// Edits move the words.
	voc.Name, voc.AlternateName = "Stitching Workshop", ""
	if _, err := e.svc.UpdateService(e.admin, voc.ID, 0, voc); err != nil {
		t.Fatal(err)
	}
	if got := search(directory.Query{Search: "tailoring"}); got != nil {
		t.Errorf("the old name still finds: %q", got)
	}
	if got := search(directory.Query{Search: "stitch"}); !slices.Equal(got, []string{"Stitching Workshop"}) {
		t.Errorf("the new name: %q", got)
	}
	o.Name = "Alamgir Welfare Trust"
	if _, err := e.svc.UpdateOrganization(e.admin, o.ID, 0, o); err != nil {
		t.Fatal(err)
	}
	if got := search(directory.Query{Search: "saylani"}); got != nil {
		t.Errorf("the organisation's old name still finds: %q", got)
	}
	if got := search(directory.Query{Search: "alamgir stitch"}); !slices.Equal(got, []string{"Stitching Workshop"}) {
		t.Errorf("the organisation's new name: %q", got)
	}
	op, err := e.svc.Organizations(e.admin, directory.Query{HubID: "h1", Search: "karachi alamgir", Page: 1, PerPage: 20})
	if err != nil || len(op.Items) != 1 || op.Items[0].ID != o.ID || op.Total != 1 {
		t.Errorf("organisation search: %+v %v", op, err)
	}
}

// TestSearchAfterAnotherProcessEdits: a process keeps the search words in
// memory; an edit made by another process over the same store is found at
// its next search, and what the edit took away is no longer found.
func TestSearchAfterAnotherProcessEdits(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testSearchAfterAnotherProcessEdits(t, newEnv(t)) })
	t.Run("mongodb", func(t *testing.T) { testSearchAfterAnotherProcessEdits(t, newMongoEnv(t)) })
}

func testSearchAfterAnotherProcessEdits(t *testing.T, e *env) {
	api, other := e.svc, e.another()
	found := func(search string) []string {
		t.Helper()
		p, _, err := api.Services(e.admin, directory.Query{HubID: "h1", Search: search, Page: 1, PerPage: 20})
		if err != nil {
			t.Fatalf("search %q: %v", search, err)
		}
		return names(p.Items)
	}
	if got := found("zarozi"); got != nil {
		t.Fatalf("before: %q", got)
	}
	o, err := other.CreateOrganization(e.admin, &dir.Organization{Name: "Roshan Zarozi Trust", Description: "Skills for older children in Multan."})
	if err != nil {
		t.Fatal(err)
	}
	x, err := other.CreateService(e.admin, &dir.Service{OrganizationID: o.ID, Name: "Zarozi Stitching School", Status: dir.Active,
		Type: dir.VocationalTraining})
	if err != nil {
		t.Fatal(err)
	}
	if got := found("zarozi stitch"); !slices.Equal(got, []string{"Zarozi Stitching School"}) {
		t.Errorf("after the other's create: %q", got)
	}
	x.Name = "Zarozi Embroidery School"
	if _, err := other.UpdateService(e.admin, x.ID, 0, x); err != nil {
		t.Fatal(err)
	}
	if got := found("stitch"); got != nil {
		t.Errorf("the old name still finds: %q", got)
	}
	if got := found("embroid zarozi"); !slices.Equal(got, []string{"Zarozi Embroidery School"}) {
		t.Errorf("after the other's update: %q", got)
	}
	op, err := api.Organizations(e.admin, directory.Query{HubID: "h1", Search: "roshan", Page: 1, PerPage: 20})
	if err != nil || op.Total != 1 || len(op.Items) != 1 || op.Items[0].ID != o.ID {
		t.Errorf("organisation made by the other: %+v %v", op, err)
	}
}

// TestRepairIndex: a service whose search rows were lost between its write
// and theirs (a process that died) is found again once the repair runs;
// a second run finds nothing to do.
func TestRepairIndex(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testRepairIndex(t, newEnv(t)) })
	t.Run("mongodb", func(t *testing.T) { testRepairIndex(t, newMongoEnv(t)) })
}

func testRepairIndex(t *testing.T, e *env) {
	if n, err := e.svc.RepairIndex(e.admin); err != nil || n != 0 {
		t.Fatalf("repair of a whole index: %d %v, want 0", n, err)
	}
	in := directory.SearchInput{HubID: "h1", District: "Multan", Age: 10, Limit: 50}
	before, _, err := e.svc.Search(e.admin, in)
	if err != nil || len(before) == 0 {
		t.Fatalf("search before: %d %v", len(before), err)
	}
	lost := before[0]
	ps, _ := e.st.DirectoryPlaces.OfService(e.admin, lost.ID)
	ws, _ := e.st.DirectoryWords.OfOwner(e.admin, lost.ID)
	for _, p := range ps {
		if err := e.st.DirectoryPlaces.Delete(e.admin, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	for _, w := range ws[:len(ws)/2] {
		if err := e.st.DirectoryWords.Delete(e.admin, w.ID); err != nil {
			t.Fatal(err)
		}
	}
	// A stale row of an earlier name, too.
	if err := e.st.DirectoryWords.Insert(e.admin, &store.DirectoryWord{ID: store.DirectoryWordID(lost.ID, "zzformer"), HubID: "h1",
		Record: store.WordOfService, Word: "zzformer", OwnerID: lost.ID, NameKey: "zz"}); err != nil {
		t.Fatal(err)
	}
	mid, _, _ := e.svc.Search(e.admin, in)
	if len(mid) != len(before)-1 {
		t.Fatalf("after losing the rows: %d found, want %d", len(mid), len(before)-1)
	}
	if p, _, err := e.svc.Services(e.admin, directory.Query{HubID: "h1", Search: "zzformer", Page: 1, PerPage: 20}); err != nil || len(p.Items) != 0 {
		t.Errorf("a stale word finds the service: %v %v", p, err)
	}
	n, err := e.svc.RepairIndex(e.admin)
	if err != nil || n != 1 {
		t.Fatalf("repair: %d %v, want 1", n, err)
	}
	after, _, _ := e.svc.Search(e.admin, in)
	if !slices.Equal(names(after), names(before)) {
		t.Errorf("after the repair: %q, want %q", names(after), names(before))
	}
	ws2, _ := e.st.DirectoryWords.OfOwner(e.admin, lost.ID)
	if len(ws2) != len(ws) {
		t.Errorf("words after the repair: %d, want %d", len(ws2), len(ws))
	}
	if n, err := e.svc.RepairIndex(e.admin); err != nil || n != 0 {
		t.Errorf("a second repair: %d %v, want 0", n, err)
	}
}

// TestSearchOfShortWords: a search made only of words the index leaves
// out (one letter, punctuation) is refused on the search parameter, for
// services and organisations alike, instead of listing the whole
// directory; a blank search is no search.
func TestSearchOfShortWords(t *testing.T) {
	e := newEnv(t)
	if _, err := e.svc.CreateOrganization(e.admin, &dir.Organization{Name: "Saylani Learning Trust", Description: "Schools in Karachi."}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"a", " - ", "a b c", "?", "ق"} {
		q := directory.Query{HubID: "h1", Search: s, Page: 1, PerPage: 20}
		_, _, err := e.svc.Services(e.admin, q)
		var v *domain.ValidationError
		if !errors.As(err, &v) || len(v.Fields) != 1 || v.Fields[0].Field != "search" || !strings.Contains(v.Fields[0].Message, "two letters") {
			t.Errorf("services, search %q: %v, want invalid search", s, err)
		}
		_, err = e.svc.Organizations(e.admin, q)
		if !errors.As(err, &v) || v.Fields[0].Field != "search" {
			t.Errorf("organisations, search %q: %v, want invalid search", s, err)
		}
	}
	for _, c := range []struct {
		search string
		one    bool
	}{{"", false}, {"  ", false}, {"a saylani", true}} {
		p, err := e.svc.Organizations(e.admin, directory.Query{HubID: "h1", Search: c.search, Page: 1, PerPage: 20})
		if err != nil || (p.Total == 1) != c.one {
			t.Errorf("organisations, search %q: %v, want the one: %v", c.search, err, c.one)
		}
	}
}
