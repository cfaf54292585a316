package integration_tests

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestWebStipendTerms: the case worker sets the stipend's terms of the
// Multan tannery case on the stipend's page, reached from the ledger's
// "not set yet" line, with the plan's stipend preselected; the supplier
// then reads them on the case's obligations page. Bad amounts, days and months
// come back on the form with each field's message and the typed values
// (422), nothing saved; a change is prefilled with the current terms. The
// supplier, a brand and the hub admin cannot post the form (403); without
// the CSRF token it is refused (403). No page names the child, though the
// plan action's description does.
func TestWebStipendTerms(t *testing.T) {
	ta := startApp(t)
	w := buildCaseWorld(t, ta)
	p := w.p
	c := w.openTanneryCase(t)
	id := str(c, "id")
	cw := newWebClient(t, ta)
	cw.signIn("case.worker@crah.demo")
	// No stipend in the plan yet: the form says so.
	pg := cw.get("/stipends/" + id)
	expectPage(t, pg, http.StatusOK)
	if !strings.Contains(pg.Body, `id="terms-no-action"`) || strings.Contains(pg.Body, `name="due_day"`) {
		t.Errorf("the form without a stipend action: %.4000s", pg.Body)
	}

	actionID := w.addStipendAction(t, id, "Zeeshan Iqbal's stipend, paid to Iqbal Masih")
	month := hubMonth

	// The ledger says the terms are not set and links the case worker to
	// the form, the plan's stipend preselected with its amount.
	pg = cw.get("/stipends/" + id)
	expectPage(t, pg, http.StatusOK)
	expectNoLeak(t, "the case worker", pg)
	for _, want := range []string{`id="stipend-no-terms-` + id + `"`, `href="/stipends/` + id + `#terms"`, `action="/stipends/` + id + `/terms"`,
		`<option value="` + actionID + `" selected>`, `name="monthly_pkr" inputmode="numeric" dir="ltr" value="9000"`,
		`name="start" type="month"`, `name="end" type="month"`, `for="terms-due"`, `name="grace_days" type="number" min="0" max="27" dir="ltr" value="5"`} {
		if !strings.Contains(pg.Body, want) {
			t.Fatalf("the stipend page lacks %s: %.6000s", want, pg.Body)
		}
	}

	// In Urdu too.
	cw.lang = "ur"
	if pg = cw.get("/stipends/" + id); pg.Status != http.StatusOK || !strings.Contains(pg.Body, "وظیفے کی شرائط طے کریں") {
		t.Errorf("the Urdu form: %d %.3000s", pg.Status, pg.Body)
	}
	cw.lang = ""

	good := func() url.Values {
		return url.Values{"action_id": {actionID}, "monthly_pkr": {"9500"}, "due_day": {"12"}, "grace_days": {"3"},
			"start": {month(0)}, "end": {month(11)}}
	}
	// Bad input: each message beside its field, the typed values kept.
	for _, bad := range []struct {
		field, value, msg string
	}{
		{"monthly_pkr", "nine thousand", "must be a whole number of rupees"},
		{"monthly_pkr", "-5", "must be a whole number of rupees"},
		{"monthly_pkr", "8000", "lost wage"},
		{"monthly_pkr", "5000000", "must be at most"},
		{"due_day", "31", "must be from 1 to 28"},
		{"due_day", "0", "must be from 1 to 28"},
		{"due_day", "the tenth", "must be a day from 1 to 28"},
		{"grace_days", "-2", "from 0 to 27"},
		{"grace_days", "40", "from 0 to 27"},
		{"start", "2026-13", "must be a month"},
		{"end", "next year", "must be a month"},
		{"end", month(-6), "must not be before start"},
	} {
		f := good()
		f.Set(bad.field, bad.value)
		cw.get("/stipends/" + id)
		pg = cw.post("/stipends/"+id+"/terms", f)
		expectPage(t, pg, http.StatusUnprocessableEntity)
		if !strings.Contains(pg.Body, bad.field+": ") || !strings.Contains(pg.Body, bad.msg) || !strings.Contains(pg.Body, `class="field-error"`) ||
			!strings.Contains(pg.Body, `value="`+bad.value+`"`) {
			t.Errorf("%s=%q: no message %q or value on the form: %.6000s", bad.field, bad.value, bad.msg, pg.Body)
		}
	}
	// Every field's message at once.
	cw.get("/stipends/" + id)
	pg = cw.post("/stipends/"+id+"/terms", url.Values{"action_id": {actionID}, "monthly_pkr": {"9,500/-"}, "due_day": {"29"},
		"grace_days": {"x"}, "start": {"soon"}, "end": {""}})
	expectPage(t, pg, http.StatusUnprocessableEntity)
	for _, want := range []string{"monthly_pkr: must be a whole number of rupees", "due_day: ", "grace_days: ", "start: ", `value="9,500/-"`, `value="soon"`} {
		if !strings.Contains(pg.Body, want) {
			t.Errorf("all at once: no %q: %.6000s", want, pg.Body)
		}
	}
	expectNoLeak(t, "the case worker's rejected form", pg)
	expect(t, ta.do("GET", "/api/v1/cases/"+id+"/stipend", p.caseWorker, nil), http.StatusNotFound)

	// Without the CSRF token: refused, nothing saved.
	cw.get("/stipends/" + id)
	f := good()
	f.Set("csrf", "")
	expectPage(t, cw.post("/stipends/"+id+"/terms", f), http.StatusForbidden)
	expect(t, ta.do("GET", "/api/v1/cases/"+id+"/stipend", p.caseWorker, nil), http.StatusNotFound)

	// The supplier, a brand and the hub admin cannot post the form.
	sup := newWebClient(t, ta)
	sup.signIn("compliance@multanleather.demo")
	if pg = sup.get("/stipends/" + id); strings.Contains(pg.Body, `id="terms"`) || strings.Contains(pg.Body, `#terms"`) {
		t.Errorf("the supplier is offered the terms form: %.4000s", pg.Body)
	}
	expectPage(t, sup.post("/stipends/"+id+"/terms", good()), http.StatusForbidden)
	brand := newWebClient(t, ta)
	brand.signIn("brand.manager@nordwind.demo")
	expectPage(t, brand.post("/stipends/"+id+"/terms", good()), http.StatusForbidden)
	admin := newWebClient(t, ta)
	admin.signIn("hub.admin@crah.demo")
	if pg = admin.get("/stipends/" + id); strings.Contains(pg.Body, `id="terms"`) {
		t.Errorf("the hub admin is offered the terms form: %.4000s", pg.Body)
	}
	expectPage(t, admin.post("/stipends/"+id+"/terms", good()), http.StatusForbidden)
	expect(t, ta.do("GET", "/api/v1/cases/"+id+"/stipend", p.caseWorker, nil), http.StatusNotFound)

	// The terms set: back to the stipend's page, the same terms in the API.
	cw.get("/stipends/" + id)
	pg = cw.post("/stipends/"+id+"/terms", good())
	expectPage(t, pg, http.StatusSeeOther)
	if pg.Location != "/stipends/"+id {
		t.Errorf("back to %q", pg.Location)
	}
	s := ta.do("GET", "/api/v1/cases/"+id+"/stipend", p.caseWorker, nil)
	expect(t, s, http.StatusOK)
	if s.Body["monthly_pkr"] != float64(9500) || s.Body["due_day"] != float64(12) || s.Body["grace_days"] != float64(3) ||
		str(s.Body, "start") != month(0) || str(s.Body, "end") != month(11) || str(s.Body, "action_id") != actionID {
		t.Errorf("the terms set on the page: %s", s.Raw)
	}
	// A change is prefilled with the current terms.
	pg = cw.get("/stipends/" + id)
	expectNoLeak(t, "the case worker", pg)
	for _, want := range []string{`value="9500"`, `name="due_day" type="number" min="1" max="28" required dir="ltr" value="12"`,
		`value="` + month(11) + `"`, `id="stipend-monthly-` + id + `"`} {
		if !strings.Contains(pg.Body, want) {
			t.Errorf("the changed terms' form lacks %s: %.6000s", want, pg.Body)
		}
	}
	if strings.Contains(pg.Body, `id="stipend-no-terms-`) {
		t.Error("the ledger still says the terms are not set")
	}

	// The supplier sees them on the case's obligations page.
	pg = sup.get("/obligations/" + id)
	expectPage(t, pg, http.StatusOK)
	expectNoLeak(t, "the supplier", pg)
	for _, want := range []string{`id="stipend-monthly-` + id + `">PKR 9,500<`, month(0) + " – " + month(11)} {
		if !strings.Contains(pg.Body, want) {
			t.Errorf("the supplier's obligations lack %s: %.6000s", want, pg.Body)
		}
	}
	if strings.Contains(pg.Body, `#terms"`) || strings.Contains(pg.Body, "/terms") {
		t.Error("the supplier is offered the terms form")
	}

	// A change keeps to the same form, with the version it was read at.
	pg = cw.get("/stipends/" + id)
	read := s.Body["version"].(float64)
	if !strings.Contains(pg.Body, fmt.Sprintf(`name="version" value="%d"`, int(read))) {
		t.Errorf("the terms form does not carry the terms' version %v: %.6000s", read, pg.Body)
	}
	f = good()
	f.Set("monthly_pkr", "10000")
	f.Set("version", fmt.Sprint(int(read)))
	expectPage(t, cw.post("/stipends/"+id+"/terms", f), http.StatusSeeOther)
	if s = ta.do("GET", "/api/v1/cases/"+id+"/stipend", p.caseWorker, nil); s.Body["monthly_pkr"] != float64(10000) {
		t.Errorf("the changed terms: %s", s.Raw)
	}
	// A colleague's form read before that change: the 409 page, nothing changed; the API the same.
	cw.get("/stipends/" + id)
	f.Set("monthly_pkr", "12000")
	expectPage(t, cw.post("/stipends/"+id+"/terms", f), http.StatusConflict)
	stale := map[string]any{"action_id": actionID, "due_day": 10, "monthly_pkr": 12000, "version": int(read)}
	expect(t, ta.do("PUT", "/api/v1/cases/"+id+"/stipend", p.caseWorker, stale), http.StatusConflict)
	if s = ta.do("GET", "/api/v1/cases/"+id+"/stipend", p.caseWorker, nil); s.Body["monthly_pkr"] != float64(10000) {
		t.Errorf("a stale change went through: %s", s.Raw)
	}
	stale["version"] = int(s.Body["version"].(float64))
	expect(t, ta.do("PUT", "/api/v1/cases/"+id+"/stipend", p.caseWorker, stale), http.StatusOK)
}
