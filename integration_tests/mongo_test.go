package integration_tests

import (
	"net/http"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store/mongo/mongotest"
)

// TestIdentityMongo runs the foundation's flows on the MongoDB engine
// (embedded FerretDB, or TEST_MONGODB_URI when set).
func TestIdentityMongo(t *testing.T) {
	if testing.Short() {
		t.Skip("MongoDB engine flows are skipped in -short")
	}
	identityFlows(t, startApp(t, withMongo(mongotest.URI(t), mongotest.Database(t))))
}

// TestStoreOutage cuts the connection to the database: requests answer 503
// problem+json, and the app recovers by itself when the database is back.
func TestStoreOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("outage test is skipped in -short")
	}
	relay := mongotest.NewRelay(t, mongotest.URI(t))
	ta := startApp(t, withMongo(relay.URI(), mongotest.Database(t)))
	tok := ta.login("hub.admin@crah.demo")
	expect(t, ta.do("GET", "/api/v1/me", tok, nil), http.StatusOK)

	relay.Down()
	start := time.Now()
	r := ta.do("GET", "/api/v1/me", tok, nil)
	expect(t, r, http.StatusServiceUnavailable)
	t.Logf("503 after %v", time.Since(start).Round(time.Millisecond))
	expect(t, ta.do("GET", "/readyz", "", nil), http.StatusServiceUnavailable)

	relay.Up()
	deadline := time.Now().Add(30 * time.Second)
	for {
		r := ta.do("GET", "/api/v1/me", tok, nil)
		if r.Status == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not recovered 30 s after the database came back: %d %s", r.Status, r.Raw)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
