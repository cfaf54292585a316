package integration_tests

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// The audits scope suite builds one hub with an audit in every state, every
// kind of party around it and a second hub, then walks tables of roles ×
// endpoints × states: who gets 200, 403 (a role refused before anything is
// read) or 404 (unknown or out of sight, alike), and what must never appear
// in what a brand or a supplier receives.

// auditRole is one caller of the suite.
type auditRole struct {
	name  string
	tok   string
	party string // staff, brand (linked), stranger (brand not linked), site (the audited supplier), othersite, agency
	perms []string
}

// auditCase is one audit of the world, in one state, with what it holds.
type auditCase struct {
	state      string // scheduled_announced, scheduled_unannounced, in_progress, submitted, published, cancelled
	id         string
	finding    string // "" when the audit has none
	plainFile  string // an auditor's file of the finding that shows no person
	personFile string // an auditor's file of the finding that shows a person
}

// auditWorld is everything the suite's tables refer to.
type auditWorld struct {
	ta                     *testApp
	p                      *parties
	roles                  []auditRole
	cases                  []*auditCase
	sup, otherSup          string
	auditorID, auditor2ID  string
	orgC                   string
	action                 string // the corrective action of the published audit, open
	siteFile, sitePerson   string // the site's files on action: one plain, one showing a person
	hub2Audit, hub2Finding string // an in-progress audit of another hub, with a finding
	hub2Sup                string
}

func (w *auditWorld) byState(s string) *auditCase {
	for _, c := range w.cases {
		if c.state == s {
			return c
		}
	}
	w.ta.t.Fatalf("no audit %s", s)
	return nil
}

// buildAuditWorld makes the world: supplier Indus (its own organisation,
// linked to brands A and C), Multan Leather with its own organisation, two
// auditors, audits in every state at Indus, and an audit in a second hub.
func buildAuditWorld(t *testing.T) *auditWorld {
	t.Helper()
	ta := startApp(t)
	p := newParties(t, ta)
	w := &auditWorld{ta: ta, p: p}
	me := func(tok string) (user, org string) {
		r := ta.do("GET", "/api/v1/me", tok, nil)
		expect(t, r, http.StatusOK)
		return str(r.Body["user"].(map[string]any), "id"), str(r.Body["organisation"].(map[string]any), "id")
	}
	var opOrg string
	w.auditorID, opOrg = me(p.auditor)
	mk := func(tok, org, email, role string) string {
		r := ta.do("POST", "/api/v1/users", tok, map[string]any{"org_id": org, "email": email, "name": "Test " + role,
			"role": role, "password": "a long enough passphrase"})
		expect(t, r, http.StatusCreated)
		l := ta.do("POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": "a long enough passphrase"})
		expect(t, l, http.StatusOK)
		return str(l.Body, "token")
	}
	auditor2 := mk(p.hubAdmin, opOrg, "second.auditor@crah.example", "auditor")
	w.auditor2ID, _ = me(auditor2)
	brandCOrg := ta.do("POST", "/api/v1/organisations", p.hubAdmin, map[string]any{"kind": "brand", "name": "Cedar Clothing plc", "hub_ids": []string{p.hub}})
	expect(t, brandCOrg, http.StatusCreated)
	w.orgC = str(brandCOrg.Body, "id")
	brandC := mk(p.hubAdmin, w.orgC, "buyer@cedar.example", "brand_manager")
	multan := ta.login("compliance@multanleather.demo")
	_, multanOrg := me(multan)

	n := nominate(t, ta, p.brandA, facility("Indus Weaving Mills", "Plot 12, Sector 7-A, Korangi Industrial Area", "Karachi", "weaving"), http.StatusCreated)
	w.sup = str(accept(t, ta, p.hubAdmin, str(n, "id")), "supplier_id")
	nc := nominate(t, ta, brandC, facility("Indus Weaving Mills", "Plot 12, Sector 7-A, Korangi Industrial Area", "Karachi", "weaving"), http.StatusCreated)
	if got := str(accept(t, ta, p.hubAdmin, str(nc, "id")), "supplier_id"); got != w.sup {
		t.Fatalf("brand C linked to %s, not %s", got, w.sup)
	}
	expect(t, ta.do("PATCH", "/api/v1/suppliers/"+w.sup, p.hubAdmin, map[string]any{"org_id": p.indusOrg}), http.StatusOK)
	other := ta.do("POST", "/api/v1/suppliers", p.hubAdmin, map[string]any{"name": "Multan Leather Works", "address": "Plot 3, Industrial Estate",
		"city": "Multan", "sector": "leather", "sub_sector": "tannery", "org_id": multanOrg})
	expect(t, other, http.StatusCreated)
	w.otherSup = str(other.Body, "id")

	audPerms := []string{"audits:read", "audits:list"}
	staffR := append(slices.Clone(audPerms), "findings:read", "findings:list", "actions:read", "actions:list", "evidence:read")
	w.roles = []auditRole{
		{"platform admin", p.admin, "staff", append(slices.Clone(staffR), "audits:schedule", "audits:start", "audits:publish", "audits:cancel", "actions:verify")},
		{"hub admin", p.hubAdmin, "staff", append(slices.Clone(staffR), "audits:schedule", "audits:start", "audits:publish", "audits:cancel", "actions:verify")},
		{"auditor on the audit", p.auditor, "staff", append(slices.Clone(staffR), "audits:start", "audits:submit", "findings:record", "actions:verify", "evidence:upload")},
		{"auditor not on it", auditor2, "staff", append(slices.Clone(staffR), "audits:start", "audits:submit", "findings:record", "actions:verify", "evidence:upload")},
		{"case worker", p.caseWorker, "staff", staffR},
		{"linked brand manager", p.brandA, "brand", append(slices.Clone(audPerms), "findings:read", "actions:read", "actions:list", "evidence:read")},
		{"linked brand viewer", p.viewerA, "brand", append(slices.Clone(audPerms), "findings:read", "actions:read", "actions:list", "evidence:read")},
		{"brand not linked", p.brandB, "stranger", append(slices.Clone(audPerms), "findings:read", "actions:read", "actions:list", "evidence:read")},
		{"audited supplier", p.supplierMgr, "site", append(slices.Clone(audPerms), "findings:read", "findings:respond", "actions:read", "actions:list", "actions:update", "evidence:upload", "evidence:read")},
		{"another supplier", multan, "othersite", append(slices.Clone(audPerms), "findings:read", "findings:respond", "actions:read", "actions:list", "actions:update", "evidence:upload", "evidence:read")},
		{"agency officer", p.agent, "agency", nil},
	}

	kar, _ := time.LoadLocation("Asia/Karachi")
	day := func(n int) string { return time.Now().In(kar).AddDate(0, 0, n).Format("2006-01-02") }
	schedule := func(typ, mode string, d int) string {
		r := ta.do("POST", "/api/v1/audits", p.hubAdmin, map[string]any{"supplier_id": w.sup, "type": typ, "mode": mode,
			"window": map[string]any{"from": day(d), "to": day(d)}, "lead_auditor_id": w.auditorID, "team_ids": []string{w.auditorID},
			"brand_org_ids": []string{p.orgA, w.orgC}})
		expect(t, r, http.StatusCreated)
		return str(r.Body, "id")
	}
	move := func(id, m, tok string, body any) {
		t.Helper()
		expect(t, ta.do("POST", "/api/v1/audits/"+id+"/"+m, tok, body), http.StatusOK)
	}
	score := map[string]any{"score": map[string]any{"met": 60, "applicable": 100}, "summary": "Wages late; fire exits blocked."}
	withFinding := func(c *auditCase, category string) {
		r := ta.do("POST", "/api/v1/audits/"+c.id+"/findings", p.auditor, map[string]any{"category": category, "severity": "major",
			"description": "Fire exit on the second floor blocked by bales.", "location": "stitching hall"})
		expect(t, r, http.StatusCreated)
		c.finding = str(r.Body, "id")
		ev := "/api/v1/findings/" + c.finding + "/evidence"
		pf := ta.send("POST", ev, p.auditor, "application/pdf", pdfFile)
		expect(t, pf, http.StatusCreated)
		pp := ta.send("POST", ev+"?shows_person=true", p.auditor, "image/png", pngFile)
		expect(t, pp, http.StatusCreated)
		c.plainFile, c.personFile = str(pf.Body, "id"), str(pp.Body, "id")
	}

	// Published (initial, unannounced), then the rest; each audit on its own day.
	pub := &auditCase{state: "published", id: schedule("initial", "unannounced", 1)}
	move(pub.id, "start", p.auditor, nil)
	withFinding(pub, "health_safety")
	move(pub.id, "submit", p.auditor, score)
	move(pub.id, "publish", p.hubAdmin, nil)
	canc := &auditCase{state: "cancelled", id: schedule("periodic", "announced", 2)}
	move(canc.id, "cancel", p.hubAdmin, map[string]any{"reason": "CANCEL-NOTE the site closed for Eid."})
	sa := &auditCase{state: "scheduled_announced", id: schedule("initial", "announced", 3)}
	su := &auditCase{state: "scheduled_unannounced", id: schedule("periodic", "unannounced", 4)}
	ip := &auditCase{state: "in_progress", id: schedule("follow_up", "unannounced", 5)}
	move(ip.id, "start", p.auditor, nil)
	withFinding(ip, "health_safety")
	sub := &auditCase{state: "submitted", id: schedule("verification", "announced", 6)}
	move(sub.id, "start", p.auditor, nil)
	withFinding(sub, "wages")
	move(sub.id, "submit", p.auditor, score)
	move(sub.id, "return", p.hubAdmin, map[string]any{"reason": "RETURN-SECRET the photos are missing."})
	move(sub.id, "submit", p.auditor, score)
	w.cases = []*auditCase{sa, su, ip, sub, pub, canc}

	acts := ta.do("GET", "/api/v1/actions?finding_id="+pub.finding, p.hubAdmin, nil)
	expect(t, acts, http.StatusOK)
	if len(items(acts)) != 1 {
		t.Fatalf("a major finding's actions: %s", acts.Raw)
	}
	w.action = str(items(acts)[0], "id")
	// The site uploads to the action: a plain file and one showing a person.
	sf := ta.send("POST", "/api/v1/actions/"+w.action+"/evidence", p.supplierMgr, "application/pdf", pdfFile)
	expect(t, sf, http.StatusCreated)
	sp := ta.send("POST", "/api/v1/actions/"+w.action+"/evidence?shows_person=true", p.supplierMgr, "image/png", pngFile)
	expect(t, sp, http.StatusCreated)
	w.siteFile, w.sitePerson = str(sf.Body, "id"), str(sp.Body, "id")
	expect(t, ta.do("POST", "/api/v1/actions/"+w.action+"/owner", p.supplierMgr, map[string]any{"text": "OWNER-NAME Mr Aslam, HR"}), http.StatusOK)

	// A second hub with its own operator, supplier and an audit in progress.
	hub2ID := p.secondHub(t, ta)
	op2 := ta.do("POST", "/api/v1/organisations", p.admin, map[string]any{"kind": "operator", "name": "Dhaka Action Hub", "hub_ids": []string{hub2ID}})
	expect(t, op2, http.StatusCreated)
	admin2 := mk(p.admin, str(op2.Body, "id"), "admin@dhaka.example", "hub_admin")
	aud2 := mk(p.admin, str(op2.Body, "id"), "auditor@dhaka.example", "auditor")
	aud2ID, _ := me(aud2)
	s2 := ta.do("POST", "/api/v1/suppliers", admin2, map[string]any{"name": "Dhaka Knit Ltd", "address": "Road 7, Tongi", "city": "Dhaka",
		"sector": "textile", "sub_sector": "knitting"})
	expect(t, s2, http.StatusCreated)
	w.hub2Sup = str(s2.Body, "id")
	dhaka, _ := time.LoadLocation("Asia/Dhaka")
	d2 := time.Now().In(dhaka).AddDate(0, 0, 2).Format("2006-01-02")
	a2 := ta.do("POST", "/api/v1/audits", admin2, map[string]any{"supplier_id": w.hub2Sup, "type": "initial", "mode": "announced",
		"window": map[string]any{"from": d2, "to": d2}, "lead_auditor_id": aud2ID, "team_ids": []string{aud2ID}})
	expect(t, a2, http.StatusCreated)
	w.hub2Audit = str(a2.Body, "id")
	expect(t, ta.do("POST", "/api/v1/audits/"+w.hub2Audit+"/start", aud2, nil), http.StatusOK)
	f2 := ta.do("POST", "/api/v1/audits/"+w.hub2Audit+"/findings", aud2, map[string]any{"category": "wages", "severity": "minor", "description": "Late pay."})
	expect(t, f2, http.StatusCreated)
	w.hub2Finding = str(f2.Body, "id")
	return w
}

// can reports whether the role holds the permission.
func (r auditRole) can(perm string) bool { return slices.Contains(r.perms, perm) }

// seesAudit is the table of who may know of an audit in each state.
func seesAudit(party, state string) bool {
	switch party {
	case "staff":
		return true
	case "brand":
		return state == "published"
	case "site":
		return state != "scheduled_unannounced"
	}
	return false
}

// seesResults: findings and actions of the audit.
func seesResults(party, state string) bool {
	return party == "staff" || (party == "brand" || party == "site") && state == "published"
}

// readWant is the status a read needing perm answers for a role whose
// sight of the object is visible.
func readWant(r auditRole, perm string, visible bool) int {
	switch {
	case !r.can(perm):
		return http.StatusForbidden
	case !visible:
		return http.StatusNotFound
	}
	return http.StatusOK
}

// secrets are strings a brand or a supplier must never receive, with who
// may not: names and IDs of auditors, other brands served, reasons internal
// to the operator, and files that show a person.
func (w *auditWorld) secrets(party string) []string {
	var out []string
	for _, c := range w.cases {
		if c.personFile != "" {
			out = append(out, c.personFile)
		}
	}
	out = append(out, w.sitePerson, `"shows_person":true`, "RETURN-SECRET", `"recorded_by"`, `"uploader_id"`, w.auditor2ID)
	if party == "brand" || party == "stranger" {
		out = append(out, w.auditorID, w.orgC, "CANCEL-NOTE", "OWNER-NAME", `"team_ids"`, `"lead_auditor_id"`, w.p.orgB)
	}
	return out
}

func (w *auditWorld) checkNoLeak(t *testing.T, r auditRole, what string, res response) {
	t.Helper()
	if r.party == "staff" || res.Status != http.StatusOK {
		return
	}
	for _, s := range w.secrets(r.party) {
		if s != "" && bytes.Contains(res.Raw, []byte(s)) {
			t.Errorf("%s: %s receives %q: %s", r.name, what, s, res.Raw)
		}
	}
}

// versions reads every audit object's version as the platform admin sees
// it, so a suite can show that nothing it was refused changed anything.
func (w *auditWorld) versions(t *testing.T) map[string]any {
	t.Helper()
	out := map[string]any{}
	get := func(path string) {
		r := w.ta.do("GET", path, w.p.admin, nil)
		expect(t, r, http.StatusOK)
		out[path] = fmt.Sprint(r.Body["version"], r.Body["state"], len(fmt.Sprint(r.Body["evidence"])), r.Body["response"])
	}
	for _, c := range w.cases {
		get("/api/v1/audits/" + c.id)
		if c.finding != "" {
			get("/api/v1/findings/" + c.finding)
		}
	}
	get("/api/v1/actions/" + w.action)
	get("/api/v1/audits/" + w.hub2Audit)
	get("/api/v1/findings/" + w.hub2Finding)
	out["files"] = storedFiles(t, w.ta)
	return out
}

func (w *auditWorld) unchanged(t *testing.T, before map[string]any) {
	t.Helper()
	after := w.versions(t)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s changed: %v, then %v", k, v, after[k])
		}
	}
}

// TestAuditScopeMatrix walks every role against every audit, finding,
// action and evidence endpoint in every audit state.
func TestAuditScopeMatrix(t *testing.T) {
	w := buildAuditWorld(t)
	ta := w.ta
	before := w.versions(t)
	check := func(r auditRole, method, path string, body any, want int) response {
		t.Helper()
		res := ta.do(method, path, r.tok, body)
		if res.Status != want {
			t.Errorf("%s %s %s: %d, want %d: %s", r.name, method, path, res.Status, want, res.Raw)
			return res
		}
		if want >= 400 {
			expect(t, res, want)
		}
		w.checkNoLeak(t, r, method+" "+path, res)
		return res
	}

	// Reads of each audit, its findings and files.
	for _, c := range w.cases {
		for _, r := range w.roles {
			check(r, "GET", "/api/v1/audits/"+c.id, nil, readWant(r, "audits:read", seesAudit(r.party, c.state)))
			fl := check(r, "GET", "/api/v1/audits/"+c.id+"/findings", nil, readWant(r, "findings:read", seesAudit(r.party, c.state)))
			if fl.Status == http.StatusOK && !seesResults(r.party, c.state) && len(items(fl)) != 0 {
				t.Errorf("%s lists the findings of a %s audit: %s", r.name, c.state, fl.Raw)
			}
			if c.finding == "" {
				continue
			}
			check(r, "GET", "/api/v1/findings/"+c.finding, nil, readWant(r, "findings:read", seesResults(r.party, c.state)))
			ev := "/api/v1/findings/" + c.finding + "/evidence/"
			check(r, "GET", ev+c.plainFile, nil, readWant(r, "evidence:read", r.party == "staff" || r.party == "brand" && c.state == "published"))
			check(r, "GET", ev+c.personFile, nil, readWant(r, "evidence:read", r.party == "staff"))
			// Another finding's file through this finding's URL.
			for _, o := range w.cases {
				if o.finding != "" && o != c {
					check(r, "GET", ev+o.plainFile, nil, readWant(r, "evidence:read", false))
					break
				}
			}
		}
	}
	// The action and its files (only the published audit has actions).
	for _, r := range w.roles {
		sees := r.party == "staff" || r.party == "brand" || r.party == "site"
		check(r, "GET", "/api/v1/actions/"+w.action, nil, readWant(r, "actions:read", sees))
		check(r, "GET", "/api/v1/actions/"+w.action+"/evidence/"+w.siteFile, nil, readWant(r, "evidence:read", sees))
		check(r, "GET", "/api/v1/actions/"+w.action+"/evidence/"+w.sitePerson, nil, readWant(r, "evidence:read", r.party == "staff"))
		check(r, "GET", "/api/v1/actions/"+w.action+"/evidence/"+w.byState("published").plainFile, nil, readWant(r, "evidence:read", false))
	}
	// Another hub's objects: every role of this hub but the platform gets 404.
	for _, r := range w.roles {
		for _, path := range []string{"/api/v1/audits/" + w.hub2Audit, "/api/v1/findings/" + w.hub2Finding, "/api/v1/audits/" + w.hub2Audit + "/findings"} {
			perm := "audits:read"
			if strings.Contains(path, "findings") {
				perm = "findings:read"
			}
			want := readWant(r, perm, false)
			if r.name == "platform admin" {
				want = http.StatusOK
			}
			check(r, "GET", path, nil, want)
		}
	}

	// Moves of audits: a role without the permission 403 first; then out
	// of sight 404; then the domain's role rule 403; then a wrong state 409.
	// A move that would succeed is not made here (TestAuditFlow makes them).
	type auditMove struct {
		name, perm string
		from       []string
		who        func(r auditRole) bool // the domain's role rule
		body       any
	}
	admins := func(r auditRole) bool { return r.name == "platform admin" || r.name == "hub admin" }
	team := func(r auditRole) bool { return r.name == "auditor on the audit" }
	reason := map[string]any{"reason": "Checked again."}
	for _, m := range []auditMove{
		{"start", "audits:start", []string{"scheduled_announced", "scheduled_unannounced"}, func(r auditRole) bool { return admins(r) || team(r) }, nil},
		{"submit", "audits:submit", []string{"in_progress"}, team, map[string]any{"score": map[string]any{"met": 1, "applicable": 2}, "summary": "x"}},
		{"return", "audits:publish", []string{"submitted"}, admins, reason},
		{"publish", "audits:publish", []string{"submitted"}, admins, nil},
		{"cancel", "audits:cancel", []string{"scheduled_announced", "scheduled_unannounced", "in_progress"}, admins, reason},
	} {
		for _, c := range w.cases {
			for _, r := range w.roles {
				want := readWant(r, m.perm, seesAudit(r.party, c.state))
				switch {
				case want != http.StatusOK:
				case !m.who(r):
					want = http.StatusForbidden
				case !slices.Contains(m.from, c.state):
					want = http.StatusConflict
				default:
					continue // it would succeed
				}
				check(r, "POST", "/api/v1/audits/"+c.id+"/"+m.name, m.body, want)
			}
		}
	}
	// Recording findings, answering them, uploading evidence to them.
	finding := map[string]any{"category": "wages", "severity": "minor", "description": "Late pay."}
	for _, c := range w.cases {
		for _, r := range w.roles {
			want := readWant(r, "findings:record", seesAudit(r.party, c.state))
			switch {
			case want != http.StatusOK:
			case !team(r):
				want = http.StatusForbidden
			case c.state != "in_progress":
				want = http.StatusConflict
			default:
				continue
			}
			check(r, "POST", "/api/v1/audits/"+c.id+"/findings", finding, want)
			if c.finding == "" {
				continue
			}
			want = readWant(r, "findings:respond", seesResults(r.party, c.state))
			if want == http.StatusOK {
				continue // the site's answer to a published finding: once, in TestAuditFlow
			}
			check(r, "POST", "/api/v1/findings/"+c.finding+"/response", map[string]any{"kind": "agree"}, want)
		}
		if c.finding == "" {
			continue
		}
		for _, r := range w.roles {
			want := readWant(r, "evidence:upload", seesResults(r.party, c.state))
			switch {
			case want != http.StatusOK:
			case !team(r):
				want = http.StatusForbidden
			case c.state != "in_progress":
				want = http.StatusConflict
			default:
				continue
			}
			res := ta.send("POST", "/api/v1/findings/"+c.finding+"/evidence", r.tok, "application/pdf", pdfFile)
			if res.Status != want {
				t.Errorf("%s uploads to a %s finding: %d, want %d: %s", r.name, c.state, res.Status, want, res.Raw)
			} else {
				expect(t, res, want)
			}
		}
	}
	// Moves of the open action and uploads to it.
	for _, m := range []struct {
		name, perm string
		site       bool // the site's move (else the hub's)
		fromOpen   bool
		body       any
	}{
		{"start", "actions:update", true, true, nil},
		{"owner", "actions:update", true, true, map[string]any{"text": "Compliance office"}},
		{"submit", "actions:update", true, false, map[string]any{"text": "Done."}},
		{"verify", "actions:verify", false, false, nil},
		{"reject", "actions:verify", false, false, map[string]any{"text": "Not done."}},
	} {
		for _, r := range w.roles {
			want := readWant(r, m.perm, r.party == "staff" || r.party == "brand" || r.party == "site")
			switch {
			case want != http.StatusOK:
			case m.site != (r.party == "site") || !m.site && r.name == "auditor not on it":
				want = http.StatusForbidden
			case !m.fromOpen:
				want = http.StatusConflict
			default:
				continue
			}
			check(r, "POST", "/api/v1/actions/"+w.action+"/"+m.name, m.body, want)
		}
	}
	for _, r := range w.roles {
		want := readWant(r, "evidence:upload", r.party == "staff" || r.party == "brand" || r.party == "site")
		switch {
		case want != http.StatusOK:
		case r.party != "site":
			want = http.StatusForbidden
		default:
			continue
		}
		res := ta.send("POST", "/api/v1/actions/"+w.action+"/evidence", r.tok, "application/pdf", pdfFile)
		if res.Status != want {
			t.Errorf("%s uploads to the action: %d, want %d: %s", r.name, res.Status, want, res.Raw)
		} else {
			expect(t, res, want)
		}
	}
	w.unchanged(t, before)

	// Lists: what each party may list, and never another party's objects.
	visibleAudits := func(party string) []string {
		var out []string
		for _, c := range w.cases {
			if seesAudit(party, c.state) {
				out = append(out, c.id)
			}
		}
		return out
	}
	sameSet := func(r auditRole, what string, got, want []string) {
		t.Helper()
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s lists %s %v, want %v", r.name, what, got, want)
		}
	}
	for _, r := range w.roles {
		switch r.party {
		case "staff":
			if r.name == "platform admin" {
				continue // works in no hub: names one
			}
			l := check(r, "GET", "/api/v1/audits?limit=500", nil, http.StatusOK)
			sameSet(r, "audits", ids(l), visibleAudits("staff"))
			l = check(r, "GET", "/api/v1/audits?supplier_id="+w.sup, nil, http.StatusOK)
			sameSet(r, "the supplier's audits", ids(l), visibleAudits("staff"))
			check(r, "GET", "/api/v1/audits?supplier_id="+w.hub2Sup, nil, http.StatusUnprocessableEntity)
			check(r, "GET", "/api/v1/findings?hub_id="+str(ta.do("GET", "/api/v1/audits/"+w.hub2Audit, w.p.admin, nil).Body, "hub_id"), nil, http.StatusNotFound)
			l = check(r, "GET", "/api/v1/findings", nil, http.StatusOK)
			if slices.Contains(ids(l), w.hub2Finding) {
				t.Errorf("%s lists another hub's finding", r.name)
			}
		case "brand":
			l := check(r, "GET", "/api/v1/audits", nil, http.StatusOK)
			sameSet(r, "audits", ids(l), visibleAudits("brand"))
			l = check(r, "GET", "/api/v1/audits?supplier_id="+w.sup, nil, http.StatusOK)
			sameSet(r, "the supplier's audits", ids(l), visibleAudits("brand"))
			for _, st := range []string{"scheduled", "in_progress", "submitted", "cancelled"} {
				l = check(r, "GET", "/api/v1/audits?supplier_id="+w.sup+"&state="+st, nil, http.StatusOK)
				if len(ids(l)) != 0 {
					t.Errorf("%s lists %s audits: %s", r.name, st, l.Raw)
				}
			}
			l = check(r, "GET", "/api/v1/actions?supplier_id="+w.sup, nil, http.StatusOK)
			sameSet(r, "actions", ids(l), []string{w.action})
			check(r, "GET", "/api/v1/actions", nil, http.StatusUnprocessableEntity)
			check(r, "GET", "/api/v1/findings", nil, http.StatusForbidden)
			check(r, "GET", "/api/v1/actions?supplier_id="+w.otherSup, nil, http.StatusNotFound)
		case "site":
			l := check(r, "GET", "/api/v1/audits", nil, http.StatusOK)
			sameSet(r, "audits", ids(l), visibleAudits("site"))
			l = check(r, "GET", "/api/v1/audits?state=scheduled", nil, http.StatusOK)
			sameSet(r, "scheduled audits", ids(l), []string{w.byState("scheduled_announced").id})
			l = check(r, "GET", "/api/v1/actions", nil, http.StatusOK)
			sameSet(r, "actions", ids(l), []string{w.action})
			check(r, "GET", "/api/v1/audits?supplier_id="+w.otherSup, nil, http.StatusNotFound)
			check(r, "GET", "/api/v1/findings", nil, http.StatusForbidden)
		case "stranger", "othersite":
			l := check(r, "GET", "/api/v1/audits", nil, http.StatusOK)
			sameSet(r, "audits", ids(l), nil)
			check(r, "GET", "/api/v1/audits?supplier_id="+w.sup, nil, http.StatusNotFound)
			check(r, "GET", "/api/v1/actions?supplier_id="+w.sup, nil, http.StatusNotFound)
			check(r, "GET", "/api/v1/actions?finding_id="+w.byState("published").finding, nil, http.StatusNotFound)
		case "agency":
			for _, path := range []string{"/api/v1/audits", "/api/v1/findings", "/api/v1/actions?supplier_id=" + w.sup} {
				check(r, "GET", path, nil, http.StatusForbidden)
			}
		}
		// Paging one at a time reveals no more than the whole list.
		if r.party != "agency" && r.name != "platform admin" {
			var seen []string
			cursor := ""
			for range 20 {
				l := check(r, "GET", "/api/v1/audits?limit=1"+cursor, nil, http.StatusOK)
				seen = append(seen, ids(l)...)
				next := str(l.Body, "next_cursor")
				if next == "" {
					break
				}
				cursor = "&cursor=" + next
			}
			want := visibleAudits(r.party)
			if r.party == "othersite" || r.party == "stranger" {
				want = nil
			}
			sameSet(r, "audits one by one", seen, want)
		}
	}
}

// TestAuditHostileInput sends every audits operation bad input: each answer
// is a 4xx problem with a sentence, never a 500, and nothing changes.
func TestAuditHostileInput(t *testing.T) {
	w := buildAuditWorld(t)
	ta, p := w.ta, w.p
	kar, _ := time.LoadLocation("Asia/Karachi")
	day := func(n int) string { return time.Now().In(kar).AddDate(0, 0, n).Format("2006-01-02") }
	plan := func(edit func(m map[string]any)) map[string]any {
		m := map[string]any{"supplier_id": w.otherSup, "type": "initial", "mode": "announced",
			"window": map[string]any{"from": day(20), "to": day(21)}, "lead_auditor_id": w.auditorID, "team_ids": []string{w.auditorID}}
		edit(m)
		return m
	}
	win := func(from, to string) func(m map[string]any) {
		return func(m map[string]any) { m["window"] = map[string]any{"from": from, "to": to} }
	}
	set := func(k string, v any) func(m map[string]any) { return func(m map[string]any) { m[k] = v } }
	huge := strings.Repeat("x", 100_000)
	ip, sub, pub := w.byState("in_progress"), w.byState("submitted"), w.byState("published")
	audits := ta.do("GET", "/api/v1/audits?limit=1", p.hubAdmin, nil)
	expect(t, audits, http.StatusOK)
	auditCursor := str(audits.Body, "next_cursor")
	finding := func(edit func(m map[string]any)) map[string]any {
		m := map[string]any{"category": "wages", "severity": "minor", "description": "Late pay."}
		edit(m)
		return m
	}
	before := w.versions(t)
	before["audits"] = len(ids(ta.do("GET", "/api/v1/audits?limit=500", p.hubAdmin, nil)))
	for _, c := range []struct {
		name, method, path, tok string
		body                    any
		want                    []int // any of
	}{
		{"malformed JSON", "POST", "/api/v1/audits", p.hubAdmin, `{"supplier_id":`, []int{400}},
		{"not an object", "POST", "/api/v1/audits", p.hubAdmin, `[1,2]`, []int{422, 400}},
		{"wrong type", "POST", "/api/v1/audits", p.hubAdmin, plan(set("supplier_id", 5)), []int{422}},
		{"NoSQL operator", "POST", "/api/v1/audits", p.hubAdmin, plan(set("supplier_id", map[string]any{"$ne": nil})), []int{422}},
		{"SQL-looking ID", "POST", "/api/v1/audits", p.hubAdmin, plan(set("supplier_id", "' OR 1=1 --")), []int{422}},
		{"unknown type", "POST", "/api/v1/audits", p.hubAdmin, plan(set("type", "annual")), []int{422}},
		{"unknown mode", "POST", "/api/v1/audits", p.hubAdmin, plan(set("mode", "surprise")), []int{422}},
		{"unknown field", "POST", "/api/v1/audits", p.hubAdmin, plan(set("state", "published")), []int{422}},
		{"huge ID", "POST", "/api/v1/audits", p.hubAdmin, plan(set("supplier_id", huge)), []int{422}},
		{"huge body", "POST", "/api/v1/audits", p.hubAdmin, plan(set("supplier_id", strings.Repeat("y", 2<<20))), []int{413}},
		{"30 February", "POST", "/api/v1/audits", p.hubAdmin, plan(win("2026-02-30", "2026-03-01")), []int{422}},
		{"not a day", "POST", "/api/v1/audits", p.hubAdmin, plan(win("tomorrow", day(21))), []int{422}},
		{"far past", "POST", "/api/v1/audits", p.hubAdmin, plan(win("0001-01-01", "0001-01-02")), []int{422}},
		{"far future", "POST", "/api/v1/audits", p.hubAdmin, plan(win("9999-12-30", "9999-12-31")), []int{422}},
		{"from after to", "POST", "/api/v1/audits", p.hubAdmin, plan(win(day(22), day(20))), []int{422}},
		{"window too long", "POST", "/api/v1/audits", p.hubAdmin, plan(win(day(20), day(60))), []int{422}},
		{"lead off the team", "POST", "/api/v1/audits", p.hubAdmin, plan(set("lead_auditor_id", w.auditor2ID)), []int{422}},
		{"team of a case worker", "POST", "/api/v1/audits", p.hubAdmin, plan(set("team_ids", []string{w.auditorID, "cw"})), []int{422}},
		{"team too big", "POST", "/api/v1/audits", p.hubAdmin, plan(set("team_ids", slices.Repeat([]string{w.auditorID}, 21))), []int{422}},
		{"brand not linked", "POST", "/api/v1/audits", p.hubAdmin, plan(set("brand_org_ids", []string{p.orgB})), []int{422}},
		{"another hub's supplier", "POST", "/api/v1/audits", p.hubAdmin, plan(set("supplier_id", w.hub2Sup)), []int{422}},
		{"another hub", "POST", "/api/v1/audits", p.hubAdmin, plan(set("hub_id", str(ta.do("GET", "/api/v1/audits/"+w.hub2Audit, p.admin, nil).Body, "hub_id"))), []int{422}},
		{"negative score", "POST", "/api/v1/audits/" + ip.id + "/submit", p.auditor, map[string]any{"score": map[string]any{"met": -1, "applicable": 10}, "summary": "x"}, []int{422}},
		{"huge score", "POST", "/api/v1/audits/" + ip.id + "/submit", p.auditor, map[string]any{"score": map[string]any{"met": 1e12, "applicable": 1e12}, "summary": "x"}, []int{422}},
		{"met over applicable", "POST", "/api/v1/audits/" + ip.id + "/submit", p.auditor, map[string]any{"score": map[string]any{"met": 11, "applicable": 10}, "summary": "x"}, []int{422}},
		{"blank summary", "POST", "/api/v1/audits/" + ip.id + "/submit", p.auditor, map[string]any{"score": map[string]any{"met": 1, "applicable": 10}, "summary": "   "}, []int{422}},
		{"score as text", "POST", "/api/v1/audits/" + ip.id + "/submit", p.auditor, map[string]any{"score": "80%", "summary": "x"}, []int{422}},
		{"no reason", "POST", "/api/v1/audits/" + sub.id + "/return", p.hubAdmin, map[string]any{}, []int{422}},
		{"blank reason", "POST", "/api/v1/audits/" + ip.id + "/cancel", p.hubAdmin, map[string]any{"reason": " \t "}, []int{422}},
		{"huge reason", "POST", "/api/v1/audits/" + ip.id + "/cancel", p.hubAdmin, map[string]any{"reason": huge}, []int{422}},
		{"unknown category", "POST", "/api/v1/audits/" + ip.id + "/findings", p.auditor, finding(set("category", "murder")), []int{422}},
		{"child labour as minor", "POST", "/api/v1/audits/" + ip.id + "/findings", p.auditor, finding(set("category", "child_labour")), []int{422}},
		{"negative count", "POST", "/api/v1/audits/" + ip.id + "/findings", p.auditor, finding(set("affected", map[string]any{"male": map[string]any{"adult": -3}})), []int{422}},
		{"huge count", "POST", "/api/v1/audits/" + ip.id + "/findings", p.auditor, finding(set("affected", map[string]any{"male": map[string]any{"adult": 1e15}})), []int{422}},
		{"count as text", "POST", "/api/v1/audits/" + ip.id + "/findings", p.auditor, finding(set("affected", map[string]any{"male": map[string]any{"adult": "many"}})), []int{422}},
		{"huge description", "POST", "/api/v1/audits/" + ip.id + "/findings", p.auditor, finding(set("description", huge)), []int{422}},
		{"blank description", "POST", "/api/v1/audits/" + ip.id + "/findings", p.auditor, finding(set("description", "  ")), []int{422}},
		{"unknown answer", "POST", "/api/v1/findings/" + pub.finding + "/response", p.supplierMgr, map[string]any{"kind": "maybe"}, []int{422}},
		{"dispute without reason", "POST", "/api/v1/findings/" + pub.finding + "/response", p.supplierMgr, map[string]any{"kind": "dispute"}, []int{422}},
		{"huge dispute", "POST", "/api/v1/findings/" + pub.finding + "/response", p.supplierMgr, map[string]any{"kind": "dispute", "reason": huge}, []int{422}},
		{"blank owner", "POST", "/api/v1/actions/" + w.action + "/owner", p.supplierMgr, map[string]any{"text": " "}, []int{422}},
		{"owner as number", "POST", "/api/v1/actions/" + w.action + "/owner", p.supplierMgr, map[string]any{"text": 7}, []int{422}},
		{"huge owner", "POST", "/api/v1/actions/" + w.action + "/owner", p.supplierMgr, map[string]any{"text": huge}, []int{422}},
		{"unknown state", "GET", "/api/v1/audits?state=done", p.hubAdmin, nil, []int{422}},
		{"auditor and state", "GET", "/api/v1/audits?state=scheduled&auditor_id=" + w.auditorID, p.hubAdmin, nil, []int{422}},
		{"negative limit", "GET", "/api/v1/audits?limit=-1", p.hubAdmin, nil, []int{422}},
		{"huge limit", "GET", "/api/v1/audits?limit=99999999999999999999", p.hubAdmin, nil, []int{422}},
		{"garbage cursor", "GET", "/api/v1/audits?cursor=%27%20OR%201%3D1", p.hubAdmin, nil, []int{422}},
		{"forged cursor", "GET", "/api/v1/findings?cursor=eyJpZCI6eyIkbmUiOm51bGx9LCJ2IjpbMV19", p.hubAdmin, nil, []int{422}},
		{"audits cursor on findings", "GET", "/api/v1/findings?cursor=" + auditCursor, p.hubAdmin, nil, []int{200, 422}},
		{"audits cursor on an audit's findings", "GET", "/api/v1/audits/" + pub.id + "/findings?cursor=" + auditCursor, p.supplierMgr, nil, []int{200, 422}},
		{"audits cursor on actions", "GET", "/api/v1/actions?overdue=true&cursor=" + auditCursor, p.hubAdmin, nil, []int{200, 422}},
		{"unknown severity", "GET", "/api/v1/findings?severity=fatal", p.hubAdmin, nil, []int{422}},
		{"unknown action state", "GET", "/api/v1/actions?supplier_id=" + w.sup + "&state=late", p.hubAdmin, nil, []int{422}},
		{"huge path ID", "GET", "/api/v1/audits/" + strings.Repeat("a", 5000), p.hubAdmin, nil, []int{404, 422, 431, 414}},
		{"path traversal ID", "GET", "/api/v1/audits/..%2f..%2fhubs", p.hubAdmin, nil, []int{404}},
		{"another hub's audit", "POST", "/api/v1/audits/" + w.hub2Audit + "/cancel", p.hubAdmin, map[string]any{"reason": "Not ours."}, []int{404}},
		{"another hub's finding answered", "POST", "/api/v1/findings/" + w.hub2Finding + "/response", p.supplierMgr, map[string]any{"kind": "agree"}, []int{404}},
	} {
		var res response
		if s, ok := c.body.(string); ok {
			res = ta.request(c.method, c.path, http.Header{"Content-Type": {"application/json"}, "Authorization": {"Bearer " + c.tok}}, strings.NewReader(s))
		} else {
			res = ta.do(c.method, c.path, c.tok, c.body)
		}
		http.DefaultClient.CloseIdleConnections()
		if !slices.Contains(c.want, res.Status) {
			t.Errorf("%s: %d, want one of %v: %.400s", c.name, res.Status, c.want, res.Raw)
			continue
		}
		if res.Status >= 400 {
			expect(t, res, res.Status)
			if bytes.Contains(res.Raw, []byte(huge[:1000])) {
				t.Errorf("%s: the answer echoes the rejected value", c.name)
			}
		}
	}
	after := len(ids(ta.do("GET", "/api/v1/audits?limit=500", p.hubAdmin, nil)))
	if after != before["audits"] {
		t.Errorf("%d audits, then %d", before["audits"], after)
	}
	delete(before, "audits")
	w.unchanged(t, before)

	// Urdu round-trips in a finding's description.
	urdu := "دوسری منزل پر آگ سے بچاؤ کا راستہ گانٹھوں سے بند تھا۔"
	r := ta.do("POST", "/api/v1/audits/"+ip.id+"/findings", p.auditor, finding(set("description", urdu)))
	expect(t, r, http.StatusCreated)
	if got := str(ta.do("GET", "/api/v1/findings/"+str(r.Body, "id"), p.caseWorker, nil).Body, "description"); got != urdu {
		t.Errorf("Urdu description came back as %q", got)
	}
}

// multipartBody builds a form by hand, so that part headers can carry what a
// library would refuse to write.
func multipartBody(parts ...string) (contentType string, body []byte) {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString("--XyZ\r\n" + p + "\r\n")
	}
	b.WriteString("--XyZ--\r\n")
	return "multipart/form-data; boundary=XyZ", []byte(b.String())
}

// TestAuditEvidenceHostile uploads files built to deceive and downloads
// them back the ways a browser or an attacker would.
func TestAuditEvidenceHostile(t *testing.T) {
	w := buildAuditWorld(t)
	ta, p := w.ta, w.p
	ip := w.byState("in_progress")
	ev := "/api/v1/findings/" + ip.finding + "/evidence"
	jpeg := append([]byte("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00"), bytes.Repeat([]byte{1}, 600)...)
	files := storedFiles(t, ta)
	before := w.versions(t)
	for _, c := range []struct {
		name, ct string
		body     []byte
		want     int
	}{
		{"JPEG declared as PDF", "application/pdf", jpeg, 422},
		{"executable declared as PDF", "application/pdf", append([]byte("MZ\x90\x00\x03"), pdfFile...), 422},
		{"ELF with no type", "application/octet-stream", append([]byte("\x7fELF\x02\x01"), pdfFile...), 422},
		{"HTML", "text/html", []byte("<html><script>alert(1)</script></html>"), 422},
		{"SVG as PNG", "image/png", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), 422},
		{"zip", "application/zip", []byte("PK\x03\x04rest"), 422},
		{"zero-byte", "application/pdf", nil, 422},
	} {
		r := ta.send("POST", ev, p.auditor, c.ct, c.body)
		if r.Status != c.want {
			t.Errorf("%s: %d, want %d: %s", c.name, r.Status, c.want, r.Raw)
			continue
		}
		expect(t, r, c.want)
	}
	for _, c := range []struct {
		name  string
		parts []string
		want  int
	}{
		{"0-byte part", []string{"Content-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"}, 422},
		{"no file part", []string{"Content-Disposition: form-data; name=\"note\"\r\n\r\nhello"}, 422},
		{"JPEG part declared PDF", []string{"Content-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n" + string(jpeg)}, 422},
		{"two files", []string{
			"Content-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n" + string(pdfFile),
			"Content-Disposition: form-data; name=\"file\"; filename=\"b.png\"\r\nContent-Type: image/png\r\n\r\n" + string(pngFile)}, 422},
	} {
		ct, body := multipartBody(c.parts...)
		r := ta.send("POST", ev, p.auditor, ct, body)
		if r.Status != c.want {
			t.Errorf("%s: %d, want %d: %s", c.name, r.Status, c.want, r.Raw)
			continue
		}
		expect(t, r, c.want)
	}
	r := ta.send("POST", ev, p.auditor, "multipart/form-data", pdfFile) // no boundary
	expect(t, r, http.StatusBadRequest)
	// A form cut short: the file part never ends.
	ct, body := multipartBody("Content-Disposition: form-data; name=\"file\"\r\nContent-Type: application/pdf\r\n\r\n" + string(pdfFile) + string(pdfFile))
	r = ta.send("POST", ev, p.auditor, ct, body[:len(body)-len("\r\n--XyZ--\r\n")])
	if r.Status != http.StatusBadRequest && r.Status != http.StatusUnprocessableEntity {
		t.Errorf("a form cut short: %d %s", r.Status, r.Raw)
	} else {
		expect(t, r, r.Status)
	}
	if got := storedFiles(t, ta); got != files {
		t.Errorf("%d files stored, then %d: a refused upload left one", files, got)
	}
	w.unchanged(t, before)

	// A hostile filename is never stored nor served: the download is named
	// by the file's ID.
	ct, body = multipartBody("Content-Disposition: form-data; name=\"file\"; filename=\"..\\..\\\x01\x7f\\\";x=\"y.pdf\"\r\nContent-Type: application/pdf\r\n\r\n" + string(pdfFile))
	if r := ta.send("POST", ev, p.auditor, ct, body); r.Status != http.StatusCreated {
		expect(t, r, http.StatusBadRequest) // a header Go cannot read: refused whole
	}
	ct, body = multipartBody("Content-Disposition: form-data; name=\"file\"; filename=\"../../../../etc/cron.d/x\"; filename*=UTF-8''%0d%0aSet-Cookie%3a%20a%3db\r\nContent-Type: application/pdf\r\n\r\n" + string(pdfFile))
	up := ta.send("POST", ev, p.auditor, ct, body)
	expect(t, up, http.StatusCreated)
	id := str(up.Body, "id")
	dl := ta.do("GET", ev+"/"+id, p.hubAdmin, nil)
	expect(t, dl, http.StatusOK)
	if cd := dl.Header.Get("Content-Disposition"); cd != `attachment; filename="`+id+`"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	if !bytes.Equal(dl.Raw, pdfFile) || dl.Header.Get("Content-Type") != "application/pdf" || dl.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("download: %v", dl.Header)
	}

	// A polyglot (a PDF header, then an executable) passes the first-bytes
	// check: it is kept and served only as a PDF attachment, never run.
	poly := append([]byte("%PDF-1.4\n%"), append([]byte("MZ\x90\x00"), bytes.Repeat([]byte{0}, 700)...)...)
	pg := ta.send("POST", ev, p.auditor, "application/pdf", poly)
	expect(t, pg, http.StatusCreated)
	dl = ta.do("GET", ev+"/"+str(pg.Body, "id"), p.hubAdmin, nil)
	expect(t, dl, http.StatusOK)
	if dl.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("a polyglot is served as %v", dl.Header)
	}

	// A range request gets either the whole file or exactly the range.
	rr := ta.request("GET", ev+"/"+id, http.Header{"Authorization": {"Bearer " + p.hubAdmin}, "Range": {"bytes=0-3"}}, nil)
	switch rr.Status {
	case http.StatusOK:
		if !bytes.Equal(rr.Raw, pdfFile) {
			t.Errorf("a range request's whole answer is %d bytes", len(rr.Raw))
		}
	case http.StatusPartialContent:
		if string(rr.Raw) != "%PDF" {
			t.Errorf("range: %q", rr.Raw)
		}
	default:
		t.Errorf("range request: %d", rr.Status)
	}
	rr = ta.request("GET", ev+"/"+id, http.Header{"Authorization": {"Bearer " + p.hubAdmin}, "Range": {"bytes=999999-"}}, nil)
	if rr.Status >= 500 {
		t.Errorf("a range past the end: %d", rr.Status)
	}
	// Another finding's file through this finding's URL: not found.
	expect(t, ta.do("GET", ev+"/"+w.byState("published").plainFile, p.hubAdmin, nil), http.StatusNotFound)
	expect(t, ta.do("GET", "/api/v1/findings/"+w.byState("published").finding+"/evidence/"+id, p.hubAdmin, nil), http.StatusNotFound)
}

// TestAuditIdempotency: an Idempotency-Key replays only to its own caller,
// while logged in, and only for the same body.
func TestAuditIdempotency(t *testing.T) {
	w := buildAuditWorld(t)
	ta, p := w.ta, w.p
	admin := ta.login("hub.admin@crah.demo") // a session of its own, to log out
	kar, _ := time.LoadLocation("Asia/Karachi")
	d := time.Now().In(kar).AddDate(0, 0, 30).Format("2006-01-02")
	body := fmt.Sprintf(`{"hub_id":%q,"supplier_id":%q,"type":"initial","mode":"announced","window":{"from":%q,"to":%q},"lead_auditor_id":%q,"team_ids":[%q]}`,
		p.hub, w.otherSup, d, d, w.auditorID, w.auditorID)
	first := ta.post("/api/v1/audits", admin, "plan-1", body)
	expect(t, first, http.StatusCreated)
	again := ta.post("/api/v1/audits", admin, "plan-1", body)
	expect(t, again, http.StatusCreated)
	if again.Header.Get("Idempotent-Replayed") != "true" || str(again.Body, "id") != str(first.Body, "id") {
		t.Fatalf("the same caller's repeat is not a replay: %v %s", again.Header, again.Raw)
	}
	// Another user with the same key: runs for itself (a clash, not a replay).
	other := ta.post("/api/v1/audits", p.admin, "plan-1", body)
	if other.Header.Get("Idempotent-Replayed") != "" || other.Status != http.StatusConflict {
		t.Fatalf("another user's repeat: %d %v %s", other.Status, other.Header, other.Raw)
	}
	// The same key with another body: 422.
	expect(t, ta.post("/api/v1/audits", admin, "plan-1", strings.Replace(body, "announced", "unannounced", 1)), http.StatusUnprocessableEntity)
	// Findings and uploads alike.
	fb := `{"category":"wages","severity":"minor","description":"Late pay."}`
	ip := w.byState("in_progress")
	auditor := ta.login("auditor@crah.demo")
	f1 := ta.post("/api/v1/audits/"+ip.id+"/findings", auditor, "f-1", fb)
	expect(t, f1, http.StatusCreated)
	f2 := ta.post("/api/v1/audits/"+ip.id+"/findings", auditor, "f-1", fb)
	expect(t, f2, http.StatusCreated)
	if str(f1.Body, "id") != str(f2.Body, "id") {
		t.Fatalf("a repeated finding was recorded twice")
	}
	expect(t, ta.post("/api/v1/audits/"+ip.id+"/findings", auditor, "f-1", strings.Replace(fb, "Late", "Very late", 1)), http.StatusUnprocessableEntity)
	files := storedFiles(t, ta)
	upload := func(tok string, body []byte) response {
		return ta.request("POST", "/api/v1/findings/"+ip.finding+"/evidence", http.Header{"Content-Type": {"application/pdf"},
			"Authorization": {"Bearer " + tok}, "Idempotency-Key": {"file-1"}}, bytes.NewReader(body))
	}
	u1 := upload(auditor, pdfFile)
	expect(t, u1, http.StatusCreated)
	u2 := upload(auditor, pdfFile)
	expect(t, u2, http.StatusCreated)
	if str(u1.Body, "id") != str(u2.Body, "id") || storedFiles(t, ta) != files+1 {
		t.Fatalf("a repeated upload was stored twice")
	}
	expect(t, upload(auditor, append(slices.Clone(pdfFile), 'z')), http.StatusUnprocessableEntity)
	// After logout, no replay.
	expect(t, ta.do("POST", "/api/v1/auth/logout", admin, nil), http.StatusNoContent)
	expect(t, ta.post("/api/v1/audits", admin, "plan-1", body), http.StatusUnauthorized)
	expect(t, ta.do("POST", "/api/v1/auth/logout", auditor, nil), http.StatusNoContent)
	expect(t, upload(auditor, pdfFile), http.StatusUnauthorized)
}
