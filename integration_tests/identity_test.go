package integration_tests

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
)

// identityFlows is the foundation's end-to-end story; it runs on every engine.
func identityFlows(t *testing.T, ta *testApp) {
	admin := ta.login("admin@actionhub.demo")
	hubAdmin := ta.login("hub.admin@crah.demo")
	brandA := ta.login("brand.manager@nordwind.demo")
	brandB := ta.login("brand.manager@lakeside.demo")

	// me
	me := ta.do("GET", "/api/v1/me", brandA, nil)
	expect(t, me, http.StatusOK)
	user := me.Body["user"].(map[string]any)
	if str(user, "role") != "brand_manager" || str(user, "email") != "brand.manager@nordwind.demo" {
		t.Fatalf("me: %s", me.Raw)
	}
	if strings.Contains(string(me.Raw), "Password") || strings.Contains(string(me.Raw), "argon2") {
		t.Fatalf("me leaks the password hash: %s", me.Raw)
	}
	orgA := str(me.Body["organisation"].(map[string]any), "id")
	meB := ta.do("GET", "/api/v1/me", brandB, nil)
	orgB := str(meB.Body["organisation"].(map[string]any), "id")

	// unauthenticated, bad token
	expect(t, ta.do("GET", "/api/v1/me", "", nil), http.StatusUnauthorized)
	expect(t, ta.do("GET", "/api/v1/me", "ahs_nonsense.nonsense", nil), http.StatusUnauthorized)

	// a brand sees its own organisation, not another brand's, nor its users
	expect(t, ta.do("GET", "/api/v1/organisations/"+orgA, brandA, nil), http.StatusOK)
	expect(t, ta.do("GET", "/api/v1/organisations/"+orgB, brandA, nil), http.StatusNotFound)
	expect(t, ta.do("GET", "/api/v1/organisations/does-not-exist", brandA, nil), http.StatusNotFound)
	expect(t, ta.do("GET", "/api/v1/users?org_id="+orgB, brandA, nil), http.StatusNotFound)
	usersB := ta.do("GET", "/api/v1/users", brandB, nil)
	expect(t, usersB, http.StatusOK)
	userB := str(items(usersB)[0], "id")
	expect(t, ta.do("GET", "/api/v1/users/"+userB, brandA, nil), http.StatusNotFound)

	// a brand calling admin endpoints is refused
	expect(t, ta.do("POST", "/api/v1/organisations", brandA, map[string]any{"kind": "brand", "name": "X", "hub_ids": []string{}}), http.StatusForbidden)
	expect(t, ta.do("GET", "/api/v1/activity", brandA, nil), http.StatusForbidden)
	expect(t, ta.do("GET", "/api/v1/organisations", brandA, nil), http.StatusForbidden)

	// the hub admin creates an organisation and a user in their hub
	hubs := ta.do("GET", "/api/v1/hubs", hubAdmin, nil)
	expect(t, hubs, http.StatusOK)
	hubID := str(items(hubs)[0], "id")
	org := ta.do("POST", "/api/v1/organisations", hubAdmin, map[string]any{"kind": "brand", "name": "Südwind Mode AG", "hub_ids": []string{hubID}})
	expect(t, org, http.StatusCreated)
	newOrg := str(org.Body, "id")
	u := ta.do("POST", "/api/v1/users", hubAdmin, map[string]any{"org_id": newOrg, "email": "Compliance@Suedwind.example",
		"name": "Aisha Khan", "role": "brand_manager", "password": "a long enough passphrase"})
	expect(t, u, http.StatusCreated)
	if str(u.Body, "email") != "compliance@suedwind.example" {
		t.Fatalf("email not normalised: %s", u.Raw)
	}
	// the role must fit the organisation; the e-mail must be new
	bad := ta.do("POST", "/api/v1/users", hubAdmin, map[string]any{"org_id": newOrg, "email": "x@suedwind.example",
		"name": "X", "role": "auditor", "password": "a long enough passphrase"})
	expect(t, bad, http.StatusUnprocessableEntity)
	expect(t, ta.do("POST", "/api/v1/users", hubAdmin, map[string]any{"org_id": newOrg, "email": "compliance@suedwind.example",
		"name": "Y", "role": "brand_viewer", "password": "a long enough passphrase"}), http.StatusConflict)
	// the hub admin cannot make platform admins or operator organisations
	expect(t, ta.do("POST", "/api/v1/organisations", hubAdmin, map[string]any{"kind": "operator", "name": "Other NGO", "hub_ids": []string{hubID}}), http.StatusUnprocessableEntity)

	// the hub admin lists the hub's people by role; a brand may not
	auditors := ta.do("GET", "/api/v1/users?hub_id="+hubID+"&role=auditor", hubAdmin, nil)
	expect(t, auditors, http.StatusOK)
	if got := items(auditors); len(got) != 1 || str(got[0], "email") != "auditor@crah.demo" {
		t.Fatalf("the hub's auditors: %s", auditors.Raw)
	}
	everyone := ta.do("GET", "/api/v1/users?hub_id="+hubID+"&limit=500", hubAdmin, nil)
	if n := len(items(everyone)); n < 11 {
		t.Fatalf("%d people in the hub, want the demo network's and the new one", n)
	}
	expect(t, ta.do("GET", "/api/v1/users?hub_id="+hubID, brandA, nil), http.StatusNotFound)

	// the new user logs in; the new organisation is listed for the hub
	lr := ta.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "compliance@suedwind.example", "password": "a long enough passphrase"})
	expect(t, lr, http.StatusOK)
	newTok := str(lr.Body, "token")
	expect(t, ta.do("GET", "/api/v1/me", newTok, nil), http.StatusOK)
	list := ta.do("GET", "/api/v1/organisations?kind=brand", hubAdmin, nil)
	expect(t, list, http.StatusOK)
	found := false
	for _, it := range items(list) {
		found = found || str(it, "id") == newOrg
	}
	if !found {
		t.Fatalf("new organisation missing from the hub's list: %s", list.Raw)
	}

	// disabling the organisation stops its user's token at once
	expect(t, ta.do("POST", "/api/v1/organisations/"+newOrg+"/disable", hubAdmin, nil), http.StatusOK)
	expect(t, ta.do("GET", "/api/v1/me", newTok, nil), http.StatusUnauthorized)

	// API keys: shown once, work as the user, stop when revoked
	k := ta.do("POST", "/api/v1/me/api-keys", brandA, map[string]string{"name": "ERP integration"})
	expect(t, k, http.StatusCreated)
	key := str(k.Body, "key")
	expect(t, ta.do("GET", "/api/v1/me", key, nil), http.StatusOK)
	keys := ta.do("GET", "/api/v1/me/api-keys", brandA, nil)
	if strings.Contains(string(keys.Raw), key) {
		t.Fatal("the key is shown again in the list")
	}
	expect(t, ta.do("DELETE", "/api/v1/me/api-keys/"+str(k.Body, "id"), brandB, nil), http.StatusNotFound)
	expect(t, ta.do("DELETE", "/api/v1/me/api-keys/"+str(k.Body, "id"), brandA, nil), http.StatusNoContent)
	expect(t, ta.do("GET", "/api/v1/me", key, nil), http.StatusUnauthorized)

	// logout ends the session at once
	expect(t, ta.do("POST", "/api/v1/auth/logout", brandB, nil), http.StatusNoContent)
	expect(t, ta.do("GET", "/api/v1/me", brandB, nil), http.StatusUnauthorized)

	// every write is in the activity log, readable by the platform admin
	log := ta.do("GET", "/api/v1/activity?object=org:"+newOrg, admin, nil)
	expect(t, log, http.StatusOK)
	actions := map[string]bool{}
	for _, e := range items(log) {
		actions[str(e, "action")] = true
	}
	if !actions["organisations.create"] || !actions["organisations.disable"] {
		t.Fatalf("activity log for the organisation: %s", log.Raw)
	}
}

func TestIdentitySQLite(t *testing.T) {
	identityFlows(t, startApp(t))
}

func TestBadInput(t *testing.T) {
	ta := startApp(t)
	tok := ta.login("hub.admin@crah.demo")
	admin := ta.login("admin@actionhub.demo")
	cases := []struct {
		name   string
		method string
		path   string
		body   any
		status int
	}{
		{"malformed JSON", "POST", "/api/v1/organisations", `{"kind": "brand",`, http.StatusBadRequest},
		{"wrong type", "POST", "/api/v1/organisations", `{"kind": "brand", "name": 42, "hub_ids": []}`, http.StatusUnprocessableEntity},
		{"unknown field", "POST", "/api/v1/organisations", `{"kind": "brand", "name": "A", "hub_ids": [], "colour": "red"}`, http.StatusUnprocessableEntity},
		{"unknown enum", "POST", "/api/v1/organisations", `{"kind": "bank", "name": "A", "hub_ids": []}`, http.StatusUnprocessableEntity},
		{"injection string as ID", "GET", "/api/v1/organisations/%27%20OR%201%3D1--", nil, http.StatusNotFound},
		{"bad cursor", "GET", "/api/v1/users?cursor=not-a-cursor", nil, http.StatusUnprocessableEntity},
		{"bad limit", "GET", "/api/v1/users?limit=100000", nil, http.StatusUnprocessableEntity},
		{"bad time", "GET", "/api/v1/activity?from=yesterday", nil, http.StatusUnprocessableEntity},
		{"unknown route", "GET", "/api/v1/nothing-here", nil, http.StatusNotFound},
		{"wrong method", "PUT", "/healthz", nil, http.StatusMethodNotAllowed},
		{"huge number", "POST", "/api/v1/organisations", `{"kind": "brand", "name": "A", "hub_ids": [], "x": 1e999999}`, http.StatusBadRequest},
		{"null body", "POST", "/api/v1/organisations", `null`, http.StatusUnprocessableEntity},
		{"array body", "POST", "/api/v1/organisations", `[]`, http.StatusUnprocessableEntity},
		{"oversize body", "POST", "/api/v1/organisations", `{"name":"` + strings.Repeat("a", 2<<20) + `"}`, http.StatusRequestEntityTooLarge},
	}
	for _, c := range cases {
		who := tok
		if strings.HasPrefix(c.path, "/api/v1/activity") {
			who = admin
		}
		t.Logf("case %s", c.name)
		expect(t, ta.do(c.method, c.path, who, c.body), c.status)
	}
	// nothing was written by the bad inputs
	list := ta.do("GET", "/api/v1/organisations", tok, nil)
	for _, it := range items(list) {
		if str(it, "name") == "A" {
			t.Fatalf("a rejected organisation was written: %s", list.Raw)
		}
	}
	// a too-short password is refused without echoing it
	r := ta.do("POST", "/api/v1/users", tok, map[string]any{"org_id": "x", "email": "a@b.example", "name": "A", "role": "auditor", "password": "hunter2"})
	expect(t, r, http.StatusUnprocessableEntity)
	if strings.Contains(string(r.Raw), "hunter2") {
		t.Fatalf("the rejected password is echoed: %s", r.Raw)
	}
}

func TestLoginThrottle(t *testing.T) {
	ta := startApp(t)
	for i := 0; i < 5; i++ {
		expect(t, ta.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "auditor@crah.demo", "password": "wrong password"}), http.StatusUnauthorized)
	}
	r := ta.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "auditor@crah.demo", "password": "ActionHub-demo-2026"})
	expect(t, r, http.StatusTooManyRequests)
	if r.Header.Get("Retry-After") == "" {
		t.Fatal("429 without Retry-After")
	}
	// another account from the same address is not blocked
	ta.login("case.worker@crah.demo")
}

func TestPublicDocuments(t *testing.T) {
	ta := startApp(t)
	spec := ta.do("GET", "/openapi.json", "", nil)
	expect(t, spec, http.StatusOK)
	if str(spec.Body, "openapi") != "3.1.0" {
		t.Fatalf("openapi version: %v", spec.Body["openapi"])
	}
	paths := spec.Body["paths"].(map[string]any)
	for _, p := range []string{"/api/v1/auth/login", "/api/v1/me", "/api/v1/organisations", "/api/v1/users", "/api/v1/activity"} {
		if _, ok := paths[p]; !ok {
			t.Errorf("openapi lacks %s", p)
		}
	}
	docs, err := http.Get(ta.url + "/docs/")
	if err != nil || docs.StatusCode != http.StatusOK {
		t.Fatalf("docs: %v %v", err, docs)
	}
	docs.Body.Close()
	expect(t, ta.do("GET", "/healthz", "", nil), http.StatusOK)
}

// TestJobMonitorIsForPlatformAdmins: the queue dashboard is mounted, and
// only platform admins get in.
func TestJobMonitorIsForPlatformAdmins(t *testing.T) {
	ta := startApp(t)
	expect(t, ta.do("GET", "/monitor/jobs/api/queues", "", nil), http.StatusUnauthorized)
	expect(t, ta.do("GET", "/monitor/jobs/api/queues", ta.login("hub.admin@crah.demo"), nil), http.StatusForbidden)
	r := ta.do("GET", "/monitor/jobs/api/queues", ta.login("admin@actionhub.demo"), nil)
	expect(t, r, http.StatusOK)
	if _, ok := r.Body["queues"]; !ok {
		t.Fatalf("queue list: %s", r.Raw)
	}
}

// TestWelcomeNotificationIsDelivered: a new user's notification is stored
// in the outbox and delivered by a worker job without waiting for the sweep.
func TestWelcomeNotificationIsDelivered(t *testing.T) {
	ta := startApp(t)
	tok := ta.login("hub.admin@crah.demo")
	orgs := ta.do("GET", "/api/v1/organisations?kind=agency", tok, nil)
	org := str(items(orgs)[0], "id")
	expect(t, ta.do("POST", "/api/v1/users", tok, map[string]any{"org_id": org, "email": "officer2@scpa.example",
		"name": "Sana Baloch", "role": "agency_officer", "password": "a long enough passphrase"}), http.StatusCreated)
	ctx := context.Background()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ns, _, err := ta.app.Store.Notifications.Find(ctx, docstore.Query{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		var status string
		for _, n := range ns {
			if n.To == "officer2@scpa.example" {
				status = n.Status
			}
		}
		if status == domain.NotificationSent {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("welcome notification status %q after 20 s", status)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestIdempotencyKey: repeating a create with the same key replays the first
// answer and creates nothing twice; the same key with another body is refused.
func TestIdempotencyKey(t *testing.T) {
	ta := startApp(t)
	tok := ta.login("hub.admin@crah.demo")
	hubID := str(items(ta.do("GET", "/api/v1/hubs", tok, nil))[0], "id")
	post := func(key, name string) response {
		t.Helper()
		body := fmt.Sprintf(`{"kind":"brand","name":%q,"hub_ids":[%q]}`, name, hubID)
		return ta.request("POST", "/api/v1/organisations", http.Header{"Content-Type": {"application/json"},
			"Authorization": {"Bearer " + tok}, "Idempotency-Key": {key}}, strings.NewReader(body))
	}
	first := post("order-7731", "Baltic Threads AB")
	expect(t, first, http.StatusCreated)
	again := post("order-7731", "Baltic Threads AB")
	expect(t, again, http.StatusCreated)
	if str(again.Body, "id") != str(first.Body, "id") || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("repeat was not a replay: %s", again.Raw)
	}
	expect(t, post("order-7731", "Another name"), http.StatusUnprocessableEntity)
	expect(t, post("bad key with spaces", "X"), http.StatusUnprocessableEntity)
	list := ta.do("GET", "/api/v1/organisations?kind=brand&limit=500", tok, nil)
	n := 0
	for _, it := range items(list) {
		if str(it, "name") == "Baltic Threads AB" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d organisations created, want 1", n)
	}
	// another key creates another
	expect(t, post("order-7732", "Baltic Threads AB"), http.StatusCreated)
}

// TestWrongContentType: a body that is not JSON is refused and changes nothing.
func TestWrongContentType(t *testing.T) {
	ta := startApp(t)
	tok := ta.login("hub.admin@crah.demo")
	r := ta.send("POST", "/api/v1/organisations", tok, "application/x-www-form-urlencoded", []byte("kind=brand&name=A"))
	if r.Status < 400 || r.Status >= 500 {
		t.Fatalf("form body answered %d, want a 4xx", r.Status)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("content type %q", ct)
	}
}
