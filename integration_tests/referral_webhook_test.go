package integration_tests

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actionhub/actionhub/domain/referral"
	"github.com/redis/go-redis/v9"
)

// receiver is an agency office's system behind a webhook: it refuses the
// first fails requests with 503, then takes them, checking each signature.
type receiver struct {
	mu       sync.Mutex
	secret   []byte
	fails    int
	attempts int
	bad      int      // requests whose signature did not verify
	taken    [][]byte // bodies answered 200
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.attempts++
	if !referral.Verify(rc.secret, r.Header.Get(referral.SignatureHeader), b, time.Now(), referral.SignatureTolerance) {
		rc.bad++
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	if rc.attempts <= rc.fails {
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	}
	rc.taken = append(rc.taken, b)
}

func (rc *receiver) state() (attempts, bad int, taken [][]byte) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.attempts, rc.bad, append([][]byte(nil), rc.taken...)
}

// TestReferralWebhookAndEscalation: NADRA's office does not log in; a hub
// admin registers its webhook (private addresses refused unless allowed,
// the secret shown once). A referral to the B-Form reaches a receiver that
// fails twice: it is retried with backoff and taken once, signed, with the
// birth registration view and nothing more; the delivery log says so
// without the body. Left unanswered, the referral is reminded and then
// escalated once each, even after Redis lost everything.
func TestReferralWebhookAndEscalation(t *testing.T) {
	ta := startApp(t, func(env map[string]string) {
		env["WEBHOOK_ALLOW_PRIVATE"], env["WEBHOOK_RETRY_BASE"] = "true", "200ms"
	})
	w := buildReferralWorld(t, ta)
	p := w.p
	w.consent(t)
	rc := &receiver{fails: 2}
	srv := httptest.NewServer(rc)
	defer srv.Close()

	hook := "/api/v1/agencies/" + w.nadraOrg + "/webhook"
	expect(t, ta.do("PUT", hook, w.nadra, map[string]any{"url": srv.URL}), http.StatusForbidden)
	expect(t, ta.do("PUT", "/api/v1/agencies/"+p.orgA+"/webhook", p.hubAdmin, map[string]any{"url": srv.URL}), http.StatusNotFound)
	expect(t, ta.do("PUT", hook, p.hubAdmin, map[string]any{"url": "ftp://nadra.example/x"}), http.StatusUnprocessableEntity)
	set := ta.do("PUT", hook, p.hubAdmin, map[string]any{"url": srv.URL})
	expect(t, set, http.StatusOK)
	secret := str(set.Body, "secret")
	if len(secret) < 40 {
		t.Fatalf("no secret shown on registering: %s", set.Raw)
	}
	if g := ta.do("GET", hook, p.hubAdmin, nil); strings.Contains(string(g.Raw), secret) || g.Status != http.StatusOK {
		t.Fatalf("the secret is shown again: %d %s", g.Status, g.Raw)
	}
	rot := ta.do("POST", hook+"/rotate-secret", p.hubAdmin, nil)
	expect(t, rot, http.StatusOK)
	if str(rot.Body, "secret") == secret || str(rot.Body, "secret") == "" {
		t.Fatal("rotating gave no new secret")
	}
	rc.mu.Lock()
	rc.secret = []byte(str(rot.Body, "secret"))
	rc.mu.Unlock()

	r := w.refer(t, p.caseWorker, map[string]any{"service_id": w.bForm, "reason": "No B-Form; needed for the stipend.", "urgency": "emergency"}, http.StatusCreated)
	id := str(r.Body, "id")
	deadline := time.Now().Add(90 * time.Second)
	for {
		if _, _, taken := rc.state(); len(taken) > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(time.Second) // nothing more may come
	attempts, bad, taken := rc.state()
	if len(taken) != 1 || attempts != 3 || bad != 0 {
		t.Fatalf("receiver: %d attempts, %d bad signatures, %d taken; want 3, 0, 1", attempts, bad, len(taken))
	}
	var got struct {
		Event    string
		Referral map[string]any
		Child    map[string]any
	}
	if err := json.Unmarshal(taken[0], &got); err != nil {
		t.Fatal(err)
	}
	if got.Event != referral.EventSent || str(got.Referral, "id") != id || str(got.Child, "child_name") != "Zeeshan Iqbal" ||
		str(got.Child, "birth_date") != "2012-01-20" || str(got.Child, "guardian_name") != "Iqbal Masih" {
		t.Errorf("the delivery: %s", taken[0])
	}
	for _, s := range []string{"Left class 5", "0345-7771234", "Father in debt", "liming", "tannery", "9000"} {
		if strings.Contains(string(taken[0]), s) {
			t.Errorf("the delivery carries %q beyond the minimum view", s)
		}
	}
	log := ta.do("GET", hook+"/deliveries", p.hubAdmin, nil)
	expect(t, log, http.StatusOK)
	if ds := items(log); len(ds) != 1 || str(ds[0], "status") != "delivered" || ds[0]["attempts"] != float64(3) {
		t.Errorf("the delivery log: %s", log.Raw)
	}
	if strings.Contains(string(log.Raw), "Zeeshan") {
		t.Error("the delivery log holds identity")
	}
	expect(t, ta.do("GET", hook+"/deliveries", w.nadra, nil), http.StatusForbidden)

	// Unanswered: reminded half way, escalated past due, once each, even
	// after Redis lost everything.
	ctx := t.Context()
	svc := ta.app.Referrals
	sent, _ := time.Parse(time.RFC3339Nano, str(r.Body, "sent"))
	if n, err := svc.EscalateOverdue(ctx, sent.Add(23*time.Hour), 100); err != nil || n != 0 {
		t.Fatalf("escalated before due: %d %v", n, err)
	}
	if n, err := svc.RemindUnanswered(ctx, sent.Add(13*time.Hour), 100); err != nil || n != 1 {
		t.Fatalf("reminders: %d %v, want 1", n, err)
	}
	later := sent.Add(25 * time.Hour)
	if n, err := svc.EscalateOverdue(ctx, later, 100); err != nil || n != 1 {
		t.Fatalf("escalations: %d %v, want 1", n, err)
	}
	if addr := ta.env["REDIS_ADDR"]; addr != "" {
		c := redis.NewClient(&redis.Options{Addr: addr, DB: atoi(ta.env["REDIS_DB"])})
		if err := c.FlushDB(ctx).Err(); err != nil {
			t.Fatal(err)
		}
		c.Close()
	}
	for _, at := range []time.Time{later, later.Add(48 * time.Hour)} {
		if n, err := svc.EscalateOverdue(ctx, at, 100); err != nil || n != 0 {
			t.Errorf("escalated again at %v: %d %v", at, n, err)
		}
		if n, err := svc.RemindUnanswered(ctx, at, 100); err != nil || n != 0 {
			t.Errorf("reminded again at %v: %d %v", at, n, err)
		}
	}
	cur := ta.do("GET", "/api/v1/referrals/"+id, p.caseWorker, nil)
	if cur.Body["escalated"] == nil || cur.Body["reminded"] == nil {
		t.Errorf("the marks are not on the referral: %s", cur.Raw)
	}

	// Revoked: the office hears of it, with no child in the message.
	cur = ta.do("POST", "/api/v1/referrals/"+id+"/revoke", p.caseWorker, map[string]any{"version": cur.Body["version"], "reason": "Registered at the Union Council instead."})
	expect(t, cur, http.StatusOK)
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if _, _, taken = rc.state(); len(taken) > 1 {
			break
		}
	}
	if len(taken) != 2 || !strings.Contains(string(taken[1]), `"event":"referral.revoked"`) || strings.Contains(string(taken[1]), "Zeeshan") ||
		strings.Contains(string(taken[1]), `"child"`) {
		t.Errorf("the revocation: %d messages, last %s", len(taken), taken[len(taken)-1])
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
