package integration_tests

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestShutdownLosesNoAnsweredWrite stops the app (as SIGTERM does) while
// writes are in flight, starts it again on the same data, and checks that
// every write answered 2xx is there.
func TestShutdownLosesNoAnsweredWrite(t *testing.T) {
	ta := startApp(t)
	tok := ta.login("hub.admin@crah.demo")
	hubs := ta.do("GET", "/api/v1/hubs", tok, nil)
	hubID := str(items(hubs)[0], "id")

	var mu sync.Mutex
	var created []string
	var wg sync.WaitGroup
	stop := make(chan struct{})
	client := &http.Client{Timeout: 10 * time.Second}
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				id, ok := createOrg(client, ta.url, tok, hubID, fmt.Sprintf("Shutdown test %d-%d", w, i))
				if !ok {
					return // the server is going away: later requests are refused, not lost
				}
				mu.Lock()
				created = append(created, id)
				mu.Unlock()
			}
		}(w)
	}
	// Stop once some writes were answered, with more in flight.
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		mu.Lock()
		n := len(created)
		mu.Unlock()
		if n >= 20 {
			break
		}
	}
	ta.cancel() // what SIGTERM does through signal.NotifyContext
	if err := <-ta.done; err != nil {
		t.Fatalf("run: %v", err)
	}
	ta.done <- nil // let the cleanup's stop return at once
	close(stop)
	wg.Wait()
	if len(created) == 0 {
		t.Fatal("no write was answered before the shutdown")
	}

	again := restartApp(t, ta)
	admin := again.login("hub.admin@crah.demo")
	for _, id := range created {
		expect(t, again.do("GET", "/api/v1/organisations/"+id, admin, nil), http.StatusOK)
	}
	t.Logf("%d answered writes all present after restart", len(created))
}

func createOrg(c *http.Client, url, tok, hubID, name string) (string, bool) {
	body := fmt.Sprintf(`{"kind":"supplier","name":%q,"hub_ids":[%q]}`, name, hubID)
	req, _ := http.NewRequest("POST", url+"/api/v1/organisations", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err := c.Do(req)
	if err != nil {
		return "", false
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		return "", false
	}
	var out struct {
		ID string `json:"id"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || out.ID == "" {
		return "", false
	}
	return out.ID, true
}

// TestSecondStartSeedsNothingTwice: data survive a restart and the demo
// network is not seeded again.
func TestSecondStartSeedsNothingTwice(t *testing.T) {
	ta := startApp(t)
	if _, _, err := ta.app.SeedDemo(context.Background()); err != nil { // the demo registry too
		t.Fatal(err)
	}
	admin := ta.login("admin@actionhub.demo")
	before := ta.do("GET", "/api/v1/organisations", admin, nil)
	ta.cancel()
	if err := <-ta.done; err != nil {
		t.Fatal(err)
	}
	ta.done <- nil

	again := restartApp(t, ta)
	seeded, _, err := again.app.SeedDemo(context.Background())
	if err != nil || seeded {
		t.Fatalf("second seed: seeded=%v err=%v", seeded, err)
	}
	admin = again.login("admin@actionhub.demo")
	after := again.do("GET", "/api/v1/organisations", admin, nil)
	if len(items(after)) != len(items(before)) || len(items(before)) == 0 {
		t.Fatalf("organisations before %d, after restart %d", len(items(before)), len(items(after)))
	}
	hubs := again.do("GET", "/api/v1/hubs", admin, nil)
	if n := len(items(hubs)); n != 1 {
		t.Fatalf("%d hubs after a second start, want 1", n)
	}
}
