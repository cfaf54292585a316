package integration_tests

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// caseWorld is a Multan tannery (Punjab) linked to brand A, its own
// facility organisation, an audit in progress there with a child labour
// finding, and a second auditor of the hub.
type caseWorld struct {
	ta              *testApp
	p               *parties
	sup, finding    string
	multan          string // the tannery's manager
	auditor2        string
	auditorID, cwID string
	hubAdminID      string
}

// The child's identity: none of these strings may reach anyone but case
// workers, the opening auditor and the platform.
var tanneryIdentity = map[string]any{
	"child_name": "Zeeshan Iqbal", "guardian_name": "Iqbal Masih", "birth_date": "2012-01-20",
	"address": "Gali 9, Basti Malook, Multan", "phone": "0345-7771234",
	"family_situation": "Father in debt to the tannery owner", "school_history": "Left class 5 at Basti Malook primary",
	"languages": []string{"Saraiki", "Punjabi"},
}

func identityValues() []string {
	var out []string
	for _, k := range []string{"child_name", "guardian_name", "birth_date", "address", "phone", "family_situation", "school_history"} {
		out = append(out, tanneryIdentity[k].(string))
	}
	return out
}

func leaks(r response) string {
	for _, v := range identityValues() {
		if strings.Contains(string(r.Raw), v) {
			return v
		}
	}
	return ""
}

func buildCaseWorld(t *testing.T, ta *testApp) *caseWorld {
	t.Helper()
	p := newParties(t, ta)
	w := &caseWorld{ta: ta, p: p}
	me := func(tok string) (user, org string) {
		r := ta.do("GET", "/api/v1/me", tok, nil)
		expect(t, r, http.StatusOK)
		return str(r.Body["user"].(map[string]any), "id"), str(r.Body["organisation"].(map[string]any), "id")
	}
	var opOrg string
	w.auditorID, opOrg = me(p.auditor)
	w.cwID, _ = me(p.caseWorker)
	w.hubAdminID, _ = me(p.hubAdmin)
	r := ta.do("POST", "/api/v1/users", p.hubAdmin, map[string]any{"org_id": opOrg, "email": "second.auditor@crah.example",
		"name": "Second Auditor", "role": "auditor", "password": "a long enough passphrase"})
	expect(t, r, http.StatusCreated)
	l := ta.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "second.auditor@crah.example", "password": "a long enough passphrase"})
	expect(t, l, http.StatusOK)
	w.auditor2 = str(l.Body, "token")
	w.multan = ta.login("compliance@multanleather.demo")
	_, multanOrg := me(w.multan)

	n := nominate(t, ta, p.brandA, facility("Multan Leather Works", "Plot 3, Multan Industrial Estate", "Multan", "tannery"), http.StatusCreated)
	w.sup = str(accept(t, ta, p.hubAdmin, str(n, "id")), "supplier_id")
	expect(t, ta.do("PATCH", "/api/v1/suppliers/"+w.sup, p.hubAdmin, map[string]any{"org_id": multanOrg}), http.StatusOK)

	kar, _ := time.LoadLocation("Asia/Karachi")
	today := time.Now().In(kar).Format("2006-01-02")
	a := ta.do("POST", "/api/v1/audits", p.hubAdmin, map[string]any{"supplier_id": w.sup, "type": "initial", "mode": "unannounced",
		"window": map[string]any{"from": today, "to": today}, "lead_auditor_id": w.auditorID, "team_ids": []string{w.auditorID},
		"brand_org_ids": []string{p.orgA}})
	expect(t, a, http.StatusCreated)
	auditID := str(a.Body, "id")
	expect(t, ta.do("POST", "/api/v1/audits/"+auditID+"/start", p.auditor, nil), http.StatusOK)
	f := ta.do("POST", "/api/v1/audits/"+auditID+"/findings", p.auditor, map[string]any{"category": "child_labour",
		"description": "A boy of about 14 was liming hides in the beamhouse.", "location": "beamhouse",
		"affected": map[string]any{"male": map[string]any{"age_14": 1}}})
	expect(t, f, http.StatusCreated)
	w.finding = str(f.Body, "id")
	return w
}

// openTanneryCase opens the case as the auditor who found the child.
func (w *caseWorld) openTanneryCase(t *testing.T) map[string]any {
	t.Helper()
	r := w.ta.do("POST", "/api/v1/cases", w.p.auditor, map[string]any{"source": "finding", "finding_id": w.finding,
		"identity": tanneryIdentity,
		"child":    map[string]any{"sex": "male", "age_method": "b_form", "schooling": "out_of_school"},
		"work": map[string]any{"tasks": []any{map[string]any{"code": "leather_tanning.liming"}},
			"days":             []any{map[string]any{"shifts": []any{map[string]any{"start": "08:00", "end": "14:00"}}}},
			"wage_monthly_pkr": 9000, "recruited_how": "through a cousin"}})
	expect(t, r, http.StatusCreated)
	return r.Body
}

// addStipendAction adds a supplier-owned stipend of PKR 9,000 a month to
// the case's plan, due in 30 days (with the description, when given), and
// returns the action's ID.
func (w *caseWorld) addStipendAction(t *testing.T, caseID, description string) string {
	t.Helper()
	cur := w.ta.do("GET", "/api/v1/cases/"+caseID, w.p.caseWorker, nil)
	expect(t, cur, http.StatusOK)
	body := map[string]any{"version": cur.Body["version"], "kind": "stipend", "owner": "supplier",
		"due": time.Now().Add(30 * 24 * time.Hour).UTC().Format(time.RFC3339), "stipend_monthly_pkr": 9000}
	if description != "" {
		body["description"] = description
	}
	added := w.ta.do("POST", "/api/v1/cases/"+caseID+"/plan/actions", w.p.caseWorker, body)
	expect(t, added, http.StatusCreated)
	for _, a := range added.Body["plan"].([]any) {
		if str(a.(map[string]any), "kind") == "stipend" {
			return str(a.(map[string]any), "id")
		}
	}
	t.Fatalf("no stipend in the plan: %s", added.Raw)
	return ""
}

// hubMonth is the month n months from this one in the hubs' time zone, as
// 2006-01.
func hubMonth(n int) string {
	kar, _ := time.LoadLocation("Asia/Karachi")
	now := time.Now().In(kar)
	return time.Date(now.Year(), now.Month()+time.Month(n), 1, 0, 0, 0, 0, kar).Format("2006-01")
}

// TestCaseFromATanneryFinding: an auditor's child labour finding at a
// Multan tannery opens a case for a 14-year-old, classified under Punjab's
// pack as hazardous child labour; a second case from the finding is
// refused naming the first; the plan is built, approved by another person,
// and the stages follow; stale versions are refused; every identity read
// is in the activity log.
func TestCaseFromATanneryFinding(t *testing.T) { caseFlow(t, startApp(t)) }

func caseFlow(t *testing.T, ta *testApp) {
	w := buildCaseWorld(t, ta)
	p := w.p
	c := w.openTanneryCase(t)
	id, code := str(c, "id"), str(c, "code")
	year := time.Now().In(time.FixedZone("PKT", 5*3600)).Year()
	if want := fmt.Sprintf("MUX-%d-00001", year); code != want {
		t.Errorf("code = %s, want %s", code, want)
	}
	cl := c["classification"].(map[string]any)
	if str(cl, "class") != "hazardous_child_labour" || str(cl, "pack_id") != "punjab/1" {
		t.Errorf("classification = %v", cl)
	}
	if str(c, "view") != "full" || c["identity"] == nil || str(c["identity"].(map[string]any), "child_name") != "Zeeshan Iqbal" {
		t.Errorf("the opener's view: %v", c)
	}
	if age := c["child"].(map[string]any)["age_years"]; age != float64(14) {
		t.Errorf("age from the date of birth = %v, want 14", age)
	}
	if str(c, "stage") != "age_verified" || str(c, "status") != "open" || c["safeguarding_due"] == nil {
		t.Errorf("stage %s status %s safeguarding_due %v", str(c, "stage"), str(c, "status"), c["safeguarding_due"])
	}

	again := ta.do("POST", "/api/v1/cases", p.caseWorker, map[string]any{"source": "finding", "finding_id": w.finding,
		"identity": map[string]any{"child_name": "Someone"}, "child": map[string]any{"sex": "male"}})
	expect(t, again, http.StatusConflict)
	if !strings.Contains(str(again.Body, "detail"), code) {
		t.Errorf("the second open does not name %s: %s", code, again.Raw)
	}
	f := ta.do("GET", "/api/v1/findings/"+w.finding, p.hubAdmin, nil)
	expect(t, f, http.StatusOK)

	version := func(r response) float64 { return r.Body["version"].(float64) }
	cur := ta.do("GET", "/api/v1/cases/"+id, p.caseWorker, nil)
	expect(t, cur, http.StatusOK)
	step := func(tok, method, path string, body map[string]any, status int) response {
		t.Helper()
		body["version"] = version(cur)
		r := ta.do(method, "/api/v1/cases/"+id+path, tok, body)
		expect(t, r, status)
		if status < 300 {
			if r.Body["version"] == nil {
				cur = ta.do("GET", "/api/v1/cases/"+id, p.caseWorker, nil)
			} else {
				cur = r
			}
		}
		return r
	}
	now := time.Now().UTC()
	step(p.auditor, "PUT", "/immediate-action", map[string]any{"removed_at": now.Add(-time.Minute).Format(time.RFC3339),
		"safeguarding_notes": "Taken out of the beamhouse and home with his mother."}, http.StatusOK)
	if str(cur.Body, "stage") != "immediate_action" {
		t.Errorf("stage after the immediate action: %s", str(cur.Body, "stage"))
	}
	step(p.caseWorker, "POST", "/consent", map[string]any{"kind": "consent_for_services", "answer": "given", "by": "mother"}, http.StatusOK)
	step(p.caseWorker, "POST", "/consent", map[string]any{"kind": "disclosure_to_other_organisations", "answer": "given", "by": "mother"}, http.StatusOK)
	step(p.caseWorker, "PUT", "/assessment", map[string]any{"risk": "high", "summary": "Out of school two years; the family owes the owner."}, http.StatusOK)
	step(p.caseWorker, "POST", "/approvals/assessment/request", map[string]any{"comment": "Ready."}, http.StatusOK)
	self := step(p.caseWorker, "POST", "/approvals/assessment/approve", map[string]any{}, http.StatusForbidden)
	if leaks(self) != "" {
		t.Errorf("an error carries identity: %s", self.Raw)
	}
	step(p.hubAdmin, "POST", "/approvals/assessment/approve", map[string]any{"comment": "Agreed."}, http.StatusOK)
	if cur.Body["identity"] != nil {
		t.Errorf("the hub admin's answer carries identity: %s", cur.Raw)
	}
	due := now.Add(30 * 24 * time.Hour).Format(time.RFC3339)
	for _, a := range []map[string]any{
		{"kind": "education", "owner": "hub", "description": "Enrol at the non-formal centre", "due": due},
		{"kind": "stipend", "owner": "supplier", "description": "Zeeshan Iqbal's stipend", "due": due, "stipend_monthly_pkr": 9000},
		{"kind": "birth_registration", "owner": "hub", "due": due},
	} {
		step(p.caseWorker, "POST", "/plan/actions", a, http.StatusCreated)
	}
	if str(cur.Body, "stage") != "remediation_plan" {
		t.Errorf("stage with an approved assessment and a plan: %s", str(cur.Body, "stage"))
	}
	step(p.caseWorker, "POST", "/approvals/plan/request", map[string]any{}, http.StatusOK)
	step(p.hubAdmin, "POST", "/approvals/plan/reject", map[string]any{}, http.StatusUnprocessableEntity)
	step(p.hubAdmin, "POST", "/approvals/plan/approve", map[string]any{}, http.StatusOK)
	plan := cur.Body["plan"].([]any)
	school := str(plan[0].(map[string]any), "id")
	step(p.caseWorker, "POST", "/plan/actions/"+school+"/status", map[string]any{"status": "delivered"}, http.StatusOK)
	if str(cur.Body, "stage") != "services_in_progress" {
		t.Errorf("stage once a service is delivered: %s", str(cur.Body, "stage"))
	}
	step(p.hubAdmin, "POST", "/assign", map[string]any{"user_id": w.cwID}, http.StatusOK)
	step(p.hubAdmin, "POST", "/assign", map[string]any{"user_id": w.hubAdminID}, http.StatusUnprocessableEntity)

	// A stale version is refused and changes nothing.
	stale := ta.do("PUT", "/api/v1/cases/"+id+"/assessment", p.caseWorker, map[string]any{"version": version(cur) - 1, "risk": "low", "summary": "x"})
	expect(t, stale, http.StatusConflict)
	after := ta.do("GET", "/api/v1/cases/"+id, p.caseWorker, nil)
	if version(after) != version(cur) || str(after.Body["assessment"].(map[string]any), "risk") != "high" {
		t.Errorf("a stale edit changed the case: %s", after.Raw)
	}

	// Closing as remediated needs two good follow-ups; moved_away needs a note.
	step(p.caseWorker, "POST", "/closure", map[string]any{"reason": "remediated"}, http.StatusConflict)
	step(p.caseWorker, "POST", "/closure", map[string]any{"reason": "moved_away"}, http.StatusUnprocessableEntity)
	step(p.caseWorker, "POST", "/closure", map[string]any{"reason": "moved_away", "note": "The family left for Lahore."}, http.StatusOK)
	if str(cur.Body, "stage") != "closure" {
		t.Errorf("stage with a closure waiting: %s", str(cur.Body, "stage"))
	}
	step(p.hubAdmin, "POST", "/approvals/closure/approve", map[string]any{}, http.StatusOK)
	cur = ta.do("GET", "/api/v1/cases/"+id, p.caseWorker, nil)
	if str(cur.Body, "status") != "closed" || str(cur.Body, "stage") != "closed" {
		t.Errorf("after the approved closure: %s %s", str(cur.Body, "status"), str(cur.Body, "stage"))
	}
	step(p.caseWorker, "PUT", "/assessment", map[string]any{"risk": "low", "summary": "x"}, http.StatusConflict)
	step(p.hubAdmin, "POST", "/reopen", map[string]any{"reason": "The family came back; the boy was seen at the tannery."}, http.StatusOK)
	if str(cur.Body, "status") != "open" {
		t.Errorf("after reopening: %s", str(cur.Body, "status"))
	}
	hist := cur.Body["history"].([]any)
	if last := hist[len(hist)-1].(map[string]any); str(last, "what") != "reopened" || str(last, "note") == "" {
		t.Errorf("the reopening is not in the history: %v", last)
	}

	// Every answer above that carried identity is in the activity log.
	log := ta.do("GET", "/api/v1/activity?object=case:"+id+"&limit=500", p.admin, nil)
	expect(t, log, http.StatusOK)
	reads := map[string]int{}
	for _, e := range items(log) {
		if str(e, "action") == "cases.identity_read" {
			reads[str(e, "actor_id")]++
		}
	}
	if reads[w.auditorID] == 0 || reads[w.cwID] == 0 || reads[w.hubAdminID] != 0 {
		t.Errorf("identity reads by actor: %v (auditor %s, case worker %s, hub admin %s)", reads, w.auditorID, w.cwID, w.hubAdminID)
	}
	if strings.Contains(string(log.Raw), "Zeeshan") {
		t.Error("the activity log holds the identity")
	}
}

// caseRole is one caller and what the design lets it see of the case.
type caseRole struct {
	name     string
	tok      string
	view     string // full, staff, supplier, brand, or "" for none (404, or 403 without the permission)
	identity bool
}

// TestEveryRoleAgainstEveryCaseEndpoint tries every role on every case
// endpoint, list and export: no identity outside the design's table, in
// any answer or error; out of scope is 404; a refused change changes nothing.
func TestEveryRoleAgainstEveryCaseEndpoint(t *testing.T) {
	ta := startApp(t)
	w := buildCaseWorld(t, ta)
	p := w.p
	c := w.openTanneryCase(t)
	id := str(c, "id")
	expect(t, ta.do("POST", "/api/v1/cases/"+id+"/consent", p.caseWorker, map[string]any{"version": 1, "kind": "consent_for_services",
		"answer": "given", "by": "mother"}), http.StatusOK) // past version 1, which every change below sends
	indus := p.supplierMgr
	roles := []caseRole{
		{"platform admin", p.admin, "full", true},
		{"hub admin", p.hubAdmin, "staff", false},
		{"auditor who opened it", p.auditor, "full", true},
		{"another auditor", w.auditor2, "", false},
		{"case worker", p.caseWorker, "full", true},
		{"linked brand manager", p.brandA, "brand", false},
		{"linked brand viewer", p.viewerA, "brand", false},
		{"brand not linked", p.brandB, "", false},
		{"the tannery", w.multan, "supplier", false},
		{"another supplier", indus, "", false},
		{"agency officer", p.agent, "", false},
	}
	for _, r := range roles {
		t.Run(r.name, func(t *testing.T) {
			g := ta.do("GET", "/api/v1/cases/"+id, r.tok, nil)
			if r.view == "" {
				if g.Status != http.StatusNotFound && g.Status != http.StatusForbidden {
					t.Errorf("GET: %d, want 404 (or 403 without the permission): %s", g.Status, g.Raw)
				}
			} else {
				expect(t, g, http.StatusOK)
				if str(g.Body, "view") != r.view {
					t.Errorf("view %s, want %s", str(g.Body, "view"), r.view)
				}
			}
			if v := leaks(g); v != "" && !r.identity {
				t.Errorf("GET carries %q: %s", v, g.Raw)
			}
			if r.identity && leaks(g) == "" {
				t.Errorf("GET lacks the identity: %s", g.Raw)
			}
			switch r.view {
			case "brand":
				for _, k := range []string{"identity", "supplier_id", "identified", "work", "plan", "history", "hub_id"} {
					if _, ok := g.Body[k]; ok {
						t.Errorf("brand view has %s: %s", k, g.Raw)
					}
				}
			case "supplier":
				for k := range g.Body {
					if !slices.Contains([]string{"view", "id", "code", "obligations"}, k) {
						t.Errorf("supplier view has %s: %s", k, g.Raw)
					}
				}
			}

			// Lists and the export never carry identity.
			for _, path := range []string{"/api/v1/cases", "/api/v1/cases?supplier_id=" + w.sup, "/api/v1/cases?stage=age_verified",
				"/api/v1/cases.csv", "/api/v1/cases?follow_up_due_before=2099-01-01"} {
				l := ta.do("GET", path, r.tok, nil)
				if l.Status >= 500 {
					t.Errorf("%s: %d %s", path, l.Status, l.Raw)
				}
				if v := leaks(l); v != "" {
					t.Errorf("%s carries %q: %s", path, v, l.Raw)
				}
			}

			// Every change, from a role without the right or out of scope,
			// is refused with no identity and changes nothing; those with it
			// get the right answer for a stale version.
			before := ta.do("GET", "/api/v1/cases/"+id, p.caseWorker, nil)
			for _, e := range []struct {
				method, path string
				body         map[string]any
				perm         []string // roles' views that may do it
			}{
				{"PUT", "/facts", map[string]any{"child": map[string]any{"sex": "male"}, "work": map[string]any{}}, []string{"full"}},
				{"PUT", "/identity", map[string]any{"identity": map[string]any{"child_name": "Replaced Name"}}, []string{"full"}},
				{"POST", "/consent", map[string]any{"kind": "consent_for_services", "answer": "given", "by": "father"}, []string{"full"}},
				{"PUT", "/assessment", map[string]any{"risk": "low", "summary": "x"}, []string{"full"}},
				{"PUT", "/immediate-action", map[string]any{"safeguarding_notes": "x"}, []string{"full"}},
				{"POST", "/plan/actions", map[string]any{"kind": "health", "owner": "hub", "due": "2030-01-01T00:00:00Z"}, []string{"full"}},
				{"POST", "/assign", map[string]any{"user_id": w.cwID}, []string{"full", "staff"}},
				{"POST", "/approvals/assessment/request", map[string]any{}, []string{"full"}},
				{"POST", "/approvals/assessment/approve", map[string]any{}, []string{"full", "staff"}},
				{"POST", "/closure", map[string]any{"reason": "moved_away", "note": "x"}, []string{"full"}},
				{"POST", "/reopen", map[string]any{"reason": "x"}, []string{"full", "staff"}},
			} {
				e.body["version"] = 1 // stale: the case is past version 1
				res := ta.do(e.method, "/api/v1/cases/"+id+e.path, r.tok, e.body)
				if v := leaks(res); v != "" {
					t.Errorf("%s %s carries %q: %s", e.method, e.path, v, res.Raw)
				}
				switch {
				case res.Status < 400:
					t.Errorf("%s %s on a stale version: %d", e.method, e.path, res.Status)
				case r.view == "" && res.Status != http.StatusNotFound && res.Status != http.StatusForbidden:
					t.Errorf("%s %s out of scope: %d, want 404 or 403", e.method, e.path, res.Status)
				}
			}
			after := ta.do("GET", "/api/v1/cases/"+id, p.caseWorker, nil)
			if after.Body["version"] != before.Body["version"] {
				t.Errorf("refused changes moved the case from version %v to %v", before.Body["version"], after.Body["version"])
			}
		})
	}

	// An auditor lists only the cases they opened; brands need a linked supplier.
	l := ta.do("GET", "/api/v1/cases", w.auditor2, nil)
	expect(t, l, http.StatusOK)
	if len(items(l)) != 0 {
		t.Errorf("another auditor lists %d cases", len(items(l)))
	}
	l = ta.do("GET", "/api/v1/cases", p.auditor, nil)
	expect(t, l, http.StatusOK)
	if len(items(l)) != 1 || str(items(l)[0], "view") != "staff" {
		t.Errorf("the opener's list: %s", l.Raw)
	}
	l = ta.do("GET", "/api/v1/cases?supplier_id="+w.sup, p.brandA, nil)
	expect(t, l, http.StatusOK)
	if len(items(l)) != 1 || str(items(l)[0], "view") != "brand" {
		t.Errorf("the brand's list: %s", l.Raw)
	}
	expect(t, ta.do("GET", "/api/v1/cases?supplier_id="+w.sup, p.brandB, nil), http.StatusUnprocessableEntity)
	l = ta.do("GET", "/api/v1/cases", w.multan, nil)
	expect(t, l, http.StatusOK)
	if len(items(l)) != 1 || str(items(l)[0], "view") != "supplier" {
		t.Errorf("the tannery's list: %s", l.Raw)
	}
	csv := ta.do("GET", "/api/v1/cases.csv", p.hubAdmin, nil)
	expect(t, csv, http.StatusOK)
	if !strings.Contains(string(csv.Raw), str(c, "code")) || !strings.Contains(string(csv.Raw), "hazardous_child_labour") {
		t.Errorf("the export lacks the case: %s", csv.Raw)
	}
	listItems(t, w, id)
}

// listItems checks a case's list items: operator staff's is a summary
// with no identity and none of the case's bodies (work, consent,
// assessment, plan, approvals, history); a brand's and the supplier's are
// the same view GET /cases/{id} gives them.
func listItems(t *testing.T, w *caseWorld, id string) {
	t.Helper()
	ta, p := w.ta, w.p
	cur := ta.do("GET", "/api/v1/cases/"+id, p.caseWorker, nil)
	expect(t, cur, http.StatusOK)
	expect(t, ta.do("POST", "/api/v1/cases/"+id+"/plan/actions", p.caseWorker, map[string]any{"version": cur.Body["version"],
		"kind": "stipend", "owner": "supplier", "description": "Paid to the mother, Basti Malook", "due": "2030-01-01T00:00:00Z",
		"stipend_monthly_pkr": 9000}), http.StatusCreated)
	whole := ta.do("GET", "/api/v1/cases/"+id, p.caseWorker, nil)
	for _, tok := range []string{p.caseWorker, p.hubAdmin, p.auditor} {
		l := ta.do("GET", "/api/v1/cases?stage="+str(whole.Body, "stage"), tok, nil)
		expect(t, l, http.StatusOK)
		if len(items(l)) != 1 {
			t.Fatalf("staff list: %s", l.Raw)
		}
		it := items(l)[0]
		for k := range it {
			if !slices.Contains([]string{"view", "id", "code", "hub_id", "supplier_id", "status", "stage", "classification_class", "age_years",
				"age_band", "sex", "assigned_to", "opened_by", "identified", "next_follow_up_due", "stipend_late", "follow_ups",
				"follow_up_streak", "plan_actions", "updated", "version"}, k) {
				t.Errorf("a staff list item has %s: %s", k, l.Raw)
			}
		}
		if v := leaks(l); v != "" || strings.Contains(string(l.Raw), "Basti Malook") {
			t.Errorf("a staff list carries %q: %s", v, l.Raw)
		}
		cls, _ := whole.Body["classification"].(map[string]any)
		if str(it, "view") != "staff" || str(it, "id") != id || str(it, "code") != str(whole.Body, "code") ||
			str(it, "classification_class") != str(cls, "class") || it["plan_actions"] != float64(len(whole.Body["plan"].([]any))) ||
			it["version"] != whole.Body["version"] || str(it, "age_band") != str(whole.Body, "age_band") {
			t.Errorf("the staff list item does not summarise the case:\n%s\n%s", l.Raw, whole.Raw)
		}
	}
	for _, c := range []struct{ tok, path string }{
		{p.brandA, "/api/v1/cases?supplier_id=" + w.sup},
		{w.multan, "/api/v1/cases"},
	} {
		l := ta.do("GET", c.path, c.tok, nil)
		g := ta.do("GET", "/api/v1/cases/"+id, c.tok, nil)
		expect(t, l, http.StatusOK)
		expect(t, g, http.StatusOK)
		if len(items(l)) != 1 || !reflect.DeepEqual(items(l)[0], g.Body) {
			t.Errorf("a list item is not the case's view:\n%s\n%s", l.Raw, g.Raw)
		}
	}
	sup := ta.do("GET", "/api/v1/cases", w.multan, nil)
	if obs, _ := items(sup)[0]["obligations"].([]any); len(obs) != 1 || strings.Contains(string(sup.Raw), "Basti Malook") {
		t.Errorf("the supplier's list item: %s", sup.Raw)
	}
}

// TestCaseIdentitySurvivesKeyRotation restarts the app with a new
// SECRET_KEY and the old one in SECRET_KEY_PREVIOUS: the case still reads
// whole, an edit reseals it, and sessions opened under the old key go on.
func TestCaseIdentitySurvivesKeyRotation(t *testing.T) {
	ta := startApp(t)
	w := buildCaseWorld(t, ta)
	c := w.openTanneryCase(t)
	id := str(c, "id")
	ta.cancel()
	if err := <-ta.done; err != nil {
		t.Fatalf("run: %v", err)
	}
	ta.done <- nil // let the cleanup's stop return at once

	env := map[string]string{}
	for k, v := range ta.env {
		env[k] = v
	}
	newKey := make([]byte, 32)
	for i := range newKey {
		newKey[i] = byte(200 - i)
	}
	env["SECRET_KEY_PREVIOUS"] = env["SECRET_KEY"]
	env["SECRET_KEY"] = base64.StdEncoding.EncodeToString(newKey)
	tb := launch(t, env)
	// a token issued under the old key still signs in during the rotation
	expect(t, tb.do("GET", "/api/v1/me", w.p.caseWorker, nil), http.StatusOK)
	cw := tb.login("case.worker@crah.demo")
	r := tb.do("GET", "/api/v1/cases/"+id, cw, nil)
	expect(t, r, http.StatusOK)
	if r.Body["identity"] == nil || str(r.Body["identity"].(map[string]any), "child_name") != "Zeeshan Iqbal" {
		t.Fatalf("after rotation: %s", r.Raw)
	}
	u := tb.do("POST", "/api/v1/cases/"+id+"/consent", cw, map[string]any{"version": r.Body["version"], "kind": "consent_for_services",
		"answer": "given", "by": "mother"})
	expect(t, u, http.StatusOK)
	if str(u.Body["identity"].(map[string]any), "phone") != "0345-7771234" {
		t.Errorf("identity after an edit under the new key: %s", u.Raw)
	}
}

// TestCasePhoto: the child's photo goes in and out with identity-level
// access only, a PDF or a stale version is refused, and each download is
// an identity read in the activity log.
func TestCasePhoto(t *testing.T) {
	ta := startApp(t)
	w := buildCaseWorld(t, ta)
	p := w.p
	c := w.openTanneryCase(t)
	id := str(c, "id")
	path := "/api/v1/cases/" + id + "/photo"
	expect(t, ta.send("POST", path+"?version=1", p.caseWorker, "application/pdf", pdfFile), http.StatusUnprocessableEntity)
	expect(t, ta.send("POST", path+"?version=1", p.hubAdmin, "image/png", pngFile), http.StatusForbidden)
	expect(t, ta.send("POST", path+"?version=1", w.auditor2, "image/png", pngFile), http.StatusNotFound)
	up := ta.send("POST", path+"?version=1", p.caseWorker, "image/png", pngFile)
	expect(t, up, http.StatusOK)
	if str(up.Body["identity"].(map[string]any), "photo_blob_id") == "" || up.Body["version"] != float64(2) {
		t.Fatalf("after the upload: %s", up.Raw)
	}
	expect(t, ta.send("POST", path+"?version=1", p.caseWorker, "image/png", pngFile), http.StatusConflict)
	for _, r := range []struct {
		name   string
		tok    string
		status int
	}{
		{"case worker", p.caseWorker, http.StatusOK}, {"opening auditor", p.auditor, http.StatusOK}, {"platform admin", p.admin, http.StatusOK},
		{"hub admin", p.hubAdmin, http.StatusNotFound}, {"another auditor", w.auditor2, http.StatusNotFound},
		{"linked brand", p.brandA, http.StatusNotFound}, {"the tannery", w.multan, http.StatusNotFound},
	} {
		g := ta.do("GET", path, r.tok, nil)
		if g.Status != r.status {
			t.Errorf("%s: %d, want %d", r.name, g.Status, r.status)
		}
		if r.status == http.StatusOK && (string(g.Raw) != string(pngFile) || g.Header.Get("Content-Type") != "image/png") {
			t.Errorf("%s: the photo came back changed (%s)", r.name, g.Header.Get("Content-Type"))
		}
	}
	log := ta.do("GET", "/api/v1/activity?object=case:"+id+"/photo", p.admin, nil)
	expect(t, log, http.StatusOK)
	if n := len(items(log)); n != 3 {
		t.Errorf("%d photo reads logged, want 3", n)
	}
}
