package integration_tests

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
)

// TestOrganisationNameSearch: organisations are found by the start of
// their name, case and spacing ignored, in name order, within the caller's
// hub (the platform's across hubs), combined with the kind and paged; the
// organisations page and the new-person form search the same way, so an
// organisation past the form's first 100 can still be chosen.
func TestOrganisationNameSearch(t *testing.T) {
	ta := startApp(t)
	p := newParties(t, ta)

	hub2ID := p.secondHub(t, ta)
	mk := func(tok, kind, name, hubID string) string {
		t.Helper()
		r := ta.do("POST", "/api/v1/organisations", tok, map[string]any{"kind": kind, "name": name, "hub_ids": []string{hubID}})
		expect(t, r, http.StatusCreated)
		return str(r.Body, "id")
	}
	denim := mk(p.hubAdmin, "brand", "Sitara Denim", p.hub)
	leather := mk(p.hubAdmin, "brand", "sitara   leather", p.hub)
	welfare := mk(p.hubAdmin, "agency", "SITARA Welfare Trust", p.hub)
	mk(p.hubAdmin, "brand", "Sabz Textiles", p.hub)
	urdu := mk(p.hubAdmin, "brand", "ستارہ ملبوسات", p.hub)
	elsewhere := mk(p.admin, "brand", "Sitara Dhaka", hub2ID)

	ids := func(tok, query string) []string {
		t.Helper()
		r := ta.do("GET", "/api/v1/organisations?"+query, tok, nil)
		expect(t, r, http.StatusOK)
		var out []string
		for _, it := range items(r) {
			out = append(out, str(it, "id"))
		}
		return out
	}
	for _, c := range []struct {
		tok, query string
		want       []string
	}{
		{p.hubAdmin, "q=sitara", []string{denim, leather, welfare}},
		{p.hubAdmin, "q=" + url.QueryEscape("  SITARA  L "), []string{leather}},
		{p.hubAdmin, "q=sitara&kind=brand", []string{denim, leather}},
		{p.hubAdmin, "q=" + url.QueryEscape("ستارہ"), []string{urdu}},
		{p.hubAdmin, "q=zzz", nil},
		{p.admin, "q=sitara%20d", []string{denim, elsewhere}}, // the platform, across hubs
		{p.admin, "q=sitara%20d&hub_id=" + p.hub, []string{denim}},
	} {
		if got := ids(c.tok, c.query); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.query, got, c.want)
		}
	}
	if r := ta.do("GET", "/api/v1/organisations?q=sitara&hub_id="+hub2ID, p.hubAdmin, nil); r.Status != http.StatusNotFound {
		t.Errorf("another hub's organisations by name: %d, want 404", r.Status)
	}
	// Paged in name order.
	first := ta.do("GET", "/api/v1/organisations?q=sitara&limit=2", p.hubAdmin, nil)
	expect(t, first, http.StatusOK)
	cursor := str(first.Body, "next_cursor")
	if len(items(first)) != 2 || cursor == "" {
		t.Fatalf("first page of two: %s", first.Raw)
	}
	if got := ids(p.hubAdmin, "q=sitara&limit=2&cursor="+url.QueryEscape(cursor)); !slices.Equal(got, []string{welfare}) {
		t.Errorf("second page: %v", got)
	}
	expect(t, ta.do("GET", "/api/v1/organisations?q="+strings.Repeat("s", 201), p.hubAdmin, nil), http.StatusUnprocessableEntity)
	expect(t, ta.do("GET", "/api/v1/organisations?q=sitara&kind=bank", p.hubAdmin, nil), http.StatusUnprocessableEntity)
	// A brand may not list the hub's organisations at all.
	if r := ta.do("GET", "/api/v1/organisations?q=sitara", p.brandA, nil); r.Status != http.StatusForbidden && r.Status != http.StatusNotFound {
		t.Errorf("a brand lists organisations by name: %d", r.Status)
	}

	// The pages.
	admin := newWebClient(t, ta)
	admin.signIn("hub.admin@crah.demo")
	pg := admin.get("/organisations?q=sitara&kind=brand")
	expectPage(t, pg, http.StatusOK)
	if !strings.Contains(pg.Body, "Sitara Denim") || !strings.Contains(pg.Body, "sitara   leather") || strings.Contains(pg.Body, "Welfare") ||
		strings.Contains(pg.Body, "Sabz") || !strings.Contains(pg.Body, `id="org-q"`) || !strings.Contains(pg.Body, `value="sitara"`) {
		t.Errorf("organisations page by name and kind: %.4000s", pg.Body)
	}
	expectPage(t, admin.get("/organisations?kind=bank"), http.StatusUnprocessableEntity)
	pg = admin.get("/people/new?q=sitara")
	expectPage(t, pg, http.StatusOK)
	if !strings.Contains(pg.Body, `value="`+denim+`"`) || !strings.Contains(pg.Body, `value="`+welfare+`"`) || strings.Contains(pg.Body, "Sabz") ||
		strings.Contains(pg.Body, "Sitara Dhaka") || !strings.Contains(pg.Body, `name="org_q" value="sitara"`) {
		t.Errorf("new-person form narrowed by name: %.4000s", pg.Body)
	}
	// Without a name, the form offers the hub's organisations by name.
	pg = admin.get("/people/new")
	if i, j := strings.Index(pg.Body, "Sabz Textiles"), strings.Index(pg.Body, "Sitara Denim"); i < 0 || j < 0 || i > j {
		t.Errorf("new-person form's organisations not in name order: %.4000s", pg.Body)
	}
	if pg = admin.get("/people/new?q=zzz"); !strings.Contains(pg.Body, `id="person-org-none"`) {
		t.Errorf("new-person form, no organisation by that name: %.3000s", pg.Body)
	}
	// A rejected form keeps the narrowed list and the choice.
	pg = admin.post("/people", url.Values{"org_id": {leather}, "org_q": {"sitara"}, "name": {"Bilal"}, "email": {"bilal@sitara.example"},
		"role": {"brand_manager"}, "password": {"short"}})
	expectPage(t, pg, http.StatusUnprocessableEntity)
	if !strings.Contains(pg.Body, `value="`+leather+`" selected`) || strings.Contains(pg.Body, "Sabz") {
		t.Errorf("rejected person form lost the narrowed list or the choice: %.4000s", pg.Body)
	}
}

// TestOrganisationLinksNamedOnUpgrade: links to hubs stored before they
// carried their organisation's name (here: names taken off) are named at
// the next start, so a search by name finds those organisations; a second
// pass names nothing.
func TestOrganisationLinksNamedOnUpgrade(t *testing.T) {
	ta := startApp(t)
	p := newParties(t, ta)
	ctx := context.Background()
	st := ta.app.Store
	links, _, err := st.OrgHubs.OfHub(ctx, p.hub, "", store.Page{Limit: 500})
	if err != nil || len(links) < 3 {
		t.Fatalf("the demo hub's links: %d %v", len(links), err)
	}
	for _, l := range links {
		if _, err := st.OrgHubs.Update(ctx, l.ID, func(x *domain.OrgHub) error {
			x.Name = ""
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	if r := ta.do("GET", "/api/v1/organisations?q=nordwind", p.hubAdmin, nil); len(items(r)) != 0 {
		t.Fatalf("found by name before the links are named: %s", r.Raw)
	}
	if n, err := ta.app.Identity.NameOrgLinks(ctx); err != nil || n != len(links) {
		t.Fatalf("named %d links (%v), want %d", n, err, len(links))
	}
	if r := ta.do("GET", "/api/v1/organisations?q=nordwind", p.hubAdmin, nil); len(items(r)) != 1 || str(items(r)[0], "id") != p.orgA {
		t.Errorf("found by name after the links are named: %s", r.Raw)
	}
	if n, err := ta.app.Identity.NameOrgLinks(ctx); err != nil || n != 0 {
		t.Errorf("a second pass named %d (%v), want 0", n, err)
	}
}
