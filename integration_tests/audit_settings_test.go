package integration_tests

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

// TestAuditSettings: a hub admin shortens the critical deadline, and an
// audit published afterwards makes its critical finding's action due by it;
// nobody else changes the settings, and bad values are refused by field.
func TestAuditSettings(t *testing.T) {
	ta := startApp(t)
	p := newParties(t, ta)
	path := "/api/v1/hubs/" + p.hub + "/audit-settings"

	// Defaults until a hub admin stores settings; staff read, others do not.
	def := ta.do("GET", path, p.auditor, nil)
	expect(t, def, http.StatusOK)
	if def.Body["defaults"] != true || def.Body["critical_days"] != float64(30) || def.Body["version"] != float64(0) {
		t.Fatalf("default settings: %s", def.Raw)
	}
	for _, tok := range []string{p.brandA, p.supplierMgr, p.agent} {
		r := ta.do("GET", path, tok, nil)
		if r.Status != http.StatusForbidden && r.Status != http.StatusNotFound {
			t.Fatalf("a party outside the operator reads the settings: %d %s", r.Status, r.Raw)
		}
	}
	expect(t, ta.do("GET", "/api/v1/hubs/nonsense/audit-settings", p.hubAdmin, nil), http.StatusNotFound)

	set := func(critical int) map[string]any {
		return map[string]any{"critical_days": critical, "major_days": 60, "minor_days": 90, "safeguarding_hours": 24, "remediation_plan_days": 14}
	}
	for _, tok := range []string{p.brandA, p.viewerA, p.supplierMgr, p.auditor, p.caseWorker, p.agent} {
		r := ta.do("PUT", path, tok, set(20))
		if r.Status != http.StatusForbidden && r.Status != http.StatusNotFound {
			t.Fatalf("a party other than the hub's admins changes the settings: %d %s", r.Status, r.Raw)
		}
		expect(t, r, r.Status)
	}
	expect(t, ta.do("PUT", "/api/v1/hubs/nonsense/audit-settings", p.hubAdmin, set(20)), http.StatusNotFound)

	// Bad values: 422 naming the field, nothing stored.
	for name, c := range map[string]struct {
		body  map[string]any
		field string
	}{
		"negative":                 {set(-5), "critical_days"},
		"major shorter":            {map[string]any{"critical_days": 30, "major_days": 20, "minor_days": 90, "safeguarding_hours": 24, "remediation_plan_days": 14}, "major_days"},
		"safeguarding over 3 days": {map[string]any{"critical_days": 30, "major_days": 60, "minor_days": 90, "safeguarding_hours": 100, "remediation_plan_days": 14}, "safeguarding_hours"},
	} {
		r := ta.do("PUT", path, p.hubAdmin, c.body)
		expect(t, r, http.StatusUnprocessableEntity)
		var got []string
		errs, _ := r.Body["errors"].([]any)
		for _, e := range errs {
			m, _ := e.(map[string]any)
			got = append(got, str(m, "location"))
		}
		if !slices.Contains(got, "body."+c.field) {
			t.Errorf("%s: locations %v, want %s", name, got, c.field)
		}
	}
	if r := ta.do("GET", path, p.hubAdmin, nil); r.Body["defaults"] != true {
		t.Fatalf("a refused change was stored: %s", r.Raw)
	}

	put := ta.do("PUT", path, p.hubAdmin, set(20))
	expect(t, put, http.StatusOK)
	if put.Body["defaults"] != false || put.Body["critical_days"] != float64(20) || put.Body["version"] != float64(1) {
		t.Fatalf("stored settings: %s", put.Raw)
	}
	expect(t, ta.do("PUT", path, p.hubAdmin, map[string]any{"critical_days": 25, "major_days": 60, "minor_days": 90,
		"safeguarding_hours": 24, "remediation_plan_days": 14, "version": 7}), http.StatusConflict)
	if r := ta.do("GET", path, p.caseWorker, nil); r.Body["critical_days"] != float64(20) || r.Body["defaults"] != false {
		t.Fatalf("settings read back: %s", r.Raw)
	}

	// An audit published now: its critical finding is due in 20 days.
	auditorID := str(ta.do("GET", "/api/v1/me", p.auditor, nil).Body["user"].(map[string]any), "id")
	sup := ta.do("POST", "/api/v1/suppliers", p.hubAdmin, map[string]any{"name": "Sialkot Road Garments", "address": "Plot 9, Industrial Estate",
		"city": "Multan", "sector": "textile", "sub_sector": "garments"})
	expect(t, sup, http.StatusCreated)
	kar, _ := time.LoadLocation("Asia/Karachi")
	day := func(n int) string { return time.Now().In(kar).AddDate(0, 0, n).Format("2006-01-02") }
	sched := ta.do("POST", "/api/v1/audits", p.hubAdmin, map[string]any{"supplier_id": str(sup.Body, "id"), "type": "initial", "mode": "announced",
		"window": map[string]any{"from": day(0), "to": day(1)}, "lead_auditor_id": auditorID, "team_ids": []string{auditorID}})
	expect(t, sched, http.StatusCreated)
	id := str(sched.Body, "id")
	expect(t, ta.do("POST", "/api/v1/audits/"+id+"/start", p.auditor, nil), http.StatusOK)
	f := ta.do("POST", "/api/v1/audits/"+id+"/findings", p.auditor, map[string]any{"category": "health_safety", "severity": "critical",
		"description": "Fire exits locked during the shift."})
	expect(t, f, http.StatusCreated)
	expect(t, ta.do("POST", "/api/v1/audits/"+id+"/submit", p.auditor, map[string]any{"score": map[string]any{"met": 90, "applicable": 100}, "summary": "Exits locked."}), http.StatusOK)
	pub := ta.do("POST", "/api/v1/audits/"+id+"/publish", p.hubAdmin, nil)
	expect(t, pub, http.StatusOK)
	published, err := time.Parse(time.RFC3339Nano, str(pub.Body, "published"))
	if err != nil {
		t.Fatalf("published: %s", pub.Raw)
	}
	acts := ta.do("GET", "/api/v1/actions?finding_id="+str(f.Body, "id"), p.hubAdmin, nil)
	expect(t, acts, http.StatusOK)
	if len(items(acts)) != 1 {
		t.Fatalf("actions: %s", acts.Raw)
	}
	due, err := time.Parse(time.RFC3339Nano, str(items(acts)[0], "due"))
	if err != nil || !due.Equal(published.AddDate(0, 0, 20)) {
		t.Fatalf("the critical action is due %v, want 20 days after %v", due, published)
	}
}
