package integration_tests

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"
)

// TestSchedulingRaceBooksOnce: hub admins scheduling the same auditor for
// the same days at six suppliers at once get one booking and five
// conflicts, never a double booking.
func TestSchedulingRaceBooksOnce(t *testing.T) {
	ta := startApp(t)
	p := newParties(t, ta)
	me := ta.do("GET", "/api/v1/me", p.auditor, nil)
	expect(t, me, http.StatusOK)
	auditorID := str(me.Body["user"].(map[string]any), "id")
	kar, _ := time.LoadLocation("Asia/Karachi")
	day := func(n int) string { return time.Now().In(kar).AddDate(0, 0, n).Format("2006-01-02") }

	const n = 6
	sups := make([]string, n)
	for i := range sups {
		r := ta.do("POST", "/api/v1/suppliers", p.hubAdmin, map[string]any{"name": fmt.Sprintf("Race Tannery %d", i+1),
			"address": fmt.Sprintf("Plot %d, Industrial Estate", 40+i), "city": "Multan", "sector": "leather", "sub_sector": "tannery"})
		expect(t, r, http.StatusCreated)
		sups[i] = str(r.Body, "id")
	}
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range sups {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := ta.do("POST", "/api/v1/audits", p.hubAdmin, map[string]any{"supplier_id": sups[i], "type": "initial", "mode": "announced",
				"window": map[string]any{"from": day(5), "to": day(6)}, "lead_auditor_id": auditorID, "team_ids": []string{auditorID}})
			codes[i] = r.Status
		}()
	}
	wg.Wait()
	created, conflicts := 0, 0
	for _, c := range codes {
		switch c {
		case http.StatusCreated:
			created++
		case http.StatusConflict:
			conflicts++
		}
	}
	if created != 1 || conflicts != n-1 {
		t.Fatalf("answers %v: %d booked, %d conflicts; want 1 and %d", codes, created, conflicts, n-1)
	}
}
