package integration_tests

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

// hsdsItems returns the contents of an HSDS page.
func hsdsItems(t *testing.T, r response) []map[string]any {
	t.Helper()
	raw, ok := r.Body["contents"].([]any)
	if !ok {
		t.Fatalf("no HSDS page: %s", r.Raw)
	}
	out := make([]map[string]any, len(raw))
	for i, x := range raw {
		out[i], _ = x.(map[string]any)
	}
	return out
}

// directoryParties starts from the demo network with the hub's directory
// seeded as the demo seeds it.
func directoryParties(t *testing.T, ta *testApp) *parties {
	t.Helper()
	p := newParties(t, ta)
	if ok, err := ta.app.Directory.SeedDemo(t.Context(), p.hub); err != nil || !ok {
		t.Fatalf("seed directory: %v %v", ok, err)
	}
	return p
}

// byName finds an HSDS record by name in the hub's directory.
func byName(t *testing.T, ta *testApp, tok, base, kind, name string) map[string]any {
	t.Helper()
	r := ta.do("GET", base+"/"+kind+"?per_page=100&search="+url.QueryEscape(name), tok, nil)
	expect(t, r, http.StatusOK)
	for _, x := range hsdsItems(t, r) {
		if x["name"] == name {
			return x
		}
	}
	t.Fatalf("no %s named %q in %s", kind, name, r.Raw)
	return nil
}

// TestHSDSAPI reads the seeded directory through the HSDS API: closed to
// strangers until the hub opens it, HSDS page objects, filters combined
// with AND, paging, records by ID, and 404 for what is not there.
func TestHSDSAPI(t *testing.T) {
	ta := startApp(t)
	p := directoryParties(t, ta)
	base := "/api/v1/hsds/" + p.hub

	// Closed by default: a stranger is asked to log in, a bad token refused,
	// and anyone working in the hub reads.
	expect(t, ta.do("GET", base+"/services", "", nil), http.StatusUnauthorized)
	expect(t, ta.do("GET", base+"/services", "ahs_not-a-token", nil), http.StatusUnauthorized)
	for _, tok := range []string{p.viewerA, p.caseWorker, p.agent, p.supplierMgr} {
		expect(t, ta.do("GET", base+"/services", tok, nil), http.StatusOK)
	}
	// Brands read but may not open it to the public.
	expect(t, ta.do("PUT", "/api/v1/directory/settings", p.brandA, map[string]any{"public_api": true}), http.StatusForbidden)
	r := ta.do("PUT", "/api/v1/directory/settings", p.hubAdmin, map[string]any{"public_api": true})
	expect(t, r, http.StatusOK)
	if r.Body["public_api"] != true {
		t.Fatalf("settings: %s", r.Raw)
	}

	idx := ta.do("GET", base, "", nil)
	expect(t, idx, http.StatusOK)
	if idx.Body["version"] != "3.0" {
		t.Errorf("index: %s", idx.Raw)
	}

	all := ta.do("GET", base+"/services?per_page=100", "", nil)
	expect(t, all, http.StatusOK)
	total := int(all.Body["total_items"].(float64))
	if total < 15 || len(hsdsItems(t, all)) != total || all.Body["first_page"] != true || all.Body["last_page"] != true ||
		all.Body["empty"] != false || all.Body["page_number"] != float64(1) || all.Body["total_pages"] != float64(1) {
		t.Fatalf("first page: %s", all.Raw)
	}
	// Every service is in the full shape, with its organisation, and no
	// invented contact details: the only number is the public helpline.
	for _, s := range hsdsItems(t, all) {
		if s["status"] == nil || s["organization"] == nil {
			t.Errorf("service without status or organization: %v", s)
		}
		org := s["organization"].(map[string]any)
		if org["email"] != nil || org["website"] != nil || s["email"] != nil || s["url"] != nil {
			t.Errorf("seeded service %q carries contact details: %v", s["name"], s)
		}
		for _, ph := range s["phones"].([]any) {
			if ph.(map[string]any)["number"] != "1121" {
				t.Errorf("seeded service %q has a phone number other than the helpline: %v", s["name"], ph)
			}
		}
	}

	// Pages of 5: the third holds items 11 to 15 of the whole list.
	p3 := ta.do("GET", base+"/services?per_page=5&page=3", "", nil)
	expect(t, p3, http.StatusOK)
	want := hsdsItems(t, all)[10:15]
	for i, s := range hsdsItems(t, p3) {
		if s["id"] != want[i]["id"] {
			t.Errorf("page 3 item %d is %v, want %v", i, s["name"], want[i]["name"])
		}
	}
	if p3.Body["size"] != float64(5) || p3.Body["first_page"] != false || p3.Body["total_pages"] != float64((total+4)/5) {
		t.Errorf("page 3: %v", p3.Body)
	}
	beyond := ta.do("GET", base+"/services?per_page=100&page=9", "", nil)
	expect(t, beyond, http.StatusOK)
	if beyond.Body["empty"] != true {
		t.Errorf("a page past the end: %s", beyond.Raw)
	}
	expect(t, ta.do("GET", base+"/services?per_page=101", "", nil), http.StatusUnprocessableEntity)

	// Taxonomy terms: the service types, each a term with a stable ID.
	terms := ta.do("GET", base+"/taxonomy_terms?per_page=100", "", nil)
	expect(t, terms, http.StatusOK)
	termID := map[string]string{}
	for _, x := range hsdsItems(t, terms) {
		termID[str(x, "code")] = str(x, "id")
	}
	if len(termID) != 13 || termID["birth_registration"] == "" {
		t.Fatalf("terms: %s", terms.Raw)
	}
	expect(t, ta.do("GET", base+"/taxonomy_terms/"+termID["education"], "", nil), http.StatusOK)
	expect(t, ta.do("GET", base+"/taxonomy_terms/9b1d3a0e-3b8e-4d0c-9a51-0b7c2f1e4d99", "", nil), http.StatusNotFound)
	taxes := ta.do("GET", base+"/taxonomies", "", nil)
	expect(t, taxes, http.StatusOK)
	if xs := hsdsItems(t, taxes); len(xs) != 1 || str(xs[0], "id") != str(hsdsItems(t, terms)[0], "taxonomy_id") || str(xs[0], "name") == "" {
		t.Errorf("taxonomies: %s", taxes.Raw)
	}

	// Filters combine with AND.
	births := ta.do("GET", base+"/services?taxonomy_term_id="+termID["birth_registration"], "", nil)
	expect(t, births, http.StatusOK)
	if births.Body["total_items"] != float64(2) {
		t.Errorf("birth registration services: %s", births.Raw)
	}
	nadra := byName(t, ta, "", base, "organizations", "National Database and Registration Authority (NADRA)")
	both := ta.do("GET", base+"/services?taxonomy_term_id="+termID["birth_registration"]+"&organization_id="+str(nadra, "id"), "", nil)
	expect(t, both, http.StatusOK)
	if items := hsdsItems(t, both); len(items) != 1 || items[0]["name"] != "Child Registration Certificate (B-Form)" {
		t.Errorf("NADRA's birth registration: %s", both.Raw)
	}
	none := ta.do("GET", base+"/services?taxonomy_term_id="+termID["education"]+"&organization_id="+str(nadra, "id"), "", nil)
	expect(t, none, http.StatusOK)
	if none.Body["total_items"] != float64(0) || none.Body["empty"] != true {
		t.Errorf("NADRA's education services: %s", none.Raw)
	}
	// A text search: BISP's two services (by their organisation's name)
	// and the B-Form, whose description names BISP; with a second word,
	// any order, only the stipend (Taleemi Wazaif).
	search := ta.do("GET", base+"/services?search=bisp", "", nil)
	expect(t, search, http.StatusOK)
	if search.Body["total_items"] != float64(3) {
		t.Errorf("search bisp: %s", search.Raw)
	}
	search = ta.do("GET", base+"/services?search="+url.QueryEscape("Wazaif BISP"), "", nil)
	expect(t, search, http.StatusOK)
	if xs := hsdsItems(t, search); len(xs) != 1 || xs[0]["name"] != "Benazir Taleemi Wazaif education stipend" {
		t.Errorf("search wazaif bisp: %s", search.Raw)
	}
	// A search of nothing but one-letter words and punctuation would list
	// everything: it is refused, naming the search parameter.
	for _, q := range []string{"a", " - ", "a b c"} {
		for _, kind := range []string{"services", "organizations"} {
			r := ta.do("GET", base+"/"+kind+"?search="+url.QueryEscape(q), "", nil)
			expect(t, r, http.StatusUnprocessableEntity)
			if !strings.Contains(string(r.Raw), "search") || !strings.Contains(string(r.Raw), "at least one word of two letters or more") {
				t.Errorf("%s?search=%q: %s", kind, q, r.Raw)
			}
		}
	}
	expect(t, ta.do("GET", base+"/services?search="+url.QueryEscape("a bisp"), "", nil), http.StatusOK)
	expect(t, ta.do("GET", base+"/services?taxonomy_term_id=nonsense", "", nil), http.StatusUnprocessableEntity)
	expect(t, ta.do("GET", base+"/services?modified_after=yesterday", "", nil), http.StatusUnprocessableEntity)

	// One service, with the hub's promise and its prerequisite.
	bform := byName(t, ta, "", base, "services", "Child Registration Certificate (B-Form)")
	one := ta.do("GET", base+"/services/"+str(bform, "id"), "", nil)
	expect(t, one, http.StatusOK)
	if one.Body["response_time_days"] != float64(30) || one.Body["prerequisite_service_id"] == nil {
		t.Errorf("B-Form service: %s", one.Raw)
	}
	pre := ta.do("GET", base+"/services/"+str(one.Body, "prerequisite_service_id"), "", nil)
	expect(t, pre, http.StatusOK)
	if pre.Body["name"] != "Union Council birth certificate" {
		t.Errorf("prerequisite: %s", pre.Raw)
	}
	expect(t, ta.do("GET", base+"/organizations/"+str(nadra, "id"), "", nil), http.StatusOK)
	expect(t, ta.do("GET", base+"/services/9b1d3a0e-3b8e-4d0c-9a51-0b7c2f1e4d99", "", nil), http.StatusNotFound)
	expect(t, ta.do("GET", base+"/organizations/"+str(bform, "id"), "", nil), http.StatusNotFound)
	expect(t, ta.do("GET", "/api/v1/hsds/no-such-hub/services", "", nil), http.StatusNotFound)

	// modified_after: only what changed since.
	mark := time.Now().UTC()
	time.Sleep(5 * time.Millisecond)
	b := serviceBody(one.Body)
	b["description"] = "Changed."
	expect(t, ta.do("PUT", "/api/v1/directory/services/"+str(bform, "id"), p.hubAdmin, b), http.StatusOK)
	since := ta.do("GET", base+"/services?modified_after="+url.QueryEscape(mark.Format(time.RFC3339Nano)), "", nil)
	expect(t, since, http.StatusOK)
	if items := hsdsItems(t, since); len(items) != 1 || items[0]["id"] != bform["id"] {
		t.Errorf("modified after: %s", since.Raw)
	}
	if items := hsdsItems(t, ta.do("GET", base+"/organizations?modified_after="+url.QueryEscape(mark.Format(time.RFC3339Nano)), "", nil)); len(items) != 0 {
		t.Errorf("organizations modified after: %v", items)
	}

	// Closed again: strangers are asked to log in.
	expect(t, ta.do("PUT", "/api/v1/directory/settings", p.hubAdmin, map[string]any{"public_api": false}), http.StatusOK)
	expect(t, ta.do("GET", base+"/services/"+str(bform, "id"), "", nil), http.StatusUnauthorized)
}

// serviceBody turns an HSDS service into the body of a change.
func serviceBody(h map[string]any) map[string]any {
	b := map[string]any{"name": h["name"], "status": h["status"], "description": h["description"]}
	for _, k := range []string{"minimum_age", "maximum_age", "prerequisite_service_id", "eligibility_description"} {
		if h[k] != nil {
			b[k] = h[k]
		}
	}
	if d, ok := h["response_time_days"]; ok {
		b["response_days"] = d
	}
	var areas []any
	for _, a := range h["service_areas"].([]any) {
		areas = append(areas, map[string]any{"id": a.(map[string]any)["id"], "district": a.(map[string]any)["name"]})
	}
	b["service_areas"] = areas
	for _, a := range h["attributes"].([]any) {
		b["service_type"] = a.(map[string]any)["taxonomy_term"].(map[string]any)["code"]
	}
	return b
}

// TestDirectoryEditors: hub admins edit everything, an agency officer only
// its own organisation's entries (404 on others), a brand reads and
// searches but edits nothing.
func TestDirectoryEditors(t *testing.T) {
	ta := startApp(t)
	p := directoryParties(t, ta)
	base := "/api/v1/hsds/" + p.hub
	scpa := byName(t, ta, p.agent, base, "organizations", "Sindh Child Protection Authority")
	scpaSvc := byName(t, ta, p.agent, base, "services", "District Child Protection Unit, Karachi")
	cpwbSvc := byName(t, ta, p.agent, base, "services", "Child protection, Multan")
	nadra := byName(t, ta, p.agent, base, "organizations", "National Database and Registration Authority (NADRA)")

	// The agency changes its own service and organisation.
	b := serviceBody(scpaSvc)
	b["eligibility_description"] = "Children under 18 in Karachi at risk of harm or exploitation."
	r := ta.do("PUT", "/api/v1/directory/services/"+str(scpaSvc, "id"), p.agent, b)
	expect(t, r, http.StatusOK)
	if r.Body["version"] != float64(2) {
		t.Errorf("after the change: %s", r.Raw)
	}
	// A stale version is a conflict.
	b["version"] = 1
	expect(t, ta.do("PUT", "/api/v1/directory/services/"+str(scpaSvc, "id"), p.agent, b), http.StatusConflict)
	org := map[string]any{"name": scpa["name"], "description": "Sindh's child protection authority."}
	expect(t, ta.do("PUT", "/api/v1/directory/organizations/"+str(scpa, "id"), p.agent, org), http.StatusOK)
	// ... and adds a service to its own organisation.
	newSvc := map[string]any{"organization_id": scpa["id"], "name": "Psychosocial support, Karachi", "status": "active",
		"service_type": "psychosocial", "minimum_age": 5, "maximum_age": 17, "response_days": 5,
		"service_areas": []any{map[string]any{"district": "Karachi", "province": "Sindh"}}}
	expect(t, ta.do("POST", "/api/v1/directory/services", p.agent, newSvc), http.StatusCreated)

	// Not another agency's entries, nor a public body's: 404, as unknown.
	expect(t, ta.do("PUT", "/api/v1/directory/services/"+str(cpwbSvc, "id"), p.agent, serviceBody(cpwbSvc)), http.StatusNotFound)
	expect(t, ta.do("PUT", "/api/v1/directory/organizations/"+str(nadra, "id"), p.agent,
		map[string]any{"name": "x", "description": "y"}), http.StatusNotFound)
	newSvc["organization_id"] = nadra["id"]
	expect(t, ta.do("POST", "/api/v1/directory/services", p.agent, newSvc), http.StatusNotFound)
	// Nor choose which agency edits an organisation, nor add organisations.
	org["agency_org_id"] = p.orgA
	expect(t, ta.do("PUT", "/api/v1/directory/organizations/"+str(scpa, "id"), p.agent, org), http.StatusForbidden)
	expect(t, ta.do("POST", "/api/v1/directory/organizations", p.agent, map[string]any{"name": "x", "description": "y"}), http.StatusNotFound)

	// A brand reads and searches, and edits nothing.
	expect(t, ta.do("PUT", "/api/v1/directory/services/"+str(scpaSvc, "id"), p.viewerA, serviceBody(scpaSvc)), http.StatusForbidden)
	expect(t, ta.do("POST", "/api/v1/directory/services", p.brandA, newSvc), http.StatusForbidden)
	expect(t, ta.do("GET", "/api/v1/directory/export", p.brandA, nil), http.StatusForbidden)
	s := ta.do("GET", "/api/v1/directory/search?district=Karachi&service_type=psychosocial&age=9", p.viewerA, nil)
	expect(t, s, http.StatusOK)
	if got := items(s); len(got) != 1 || got[0]["hsds"].(map[string]any)["name"] != "Psychosocial support, Karachi" {
		t.Errorf("brand's search: %s", s.Raw)
	}

	// Hub admins edit any entry; an organisation given to an agency
	// becomes that agency's to edit, services and all.
	agencyOrg := func(email string) string {
		r := ta.do("GET", "/api/v1/me", ta.login(email), nil)
		return str(r.Body["organisation"].(map[string]any), "id")
	}
	expect(t, ta.do("PUT", "/api/v1/directory/services/"+str(cpwbSvc, "id"), p.hubAdmin, serviceBody(cpwbSvc)), http.StatusOK)
	expect(t, ta.do("PUT", "/api/v1/directory/organizations/"+str(nadra, "id"), p.hubAdmin,
		map[string]any{"name": nadra["name"], "description": nadra["description"], "agency_org_id": p.orgA}), http.StatusUnprocessableEntity)
	expect(t, ta.do("PUT", "/api/v1/directory/organizations/"+str(nadra, "id"), p.hubAdmin,
		map[string]any{"name": nadra["name"], "description": nadra["description"], "agency_org_id": agencyOrg("officer@scpa.demo")}), http.StatusOK)
	bform := byName(t, ta, p.agent, base, "services", "Child Registration Certificate (B-Form)")
	expect(t, ta.do("PUT", "/api/v1/directory/services/"+str(bform, "id"), p.agent, serviceBody(bform)), http.StatusOK)

	// A prerequisite must be in the directory and must not loop.
	ucb := byName(t, ta, p.agent, base, "services", "Union Council birth certificate")
	loop := serviceBody(ucb)
	loop["prerequisite_service_id"] = bform["id"]
	r = ta.do("PUT", "/api/v1/directory/services/"+str(ucb, "id"), p.hubAdmin, loop)
	expect(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(string(r.Raw), "body.prerequisite_service_id") {
		t.Errorf("loop: %s", r.Raw)
	}
}

// TestDirectorySearchForCaseWorkers: by type, district and age.
func TestDirectorySearchForCaseWorkers(t *testing.T) {
	ta := startApp(t)
	p := directoryParties(t, ta)
	names := func(q string) []string {
		t.Helper()
		r := ta.do("GET", "/api/v1/directory/search?"+q, p.caseWorker, nil)
		expect(t, r, http.StatusOK)
		var out []string
		for _, x := range items(r) {
			out = append(out, str(x["hsds"].(map[string]any), "name"))
		}
		return out
	}
	if got := names("service_type=education&district=Multan&age=10"); fmt.Sprint(got) != "[Education Voucher Scheme]" {
		t.Errorf("education, Multan, 10: %v", got)
	}
	if got := names("service_type=education&district=Multan&age=17"); len(got) != 0 {
		t.Errorf("education, Multan, 17: %v", got)
	}
	if got := names("service_type=cash_transfer&district=karachi&age=8"); len(got) != 2 {
		t.Errorf("cash transfer, Karachi, 8: %v", got)
	}
	if got := names("district=Multan&age=16"); len(got) < 8 {
		t.Errorf("everything in Multan for 16: %v", got)
	}
	expect(t, ta.do("GET", "/api/v1/directory/search?service_type=education", p.caseWorker, nil), http.StatusUnprocessableEntity)
	expect(t, ta.do("GET", "/api/v1/directory/search?district=Multan&service_type=circus", p.caseWorker, nil), http.StatusUnprocessableEntity)
}

// TestDirectoryImportExport: an export imports back into the hub unchanged
// in number; a bad record anywhere refuses the whole file, by position.
func TestDirectoryImportExport(t *testing.T) {
	ta := startApp(t)
	p := directoryParties(t, ta)
	ex := ta.do("GET", "/api/v1/directory/export", p.hubAdmin, nil)
	expect(t, ex, http.StatusOK)
	nServices := len(ex.Body["services"].([]any))
	r := ta.send("POST", "/api/v1/directory/import", p.hubAdmin, "application/json", ex.Raw)
	expect(t, r, http.StatusOK)
	if r.Body["services"] != float64(nServices) {
		t.Fatalf("re-import: %s", r.Raw)
	}
	if got := ta.do("GET", "/api/v1/hsds/"+p.hub+"/services", p.hubAdmin, nil).Body["total_items"]; got != float64(nServices) {
		t.Errorf("%v services after re-import, want %d", got, nServices)
	}

	example, err := os.ReadFile("../app/directory/testdata/hsds3/example_service.json")
	if err != nil {
		t.Fatal(err)
	}
	r = ta.send("POST", "/api/v1/directory/import", p.hubAdmin, "application/json", example)
	expect(t, r, http.StatusOK)
	if r.Body["services"] != float64(1) || len(r.Body["ignored"].([]any)) == 0 {
		t.Errorf("example import: %s", r.Raw)
	}

	bad := `{"organizations":[{"id":"6f1d3a0e-3b8e-4d0c-9a51-0b7c2f1e4d11","name":"P","description":"D"}],
	"services":[{"id":"1a1d3a0e-3b8e-4d0c-9a51-0b7c2f1e4d11","organization_id":"6f1d3a0e-3b8e-4d0c-9a51-0b7c2f1e4d11","name":"A","status":"active"},
	{"id":"2a1d3a0e-3b8e-4d0c-9a51-0b7c2f1e4d12","organization_id":"6f1d3a0e-3b8e-4d0c-9a51-0b7c2f1e4d11","name":"B","status":"active","minimum_age":"ten"},
	{"id":"not-a-uuid","organization_id":"6f1d3a0e-3b8e-4d0c-9a51-0b7c2f1e4d11","name":"C","status":"active"},
	{"id":"4a1d3a0e-3b8e-4d0c-9a51-0b7c2f1e4d14","organization_id":"6f1d3a0e-3b8e-4d0c-9a51-0b7c2f1e4d11","name":"D","status":"open"}]}`
	r = ta.send("POST", "/api/v1/directory/import", p.hubAdmin, "application/json", []byte(bad))
	expect(t, r, http.StatusUnprocessableEntity)
	for _, loc := range []string{"body.services[1].minimum_age", "body.services[2].id", "body.services[3].status"} {
		if !strings.Contains(string(r.Raw), `"`+loc+`"`) {
			t.Errorf("no error at %s: %s", loc, r.Raw)
		}
	}
	if got := ta.do("GET", "/api/v1/hsds/"+p.hub+"/organizations?per_page=100", p.hubAdmin, nil); strings.Contains(string(got.Raw), "6f1d3a0e") {
		t.Errorf("a refused import wrote its organisation: %s", got.Raw)
	}
	expect(t, ta.send("POST", "/api/v1/directory/import", p.hubAdmin, "application/json", []byte("[1, 2")), http.StatusUnprocessableEntity)
	expect(t, ta.send("POST", "/api/v1/directory/import", p.agent, "application/json", ex.Raw), http.StatusForbidden)
}

// TestDirectoryServiceFaultsNameTheBody: a change's faults name the
// fields of its body, not HSDS's positions.
func TestDirectoryServiceFaultsNameTheBody(t *testing.T) {
	ta := startApp(t)
	p := directoryParties(t, ta)
	org := byName(t, ta, p.hubAdmin, "/api/v1/hsds/"+p.hub, "organizations", "Punjab Education Foundation")
	r := ta.do("POST", "/api/v1/directory/services", p.hubAdmin, map[string]any{"organization_id": org["id"], "name": "Bad", "status": "active",
		"minimum_age": 12, "maximum_age": 10, "locations": []any{map[string]any{"id": "x", "address_1": "1 Road"}}})
	expect(t, r, http.StatusUnprocessableEntity)
	for _, loc := range []string{"body.maximum_age", "body.locations[0].id", "body.locations[0].address_1"} {
		if !strings.Contains(string(r.Raw), `"`+loc+`"`) {
			t.Errorf("no fault at %s: %s", loc, r.Raw)
		}
	}
}
