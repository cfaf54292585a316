package integration_tests

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain/audit"
)

// TestMergeMovesAudits: merging supplier X into Y moves X's audits,
// findings and corrective actions to Y, so that X's brands (whose links
// moved), Y's brands, the facility's users and the hub see them as Y's; X's
// open audit counts as Y's for the one-open-audit-per-type rule, and Y's
// page shows the newer rating of the two.
func TestMergeMovesAudits(t *testing.T) {
	ta := startApp(t)
	p := newParties(t, ta)
	r := ta.do("GET", "/api/v1/me", p.auditor, nil)
	expect(t, r, http.StatusOK)
	auditorID := str(r.Body["user"].(map[string]any), "id")

	// X: linked to brand A, the Indus organisation's facility. Y: linked to
	// brand B, no organisation.
	nx := nominate(t, ta, p.brandA, facility("Indus Weaving Mills", "Plot 12, Sector 7-A, Korangi Industrial Area", "Karachi", "weaving"), http.StatusCreated)
	x := str(accept(t, ta, p.hubAdmin, str(nx, "id")), "supplier_id")
	expect(t, ta.do("PATCH", "/api/v1/suppliers/"+x, p.hubAdmin, map[string]any{"org_id": p.indusOrg}), http.StatusOK)
	ny := nominate(t, ta, p.brandB, facility("Gulshan Towel Works", "Street 4, SITE Area", "Hyderabad", "home_textiles"), http.StatusCreated)
	y := str(accept(t, ta, p.hubAdmin, str(ny, "id")), "supplier_id")
	if x == y {
		t.Fatal("both nominations made one supplier")
	}

	kar, _ := time.LoadLocation("Asia/Karachi")
	day := func(n int) string { return time.Now().In(kar).AddDate(0, 0, n).Format("2006-01-02") }
	schedule := func(sup, brand, typ string, from, to int) string {
		t.Helper()
		r := ta.do("POST", "/api/v1/audits", p.hubAdmin, map[string]any{"supplier_id": sup, "type": typ, "mode": "announced",
			"window": map[string]any{"from": day(from), "to": day(to)}, "lead_auditor_id": auditorID, "team_ids": []string{auditorID},
			"brand_org_ids": []string{brand}})
		expect(t, r, http.StatusCreated)
		return str(r.Body, "id")
	}
	publish := func(id string, met int, finding map[string]any) string {
		t.Helper()
		expect(t, ta.do("POST", "/api/v1/audits/"+id+"/start", p.auditor, nil), http.StatusOK)
		var fid string
		if finding != nil {
			f := ta.do("POST", "/api/v1/audits/"+id+"/findings", p.auditor, finding)
			expect(t, f, http.StatusCreated)
			fid = str(f.Body, "id")
		}
		expect(t, ta.do("POST", "/api/v1/audits/"+id+"/submit", p.auditor,
			map[string]any{"score": map[string]any{"met": met, "applicable": 100}, "summary": "Reviewed."}), http.StatusOK)
		expect(t, ta.do("POST", "/api/v1/audits/"+id+"/publish", p.hubAdmin, nil), http.StatusOK)
		return fid
	}

	// Y's audit is published first, X's later: X's rating is the newer.
	ya := schedule(y, p.orgB, "initial", 1, 2)
	publish(ya, 60, nil)
	xa := schedule(x, p.orgA, "initial", 3, 4)
	fid := publish(xa, 90, map[string]any{"category": "wages", "severity": "major", "description": "Overtime paid late."})
	open := schedule(x, p.orgA, "periodic", 10, 12) // still open at the merge
	acts := items(ta.do("GET", "/api/v1/actions?finding_id="+fid, p.hubAdmin, nil))
	if len(acts) == 0 {
		t.Fatal("publishing made no corrective action")
	}
	act := str(acts[0], "id")

	merged := ta.do("POST", "/api/v1/suppliers/"+x+"/merge", p.hubAdmin, map[string]any{"into": y})
	expect(t, merged, http.StatusOK)

	check := func(round string) {
		t.Helper()
		// Every party that sees Y reads X's published audit, its finding and
		// action: brand A (its link moved), brand B (linked to Y), the
		// facility's users (the organisation moved) and the hub.
		for who, tok := range map[string]string{"brand A": p.brandA, "brand B": p.brandB, "supplier": p.supplierMgr, "hub admin": p.hubAdmin} {
			for _, path := range []string{"/api/v1/audits/" + xa, "/api/v1/audits/" + xa + "/findings", "/api/v1/findings/" + fid, "/api/v1/actions/" + act} {
				if r := ta.do("GET", path, tok, nil); r.Status != http.StatusOK {
					t.Errorf("%s: %s reads %s: %d %s", round, who, path, r.Status, r.Raw)
				}
			}
			if l := ids(ta.do("GET", "/api/v1/audits?supplier_id="+y, tok, nil)); !slices.Contains(l, xa) || !slices.Contains(l, ya) {
				t.Errorf("%s: %s lists Y's audits %v, want %s and %s", round, who, l, xa, ya)
			}
			if l := ids(ta.do("GET", "/api/v1/actions?supplier_id="+y, tok, nil)); !slices.Contains(l, act) {
				t.Errorf("%s: %s lists Y's actions %v, want %s", round, who, l, act)
			}
			if sr, _ := ta.do("GET", "/api/v1/suppliers/"+y, tok, nil).Body["rating"].(map[string]any); str(sr, "audit_id") != xa {
				t.Errorf("%s: %s reads Y's rating %v, want the newer audit %s's", round, who, sr, xa)
			}
		}
		// Brand A keeps the audit in its own list (it reached A at publication).
		if l := ids(ta.do("GET", "/api/v1/audits", p.brandA, nil)); !slices.Contains(l, xa) {
			t.Errorf("%s: brand A's audits %v, want %s", round, l, xa)
		}
		// The open audit is Y's: the hub and the facility see it under Y, and
		// a second open periodic audit at Y is refused.
		for who, tok := range map[string]string{"supplier": p.supplierMgr, "hub admin": p.hubAdmin} {
			if l := ids(ta.do("GET", "/api/v1/audits?supplier_id="+y, tok, nil)); !slices.Contains(l, open) {
				t.Errorf("%s: %s lists Y's audits %v, want the open %s", round, who, l, open)
			}
		}
		if got := str(ta.do("GET", "/api/v1/audits/"+open, p.hubAdmin, nil).Body, "supplier_id"); got != y {
			t.Errorf("%s: the open audit is at %s, want %s", round, got, y)
		}
		if l := ids(ta.do("GET", "/api/v1/audits?supplier_id="+x, p.hubAdmin, nil)); len(l) != 0 {
			t.Errorf("%s: audits left at the alias: %v", round, l)
		}
		r := ta.do("POST", "/api/v1/audits", p.hubAdmin, map[string]any{"supplier_id": y, "type": "periodic", "mode": "announced",
			"window": map[string]any{"from": day(20), "to": day(21)}, "lead_auditor_id": auditorID, "team_ids": []string{auditorID}})
		expect(t, r, http.StatusConflict)
	}
	check("after the merge")
	stored(t, ta, x, y, xa, fid, act, p.orgA)

	// A merge that stopped before the audits moved: merging again resumes.
	ctx, st := t.Context(), ta.app.Store
	back := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := st.Audits.Update(ctx, xa, func(a *audit.Audit) error { a.SupplierID = x; return nil })
	back(err)
	_, err = st.Findings.Update(ctx, fid, func(f *audit.Finding) error { f.SupplierID = x; return nil })
	back(err)
	_, err = st.Actions.Update(ctx, act, func(a *audit.Action) error { a.SupplierID = x; return nil })
	back(err)
	_, err = st.AuditBrands.Update(ctx, store.AuditBrandID(xa, p.orgA), func(r *store.AuditBrand) error { r.SupplierID = x; return nil })
	back(err)
	expect(t, ta.do("POST", "/api/v1/suppliers/"+x+"/merge", p.hubAdmin, map[string]any{"into": y}), http.StatusOK)
	check("resumed")
	stored(t, ta, x, y, xa, fid, act, p.orgA)
	// Merging once more finds nothing left to move.
	moves := func() int {
		t.Helper()
		n := 0
		for _, id := range []string{xa, open} {
			es, _, err := st.Activity.List(ctx, store.ActivityQuery{Object: "audit:" + id}, store.Page{Limit: docstore.MaxLimit})
			back(err)
			for _, e := range es {
				if e.Action == "audits.move" {
					n++
				}
			}
		}
		return n
	}
	before := moves()
	expect(t, ta.do("POST", "/api/v1/suppliers/"+x+"/merge", p.hubAdmin, map[string]any{"into": y}), http.StatusOK)
	if after := moves(); after != before {
		t.Errorf("a repeated merge moved audits again: %d moves, then %d", before, after)
	}
}

// stored checks what the API does not show: the records behind the brand's
// list and the finding name the target.
func stored(t *testing.T, ta *testApp, x, y, auditID, findingID, actionID, brandOrgID string) {
	t.Helper()
	ctx, st := t.Context(), ta.app.Store
	r, err := st.AuditBrands.Get(ctx, store.AuditBrandID(auditID, brandOrgID))
	if err != nil || r.SupplierID != y {
		t.Errorf("the brand's record of the audit: %+v %v, want supplier %s", r, err, y)
	}
	f, err := st.Findings.Get(ctx, findingID)
	if err != nil || f.SupplierID != y {
		t.Errorf("the finding: %+v %v, want supplier %s", f, err, y)
	}
	a, err := st.Actions.Get(ctx, actionID)
	if err != nil || a.SupplierID != y {
		t.Errorf("the action: %+v %v, want supplier %s", a, err, y)
	}
	if left, _, err := st.Actions.OfSupplier(ctx, x, "", store.Page{}); err != nil || len(left) != 0 {
		t.Errorf("actions left at the alias: %d %v", len(left), err)
	}
}
