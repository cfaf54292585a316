package integration_tests

import (
	"net/http"
	"testing"
	"time"
)

// TestEveryRoleAgainstEveryFollowUpEndpoint tries every role on the
// follow-up endpoints and the hub's case settings: the design's table
// (case workers record; case workers, hub admins and the opening auditor
// read; brands, suppliers, agencies and other auditors nothing), no
// identity in any answer or error, and a refused visit changes nothing.
func TestEveryRoleAgainstEveryFollowUpEndpoint(t *testing.T) {
	ta := startApp(t)
	w := buildCaseWorld(t, ta)
	p := w.p
	id := str(w.openTanneryCase(t), "id")
	kar, _ := time.LoadLocation("Asia/Karachi")
	today := time.Now().In(kar).Format("2006-01-02")
	hub := p.hub
	visit := map[string]any{"contacted": true, "in_school": true, "wellbeing": "good", "visited_on": today,
		"notes": "Seen at the centre."}
	for _, r := range []struct {
		name                       string
		tok                        string
		read, record, due, setting int // statuses
	}{
		{"platform admin", p.admin, 200, 201, 200, 200},
		{"hub admin", p.hubAdmin, 200, 403, 200, 200},
		{"auditor who opened it", p.auditor, 200, 403, 403, 200},
		{"another auditor", w.auditor2, 404, 403, 403, 200},
		{"case worker", p.caseWorker, 200, 201, 200, 200},
		{"linked brand manager", p.brandA, 403, 403, 403, 403},
		{"linked brand viewer", p.viewerA, 403, 403, 403, 403},
		{"brand not linked", p.brandB, 403, 403, 403, 403},
		{"the tannery", w.multan, 403, 403, 403, 403},
		{"another supplier", p.supplierMgr, 403, 403, 403, 403},
		{"agency officer", p.agent, 403, 403, 403, 403},
	} {
		t.Run(r.name, func(t *testing.T) {
			before := ta.do("GET", "/api/v1/cases/"+id, p.caseWorker, nil)
			rec := ta.do("POST", "/api/v1/cases/"+id+"/follow-ups", r.tok, visit)
			for _, c := range []struct {
				what string
				res  response
				want int
			}{
				{"list the case's follow-ups", ta.do("GET", "/api/v1/cases/"+id+"/follow-ups", r.tok, nil), r.read},
				{"record a visit", rec, r.record},
				{"the hub's due list", ta.do("GET", "/api/v1/follow-ups/due?hub_id="+hub, r.tok, nil), r.due},
				{"the hub's case settings", ta.do("GET", "/api/v1/hubs/"+hub+"/case-settings", r.tok, nil), r.setting},
			} {
				if c.res.Status != c.want {
					t.Errorf("%s: %d, want %d: %s", c.what, c.res.Status, c.want, c.res.Raw)
				}
				if v := leaks(c.res); v != "" {
					t.Errorf("%s carries %q", c.what, v)
				}
			}
			if rec.Status == http.StatusCreated {
				// Two visits the same day: the second is an extra one, a third a conflict.
				return
			}
			after := ta.do("GET", "/api/v1/cases/"+id, p.caseWorker, nil)
			if after.Body["version"] != before.Body["version"] || after.Body["follow_ups"] != before.Body["follow_ups"] {
				t.Errorf("a refused visit changed the case")
			}
		})
	}
	// Only hub admins and the platform set the case settings.
	for tok, want := range map[string]int{p.hubAdmin: 200, p.caseWorker: 403, p.auditor: 403, p.brandA: 403} {
		r := ta.do("PUT", "/api/v1/hubs/"+hub+"/case-settings", tok, map[string]any{"follow_up_months": 2, "lost_contact_tries": 3, "retention_years": 5})
		if r.Status != want {
			t.Errorf("set case settings: %d, want %d: %s", r.Status, want, r.Raw)
		}
	}
	bad := ta.do("PUT", "/api/v1/hubs/"+hub+"/case-settings", p.hubAdmin, map[string]any{"follow_up_months": 9, "lost_contact_tries": 0, "retention_years": 5})
	expect(t, bad, http.StatusUnprocessableEntity)
	s := ta.do("GET", "/api/v1/hubs/"+hub+"/case-settings", p.caseWorker, nil)
	expect(t, s, http.StatusOK)
	if s.Body["follow_up_months"] != float64(2) || s.Body["defaults"] != false {
		t.Errorf("settings after the hub admin's change: %s", s.Raw)
	}
}
