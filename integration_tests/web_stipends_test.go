package integration_tests

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// postFile sends a multipart form with a file, as a browser posts an
// upload form, with the last page's CSRF token unless the form names one.
func (w *webClient) postFile(path string, form url.Values, file []byte) page {
	w.t.Helper()
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", w.csrf)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				w.t.Fatal(err)
			}
		}
	}
	if file != nil {
		fw, err := mw.CreateFormFile("file", "receipt.pdf")
		if err != nil {
			w.t.Fatal(err)
		}
		fw.Write(file)
	}
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, w.ta.url+path, &buf)
	if err != nil {
		w.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return w.do(req)
}

// versionOf reads the version a page's decision forms carry for a payment.
func versionOf(t *testing.T, body, paymentID string) string {
	t.Helper()
	re := regexp.MustCompile(`action="/stipend-payments/` + regexp.QuoteMeta(paymentID) + `/confirm[^"]*"[^>]*>.*?name="version" value="(\d+)"`)
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no confirm form for %s: %.4000s", paymentID, body)
	}
	return m[1]
}

// TestWebStipendLedger: the Multan tannery's compliance officer reads the
// stipend's terms and months on the case's obligations page (the list of
// its cases carries no ledger and reads no payment), records payments
// there and on the stipend's page with the proof in the same form or
// after, and downloads its proof; bad amounts, months and days come back
// on the form (422) and never as a 500. The case worker reaches the ledger
// from the case page and the hub's list with its filters, confirms one
// payment and disputes another with a reason (a stale version is the 409
// page). Another supplier reaches nothing (404); a brand none of these
// pages (403); the hub admin reads but cannot decide. No page carries the
// child's identity.
func TestWebStipendLedger(t *testing.T) {
	ta := startApp(t)
	w := buildCaseWorld(t, ta)
	p := w.p
	c := w.openTanneryCase(t)
	id, code := str(c, "id"), str(c, "code")

	// The plan's stipend and its terms, through the API: from three months
	// ago to two months ahead, due on the 10th, five days' grace.
	actionID := w.addStipendAction(t, id, "")
	kar, _ := time.LoadLocation("Asia/Karachi")
	now := time.Now().In(kar)
	month := hubMonth
	m1, m2, m3 := month(-3), month(-2), month(-1)
	expect(t, ta.do("PUT", "/api/v1/cases/"+id+"/stipend", p.caseWorker, map[string]any{"action_id": actionID, "due_day": 10,
		"start": m1, "end": month(2)}), http.StatusOK)

	// The supplier: the list links the case's page, which carries the
	// terms, the months and the form.
	sup := newWebClient(t, ta)
	sup.signIn("compliance@multanleather.demo")
	pg := sup.get("/obligations")
	expectPage(t, pg, http.StatusOK)
	expectNoLeak(t, "the supplier", pg)
	if !strings.Contains(pg.Body, `href="/obligations/`+id+`"`) || strings.Contains(pg.Body, `id="stipend-`+id+`"`) || strings.Contains(pg.Body, `id="record-`) {
		t.Errorf("the list carries a ledger or lacks the case's link: %.6000s", pg.Body)
	}
	pg = sup.get("/obligations/" + id)
	expectPage(t, pg, http.StatusOK)
	expectNoLeak(t, "the supplier", pg)
	for _, want := range []string{`id="stipend-` + id + `"`, `id="record-` + id + `"`, "9,000", `id="month-` + id + `-` + m1 + `"`,
		`data-state="overdue"`, `enctype="multipart/form-data"`, code} {
		if !strings.Contains(pg.Body, want) {
			t.Fatalf("the obligations page lacks %s: %.6000s", want, pg.Body)
		}
	}
	// The months are compact there: proof and decision forms are on the stipend's own page, one link away.
	if !strings.Contains(pg.Body, `href="/stipends/`+id+`"`) || strings.Contains(pg.Body, "proof-form") {
		t.Errorf("the obligations page's ledger is not compact with a link to the stipend: %.6000s", pg.Body)
	}
	// Paid on time, with the proof in the same form.
	pg = sup.postFile("/stipends/"+id+"/payments", url.Values{"from": {"obligations"}, "period": {m1}, "amount_pkr": {"9000"},
		"paid_on": {m1 + "-05"}}, pdfFile)
	expectPage(t, pg, http.StatusSeeOther)
	if pg.Location != "/obligations/"+id+"#stipend-"+id {
		t.Errorf("back to %q", pg.Location)
	}
	pid1, pid2 := id+":"+m1, id+":"+m2
	pg = sup.get("/obligations/" + id)
	if !strings.Contains(pg.Body, `href="/stipend-payments/`+pid1+`/proof"`) || !strings.Contains(pg.Body, `data-state="paid"`) {
		t.Fatalf("the recorded month: %.6000s", pg.Body)
	}
	// Paid late, the proof right after, from the stipend's own page.
	pg = sup.get("/stipends/" + id)
	expectPage(t, pg, http.StatusOK)
	if !strings.Contains(pg.Body, "proof-form") {
		t.Errorf("the stipend's page offers no proof form for the month paid: %.6000s", pg.Body)
	}
	if !strings.Contains(pg.Body, `href="/obligations/`+id+`"`) {
		t.Errorf("the stipend's page does not lead back to the case's obligations: %.6000s", pg.Body)
	}
	expectNoLeak(t, "the supplier", pg)
	expectPage(t, sup.postFile("/stipends/"+id+"/payments", url.Values{"period": {m2}, "amount_pkr": {"9000"}, "paid_on": {m2 + "-25"}}, nil),
		http.StatusSeeOther)
	sup.get("/stipends/" + id)
	expectPage(t, sup.postFile("/stipend-payments/"+pid2+"/proof", url.Values{}, nil), http.StatusUnprocessableEntity)
	sup.get("/stipends/" + id)
	// A photographed receipt of a few hundred KB passes the page's body limit.
	bigProof := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("x"), 300<<10)...)
	pg = sup.postFile("/stipend-payments/"+pid2+"/proof", url.Values{}, bigProof)
	expectPage(t, pg, http.StatusSeeOther)
	if pg.Location != "/stipends/"+id {
		t.Errorf("back to %q", pg.Location)
	}
	pg = sup.get("/stipends/" + id)
	if !strings.Contains(pg.Body, `href="/stipend-payments/`+pid2+`/proof"`) || !strings.Contains(pg.Body, `class="flag"`) {
		t.Errorf("the late month: %.6000s", pg.Body)
	}
	if dl := sup.get("/stipend-payments/" + pid2 + "/proof"); dl.Status != http.StatusOK || len(dl.Body) != len(bigProof) {
		t.Errorf("the larger proof: %d, %d bytes", dl.Status, len(dl.Body))
	}
	// Its own proof, as stored.
	dl := sup.get("/stipend-payments/" + pid1 + "/proof")
	if dl.Status != http.StatusOK || dl.Header.Get("Content-Type") != "application/pdf" || dl.Body != string(pdfFile) {
		t.Errorf("the proof: %d %s %d bytes", dl.Status, dl.Header.Get("Content-Type"), len(dl.Body))
	}

	// Bad input comes back on the form with the field's message, nothing recorded.
	future := now.AddDate(0, 0, 3).Format("2006-01-02")
	for _, bad := range []struct {
		field string
		form  url.Values
	}{
		{"amount_pkr", url.Values{"period": {m3}, "amount_pkr": {"nine thousand"}, "paid_on": {m3 + "-05"}}},
		{"amount_pkr", url.Values{"period": {m3}, "amount_pkr": {"0"}, "paid_on": {m3 + "-05"}}},
		{"amount_pkr", url.Values{"period": {m3}, "amount_pkr": {"-5"}, "paid_on": {m3 + "-05"}}},
		{"period", url.Values{"period": {"2026-13"}, "amount_pkr": {"9000"}, "paid_on": {m3 + "-05"}}},
		{"period", url.Values{"period": {"2001-01"}, "amount_pkr": {"9000"}, "paid_on": {m3 + "-05"}}},
		{"paid_on", url.Values{"period": {m3}, "amount_pkr": {"9000"}, "paid_on": {future}}},
		{"paid_on", url.Values{"period": {m3}, "amount_pkr": {"9000"}, "paid_on": {"yesterday"}}},
	} {
		for _, from := range []string{"", "obligations"} {
			bad.form.Set("from", from)
			sup.get("/stipends/" + id)
			pg = sup.postFile("/stipends/"+id+"/payments", bad.form, nil)
			expectPage(t, pg, http.StatusUnprocessableEntity)
			if !strings.Contains(pg.Body, bad.field+": ") || !strings.Contains(pg.Body, `class="field-error"`) {
				t.Errorf("%v from %q: no message on %s: %.3000s", bad.form, from, bad.field, pg.Body)
			}
			// Back on the page it came from: the case's obligations or the stipend's.
			if onCase := strings.Contains(pg.Body, `id="obligations-back"`); onCase != (from == "obligations") {
				t.Errorf("%v from %q came back on the case's obligations page: %v", bad.form, from, onCase)
			}
		}
	}
	// Every field's message at once, the amount's too when it is not a number.
	sup.get("/stipends/" + id)
	pg = sup.postFile("/stipends/"+id+"/payments", url.Values{"period": {m3}, "amount_pkr": {"9,000/-"}, "paid_on": {"yesterday"}}, nil)
	expectPage(t, pg, http.StatusUnprocessableEntity)
	if !strings.Contains(pg.Body, "amount_pkr: must be a whole number of rupees") || !strings.Contains(pg.Body, "paid_on: ") ||
		!strings.Contains(pg.Body, `value="9,000/-"`) {
		t.Errorf("both messages and the typed values: %.4000s", pg.Body)
	}
	// A month has one payment: the second is the 409 page.
	sup.get("/stipends/" + id)
	expectPage(t, sup.postFile("/stipends/"+id+"/payments", url.Values{"period": {m1}, "amount_pkr": {"9000"}, "paid_on": {m1 + "-06"}}, nil),
		http.StatusConflict)
	// Without the CSRF token: refused.
	expectPage(t, sup.postFile("/stipends/"+id+"/payments", url.Values{"csrf": {""}, "period": {m3}, "amount_pkr": {"9000"},
		"paid_on": {m3 + "-05"}}, nil), http.StatusForbidden)
	// The supplier does not decide.
	expectPage(t, sup.post("/stipend-payments/"+pid1+"/confirm", url.Values{"version": {"1"}}), http.StatusForbidden)
	pays := ta.do("GET", "/api/v1/cases/"+id+"/stipend/payments", p.caseWorker, nil)
	expect(t, pays, http.StatusOK)
	if n := len(items(pays)); n != 2 {
		t.Fatalf("payments recorded: %d, want 2", n)
	}

	// Another supplier: every page of this ledger is the 404 page.
	other := newWebClient(t, ta)
	other.signIn("compliance@indusweaving.demo")
	for _, path := range []string{"/stipends/" + id, "/stipend-payments/" + pid1 + "/proof"} {
		expectPage(t, other.get(path), http.StatusNotFound)
	}
	other.get("/")
	expectPage(t, other.postFile("/stipends/"+id+"/payments", url.Values{"period": {m3}, "amount_pkr": {"9000"}, "paid_on": {m3 + "-05"}}, nil),
		http.StatusNotFound)
	other.get("/")
	expectPage(t, other.postFile("/stipend-payments/"+pid1+"/proof", url.Values{}, pdfFile), http.StatusNotFound)
	if pg = other.get("/stipends"); strings.Contains(pg.Body, code) || pg.Status >= 500 {
		t.Errorf("another supplier's payment list: %d %.3000s", pg.Status, pg.Body)
	}
	if pg = other.get("/obligations"); strings.Contains(pg.Body, code) {
		t.Errorf("another supplier's obligations name the case")
	}
	expectPage(t, other.get("/obligations/"+id), http.StatusNotFound)

	// A brand: none of these pages; its case page links to no ledger.
	brand := newWebClient(t, ta)
	brand.signIn("brand.manager@nordwind.demo")
	for _, path := range []string{"/stipends", "/stipends/" + id, "/stipend-payments/" + pid1 + "/proof"} {
		expectPage(t, brand.get(path), http.StatusForbidden)
	}
	brand.get("/")
	expectPage(t, brand.post("/stipend-payments/"+pid1+"/confirm", url.Values{"version": {"1"}}), http.StatusForbidden)
	if pg = brand.get("/"); strings.Contains(pg.Body, `href="/stipends"`) {
		t.Error("a brand is offered the stipend payments")
	}
	if pg = brand.get("/cases/" + id); strings.Contains(pg.Body, "/stipends/") || strings.Contains(pg.Body, "/stipend-payments/") {
		t.Errorf("the brand's case page links to the ledger: %.3000s", pg.Body)
	}

	// The hub admin reads the ledger but has no decision forms, and a post is refused.
	admin := newWebClient(t, ta)
	admin.signIn("hub.admin@crah.demo")
	pg = admin.get("/stipends/" + id)
	expectPage(t, pg, http.StatusOK)
	if strings.Contains(pg.Body, "/confirm") || strings.Contains(pg.Body, `id="record-`) {
		t.Errorf("the hub admin is offered a decision or the record form: %.3000s", pg.Body)
	}
	expectPage(t, admin.post("/stipend-payments/"+pid1+"/confirm", url.Values{"version": {"1"}}), http.StatusForbidden)

	// The case worker: the link on the case page, the hub's late and missed
	// payments by default, one supplier's with the filter.
	cw := newWebClient(t, ta)
	cw.signIn("case.worker@crah.demo")
	if pg = cw.get("/cases/" + id); !strings.Contains(pg.Body, `href="/stipends/`+id+`"`) {
		t.Fatalf("the case page's link to the stipend: %.3000s", pg.Body)
	}
	if pg = cw.get("/"); !strings.Contains(pg.Body, `href="/stipends"`) {
		t.Error("the case worker's navigation lacks the stipend payments")
	}
	pg = cw.get("/stipends")
	expectPage(t, pg, http.StatusOK)
	expectNoLeak(t, "the case worker's list", pg)
	if !strings.Contains(pg.Body, `id="payment-`+pid2+`"`) || strings.Contains(pg.Body, `id="payment-`+pid1+`"`) {
		t.Errorf("the hub's flagged payments: the late one only: %.5000s", pg.Body)
	}
	// The hub-wide list of every payment is not served: the filter says so.
	expectPage(t, cw.get("/stipends?flagged=0"), http.StatusUnprocessableEntity)
	q := "?" + url.Values{"supplier_id": {w.sup}, "flagged": {"0"}}.Encode()
	pg = cw.get("/stipends" + q)
	expectPage(t, pg, http.StatusOK)
	if !strings.Contains(pg.Body, `id="payment-`+pid1+`"`) || !strings.Contains(pg.Body, `id="payment-`+pid2+`"`) {
		t.Fatalf("the supplier's payments: %.5000s", pg.Body)
	}
	v1 := versionOf(t, pg.Body, pid1)
	// Confirm from the list, back to the same filters.
	pg = cw.post("/stipend-payments/"+pid1+"/confirm"+q, url.Values{"from": {"list"}, "version": {v1}})
	expectPage(t, pg, http.StatusSeeOther)
	if pg.Location != "/stipends"+q {
		t.Errorf("back to %q", pg.Location)
	}
	// A second decision on the old version: the 409 page.
	cw.get("/stipends" + q)
	expectPage(t, cw.post("/stipend-payments/"+pid1+"/dispute"+q, url.Values{"from": {"list"}, "version": {v1}, "reason": {"x"}}),
		http.StatusConflict)
	// Dispute from the stipend page: the reason is required, on the form.
	pg = cw.get("/stipends/" + id)
	expectNoLeak(t, "the case worker's ledger", pg)
	v2 := versionOf(t, pg.Body, pid2)
	pg = cw.post("/stipend-payments/"+pid2+"/dispute", url.Values{"version": {v2}, "reason": {"  "}})
	expectPage(t, pg, http.StatusUnprocessableEntity)
	if !strings.Contains(pg.Body, "reason: ") {
		t.Errorf("no message on the reason: %.3000s", pg.Body)
	}
	reason := "رسید پر رقم 8,000 ہے"
	pg = cw.post("/stipend-payments/"+pid2+"/dispute", url.Values{"version": {v2}, "reason": {reason}})
	expectPage(t, pg, http.StatusSeeOther)
	pg = cw.get(pg.Location)
	if !strings.Contains(pg.Body, reason) || !strings.Contains(pg.Body, `data-state="confirmed"`) || !strings.Contains(pg.Body, `data-state="disputed"`) {
		t.Errorf("the decisions on the ledger: %.6000s", pg.Body)
	}
	states := map[string]string{}
	pays = ta.do("GET", "/api/v1/cases/"+id+"/stipend/payments", p.caseWorker, nil)
	for _, it := range items(pays) {
		states[str(it, "id")] = str(it, "state")
	}
	if states[pid1] != "confirmed" || states[pid2] != "disputed" {
		t.Errorf("stored states: %v", states)
	}
	// A payment changed after the case worker read it (a proof came in):
	// the decision on the old version is the 409 page, not a blind confirm.
	pid3 := id + ":" + m3
	sup.get("/stipends/" + id)
	expectPage(t, sup.postFile("/stipends/"+id+"/payments", url.Values{"period": {m3}, "amount_pkr": {"9000"}, "paid_on": {m3 + "-05"}}, nil),
		http.StatusSeeOther)
	v3 := versionOf(t, cw.get("/stipends/"+id).Body, pid3)
	sup.get("/stipends/" + id)
	expectPage(t, sup.postFile("/stipend-payments/"+pid3+"/proof", url.Values{}, pdfFile), http.StatusSeeOther)
	expectPage(t, cw.post("/stipend-payments/"+pid3+"/confirm", url.Values{"version": {v3}}), http.StatusConflict)
	v3 = versionOf(t, cw.get("/stipends/"+id).Body, pid3)
	expectPage(t, cw.post("/stipend-payments/"+pid3+"/confirm", url.Values{"version": {v3}}), http.StatusSeeOther)

	// The supplier reads the dispute, in Urdu too, and answers it with a new proof.
	sup.lang = "ur"
	pg = sup.get("/stipends/" + id)
	if !strings.Contains(pg.Body, `dir="rtl"`) || !strings.Contains(pg.Body, reason) || !strings.Contains(pg.Body, "اعتراض") {
		t.Errorf("the supplier's Urdu ledger: %.4000s", pg.Body)
	}
	expectNoLeak(t, "the supplier", pg)
	expectPage(t, sup.postFile("/stipend-payments/"+pid2+"/proof", url.Values{}, pdfFile), http.StatusSeeOther)
	pg = sup.get("/stipends/" + id)
	if strings.Contains(pg.Body, fmt.Sprintf(`id="proof-%s"`, pid1)) {
		t.Error("a confirmed payment offers a new proof")
	}
}
