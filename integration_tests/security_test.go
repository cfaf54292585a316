package integration_tests

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/config"
	"github.com/actionhub/actionhub/app/identity"
	"github.com/actionhub/actionhub/domain"
)

// activityLogPath is where platform admins read the activity log.
const activityLogPath = "/api/v1/activity"

func withTrustedProxies(list string) appOption {
	return func(env map[string]string) { env["TRUSTED_PROXIES"] = list }
}

// loginFrom tries a login with X-Forwarded-For set (when xff is not "").
func (ta *testApp) loginFrom(xff, email, password string) response {
	ta.t.Helper()
	h := http.Header{"Content-Type": {"application/json"}}
	if xff != "" {
		h.Set("X-Forwarded-For", xff)
	}
	return ta.request("POST", "/api/v1/auth/login", h, strings.NewReader(fmt.Sprintf(`{"email":%q,"password":%q}`, email, password)))
}

// TestLoginThrottleUnderParallelAttempts: a burst of wrong passwords for one
// account from one address gets at most the limit of tries; every other one
// is refused before the password is checked.
func TestLoginThrottleUnderParallelAttempts(t *testing.T) {
	ta := startApp(t)
	const n = 200
	var wg sync.WaitGroup
	statuses := make([]int, n)
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			statuses[i] = ta.loginFrom("", "auditor@crah.demo", "wrong password").Status
		}()
	}
	close(start)
	wg.Wait()
	count := map[int]int{}
	for _, s := range statuses {
		count[s]++
	}
	if count[http.StatusUnauthorized] > 5 || count[http.StatusUnauthorized]+count[http.StatusTooManyRequests] != n {
		t.Fatalf("answers %v: want at most 5 × 401 and the rest 429", count)
	}
	// the account stays blocked from this address, even with the right password
	expect(t, ta.loginFrom("", "auditor@crah.demo", identity.DemoPassword), http.StatusTooManyRequests)
	// a right password gives its reservation back: many good logins never block
	for range 8 {
		ta.login("case.worker@crah.demo")
	}
}

// TestTrustedProxies: X-Forwarded-For counts only when the socket peer is a
// configured proxy, and then its right-most hop that is not a proxy.
func TestTrustedProxies(t *testing.T) {
	t.Run("untrusted peer", func(t *testing.T) {
		ta := startApp(t, withTrustedProxies("10.0.0.0/8"))
		for i := range 5 {
			expect(t, ta.loginFrom(fmt.Sprintf("198.51.100.%d", i+1), "auditor@crah.demo", "wrong password"), http.StatusUnauthorized)
		}
		// every try counted against the socket address, whatever the header said
		expect(t, ta.loginFrom("198.51.100.99", "auditor@crah.demo", "wrong password"), http.StatusTooManyRequests)
	})
	t.Run("trusted peer", func(t *testing.T) {
		ta := startApp(t, withTrustedProxies("127.0.0.1, ::1, 10.1.0.0/16"))
		for range 5 {
			// the client added the left-most hop itself; a second proxy (10.1.2.3) sits behind the first
			expect(t, ta.loginFrom("203.0.113.50, 198.51.100.7, 10.1.2.3", "auditor@crah.demo", "wrong password"), http.StatusUnauthorized)
		}
		expect(t, ta.loginFrom("198.51.100.7", "auditor@crah.demo", identity.DemoPassword), http.StatusTooManyRequests)
		// a different forged left-most hop does not escape the block
		expect(t, ta.loginFrom("192.0.2.1, 198.51.100.7", "auditor@crah.demo", "wrong password"), http.StatusTooManyRequests)
		// another client behind the proxy is not blocked by that one
		ok := ta.loginFrom("198.51.100.8", "auditor@crah.demo", identity.DemoPassword)
		expect(t, ok, http.StatusOK)
		// nor is the proxy's own address
		expect(t, ta.loginFrom("", "auditor@crah.demo", "wrong password"), http.StatusUnauthorized)

		// the activity log records the client, not the proxy
		admin := ta.loginFrom("198.51.100.30", "admin@actionhub.demo", identity.DemoPassword)
		expect(t, admin, http.StatusOK)
		tok := str(admin.Body, "token")
		user := str(ok.Body["user"].(map[string]any), "id")
		log := ta.do("GET", activityLogPath+"?actor_id="+user, tok, nil)
		expect(t, log, http.StatusOK)
		if es := items(log); len(es) == 0 || str(es[0], "ip") != "198.51.100.8" {
			t.Fatalf("activity log: %s", log.Raw)
		}
	})
	t.Run("garbage falls back to the socket address", func(t *testing.T) {
		ta := startApp(t, withTrustedProxies("127.0.0.1,::1"))
		for _, junk := range []string{"not-an-ip", "1.2.3.4.5", "198.51.100.7:8080", "<script>", "999.1.1.1"} {
			expect(t, ta.loginFrom(junk, "auditor@crah.demo", "wrong password"), http.StatusUnauthorized)
		}
		// all five went to the socket address's bucket
		expect(t, ta.loginFrom("", "auditor@crah.demo", "wrong password"), http.StatusTooManyRequests)
	})
}

// TestTrustProxyIsRefused: the old all-or-nothing setting stops the start
// with a pointer to its replacement, rather than silently changing whose
// address is counted.
func TestTrustProxyIsRefused(t *testing.T) {
	load := func(env map[string]string) error {
		env["DATA_DIR"], env["SECRET_KEY"] = t.TempDir(), "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
		_, err := config.Load(func(k string) string { return env[k] }, false)
		return err
	}
	if err := load(map[string]string{"TRUST_PROXY": "true"}); err == nil || !strings.Contains(err.Error(), "TRUSTED_PROXIES") {
		t.Fatalf("TRUST_PROXY=true: %v, want an error naming TRUSTED_PROXIES", err)
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.internal", "10.0.0.1,,x"} {
		if err := load(map[string]string{"TRUSTED_PROXIES": bad}); err == nil {
			t.Fatalf("TRUSTED_PROXIES=%q was accepted", bad)
		}
	}
	if err := load(map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.7 ,fd00::/8"}); err != nil {
		t.Fatal(err)
	}
}

// post sends a JSON POST with an Idempotency-Key.
func (ta *testApp) post(path, token, key, body string) response {
	ta.t.Helper()
	h := http.Header{"Content-Type": {"application/json"}, "Idempotency-Key": {key}}
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	return ta.request("POST", path, h, strings.NewReader(body))
}

// TestIdempotentReplayNeedsAValidCaller: a stored answer is replayed only to
// a caller who is still authenticated and allowed; the key's scope includes
// the query string.
func TestIdempotentReplayNeedsAValidCaller(t *testing.T) {
	ta := startApp(t)
	hubAdmin := ta.login("hub.admin@crah.demo")
	hubID := str(items(ta.do("GET", "/api/v1/hubs", hubAdmin, nil))[0], "id")
	body := fmt.Sprintf(`{"kind":"brand","name":"Baltic Threads AB","hub_ids":[%q]}`, hubID)

	first := ta.post("/api/v1/organisations", hubAdmin, "order-1", body)
	expect(t, first, http.StatusCreated)
	again := ta.post("/api/v1/organisations", hubAdmin, "order-1", body)
	expect(t, again, http.StatusCreated)
	if again.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("repeat was not replayed: %v", again.Header)
	}
	expect(t, ta.do("POST", "/api/v1/auth/logout", hubAdmin, nil), http.StatusNoContent)
	expect(t, ta.post("/api/v1/organisations", hubAdmin, "order-1", body), http.StatusUnauthorized)

	// a disabled user's replay is refused too
	admin := ta.login("admin@actionhub.demo")
	hubAdmin = ta.login("hub.admin@crah.demo")
	expect(t, ta.post("/api/v1/organisations", hubAdmin, "order-2", body), http.StatusCreated)
	me := ta.do("GET", "/api/v1/me", hubAdmin, nil)
	userID := str(me.Body["user"].(map[string]any), "id")
	expect(t, ta.do("POST", "/api/v1/users/"+userID+"/disable", admin, nil), http.StatusOK)
	expect(t, ta.post("/api/v1/organisations", hubAdmin, "order-2", body), http.StatusUnauthorized)
	expect(t, ta.do("POST", "/api/v1/users/"+userID+"/enable", admin, nil), http.StatusOK)

	// a dry run and a commit with one key are two different requests
	brand := ta.login("brand.manager@nordwind.demo")
	h := http.Header{"Content-Type": {"text/csv"}, "Authorization": {"Bearer " + brand}, "Idempotency-Key": {"list-9"}}
	dry := ta.request("POST", "/api/v1/nomination-uploads?dry_run=true", h, strings.NewReader(listCSV))
	expect(t, dry, http.StatusOK)
	commit := ta.request("POST", "/api/v1/nomination-uploads?dry_run=false", h, strings.NewReader(listCSV))
	expect(t, commit, http.StatusCreated)
	if commit.Header.Get("Idempotent-Replayed") != "" || str(commit.Body, "id") == "" {
		t.Fatalf("the commit replayed the dry run: %s", commit.Raw)
	}
}

// TestNoSecretInRedis: answers that carry a token or key secret are never
// kept; a repeat of such a request answers 409 and creates nothing.
func TestNoSecretInRedis(t *testing.T) {
	ta := startApp(t)
	var secrets []string
	login := ta.post("/api/v1/auth/login", "", "login-1", fmt.Sprintf(`{"email":"hub.admin@crah.demo","password":%q}`, identity.DemoPassword))
	expect(t, login, http.StatusOK)
	tok := str(login.Body, "token")
	secrets = append(secrets, tok[strings.IndexByte(tok, '.')+1:])
	// a failed login with some Authorization header and a key is not kept either
	expect(t, ta.post("/api/v1/auth/login", "ahs_x.y", "login-2", `{"email":"hub.admin@crah.demo","password":"wrong"}`), http.StatusUnauthorized)

	key := ta.post("/api/v1/me/api-keys", tok, "key-1", `{"name":"ERP"}`)
	expect(t, key, http.StatusCreated)
	k := str(key.Body, "key")
	secrets = append(secrets, k[strings.IndexByte(k, '.')+1:])
	repeat := ta.post("/api/v1/me/api-keys", tok, "key-1", `{"name":"ERP"}`)
	expect(t, repeat, http.StatusConflict)
	if strings.Contains(string(repeat.Raw), secrets[1]) {
		t.Fatal("the repeat carries the key")
	}
	if n := len(items(ta.do("GET", "/api/v1/me/api-keys", tok, nil))); n != 1 {
		t.Fatalf("%d keys after a repeated create, want 1", n)
	}
	// a failed authenticated request is not kept: the repeat runs again
	expect(t, ta.post("/api/v1/organisations", tok, "org-1", `{"kind":"bank"}`), http.StatusUnprocessableEntity)

	ctx := context.Background()
	var idemKeys int
	iter := ta.app.Redis.Scan(ctx, 0, "*", 1000).Iterator()
	for iter.Next(ctx) {
		rk := iter.Val()
		if strings.Contains(rk, "idempotency") {
			idemKeys++
		}
		typ, _ := ta.app.Redis.Type(ctx, rk).Result()
		if typ != "string" {
			continue
		}
		v, _ := ta.app.Redis.Get(ctx, rk).Result()
		for _, s := range secrets {
			if strings.Contains(v, s) || strings.Contains(rk, s) {
				t.Fatalf("Redis key %s holds a secret", rk)
			}
		}
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	if idemKeys != 1 { // the key creation's marker, without its answer
		t.Fatalf("%d idempotency entries in Redis, want 1", idemKeys)
	}
}

// rawRequest writes head and part of a body on a raw connection and reads
// the answer's status line, headers and body; it does not send the rest.
func rawRequest(t *testing.T, addr, head string, body []byte) (int, http.Header, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatal(err)
	}
	conn.Write(body) // the server may close early; that is fine
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer before the body was sent: %v", err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(b)
}

// TestOversizeBodiesAreRefusedBeforeReading: a big declared body is refused
// at once, without the server waiting for (or buffering) it.
func TestOversizeBodiesAreRefusedBeforeReading(t *testing.T) {
	ta := startApp(t)
	addr := strings.TrimPrefix(ta.url, "http://")
	tok := ta.login("hub.admin@crah.demo")
	cases := []struct {
		name, head string
	}{
		{"anonymous login", "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 33554432\r\n\r\n"},
		{"health check", "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n"},
		{"unknown route", "POST /nothing HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n"},
		{"authenticated JSON over its limit", "POST /api/v1/organisations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer " + tok + "\r\nContent-Length: 2097152\r\n\r\n"},
		{"bad token, upload size", "POST /api/v1/nomination-uploads HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nAuthorization: Bearer ahs_x.y\r\nContent-Length: 104857600\r\n\r\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// more than the server reads ahead (8 KiB), far less than declared
			status, h, body := rawRequest(t, addr, c.head, []byte(`{"email":"`+strings.Repeat("a", 16<<10)))
			if status != http.StatusRequestEntityTooLarge || !strings.HasPrefix(h.Get("Content-Type"), "application/problem+json") || !strings.Contains(body, "detail") {
				t.Fatalf("answer %d %q %s, want a 413 problem", status, h.Get("Content-Type"), body)
			}
		})
	}
	// a chunked anonymous body is cut off once it passes the small limit
	t.Run("chunked anonymous", func(t *testing.T) {
		chunk := strings.Repeat("a", 32<<10)
		var b strings.Builder
		for range 4 {
			fmt.Fprintf(&b, "%x\r\n%s\r\n", len(chunk), chunk)
		}
		status, _, body := rawRequest(t, addr, "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", []byte(b.String()))
		if status != http.StatusRequestEntityTooLarge {
			t.Fatalf("answer %d %s, want 413", status, body)
		}
	})
	// the server still answers normally
	ta.login("brand.manager@nordwind.demo")
}

// TestRefusedBodySaysConnectionClose: a body refused unread is answered
// with Connection: close, so a client with keep-alive connections sends
// its next request on a new one instead of failing on the closed one.
func TestRefusedBodySaysConnectionClose(t *testing.T) {
	ta := startApp(t)
	tok := ta.login("hub.admin@crah.demo")
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}, Timeout: 30 * time.Second}
	defer client.CloseIdleConnections()
	post := func(body []byte) (*http.Response, error) {
		req, err := http.NewRequest(http.MethodPost, ta.url+"/api/v1/organisations", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		res, err := client.Do(req)
		if err == nil {
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
		return res, err
	}
	for i := range 3 {
		// A valid request first, so a keep-alive connection is idle in the pool.
		res, err := post([]byte(`{"kind": "brand", "name": "Keepalive ` + strconv.Itoa(i) + `", "hub_ids": []}`))
		if err != nil || res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("round %d, a small post: %v %v", i, res, err)
		}
		res, err = post(bytes.Repeat([]byte("a"), 2<<20))
		if err != nil {
			t.Fatalf("round %d, an oversize post: %v", i, err)
		}
		if res.StatusCode != http.StatusRequestEntityTooLarge || !res.Close {
			t.Fatalf("round %d, an oversize post: %d, close %v; want 413 with Connection: close", i, res.StatusCode, res.Close)
		}
	}
	res, err := post([]byte(`{"kind": "brand", "name": "After the refusals", "hub_ids": []}`))
	if err != nil || res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("the next post after a refusal: %v %v", res, err)
	}
}

// TestLargeUploadsAreCapped: only a few large uploads are read at once; the
// next is told to come back.
func TestLargeUploadsAreCapped(t *testing.T) {
	ta := startApp(t)
	addr := strings.TrimPrefix(ta.url, "http://")
	tok := ta.login("brand.manager@nordwind.demo")
	head := "POST /api/v1/nomination-uploads?dry_run=true HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nAuthorization: Bearer " + tok + "\r\nContent-Length: 4194304\r\n\r\n"
	var held []net.Conn
	defer func() {
		for _, c := range held {
			c.Close()
		}
	}()
	for i := range 32 {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, conn)
		io.WriteString(conn, head+"name,city,sector\n"+strings.Repeat("a", 16<<10))
		// a held upload gets no answer; a refused one gets 503 at once
		conn.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			continue
		}
		res.Body.Close()
		if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
			t.Fatalf("upload %d: %d, want 503 with Retry-After", i, res.StatusCode)
		}
		if i == 0 {
			t.Fatal("the first upload was refused")
		}
		return
	}
	t.Fatal("32 large uploads were all read at once")
}

var wellFormedID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// TestSecurityHeaders: every answer says nosniff; API answers are not
// cached; pages refuse to be framed.
func TestSecurityHeaders(t *testing.T) {
	ta := startApp(t)
	tok := ta.login("brand.manager@nordwind.demo")
	check := func(name string, r response, noStore, noFrame bool) {
		t.Helper()
		if r.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", name, r.Header.Get("X-Content-Type-Options"))
		}
		if noStore && !strings.Contains(r.Header.Get("Cache-Control"), "no-store") {
			t.Errorf("%s: Cache-Control %q", name, r.Header.Get("Cache-Control"))
		}
		if noFrame && r.Header.Get("X-Frame-Options") != "DENY" && !strings.Contains(r.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("%s: no frame protection: %v", name, r.Header)
		}
	}
	check("login", ta.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "brand.manager@nordwind.demo", "password": identity.DemoPassword}), true, false)
	check("me", ta.do("GET", "/api/v1/me", tok, nil), true, false)
	check("401", ta.do("GET", "/api/v1/me", "", nil), true, false)
	check("export", ta.do("GET", "/api/v1/suppliers.csv", tok, nil), true, false)
	check("unknown API route", ta.do("GET", "/api/v1/nothing", "", nil), true, false)
	check("health", ta.do("GET", "/healthz", "", nil), false, false)
	check("docs", ta.do("GET", "/docs/", "", nil), false, true)
	check("monitor", ta.do("GET", "/monitor/jobs", ta.login("admin@actionhub.demo"), nil), true, true)
}

// TestRequestIDs: a well-formed client request ID is kept; anything else is
// replaced by a new one.
func TestRequestIDs(t *testing.T) {
	ta := startApp(t)
	get := func(id string) string {
		t.Helper()
		r := ta.request("GET", "/healthz", http.Header{"X-Request-Id": {id}}, nil)
		return r.Header.Get("X-Request-Id")
	}
	if got := get("client-42.retry_1"); got != "client-42.retry_1" {
		t.Fatalf("a well-formed ID was replaced by %q", got)
	}
	for _, bad := range []string{strings.Repeat("a", 65), "id with spaces", "x\"};drop", "<script>", "é"} {
		got := get(bad)
		if got == bad || !wellFormedID.MatchString(got) {
			t.Fatalf("request ID %q answered as %q", bad, got)
		}
	}
}

// TestDisableEndsCredentials: disabling a user ends their sessions and API
// keys for good; keys need an interactive session to make; keys expire.
func TestDisableEndsCredentials(t *testing.T) {
	ta := startApp(t)
	admin := ta.login("admin@actionhub.demo")
	tok := ta.login("brand.manager@nordwind.demo")
	key := ta.do("POST", "/api/v1/me/api-keys", tok, map[string]any{"name": "ERP"})
	expect(t, key, http.StatusCreated)
	apiKey := str(key.Body, "key")
	expect(t, ta.do("GET", "/api/v1/me", apiKey, nil), http.StatusOK)

	// a key cannot make keys
	expect(t, ta.do("POST", "/api/v1/me/api-keys", apiKey, map[string]any{"name": "another"}), http.StatusForbidden)

	user := str(ta.do("GET", "/api/v1/me", tok, nil).Body["user"].(map[string]any), "id")
	expect(t, ta.do("POST", "/api/v1/users/"+user+"/disable", admin, nil), http.StatusOK)
	expect(t, ta.do("POST", "/api/v1/users/"+user+"/enable", admin, nil), http.StatusOK)
	expect(t, ta.do("GET", "/api/v1/me", tok, nil), http.StatusUnauthorized)
	expect(t, ta.do("GET", "/api/v1/me", apiKey, nil), http.StatusUnauthorized)
	tok = ta.login("brand.manager@nordwind.demo")
	keys := items(ta.do("GET", "/api/v1/me/api-keys", tok, nil))
	if len(keys) != 1 || keys[0]["revoked"] != true {
		t.Fatalf("keys after disable: %v", keys)
	}

	// expiry: validated, shown, enforced
	for _, bad := range []map[string]any{
		{"name": "x", "expires_in_days": 0},
		{"name": "x", "expires_in_days": 400},
		{"name": "x", "expires_at": time.Now().Add(-time.Hour).Format(time.RFC3339)},
		{"name": "x", "expires_at": time.Now().AddDate(2, 0, 0).Format(time.RFC3339)},
		{"name": "x", "expires_in_days": 3, "expires_at": time.Now().AddDate(0, 0, 3).Format(time.RFC3339)},
	} {
		expect(t, ta.do("POST", "/api/v1/me/api-keys", tok, bad), http.StatusUnprocessableEntity)
	}
	short := ta.do("POST", "/api/v1/me/api-keys", tok, map[string]any{"name": "short", "expires_in_days": 30})
	expect(t, short, http.StatusCreated)
	exp, err := time.Parse(time.RFC3339, str(short.Body, "expires_at"))
	if err != nil || time.Until(exp) < 29*24*time.Hour || time.Until(exp) > 31*24*time.Hour {
		t.Fatalf("expires_at: %s", short.Raw)
	}
	shortKey := str(short.Body, "key")
	expect(t, ta.do("GET", "/api/v1/me", shortKey, nil), http.StatusOK)
	if _, err := ta.app.Store.APIKeys.Update(context.Background(), str(short.Body, "id"), func(k *domain.APIKey) error {
		k.Expires = time.Now().Add(-time.Minute)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	expect(t, ta.do("GET", "/api/v1/me", shortKey, nil), http.StatusUnauthorized)
}

// Disabling an organisation ends its members' sessions and keys for good,
// like disabling each of them: re-enabling it revives none.
func TestDisableOrgEndsCredentials(t *testing.T) {
	ta := startApp(t)
	admin := ta.login("admin@actionhub.demo")
	tok := ta.login("brand.manager@nordwind.demo")
	key := ta.do("POST", "/api/v1/me/api-keys", tok, map[string]any{"name": "ERP"})
	expect(t, key, http.StatusCreated)
	apiKey := str(key.Body, "key")
	org := str(ta.do("GET", "/api/v1/me", tok, nil).Body["organisation"].(map[string]any), "id")
	expect(t, ta.do("POST", "/api/v1/organisations/"+org+"/disable", admin, nil), http.StatusOK)
	expect(t, ta.do("POST", "/api/v1/organisations/"+org+"/enable", admin, nil), http.StatusOK)
	expect(t, ta.do("GET", "/api/v1/me", tok, nil), http.StatusUnauthorized)
	expect(t, ta.do("GET", "/api/v1/me", apiKey, nil), http.StatusUnauthorized)
	expect(t, ta.do("GET", "/api/v1/me", ta.login("brand.manager@nordwind.demo"), nil), http.StatusOK)
}
