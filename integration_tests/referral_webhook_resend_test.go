package integration_tests

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestWebhookDeliveryResend: NADRA's receiver is down past the last retry,
// so the delivery fails for good. A hub admin sends it again through the
// API (an agency officer may not; a delivery that has not failed is 409);
// the receiver, back up, takes it once, signed, and the log counts the
// re-send.
func TestWebhookDeliveryResend(t *testing.T) {
	ta := startApp(t, func(env map[string]string) {
		env["WEBHOOK_ALLOW_PRIVATE"], env["WEBHOOK_RETRY_BASE"], env["WEBHOOK_MAX_RETRY"] = "true", "100ms", "1"
	})
	w := buildReferralWorld(t, ta)
	p := w.p
	w.consent(t)
	rc := &receiver{fails: 1 << 20}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	hook := "/api/v1/agencies/" + w.nadraOrg + "/webhook"
	set := ta.do("PUT", hook, p.hubAdmin, map[string]any{"url": srv.URL})
	expect(t, set, http.StatusOK)
	rc.mu.Lock()
	rc.secret = []byte(str(set.Body, "secret"))
	rc.mu.Unlock()

	w.refer(t, p.caseWorker, map[string]any{"service_id": w.bForm, "reason": "No B-Form; needed for the stipend.", "urgency": "emergency"}, http.StatusCreated)
	var d map[string]any
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		log := ta.do("GET", hook+"/deliveries", p.hubAdmin, nil)
		if ds := items(log); len(ds) == 1 && str(ds[0], "status") == "failed" {
			d = ds[0]
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the delivery did not fail for good: %s", log.Raw)
		}
	}
	attempts, bad, taken := rc.state()
	if attempts != 2 || bad != 0 || len(taken) != 0 || d["attempts"] != float64(2) {
		t.Fatalf("before the re-send: %d attempts, %d bad signatures, %d taken, log %v; want 2, 0, 0", attempts, bad, len(taken), d)
	}

	resend := "/api/v1/webhooks/" + w.nadraOrg + "/deliveries/" + url.PathEscape(str(d, "id")) + "/resend"
	expect(t, ta.do("POST", resend, w.nadra, nil), http.StatusForbidden)
	expect(t, ta.do("POST", "/api/v1/webhooks/"+p.orgA+"/deliveries/"+url.PathEscape(str(d, "id"))+"/resend", p.hubAdmin, nil), http.StatusNotFound)
	expect(t, ta.do("POST", "/api/v1/webhooks/"+w.nadraOrg+"/deliveries/no-such-delivery/resend", p.hubAdmin, nil), http.StatusNotFound)

	rc.mu.Lock()
	rc.fails = rc.attempts // the office is back
	rc.mu.Unlock()
	r := ta.do("POST", resend, p.hubAdmin, nil)
	expect(t, r, http.StatusOK)
	if str(r.Body, "status") != "pending" || r.Body["resends"] != float64(1) {
		t.Errorf("the re-send's answer: %s", r.Raw)
	}
	expect(t, ta.do("POST", resend, p.hubAdmin, nil), http.StatusConflict) // pending: being tried
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if _, _, taken = rc.state(); len(taken) > 0 {
			break
		}
	}
	time.Sleep(time.Second) // nothing more may come
	attempts, bad, taken = rc.state()
	if len(taken) != 1 || attempts != 3 || bad != 0 || !strings.Contains(string(taken[0]), `"event":"referral.sent"`) {
		t.Fatalf("after the re-send: %d attempts, %d bad signatures, %d taken; want 3, 0, 1", attempts, bad, len(taken))
	}
	log := ta.do("GET", hook+"/deliveries", p.hubAdmin, nil)
	if ds := items(log); len(ds) != 1 || str(ds[0], "status") != "delivered" || ds[0]["attempts"] != float64(3) || ds[0]["resends"] != float64(1) {
		t.Errorf("the delivery log after the re-send: %s", log.Raw)
	}
	c := expectConflictDetail(t, ta.do("POST", resend, p.hubAdmin, nil))
	if !strings.Contains(c, "delivered") {
		t.Errorf("the 409 says %q; want it to name the delivery's status", c)
	}
	acts := ta.do("GET", "/api/v1/activity?object=org:"+w.nadraOrg+"&limit=500", p.admin, nil)
	expect(t, acts, http.StatusOK)
	resends := 0
	for _, e := range items(acts) {
		if str(e, "action") == "referrals.webhook_resend" {
			resends++
		}
	}
	if resends != 1 {
		t.Errorf("%d re-sends in the activity log, want 1", resends)
	}
}

func expectConflictDetail(t *testing.T, r response) string {
	t.Helper()
	expect(t, r, http.StatusConflict)
	return str(r.Body, "detail")
}
