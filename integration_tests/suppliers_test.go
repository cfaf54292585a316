package integration_tests

import (
	"bytes"
	"context"
	"encoding/csv"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/actionhub/actionhub/app/store/mongo/mongotest"
	"github.com/actionhub/actionhub/domain"
)

// parties are the demo network's people the registry tests act as, logged
// in, with their organisations.
type parties struct {
	hub                                         string
	admin, hubAdmin, auditor, caseWorker        string
	brandA, viewerA, brandB, supplierMgr, agent string
	orgA, orgB, indusOrg                        string
}

// secondHub adds a hub in Dhaka as the platform admin and returns its ID:
// another hub's objects for scope tests.
func (p *parties) secondHub(t *testing.T, ta *testApp) string {
	t.Helper()
	hub := ta.do("POST", "/api/v1/hubs", p.admin, map[string]any{"code": "BD", "name": "Bangladesh", "country": "BD", "time_zone": "Asia/Dhaka",
		"cities": []any{map[string]any{"name": "Dhaka", "province": "Dhaka"}}})
	expect(t, hub, http.StatusCreated)
	return str(hub.Body, "id")
}

func newParties(t *testing.T, ta *testApp) *parties {
	t.Helper()
	p := &parties{
		admin: ta.login("admin@actionhub.demo"), hubAdmin: ta.login("hub.admin@crah.demo"),
		auditor: ta.login("auditor@crah.demo"), caseWorker: ta.login("case.worker@crah.demo"),
		brandA: ta.login("brand.manager@nordwind.demo"), viewerA: ta.login("brand.viewer@nordwind.demo"),
		brandB: ta.login("brand.manager@lakeside.demo"), supplierMgr: ta.login("compliance@indusweaving.demo"),
		agent: ta.login("officer@scpa.demo"),
	}
	org := func(tok string) string {
		r := ta.do("GET", "/api/v1/me", tok, nil)
		expect(t, r, http.StatusOK)
		return str(r.Body["organisation"].(map[string]any), "id")
	}
	p.orgA, p.orgB, p.indusOrg = org(p.brandA), org(p.brandB), org(p.supplierMgr)
	hubs := ta.do("GET", "/api/v1/hubs", p.hubAdmin, nil)
	expect(t, hubs, http.StatusOK)
	p.hub = str(items(hubs)[0], "id")
	return p
}

func facility(name, address, city, subSector string) map[string]any {
	sector := "textile"
	if subSector == "tannery" || subSector == "footwear" || subSector == "leather_goods" {
		sector = "leather"
	}
	return map[string]any{"name": name, "address": address, "city": city, "sector": sector, "sub_sector": subSector,
		"workforce": map[string]any{"total": 800, "women": 300}}
}

func nominate(t *testing.T, ta *testApp, tok string, f map[string]any, status int) map[string]any {
	t.Helper()
	r := ta.do("POST", "/api/v1/nominations", tok, map[string]any{"facility": f, "reason": "tier-1 supplier",
		"relationship": map[string]any{"products": "bed linen", "volume_band": "1m_to_10m", "since": "2019-04"}})
	expect(t, r, status)
	return r.Body
}

func accept(t *testing.T, ta *testApp, tok, nominationID string) map[string]any {
	t.Helper()
	r := ta.do("POST", "/api/v1/nominations/"+nominationID+"/accept", tok, nil)
	expect(t, r, http.StatusOK)
	if str(r.Body, "status") != "accepted" || str(r.Body, "supplier_id") == "" {
		t.Fatalf("accept: %s", r.Raw)
	}
	return r.Body
}

func ids(r response) []string {
	var out []string
	for _, it := range items(r) {
		out = append(out, str(it, "id"))
	}
	return out
}

// TestTwoBrandsOneSupplier: two brands nominate one factory with different
// spellings and end up linked to one supplier; neither sees the other's link.
func TestTwoBrandsOneSupplier(t *testing.T) {
	twoBrandsOneSupplier(t, startApp(t))
}

// TestTwoBrandsOneSupplierMongo runs the same flow on the MongoDB engine
// (embedded FerretDB, or TEST_MONGODB_URI when set).
func TestTwoBrandsOneSupplierMongo(t *testing.T) {
	if testing.Short() {
		t.Skip("MongoDB engine flows are skipped in -short")
	}
	twoBrandsOneSupplier(t, startApp(t, withMongo(mongotest.URI(t), mongotest.Database(t))))
}

func twoBrandsOneSupplier(t *testing.T, ta *testApp) {
	p := newParties(t, ta)

	na := nominate(t, ta, p.brandA, facility("Al-Karam Textile Mills (Pvt) Ltd", "Plot No. 5, Sector 15, Korangi Industrial Area", "Karachi", "home_textiles"), http.StatusCreated)
	if str(na, "status") != "pending" || na["match"] != nil {
		t.Fatalf("brand's view of its nomination: %v", na)
	}
	if f, _ := na["facility"].(map[string]any); str(f, "province") != "Sindh" {
		t.Fatalf("province not taken from the hub's cities: %v", na["facility"])
	}
	again := nominate(t, ta, p.brandA, facility("Al-Karam Textile Mills (Pvt) Ltd", "Plot No. 5, Sector 15, Korangi Industrial Area", "Karachi", "home_textiles"), http.StatusOK)
	if str(again, "id") != str(na, "id") {
		t.Fatalf("nominating again made a second nomination: %s and %s", str(again, "id"), str(na, "id"))
	}
	nb := nominate(t, ta, p.brandB, facility("Alkaram Textile Mills Ltd, Karachi", "Plot # 5, Sec-15, KIA Karachi-74900", "karachi", "home_textiles"), http.StatusCreated)

	pending := ta.do("GET", "/api/v1/nominations?status=pending", p.hubAdmin, nil)
	expect(t, pending, http.StatusOK)
	if got := ids(pending); !slices.Contains(got, str(na, "id")) || !slices.Contains(got, str(nb, "id")) {
		t.Fatalf("operator's pending list: %s", pending.Raw)
	}
	s1 := str(accept(t, ta, p.hubAdmin, str(na, "id")), "supplier_id")
	s2 := str(accept(t, ta, p.hubAdmin, str(nb, "id")), "supplier_id")
	if s1 != s2 {
		t.Fatalf("two spellings of one factory made two suppliers: %s and %s", s1, s2)
	}
	// accepting again changes nothing
	if again := accept(t, ta, p.hubAdmin, str(nb, "id")); str(again, "supplier_id") != s1 {
		t.Fatalf("accepting again: %v", again)
	}
	sup := ta.do("GET", "/api/v1/suppliers/"+s1, p.brandB, nil)
	expect(t, sup, http.StatusOK)
	if str(sup.Body, "status") != "active" {
		t.Fatalf("accepted supplier: %s", sup.Raw)
	}
	for _, tok := range []string{p.brandA, p.brandB, p.viewerA} {
		if l := ta.do("GET", "/api/v1/suppliers", tok, nil); !slices.Contains(ids(l), s1) || len(ids(l)) != 1 {
			t.Fatalf("brand's supplier list: %s", l.Raw)
		}
	}
	all := ta.do("GET", "/api/v1/suppliers/"+s1+"/brands", p.hubAdmin, nil)
	expect(t, all, http.StatusOK)
	if n := len(items(all)); n != 2 {
		t.Fatalf("operator sees %d links, want 2: %s", n, all.Raw)
	}
	own := ta.do("GET", "/api/v1/suppliers/"+s1+"/brands", p.brandB, nil)
	expect(t, own, http.StatusOK)
	if l := items(own); len(l) != 1 || str(l[0], "brand_org_id") != p.orgB {
		t.Fatalf("brand B sees other brands' links: %s", own.Raw)
	}
	// the operator shares A's link: now B sees it
	expect(t, ta.do("PUT", "/api/v1/suppliers/"+s1+"/brands/"+p.orgA+"/shareable", p.hubAdmin, map[string]any{"shareable": true}), http.StatusOK)
	if l := items(ta.do("GET", "/api/v1/suppliers/"+s1+"/brands", p.brandB, nil)); len(l) != 2 {
		t.Fatalf("brand B does not see a shareable link: %v", l)
	}
	// each brand sees only its own nominations of the supplier
	noms := ta.do("GET", "/api/v1/suppliers/"+s1+"/nominations", p.brandB, nil)
	expect(t, noms, http.StatusOK)
	if got := ids(noms); len(got) != 1 || got[0] != str(nb, "id") {
		t.Fatalf("brand B's nominations of the supplier: %s", noms.Raw)
	}
	if got := ids(ta.do("GET", "/api/v1/suppliers/"+s1+"/nominations", p.hubAdmin, nil)); len(got) != 2 {
		t.Fatalf("operator's nominations of the supplier: %v", got)
	}
	// the timeline shows what happened, and who did it only to staff
	tl := ta.do("GET", "/api/v1/suppliers/"+s1+"/timeline", p.brandA, nil)
	expect(t, tl, http.StatusOK)
	if len(items(tl)) == 0 || strings.Contains(string(tl.Raw), "actor_id") {
		t.Fatalf("brand's timeline: %s", tl.Raw)
	}
	if tl := ta.do("GET", "/api/v1/suppliers/"+s1+"/timeline", p.hubAdmin, nil); !strings.Contains(string(tl.Raw), "actor_id") {
		t.Fatalf("operator's timeline: %s", tl.Raw)
	}
	// the brands' managers are told, through the outbox
	told := map[string]bool{}
	if err := ta.app.Store.Notifications.Scan(context.Background(), 100, func(ns []*domain.Notification) error {
		for _, n := range ns {
			if strings.Contains(n.Subject, "accepted") {
				told[n.To] = true
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !told["brand.manager@nordwind.demo"] || !told["brand.manager@lakeside.demo"] || told["brand.viewer@nordwind.demo"] {
		t.Fatalf("notified: %v", told)
	}
}

// TestDoubtfulMatchAndMerge: a doubtful pair goes to the operator, who keeps
// it apart or confirms it; a merge keeps every link and nomination.
func TestDoubtfulMatchAndMerge(t *testing.T) {
	ta := startApp(t)
	p := newParties(t, ta)
	created := ta.do("POST", "/api/v1/suppliers", p.hubAdmin, facility("Sapphire Textile Mills", "Plot 5, Sector 16, Korangi", "Karachi", "weaving"))
	expect(t, created, http.StatusCreated)
	x := str(created.Body, "id")
	// the registry refuses the same facility twice
	expect(t, ta.do("POST", "/api/v1/suppliers", p.hubAdmin, facility("Sapphire Textile Mills Ltd", "Plot # 5, Sec-16, KIA", "Karachi", "weaving")), http.StatusConflict)

	na := nominate(t, ta, p.brandA, facility("Sapphire Textile Mills", "Plot 112, SITE", "Karachi", "weaving"), http.StatusCreated)
	if str(na, "status") != "pending" || na["match"] != nil || na["supplier_id"] != nil {
		t.Fatalf("brand sees the registry's matching: %v", na)
	}
	staff := ta.do("GET", "/api/v1/nominations/"+str(na, "id"), p.hubAdmin, nil)
	expect(t, staff, http.StatusOK)
	m, _ := staff.Body["match"].(map[string]any)
	if str(staff.Body, "status") != "match_review" || str(m, "candidate_id") != x || str(m, "state") != "pending" {
		t.Fatalf("doubtful match not sent to review: %s", staff.Raw)
	}
	if q := ids(ta.do("GET", "/api/v1/nominations?status=match_review", p.hubAdmin, nil)); !slices.Contains(q, str(na, "id")) {
		t.Fatalf("review queue: %v", q)
	}
	expect(t, ta.do("POST", "/api/v1/nominations/"+str(na, "id")+"/accept", p.hubAdmin, nil), http.StatusConflict)
	// another facility: keep apart, and a new supplier is made
	r := ta.do("POST", "/api/v1/nominations/"+str(na, "id")+"/match", p.hubAdmin, map[string]any{"same": false})
	expect(t, r, http.StatusOK)
	y := str(accept(t, ta, p.hubAdmin, str(na, "id")), "supplier_id")
	if y == x {
		t.Fatal("kept apart, yet linked to the candidate")
	}
	// the same facility: confirm, and the brand is linked to the candidate
	nb := nominate(t, ta, p.brandB, facility("Sapphire Textile Mills", "Plot 7, Sector 16, Korangi", "Karachi", "weaving"), http.StatusCreated)
	expect(t, ta.do("POST", "/api/v1/nominations/"+str(nb, "id")+"/match", p.hubAdmin, map[string]any{"same": true}), http.StatusOK)
	if got := str(accept(t, ta, p.hubAdmin, str(nb, "id")), "supplier_id"); got != x {
		t.Fatalf("confirmed match linked to %s, want %s", got, x)
	}
	// resolving again is refused: the match is settled
	expect(t, ta.do("POST", "/api/v1/nominations/"+str(nb, "id")+"/match", p.hubAdmin, map[string]any{"same": false}), http.StatusConflict)

	// later the operator finds y is x after all: merge keeps every link
	expect(t, ta.do("POST", "/api/v1/suppliers/"+y+"/merge", p.auditor, map[string]any{"into": x}), http.StatusForbidden)
	merged := ta.do("POST", "/api/v1/suppliers/"+y+"/merge", p.hubAdmin, map[string]any{"into": x})
	expect(t, merged, http.StatusOK)
	if str(merged.Body, "id") != x {
		t.Fatalf("merge answered %s", merged.Raw)
	}
	links := ta.do("GET", "/api/v1/suppliers/"+x+"/brands", p.hubAdmin, nil)
	var brands []string
	for _, l := range items(links) {
		brands = append(brands, str(l, "brand_org_id"))
	}
	slices.Sort(brands)
	want := []string{p.orgA, p.orgB}
	slices.Sort(want)
	if !slices.Equal(brands, want) {
		t.Fatalf("links after merge: %s", links.Raw)
	}
	if got := ids(ta.do("GET", "/api/v1/suppliers/"+x+"/nominations", p.hubAdmin, nil)); len(got) != 2 {
		t.Fatalf("nominations after merge: %v", got)
	}
	alias := ta.do("GET", "/api/v1/suppliers/"+y, p.brandA, nil)
	expect(t, alias, http.StatusOK)
	if str(alias.Body, "alias_of") != x {
		t.Fatalf("alias: %s", alias.Raw)
	}
	if l := ids(ta.do("GET", "/api/v1/suppliers", p.brandA, nil)); !slices.Equal(l, []string{x}) {
		t.Fatalf("brand A's list after merge: %v", l)
	}
	if l := ids(ta.do("GET", "/api/v1/suppliers?q=sapphire", p.hubAdmin, nil)); !slices.Equal(l, []string{x}) {
		t.Fatalf("the alias is listed: %v", l)
	}
	if n := str(ta.do("GET", "/api/v1/nominations/"+str(na, "id"), p.brandA, nil).Body, "supplier_id"); n != x {
		t.Fatalf("brand A's nomination points at %s, want %s", n, x)
	}
	expect(t, ta.do("PATCH", "/api/v1/suppliers/"+y, p.hubAdmin, map[string]any{"city": "Multan"}), http.StatusConflict)
	// merging again resumes and changes nothing
	expect(t, ta.do("POST", "/api/v1/suppliers/"+y+"/merge", p.hubAdmin, map[string]any{"into": x}), http.StatusOK)
	expect(t, ta.do("POST", "/api/v1/suppliers/"+x+"/merge", p.hubAdmin, map[string]any{"into": x}), http.StatusConflict)
}

const listCSV = "name,address,city,sector,sub_sector,workers_total,workers_women,registration_numbers,products,annual_volume,since\n" +
	"Al-Karam Textile Mills (Pvt) Ltd,\"Plot 5, Sector 15, Korangi Industrial Area\",Karachi,textile,home_textiles,\"1,200\",300,NTN:1234567-8,towels,1m-10m,2019-04\n" +
	"Missing City Mills,Plot 9 SITE,,textile,weaving,100,10,,,,\n" +
	"Indus Leather,Plot 3 Multan Industrial Estate,Multan,leather,tannery,250,20,,gloves,<100k,2021-01\n" +
	"کراچی ٹیکسٹائل ملز,پلاٹ ۵، سائٹ,کراچی,textile,spinning,500,100,,yarn,,\n" +
	"Wrong Sector Works,Plot 1 Landhi,Karachi,plastics,weaving,many,10,,,,\n" +
	"Crescent Knitwear,Plot 44 North Karachi Industrial Area,Karachi,,knitting,900,450,,,100k-1m,\n"

// TestSupplierListUpload: a dry run then a commit, then the same list
// again, yields no duplicates; bad rows are reported with their lines and
// nothing is written from them; a declined row is not asked again.
func TestSupplierListUpload(t *testing.T) {
	ta := startApp(t)
	p := newParties(t, ta)
	count := func() int { return len(items(ta.do("GET", "/api/v1/nominations?limit=500", p.brandA, nil))) }

	dry := ta.send("POST", "/api/v1/nomination-uploads?dry_run=true", p.brandA, "text/csv", []byte(listCSV))
	expect(t, dry, http.StatusOK)
	counts := dry.Body["counts"].(map[string]any)
	if counts["new"] != 4.0 || counts["problem"] != 2.0 || dry.Body["id"] != nil {
		t.Fatalf("dry run: %s", dry.Raw)
	}
	problems := map[float64]string{}
	for _, r := range dry.Body["rows"].([]any) {
		row := r.(map[string]any)
		if str(row, "outcome") == "problem" {
			var cols []string
			for _, pr := range row["problems"].([]any) {
				cols = append(cols, str(pr.(map[string]any), "column"))
			}
			problems[row["line"].(float64)] = strings.Join(cols, ",")
		}
	}
	if problems[3] != "city" || !strings.Contains(problems[6], "sector") || !strings.Contains(problems[6], "workers_total") || len(problems) != 2 {
		t.Fatalf("problem rows: %v", problems)
	}
	if n := count(); n != 0 {
		t.Fatalf("a dry run wrote %d nominations", n)
	}

	// commit, as a spreadsheet tool would send it: a multipart form
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	fw, _ := mw.CreateFormFile("file", "suppliers.csv")
	_, _ = fw.Write([]byte(listCSV))
	_ = mw.Close()
	commit := ta.send("POST", "/api/v1/nomination-uploads", p.brandA, mw.FormDataContentType(), form.Bytes())
	expect(t, commit, http.StatusCreated)
	if c := commit.Body["counts"].(map[string]any); c["new"] != 4.0 || c["problem"] != 2.0 || str(commit.Body, "id") == "" {
		t.Fatalf("commit: %s", commit.Raw)
	}
	if n := count(); n != 4 {
		t.Fatalf("commit wrote %d nominations, want 4", n)
	}
	for _, n := range items(ta.do("GET", "/api/v1/nominations", p.brandA, nil)) {
		name := str(n["facility"].(map[string]any), "name")
		if name == "Missing City Mills" || name == "Wrong Sector Works" {
			t.Fatalf("a bad row was written: %v", n)
		}
	}
	// the operator declines one, with a reason the brand reads and is sent
	firstA := ids(ta.do("GET", "/api/v1/nominations", p.brandA, nil))[0]
	expect(t, ta.do("POST", "/api/v1/nominations/"+firstA+"/decline", p.hubAdmin, map[string]any{"reason": ""}), http.StatusUnprocessableEntity)
	expect(t, ta.do("POST", "/api/v1/nominations/"+firstA+"/decline", p.hubAdmin, map[string]any{"reason": "outside the hub's cities"}), http.StatusOK)
	if d := ta.do("GET", "/api/v1/nominations/"+firstA, p.viewerA, nil); str(d.Body, "decline_reason") != "outside the hub's cities" || str(d.Body, "status") != "declined" {
		t.Fatalf("declined nomination: %s", d.Raw)
	}
	expect(t, ta.do("POST", "/api/v1/nominations/"+firstA+"/accept", p.hubAdmin, nil), http.StatusConflict)
	told := 0
	_ = ta.app.Store.Notifications.Scan(context.Background(), 100, func(ns []*domain.Notification) error {
		for _, n := range ns {
			if strings.Contains(n.Body, "outside the hub's cities") && n.To == "brand.manager@nordwind.demo" {
				told++
			}
		}
		return nil
	})
	if told != 1 {
		t.Fatalf("%d decline notices to brand A's manager, want 1", told)
	}
	report := ta.do("GET", "/api/v1/nomination-uploads/"+str(commit.Body, "id"), p.brandA, nil)
	expect(t, report, http.StatusOK)
	expect(t, ta.do("GET", "/api/v1/nomination-uploads/"+str(commit.Body, "id"), p.brandB, nil), http.StatusNotFound)

	again := ta.send("POST", "/api/v1/nomination-uploads", p.brandA, "text/csv; charset=utf-8", []byte(listCSV))
	expect(t, again, http.StatusCreated)
	if c := again.Body["counts"].(map[string]any); c["new"] != 0.0 || c["duplicate"] != 4.0 {
		t.Fatalf("second upload: %s", again.Raw)
	}
	if n := count(); n != 4 {
		t.Fatalf("second upload left %d nominations, want 4", n)
	}
	// nominating the declined facility by hand shows the decision, not a new nomination
	f := ta.do("GET", "/api/v1/nominations/"+firstA, p.brandA, nil).Body["facility"].(map[string]any)
	again = ta.do("POST", "/api/v1/nominations", p.brandA, map[string]any{"facility": map[string]any{
		"name": f["name"], "address": f["address"], "city": f["city"], "sector": f["sector"], "sub_sector": f["sub_sector"]}})
	expect(t, again, http.StatusOK)
	if str(again.Body, "id") != firstA || str(again.Body, "status") != "declined" {
		t.Fatalf("nominating a declined facility again: %s", again.Raw)
	}
	// the same list from another brand is that brand's own nominations
	other := ta.send("POST", "/api/v1/nomination-uploads", p.brandB, "text/csv", []byte(listCSV))
	expect(t, other, http.StatusCreated)
	if c := other.Body["counts"].(map[string]any); c["new"] != 4.0 {
		t.Fatalf("brand B's upload: %s", other.Raw)
	}
	// accepted rows are reported as linked on the next upload
	first := ids(ta.do("GET", "/api/v1/nominations?limit=500", p.brandB, nil))
	accept(t, ta, p.hubAdmin, first[len(first)-1])
	expect(t, ta.do("POST", "/api/v1/nominations/"+first[0]+"/withdraw", p.brandB, nil), http.StatusOK)
	fourth := ta.send("POST", "/api/v1/nomination-uploads?dry_run=true", p.brandB, "text/csv", []byte(listCSV))
	if c := fourth.Body["counts"].(map[string]any); c["duplicate"] != 3.0 || c["new"] != 1.0 {
		t.Fatalf("after one accepted and one withdrawn: %s", fourth.Raw)
	}

	// bad files
	expect(t, ta.send("POST", "/api/v1/nomination-uploads", p.brandA, "application/json", []byte(`{}`)), http.StatusUnsupportedMediaType)
	expect(t, ta.send("POST", "/api/v1/nomination-uploads", p.brandA, "text/csv", []byte("colour,size\nred,big\n")), http.StatusUnprocessableEntity)
	expect(t, ta.send("POST", "/api/v1/nomination-uploads", p.brandA, "text/csv", []byte{0xff, 0xfe, 'n', 0}), http.StatusUnprocessableEntity)
	expect(t, ta.send("POST", "/api/v1/nomination-uploads", p.hubAdmin, "text/csv", []byte(listCSV)), http.StatusForbidden)
	expect(t, ta.send("POST", "/api/v1/nomination-uploads", p.viewerA, "text/csv", []byte(listCSV)), http.StatusForbidden)
}

// TestSupplierScope checks every registry endpoint for every role: brand B
// cannot read, list, search or infer brand A's unshared suppliers or
// nominations; a facility's users see only their own; unknown and
// forbidden answer alike.
func TestSupplierScope(t *testing.T) {
	ta := startApp(t)
	p := newParties(t, ta)
	na := nominate(t, ta, p.brandA, facility("Nishat Denim Mills", "Plot 17, Sector 7-A, Korangi Industrial Area", "Karachi", "dyeing_finishing"), http.StatusCreated)
	sa := str(accept(t, ta, p.hubAdmin, str(na, "id")), "supplier_id")
	indus := ta.do("POST", "/api/v1/suppliers", p.hubAdmin, map[string]any{"name": "Indus Weaving Mills", "address": "Plot 30, SITE",
		"city": "Karachi", "sector": "textile", "sub_sector": "weaving", "org_id": p.indusOrg})
	expect(t, indus, http.StatusCreated)
	si := str(indus.Body, "id")
	expect(t, ta.do("POST", "/api/v1/suppliers", p.hubAdmin, map[string]any{"name": "X", "city": "Karachi", "sector": "textile",
		"sub_sector": "weaving", "org_id": p.orgA}), http.StatusUnprocessableEntity)

	type role struct {
		name, tok string
	}
	roles := []role{{"platform admin", p.admin}, {"hub admin", p.hubAdmin}, {"auditor", p.auditor}, {"case worker", p.caseWorker},
		{"brand manager A", p.brandA}, {"brand viewer A", p.viewerA}, {"brand manager B", p.brandB},
		{"supplier manager", p.supplierMgr}, {"agency officer", p.agent}}
	const ok, nf, fb = http.StatusOK, http.StatusNotFound, http.StatusForbidden
	nom := "/api/v1/nominations/" + str(na, "id")
	cases := []struct {
		method, path string
		body         any
		want         []int // in the order of roles
	}{
		{"GET", "/api/v1/suppliers/" + sa, nil, []int{ok, ok, ok, ok, ok, ok, nf, nf, fb}},
		{"GET", "/api/v1/suppliers/" + si, nil, []int{ok, ok, ok, ok, nf, nf, nf, ok, fb}},
		{"GET", "/api/v1/suppliers/no-such-supplier", nil, []int{nf, nf, nf, nf, nf, nf, nf, nf, fb}},
		{"GET", "/api/v1/suppliers/" + sa + "/brands", nil, []int{ok, ok, ok, ok, ok, ok, nf, nf, fb}},
		{"GET", "/api/v1/suppliers/" + sa + "/timeline", nil, []int{ok, ok, ok, ok, ok, ok, nf, nf, fb}},
		{"GET", "/api/v1/suppliers/" + sa + "/nominations", nil, []int{ok, ok, ok, ok, ok, ok, nf, fb, fb}},
		{"GET", nom, nil, []int{ok, ok, ok, ok, ok, ok, nf, fb, fb}},
		{"PATCH", "/api/v1/suppliers/" + sa, map[string]any{"province": "Sindh"}, []int{ok, ok, fb, fb, fb, fb, fb, fb, fb}},
		{"PATCH", "/api/v1/suppliers/" + sa + "/profile", map[string]any{"contact": map[string]any{"name": "Ops"}}, []int{ok, ok, fb, fb, fb, fb, fb, nf, fb}},
		{"PATCH", "/api/v1/suppliers/" + si + "/profile", map[string]any{"contact": map[string]any{"name": "Ops"}}, []int{ok, ok, fb, fb, fb, fb, fb, ok, fb}},
		{"POST", nom + "/withdraw", nil, []int{fb, fb, fb, fb, http.StatusConflict, fb, nf, fb, fb}},
		{"POST", nom + "/decline", map[string]any{"reason": "x"}, []int{http.StatusConflict, http.StatusConflict, fb, fb, fb, fb, fb, fb, fb}},
		{"GET", "/api/v1/hubs/" + p.hub + "/prevalence", nil, []int{ok, ok, ok, ok, fb, fb, fb, fb, fb}},
		{"GET", "/api/v1/hubs/nonsense/prevalence", nil, []int{nf, nf, nf, nf, fb, fb, fb, fb, fb}},
		{"PUT", "/api/v1/hubs/nonsense/prevalence", map[string]any{"table": map[string]any{}}, []int{nf, nf, fb, fb, fb, fb, fb, fb, fb}},
		{"POST", "/api/v1/suppliers/" + si + "/merge", map[string]any{"into": "no-such-supplier"}, []int{422, 422, fb, fb, fb, fb, fb, fb, fb}},
	}
	for _, c := range cases {
		for i, r := range roles {
			got := ta.do(c.method, c.path, r.tok, c.body)
			if got.Status != c.want[i] {
				t.Errorf("%s %s as %s: %d, want %d: %s", c.method, c.path, r.name, got.Status, c.want[i], got.Raw)
			} else if got.Status >= 400 {
				expect(t, got, c.want[i])
			}
		}
	}

	// unknown and out of scope read alike, as a sentence
	const hidden = "No supplier with that ID is visible to you."
	for _, r := range []response{ta.do("GET", "/api/v1/suppliers/no-such-supplier", p.brandB, nil), ta.do("GET", "/api/v1/suppliers/"+sa, p.brandB, nil)} {
		if d, _ := r.Body["detail"].(string); d != hidden {
			t.Errorf("detail %q, want %q", d, hidden)
		}
	}

	// lists: absent is absent, in every list and search
	listed := func(tok, query, id string) bool {
		r := ta.do("GET", "/api/v1/suppliers"+query, tok, nil)
		expect(t, r, ok)
		return slices.Contains(ids(r), id)
	}
	for _, q := range []string{"", "?q=nishat", "?city=karachi", "?sector=textile", "?sub_sector=dyeing_finishing", "?status=active",
		"?risk=" + str(ta.do("GET", "/api/v1/suppliers/"+sa, p.hubAdmin, nil).Body["risk"].(map[string]any), "level"), "?sort=-created"} {
		for _, r := range []role{{"hub admin", p.hubAdmin}, {"auditor", p.auditor}, {"brand manager A", p.brandA}, {"brand viewer A", p.viewerA}} {
			if !listed(r.tok, q, sa) {
				t.Errorf("%s does not find A's supplier with %q", r.name, q)
			}
		}
		for _, r := range []role{{"brand manager B", p.brandB}, {"supplier manager", p.supplierMgr}} {
			if listed(r.tok, q, sa) {
				t.Errorf("%s finds A's supplier with %q", r.name, q)
			}
		}
	}
	if !listed(p.admin, "?hub_id="+p.hub, sa) || !listed(p.hubAdmin, "?brand_org_id="+p.orgA, sa) || listed(p.hubAdmin, "?brand_org_id="+p.orgB, sa) {
		t.Error("operator's brand filter")
	}
	if l := ids(ta.do("GET", "/api/v1/suppliers", p.supplierMgr, nil)); !slices.Equal(l, []string{si}) {
		t.Errorf("the supplier manager lists %v, want only its own facility", l)
	}
	expect(t, ta.do("GET", "/api/v1/suppliers?brand_org_id="+p.orgA, p.brandB, nil), http.StatusUnprocessableEntity)
	expect(t, ta.do("GET", "/api/v1/suppliers", p.agent, nil), fb)
	if l := ids(ta.do("GET", "/api/v1/nominations", p.brandB, nil)); len(l) != 0 {
		t.Errorf("brand B lists nominations %v", l)
	}
	expect(t, ta.do("GET", "/api/v1/nominations?brand_org_id="+p.orgA, p.brandB, nil), http.StatusUnprocessableEntity)

	// inference: B nominating A's supplier learns nothing of it
	nb := nominate(t, ta, p.brandB, facility("Nishat Denim Mills Ltd", "Plot 17, Sector 7A, KIA", "Karachi", "dyeing_finishing"), http.StatusCreated)
	if nb["supplier_id"] != nil || nb["match"] != nil || str(nb, "status") != "pending" {
		t.Fatalf("brand B learns of A's supplier: %v", nb)
	}
	csv := "name,address,city,sub_sector\nNishat Denim Mills,\"Plot 17, Sector 7-A, Korangi Industrial Area\",Karachi,dyeing_finishing\n"
	if l := ids(ta.do("GET", "/api/v1/nominations?supplier_id="+sa, p.brandB, nil)); len(l) != 0 {
		t.Fatalf("brand B filtering its nominations by A's supplier finds %v", l)
	}
	dry := ta.send("POST", "/api/v1/nomination-uploads?dry_run=true", p.brandB, "text/csv", []byte(csv))
	expect(t, dry, ok)
	if o := str(dry.Body["rows"].([]any)[0].(map[string]any), "outcome"); strings.Contains(string(dry.Raw), sa) || (o != "new" && o != "duplicate") {
		t.Fatalf("brand B's dry run: %s", dry.Raw)
	}
	dryA := ta.send("POST", "/api/v1/nomination-uploads?dry_run=true", p.brandA, "text/csv",
		[]byte("name,address,city,sub_sector\nNishat Denim Mills (Pvt) Ltd,\"Plot 17, Korangi Industrial Area\",Karachi,dyeing_finishing\n"))
	if row := dryA.Body["rows"].([]any)[0].(map[string]any); str(row, "outcome") != "linked" || str(row, "supplier_id") != sa {
		t.Fatalf("brand A's own supplier in its list: %s", dryA.Raw)
	}
	// by ID: only a supplier the brand can see, and not one it already has
	expect(t, ta.do("POST", "/api/v1/nominations", p.brandB, map[string]any{"supplier_id": sa}), http.StatusUnprocessableEntity)
	expect(t, ta.do("POST", "/api/v1/nominations", p.brandA, map[string]any{"supplier_id": sa}), http.StatusConflict)
	expect(t, ta.do("POST", "/api/v1/nominations", p.brandA, map[string]any{"reason": "no facility"}), http.StatusUnprocessableEntity)
	// a brand nominating its own supplier again is told it is already linked
	nominate(t, ta, p.brandA, facility("Nishat Denim Mills (Pvt) Ltd", "Plot 17, Sector 7-A, Korangi", "Karachi", "dyeing_finishing"), http.StatusConflict)
	// once B is linked too, A's link stays hidden from B
	accept(t, ta, p.hubAdmin, str(nb, "id"))
	if l := items(ta.do("GET", "/api/v1/suppliers/"+sa+"/brands", p.brandB, nil)); len(l) != 1 || str(l[0], "brand_org_id") != p.orgB {
		t.Fatalf("brand B sees: %v", l)
	}
	if got := ids(ta.do("GET", "/api/v1/suppliers/"+sa+"/nominations", p.brandB, nil)); !slices.Equal(got, []string{str(nb, "id")}) {
		t.Fatalf("brand B sees nominations %v", got)
	}

	// the operation list documents every registry operation
	spec := ta.do("GET", "/openapi.json", "", nil)
	paths := spec.Body["paths"].(map[string]any)
	for _, path := range []string{"/api/v1/suppliers", "/api/v1/suppliers/{id}", "/api/v1/suppliers/{id}/brands", "/api/v1/suppliers/{id}/merge",
		"/api/v1/suppliers/{id}/timeline", "/api/v1/nominations", "/api/v1/nominations/{id}/accept", "/api/v1/nomination-uploads",
		"/api/v1/hubs/{id}/prevalence"} {
		if _, ok := paths[path]; !ok {
			t.Errorf("openapi lacks %s", path)
		}
	}
}

// TestRiskProfile: the risk profile explains itself, follows the hub's
// prevalence table and the supplier's own declarations, and lists filter by it.
func TestRiskProfile(t *testing.T) {
	ta := startApp(t)
	p := newParties(t, ta)
	mk := func(name, city, sub string) string {
		r := ta.do("POST", "/api/v1/suppliers", p.hubAdmin, facility(name, "Plot 1", city, sub))
		expect(t, r, http.StatusCreated)
		return str(r.Body, "id")
	}
	tannery := mk("Multan Tannery", "Multan", "tannery")
	mill := mk("Karachi Spinning", "Karachi", "spinning")
	score := func(id string) (int, string, string) {
		r := ta.do("GET", "/api/v1/suppliers/"+id, p.hubAdmin, nil)
		expect(t, r, http.StatusOK)
		risk := r.Body["risk"].(map[string]any)
		return int(risk["score"].(float64)), str(risk, "level"), string(r.Raw)
	}
	ts, tl, raw := score(tannery)
	if ts != 40 || tl != "medium" || !strings.Contains(raw, "placeholder") || !strings.Contains(raw, "chrome tanning") {
		t.Fatalf("tannery risk %d %s: %s", ts, tl, raw)
	}
	ms, _, _ := score(mill)
	if ms != 22 {
		t.Fatalf("spinning mill risk %d, want 22", ms)
	}
	// the operator orders audits by risk: highest first
	byRisk := ta.do("GET", "/api/v1/suppliers?sort=-risk", p.hubAdmin, nil)
	expect(t, byRisk, http.StatusOK)
	last := 101
	for _, it := range items(byRisk) {
		sc := int(it["risk"].(map[string]any)["score"].(float64))
		if sc > last {
			t.Fatalf("not sorted by risk, highest first: %s", byRisk.Raw)
		}
		last = sc
	}
	if got := items(byRisk); len(got) < 2 || str(got[0], "id") != tannery {
		t.Fatalf("tannery should come first: %s", byRisk.Raw)
	}
	// the hub enters survey figures: every profile follows
	expect(t, ta.do("PUT", "/api/v1/hubs/"+p.hub+"/prevalence", p.auditor, map[string]any{"table": map[string]any{}}), http.StatusForbidden)
	expect(t, ta.do("PUT", "/api/v1/hubs/"+p.hub+"/prevalence", p.hubAdmin, map[string]any{"table": map[string]any{"Multan": map[string]any{"percent": 150, "source": "x"}}}), http.StatusUnprocessableEntity)
	put := ta.do("PUT", "/api/v1/hubs/"+p.hub+"/prevalence", p.hubAdmin, map[string]any{"table": map[string]any{
		"Multan":  map[string]any{"percent": 16, "source": "Punjab Child Labour Survey (figure for the test)"},
		"KARACHI": map[string]any{"percent": 4, "source": "Sindh Child Labour Survey (figure for the test)"}}})
	expect(t, put, http.StatusOK)
	if v := put.Body["version"].(float64); v != 1 {
		t.Fatalf("prevalence version %v", v)
	}
	expect(t, ta.do("PUT", "/api/v1/hubs/"+p.hub+"/prevalence", p.hubAdmin, map[string]any{"version": 7, "table": map[string]any{}}), http.StatusConflict)
	if ts, tl, _ := score(tannery); ts != 46 || tl != "medium" {
		t.Fatalf("tannery after the table: %d %s", ts, tl)
	}
	if ms, _, _ := score(mill); ms != 16 {
		t.Fatalf("spinning mill after the table: %d", ms)
	}
	// the facility's own users declare young workers and home-based work
	expect(t, ta.do("PATCH", "/api/v1/suppliers/"+tannery, p.hubAdmin, map[string]any{"org_id": p.indusOrg}), http.StatusOK)
	upd := ta.do("PATCH", "/api/v1/suppliers/"+tannery+"/profile", p.supplierMgr, map[string]any{
		"workforce": map[string]any{"total": 200, "women": 20, "under_18": 10}, "home_based_or_subcontracted": true})
	expect(t, upd, http.StatusOK)
	if ts, tl, _ := score(tannery); ts != 46+15+15 || tl != "very_high" {
		t.Fatalf("tannery after its declarations: %d %s", ts, tl)
	}
	expect(t, ta.do("PATCH", "/api/v1/suppliers/"+tannery+"/profile", p.supplierMgr, map[string]any{
		"workforce": map[string]any{"total": 10, "under_18": 20}}), http.StatusUnprocessableEntity)
	if l := ids(ta.do("GET", "/api/v1/suppliers?risk=very_high", p.hubAdmin, nil)); !slices.Equal(l, []string{tannery}) {
		t.Fatalf("very high risk list: %v", l)
	}
	if l := ids(ta.do("GET", "/api/v1/suppliers?risk=low", p.hubAdmin, nil)); !slices.Equal(l, []string{mill}) {
		t.Fatalf("low risk list: %v", l)
	}
	// a status change the state machine refuses
	expect(t, ta.do("POST", "/api/v1/suppliers/"+mill+"/status", p.hubAdmin, map[string]any{"status": "nominated"}), http.StatusConflict)
	expect(t, ta.do("POST", "/api/v1/suppliers/"+mill+"/status", p.hubAdmin, map[string]any{"status": "suspended"}), http.StatusOK)
	if l := ids(ta.do("GET", "/api/v1/suppliers?status=suspended", p.hubAdmin, nil)); !slices.Equal(l, []string{mill}) {
		t.Fatalf("suspended list: %v", l)
	}
}

// TestDemoRegistry: the first start's demo registry gives each party
// something to look at, and seeding again adds nothing.
func TestDemoRegistry(t *testing.T) {
	ta := startApp(t)
	ctx := context.Background()
	if seeded, _, err := ta.app.SeedDemo(ctx); err != nil || !seeded {
		t.Fatalf("seed: seeded=%v err=%v", seeded, err)
	}
	if seeded, _, err := ta.app.SeedDemo(ctx); err != nil || seeded {
		t.Fatalf("second seed: seeded=%v err=%v", seeded, err)
	}
	count := func(email, path string) int {
		r := ta.do("GET", path, ta.login(email), nil)
		expect(t, r, http.StatusOK)
		return len(items(r))
	}
	for _, c := range []struct {
		email, path string
		want        int
	}{
		{"brand.manager@nordwind.demo", "/api/v1/suppliers", 2},
		{"brand.manager@lakeside.demo", "/api/v1/suppliers", 1},
		{"brand.manager@lakeside.demo", "/api/v1/nominations?status=pending", 1},
		{"compliance@multanleather.demo", "/api/v1/suppliers", 1},
		{"hub.admin@crah.demo", "/api/v1/suppliers", 2},
		{"hub.admin@crah.demo", "/api/v1/nominations?status=pending", 1},
		// the demo audits: one published at Multan (both its brands see it), one scheduled at Indus
		{"hub.admin@crah.demo", "/api/v1/audits", 2},
		{"hub.admin@crah.demo", "/api/v1/audits?state=published", 1},
		{"brand.manager@lakeside.demo", "/api/v1/audits", 1},
		{"compliance@indusweaving.demo", "/api/v1/audits?state=scheduled", 1},
		{"auditor@crah.demo", "/api/v1/findings", 3},
		{"case.worker@crah.demo", "/api/v1/cases", 1},
	} {
		if got := count(c.email, c.path); got != c.want {
			t.Errorf("%s %s: %d items, want %d", c.email, c.path, got, c.want)
		}
	}
	// the export has the list's scope: Lakeside's holds its one supplier, not Nordwind's other
	for email, want := range map[string][]string{
		"brand.manager@nordwind.demo": {"Multan Leather Works", "Indus Weaving Mills"}, // riskiest first
		"brand.manager@lakeside.demo": {"Multan Leather Works"},
	} {
		r := ta.do("GET", "/api/v1/suppliers.csv?sort=-risk", ta.login(email), nil)
		expect(t, r, http.StatusOK)
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Fatalf("export content type %q", ct)
		}
		rows, err := csv.NewReader(bytes.NewReader(r.Raw)).ReadAll()
		if err != nil || len(rows) != len(want)+1 || rows[0][1] != "name" {
			t.Fatalf("%s export: %v %q", email, err, r.Raw)
		}
		for i, name := range want {
			if rows[i+1][1] != name {
				t.Errorf("%s export row %d: %q, want %q", email, i+1, rows[i+1][1], name)
			}
		}
	}
}
