package integration_tests

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// pageLeak is the first identity value of the tannery case found in a page.
func pageLeak(p page) string {
	for _, v := range identityValues() {
		if strings.Contains(p.Body, v) {
			return v
		}
	}
	return ""
}

// expectNoLeak fails the test when who's page carries an identity value
// of the tannery case.
func expectNoLeak(t *testing.T, who string, p page) {
	t.Helper()
	if v := pageLeak(p); v != "" {
		t.Errorf("%s's page names the child (%q)", who, v)
	}
}

// signInWith signs someone in through the form with their own password.
func (w *webClient) signInWith(email, password string) {
	w.t.Helper()
	w.get("/login")
	if p := w.post("/login", url.Values{"email": {email}, "password": {password}, "next": {"/"}}); p.Status != http.StatusSeeOther {
		w.t.Fatalf("sign in %s: %d", email, p.Status)
	}
	w.get("/")
}

// TestWebCasePages: a tannery case through the pages, each role in its
// own view: case workers and the opening auditor read the identity; the
// hub admin approves without it; the facility reports on its obligations
// and a linked brand reads anonymised progress, neither ever receiving an
// identity value; another auditor's and another brand's pages are the 404
// page; forms need the CSRF token and a current version.
func TestWebCasePages(t *testing.T) {
	ta := startApp(t)
	w := buildCaseWorld(t, ta)
	p := w.p
	c := w.openTanneryCase(t)
	id, code := str(c, "id"), str(c, "code")
	cur := func() map[string]any {
		r := ta.do("GET", "/api/v1/cases/"+id, p.caseWorker, nil)
		expect(t, r, http.StatusOK)
		return r.Body
	}
	api := func(tok, method, path string, body map[string]any, status int) {
		t.Helper()
		body["version"] = cur()["version"]
		expect(t, ta.do(method, "/api/v1/cases/"+id+path, tok, body), status)
	}
	now := time.Now().UTC()
	api(p.auditor, "PUT", "/immediate-action", map[string]any{"removed_at": now.Add(-time.Minute).Format(time.RFC3339),
		"safeguarding_notes": "Taken out of the beamhouse."}, http.StatusOK)
	api(p.caseWorker, "POST", "/consent", map[string]any{"kind": "consent_for_services", "answer": "given", "by": "mother"}, http.StatusOK)
	api(p.caseWorker, "POST", "/consent", map[string]any{"kind": "disclosure_to_other_organisations", "answer": "given", "by": "mother"}, http.StatusOK)
	api(p.caseWorker, "PUT", "/assessment", map[string]any{"risk": "high", "summary": "Out of school two years."}, http.StatusOK)

	// The case worker: the list with its filters, the page with the identity.
	cw := newWebClient(t, ta)
	cw.signIn("case.worker@crah.demo")
	pg := cw.get("/")
	if !strings.Contains(pg.Body, `href="/cases"`) || strings.Contains(pg.Body, `href="/obligations"`) {
		t.Errorf("the case worker's navigation: %.2000s", pg.Body)
	}
	pg = cw.get("/cases")
	expectPage(t, pg, http.StatusOK)
	if !strings.Contains(pg.Body, code) || pageLeak(pg) != "" {
		t.Fatalf("the case list: %.3000s", pg.Body)
	}
	for _, q := range []string{"stage=assessment", "supplier_id=" + w.sup} {
		if pg = cw.get("/cases?" + q); pg.Status != http.StatusOK || !strings.Contains(pg.Body, code) {
			t.Errorf("the list by %s lacks the case: %d", q, pg.Status)
		}
	}
	// the store answers one filter at a time; the page says so, keeping the choice
	pg = cw.get("/cases?stage=assessment&supplier_id=" + w.sup)
	expectPage(t, pg, http.StatusUnprocessableEntity)
	if !strings.Contains(pg.Body, "one of stage") || !strings.Contains(pg.Body, `value="assessment" selected`) {
		t.Errorf("two filters at once: %.3000s", pg.Body)
	}
	if pg = cw.get("/cases?stage=closed"); strings.Contains(pg.Body, code) {
		t.Error("a closed-stage list shows an open case")
	}
	expectPage(t, cw.get("/cases?stage=nonsense"), http.StatusUnprocessableEntity)
	expectPage(t, cw.get("/cases?follow_up_due_before=tomorrow"), http.StatusUnprocessableEntity)
	pg = cw.get("/cases/" + id)
	expectPage(t, pg, http.StatusOK)
	if !strings.Contains(pg.Body, "Zeeshan Iqbal") || !strings.Contains(pg.Body, `id="identity"`) || !strings.Contains(pg.Body, "hazardous child labour") {
		t.Fatalf("the case worker's case page: %.4000s", pg.Body)
	}

	// Asking for approval: without the token 403, with a stale version 409,
	// then the hub admin approves; each changes the case only when right.
	v := fmt.Sprint(cur()["version"])
	expectPage(t, cw.post("/cases/"+id+"/approvals/assessment/request", url.Values{"csrf": {""}, "version": {v}}), http.StatusForbidden)
	cw.get("/cases/" + id)
	expectPage(t, cw.post("/cases/"+id+"/approvals/assessment/request", url.Values{"version": {"1"}, "comment": {"Ready."}}), http.StatusConflict)
	if fmt.Sprint(cur()["version"]) != v {
		t.Fatal("a refused request changed the case")
	}
	cw.get("/cases/" + id)
	expectPage(t, cw.post("/cases/"+id+"/approvals/assessment/request", url.Values{"version": {v}, "comment": {"Ready."}}), http.StatusSeeOther)
	expectPage(t, cw.post("/cases/"+id+"/approvals/nonsense/request", url.Values{"version": {fmt.Sprint(cur()["version"])}}), http.StatusUnprocessableEntity)

	admin := newWebClient(t, ta)
	admin.signIn("hub.admin@crah.demo")
	pg = admin.get("/cases/" + id)
	expectPage(t, pg, http.StatusOK)
	if leak := pageLeak(pg); leak != "" || strings.Contains(pg.Body, `id="identity"`) {
		t.Fatalf("the hub admin's case page shows %q", leak)
	}
	if !strings.Contains(pg.Body, `id="approve-assessment"`) || strings.Contains(pg.Body, `id="visit-form"`) {
		t.Fatalf("the hub admin's forms: %.4000s", pg.Body)
	}
	v = fmt.Sprint(cur()["version"])
	expectPage(t, admin.post("/cases/"+id+"/approvals/assessment/approve", url.Values{"csrf": {""}, "version": {v}}), http.StatusForbidden)
	admin.get("/cases/" + id)
	expectPage(t, admin.post("/cases/"+id+"/approvals/assessment/approve", url.Values{"version": {v}, "comment": {"Agreed."}}), http.StatusSeeOther)
	if st := str(cur()["approvals"].(map[string]any)["assessment"].(map[string]any), "state"); st != "approved" {
		t.Fatalf("assessment approval %s", st)
	}
	// the case worker may not approve: the form is not there, the post is 403
	expectPage(t, cw.post("/cases/"+id+"/approvals/plan/approve", url.Values{"version": {fmt.Sprint(cur()["version"])}}), http.StatusForbidden)

	// The plan: one action for the facility, approved, so follow-ups are due.
	due := now.Add(30 * 24 * time.Hour).Format(time.RFC3339)
	api(p.caseWorker, "POST", "/plan/actions", map[string]any{"kind": "education", "owner": "hub", "description": "Enrol at the centre", "due": due}, http.StatusCreated)
	api(p.caseWorker, "POST", "/plan/actions", map[string]any{"kind": "stipend", "owner": "supplier", "description": "Zeeshan Iqbal's stipend",
		"due": due, "stipend_monthly_pkr": 9000}, http.StatusCreated)
	api(p.caseWorker, "POST", "/approvals/plan/request", map[string]any{}, http.StatusOK)
	api(p.hubAdmin, "POST", "/approvals/plan/approve", map[string]any{}, http.StatusOK)

	// A follow-up visit through the form: a missing day comes back with its
	// message and the values typed; a whole one is counted on the case.
	cw.get("/cases/" + id)
	pg = cw.post("/cases/"+id+"/follow-ups", url.Values{"contacted": {"on"}, "notes": {"اسکول جا رہا ہے"}})
	expectPage(t, pg, http.StatusUnprocessableEntity)
	if !strings.Contains(pg.Body, `class="field-error"`) || !strings.Contains(pg.Body, "اسکول جا رہا ہے") {
		t.Fatalf("the rejected visit form: %.4000s", pg.Body)
	}
	if pg = cw.post("/cases/"+id+"/follow-ups", url.Values{"visited_on": {"2020-01-01"}, "contacted": {"on"}, "attendance": {"200"}}); pg.Status != http.StatusUnprocessableEntity {
		t.Fatalf("attendance over 100%%: %d", pg.Status)
	}
	kar, _ := time.LoadLocation("Asia/Karachi")
	today := time.Now().In(kar).Format("2006-01-02")
	expectPage(t, cw.post("/cases/"+id+"/follow-ups", url.Values{"visited_on": {today}, "contacted": {"on"}, "in_school": {"on"},
		"attendance": {"90"}, "wellbeing": {"good"}, "notes": {"اسکول جا رہا ہے"}}), http.StatusSeeOther)
	if n := cur()["follow_ups"]; n != float64(1) {
		t.Fatalf("follow-ups after the visit: %v", n)
	}
	if pg = cw.get("/cases/" + id); !strings.Contains(pg.Body, `id="case-follow-ups">1<`) {
		t.Errorf("the case page's follow-up count: %.3000s", pg.Body)
	}
	expectPage(t, admin.post("/cases/"+id+"/follow-ups", url.Values{"visited_on": {today}, "contacted": {"on"}}), http.StatusForbidden)

	// The opening auditor reads the identity; another auditor gets the 404
	// page and an empty list.
	aud := newWebClient(t, ta)
	aud.signIn("auditor@crah.demo")
	if pg = aud.get("/cases/" + id); pg.Status != http.StatusOK || !strings.Contains(pg.Body, "Zeeshan Iqbal") {
		t.Fatalf("the opening auditor's case page: %d", pg.Status)
	}
	aud2 := newWebClient(t, ta)
	aud2.signInWith("second.auditor@crah.example", "a long enough passphrase")
	expectPage(t, aud2.get("/cases/"+id), http.StatusNotFound)
	if pg = aud2.get("/cases"); pg.Status != http.StatusOK || strings.Contains(pg.Body, code) {
		t.Fatalf("another auditor's list: %d", pg.Status)
	}

	// The facility: a row a case by its code, linking to the case's page
	// and carrying no form, never the child; on the case's page it reports
	// progress, and "done" without a note comes back there with the
	// service's message and the status chosen.
	site := newWebClient(t, ta)
	site.signIn("compliance@multanleather.demo")
	pg = site.get("/obligations")
	expectPage(t, pg, http.StatusOK)
	if !strings.Contains(pg.Body, code) || !strings.Contains(pg.Body, "stipend: planned") || pageLeak(pg) != "" {
		t.Fatalf("the facility's obligations (leak %q): %.3000s", pageLeak(pg), pg.Body)
	}
	if !strings.Contains(pg.Body, `<a href="/obligations/`+id+`" dir="ltr">`+code+`</a>`) || strings.Contains(pg.Body, `action="/obligations/`) ||
		strings.Contains(pg.Body, `name="status"`) {
		t.Errorf("the list does not link the case's page, or carries a form: %.3000s", pg.Body)
	}
	obs := items(ta.do("GET", "/api/v1/obligations", w.multan, nil))
	actionID := str(obs[0]["obligations"].([]any)[0].(map[string]any), "action_id")
	pg = site.get("/obligations/" + id)
	expectPage(t, pg, http.StatusOK)
	if !strings.Contains(pg.Body, `action="/obligations/`+id+`/`+actionID+`"`) || !strings.Contains(pg.Body, `id="case-code">`+code+`<`) ||
		!strings.Contains(pg.Body, `id="obligations-back"`) || pageLeak(pg) != "" {
		t.Fatalf("the case's obligations page (leak %q): %.3000s", pageLeak(pg), pg.Body)
	}
	pg = site.post("/obligations/"+id+"/"+actionID, url.Values{"status": {"done"}})
	expectPage(t, pg, http.StatusUnprocessableEntity)
	if !strings.Contains(pg.Body, "note: ") || !strings.Contains(pg.Body, `value="done" selected`) || !strings.Contains(pg.Body, `id="case-code">`+code+`<`) ||
		pageLeak(pg) != "" {
		t.Fatalf("the rejected report: %.3000s", pg.Body)
	}
	pg = site.post("/obligations/"+id+"/"+actionID, url.Values{"status": {"in_progress"}, "note": {"First month paid"}})
	expectPage(t, pg, http.StatusSeeOther)
	if pg.Location != "/obligations/"+id {
		t.Errorf("the report goes back to %q", pg.Location)
	}
	obs = items(ta.do("GET", "/api/v1/obligations", w.multan, nil))
	if pr := obs[0]["obligations"].([]any)[0].(map[string]any)["progress"]; pr == nil || str(pr.(map[string]any), "status") != "in_progress" {
		t.Fatalf("the report did not land: %v", obs)
	}
	if pg = site.get("/obligations"); !strings.Contains(pg.Body, "stipend: in progress") {
		t.Errorf("the list's short form after the report: %.3000s", pg.Body)
	}
	// Sent back: the list flags the case until the facility reports again.
	site.get("/obligations/" + id)
	expectPage(t, site.post("/obligations/"+id+"/"+actionID, url.Values{"status": {"done"}, "note": {"Paid through the bank"}}), http.StatusSeeOther)
	expect(t, ta.do("POST", "/api/v1/cases/"+id+"/obligations/"+actionID+"/send-back", p.caseWorker, map[string]any{"reason": "No slip attached"}), http.StatusOK)
	if pg = site.get("/obligations"); !strings.Contains(pg.Body, `<span class="flag">Yes</span>`) {
		t.Errorf("the list does not flag the obligation sent back: %.3000s", pg.Body)
	}
	if pg = site.get("/obligations/" + id); !strings.Contains(pg.Body, "No slip attached") {
		t.Errorf("the case's page does not say why it was sent back: %.3000s", pg.Body)
	}
	if pg = site.get("/"); !strings.Contains(pg.Body, `href="/obligations"`) || strings.Contains(pg.Body, `href="/cases"`) {
		t.Errorf("the facility's navigation: %.2000s", pg.Body)
	}
	for _, path := range []string{"/cases/" + id, "/cases", "/obligations", "/obligations/" + id, "/"} {
		if pg = site.get(path); pg.Status != http.StatusOK || pageLeak(pg) != "" {
			t.Errorf("the facility's %s: %d, leak %q", path, pg.Status, pageLeak(pg))
		}
	}
	if pg = site.get("/cases/" + id); !strings.Contains(pg.Body, `href="/obligations/`+id+`"`) {
		t.Errorf("the facility's case page does not link to the case's obligations: %.3000s", pg.Body)
	}
	if pg = site.get("/cases"); !strings.Contains(pg.Body, `href="/obligations/`+id+`"`) {
		t.Errorf("the facility's case list does not link to the case's obligations: %.3000s", pg.Body)
	}
	expectPage(t, site.get("/obligations/no-such-case"), http.StatusNotFound)
	expectPage(t, site.post("/obligations/"+id+"/"+actionID, url.Values{"csrf": {""}, "status": {"in_progress"}}), http.StatusForbidden)
	expectPage(t, cw.post("/obligations/"+id+"/"+actionID, url.Values{"status": {"in_progress"}}), http.StatusForbidden)
	// Another facility: the case's page is the 404 page, its list without the case.
	weaver := newWebClient(t, ta)
	weaver.signIn("compliance@indusweaving.demo")
	expectPage(t, weaver.get("/obligations/"+id), http.StatusNotFound)
	if pg = weaver.get("/obligations"); pg.Status >= 500 || strings.Contains(pg.Body, code) {
		t.Errorf("another facility's list: %d", pg.Status)
	}

	// The linked brand: anonymised progress from its supplier's page.
	brand := newWebClient(t, ta)
	brand.signIn("brand.manager@nordwind.demo")
	if pg = brand.get("/"); strings.Contains(pg.Body, `href="/cases"`) || strings.Contains(pg.Body, `href="/obligations"`) {
		t.Errorf("the brand's navigation: %.2000s", pg.Body)
	}
	pg = brand.get("/suppliers/" + w.sup)
	if !strings.Contains(pg.Body, `href="/cases?supplier_id=`+w.sup+`"`) {
		t.Fatalf("the supplier page has no link to its cases: %.3000s", pg.Body)
	}
	pg = brand.get("/cases?supplier_id=" + w.sup)
	expectPage(t, pg, http.StatusOK)
	if !strings.Contains(pg.Body, code) || !strings.Contains(pg.Body, "hazardous child labour") || !strings.Contains(pg.Body, ">14<") {
		t.Fatalf("the brand's case list: %.3000s", pg.Body)
	}
	for _, path := range []string{"/cases?supplier_id=" + w.sup, "/cases/" + id, "/suppliers/" + w.sup, "/"} {
		if pg = brand.get(path); pg.Status != http.StatusOK || pageLeak(pg) != "" || strings.Contains(pg.Body, "Enrol at the centre") {
			t.Errorf("the brand's %s: %d, leak %q", path, pg.Status, pageLeak(pg))
		}
	}
	expectPage(t, brand.get("/cases"), http.StatusUnprocessableEntity)
	expectPage(t, brand.post("/cases/"+id+"/follow-ups", url.Values{"visited_on": {today}}), http.StatusForbidden)

	other := newWebClient(t, ta)
	other.signIn("brand.manager@lakeside.demo")
	expectPage(t, other.get("/cases/"+id), http.StatusNotFound)
	if pg = other.get("/cases?supplier_id=" + w.sup); strings.Contains(pg.Body, code) || pageLeak(pg) != "" {
		t.Errorf("another brand's list shows the case")
	}

	// The platform names the facility whose obligations it reads.
	plat := newWebClient(t, ta)
	plat.signIn("admin@actionhub.demo")
	if pg = plat.get("/obligations"); pg.Status != http.StatusOK || !strings.Contains(pg.Body, `id="supplier_id"`) || strings.Contains(pg.Body, code) {
		t.Errorf("the platform's obligations without a facility: %d", pg.Status)
	}
	if pg = plat.get("/obligations?supplier_id=" + w.sup); pg.Status != http.StatusOK || !strings.Contains(pg.Body, code) ||
		!strings.Contains(pg.Body, `href="/obligations/`+id+`?supplier_id=`+w.sup+`"`) {
		t.Errorf("the platform's obligations of the tannery: %d %.2000s", pg.Status, pg.Body)
	}
	// The case's page keeps the facility on the way back and on the
	// report's, which comes back to the case's page with it.
	pg = plat.get("/obligations/" + id + "?supplier_id=" + w.sup)
	expectPage(t, pg, http.StatusOK)
	if !strings.Contains(pg.Body, `href="/obligations?supplier_id=`+w.sup+`" id="obligations-back"`) ||
		!strings.Contains(pg.Body, `action="/obligations/`+id+`/`+actionID+`?supplier_id=`+w.sup+`"`) || pageLeak(pg) != "" {
		t.Errorf("the platform's page of the case: %.3000s", pg.Body)
	}
	pg = plat.post("/obligations/"+id+"/"+actionID+"?supplier_id="+w.sup, url.Values{"status": {"done"}})
	expectPage(t, pg, http.StatusUnprocessableEntity)
	if !strings.Contains(pg.Body, "note: ") || !strings.Contains(pg.Body, `href="/obligations?supplier_id=`+w.sup+`" id="obligations-back"`) {
		t.Errorf("the platform's rejected report: %.3000s", pg.Body)
	}
	pg = plat.post("/obligations/"+id+"/"+actionID+"?supplier_id="+w.sup, url.Values{"status": {"in_progress"}, "note": {"Slip sent"}})
	expectPage(t, pg, http.StatusSeeOther)
	if pg.Location != "/obligations/"+id+"?supplier_id="+w.sup {
		t.Errorf("the platform's report goes back to %q", pg.Location)
	}
	expectPage(t, brand.get("/obligations/"+id), http.StatusForbidden)

	// Urdu: the same pages right to left, for the case worker and the brand.
	for _, wc := range []*webClient{cw, brand} {
		wc.get("/cases/" + id)
		expectPage(t, wc.post("/lang", url.Values{"lang": {"ur"}, "back": {"/cases/" + id}}), http.StatusSeeOther)
		pg = wc.get("/cases/" + id)
		if pg.Status != http.StatusOK || !strings.Contains(pg.Body, `dir="rtl"`) || !strings.Contains(pg.Body, "کیس") || !strings.Contains(pg.Body, code) {
			t.Errorf("the Urdu case page: %d %.1500s", pg.Status, pg.Body)
		}
	}
	site.get("/obligations")
	site.post("/lang", url.Values{"lang": {"ur"}, "back": {"/obligations"}})
	if pg = site.get("/obligations"); !strings.Contains(pg.Body, `dir="rtl"`) || !strings.Contains(pg.Body, "وظیفہ") ||
		!strings.Contains(pg.Body, `href="/obligations/`+id+`"`) || pageLeak(pg) != "" {
		t.Errorf("the Urdu obligations list: %.1500s", pg.Body)
	}
	if pg = site.get("/obligations/" + id); !strings.Contains(pg.Body, `dir="rtl"`) || !strings.Contains(pg.Body, "پیش رفت بتائیں") || pageLeak(pg) != "" {
		t.Errorf("the Urdu page of the case's obligations: %.1500s", pg.Body)
	}

	// Every page read of the identity is in the activity log, the hub admin's none.
	log := ta.do("GET", "/api/v1/activity?object=case:"+id+"&limit=500", p.admin, nil)
	reads := map[string]int{}
	for _, e := range items(log) {
		if str(e, "action") == "cases.identity_read" {
			reads[str(e, "actor_id")]++
		}
	}
	if reads[w.cwID] == 0 || reads[w.auditorID] == 0 || reads[w.hubAdminID] != 0 {
		t.Errorf("identity reads by actor: %v", reads)
	}
}
