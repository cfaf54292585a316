package integration_tests

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/actionhub/actionhub/domain/audit"
)

// TestLawClassification: the acceptance cases over HTTP, the packs
// and provisions every party may read, and classification for operator
// staff only.
func TestLawClassification(t *testing.T) {
	ta := startApp(t)
	p := newParties(t, ta)

	classify := func(tok string, body map[string]any) response {
		t.Helper()
		return ta.do("POST", "/api/v1/law/classify", tok, body)
	}
	classOf := func(body map[string]any) map[string]any {
		t.Helper()
		r := classify(p.caseWorker, body)
		expect(t, r, http.StatusOK)
		return r.Body
	}
	shift := func(start, end string) map[string]any {
		return map[string]any{"shifts": []any{map[string]any{"start": start, "end": end}}}
	}
	karachi := func(start, end string) map[string]any {
		return map[string]any{"jurisdiction": "sindh", "on": "2026-03-01", "age_years": 15,
			"tasks": []any{map[string]any{"text": "packing finished garments"}}, "days": []any{shift(start, end)}}
	}

	// A 15-year-old in Karachi: permitted for 3 hours in the day, over the
	// limits at 9 pm.
	day := classOf(karachi("09:00", "12:00"))
	if str(day, "class") != "permitted_work" || str(day, "pack_id") != "sindh/1" {
		t.Fatalf("15 in Karachi by day: %v", day)
	}
	night := classOf(karachi("21:00", "23:00"))
	provs, _ := night["provisions"].([]any)
	if str(night, "class") != "young_worker_over_hours" || len(provs) != 1 || str(provs[0].(map[string]any), "id") != "sindh.adolescent_hours" {
		t.Fatalf("15 in Karachi at 9 pm: %v", night)
	}
	if !strings.Contains(strings.Join(strs(night["reasons"]), " "), "night window") {
		t.Fatalf("the night reason: %v", night["reasons"])
	}

	// A 14-year-old at a Multan tannery: hazardous child labour whatever the
	// task, by date of birth.
	tannery := classOf(map[string]any{"jurisdiction": "punjab", "on": "2026-03-01", "birth_date": "2011-06-15", "sector": "leather_tanning",
		"tasks": []any{map[string]any{"text": "carrying hides"}}, "days": []any{shift("08:00", "11:00")}, "schooling": "out_of_school"})
	if str(tannery, "class") != "hazardous_child_labour" || str(tannery, "pack_id") != "punjab/1" || tannery["school_age"] != true {
		t.Fatalf("14 at a Multan tannery: %v", tannery)
	}
	if ids := provisionIDs(tannery["provisions"]); !slices.Equal(ids, []string{"punjab.child_employment", "punjab.hazardous_work"}) {
		t.Fatalf("tannery provisions %v", ids)
	}
	// A peshgi repaid by work: bonded labour first.
	bonded := classOf(map[string]any{"jurisdiction": "punjab", "age_years": 30, "debt": map[string]any{"amount_pkr": 50000, "repaid_by_work": true}})
	if str(bonded, "class") != "bonded_labour" {
		t.Fatalf("peshgi: %v", bonded)
	}

	// Bad input: the field at fault, never a 500.
	for name, c := range map[string]struct {
		body  map[string]any
		field string
	}{
		"clock 25:00":        {map[string]any{"jurisdiction": "sindh", "age_years": 15, "days": []any{shift("25:00", "26:00")}}, "body.days[0].shifts[0].start"},
		"negative age":       {map[string]any{"jurisdiction": "sindh", "age_years": -1}, "body.age_years"},
		"negative days":      {map[string]any{"jurisdiction": "sindh", "age_years": 15, "days_per_week": -2}, "body.days_per_week"},
		"negative debt":      {map[string]any{"jurisdiction": "sindh", "age_years": 15, "debt": map[string]any{"amount_pkr": -5}}, "body.debt.amount_pkr"},
		"unknown task code":  {map[string]any{"jurisdiction": "sindh", "age_years": 15, "tasks": []any{map[string]any{"code": "brick_moulding"}}}, "body.tasks[0].code"},
		"unknown hazard":     {map[string]any{"jurisdiction": "sindh", "age_years": 15, "hazards": []any{"noise"}}, "body.hazards[0]"},
		"unknown sector":     {map[string]any{"jurisdiction": "sindh", "age_years": 15, "sector": "brick_kilns"}, "body.sector"},
		"unknown province":   {map[string]any{"jurisdiction": "balochistan", "age_years": 15}, "body.jurisdiction"},
		"impossible date":    {map[string]any{"jurisdiction": "sindh", "age_years": 15, "on": "2026-02-30"}, "body.on"},
		"born after the day": {map[string]any{"jurisdiction": "sindh", "on": "2026-03-01", "birth_date": "2026-04-01"}, "body.birth_date"},
		"empty shift":        {map[string]any{"jurisdiction": "sindh", "age_years": 15, "days": []any{shift("09:00", "09:00")}}, "body.days[0].shifts[0]"},
	} {
		r := classify(p.auditor, c.body)
		expect(t, r, http.StatusUnprocessableEntity)
		if !slices.Contains(errorFields(r), c.field) {
			t.Errorf("%s: errors %s, want the field %s", name, r.Raw, c.field)
		}
	}
	// Before the Punjab Act, no pack.
	expect(t, classify(p.auditor, map[string]any{"jurisdiction": "punjab", "on": "2010-01-01", "age_years": 12}), http.StatusNotFound)

	// Who may do what: every party but agencies reads the law; only
	// operator staff and the platform classify.
	for _, c := range []struct {
		tok               string
		read, classifyArg int
	}{
		{p.admin, http.StatusOK, http.StatusOK}, {p.hubAdmin, http.StatusOK, http.StatusOK},
		{p.auditor, http.StatusOK, http.StatusOK}, {p.caseWorker, http.StatusOK, http.StatusOK},
		{p.brandA, http.StatusOK, http.StatusForbidden}, {p.viewerA, http.StatusOK, http.StatusForbidden},
		{p.supplierMgr, http.StatusOK, http.StatusForbidden}, {p.agent, http.StatusForbidden, http.StatusForbidden},
	} {
		expect(t, ta.do("GET", "/api/v1/law/packs", c.tok, nil), c.read)
		expect(t, ta.do("GET", "/api/v1/law/provisions?jurisdiction=punjab", c.tok, nil), c.read)
		expect(t, classify(c.tok, karachi("09:00", "12:00")), c.classifyArg)
	}
	expect(t, ta.do("GET", "/api/v1/law/packs", "", nil), http.StatusUnauthorized)

	packs := ta.do("GET", "/api/v1/law/packs", p.brandA, nil)
	var packIDs []string
	for _, x := range packs.Body["packs"].([]any) {
		packIDs = append(packIDs, str(x.(map[string]any), "id"))
	}
	if !slices.Equal(packIDs, []string{"federal/1", "khyber_pakhtunkhwa/1", "punjab/1", "sindh/1"}) || len(packs.Body["codes"].([]any)) == 0 {
		t.Fatalf("packs %v", packIDs)
	}
	prov := ta.do("GET", "/api/v1/law/provisions?jurisdiction=punjab&on=2026-03-01", p.supplierMgr, nil)
	expect(t, prov, http.StatusOK)
	if ids := provisionIDs(prov.Body["provisions"]); str(prov.Body, "pack_id") != "punjab/1" || !slices.Contains(ids, "punjab.child_employment") {
		t.Fatalf("Punjab provisions: %s", prov.Raw)
	}
	expect(t, ta.do("GET", "/api/v1/law/provisions?jurisdiction=punjab&on=2010-01-01", p.auditor, nil), http.StatusNotFound)
	r := ta.do("GET", "/api/v1/law/provisions?jurisdiction=punjab&on=2026-13-01", p.auditor, nil)
	expect(t, r, http.StatusUnprocessableEntity)
	if !slices.Contains(errorFields(r), "query.on") {
		t.Fatalf("a bad day: %s", r.Raw)
	}
}

// TestFindingCitesTheProvincesLaw: a finding at a Multan supplier cites a
// Punjab provision, never a Sindh one, and shows the provision's citation.
func TestFindingCitesTheProvincesLaw(t *testing.T) {
	ta := startApp(t)
	p := newParties(t, ta)
	me := ta.do("GET", "/api/v1/me", p.auditor, nil)
	auditorID := str(me.Body["user"].(map[string]any), "id")

	sup := ta.do("POST", "/api/v1/suppliers", p.hubAdmin, map[string]any{"name": "Multan Leather Works", "address": "Plot 3, Industrial Estate",
		"city": "Multan", "province": "Punjab", "sector": "leather", "sub_sector": "tannery"})
	expect(t, sup, http.StatusCreated)
	kar, _ := time.LoadLocation("Asia/Karachi")
	day := func(n int) string { return time.Now().In(kar).AddDate(0, 0, n).Format("2006-01-02") }
	a := ta.do("POST", "/api/v1/audits", p.hubAdmin, map[string]any{"supplier_id": str(sup.Body, "id"), "type": "initial", "mode": "announced",
		"window": map[string]any{"from": day(1), "to": day(2)}, "lead_auditor_id": auditorID, "team_ids": []string{auditorID}})
	expect(t, a, http.StatusCreated)
	id := str(a.Body, "id")
	expect(t, ta.do("POST", "/api/v1/audits/"+id+"/start", p.auditor, nil), http.StatusOK)

	finding := func(category, provision string) map[string]any {
		return map[string]any{"category": category, "description": "A boy of about 14 carrying wet hides from the liming pits.",
			"affected": map[string]any{"male": map[string]any{"age_14": 1}}, "legal_provision": provision,
			"legal_provision_note": "s. 3, read with the Schedule"}
	}
	ok := ta.do("POST", "/api/v1/audits/"+id+"/findings", p.auditor, finding("child_labour", "punjab.hazardous_work"))
	expect(t, ok, http.StatusCreated)
	if str(ok.Body, "legal_provision") != "punjab.hazardous_work" || str(ok.Body, "legal_provision_pack") != "punjab/1" ||
		str(ok.Body, "legal_provision_citation") != "Punjab Restriction on Employment of Children Act 2016, Schedule" ||
		str(ok.Body, "legal_provision_note") != "s. 3, read with the Schedule" {
		t.Fatalf("the finding's provision: %s", ok.Raw)
	}
	got := ta.do("GET", "/api/v1/findings/"+str(ok.Body, "id"), p.caseWorker, nil)
	expect(t, got, http.StatusOK)
	if str(got.Body, "legal_provision_citation") != str(ok.Body, "legal_provision_citation") {
		t.Fatalf("read back: %s", got.Raw)
	}

	for name, c := range map[string]struct{ category, provision, says string }{
		"a Sindh provision at a Multan supplier": {"child_labour", "sindh.child_employment", "/api/v1/law/provisions?jurisdiction=punjab"},
		"free text":                              {"child_labour", "Punjab Act 2016, s. 3", "/api/v1/law/provisions?jurisdiction=punjab"},
		"child labour citing the hours rules":    {"child_labour", "punjab.adolescent_hours", "child_employment or hazardous_work"},
	} {
		r := ta.do("POST", "/api/v1/audits/"+id+"/findings", p.auditor, finding(c.category, c.provision))
		expect(t, r, http.StatusUnprocessableEntity)
		if !slices.Contains(errorFields(r), "body.legal_provision") || !strings.Contains(string(r.Raw), c.says) {
			t.Errorf("%s: %s", name, r.Raw)
		}
	}
	// A supplier in a province without a pack cites no provision; the
	// note names the law.
	quetta := ta.do("POST", "/api/v1/suppliers", p.hubAdmin, map[string]any{"name": "Quetta Carpets", "address": "Plot 9, Sirki Road",
		"city": "Quetta", "province": "Balochistan", "sector": "textile", "sub_sector": "weaving"})
	expect(t, quetta, http.StatusCreated)
	qa := ta.do("POST", "/api/v1/audits", p.hubAdmin, map[string]any{"supplier_id": str(quetta.Body, "id"), "type": "initial", "mode": "announced",
		"window": map[string]any{"from": day(3), "to": day(4)}, "lead_auditor_id": auditorID, "team_ids": []string{auditorID}})
	expect(t, qa, http.StatusCreated)
	expect(t, ta.do("POST", "/api/v1/audits/"+str(qa.Body, "id")+"/start", p.auditor, nil), http.StatusOK)
	r := ta.do("POST", "/api/v1/audits/"+str(qa.Body, "id")+"/findings", p.auditor, finding("child_labour", "punjab.child_employment"))
	expect(t, r, http.StatusUnprocessableEntity)
	if !slices.Contains(errorFields(r), "body.legal_provision") || !strings.Contains(string(r.Raw), "legal_provision_note") {
		t.Fatalf("a provision in a province without a pack: %s", r.Raw)
	}
	expect(t, ta.do("POST", "/api/v1/audits/"+str(qa.Body, "id")+"/findings", p.auditor, finding("child_labour", "")), http.StatusCreated)

	// A finding stored before law packs, with free text in the same field,
	// still reads: the text is its citation, and it has no pack.
	old := audit.Finding{ID: "legacy-finding", HubID: str(a.Body, "hub_id"), AuditID: id, SupplierID: str(sup.Body, "id"),
		Details: audit.Details{Category: audit.Wages, Severity: audit.Minor, Description: "Overtime paid late.",
			LegalProvision: "Punjab Minimum Wages Act 2019, s. 6"}, RecordedBy: auditorID, Created: time.Now(), Updated: time.Now()}
	if err := ta.app.Store.Findings.Insert(t.Context(), &old); err != nil {
		t.Fatal(err)
	}
	legacy := ta.do("GET", "/api/v1/findings/legacy-finding", p.caseWorker, nil)
	expect(t, legacy, http.StatusOK)
	if str(legacy.Body, "legal_provision") != "Punjab Minimum Wages Act 2019, s. 6" || str(legacy.Body, "legal_provision_citation") != "Punjab Minimum Wages Act 2019, s. 6" ||
		legacy.Body["legal_provision_pack"] != nil {
		t.Fatalf("a finding from before law packs: %s", legacy.Raw)
	}

	// No provision is fine, and none is suggested.
	none := ta.do("POST", "/api/v1/audits/"+id+"/findings", p.auditor, finding("child_labour", ""))
	expect(t, none, http.StatusCreated)
	if str(none.Body, "legal_provision") != "" || str(none.Body, "legal_provision_pack") != "" {
		t.Fatalf("a provision was filled in: %s", none.Raw)
	}
}

func strs(v any) []string {
	xs, _ := v.([]any)
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

func provisionIDs(v any) []string {
	xs, _ := v.([]any)
	var out []string
	for _, x := range xs {
		m, _ := x.(map[string]any)
		out = append(out, str(m, "id"))
	}
	return out
}

// errorFields are the locations of a problem's errors.
func errorFields(r response) []string {
	var out []string
	errs, _ := r.Body["errors"].([]any)
	for _, e := range errs {
		m, _ := e.(map[string]any)
		out = append(out, str(m, "location"))
	}
	return out
}
