package integration_tests

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestWebAuditFlow: an audit from start to a verified corrective action,
// every move made through the pages by the party that makes it.
func TestWebAuditFlow(t *testing.T) {
	ta := startApp(t)
	p := newParties(t, ta)
	n := nominate(t, ta, p.brandA, facility("Indus Weaving Mills", "Plot 12, Sector 7-A, Korangi Industrial Area", "Karachi", "weaving"), http.StatusCreated)
	sup := str(accept(t, ta, p.hubAdmin, str(n, "id")), "supplier_id")
	expect(t, ta.do("PATCH", "/api/v1/suppliers/"+sup, p.hubAdmin, map[string]any{"org_id": p.indusOrg}), http.StatusOK)
	auditorID := str(ta.do("GET", "/api/v1/me", p.auditor, nil).Body["user"].(map[string]any), "id")
	kar, _ := time.LoadLocation("Asia/Karachi")
	today := time.Now().In(kar)
	sched := ta.do("POST", "/api/v1/audits", p.hubAdmin, map[string]any{"supplier_id": sup, "type": "initial", "mode": "announced",
		"window":          map[string]any{"from": today.Format("2006-01-02"), "to": today.AddDate(0, 0, 2).Format("2006-01-02")},
		"lead_auditor_id": auditorID, "team_ids": []string{auditorID}, "brand_org_ids": []string{p.orgA}})
	expect(t, sched, http.StatusCreated)
	id := str(sched.Body, "id")

	auditor := newWebClient(t, ta)
	auditor.signIn("auditor@crah.demo")
	expectPage(t, auditor.get("/audits/"+id), http.StatusOK)
	expectPage(t, auditor.post("/audits/"+id+"/start", url.Values{}), http.StatusSeeOther)
	auditor.get("/audits/" + id + "/findings/new")
	// a finding without a category comes back with the field's message
	pg := auditor.post("/audits/"+id+"/findings", url.Values{"description": {"Exit locked."}})
	expectPage(t, pg, http.StatusUnprocessableEntity)
	if !strings.Contains(pg.Body, "Exit locked.") || !strings.Contains(pg.Body, `class="field-error"`) {
		t.Fatalf("rejected finding form: %.3000s", pg.Body)
	}
	expectPage(t, auditor.post("/audits/"+id+"/findings", url.Values{"category": {"health_safety"}, "severity": {"critical"},
		"description": {"Fire exit on the second floor locked during the shift."}, "location": {"stitching hall"}}), http.StatusSeeOther)
	auditor.get("/audits/" + id)
	expectPage(t, auditor.post("/audits/"+id+"/submit", url.Values{"met": {"80"}, "applicable": {"100"}, "summary": {"One critical finding."}}), http.StatusSeeOther)
	// the auditor may not publish: a 403 page, and the audit stays submitted
	expectPage(t, auditor.post("/audits/"+id+"/publish", url.Values{}), http.StatusForbidden)

	staff := newWebClient(t, ta)
	staff.signIn("hub.admin@crah.demo")
	staff.get("/audits/" + id)
	expectPage(t, staff.post("/audits/"+id+"/publish", url.Values{}), http.StatusSeeOther)
	// publishing twice is a state the machine refuses: the 409 page says so
	expectPage(t, staff.post("/audits/"+id+"/publish", url.Values{}), http.StatusConflict)
	if got := str(ta.do("GET", "/api/v1/audits/"+id, p.hubAdmin, nil).Body, "state"); got != "published" {
		t.Fatalf("audit %s", got)
	}

	site := newWebClient(t, ta)
	site.signIn("compliance@indusweaving.demo")
	pg = site.get("/audits/" + id)
	expectPage(t, pg, http.StatusOK)
	if !strings.Contains(pg.Body, "Fire exit on the second floor") || !strings.Contains(pg.Body, "/respond") {
		t.Fatalf("the site's audit page: %.3000s", pg.Body)
	}
	fid := str(items(ta.do("GET", "/api/v1/audits/"+id+"/findings", p.supplierMgr, nil))[0], "id")
	expectPage(t, site.post("/findings/"+fid+"/respond", url.Values{"kind": {"agree"}}), http.StatusSeeOther)
	acts := items(ta.do("GET", "/api/v1/actions?supplier_id="+sup, p.supplierMgr, nil))
	if len(acts) == 0 {
		t.Fatal("no corrective action")
	}
	x := str(acts[0], "id")
	site.get("/actions/" + x)
	expectPage(t, site.post("/actions/"+x+"/start", url.Values{}), http.StatusSeeOther)
	expectPage(t, site.post("/actions/"+x+"/owner", url.Values{"text": {"عمران شاہ"}}), http.StatusSeeOther)
	expectPage(t, site.post("/actions/"+x+"/submit", url.Values{"text": {"Exit unlocked; a guard checks it every shift."}}), http.StatusSeeOther)
	expectPage(t, site.post("/actions/"+x+"/verify", url.Values{}), http.StatusForbidden)
	pg = site.get("/actions/" + x)
	if !strings.Contains(pg.Body, "عمران شاہ") || !strings.Contains(pg.Body, `id="action-state">submitted`) {
		t.Fatalf("the site's action page: %.3000s", pg.Body)
	}

	staff.get("/actions/" + x)
	expectPage(t, staff.post("/actions/"+x+"/verify", url.Values{}), http.StatusSeeOther)
	if got := str(ta.do("GET", "/api/v1/actions/"+x, p.hubAdmin, nil).Body, "state"); got != "verified" {
		t.Fatalf("action %s", got)
	}

	// the supplier's page gathers its audit, its action and its timeline for
	// staff, the facility and the brand; the owner's Urdu name survives
	// with a follow-up audit scheduled, which only staff know of
	next := ta.do("POST", "/api/v1/audits", p.hubAdmin, map[string]any{"supplier_id": sup, "type": "follow_up", "mode": "announced",
		"window":          map[string]any{"from": today.AddDate(0, 0, 20).Format("2006-01-02"), "to": today.AddDate(0, 0, 21).Format("2006-01-02")},
		"lead_auditor_id": auditorID, "team_ids": []string{auditorID}, "brand_org_ids": []string{p.orgA}})
	expect(t, next, http.StatusCreated)
	if pg := staff.get("/suppliers/" + sup); !strings.Contains(pg.Body, `href="/audits/`+str(next.Body, "id")+`"`) {
		t.Errorf("staff do not see the scheduled audit on the supplier's page")
	}
	brand := newWebClient(t, ta)
	brand.signIn("brand.manager@nordwind.demo")
	if pg := brand.get("/suppliers/" + sup); strings.Contains(pg.Body, str(next.Body, "id")) {
		t.Errorf("the brand sees an audit not published to it")
	}
	for who, w := range map[string]*webClient{"staff": staff, "site": site, "brand": brand} {
		pg := w.get("/suppliers/" + sup)
		expectPage(t, pg, http.StatusOK)
		for _, want := range []string{`<table id="supplier-audits">`, `href="/audits/` + id + `"`, `<table id="supplier-actions">`,
			`href="/actions/` + x + `"`, "<bdi>عمران شاہ</bdi>", `<table id="supplier-timeline">`, "<code>suppliers.update</code>"} {
			if !strings.Contains(pg.Body, want) {
				t.Errorf("%s's supplier page lacks %s: %.4000s", who, want, pg.Body)
			}
		}
	}

	// the site keeps its own profile and workforce; an edit of a stale copy is refused
	v := fmt.Sprint(ta.do("GET", "/api/v1/suppliers/"+sup, p.supplierMgr, nil).Body["version"])
	site.get("/suppliers/" + sup + "/profile")
	profile := url.Values{"version": {v}, "total": {"910"}, "women": {"400"}, "under_18": {"0"}, "contact_name": {"نازیہ پروین"}, "contact_phone": {"+92 21 35071234"}}
	expectPage(t, site.post("/suppliers/"+sup+"/profile", profile), http.StatusSeeOther)
	got := ta.do("GET", "/api/v1/suppliers/"+sup, p.hubAdmin, nil).Body
	if wf := got["workforce"].(map[string]any); wf["total"] != float64(910) || got["contact"].(map[string]any)["name"] != "نازیہ پروین" {
		t.Fatalf("profile after the form: %v", got)
	}
	profile.Del("csrf")
	expectPage(t, site.post("/suppliers/"+sup+"/profile", profile), http.StatusConflict)
	profile.Del("csrf")
	profile.Set("total", "many")
	if pg := site.post("/suppliers/"+sup+"/profile", profile); pg.Status != http.StatusUnprocessableEntity || !strings.Contains(pg.Body, `value="many"`) {
		t.Fatalf("a bad number: %d", pg.Status)
	}

	// a brand not linked to the site: the action is not there for it
	other := newWebClient(t, ta)
	other.signIn("brand.manager@lakeside.demo")
	expectPage(t, other.get("/actions/"+x), http.StatusNotFound)
	expectPage(t, other.get("/audits/"+id), http.StatusNotFound)
}
