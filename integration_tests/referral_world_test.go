package integration_tests

import (
	"net/http"
	"testing"
)

// referralWorld is the Multan tannery case with the hub's directory
// seeded, and two agencies whose officers log in: the Punjab Education
// Foundation and NADRA, each linked to its directory entry.
type referralWorld struct {
	*caseWorld
	caseID             string
	education, bForm   string // the services' IDs
	unionCouncil       string
	pefOrg, nadraOrg   string
	pef, nadra         string // officers' tokens
	pefUser, nadraUser string
}

// agency adds an agency organisation with one officer and links it to the
// directory organisation named dirOrg; it returns the org ID, the
// officer's token and user ID.
func (w *referralWorld) agency(t *testing.T, name, email, dirOrg string) (string, string, string) {
	t.Helper()
	ta, p := w.ta, w.p
	o := ta.do("POST", "/api/v1/organisations", p.hubAdmin, map[string]any{"kind": "agency", "name": name, "hub_ids": []string{p.hub}})
	expect(t, o, http.StatusCreated)
	orgID := str(o.Body, "id")
	u := ta.do("POST", "/api/v1/users", p.hubAdmin, map[string]any{"org_id": orgID, "email": email, "name": name + " officer",
		"role": "agency_officer", "password": "a long enough passphrase"})
	expect(t, u, http.StatusCreated)
	l := ta.do("POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": "a long enough passphrase"})
	expect(t, l, http.StatusOK)
	d := byName(t, ta, p.hubAdmin, "/api/v1/hsds/"+p.hub, "organizations", dirOrg)
	expect(t, ta.do("PUT", "/api/v1/directory/organizations/"+str(d, "id"), p.hubAdmin,
		map[string]any{"name": d["name"], "description": d["description"], "agency_org_id": orgID}), http.StatusOK)
	return orgID, str(l.Body, "token"), str(u.Body, "id")
}

func buildReferralWorld(t *testing.T, ta *testApp) *referralWorld {
	t.Helper()
	w := &referralWorld{caseWorld: buildCaseWorld(t, ta)}
	if ok, err := ta.app.Directory.SeedDemo(t.Context(), w.p.hub); err != nil || !ok {
		t.Fatalf("seed directory: %v %v", ok, err)
	}
	w.caseID = str(w.openTanneryCase(t), "id")
	w.pefOrg, w.pef, w.pefUser = w.agency(t, "Punjab Education Foundation", "officer@pef.example", "Punjab Education Foundation")
	w.nadraOrg, w.nadra, w.nadraUser = w.agency(t, "NADRA Multan", "officer@nadra.example", "National Database and Registration Authority (NADRA)")
	base := "/api/v1/hsds/" + w.p.hub
	w.education = str(byName(t, ta, w.p.hubAdmin, base, "services", "Education Voucher Scheme"), "id")
	w.bForm = str(byName(t, ta, w.p.hubAdmin, base, "services", "Child Registration Certificate (B-Form)"), "id")
	w.unionCouncil = str(byName(t, ta, w.p.hubAdmin, base, "services", "Union Council birth certificate"), "id")
	return w
}

// caseVersion reads the case's version as its case worker.
func (w *referralWorld) caseVersion(t *testing.T) float64 {
	t.Helper()
	r := w.ta.do("GET", "/api/v1/cases/"+w.caseID, w.p.caseWorker, nil)
	expect(t, r, http.StatusOK)
	return r.Body["version"].(float64)
}

// consent records both consents the referral needs.
func (w *referralWorld) consent(t *testing.T) {
	t.Helper()
	for _, k := range []string{"consent_for_services", "disclosure_to_other_organisations"} {
		expect(t, w.ta.do("POST", "/api/v1/cases/"+w.caseID+"/consent", w.p.caseWorker,
			map[string]any{"version": w.caseVersion(t), "kind": k, "answer": "given", "by": "mother"}), http.StatusOK)
	}
}

// refer sends a referral and expects status.
func (w *referralWorld) refer(t *testing.T, tok string, body map[string]any, status int) response {
	t.Helper()
	r := w.ta.do("POST", "/api/v1/cases/"+w.caseID+"/referrals", tok, body)
	expect(t, r, status)
	return r
}

// answer posts an answer to a referral on its current version.
func (w *referralWorld) answer(t *testing.T, tok, id, verb string, body map[string]any, status int) response {
	t.Helper()
	cur := w.ta.do("GET", "/api/v1/referrals/"+id, tok, nil)
	expect(t, cur, http.StatusOK)
	if body == nil {
		body = map[string]any{}
	}
	body["version"] = cur.Body["version"]
	r := w.ta.do("POST", "/api/v1/referrals/"+id+"/"+verb, tok, body)
	expect(t, r, status)
	return r
}
