package integration_tests

import (
	"bytes"
	"io/fs"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/actionhub/actionhub/domain"
)

var (
	pngFile = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{7}, 600)...)
	pdfFile = append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("x"), 600)...)
)

// storedFiles counts the files kept in the data directory's blobs.
func storedFiles(t *testing.T, ta *testApp) int {
	t.Helper()
	n := 0
	_ = filepath.WalkDir(filepath.Join(ta.env["DATA_DIR"], "blobs"), func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}

// outboxTo counts the notifications to an address whose subject starts so.
func outboxTo(t *testing.T, ta *testApp, to, subject string) int {
	t.Helper()
	n := 0
	err := ta.app.Store.Notifications.Scan(t.Context(), 500, func(ns []*domain.Notification) error {
		for _, x := range ns {
			if x.To == to && strings.HasPrefix(x.Subject, subject) {
				n++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAuditFlow walks an audit from scheduling to verified corrective
// actions with the roles that may do each step, and checks what every
// other party may and may not see or do on the way.
func TestAuditFlow(t *testing.T) {
	ta := startApp(t)
	p := newParties(t, ta)
	me := func(tok string) string {
		r := ta.do("GET", "/api/v1/me", tok, nil)
		expect(t, r, http.StatusOK)
		return str(r.Body["user"].(map[string]any), "id")
	}
	auditorID := me(p.auditor)

	// A supplier linked to brand A only, whose own organisation is Indus.
	n := nominate(t, ta, p.brandA, facility("Indus Weaving Mills", "Plot 12, Sector 7-A, Korangi Industrial Area", "Karachi", "weaving"), http.StatusCreated)
	sup := str(accept(t, ta, p.hubAdmin, str(n, "id")), "supplier_id")
	expect(t, ta.do("PATCH", "/api/v1/suppliers/"+sup, p.hubAdmin, map[string]any{"org_id": p.indusOrg}), http.StatusOK)
	other := ta.do("POST", "/api/v1/suppliers", p.hubAdmin, map[string]any{"name": "Multan Leather Works", "address": "Plot 3, Industrial Estate",
		"city": "Multan", "sector": "leather", "sub_sector": "tannery"})
	expect(t, other, http.StatusCreated)

	kar, _ := time.LoadLocation("Asia/Karachi")
	day := func(n int) string { return time.Now().In(kar).AddDate(0, 0, n).Format("2006-01-02") }
	plan := func(supplierID, typ string, from, to int) map[string]any {
		b := map[string]any{"supplier_id": supplierID, "type": typ, "mode": "unannounced",
			"window": map[string]any{"from": day(from), "to": day(to)}, "lead_auditor_id": auditorID, "team_ids": []string{auditorID}}
		if supplierID == sup {
			b["brand_org_ids"] = []string{p.orgA}
		}
		return b
	}

	// Scheduling: hub admins only; no double booking.
	expect(t, ta.do("POST", "/api/v1/audits", p.auditor, plan(sup, "initial", 1, 3)), http.StatusForbidden)
	sched := ta.do("POST", "/api/v1/audits", p.hubAdmin, plan(sup, "initial", 1, 3))
	expect(t, sched, http.StatusCreated)
	id := str(sched.Body, "id")
	expect(t, ta.do("POST", "/api/v1/audits", p.hubAdmin, plan(str(other.Body, "id"), "initial", 3, 5)), http.StatusConflict) // the auditor's day 3
	expect(t, ta.do("POST", "/api/v1/audits", p.hubAdmin, plan(sup, "initial", 10, 12)), http.StatusConflict)                 // a second open initial audit
	expect(t, ta.do("POST", "/api/v1/audits", p.hubAdmin, plan(str(other.Body, "id"), "initial", 4, 5)), http.StatusCreated)

	// Unannounced: unknown to the supplier (and brands) until it starts.
	for _, tok := range []string{p.supplierMgr, p.brandA, p.brandB} {
		expect(t, ta.do("GET", "/api/v1/audits/"+id, tok, nil), http.StatusNotFound)
	}
	if l := ta.do("GET", "/api/v1/audits", p.supplierMgr, nil); slices.Contains(ids(l), id) {
		t.Fatalf("the supplier lists an unannounced audit before it starts: %s", l.Raw)
	}
	r := ta.do("POST", "/api/v1/audits/"+id+"/submit", p.auditor, map[string]any{"score": map[string]any{"met": 80, "applicable": 100}, "summary": "ok"})
	expect(t, r, http.StatusConflict)
	if !strings.Contains(str(r.Body, "detail"), "scheduled") {
		t.Fatalf("a wrong move does not name the state: %s", r.Raw)
	}
	expect(t, ta.do("POST", "/api/v1/audits/"+id+"/start", p.supplierMgr, nil), http.StatusForbidden)
	expect(t, ta.do("POST", "/api/v1/audits/"+id+"/start", p.auditor, nil), http.StatusOK)
	expect(t, ta.do("GET", "/api/v1/audits/"+id, p.supplierMgr, nil), http.StatusOK)
	if l := ta.do("GET", "/api/v1/audits", p.supplierMgr, nil); !slices.Contains(ids(l), id) {
		t.Fatalf("the supplier does not list its started audit: %s", l.Raw)
	}
	expect(t, ta.do("GET", "/api/v1/audits/"+id, p.brandA, nil), http.StatusNotFound) // not yet published

	// Findings: the team records; a zero-tolerance one reaches the linked
	// brand's managers and the hub admins at once, once.
	child := map[string]any{"category": "child_labour", "description": "Two children under 14 trimming threads.",
		"affected": map[string]any{"female": map[string]any{"under_14": 2}}}
	expect(t, ta.do("POST", "/api/v1/audits/"+id+"/findings", p.hubAdmin, child), http.StatusForbidden)
	f1 := ta.do("POST", "/api/v1/audits/"+id+"/findings", p.auditor, child)
	expect(t, f1, http.StatusCreated)
	if f1.Body["zero_tolerance"] != true || str(f1.Body, "severity") != "critical" || f1.Body["zero_tolerance_notified"] == nil {
		t.Fatalf("child labour finding: %s", f1.Raw)
	}
	childID := str(f1.Body, "id")
	f2 := ta.do("POST", "/api/v1/audits/"+id+"/findings", p.auditor, map[string]any{"category": "wages", "severity": "minor", "description": "Overtime paid late."})
	expect(t, f2, http.StatusCreated)
	for who, want := range map[string]int{"brand.manager@nordwind.demo": 1, "hub.admin@crah.demo": 1, "brand.manager@lakeside.demo": 0, "brand.viewer@nordwind.demo": 0} {
		if got := outboxTo(t, ta, who, "Zero-tolerance finding"); got != want {
			t.Errorf("%s got %d zero-tolerance messages, want %d", who, got, want)
		}
	}

	// Evidence: sniffed, bounded, and nothing kept from a refused upload.
	files := storedFiles(t, ta)
	ev := "/api/v1/findings/" + childID + "/evidence"
	photo := ta.send("POST", ev+"?shows_person=true", p.auditor, "image/png", pngFile)
	expect(t, photo, http.StatusCreated)
	doc := ta.send("POST", ev, p.auditor, "application/pdf", pdfFile)
	expect(t, doc, http.StatusCreated)
	for name, c := range map[string]struct {
		ct   string
		body []byte
	}{
		"zero-byte":            {"application/pdf", nil},
		"disguised executable": {"application/pdf", append([]byte("MZ\x90\x00"), pdfFile...)},
		"wrong content type":   {"application/pdf", pngFile},
		"over the limit":       {"application/pdf", append(pdfFile, make([]byte, 25<<20)...)},
	} {
		r := ta.send("POST", ev, p.auditor, c.ct, c.body)
		// A body refused before its end closes the connection once answered.
		http.DefaultClient.CloseIdleConnections()
		if r.Status != http.StatusUnprocessableEntity && r.Status != http.StatusRequestEntityTooLarge {
			t.Errorf("%s upload: %d %s", name, r.Status, r.Raw)
			continue
		}
		expect(t, r, r.Status)
	}
	if got := storedFiles(t, ta); got != files+2 {
		t.Errorf("%d files stored, want %d: a refused upload left one", got, files+2)
	}

	// Submit and publish, by the right roles only.
	expect(t, ta.do("POST", "/api/v1/audits/"+id+"/submit", p.auditor, map[string]any{"score": map[string]any{"met": 80, "applicable": 100}, "summary": "Children found; wages late."}), http.StatusOK)
	expect(t, ta.do("POST", "/api/v1/audits/"+id+"/publish", p.auditor, nil), http.StatusForbidden)
	pub := ta.do("POST", "/api/v1/audits/"+id+"/publish", p.hubAdmin, nil)
	expect(t, pub, http.StatusOK)
	rating, _ := pub.Body["rating"].(map[string]any)
	if str(rating, "grade") != "B" || rating["zero_tolerance"] != true || str(rating, "next_audit_due") == "" {
		t.Fatalf("rating: %s", pub.Raw)
	}
	expect(t, ta.do("POST", "/api/v1/audits/"+id+"/publish", p.hubAdmin, nil), http.StatusConflict)
	// The supplier's page shows the rating to whoever sees the supplier.
	for _, tok := range []string{p.brandA, p.supplierMgr, p.hubAdmin} {
		sr, _ := ta.do("GET", "/api/v1/suppliers/"+sup, tok, nil).Body["rating"].(map[string]any)
		if str(sr, "audit_id") != id || str(sr, "grade") != "B" || sr["zero_tolerance"] != true || str(sr, "next_audit_due") != str(rating, "next_audit_due") {
			t.Fatalf("the supplier's rating: %v", sr)
		}
	}

	// The linked brand: the audit without names, files without people.
	ba := ta.do("GET", "/api/v1/audits/"+id, p.brandA, nil)
	expect(t, ba, http.StatusOK)
	if ba.Body["team_ids"] != nil || ba.Body["lead_auditor_id"] != nil {
		t.Fatalf("a brand reads the auditors: %s", ba.Raw)
	}
	if l := ta.do("GET", "/api/v1/audits", p.brandA, nil); !slices.Contains(ids(l), id) {
		t.Fatalf("the brand does not list the published audit: %s", l.Raw)
	}
	bf := ta.do("GET", "/api/v1/findings/"+childID, p.brandA, nil)
	expect(t, bf, http.StatusOK)
	if evs, _ := bf.Body["evidence"].([]any); len(evs) != 1 || str(evs[0].(map[string]any), "id") != str(doc.Body, "id") {
		t.Fatalf("a brand's files of the finding: %s", bf.Raw)
	}
	expect(t, ta.do("GET", ev+"/"+str(photo.Body, "id"), p.brandA, nil), http.StatusNotFound)
	expect(t, ta.do("GET", ev+"/"+str(photo.Body, "id"), p.supplierMgr, nil), http.StatusNotFound)
	dl := ta.do("GET", ev+"/"+str(doc.Body, "id"), p.brandA, nil)
	expect(t, dl, http.StatusOK)
	if dl.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment") ||
		dl.Header.Get("X-Content-Type-Options") != "nosniff" || !bytes.Equal(dl.Raw, pdfFile) {
		t.Fatalf("download: %v", dl.Header)
	}
	expect(t, ta.do("GET", ev+"/"+str(photo.Body, "id"), p.hubAdmin, nil), http.StatusOK)

	// Corrective actions, made on publishing.
	acts := ta.do("GET", "/api/v1/actions?finding_id="+childID, p.supplierMgr, nil)
	expect(t, acts, http.StatusOK)
	if len(items(acts)) != 2 {
		t.Fatalf("a child labour finding's actions: %s", acts.Raw)
	}
	wages := ta.do("GET", "/api/v1/actions?finding_id="+str(f2.Body, "id"), p.supplierMgr, nil)
	expect(t, wages, http.StatusOK)
	if len(items(wages)) != 1 {
		t.Fatalf("a minor finding's actions: %s", wages.Raw)
	}
	act := "/api/v1/actions/" + str(items(wages)[0], "id")

	// A brand not linked to the supplier: 404 for every object and file.
	for _, path := range []string{"/api/v1/audits/" + id, "/api/v1/audits/" + id + "/findings", "/api/v1/findings/" + childID,
		ev + "/" + str(doc.Body, "id"), act, "/api/v1/actions?finding_id=" + childID, "/api/v1/actions?supplier_id=" + sup,
		"/api/v1/audits?supplier_id=" + sup} {
		expect(t, ta.do("GET", path, p.brandB, nil), http.StatusNotFound)
	}
	if l := ta.do("GET", "/api/v1/audits", p.brandB, nil); len(ids(l)) != 0 {
		t.Fatalf("an unlinked brand lists audits: %s", l.Raw)
	}

	// The site works through the action; the hub verifies.
	expect(t, ta.do("POST", act+"/start", p.brandA, nil), http.StatusForbidden)
	expect(t, ta.do("POST", act+"/start", p.supplierMgr, nil), http.StatusOK)
	expect(t, ta.do("POST", act+"/submit", p.supplierMgr, map[string]any{"text": "Paid."}), http.StatusUnprocessableEntity) // a desk review needs a file
	expect(t, ta.send("POST", act+"/evidence", p.supplierMgr, "application/pdf", pdfFile), http.StatusCreated)
	expect(t, ta.do("POST", act+"/submit", p.supplierMgr, map[string]any{"text": "Paid."}), http.StatusOK)
	expect(t, ta.do("POST", act+"/verify", p.supplierMgr, nil), http.StatusForbidden)
	expect(t, ta.do("POST", act+"/reject", p.auditor, map[string]any{"text": "The register shows March only."}), http.StatusOK)
	expect(t, ta.do("POST", act+"/verify", p.auditor, nil), http.StatusConflict)
	expect(t, ta.do("POST", act+"/start", p.supplierMgr, nil), http.StatusOK)
	expect(t, ta.do("POST", act+"/submit", p.supplierMgr, map[string]any{"text": "April and May added."}), http.StatusOK)
	v := ta.do("POST", act+"/verify", p.auditor, nil)
	expect(t, v, http.StatusOK)
	if str(v.Body, "state") != "verified" {
		t.Fatalf("verified action: %s", v.Raw)
	}
	if ba := ta.do("GET", act, p.brandA, nil); str(ba.Body, "state") != "verified" {
		t.Fatalf("the brand's view of the action: %s", ba.Raw)
	}

	// The site answers a finding once.
	expect(t, ta.do("POST", "/api/v1/findings/"+childID+"/response", p.supplierMgr, map[string]any{"kind": "dispute"}), http.StatusUnprocessableEntity)
	expect(t, ta.do("POST", "/api/v1/findings/"+childID+"/response", p.supplierMgr, map[string]any{"kind": "agree"}), http.StatusOK)
	expect(t, ta.do("POST", "/api/v1/findings/"+childID+"/response", p.supplierMgr, map[string]any{"kind": "agree"}), http.StatusConflict)

	// Staff lists: by category across the hub, overdue actions.
	hf := ta.do("GET", "/api/v1/findings?category=child_labour", p.caseWorker, nil)
	expect(t, hf, http.StatusOK)
	if !slices.Contains(ids(hf), childID) {
		t.Fatalf("hub findings by category: %s", hf.Raw)
	}
	expect(t, ta.do("GET", "/api/v1/actions?overdue=true", p.hubAdmin, nil), http.StatusOK)
	expect(t, ta.do("GET", "/api/v1/audits?auditor_id="+auditorID, p.hubAdmin, nil), http.StatusOK)
	expect(t, ta.do("GET", "/api/v1/findings", p.brandA, nil), http.StatusForbidden)
}
