package integration_tests

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/server"
	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/app/store/mongo/mongotest"
	"github.com/actionhub/actionhub/domain"
)

// TestSplitDeployment runs the compose topology in one test: two API
// replicas and a worker on one MongoDB database and one Redis. What one
// replica writes, the other serves (scope relations travel over Redis), and
// the worker delivers the notifications the API queued.
func TestSplitDeployment(t *testing.T) {
	if testing.Short() {
		t.Skip("split deployment is skipped in -short")
	}
	api1 := startApp(t, withMongo(mongotest.URI(t), mongotest.Database(t)), withMode(server.ModeAPI))
	if api1.env["REDIS_ADDR"] == "" {
		t.Skip("a split deployment needs a real Redis")
	}
	api2 := startApp(t, withEnv(api1), withMode(server.ModeAPI))
	startApp(t, withEnv(api1), withMode(server.ModeWorker))

	// the hub admin adds a brand and its manager on replica 1
	admin := api1.login("hub.admin@crah.demo")
	hubID := str(items(api1.do("GET", "/api/v1/hubs", admin, nil))[0], "id")
	org := api1.do("POST", "/api/v1/organisations", admin, map[string]any{"kind": "brand", "name": "Fjord Wear AS", "hub_ids": []string{hubID}})
	expect(t, org, http.StatusCreated)
	orgID := str(org.Body, "id")
	expect(t, api1.do("POST", "/api/v1/users", admin, map[string]any{"org_id": orgID, "email": "ingrid@fjordwear.example",
		"name": "Ingrid Berg", "role": "brand_manager", "password": "a long enough passphrase"}), http.StatusCreated)

	// the new manager, served by replica 2, sees their organisation: the
	// user → organisation relation reached replica 2's enforcer
	lr := api2.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "ingrid@fjordwear.example", "password": "a long enough passphrase"})
	expect(t, lr, http.StatusOK)
	tok := str(lr.Body, "token")
	waitStatus(t, api2, "/api/v1/organisations/"+orgID, tok, http.StatusOK)
	// a token issued by one replica works on the other, and logout on one ends it on both
	expect(t, api1.do("GET", "/api/v1/me", tok, nil), http.StatusOK)
	expect(t, api1.do("POST", "/api/v1/auth/logout", tok, nil), http.StatusNoContent)
	expect(t, api2.do("GET", "/api/v1/me", tok, nil), http.StatusUnauthorized)

	// the worker delivered the welcome notification queued by replica 1
	deadline := time.Now().Add(20 * time.Second)
	for {
		ns, _, err := api1.app.Store.Notifications.Find(context.Background(), docstore.Query{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		sent := false
		for _, n := range ns {
			sent = sent || (n.To == "ingrid@fjordwear.example" && n.Status == domain.NotificationSent)
		}
		if sent {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the worker did not deliver the notification within 20 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitStatus polls until path answers status (relations sync in the background).
func waitStatus(t *testing.T, ta *testApp, path, tok string, status int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := ta.do("GET", path, tok, nil)
		if r.Status == status {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s answered %d, want %d: %s", path, r.Status, status, r.Raw)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
