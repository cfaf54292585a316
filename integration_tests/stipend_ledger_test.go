package integration_tests

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store/mongo/mongotest"
	"github.com/actionhub/actionhub/domain"
)

// stipendNotices counts the stored stipend escalations by address.
func stipendNotices(t *testing.T, ta *testApp) map[string]int {
	t.Helper()
	out := map[string]int{}
	err := ta.app.Store.Notifications.Scan(t.Context(), 500, func(ns []*domain.Notification) error {
		for _, n := range ns {
			if strings.HasPrefix(n.Subject, "Stipend ") {
				out[n.To]++
				for _, v := range identityValues() {
					if strings.Contains(n.Subject+n.Body, v) {
						t.Errorf("a stipend message to %s names the child: %q", n.To, v)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestStipendLedger: the Multan case's plan has a stipend owed by the
// supplier. The supplier records three months, one paid after the
// deadline and grace; a second record of a month is refused; the case
// worker confirms one and disputes another. The sweep flags the late one
// and escalates it once to the hub's admins and the linked brand, however
// often it runs, also after the Redis queue is flushed. The brand sees only
// "stipend paid on time: no"; another supplier reaches nothing; the
// supplier's obligations show the case code and kind, never the child.
// No response carries an identity value.
func TestStipendLedger(t *testing.T) { stipendLedger(t, startApp(t)) }

// TestStipendLedgerMongo runs the same on the MongoDB engine (embedded
// FerretDB, or TEST_MONGODB_URI when set).
func TestStipendLedgerMongo(t *testing.T) {
	if testing.Short() {
		t.Skip("MongoDB engine flows are skipped in -short")
	}
	stipendLedger(t, startApp(t, withMongo(mongotest.URI(t), mongotest.Database(t))))
}

func stipendLedger(t *testing.T, ta *testApp) {
	w := buildCaseWorld(t, ta)
	p := w.p
	c := w.openTanneryCase(t)
	id, code := str(c, "id"), str(c, "code")

	var seen []response
	call := func(tok, method, path string, body any, status int) response {
		t.Helper()
		r := ta.do(method, path, tok, body)
		expect(t, r, status)
		// The case itself carries identity to the case worker, by design;
		// every other answer must carry none.
		if core := path == "/api/v1/cases/"+id || strings.HasSuffix(path, "/plan/actions"); !(core && tok == p.caseWorker) {
			seen = append(seen, r)
		}
		return r
	}
	due := time.Now().Add(30 * 24 * time.Hour).UTC().Format(time.RFC3339)
	cur := call(p.caseWorker, "GET", "/api/v1/cases/"+id, nil, http.StatusOK)
	added := call(p.caseWorker, "POST", "/api/v1/cases/"+id+"/plan/actions", map[string]any{"version": cur.Body["version"],
		"kind": "stipend", "owner": "supplier", "description": "Zeeshan Iqbal's stipend, paid to Iqbal Masih", "due": due,
		"stipend_monthly_pkr": 9000}, http.StatusCreated)
	var actionID string
	for _, a := range added.Body["plan"].([]any) {
		if str(a.(map[string]any), "kind") == "stipend" {
			actionID = str(a.(map[string]any), "id")
		}
	}

	kar, _ := time.LoadLocation("Asia/Karachi")
	now := time.Now().In(kar)
	month := func(n int) string {
		return time.Date(now.Year(), now.Month()+time.Month(n), 1, 0, 0, 0, 0, kar).Format("2006-01")
	}
	m1, m2, m3 := month(-3), month(-2), month(-1)

	// Terms: below the child's wage is refused; then from three months ago
	// to last month, due on the 10th, default grace.
	call(p.caseWorker, "PUT", "/api/v1/cases/"+id+"/stipend", map[string]any{"action_id": actionID, "monthly_pkr": 5000, "due_day": 10}, http.StatusUnprocessableEntity)
	call(w.multan, "PUT", "/api/v1/cases/"+id+"/stipend", map[string]any{"action_id": actionID, "due_day": 10}, http.StatusForbidden)
	s := call(p.caseWorker, "PUT", "/api/v1/cases/"+id+"/stipend", map[string]any{"action_id": actionID, "due_day": 10,
		"start": m1, "end": m3}, http.StatusOK)
	if s.Body["monthly_pkr"] != float64(9000) || s.Body["grace_days"] != float64(5) || str(s.Body, "case_code") != code {
		t.Errorf("terms: %s", s.Raw)
	}

	pay := func(period, paidOn string, status int) response {
		t.Helper()
		return call(w.multan, "POST", "/api/v1/cases/"+id+"/stipend/payments",
			map[string]any{"period": period, "amount_pkr": 9000, "paid_on": paidOn}, status)
	}
	p1 := pay(m1, m1+"-05", http.StatusCreated)
	p2 := pay(m2, m2+"-25", http.StatusCreated) // after the 10th plus 5 days' grace
	p3 := pay(m3, m3+"-15", http.StatusCreated) // the last day of grace
	pay(m1, m1+"-06", http.StatusConflict)
	if p1.Body["late"] != false || p2.Body["late"] != true || p3.Body["late"] != false {
		t.Errorf("late: %v %v %v", p1.Body["late"], p2.Body["late"], p3.Body["late"])
	}
	pid1, pid2, pid3 := str(p1.Body, "id"), str(p2.Body, "id"), str(p3.Body, "id")
	proof := ta.send("POST", "/api/v1/stipend-payments/"+pid1+"/proof", w.multan, "application/pdf", pdfFile)
	expect(t, proof, http.StatusOK)
	if pr, _ := proof.Body["proof"].(map[string]any); str(pr, "content_type") != "application/pdf" {
		t.Errorf("proof: %s", proof.Raw)
	}
	expect(t, ta.send("POST", "/api/v1/stipend-payments/"+pid2+"/proof", w.multan, "image/png", pdfFile), http.StatusUnprocessableEntity)
	dl := ta.do("GET", "/api/v1/stipend-payments/"+pid1+"/proof", p.caseWorker, nil)
	expect(t, dl, http.StatusOK)
	if string(dl.Raw) != string(pdfFile) {
		t.Error("the proof downloaded is not the one uploaded")
	}
	call(w.multan, "POST", "/api/v1/stipend-payments/"+pid1+"/confirm", map[string]any{}, http.StatusForbidden)
	// A decision on a stale version (the proof came after it was read) is
	// a 409 and changes nothing; on the version read it stands. Without a
	// version (the dispute below) it is taken as before.
	v1 := call(p.caseWorker, "GET", "/api/v1/stipend-payments/"+pid1, nil, http.StatusOK).Body["version"].(float64)
	for _, stale := range []float64{v1 - 1, v1 + 5} {
		r := call(p.caseWorker, "POST", "/api/v1/stipend-payments/"+pid1+"/confirm", map[string]any{"version": stale}, http.StatusConflict)
		if !strings.Contains(string(r.Raw), "changed since you read it") {
			t.Errorf("stale version %v: %s", stale, r.Raw)
		}
	}
	call(p.caseWorker, "POST", "/api/v1/stipend-payments/"+pid1+"/confirm", map[string]any{"version": -1}, http.StatusUnprocessableEntity)
	if st := call(p.caseWorker, "GET", "/api/v1/stipend-payments/"+pid1, nil, http.StatusOK); str(st.Body, "state") != "recorded" || st.Body["version"] != v1 {
		t.Errorf("a refused decision changed the payment: %s", st.Raw)
	}
	call(p.caseWorker, "POST", "/api/v1/stipend-payments/"+pid1+"/confirm", map[string]any{"version": v1}, http.StatusOK)
	call(p.caseWorker, "POST", "/api/v1/stipend-payments/"+pid3+"/dispute", map[string]any{}, http.StatusUnprocessableEntity)
	d := call(p.caseWorker, "POST", "/api/v1/stipend-payments/"+pid3+"/dispute", map[string]any{"reason": "The slip shows another month"}, http.StatusOK)
	if str(d.Body, "state") != "disputed" {
		t.Errorf("disputed: %s", d.Raw)
	}
	call(p.caseWorker, "POST", "/api/v1/stipend-payments/"+pid1+"/confirm", map[string]any{}, http.StatusConflict)

	// The sweep, twice, then after the Redis queue is flushed: one
	// escalation of the late month to each person, however often it runs.
	ctx := t.Context()
	for range 2 {
		if _, err := ta.app.Ledger.SweepStipends(ctx, time.Now(), 1000); err != nil {
			t.Fatal(err)
		}
	}
	first := stipendNotices(t, ta)
	if first["hub.admin@crah.demo"] != 1 || first["brand.manager@nordwind.demo"] != 1 || first["brand.manager@lakeside.demo"] != 0 {
		t.Errorf("escalations after two runs: %v", first)
	}
	if err := ta.app.Redis.FlushDB(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := ta.app.Ledger.SweepStipends(ctx, time.Now(), 1000); err != nil {
		t.Fatal(err)
	}
	if again := stipendNotices(t, ta); len(again) != len(first) || again["hub.admin@crah.demo"] != 1 || again["brand.manager@nordwind.demo"] != 1 {
		t.Errorf("escalations after a flushed queue: %v, want %v", again, first)
	}
	esc := call(p.caseWorker, "GET", "/api/v1/stipend-payments/"+pid2, nil, http.StatusOK)
	if esc.Body["escalated"] != true {
		t.Errorf("the late month is not marked escalated: %s", esc.Raw)
	}
	flagged := call(p.hubAdmin, "GET", "/api/v1/stipend-payments?flagged=true", nil, http.StatusOK)
	if got := items(flagged); len(got) != 1 || str(got[0], "id") != pid2 {
		t.Errorf("the hub's late and missed payments: %s", flagged.Raw)
	}
	mine := call(w.multan, "GET", "/api/v1/stipend-payments", nil, http.StatusOK)
	if len(items(mine)) != 3 || str(items(mine)[0], "period") != m3 {
		t.Errorf("the supplier's payments, latest first: %s", mine.Raw)
	}
	if got := items(call(p.caseWorker, "GET", "/api/v1/cases/"+id+"/stipend/payments", nil, http.StatusOK)); len(got) != 3 {
		t.Errorf("the case's payments: %d", len(got))
	}

	// The brand: "stipend paid on time: no", nothing of the ledger.
	bv := call(p.brandA, "GET", "/api/v1/cases/"+id, nil, http.StatusOK)
	if bv.Body["stipend_paid_on_time"] != false {
		t.Errorf("the brand's view after a late month: %s", bv.Raw)
	}
	for _, path := range []string{"/api/v1/cases/" + id + "/stipend/payments", "/api/v1/stipend-payments/" + pid2, "/api/v1/cases/" + id + "/stipend"} {
		call(p.brandA, "GET", path, nil, http.StatusForbidden)
	}
	// Another supplier: as if none of it existed.
	for _, path := range []string{"/api/v1/cases/" + id + "/stipend/payments", "/api/v1/stipend-payments/" + pid2, "/api/v1/cases/" + id + "/stipend",
		"/api/v1/stipend-payments/" + pid1 + "/proof"} {
		call(p.supplierMgr, "GET", path, nil, http.StatusNotFound)
	}
	call(p.supplierMgr, "POST", "/api/v1/cases/"+id+"/stipend/payments", map[string]any{"period": month(-1), "amount_pkr": 9000, "paid_on": m3 + "-01"}, http.StatusNotFound)
	call(p.supplierMgr, "GET", "/api/v1/stipend-payments?supplier_id="+w.sup, nil, http.StatusNotFound)

	// The supplier's obligations: the case code and the kind, never the
	// child or the case worker's description.
	obs := call(w.multan, "GET", "/api/v1/obligations", nil, http.StatusOK)
	list := items(obs)
	if len(list) != 1 || str(list[0], "case_code") != code {
		t.Fatalf("the supplier's obligations: %s", obs.Raw)
	}
	ob := list[0]["obligations"].([]any)[0].(map[string]any)
	if str(ob, "kind") != "stipend" || str(ob, "action_id") != actionID || strings.Contains(string(obs.Raw), "description") {
		t.Errorf("obligation: %s", obs.Raw)
	}
	call(p.supplierMgr, "GET", "/api/v1/obligations?supplier_id="+w.sup, nil, http.StatusNotFound)
	base := "/api/v1/cases/" + id + "/obligations/" + actionID
	call(w.multan, "POST", base+"/progress", map[string]any{"status": "done"}, http.StatusUnprocessableEntity)
	call(p.supplierMgr, "POST", base+"/progress", map[string]any{"status": "in_progress"}, http.StatusNotFound)
	call(w.multan, "POST", base+"/progress", map[string]any{"status": "in_progress"}, http.StatusOK)
	ev := ta.send("POST", base+"/evidence", w.multan, "application/pdf", pdfFile)
	expect(t, ev, http.StatusCreated)
	call(w.multan, "POST", base+"/progress", map[string]any{"status": "done", "note": "Three months paid by bank transfer"}, http.StatusOK)
	call(w.multan, "POST", base+"/confirm", map[string]any{}, http.StatusForbidden)
	call(p.caseWorker, "POST", base+"/send-back", map[string]any{"reason": "One month is disputed"}, http.StatusOK)
	call(w.multan, "POST", base+"/progress", map[string]any{"status": "done", "note": "The disputed slip replaced"}, http.StatusOK)
	done := call(p.caseWorker, "POST", base+"/confirm", map[string]any{}, http.StatusOK)
	if st := str(done.Body["obligations"].([]any)[0].(map[string]any), "status"); st != "delivered" {
		t.Errorf("a confirmed obligation is %s, want delivered", st)
	}

	for _, r := range seen {
		if v := leaks(r); v != "" {
			t.Errorf("a response carries the identity value %q: %s", v, r.Raw)
		}
	}
}

// TestStipendMissedMonth: a month with no payment by its deadline is
// flagged missed by the sweep, once, and escalated once; a payment that
// comes later is recorded against it (late), not refused, and not
// escalated again.
func TestStipendMissedMonth(t *testing.T) {
	ta := startApp(t)
	w := buildCaseWorld(t, ta)
	p := w.p
	c := w.openTanneryCase(t)
	id := str(c, "id")
	due := time.Now().Add(30 * 24 * time.Hour).UTC().Format(time.RFC3339)
	cur := ta.do("GET", "/api/v1/cases/"+id, p.caseWorker, nil)
	added := ta.do("POST", "/api/v1/cases/"+id+"/plan/actions", p.caseWorker, map[string]any{"version": cur.Body["version"],
		"kind": "stipend", "owner": "supplier", "due": due, "stipend_monthly_pkr": 9000})
	expect(t, added, http.StatusCreated)
	actionID := str(added.Body["plan"].([]any)[0].(map[string]any), "id")
	kar, _ := time.LoadLocation("Asia/Karachi")
	now := time.Now().In(kar)
	m := time.Date(now.Year(), now.Month()-2, 1, 0, 0, 0, 0, kar).Format("2006-01")
	expect(t, ta.do("PUT", "/api/v1/cases/"+id+"/stipend", p.caseWorker, map[string]any{"action_id": actionID, "due_day": 1,
		"start": m, "end": m}), http.StatusOK)
	for range 2 {
		if _, err := ta.app.Ledger.SweepStipends(t.Context(), time.Now(), 1000); err != nil {
			t.Fatal(err)
		}
	}
	list := ta.do("GET", "/api/v1/stipend-payments?flagged=true", p.hubAdmin, nil)
	expect(t, list, http.StatusOK)
	if got := items(list); len(got) != 1 || got[0]["missed"] != true || got[0]["escalated"] != true || str(got[0], "state") != "missed" {
		t.Fatalf("the missed month: %s", list.Raw)
	}
	if n := stipendNotices(t, ta); n["hub.admin@crah.demo"] != 1 || n["brand.manager@nordwind.demo"] != 1 {
		t.Errorf("escalations of the missed month: %v", n)
	}
	paid := ta.do("POST", "/api/v1/cases/"+id+"/stipend/payments", w.multan, map[string]any{"period": m, "amount_pkr": 9000,
		"paid_on": now.Format("2006-01-02")})
	expect(t, paid, http.StatusCreated)
	if paid.Body["late"] != true || paid.Body["missed"] != true || str(paid.Body, "state") != "recorded" {
		t.Errorf("paid after missing: %s", paid.Raw)
	}
	if _, err := ta.app.Ledger.SweepStipends(t.Context(), time.Now(), 1000); err != nil {
		t.Fatal(err)
	}
	if n := stipendNotices(t, ta); n["hub.admin@crah.demo"] != 1 {
		t.Errorf("escalations after the late payment: %v", n)
	}
	expect(t, ta.do("POST", "/api/v1/cases/"+id+"/stipend/payments", w.multan, map[string]any{"period": m, "amount_pkr": 9000,
		"paid_on": now.Format("2006-01-02")}), http.StatusConflict)
}
