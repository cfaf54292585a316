package integration_tests

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store/mongo/mongotest"
)

// TestReferralsFromTheMultanCase: from the Multan tannery case, no
// referral goes without recorded consent unless a hub admin records an
// emergency override; referrals to the Punjab Education Foundation's
// voucher scheme and to NADRA's B-Form are accepted and completed by the
// agencies (NADRA answering with an API key); each agency sees only its own
// referrals and only the minimum view its service type needs, while it
// handles the referral; the completed education referral delivers its plan
// action; a declined referral lets the case worker refer elsewhere; and the
// agency loses the view when the case closes.
func TestReferralsFromTheMultanCase(t *testing.T) { referralFlow(t, startApp(t)) }

// TestReferralFlowMongo runs the referral flow on the MongoDB engine
// (embedded FerretDB, or TEST_MONGODB_URI when set).
func TestReferralFlowMongo(t *testing.T) {
	if testing.Short() {
		t.Skip("MongoDB engine flows are skipped in -short")
	}
	referralFlow(t, startApp(t, withMongo(mongotest.URI(t), mongotest.Database(t))))
}

func referralFlow(t *testing.T, ta *testApp) {
	w := buildReferralWorld(t, ta)
	p := w.p
	edu := map[string]any{"service_id": w.education, "reason": "Out of school two years; enrol with a voucher.", "urgency": "routine"}

	// Without consent: 422 naming both; the override is the hub admins'.
	r := w.refer(t, p.caseWorker, edu, http.StatusUnprocessableEntity)
	if d := string(r.Raw); !strings.Contains(d, "consent_for_services") || !strings.Contains(d, "disclosure_to_other_organisations") {
		t.Errorf("the refusal does not name the missing consents: %s", r.Raw)
	}
	over := map[string]any{"service_id": w.education, "reason": "Child at risk tonight", "urgency": "emergency", "override_reason": "Father threatens to send him back to the beamhouse tonight."}
	w.refer(t, p.caseWorker, over, http.StatusForbidden)
	em := w.refer(t, p.hubAdmin, over, http.StatusCreated)
	if em.Body["consent_override"] == nil || str(em.Body, "state") != "sent" {
		t.Errorf("the override is not recorded: %s", em.Raw)
	}
	if due, _ := time.Parse(time.RFC3339, str(em.Body, "due")); time.Until(due) > 25*time.Hour {
		t.Errorf("an emergency is due within a day: %s", str(em.Body, "due"))
	}
	pefSees := ta.do("GET", "/api/v1/referrals/"+str(em.Body, "id"), w.pef, nil)
	expect(t, pefSees, http.StatusOK)
	if strings.Contains(string(pefSees.Raw), "beamhouse") {
		t.Errorf("the agency reads the override's reason: %s", pefSees.Raw)
	}
	w.answer(t, p.caseWorker, str(em.Body, "id"), "revoke", map[string]any{"reason": "Consent now recorded; sent again."}, http.StatusOK)
	log := ta.do("GET", "/api/v1/activity?object=case:"+w.caseID+"&limit=500", p.admin, nil)
	expect(t, log, http.StatusOK)
	if !slices.ContainsFunc(items(log), func(e map[string]any) bool { return str(e, "action") == "referrals.consent_override" }) {
		t.Error("the consent override is not in the activity log")
	}

	// With consent, referrals to education (delivering a plan action) and to the B-Form.
	w.consent(t)
	plan := ta.do("POST", "/api/v1/cases/"+w.caseID+"/plan/actions", p.caseWorker, map[string]any{"version": w.caseVersion(t),
		"kind": "education", "owner": "service", "due": time.Now().Add(60 * 24 * time.Hour).Format(time.RFC3339)})
	expect(t, plan, http.StatusCreated)
	actions := plan.Body["plan"].([]any)
	actionID := str(actions[len(actions)-1].(map[string]any), "id")
	edu["plan_action_id"] = actionID
	er := w.refer(t, p.caseWorker, edu, http.StatusCreated)
	eduID := str(er.Body, "id")
	sent, _ := time.Parse(time.RFC3339, str(er.Body, "sent"))
	due, _ := time.Parse(time.RFC3339, str(er.Body, "due"))
	if due.Sub(sent) != 14*24*time.Hour || str(er.Body, "agency_org_id") != w.pefOrg {
		t.Errorf("due %v after sending (want the service's 14 days), agency %s", due.Sub(sent), str(er.Body, "agency_org_id"))
	}
	br := w.refer(t, p.caseWorker, map[string]any{"service_id": w.bForm, "reason": "No B-Form; needed for the stipend.", "urgency": "routine"}, http.StatusCreated)
	bID := str(br.Body, "id")
	if !strings.Contains(str(br.Body, "prerequisite_warning"), "Union Council birth certificate") {
		t.Errorf("no warning of the missing prerequisite: %s", br.Raw)
	}

	// Each agency sees its own referrals only; nothing of the case itself.
	inbox := ta.do("GET", "/api/v1/referrals", w.pef, nil)
	expect(t, inbox, http.StatusOK)
	for _, x := range items(inbox) {
		if str(x, "agency_org_id") != w.pefOrg {
			t.Errorf("PEF's inbox holds another agency's referral: %v", x)
		}
	}
	if len(items(inbox)) != 2 {
		t.Errorf("PEF's inbox: %d referrals, want 2 (the revoked one and the new one)", len(items(inbox)))
	}
	for _, path := range []string{"/api/v1/referrals/" + bID, "/api/v1/referrals/" + bID + "/child", "/api/v1/cases/" + w.caseID,
		"/api/v1/referrals?case_id=" + w.caseID} {
		// 403 for the case: an agency holds no permission on cases at all.
		if r := ta.do("GET", path, w.pef, nil); r.Status != http.StatusNotFound && r.Status != http.StatusUnprocessableEntity && r.Status != http.StatusForbidden {
			t.Errorf("PEF GET %s: %d, want 404", path, r.Status)
		} else if leaks(r) != "" {
			t.Errorf("PEF GET %s leaks %q", path, leaks(r))
		}
	}
	expect(t, ta.do("POST", "/api/v1/referrals/"+bID+"/accept", w.pef, map[string]any{"version": 1}), http.StatusNotFound)
	expect(t, ta.do("GET", "/api/v1/referrals/"+eduID+"/child", w.pef, nil), http.StatusNotFound) // not accepted yet
	w.answer(t, w.pef, eduID, "revoke", map[string]any{"reason": "x"}, http.StatusForbidden)

	// PEF accepts and reads the education view: basics and schooling only.
	w.answer(t, w.pef, eduID, "accept", nil, http.StatusOK)
	w.answer(t, w.pef, eduID, "accept", nil, http.StatusConflict)
	v := ta.do("GET", "/api/v1/referrals/"+eduID+"/child", w.pef, nil)
	expect(t, v, http.StatusOK)
	want, lack := []string{"Zeeshan Iqbal", "Iqbal Masih", "Left class 5", "Saraiki"}, []string{"Gali 9", "0345-7771234", "2012-01-20", "debt", "liming", "tannery"}
	for _, s := range want {
		if !strings.Contains(string(v.Raw), s) {
			t.Errorf("the education view lacks %q: %s", s, v.Raw)
		}
	}
	for _, s := range lack {
		if strings.Contains(string(v.Raw), s) {
			t.Errorf("the education view carries %q: %s", s, v.Raw)
		}
	}

	// NADRA answers with an API key of its officer, and reads the birth registration view.
	k := ta.do("POST", "/api/v1/me/api-keys", w.nadra, map[string]string{"name": "NADRA case system"})
	expect(t, k, http.StatusCreated)
	key := str(k.Body, "key")
	expect(t, ta.do("GET", "/api/v1/referrals/"+eduID, key, nil), http.StatusNotFound)
	w.answer(t, key, bID, "accept", nil, http.StatusOK)
	bv := ta.do("GET", "/api/v1/referrals/"+bID+"/child", key, nil)
	expect(t, bv, http.StatusOK)
	for _, s := range []string{"Zeeshan Iqbal", "Iqbal Masih", "2012-01-20", "Gali 9, Basti Malook, Multan"} {
		if !strings.Contains(string(bv.Raw), s) {
			t.Errorf("the birth registration view lacks %q: %s", s, bv.Raw)
		}
	}
	for _, s := range []string{"Left class 5", "0345-7771234", "debt"} {
		if strings.Contains(string(bv.Raw), s) {
			t.Errorf("the birth registration view carries %q", s)
		}
	}
	on := time.Now().UTC().Format(time.RFC3339)
	w.answer(t, key, bID, "complete", nil, http.StatusConflict) // no service recorded yet
	w.answer(t, key, bID, "services", map[string]any{"what": "B-Form issued", "on": on, "given_by": "NADRA Registration Centre, Multan"}, http.StatusOK)
	w.answer(t, key, bID, "complete", map[string]any{"note": "CRC issued."}, http.StatusOK)
	expect(t, ta.do("GET", "/api/v1/referrals/"+bID+"/child", key, nil), http.StatusNotFound)

	// PEF records the voucher and completes: the plan action is delivered; the view ends.
	w.answer(t, w.pef, eduID, "services", map[string]any{"what": "Voucher issued; enrolled in class 5", "on": on, "given_by": "PEF Multan office"}, http.StatusOK)
	done := w.answer(t, w.pef, eduID, "complete", map[string]any{"note": "Enrolled."}, http.StatusOK)
	if str(done.Body, "state") != "completed" || len(done.Body["services"].([]any)) != 1 {
		t.Errorf("after completing: %s", done.Raw)
	}
	expect(t, ta.do("GET", "/api/v1/referrals/"+eduID+"/child", w.pef, nil), http.StatusNotFound)
	expect(t, ta.do("GET", "/api/v1/referrals/"+eduID, w.pef, nil), http.StatusOK)
	c := ta.do("GET", "/api/v1/cases/"+w.caseID, p.caseWorker, nil)
	for _, a := range c.Body["plan"].([]any) {
		if a := a.(map[string]any); str(a, "id") == actionID && str(a, "status") != "delivered" {
			t.Errorf("the plan action after the completed referral: %v", a)
		}
	}
	// A second referral to the B-Form has its prerequisite... the Union Council's, still not met.
	cr := ta.do("GET", "/api/v1/referrals?case_id="+w.caseID, p.caseWorker, nil)
	expect(t, cr, http.StatusOK)
	if len(items(cr)) != 3 {
		t.Errorf("the case's referrals: %d, want 3", len(items(cr)))
	}

	// A declined referral: the case worker refers elsewhere.
	again := w.refer(t, p.caseWorker, map[string]any{"service_id": w.education, "reason": "Second sibling's place", "urgency": "urgent"}, http.StatusCreated)
	w.answer(t, w.pef, str(again.Body, "id"), "decline", map[string]any{}, http.StatusUnprocessableEntity)
	dec := w.answer(t, w.pef, str(again.Body, "id"), "decline", map[string]any{"reason": "No voucher places left this term."}, http.StatusOK)
	if str(dec.Body, "decline_reason") == "" {
		t.Errorf("the decline reason is not kept: %s", dec.Raw)
	}
	expect(t, ta.do("GET", "/api/v1/referrals/"+str(again.Body, "id")+"/child", w.pef, nil), http.StatusNotFound)

	// An accepted referral's view ends when the case closes.
	last := w.refer(t, p.caseWorker, map[string]any{"service_id": w.education, "reason": "Follow-on term", "urgency": "routine"}, http.StatusCreated)
	w.answer(t, w.pef, str(last.Body, "id"), "accept", nil, http.StatusOK)
	expect(t, ta.do("GET", "/api/v1/referrals/"+str(last.Body, "id")+"/child", w.pef, nil), http.StatusOK)
	expect(t, ta.do("POST", "/api/v1/cases/"+w.caseID+"/closure", p.caseWorker, map[string]any{"version": w.caseVersion(t),
		"reason": "moved_away", "note": "The family left for Lahore."}), http.StatusOK)
	expect(t, ta.do("POST", "/api/v1/cases/"+w.caseID+"/approvals/closure/approve", p.hubAdmin, map[string]any{"version": w.caseVersion(t)}), http.StatusOK)
	if r := ta.do("GET", "/api/v1/referrals/"+str(last.Body, "id")+"/child", w.pef, nil); r.Status != http.StatusNotFound || leaks(r) != "" {
		t.Errorf("after the case closed the agency reads the view: %d %s", r.Status, r.Raw)
	}

	// Every view read is an identity read of the case, by the agency's officers.
	log = ta.do("GET", "/api/v1/activity?object=case:"+w.caseID+"&limit=500", p.admin, nil)
	expect(t, log, http.StatusOK)
	reads := map[string]int{}
	for _, e := range items(log) {
		if str(e, "action") == "cases.identity_read" {
			reads[str(e, "actor_id")]++
		}
	}
	if reads[w.pefUser] != 2 || reads[w.nadraUser] != 1 {
		t.Errorf("identity reads by the agencies: PEF %d (want 2), NADRA %d (want 1)", reads[w.pefUser], reads[w.nadraUser])
	}
}
