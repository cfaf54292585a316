package integration_tests

import (
	"net/http"
	"net/url"
	"testing"
)

// TestEveryListOrderIsIndexed asks for every filter and order the list
// endpoints accept, as each kind of caller, with the plan check on (see
// harness_test.go): a query whose plan sorts or scans fails, so a filter
// and order that no index serves is found here rather than at volume.
func TestEveryListOrderIsIndexed(t *testing.T) {
	ta := startApp(t)
	p := newParties(t, ta)
	filters := []url.Values{{}, {"city": {"Karachi"}}, {"sector": {"textile"}}, {"sub_sector": {"weaving"}},
		{"status": {"active"}}, {"risk": {"high"}}, {"city": {"Multan"}, "sector": {"leather"}}, {"q": {"indus"}}}
	sorts := []string{"name", "-name", "created", "-created", "risk", "-risk"}
	callers := map[string]string{"platform admin": p.admin, "hub admin": p.hubAdmin, "brand manager": p.brandA, "supplier manager": p.supplierMgr}
	for who, tok := range callers {
		for _, f := range filters {
			for _, sort := range sorts {
				q := url.Values{"sort": {sort}, "limit": {"5"}}
				for k, v := range f {
					q[k] = v
				}
				if who == "platform admin" {
					q.Set("hub_id", p.hub)
				}
				want := http.StatusOK
				if f.Has("q") && sort != "name" && sort != "-name" {
					want = http.StatusUnprocessableEntity // a search lists in name order only
				}
				r := ta.do("GET", "/api/v1/suppliers?"+q.Encode(), tok, nil)
				if r.Status != want {
					t.Errorf("%s: suppliers?%s: %d, want %d: %s", who, q.Encode(), r.Status, want, r.Raw)
				}
			}
		}
	}
	staff := []url.Values{{}, {"status": {"pending"}}, {"brand_org_id": {p.orgA}}, {"brand_org_id": {p.orgA}, "status": {"accepted"}}}
	for _, q := range staff {
		expect(t, ta.do("GET", "/api/v1/nominations?"+q.Encode(), p.hubAdmin, nil), http.StatusOK)
	}
	for _, q := range []url.Values{{}, {"status": {"pending"}}} {
		expect(t, ta.do("GET", "/api/v1/nominations?"+q.Encode(), p.brandA, nil), http.StatusOK)
	}
}
