package integration_tests

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestWebReferralPages: the case worker refers the Multan tannery case's
// child from the case page (refused on the form until consent is
// recorded); the Punjab Education Foundation's officer finds the referral
// in the inbox, accepts it, reads the child's minimum view (only what an
// education service needs, the read logged), records the service given and
// completes it, all on the pages; NADRA declines its own; each agency's
// pages answer 404 for the other's referral; forms need the CSRF token and
// the current version; the pages are in Urdu right to left.
func TestWebReferralPages(t *testing.T) {
	ta := startApp(t)
	w := buildReferralWorld(t, ta)
	p := w.p
	caseID := w.caseID

	// The case worker: the section on the case page, the form on the refer page.
	cw := newWebClient(t, ta)
	cw.signIn("case.worker@crah.demo")
	pg := cw.get("/cases/" + caseID)
	expectPage(t, pg, http.StatusOK)
	if !strings.Contains(pg.Body, `id="case-referrals"`) || !strings.Contains(pg.Body, `href="/cases/`+caseID+`/refer"`) ||
		strings.Contains(pg.Body, `id="refer-form"`) {
		t.Fatalf("the case page's referrals: %.6000s", pg.Body)
	}
	pg = cw.get("/cases/" + caseID + "/refer")
	expectPage(t, pg, http.StatusOK)
	if !strings.Contains(pg.Body, `id="refer-form"`) || !strings.Contains(pg.Body, `value="`+w.education+`"`) {
		t.Fatalf("the refer page: %.6000s", pg.Body)
	}
	if strings.Contains(pg.Body, `name="override_reason"`) {
		t.Error("a case worker is offered the consent override")
	}
	// Narrowed by type: birth registration offers the B-Form, not the voucher scheme.
	if pg = cw.get("/cases/" + caseID + "/refer?service_type=birth_registration"); !strings.Contains(pg.Body, `value="`+w.bForm+`"`) ||
		strings.Contains(pg.Body, `value="`+w.education+`"`) {
		t.Errorf("the services narrowed to birth registration: %.6000s", pg.Body)
	}
	// The search starts in the supplier's city, for the child's age; another district offers its own services.
	if !strings.Contains(pg.Body, `id="district" name="district" value="Multan"`) || !strings.Contains(pg.Body, `id="refer-search"`) {
		t.Errorf("the refer form's search does not start in the supplier's city: %.6000s", pg.Body)
	}
	if pg = cw.get("/cases/" + caseID + "/refer?district=Karachi"); strings.Contains(pg.Body, `value="`+w.education+`"`) {
		t.Errorf("a Multan service offered for a search in Karachi: %.6000s", pg.Body)
	}
	if pg = cw.get("/cases/" + caseID + "/refer?district=Nowhere&service_type=education"); !strings.Contains(pg.Body, "try another kind or district") {
		t.Errorf("an empty search says nothing: %.6000s", pg.Body)
	}
	// The refer page opens no identity, so reading it logs no identity read.
	if pageLeak(pg) != "" {
		t.Errorf("the refer page shows the child: %s", pageLeak(pg))
	}
	expectPage(t, cw.get("/cases/"+caseID+"/refer?service_type=circus"), http.StatusOK)
	expectPage(t, cw.get("/cases/nope/refer"), http.StatusNotFound)
	refer := url.Values{"service_id": {w.education}, "reason": {"اسکول سے دو سال باہر"}, "urgency": {"routine"}}
	// Without consent: the form again with the message, the values kept, nothing sent.
	pg = cw.post("/cases/"+caseID+"/referrals", refer)
	expectPage(t, pg, http.StatusUnprocessableEntity)
	if !strings.Contains(pg.Body, "consent_for_services") || !strings.Contains(pg.Body, "اسکول سے دو سال باہر") ||
		!strings.Contains(pg.Body, `value="`+w.education+`" selected`) {
		t.Fatalf("the refusal on the form: %.6000s", pg.Body)
	}
	caseRefs := func() []map[string]any {
		r := ta.do("GET", "/api/v1/referrals?case_id="+caseID, p.caseWorker, nil)
		expect(t, r, http.StatusOK)
		return items(r)
	}
	if n := len(caseRefs()); n != 0 {
		t.Fatalf("a refused referral was sent: %d", n)
	}
	w.consent(t)
	cw.get("/cases/" + caseID)
	expectPage(t, cw.post("/cases/"+caseID+"/referrals", url.Values{"csrf": {""}, "service_id": {w.education}, "reason": {"x"},
		"urgency": {"routine"}}), http.StatusForbidden)
	cw.get("/cases/" + caseID)
	expectPage(t, cw.post("/cases/"+caseID+"/referrals", refer), http.StatusSeeOther)
	expectPage(t, cw.post("/cases/"+caseID+"/referrals", url.Values{"service_id": {w.bForm}, "reason": {"No B-Form."}, "urgency": {"urgent"}}),
		http.StatusSeeOther)
	refs := caseRefs()
	if len(refs) != 2 {
		t.Fatalf("the case's referrals: %v", refs)
	}
	var eduID, bID string
	for _, r := range refs {
		switch str(r, "service_id") {
		case w.education:
			eduID = str(r, "id")
		case w.bForm:
			bID = str(r, "id")
		}
	}
	pg = cw.get("/cases/" + caseID)
	if !strings.Contains(pg.Body, `href="/referrals/`+eduID+`"`) || !strings.Contains(pg.Body, `href="/referrals/`+bID+`"`) {
		t.Fatalf("the case page does not list its referrals: %.6000s", pg.Body)
	}

	// Staff read the hub's referrals; a hub admin may record the consent override.
	if pg = cw.get("/referrals"); !strings.Contains(pg.Body, eduID) || !strings.Contains(pg.Body, bID) {
		t.Errorf("the hub's referrals for the case worker: %.4000s", pg.Body)
	}
	admin := newWebClient(t, ta)
	admin.signIn("hub.admin@crah.demo")
	if pg = admin.get("/cases/" + caseID + "/refer"); !strings.Contains(pg.Body, `name="override_reason"`) || pageLeak(pg) != "" {
		t.Errorf("the hub admin's refer page: %.6000s", pg.Body)
	}

	// The education foundation's officer: its inbox only, no identity before accepting.
	pef := newWebClient(t, ta)
	pef.signInWith("officer@pef.example", "a long enough passphrase")
	if pg = pef.get("/"); !strings.Contains(pg.Body, `href="/referrals"`) || strings.Contains(pg.Body, `href="/cases"`) {
		t.Errorf("the agency's navigation: %.2000s", pg.Body)
	}
	pg = pef.get("/referrals")
	expectPage(t, pg, http.StatusOK)
	if !strings.Contains(pg.Body, eduID) || strings.Contains(pg.Body, bID) || pageLeak(pg) != "" {
		t.Fatalf("PEF's inbox: %.4000s", pg.Body)
	}
	if pg = pef.get("/referrals?state=completed"); strings.Contains(pg.Body, eduID) {
		t.Error("the completed filter shows a sent referral")
	}
	expectPage(t, pef.get("/referrals?state=nonsense"), http.StatusUnprocessableEntity)
	expectPage(t, pef.get("/referrals/"+bID), http.StatusNotFound)
	expectPage(t, pef.get("/cases/"+caseID), http.StatusForbidden)
	expectPage(t, pef.get("/cases/"+caseID+"/refer"), http.StatusForbidden)
	pg = pef.get("/referrals/" + eduID)
	expectPage(t, pg, http.StatusOK)
	if leak := pageLeak(pg); leak != "" || strings.Contains(pg.Body, `id="child"`) || !strings.Contains(pg.Body, `id="referral-accept"`) {
		t.Fatalf("PEF's page before accepting shows %q: %.4000s", leak, pg.Body)
	}
	version := func(id, tok string) string {
		r := ta.do("GET", "/api/v1/referrals/"+id, tok, nil)
		expect(t, r, http.StatusOK)
		return fmt.Sprint(r.Body["version"])
	}
	v := version(eduID, w.pef)
	expectPage(t, pef.post("/referrals/"+bID+"/accept", url.Values{"version": {version(bID, w.nadra)}}), http.StatusNotFound)
	pef.get("/referrals/" + eduID)
	expectPage(t, pef.post("/referrals/"+eduID+"/accept", url.Values{"csrf": {""}, "version": {v}}), http.StatusForbidden)
	pef.get("/referrals/" + eduID)
	expectPage(t, pef.post("/referrals/"+eduID+"/accept", url.Values{"version": {"99"}}), http.StatusConflict)
	if version(eduID, w.pef) != v {
		t.Fatal("a refused answer changed the referral")
	}
	expectPage(t, pef.post("/referrals/"+eduID+"/accept", url.Values{"version": {v}}), http.StatusSeeOther)

	// Accepted: the minimum view of an education service, and no more.
	pg = pef.get("/referrals/" + eduID)
	expectPage(t, pg, http.StatusOK)
	for _, s := range []string{`id="child"`, "Zeeshan Iqbal", "Iqbal Masih", "Left class 5", "Saraiki", `id="service-form"`} {
		if !strings.Contains(pg.Body, s) {
			t.Errorf("the accepted referral's page lacks %q", s)
		}
	}
	for _, s := range []string{"Gali 9", "0345-7771234", "2012-01-20", "debt", "tannery"} {
		if strings.Contains(pg.Body, s) {
			t.Errorf("the education view on the page carries %q", s)
		}
	}
	log := ta.do("GET", "/api/v1/activity?object=case:"+caseID+"&limit=500", p.admin, nil)
	expect(t, log, http.StatusOK)
	if !slices.ContainsFunc(items(log), func(e map[string]any) bool {
		return str(e, "action") == "cases.identity_read" && str(e, "actor_id") == w.pefUser
	}) {
		t.Error("the agency's reading of the view on the page is not in the activity log")
	}

	// A service given: a missing day comes back on the form; then recorded, then completed.
	pg = pef.post("/referrals/"+eduID+"/services", url.Values{"version": {version(eduID, w.pef)}, "what": {"واؤچر جاری"}, "given_by": {"PEF Multan"}})
	expectPage(t, pg, http.StatusUnprocessableEntity)
	if !strings.Contains(pg.Body, `class="field-error"`) || !strings.Contains(pg.Body, "واؤچر جاری") {
		t.Fatalf("the rejected service form: %.4000s", pg.Body)
	}
	today := time.Now().UTC().Format("2006-01-02")
	expectPage(t, pef.post("/referrals/"+eduID+"/services", url.Values{"version": {version(eduID, w.pef)}, "what": {"واؤچر جاری"},
		"on": {today}, "given_by": {"PEF Multan"}}), http.StatusSeeOther)
	pef.get("/referrals/" + eduID)
	expectPage(t, pef.post("/referrals/"+eduID+"/nonsense", url.Values{"version": {version(eduID, w.pef)}}), http.StatusNotFound)
	expectPage(t, pef.post("/referrals/"+eduID+"/complete", url.Values{"version": {version(eduID, w.pef)}, "note": {"Enrolled in class 5."}}),
		http.StatusSeeOther)
	r := ta.do("GET", "/api/v1/referrals/"+eduID, p.caseWorker, nil)
	if expect(t, r, http.StatusOK); str(r.Body, "state") != "completed" || len(r.Body["services"].([]any)) != 1 {
		t.Fatalf("after the pages: %s", r.Raw)
	}
	pg = pef.get("/referrals/" + eduID)
	if leak := pageLeak(pg); leak != "" || strings.Contains(pg.Body, `id="service-form"`) || !strings.Contains(pg.Body, "واؤچر جاری") {
		t.Fatalf("the completed referral's page shows %q: %.4000s", leak, pg.Body)
	}

	// NADRA's officer declines its own, with a reason; PEF's is a 404 page to it.
	nadra := newWebClient(t, ta)
	nadra.signInWith("officer@nadra.example", "a long enough passphrase")
	expectPage(t, nadra.get("/referrals/"+eduID), http.StatusNotFound)
	nadra.get("/referrals/" + bID)
	expectPage(t, nadra.post("/referrals/"+bID+"/decline", url.Values{"version": {version(bID, w.nadra)}, "reason": {""}}), http.StatusUnprocessableEntity)
	expectPage(t, nadra.post("/referrals/"+bID+"/decline", url.Values{"version": {version(bID, w.nadra)}, "reason": {"Birth certificate first."}}),
		http.StatusSeeOther)
	if pg = cw.get("/cases/" + caseID); !strings.Contains(pg.Body, "declined") || !strings.Contains(pg.Body, "completed") {
		t.Errorf("the case page does not show the answers: %.6000s", pg.Body)
	}

	// The case worker revokes a referral still open, with a reason; the agency has no such form.
	if strings.Contains(pef.get("/referrals/"+eduID).Body, `id="revoke-form"`) {
		t.Error("the agency is offered to revoke")
	}
	cw.get("/cases/" + caseID)
	expectPage(t, cw.post("/cases/"+caseID+"/referrals", url.Values{"service_id": {w.unionCouncil}, "reason": {"No birth certificate."},
		"urgency": {"routine"}}), http.StatusSeeOther)
	var ucID string
	for _, r := range caseRefs() {
		if str(r, "service_id") == w.unionCouncil {
			ucID = str(r, "id")
		}
	}
	if pg = cw.get("/referrals/" + ucID); !strings.Contains(pg.Body, `id="revoke-form"`) {
		t.Fatalf("the case worker's referral page: %.4000s", pg.Body)
	}
	pg = cw.post("/referrals/"+ucID+"/revoke", url.Values{"version": {version(ucID, p.caseWorker)}, "revoke_reason": {""}})
	expectPage(t, pg, http.StatusUnprocessableEntity)
	if !strings.Contains(pg.Body, `class="field-error"`) {
		t.Errorf("the rejected revoke form: %.4000s", pg.Body)
	}
	expectPage(t, cw.post("/referrals/"+ucID+"/revoke", url.Values{"version": {version(ucID, p.caseWorker)}, "revoke_reason": {"Sent to the wrong office."}}),
		http.StatusSeeOther)
	if r := ta.do("GET", "/api/v1/referrals/"+ucID, p.caseWorker, nil); str(r.Body, "state") != "revoked" {
		t.Errorf("after revoking on the page: %s", r.Raw)
	}

	// The inbox pages by 20 with a next link, newest first.
	for i := 0; i < 20; i++ {
		w.refer(t, p.caseWorker, map[string]any{"service_id": w.education, "reason": fmt.Sprintf("Referral %d", i), "urgency": "routine"}, http.StatusCreated)
	}
	pg = pef.get("/referrals")
	next := regexp.MustCompile(`rel="next" href="([^"]+)"`).FindStringSubmatch(pg.Body)
	if n := strings.Count(pg.Body, `href="/referrals/`); n != 20 || next == nil {
		t.Fatalf("the inbox's first page: %d rows, next %v", n, next)
	}
	pg = pef.get(html.UnescapeString(next[1]))
	expectPage(t, pg, http.StatusOK)
	if n := strings.Count(pg.Body, `href="/referrals/`); n != 1 || !strings.Contains(pg.Body, eduID) || strings.Contains(pg.Body, `rel="next"`) {
		t.Errorf("the inbox's second page: %d rows: %.3000s", n, pg.Body)
	}

	// Urdu: the inbox and a referral's page right to left.
	ur := newWebClient(t, ta)
	ur.lang = "ur"
	ur.signInWith("officer@pef.example", "a long enough passphrase")
	for _, path := range []string{"/referrals", "/referrals/" + eduID} {
		pg = ur.get(path)
		expectPage(t, pg, http.StatusOK)
		if !strings.Contains(pg.Body, `dir="rtl"`) || !strings.Contains(pg.Body, "ریفرل") {
			t.Errorf("%s in Urdu: %.2000s", path, pg.Body)
		}
	}
}
