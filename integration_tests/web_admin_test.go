package integration_tests

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store/mongo/mongotest"
)

// createdID is the last path segment of a redirect after a form created
// something: /organisations/<id>, /audits/<id>.
func createdID(t *testing.T, p page, prefix string) string {
	t.Helper()
	expectPage(t, p, http.StatusSeeOther)
	if !strings.HasPrefix(p.Location, prefix) || len(p.Location) == len(prefix) {
		t.Fatalf("redirect to %q, want %s<id>", p.Location, prefix)
	}
	return strings.TrimPrefix(p.Location, prefix)
}

// TestWebAdminOrganisationsAndPeople: the platform admin adds an
// organisation and a person through the pages; the person signs in with
// the first password; Urdu names come back intact on the organisation's
// page and the people list; disabling signs the person out on their next
// page, enabling lets them sign in again.
func TestWebAdminOrganisationsAndPeople(t *testing.T) {
	ta := startApp(t)
	p := newParties(t, ta)
	admin := newWebClient(t, ta)
	admin.signIn("admin@actionhub.demo")

	expectPage(t, admin.get("/organisations/new"), http.StatusOK)
	// a form without a hub comes back with the name typed and the hub's message
	pg := admin.post("/organisations", url.Values{"kind": {"brand"}, "name": {"سبز دھاگہ ملبوسات"}})
	expectPage(t, pg, http.StatusUnprocessableEntity)
	if !strings.Contains(pg.Body, "سبز دھاگہ ملبوسات") || !strings.Contains(pg.Body, "name at least one hub") {
		t.Fatalf("rejected organisation form: %.3000s", pg.Body)
	}
	org := createdID(t, admin.post("/organisations", url.Values{"kind": {"brand"}, "name": {"سبز دھاگہ ملبوسات"}, "hub_ids": {p.hub}}), "/organisations/")
	got := ta.do("GET", "/api/v1/organisations/"+org, p.admin, nil)
	expect(t, got, http.StatusOK)
	if str(got.Body, "kind") != "brand" || str(got.Body, "name") != "سبز دھاگہ ملبوسات" {
		t.Fatalf("organisation made by the form: %s", got.Raw)
	}

	pg = admin.get("/organisations/" + org)
	expectPage(t, pg, http.StatusOK)
	if !strings.Contains(pg.Body, `href="/people/new?org_id=`+org+`"`) {
		t.Fatalf("the organisation's page has no way to add a person: %.3000s", pg.Body)
	}
	form := url.Values{"org_id": {org}, "fixed_org": {"1"}, "name": {"عائشہ خان"}, "email": {"Ayesha.Khan@sabz.example"}, "role": {"brand_manager"},
		"password": {"short"}}
	admin.get("/people/new?org_id=" + org)
	pg = admin.post("/people", form)
	expectPage(t, pg, http.StatusUnprocessableEntity)
	if !strings.Contains(pg.Body, "عائشہ خان") || !strings.Contains(pg.Body, "at least 12 characters") || strings.Contains(pg.Body, `value="short"`) {
		t.Fatalf("rejected person form (the password must not come back): %.3000s", pg.Body)
	}
	// a brand's organisation takes brand roles only
	form.Del("csrf")
	form.Set("password", "sabz-dhaga-2026-first")
	form.Set("role", "auditor")
	if pg = admin.post("/people", form); pg.Status != http.StatusUnprocessableEntity || !strings.Contains(pg.Body, "cannot belong to a brand") {
		t.Fatalf("an auditor in a brand: %d %.2000s", pg.Status, pg.Body)
	}
	form.Del("csrf")
	form.Set("role", "brand_manager")
	if to := createdID(t, admin.post("/people", form), "/organisations/"); to != org {
		t.Fatalf("after adding a person: /organisations/%s, want %s", to, org)
	}
	for _, path := range []string{"/organisations/" + org, "/people?org_id=" + org} {
		pg = admin.get(path)
		expectPage(t, pg, http.StatusOK)
		if !strings.Contains(pg.Body, "<bdi>عائشہ خان</bdi>") || !strings.Contains(pg.Body, "ayesha.khan@sabz.example") {
			t.Fatalf("%s does not list the person as typed: %.3000s", path, pg.Body)
		}
		if strings.Contains(pg.Body, "$argon2id") {
			t.Fatalf("%s shows a password hash", path)
		}
	}
	people := items(ta.do("GET", "/api/v1/users?org_id="+org, p.admin, nil))
	if len(people) != 1 || str(people[0], "name") != "عائشہ خان" || str(people[0], "role") != "brand_manager" {
		t.Fatalf("people of the organisation: %v", people)
	}
	uid := str(people[0], "id")

	person := newWebClient(t, ta)
	person.signInWith("ayesha.khan@sabz.example", "sabz-dhaga-2026-first")
	expectPage(t, person.get("/suppliers"), http.StatusOK)

	admin.get("/organisations/" + org)
	expectPage(t, admin.post("/people/"+uid+"/disable", url.Values{"back": {"/organisations/" + org}}), http.StatusSeeOther)
	if pg := person.get("/suppliers"); pg.Status != http.StatusSeeOther || !strings.HasPrefix(pg.Location, "/login") {
		t.Fatalf("a disabled person still reads pages: %d %s", pg.Status, pg.Location)
	}
	pg = admin.get("/organisations/" + org)
	if !strings.Contains(pg.Body, "/people/"+uid+"/enable") {
		t.Fatalf("no enable button for the disabled person: %.3000s", pg.Body)
	}
	expectPage(t, admin.post("/people/"+uid+"/enable", url.Values{}), http.StatusSeeOther)
	person = newWebClient(t, ta)
	person.signInWith("ayesha.khan@sabz.example", "sabz-dhaga-2026-first")
}

// TestWebAdminScope: a hub admin cannot make a platform admin, nor read
// or act on another hub's organisations and people; a brand gets 403 on
// every admin form, read or posted.
func TestWebAdminScope(t *testing.T) {
	ta := startApp(t)
	p := newParties(t, ta)
	hub2ID := p.secondHub(t, ta)
	org2 := ta.do("POST", "/api/v1/organisations", p.admin, map[string]any{"kind": "brand", "name": "Dhaka Knitwear Buyers", "hub_ids": []string{hub2ID}})
	expect(t, org2, http.StatusCreated)
	org2ID := str(org2.Body, "id")
	u2 := ta.do("POST", "/api/v1/users", p.admin, map[string]any{"org_id": org2ID, "email": "buyer@dhaka.example", "name": "Rahim Uddin",
		"role": "brand_manager", "password": "dhaka-buyer-2026-first"})
	expect(t, u2, http.StatusCreated)
	u2ID := str(u2.Body, "id")
	myOrg := str(ta.do("GET", "/api/v1/me", p.hubAdmin, nil).Body["organisation"].(map[string]any), "id")

	staff := newWebClient(t, ta)
	staff.signIn("hub.admin@crah.demo")
	pg := staff.get("/people/new")
	expectPage(t, pg, http.StatusOK)
	if strings.Contains(pg.Body, `value="platform_admin"`) {
		t.Fatal("a hub admin is offered the platform admin role")
	}
	pg = staff.post("/people", url.Values{"org_id": {myOrg}, "name": {"Not Allowed"}, "email": {"root@crah.example"}, "role": {"platform_admin"},
		"password": {"platform-admin-2026-x"}})
	if pg.Status != http.StatusUnprocessableEntity || !strings.Contains(pg.Body, `class="field-error"`) {
		t.Fatalf("a hub admin making a platform admin: %d %.2000s", pg.Status, pg.Body)
	}
	if r := ta.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "root@crah.example", "password": "platform-admin-2026-x"}); r.Status != http.StatusUnauthorized {
		t.Fatalf("the refused platform admin exists: %d", r.Status)
	}
	// another hub's people and organisations are not there for this hub's admin
	staff.get("/people")
	expectPage(t, staff.post("/people/"+u2ID+"/disable", url.Values{}), http.StatusNotFound)
	expectPage(t, staff.get("/organisations/"+org2ID), http.StatusNotFound)
	expectPage(t, staff.get("/people/new?org_id="+org2ID), http.StatusNotFound)
	staff.get("/people/new")
	if pg := staff.post("/people", url.Values{"org_id": {org2ID}, "name": {"Intruder"}, "email": {"x@dhaka.example"}, "role": {"brand_manager"},
		"password": {"dhaka-intruder-2026"}}); pg.Status != http.StatusUnprocessableEntity || !strings.Contains(pg.Body, "not an organisation you can add people to") {
		t.Fatalf("a person added to another hub's organisation: %d %.2000s", pg.Status, pg.Body)
	}
	if got := ta.do("GET", "/api/v1/users/"+u2ID, p.admin, nil); got.Body["disabled"] != false {
		t.Fatalf("another hub's person after the refused form: %s", got.Raw)
	}
	// the hub's own org page lets its admin act
	pg = staff.get("/organisations/" + myOrg)
	expectPage(t, pg, http.StatusOK)
	if !strings.Contains(pg.Body, "/disable") || !strings.Contains(pg.Body, "hub.admin@crah.demo") {
		t.Fatalf("the hub's own organisation page: %.3000s", pg.Body)
	}

	brand := newWebClient(t, ta)
	brand.signIn("brand.manager@nordwind.demo")
	for _, path := range []string{"/organisations/new", "/people/new", "/audits/new", "/hubs", "/activity"} {
		expectPage(t, brand.get(path), http.StatusForbidden)
	}
	brand.get("/")
	for _, path := range []string{"/organisations", "/people", "/people/" + u2ID + "/disable", "/people/" + u2ID + "/enable", "/audits"} {
		expectPage(t, brand.post(path, url.Values{"name": {"x"}, "kind": {"brand"}}), http.StatusForbidden)
	}
	// and the brand's own pages offer none of those forms
	pg = brand.get("/people")
	if strings.Contains(pg.Body, "/people/new") || strings.Contains(pg.Body, "/disable") {
		t.Fatalf("a brand is offered admin forms: %.3000s", pg.Body)
	}
}

// TestWebScheduleAudit: the hub admin schedules an audit from the
// supplier's page; bad dates come back as field messages (422) with the
// form as typed; the audit made is the one the API reads; a second audit
// for the same auditor on the same days is the 409 page.
func TestWebScheduleAudit(t *testing.T) {
	ta := startApp(t)
	p := newParties(t, ta)
	n := nominate(t, ta, p.brandA, facility("Indus Weaving Mills", "Plot 12, Sector 7-A, Korangi Industrial Area", "Karachi", "weaving"), http.StatusCreated)
	sup := str(accept(t, ta, p.hubAdmin, str(n, "id")), "supplier_id")
	auditorID := str(ta.do("GET", "/api/v1/me", p.auditor, nil).Body["user"].(map[string]any), "id")
	kar, _ := time.LoadLocation("Asia/Karachi")
	day := func(d int) string { return time.Now().In(kar).AddDate(0, 0, d).Format("2006-01-02") }

	staff := newWebClient(t, ta)
	staff.signIn("hub.admin@crah.demo")
	pg := staff.get("/suppliers/" + sup)
	expectPage(t, pg, http.StatusOK)
	if !strings.Contains(pg.Body, `href="/audits/new?supplier_id=`+sup+`"`) {
		t.Fatalf("no scheduling link on the supplier's page: %.3000s", pg.Body)
	}
	pg = staff.get("/audits/new?supplier_id=" + sup)
	expectPage(t, pg, http.StatusOK)
	if !strings.Contains(pg.Body, `value="`+auditorID+`"`) || !strings.Contains(pg.Body, `name="brand_org_ids" value="`+p.orgA+`" checked`) {
		t.Fatalf("the scheduling form lacks the auditor or the linked brand: %.3000s", pg.Body)
	}

	form := func(from, to string) url.Values {
		return url.Values{"supplier_id": {sup}, "fixed_supplier": {"1"}, "type": {"initial"}, "mode": {"semi_announced"},
			"window_from": {from}, "window_to": {to}, "lead_auditor_id": {auditorID}, "brand_org_ids": {p.orgA}}
	}
	for _, c := range []struct{ name, from, to, field string }{
		{"not a day", "2026-02-30", day(3), "must be a day written 2006-01-02"},
		{"in the past", day(-2), day(1), "must be today or later"},
		{"ends before it starts", day(5), day(3), "must not be before window.from"},
	} {
		pg := staff.post("/audits", form(c.from, c.to))
		if pg.Status != http.StatusUnprocessableEntity || !strings.Contains(pg.Body, `class="field-error"`) || !strings.Contains(pg.Body, c.field) ||
			!strings.Contains(pg.Body, `value="`+c.from+`"`) {
			t.Fatalf("%s: %d %.3000s", c.name, pg.Status, pg.Body)
		}
	}
	id := createdID(t, staff.post("/audits", form(day(3), day(4))), "/audits/")
	got := ta.do("GET", "/api/v1/audits/"+id, p.hubAdmin, nil)
	expect(t, got, http.StatusOK)
	w, _ := got.Body["window"].(map[string]any)
	team, _ := got.Body["team_ids"].([]any)
	brands, _ := got.Body["brand_org_ids"].([]any)
	if str(got.Body, "state") != "scheduled" || str(got.Body, "mode") != "semi_announced" || str(w, "from") != day(3) || str(w, "to") != day(4) ||
		str(got.Body, "lead_auditor_id") != auditorID || len(team) != 1 || team[0] != auditorID || len(brands) != 1 || brands[0] != p.orgA {
		t.Fatalf("the audit the form made: %s", got.Raw)
	}

	// from the audits list: the supplier is chosen in the form; the same
	// auditor on overlapping days is a double booking
	pg = staff.get("/audits")
	if !strings.Contains(pg.Body, `href="/audits/new"`) {
		t.Fatalf("no scheduling link on the audits list: %.2000s", pg.Body)
	}
	pg = staff.get("/audits/new")
	expectPage(t, pg, http.StatusOK)
	if !strings.Contains(pg.Body, `<option value="`+sup+`"`) || !strings.Contains(pg.Body, `id="schedule-find"`) {
		t.Fatalf("the supplier is not offered: %.3000s", pg.Body)
	}
	// Found by the start of its name; another name offers it not.
	if pg = staff.get("/audits/new?q=indus"); !strings.Contains(pg.Body, `<option value="`+sup+`"`) || !strings.Contains(pg.Body, `value="indus"`) {
		t.Errorf("the supplier is not found by its name: %.3000s", pg.Body)
	}
	if pg = staff.get("/audits/new?q=zzz"); strings.Contains(pg.Body, `<option value="`+sup+`"`) {
		t.Errorf("a search for another name offers the supplier: %.3000s", pg.Body)
	}
	expectPage(t, staff.get("/audits/new?q=---"), http.StatusUnprocessableEntity)
	expectPage(t, staff.post("/audits", url.Values{"supplier_id": {sup}, "type": {"verification"}, "mode": {"announced"},
		"window_from": {day(4)}, "window_to": {day(5)}, "lead_auditor_id": {auditorID}}), http.StatusConflict)
	if n := len(items(ta.do("GET", "/api/v1/audits?supplier_id="+sup, p.hubAdmin, nil))); n != 1 {
		t.Fatalf("%d audits after the double booking, want 1", n)
	}
}

// TestWebLanguagePerUser: a language chosen on one device is the
// language of the next sign-in on another; the API sets and reads the
// same choice; before sign-in the cookie alone decides and changes no one.
func TestWebLanguagePerUser(t *testing.T) {
	languagePerUser(t, startApp(t))
}

// TestWebLanguagePerUserMongo keeps the choice on the MongoDB engine's
// user document (embedded FerretDB, or TEST_MONGODB_URI when set).
func TestWebLanguagePerUserMongo(t *testing.T) {
	if testing.Short() {
		t.Skip("MongoDB engine flows are skipped in -short")
	}
	languagePerUser(t, startApp(t, withMongo(mongotest.URI(t), mongotest.Database(t))))
}

func languagePerUser(t *testing.T, ta *testApp) {
	t.Helper()
	viewer := ta.login("brand.viewer@nordwind.demo")
	me := ta.do("GET", "/api/v1/me", viewer, nil)
	if _, ok := me.Body["user"].(map[string]any)["language"]; ok {
		t.Fatalf("a person who never chose has a language: %s", me.Raw)
	}

	phone := newWebClient(t, ta)
	phone.signIn("brand.viewer@nordwind.demo")
	pg := phone.get("/suppliers")
	if !strings.Contains(pg.Body, `<html lang="en" dir="ltr">`) {
		t.Fatalf("a person without a choice reads English: %.200s", pg.Body)
	}
	if pg := phone.post("/lang", url.Values{"lang": {"ur"}, "back": {"/suppliers"}}); pg.Status != http.StatusSeeOther || pg.Location != "/suppliers" {
		t.Fatalf("switching language: %d %s", pg.Status, pg.Location)
	}
	if got := str(ta.do("GET", "/api/v1/me", viewer, nil).Body["user"].(map[string]any), "language"); got != "ur" {
		t.Fatalf("language after the switch: %q", got)
	}

	laptop := newWebClient(t, ta)
	laptop.signIn("brand.viewer@nordwind.demo")
	if pg := laptop.get("/suppliers"); !strings.Contains(pg.Body, `<html lang="ur" dir="rtl">`) {
		t.Fatalf("a fresh sign-in lost the language: %.200s", pg.Body)
	}
	// the choice wins over a browser asking for English
	tablet := newWebClient(t, ta)
	tablet.lang = "en"
	tablet.signIn("brand.viewer@nordwind.demo")
	if pg := tablet.get("/"); !strings.Contains(pg.Body, `<html lang="ur" dir="rtl">`) {
		t.Fatalf("the browser's language beat the person's choice: %.200s", pg.Body)
	}

	// the API sets it too; an unknown language is refused and changes nothing
	expect(t, ta.do("PUT", "/api/v1/me/language", viewer, map[string]any{"language": "fr"}), http.StatusUnprocessableEntity)
	if got := str(ta.do("GET", "/api/v1/me", viewer, nil).Body["user"].(map[string]any), "language"); got != "ur" {
		t.Fatalf("language after a refused change: %q", got)
	}
	r := ta.do("PUT", "/api/v1/me/language", viewer, map[string]any{"language": "en"})
	expect(t, r, http.StatusOK)
	if str(r.Body, "language") != "en" {
		t.Fatalf("PUT /me/language answered %s", r.Raw)
	}
	if pg := laptop.get("/suppliers"); !strings.Contains(pg.Body, `<html lang="en" dir="ltr">`) {
		t.Fatalf("the signed-in page did not follow the API's change: %.200s", pg.Body)
	}

	// before sign-in the switch is the browser's alone
	guest := newWebClient(t, ta)
	guest.get("/login")
	expectPage(t, guest.post("/lang", url.Values{"lang": {"ur"}, "back": {"/login"}}), http.StatusSeeOther)
	if pg := guest.get("/login"); !strings.Contains(pg.Body, `<html lang="ur" dir="rtl">`) {
		t.Fatalf("the sign-in page ignores the cookie: %.200s", pg.Body)
	}
	if got := str(ta.do("GET", "/api/v1/me", viewer, nil).Body["user"].(map[string]any), "language"); got != "en" {
		t.Fatalf("a signed-out switch changed a person: %q", got)
	}
	expectPage(t, guest.post("/lang", url.Values{"lang": {"fr"}}), http.StatusUnprocessableEntity)
}
