// Package integration_tests starts the real Action Hub in-process on a
// random port, on the SQLite engine in a temp dir (and, for a smaller set,
// on the MongoDB engine over embedded FerretDB), with a real Redis when one
// answers on 127.0.0.1:6379, and drives it over HTTP.
package integration_tests

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/actionhub/actionhub/app/config"
	"github.com/actionhub/actionhub/app/identity"
	"github.com/actionhub/actionhub/app/server"
	"github.com/actionhub/actionhub/app/store/sqlite"
	"github.com/redis/go-redis/v9"
)

// Every query the app issues on SQLite is explained once; one that sorts
// or scans fails.
func init() { sqlite.CheckPlans.Store(true) }

// realRedis is the local Redis when it answers.
const realRedis = "127.0.0.1:6379"

// claimRedisDB claims a Redis database number (1 to 7) for this test, so
// test processes running at once never share queues, and empties it. It
// returns "" when no Redis answers: the app then runs its in-process one.
func claimRedisDB(t *testing.T) (addr string, db int) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", realRedis, 200*time.Millisecond)
	if err != nil {
		return "", 0
	}
	conn.Close()
	ctl := redis.NewClient(&redis.Options{Addr: realRedis})
	t.Cleanup(func() { ctl.Close() })
	ctx := context.Background()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		for n := 1; n <= 7; n++ { // the jobs package's tests use 8 to 15
			key := fmt.Sprintf("actionhub:test:db:%d", n)
			ok, err := ctl.SetNX(ctx, key, os.Getpid(), 10*time.Minute).Result()
			if err != nil {
				t.Fatalf("redis: %v", err)
			}
			if !ok {
				continue
			}
			c := redis.NewClient(&redis.Options{Addr: realRedis, DB: n})
			if err := c.FlushDB(ctx).Err(); err != nil {
				t.Fatalf("redis flush: %v", err)
			}
			c.Close()
			t.Cleanup(func() { ctl.Del(context.Background(), key) })
			return realRedis, n
		}
	}
	t.Fatal("no free Redis database for the test")
	return "", 0
}

// testApp is a running Action Hub and a client for it.
type testApp struct {
	t      *testing.T
	env    map[string]string
	app    *server.App
	url    string
	cancel context.CancelFunc
	done   chan error
}

type appOption func(env map[string]string)

// withMode runs the process as api or worker instead of serve.
func withMode(m server.Mode) appOption {
	return func(env map[string]string) { env["TEST_MODE"] = string(m) }
}

// withEnv copies another process's settings (same data, Redis and key), as
// replicas of one deployment share them.
func withEnv(other *testApp) appOption {
	return func(env map[string]string) {
		for k, v := range other.env {
			if k != "TEST_MODE" {
				env[k] = v
			}
		}
	}
}

func withMongo(uri, db string) appOption {
	return func(env map[string]string) { env["MONGODB_URI"], env["MONGODB_DATABASE"] = uri, db }
}

// startApp starts the whole system (serve mode) with the demo network seeded.
func startApp(t *testing.T, opts ...appOption) *testApp {
	t.Helper()
	key := make([]byte, 32)
	for i := range key {
		key[i] = byte(i + 7)
	}
	env := map[string]string{
		"DATA_DIR":  t.TempDir(),
		"HTTP_ADDR": "127.0.0.1:0",
		"LOG_LEVEL": "warn",
		// A fixed key keeps the test from writing one into the temp dir.
		"SECRET_KEY": base64.StdEncoding.EncodeToString(key),
	}
	if addr, db := claimRedisDB(t); addr != "" {
		env["REDIS_ADDR"], env["REDIS_DB"] = addr, fmt.Sprint(db)
	}
	for _, o := range opts {
		o(env)
	}
	return launch(t, env)
}

// restartApp starts the system again on the same data and Redis database.
func restartApp(t *testing.T, prev *testApp) *testApp {
	t.Helper()
	return launch(t, prev.env)
}

func launch(t *testing.T, env map[string]string) *testApp {
	t.Helper()
	cfg, err := config.Load(func(k string) string { return env[k] }, true)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	ctx, cancel := context.WithCancel(context.Background())
	mode := server.ModeServe
	if m := env["TEST_MODE"]; m != "" {
		mode = server.Mode(m)
	}
	a, err := server.New(ctx, cfg, mode, log)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if _, _, err := a.Identity.SeedDemo(ctx); err != nil { // the registry starts empty; TestDemoRegistry seeds it
		cancel()
		a.Close()
		t.Fatal(err)
	}
	ta := &testApp{t: t, env: env, app: a, url: a.URL(), cancel: cancel, done: make(chan error, 1)}
	go func() { ta.done <- a.Run(ctx) }()
	t.Cleanup(ta.stop)
	if mode != server.ModeWorker {
		ta.waitReady()
	}
	return ta
}

func (ta *testApp) stop() {
	ta.cancel()
	select {
	case err := <-ta.done:
		if err != nil {
			ta.t.Errorf("run: %v", err)
		}
	case <-time.After(30 * time.Second):
		ta.t.Error("app did not stop within 30 s")
	}
}

func (ta *testApp) waitReady() {
	ta.t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if r, err := http.Get(ta.url + "/readyz"); err == nil {
			r.Body.Close()
			if r.StatusCode == http.StatusOK {
				return
			}
		}
	}
	ta.t.Fatal("app not ready within 10 s")
}

// response is a decoded answer.
type response struct {
	Status int
	Header http.Header
	Body   map[string]any
	Raw    []byte
}

// do sends a request; body may be nil, a string (sent as is) or a value
// (sent as JSON).
func (ta *testApp) do(method, path, token string, body any) response {
	ta.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			ta.t.Fatal(err)
		}
		r = bytes.NewReader(j)
	}
	h := http.Header{}
	if body != nil {
		h.Set("Content-Type", "application/json")
	}
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	return ta.request(method, path, h, r)
}

// send sends a raw body with a content type of its own.
func (ta *testApp) send(method, path, token, contentType string, body []byte) response {
	ta.t.Helper()
	return ta.request(method, path, http.Header{"Content-Type": {contentType}, "Authorization": {"Bearer " + token}}, bytes.NewReader(body))
}

// request sends a request with the given headers and decodes the answer.
func (ta *testApp) request(method, path string, h http.Header, body io.Reader) response {
	ta.t.Helper()
	req, err := http.NewRequest(method, ta.url+path, body)
	if err != nil {
		ta.t.Fatal(err)
	}
	req.Header = h
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		ta.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := response{Status: res.StatusCode, Header: res.Header, Raw: raw}
	_ = json.Unmarshal(raw, &out.Body)
	return out
}

// login logs a demo user in and returns the token.
func (ta *testApp) login(email string) string {
	ta.t.Helper()
	r := ta.do("POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": identity.DemoPassword})
	if r.Status != http.StatusOK {
		ta.t.Fatalf("login %s: %d %s", email, r.Status, r.Raw)
	}
	return r.Body["token"].(string)
}

// expect fails the test unless the answer has the status; error answers
// must be problem+json with a detail.
func expect(t *testing.T, r response, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Raw)
	}
	if status >= 400 {
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
			t.Fatalf("error content type %q, want application/problem+json: %s", ct, r.Raw)
		}
		d, _ := r.Body["detail"].(string)
		if why := notSentence(d); why != "" {
			t.Fatalf("problem detail %s: %s", why, r.Raw)
		}
	}
}

// notSentence says why a problem's detail is not a sentence for a person,
// or returns "" when it is: a capital first letter, a full stop at the end,
// and none of the punctuation of a Go error chain ("x: y: not found").
func notSentence(d string) string {
	first, _ := utf8.DecodeRuneInString(d)
	switch {
	case d == "":
		return "is empty"
	case !unicode.IsUpper(first):
		return "does not start with a capital letter"
	case !strings.HasSuffix(d, "."):
		return "does not end with a full stop"
	case strings.Contains(d, ": "):
		return "reads as a chain of wrapped errors"
	case strings.ContainsAny(d, "\n\t") || strings.Contains(d, "%!") || strings.Contains(d, "<nil>"):
		return "holds formatting debris"
	}
	for _, s := range []string{"not found", "conflict", "unauthenticated", "forbidden", "service unavailable"} {
		if strings.HasSuffix(strings.TrimSuffix(d, "."), s) {
			return "ends with a sentinel error's text"
		}
	}
	return ""
}

func str(m map[string]any, k string) string { s, _ := m[k].(string); return s }

func items(r response) []map[string]any {
	raw, _ := r.Body["items"].([]any)
	out := make([]map[string]any, len(raw))
	for i, x := range raw {
		out[i], _ = x.(map[string]any)
	}
	return out
}
