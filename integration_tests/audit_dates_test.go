package integration_tests

import (
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"
)

// TestAuditListByDate: from and to select audits by the day their window
// opens, alone and with state, supplier or auditor, for every caller, each
// query served by an index (the plan check is on), page by page; bad dates
// are refused by field.
func TestAuditListByDate(t *testing.T) {
	ta := startApp(t)
	p := newParties(t, ta)
	auditorID := str(ta.do("GET", "/api/v1/me", p.auditor, nil).Body["user"].(map[string]any), "id")
	n := nominate(t, ta, p.brandA, facility("Indus Weaving Mills", "Plot 12, Sector 7-A, Korangi Industrial Area", "Karachi", "weaving"), http.StatusCreated)
	sup := str(accept(t, ta, p.hubAdmin, str(n, "id")), "supplier_id")
	expect(t, ta.do("PATCH", "/api/v1/suppliers/"+sup, p.hubAdmin, map[string]any{"org_id": p.indusOrg}), http.StatusOK)

	kar, _ := time.LoadLocation("Asia/Karachi")
	day := func(n int) string { return time.Now().In(kar).AddDate(0, 0, n).Format("2006-01-02") }
	schedule := func(typ string, from int) string {
		r := ta.do("POST", "/api/v1/audits", p.hubAdmin, map[string]any{"supplier_id": sup, "type": typ, "mode": "announced",
			"window": map[string]any{"from": day(from), "to": day(from + 1)}, "lead_auditor_id": auditorID, "team_ids": []string{auditorID}})
		expect(t, r, http.StatusCreated)
		return str(r.Body, "id")
	}
	early, middle, late := schedule("initial", 10), schedule("periodic", 20), schedule("verification", 30)

	// list follows every page of one query and returns the IDs.
	list := func(tok string, q url.Values) []string {
		t.Helper()
		q.Set("limit", "1")
		var out []string
		for range 10 {
			r := ta.do("GET", "/api/v1/audits?"+q.Encode(), tok, nil)
			expect(t, r, http.StatusOK)
			out = append(out, ids(r)...)
			c := str(r.Body, "next_cursor")
			if c == "" {
				return out
			}
			q.Set("cursor", c)
		}
		t.Fatalf("audits?%s: no end of pages", q.Encode())
		return nil
	}
	window := url.Values{"from": {day(15)}, "to": {day(30)}}
	for name, c := range map[string]struct {
		tok  string
		q    url.Values
		want []string
	}{
		"hub":                 {p.hubAdmin, url.Values{}, []string{late, middle}},
		"hub, from only":      {p.hubAdmin, url.Values{"to": nil, "from": {day(11)}}, []string{late, middle}},
		"hub, to only":        {p.hubAdmin, url.Values{"from": nil, "to": {day(20)}}, []string{middle, early}},
		"hub, one day":        {p.hubAdmin, url.Values{"from": {day(10)}, "to": {day(10)}}, []string{early}},
		"hub and state":       {p.hubAdmin, url.Values{"state": {"scheduled"}}, []string{late, middle}},
		"hub, another state":  {p.hubAdmin, url.Values{"state": {"published"}}, nil},
		"supplier":            {p.caseWorker, url.Values{"supplier_id": {sup}}, []string{late, middle}},
		"supplier and state":  {p.hubAdmin, url.Values{"supplier_id": {sup}, "state": {"scheduled"}}, []string{late, middle}},
		"auditor":             {p.hubAdmin, url.Values{"auditor_id": {auditorID}}, []string{late, middle}},
		"the facility itself": {p.supplierMgr, url.Values{}, []string{late, middle}},
		"a brand":             {p.brandA, url.Values{"supplier_id": {sup}}, nil}, // nothing published
		"a brand's own list":  {p.brandA, url.Values{}, nil},
		"platform":            {p.admin, url.Values{"hub_id": {p.hub}}, []string{late, middle}},
	} {
		q := url.Values{}
		for k, v := range window {
			q[k] = v
		}
		for k, v := range c.q {
			if v == nil {
				delete(q, k)
			} else {
				q[k] = v
			}
		}
		if got := list(c.tok, q); !slices.Equal(got, c.want) {
			t.Errorf("%s: audits?%s = %v, want %v", name, q.Encode(), got, c.want)
		}
	}

	for name, c := range map[string]struct {
		q     string
		field string
	}{
		"not a day":         {"from=2026-13-01", "query.from"},
		"not a date at all": {"to=yesterday", "query.to"},
		"from after to":     {"from=" + day(20) + "&to=" + day(10), "query.to"},
	} {
		r := ta.do("GET", "/api/v1/audits?"+c.q, p.hubAdmin, nil)
		expect(t, r, http.StatusUnprocessableEntity)
		var got []string
		errs, _ := r.Body["errors"].([]any)
		for _, e := range errs {
			m, _ := e.(map[string]any)
			got = append(got, str(m, "location"))
		}
		if !slices.Contains(got, c.field) {
			t.Errorf("%s: locations %v, want %s", name, got, c.field)
		}
	}
}
