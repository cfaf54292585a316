package integration_tests

import (
	"bytes"
	"context"
	"encoding/base64"
	"maps"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store/mongo/mongotest"
)

// TestCaseFlowToRemediated is the acceptance flow: an auditor's
// child labour finding at the Multan tannery opens a case for a
// 14-year-old (Punjab: hazardous child labour); the plan adds school, the
// stipend and birth registration; the supplier records three stipend
// payments, one late (flagged and escalated once); two follow-ups find him in school and an
// approved closure closes the case as remediated. The raw stored document
// holds no identity in clear; after a SECRET_KEY rotation the re-seal job
// moves every identity to the new key, and the case reads whole without
// the previous key.
func TestCaseFlowToRemediated(t *testing.T) { caseFlowToRemediated(t, startApp(t)) }

// TestCaseFlowToRemediatedMongo is the same flow on the MongoDB engine
// (embedded FerretDB, or TEST_MONGODB_URI when set).
func TestCaseFlowToRemediatedMongo(t *testing.T) {
	if testing.Short() {
		t.Skip("MongoDB engine flows are skipped in -short")
	}
	caseFlowToRemediated(t, startApp(t, withMongo(mongotest.URI(t), mongotest.Database(t))))
}

func caseFlowToRemediated(t *testing.T, ta *testApp) {
	w := buildCaseWorld(t, ta)
	p := w.p
	ctx := context.Background()
	c := w.openTanneryCase(t)
	id := str(c, "id")
	if cl := c["classification"].(map[string]any); str(cl, "class") != "hazardous_child_labour" || str(cl, "pack_id") != "punjab/1" {
		t.Fatalf("classification: %v", cl)
	}
	if age := c["child"].(map[string]any)["age_years"]; age != float64(14) {
		t.Fatalf("age = %v, want 14", age)
	}

	cur := ta.do("GET", "/api/v1/cases/"+id, p.caseWorker, nil)
	expect(t, cur, http.StatusOK)
	step := func(tok, method, path string, body map[string]any, status int) {
		t.Helper()
		body["version"] = cur.Body["version"]
		expect(t, ta.do(method, "/api/v1/cases/"+id+path, tok, body), status)
		cur = ta.do("GET", "/api/v1/cases/"+id, p.caseWorker, nil)
		expect(t, cur, http.StatusOK)
	}
	now := time.Now().UTC()
	step(p.auditor, "PUT", "/immediate-action", map[string]any{"removed_at": now.Add(-time.Minute).Format(time.RFC3339),
		"safeguarding_notes": "Taken out of the beamhouse."}, http.StatusOK)
	step(p.caseWorker, "POST", "/consent", map[string]any{"kind": "consent_for_services", "answer": "given", "by": "mother"}, http.StatusOK)
	step(p.caseWorker, "PUT", "/assessment", map[string]any{"risk": "high", "summary": "Out of school two years."}, http.StatusOK)
	step(p.caseWorker, "POST", "/approvals/assessment/request", map[string]any{}, http.StatusOK)
	step(p.hubAdmin, "POST", "/approvals/assessment/approve", map[string]any{}, http.StatusOK)
	due := now.Add(30 * 24 * time.Hour).Format(time.RFC3339)
	for _, a := range []map[string]any{
		{"kind": "education", "owner": "hub", "description": "Enrol at the non-formal centre", "due": due},
		{"kind": "stipend", "owner": "supplier", "due": due, "stipend_monthly_pkr": 9000},
		{"kind": "birth_registration", "owner": "hub", "due": due},
	} {
		step(p.caseWorker, "POST", "/plan/actions", a, http.StatusCreated)
	}
	if str(cur.Body, "next_follow_up_due") != "" {
		t.Errorf("follow-ups scheduled before the plan is approved: %s", str(cur.Body, "next_follow_up_due"))
	}
	step(p.caseWorker, "POST", "/approvals/plan/request", map[string]any{}, http.StatusOK)
	step(p.hubAdmin, "POST", "/approvals/plan/approve", map[string]any{}, http.StatusOK)
	plan := cur.Body["plan"].([]any)
	step(p.caseWorker, "POST", "/plan/actions/"+str(plan[0].(map[string]any), "id")+"/status", map[string]any{"status": "delivered"}, http.StatusOK)

	kar, _ := time.LoadLocation("Asia/Karachi")
	today := now.In(kar).Format("2006-01-02")
	firstDue := now.In(kar).AddDate(0, 1, 0).Format("2006-01-02")
	if got := str(cur.Body, "next_follow_up_due"); got != firstDue {
		t.Fatalf("first follow-up due %s, want a month after the plan's approval, %s", got, firstDue)
	}

	// The supplier pays the stipend for the last three months, the middle
	// one after the 10th and the grace days: the sweep flags it late and
	// escalates it once, however often it runs; the case worker confirms
	// the others; the brand learns only that it was not on time.
	var stipendAction string
	for _, a := range cur.Body["plan"].([]any) {
		if str(a.(map[string]any), "kind") == "stipend" {
			stipendAction = str(a.(map[string]any), "id")
		}
	}
	month := func(n int) string {
		m := time.Date(now.In(kar).Year(), now.In(kar).Month()+time.Month(n), 1, 0, 0, 0, 0, kar)
		return m.Format("2006-01")
	}
	expect(t, ta.do("PUT", "/api/v1/cases/"+id+"/stipend", p.caseWorker, map[string]any{"action_id": stipendAction,
		"due_day": 10, "start": month(-3), "end": month(-1)}), http.StatusOK)
	var paid []string
	for _, m := range []struct {
		period, on string
		late       bool
	}{{month(-3), month(-3) + "-08", false}, {month(-2), month(-2) + "-24", true}, {month(-1), month(-1) + "-10", false}} {
		r := ta.do("POST", "/api/v1/cases/"+id+"/stipend/payments", w.multan, map[string]any{"period": m.period, "amount_pkr": 9000, "paid_on": m.on})
		expect(t, r, http.StatusCreated)
		if r.Body["late"] != m.late {
			t.Errorf("payment for %s paid on %s: late = %v, want %v", m.period, m.on, r.Body["late"], m.late)
		}
		paid = append(paid, str(r.Body, "id"))
	}
	for _, pid := range []string{paid[0], paid[2]} {
		expect(t, ta.do("POST", "/api/v1/stipend-payments/"+pid+"/confirm", p.caseWorker, map[string]any{}), http.StatusOK)
	}
	for range 2 {
		if _, err := ta.app.Ledger.SweepStipends(ctx, time.Now(), 1000); err != nil {
			t.Fatal(err)
		}
	}
	if n := stipendNotices(t, ta); n["hub.admin@crah.demo"] != 1 || n["brand.manager@nordwind.demo"] != 1 {
		t.Errorf("the late month's escalations after two sweeps: %v, want one each", n)
	}
	flagged := ta.do("GET", "/api/v1/stipend-payments?flagged=true", p.hubAdmin, nil)
	expect(t, flagged, http.StatusOK)
	if fs := items(flagged); len(fs) != 1 || str(fs[0], "id") != paid[1] || fs[0]["escalated"] != true {
		t.Errorf("the hub's flagged payments: %s", flagged.Raw)
	}
	cur = ta.do("GET", "/api/v1/cases/"+id, p.caseWorker, nil)
	expect(t, cur, http.StatusOK)

	// The follow-up job makes the first follow-up on its day, once.
	for run, want := range []int{1, 0} {
		n, err := ta.app.Cases.MakeDueFollowUps(ctx, now.AddDate(0, 1, 1), 100)
		if err != nil || n != want {
			t.Fatalf("follow-up job run %d: made %d, %v", run+1, n, err)
		}
	}
	dueList := ta.do("GET", "/api/v1/follow-ups/due", p.caseWorker, nil)
	expect(t, dueList, http.StatusOK)
	if ds := items(dueList); len(ds) != 1 || str(ds[0], "case_id") != id || str(ds[0], "due") != firstDue || str(ds[0], "state") != "due" {
		t.Fatalf("due follow-ups: %s", dueList.Raw)
	}
	mine := ta.do("GET", "/api/v1/follow-ups/due?assigned_to="+w.cwID, p.hubAdmin, nil)
	expect(t, mine, http.StatusOK)
	if len(items(mine)) != 0 {
		t.Errorf("the case worker's due list holds a case not assigned to them: %s", mine.Raw)
	}
	for _, tok := range []string{p.brandA, w.multan, p.auditor} {
		expect(t, ta.do("GET", "/api/v1/follow-ups/due", tok, nil), http.StatusForbidden)
	}

	visit := map[string]any{"contacted": true, "in_school": true, "attendance": 0.9, "stipend_received": true,
		"wellbeing": "good", "notes": "Attends the non-formal centre every day.", "visited_on": today}
	first := ta.do("POST", "/api/v1/cases/"+id+"/follow-ups", p.caseWorker, visit)
	expect(t, first, http.StatusCreated)
	fu, fc := first.Body["follow_up"].(map[string]any), first.Body["case"].(map[string]any)
	if str(fu, "id") != str(items(dueList)[0], "id") || str(fu, "state") != "visited" || fu["counted"] != true ||
		fc["follow_ups"] != float64(1) || fc["follow_up_streak"] != float64(1) || str(fc, "stage") != "monitoring" {
		t.Fatalf("first visit: %s", first.Raw)
	}
	cur = ta.do("GET", "/api/v1/cases/"+id, p.caseWorker, nil)
	step(p.caseWorker, "POST", "/closure", map[string]any{"reason": "remediated"}, http.StatusConflict)

	for _, refused := range []struct {
		tok    string
		status int
	}{{p.hubAdmin, http.StatusForbidden}, {p.brandA, http.StatusForbidden}, {w.multan, http.StatusForbidden}, {w.auditor2, http.StatusForbidden}} {
		r := ta.do("POST", "/api/v1/cases/"+id+"/follow-ups", refused.tok, visit)
		expect(t, r, refused.status)
		if leaks(r) != "" {
			t.Errorf("a refusal carries identity: %s", r.Raw)
		}
	}
	expect(t, ta.do("GET", "/api/v1/cases/"+id+"/follow-ups", p.brandA, nil), http.StatusForbidden)
	expect(t, ta.do("GET", "/api/v1/cases/"+id+"/follow-ups", w.auditor2, nil), http.StatusNotFound)

	second := ta.do("POST", "/api/v1/cases/"+id+"/follow-ups", p.caseWorker, visit)
	expect(t, second, http.StatusCreated)
	if sc := second.Body["case"].(map[string]any); sc["follow_up_streak"] != float64(2) || str(sc, "stage") != "exit_criteria_met" {
		t.Fatalf("second visit: %s", second.Raw)
	}
	expect(t, ta.do("POST", "/api/v1/cases/"+id+"/follow-ups", p.caseWorker, visit), http.StatusConflict) // a third the same day

	cur = ta.do("GET", "/api/v1/cases/"+id, p.caseWorker, nil)
	step(p.caseWorker, "POST", "/closure", map[string]any{"reason": "remediated", "comment": "Two visits in school."}, http.StatusOK)
	step(p.caseWorker, "POST", "/approvals/closure/approve", map[string]any{}, http.StatusForbidden)
	step(p.hubAdmin, "POST", "/approvals/closure/approve", map[string]any{"comment": "Agreed."}, http.StatusOK)
	cl := cur.Body["closure"].(map[string]any)
	if str(cur.Body, "status") != "closed" || str(cl, "reason") != "remediated" {
		t.Fatalf("after the approved closure: %s, %v", str(cur.Body, "status"), cl)
	}
	brand := ta.do("GET", "/api/v1/cases/"+id, p.brandA, nil)
	expect(t, brand, http.StatusOK)
	if str(brand.Body, "view") != "brand" || str(brand.Body, "status") != "closed" || leaks(brand) != "" || brand.Body["follow_ups"] != nil ||
		brand.Body["stipend_paid_on_time"] != false {
		t.Errorf("the brand's view of the closed case: %s", brand.Raw)
	}
	// The closed case keeps its visits and takes no more.
	fs := ta.do("GET", "/api/v1/cases/"+id+"/follow-ups", p.hubAdmin, nil)
	expect(t, fs, http.StatusOK)
	if len(items(fs)) != 2 {
		t.Errorf("visits of the closed case: %s", fs.Raw)
	}
	expect(t, ta.do("POST", "/api/v1/cases/"+id+"/follow-ups", p.caseWorker, visit), http.StatusConflict)

	log := ta.do("GET", "/api/v1/activity?object=case:"+id+"&limit=500", p.admin, nil)
	expect(t, log, http.StatusOK)
	visits := 0
	for _, e := range items(log) {
		if str(e, "action") == "cases.follow_up" {
			visits++
		}
	}
	if visits != 2 {
		t.Errorf("%d follow-ups in the activity log, want 2", visits)
	}

	// The raw stored documents hold no identity in clear.
	raw, err := ta.app.Store.Engine.C("cases").Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw.Body, []byte(str(c, "code"))) {
		t.Fatal("the raw body lacks the case code: the check reads the wrong bytes")
	}
	for _, v := range identityValues() {
		if bytes.Contains(raw.Body, []byte(v)) {
			t.Errorf("the stored case holds %q in clear", v)
		}
	}

	// Rotate the key: the re-seal job moves every identity to the new key.
	ta.cancel()
	if err := <-ta.done; err != nil {
		t.Fatalf("run: %v", err)
	}
	ta.done <- nil
	env := maps.Clone(ta.env)
	newKey := make([]byte, 32)
	for i := range newKey {
		newKey[i] = byte(100 + i)
	}
	env["SECRET_KEY_PREVIOUS"], env["SECRET_KEY"] = env["SECRET_KEY"], base64.StdEncoding.EncodeToString(newKey)
	tb := launch(t, env)
	if n, err := tb.app.Cases.IdentitiesUnderPreviousKeys(ctx); err != nil || n != 1 {
		t.Fatalf("identities under the previous key before the re-seal: %d, %v", n, err)
	}
	if n, err := tb.app.Cases.ResealIdentities(ctx, time.Now(), 100); err != nil || n != 1 {
		t.Fatalf("re-seal: %d, %v", n, err)
	}
	if n, err := tb.app.Cases.IdentitiesUnderPreviousKeys(ctx); err != nil || n != 0 {
		t.Fatalf("identities under the previous key after the re-seal: %d, %v", n, err)
	}
	tb.cancel()
	if err := <-tb.done; err != nil {
		t.Fatalf("run: %v", err)
	}
	tb.done <- nil
	delete(env, "SECRET_KEY_PREVIOUS")
	tc := launch(t, env)
	r := tc.do("GET", "/api/v1/cases/"+id, tc.login("case.worker@crah.demo"), nil)
	expect(t, r, http.StatusOK)
	if r.Body["identity"] == nil || str(r.Body["identity"].(map[string]any), "child_name") != "Zeeshan Iqbal" ||
		!strings.Contains(string(r.Raw), "Basti Malook") {
		t.Fatalf("the case without the previous key: %s", r.Raw)
	}
}
