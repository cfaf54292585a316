package web

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/httpapi"
	"github.com/gofiber/fiber/v2"
)

// Page reads run as many at a time as there are turns, the others in the
// order they came; one that waits longer than turnWait gets the 503 page.
func TestPageReadsTakeTurns(t *testing.T) {
	v, err := loadViews()
	if err != nil {
		t.Fatal(err)
	}
	h := &Handler{views: v, Deps: Deps{Turns: httpapi.NewReadTurns(1, 5*time.Second)}}
	app := fiber.New()
	release := make(chan struct{})
	var mu sync.Mutex
	var order []int
	ran := func() []int {
		mu.Lock()
		defer mu.Unlock()
		return append([]int(nil), order...)
	}
	app.Get("/r/:n", h.inTurn, func(c *fiber.Ctx) error {
		n, _ := strconv.Atoi(c.Params("n"))
		mu.Lock()
		order = append(order, n)
		mu.Unlock()
		if n == 0 {
			<-release
		}
		return c.SendString("ok")
	})
	var wg sync.WaitGroup
	get := func(n int) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := app.Test(httptest.NewRequest(http.MethodGet, "/r/"+strconv.Itoa(n), nil), -1)
			if err != nil || res.StatusCode != http.StatusOK {
				t.Errorf("read %d: %v %v", n, res, err)
			}
		}()
	}
	get(0)
	for len(ran()) == 0 {
		time.Sleep(time.Millisecond)
	}
	for n := 1; n <= 4; n++ {
		get(n)
		time.Sleep(20 * time.Millisecond) // each in the queue before the next comes
	}
	if got := ran(); len(got) != 1 {
		t.Fatalf("reads ran while the only turn was taken: %v", got)
	}
	close(release)
	wg.Wait()
	if got := ran(); len(got) != 5 || got[1] != 1 || got[2] != 2 || got[3] != 3 || got[4] != 4 {
		t.Fatalf("reads ran in the order %v, want 0 1 2 3 4", got)
	}

	// Every turn taken for longer than a read may wait: the 503 page, to come back.
	h.Turns = httpapi.NewReadTurns(1, 50*time.Millisecond)
	h.Turns.Take()
	res, err := app.Test(httptest.NewRequest(http.MethodGet, "/r/9", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" ||
		res.Header.Get("Content-Type") != fiber.MIMETextHTMLCharsetUTF8 {
		t.Fatalf("a read that waited too long: %d %v", res.StatusCode, res.Header)
	}
	if got := ran(); len(got) != 5 {
		t.Fatalf("the refused read ran: %v", got)
	}
}
