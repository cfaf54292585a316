package integration_tests

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// caseAPI reads a case through the API as the case worker: what the forms
// changed, checked apart from the pages.
func caseAPI(t *testing.T, ta *testApp, tok, id string) map[string]any {
	t.Helper()
	r := ta.do("GET", "/api/v1/cases/"+id, tok, nil)
	expect(t, r, http.StatusOK)
	return r.Body
}

// postPhoto sends the photo form as a browser does: multipart, with the
// CSRF token and the version.
func (w *webClient) postPhoto(path, version string, file []byte) page {
	w.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	_ = mw.WriteField("csrf", w.csrf)
	_ = mw.WriteField("version", version)
	fw, err := mw.CreateFormFile("file", "child.png")
	if err != nil {
		w.t.Fatal(err)
	}
	_, _ = fw.Write(file)
	_ = mw.Close()
	req, err := http.NewRequest(http.MethodPost, w.ta.url+path, &b)
	if err != nil {
		w.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return w.do(req)
}

// TestWebCaseForms: the case work done from the pages. An auditor opens a
// case from a child labour finding; a case worker opens one from outreach,
// records consent, the assessment and the immediate action, builds and
// moves the plan, takes the case, edits the identity, uploads the photo and
// asks to close it; the hub admin approves and the case worker reopens it.
// Bad input comes back on the form (422) with everything typed, Urdu
// included; a stale version is the 409 page; a brand and a supplier are
// refused every form; the hub admin never sees the identity form or the photo.
func TestWebCaseForms(t *testing.T) {
	ta := startApp(t)
	w := buildCaseWorld(t, ta)
	p := w.p
	kar, _ := time.LoadLocation("Asia/Karachi")
	now := time.Now().In(kar)
	yesterday := now.AddDate(0, 0, -1).Format("2006-01-02")

	// The auditor: the finding offers "open a case"; a rejected form keeps
	// what was typed; a whole one opens the case and shows its page.
	aud := newWebClient(t, ta)
	aud.signIn("auditor@crah.demo")
	auditID := str(caseFinding(t, ta, p.auditor, w.finding), "audit_id")
	pg := aud.get("/audits/" + auditID)
	expectPage(t, pg, http.StatusOK)
	if !strings.Contains(pg.Body, `href="/cases/new?finding_id=`+w.finding+`"`) {
		t.Fatalf("the audit page offers no case for the child labour finding: %.3000s", pg.Body)
	}
	pg = aud.get("/cases/new?finding_id=" + w.finding)
	expectPage(t, pg, http.StatusOK)
	if !strings.Contains(pg.Body, `id="open-from-finding"`) || !strings.Contains(pg.Body, `name="finding_id" value="`+w.finding+`"`) {
		t.Fatalf("the open form from the finding: %.3000s", pg.Body)
	}
	open := url.Values{"finding_id": {w.finding}, "child_name": {"Zeeshan Iqbal"}, "guardian_name": {"اقبال مسیح"}, "sex": {"male"},
		"age_years": {"fourteen"}, "age_method": {"b_form"}, "tasks": {"leather_tanning.liming\nچمڑا دھونا"}, "days": {"08:00-14:00"},
		"wage_monthly_pkr": {"9000"}, "recruited_how": {"ایک رشتہ دار کے ذریعے"}}
	pg = aud.post("/cases", open)
	expectPage(t, pg, http.StatusUnprocessableEntity)
	if !strings.Contains(pg.Body, `class="field-error"`) || !strings.Contains(pg.Body, "ایک رشتہ دار کے ذریعے") ||
		!strings.Contains(pg.Body, "اقبال مسیح") || !strings.Contains(pg.Body, "چمڑا دھونا") || !strings.Contains(pg.Body, `value="fourteen"`) {
		t.Fatalf("the rejected open form: %.5000s", pg.Body)
	}
	open.Set("age_years", "14")
	open.Set("days", "8-14")
	if pg = aud.post("/cases", open); pg.Status != http.StatusUnprocessableEntity || !strings.Contains(pg.Body, "HH:MM-HH:MM") {
		t.Fatalf("hours written wrong: %d", pg.Status)
	}
	open.Set("days", "08:00-14:00")
	pg = aud.post("/cases", open)
	expectPage(t, pg, http.StatusSeeOther)
	fromFinding := strings.TrimPrefix(pg.Location, "/cases/")
	c := caseAPI(t, ta, p.auditor, fromFinding)
	if str(c, "source") != "finding" || str(c["classification"].(map[string]any), "class") != "hazardous_child_labour" ||
		str(c["identity"].(map[string]any), "guardian_name") != "اقبال مسیح" || str(c["work"].(map[string]any), "recruited_how") != "ایک رشتہ دار کے ذریعے" {
		t.Fatalf("the case opened from the finding: %v", c)
	}
	if pg = aud.get(pg.Location); pg.Status != http.StatusOK || !strings.Contains(pg.Body, "اقبال مسیح") {
		t.Fatalf("the new case's page: %d", pg.Status)
	}
	if pg = aud.get("/audits/" + auditID); !strings.Contains(pg.Body, `href="/cases/`+fromFinding+`"`) || strings.Contains(pg.Body, "/cases/new?finding_id=") {
		t.Errorf("the audit page after the case opened: %.3000s", pg.Body)
	}
	expectPage(t, aud.get("/cases/new?finding_id="+w.finding), http.StatusSeeOther)
	// a second case from the same finding is the conflict page naming the first
	aud.get("/cases/new")
	pg = aud.post("/cases", open)
	expectPage(t, pg, http.StatusConflict)
	if !strings.Contains(pg.Body, str(c, "code")) {
		t.Errorf("the second case's conflict does not name the first: %.2000s", pg.Body)
	}

	// The case worker opens a case from outreach.
	cw := newWebClient(t, ta)
	cw.signIn("case.worker@crah.demo")
	if pg = cw.get("/cases"); !strings.Contains(pg.Body, `href="/cases/new"`) {
		t.Fatalf("the case list offers no outreach case: %.2000s", pg.Body)
	}
	expectPage(t, cw.get("/cases/new"), http.StatusOK)
	pg = cw.post("/cases", url.Values{"supplier_id": {w.sup}, "identified": {yesterday}, "child_name": {"علی رضا"}, "sex": {"female"},
		"age_years": {"13"}, "age_method": {"interview"}, "schooling": {"out_of_school"}, "tasks": {"trimming hides"}, "days": {"09:00-13:00"},
		"days_per_week": {"6"}, "languages": {"اردو، سرائیکی"}})
	expectPage(t, pg, http.StatusSeeOther)
	id := strings.TrimPrefix(pg.Location, "/cases/")
	c = caseAPI(t, ta, p.caseWorker, id)
	if str(c, "source") != "outreach" || str(c["identity"].(map[string]any), "child_name") != "علی رضا" ||
		len(c["identity"].(map[string]any)["languages"].([]any)) != 2 || !strings.HasPrefix(str(c, "identified"), yesterday) {
		t.Fatalf("the outreach case: %v", c)
	}
	ver := func() string { return fmt.Sprint(caseAPI(t, ta, p.caseWorker, id)["version"]) }
	casePath := "/cases/" + id
	pg = cw.get(casePath)
	for _, form := range []string{"consent-form", "assessment-form", "immediate-form", "facts-form", "identity-form", "photo-form", "plan-form",
		"assign-form", "closure-form"} {
		if !strings.Contains(pg.Body, `id="`+form+`"`) {
			t.Errorf("the case worker's page lacks %s", form)
		}
	}

	// Consent: a missing relation comes back beside its field; then both consents.
	pg = cw.post(casePath+"/consent", url.Values{"version": {ver()}, "kind": {"consent_for_services"}, "answer": {"given"}})
	expectPage(t, pg, http.StatusUnprocessableEntity)
	if !strings.Contains(pg.Body, `id="consent-form"`) || !strings.Contains(pg.Body, `<details open><summary>Record consent`) {
		t.Errorf("the rejected consent form is not open with its message: %.3000s", pg.Body)
	}
	for _, kind := range []string{"consent_for_services", "disclosure_to_other_organisations"} {
		expectPage(t, cw.post(casePath+"/consent", url.Values{"version": {ver()}, "kind": {kind}, "answer": {"given"}, "by": {"ماں"}}), http.StatusSeeOther)
	}
	c = caseAPI(t, ta, p.caseWorker, id)
	if cs := c["consent"].(map[string]any); str(cs["consent_for_services"].(map[string]any), "by") != "ماں" ||
		str(cs["disclosure_to_other_organisations"].(map[string]any), "answer") != "given" {
		t.Fatalf("consent: %v", cs)
	}

	// The assessment: an unknown risk keeps the Urdu summary typed; a stale
	// version is the 409 page and changes nothing.
	pg = cw.post(casePath+"/assessment", url.Values{"version": {ver()}, "risk": {"extreme"}, "summary": {"دو سال سے اسکول سے باہر"}})
	expectPage(t, pg, http.StatusUnprocessableEntity)
	if !strings.Contains(pg.Body, "دو سال سے اسکول سے باہر") || !strings.Contains(pg.Body, `class="field-error"`) {
		t.Fatalf("the rejected assessment: %.3000s", pg.Body)
	}
	before := ver()
	pg = cw.post(casePath+"/assessment", url.Values{"version": {"1"}, "risk": {"high"}, "summary": {"دو سال سے اسکول سے باہر"}})
	expectPage(t, pg, http.StatusConflict)
	if !strings.Contains(pg.Body, "Open it again") || ver() != before {
		t.Fatalf("a stale assessment: %.2000s", pg.Body)
	}
	expectPage(t, cw.post(casePath+"/assessment", url.Values{"version": {ver()}, "risk": {"high"}, "summary": {"دو سال سے اسکول سے باہر"},
		"needs": {"school, stipend"}}), http.StatusSeeOther)
	if a := caseAPI(t, ta, p.caseWorker, id)["assessment"].(map[string]any); str(a, "risk") != "high" || str(a, "summary") != "دو سال سے اسکول سے باہر" {
		t.Fatalf("assessment: %v", a)
	}

	// The immediate action: a garbled time comes back; a whole one lands.
	if pg = cw.post(casePath+"/immediate-action", url.Values{"version": {ver()}, "removed_at": {"soon"}}); pg.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a garbled removal time: %d", pg.Status)
	}
	removed := now.Add(-time.Hour).Format("2006-01-02T15:04")
	expectPage(t, cw.post(casePath+"/immediate-action", url.Values{"version": {ver()}, "removed_at": {removed},
		"safeguarding_notes": {"گھر پہنچا دیا"}}), http.StatusSeeOther)
	if im := caseAPI(t, ta, p.caseWorker, id)["immediate_action"].(map[string]any); str(im, "removed_at") == "" || str(im, "safeguarding_notes") != "گھر پہنچا دیا" {
		t.Fatalf("immediate action: %v", im)
	}

	// The plan: a stipend action for the supplier; a rejected one keeps the Urdu description.
	due := now.AddDate(0, 1, 0).Format("2006-01-02")
	pg = cw.post(casePath+"/plan/actions", url.Values{"version": {ver()}, "kind": {"stipend"}, "owner": {"supplier"}, "due": {"next month"},
		"stipend_monthly_pkr": {"9,000"}, "description": {"ماہانہ وظیفہ"}})
	expectPage(t, pg, http.StatusUnprocessableEntity)
	if !strings.Contains(pg.Body, "ماہانہ وظیفہ") || !strings.Contains(pg.Body, `value="next month"`) {
		t.Fatalf("the rejected plan action: %.3000s", pg.Body)
	}
	expectPage(t, cw.post(casePath+"/plan/actions", url.Values{"version": {ver()}, "kind": {"stipend"}, "owner": {"supplier"}, "due": {due},
		"stipend_monthly_pkr": {"9,000"}, "description": {"ماہانہ وظیفہ"}}), http.StatusSeeOther)
	plan := caseAPI(t, ta, p.caseWorker, id)["plan"].([]any)
	if len(plan) != 1 || plan[0].(map[string]any)["stipend_monthly_pkr"] != float64(9000) || str(plan[0].(map[string]any), "owner") != "supplier" {
		t.Fatalf("plan: %v", plan)
	}
	actionID := str(plan[0].(map[string]any), "id")
	pg = cw.get(casePath)
	if !strings.Contains(pg.Body, `id="act-`+actionID+`"`) {
		t.Fatalf("the plan action has no status form: %.3000s", pg.Body)
	}
	expectPage(t, cw.post(casePath+"/plan/actions/"+actionID+"/status", url.Values{"version": {ver()}, "status": {"finished"}}), http.StatusUnprocessableEntity)
	expectPage(t, cw.post(casePath+"/plan/actions/"+actionID+"/status", url.Values{"version": {ver()}, "status": {"in_progress"}}), http.StatusSeeOther)
	if st := str(caseAPI(t, ta, p.caseWorker, id)["plan"].([]any)[0].(map[string]any), "status"); st != "in_progress" {
		t.Fatalf("plan action status %s", st)
	}

	// The case worker takes the case; edits the facts and the identity.
	pg = cw.get(casePath)
	if !strings.Contains(pg.Body, `<option value="`+w.cwID+`"`) {
		t.Fatalf("the assign form does not offer the case worker: %.3000s", pg.Body)
	}
	expectPage(t, cw.post(casePath+"/assign", url.Values{"version": {ver()}, "user_id": {w.auditorID}}), http.StatusUnprocessableEntity)
	expectPage(t, cw.post(casePath+"/assign", url.Values{"version": {ver()}, "user_id": {w.cwID}}), http.StatusSeeOther)
	if got := str(caseAPI(t, ta, p.caseWorker, id), "assigned_to"); got != w.cwID {
		t.Fatalf("assigned to %q", got)
	}
	facts := url.Values{"version": {ver()}, "sex": {"female"}, "age_years": {"13"}, "age_method": {"school_record"}, "tasks": {"trimming hides"},
		"days": {"09:00-13:00 14:00-16:00"}, "days_per_week": {"9"}}
	expectPage(t, cw.post(casePath+"/facts", facts), http.StatusUnprocessableEntity)
	facts.Set("days_per_week", "6")
	expectPage(t, cw.post(casePath+"/facts", facts), http.StatusSeeOther)
	c = caseAPI(t, ta, p.caseWorker, id)
	if days := c["work"].(map[string]any)["days"].([]any); len(days) != 1 || len(days[0].(map[string]any)["shifts"].([]any)) != 2 ||
		str(c["child"].(map[string]any), "age_method") != "school_record" {
		t.Fatalf("facts: %v", c["work"])
	}
	if pg = cw.get(casePath); !strings.Contains(pg.Body, "09:00-13:00 14:00-16:00") {
		t.Errorf("the facts form does not show the hours: %.3000s", pg.Body)
	}
	expectPage(t, cw.post(casePath+"/identity", url.Values{"version": {ver()}, "child_name": {""}, "address": {"بستی ملوک، ملتان"}}), http.StatusUnprocessableEntity)
	expectPage(t, cw.post(casePath+"/identity", url.Values{"version": {ver()}, "child_name": {"علی رضا"}, "guardian_name": {"رضا حسین"},
		"address": {"بستی ملوک، ملتان"}}), http.StatusSeeOther)
	if idn := caseAPI(t, ta, p.caseWorker, id)["identity"].(map[string]any); str(idn, "guardian_name") != "رضا حسین" || str(idn, "address") != "بستی ملوک، ملتان" {
		t.Fatalf("identity: %v", idn)
	}

	// The photo: not an image is refused on the form; a PNG is shown in the
	// full view through the page route, and each read is logged.
	cw.get(casePath)
	expectPage(t, cw.postPhoto(casePath+"/photo", ver(), []byte("just some text, not a photo")), http.StatusUnprocessableEntity)
	expectPage(t, cw.postPhoto(casePath+"/photo", ver(), pngFile), http.StatusSeeOther)
	if pg = cw.get(casePath); !strings.Contains(pg.Body, `id="case-photo"`) {
		t.Fatalf("the photo is not shown: %.3000s", pg.Body)
	}
	pg = cw.get(casePath + "/photo")
	if pg.Status != http.StatusOK || pg.Body != string(pngFile) || pg.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("the photo: %d %q", pg.Status, pg.Header.Get("Content-Type"))
	}

	// The same forms in Urdu, right to left, with the Urdu values in them.
	expectPage(t, cw.post("/lang", url.Values{"lang": {"ur"}, "back": {casePath}}), http.StatusSeeOther)
	pg = cw.get(casePath)
	for _, want := range []string{`dir="rtl"`, "رضامندی درج کریں", "منصوبے میں اقدام شامل کریں", "بچے کی شناخت میں ترمیم", "بستی ملوک، ملتان", "دو سال سے اسکول سے باہر"} {
		if !strings.Contains(pg.Body, want) {
			t.Errorf("the Urdu case page lacks %q", want)
		}
	}
	cw.post("/lang", url.Values{"lang": {"en"}, "back": {casePath}})

	// The hub admin: no identity, no identity form, no photo; the assign form.
	admin := newWebClient(t, ta)
	admin.signIn("hub.admin@crah.demo")
	pg = admin.get(casePath)
	expectPage(t, pg, http.StatusOK)
	for _, absent := range []string{`id="identity-form"`, `id="photo-form"`, `id="case-photo"`, "علی رضا", "رضا حسین", `id="consent-form"`, `id="plan-form"`} {
		if strings.Contains(pg.Body, absent) {
			t.Errorf("the hub admin's case page shows %s", absent)
		}
	}
	if !strings.Contains(pg.Body, `id="assign-form"`) || !strings.Contains(pg.Body, "دو سال سے اسکول سے باہر") {
		t.Errorf("the hub admin cannot assign, or read the assessment to approve: %.3000s", pg.Body)
	}
	expectPage(t, admin.get(casePath+"/photo"), http.StatusNotFound)
	expectPage(t, admin.post(casePath+"/identity", url.Values{"version": {ver()}, "child_name": {"x"}}), http.StatusForbidden)
	reads := 0
	for _, e := range items(ta.do("GET", "/api/v1/activity?object=case:"+id+"/photo&limit=50", p.admin, nil)) {
		if str(e, "action") == "cases.identity_read" {
			reads++
		}
	}
	if reads == 0 {
		t.Error("the photo's reads are not in the activity log")
	}

	// Closure: moving away needs a note, kept in Urdu when missing another field.
	pg = cw.post(casePath+"/closure", url.Values{"version": {ver()}, "reason": {"moved_away"}, "comment": {"خاندان لاہور چلا گیا"}})
	expectPage(t, pg, http.StatusUnprocessableEntity)
	if !strings.Contains(pg.Body, "خاندان لاہور چلا گیا") || !strings.Contains(pg.Body, "note: ") {
		t.Fatalf("the rejected closure: %.3000s", pg.Body)
	}
	expectPage(t, cw.post(casePath+"/closure", url.Values{"version": {ver()}, "reason": {"moved_away"}, "note": {"خاندان لاہور چلا گیا"}}), http.StatusSeeOther)
	if st := str(caseAPI(t, ta, p.caseWorker, id)["approvals"].(map[string]any)["closure"].(map[string]any), "state"); st != "requested" {
		t.Fatalf("closure approval %s", st)
	}
	admin.get(casePath)
	expectPage(t, admin.post(casePath+"/approvals/closure/approve", url.Values{"version": {ver()}, "comment": {"OK"}}), http.StatusSeeOther)
	if pg = cw.get(casePath); !strings.Contains(pg.Body, `id="reopen-form"`) || strings.Contains(pg.Body, `id="consent-form"`) {
		t.Fatalf("the closed case's forms: %.3000s", pg.Body)
	}
	expectPage(t, cw.post(casePath+"/reopen", url.Values{"version": {ver()}}), http.StatusUnprocessableEntity)
	expectPage(t, cw.post(casePath+"/reopen", url.Values{"version": {ver()}, "reason": {"واپس آ گئے"}}), http.StatusSeeOther)
	if st := str(caseAPI(t, ta, p.caseWorker, id), "status"); st != "open" {
		t.Fatalf("reopened case status %s", st)
	}

	// A brand and the supplier: every form is refused and nothing changes.
	brand := newWebClient(t, ta)
	brand.signIn("brand.manager@nordwind.demo")
	site := newWebClient(t, ta)
	site.signIn("compliance@multanleather.demo")
	before = ver()
	posts := map[string]url.Values{
		"/identity": {"child_name": {"x"}}, "/facts": {"sex": {"male"}}, "/consent": {"kind": {"consent_for_services"}, "answer": {"refused"}, "by": {"child"}},
		"/assessment": {"risk": {"low"}, "summary": {"x"}}, "/immediate-action": {"safeguarding_notes": {"x"}},
		"/plan/actions": {"kind": {"health"}, "owner": {"hub"}, "due": {due}}, "/plan/actions/" + actionID + "/status": {"status": {"delivered"}},
		"/assign": {"user_id": {w.cwID}}, "/closure": {"reason": {"moved_away"}, "note": {"x"}}, "/reopen": {"reason": {"x"}},
	}
	for i, wc := range []*webClient{brand, site} {
		wc.get(casePath)
		for path, form := range posts {
			form.Set("version", before)
			if pg = wc.post(casePath+path, form); pg.Status != http.StatusForbidden && pg.Status != http.StatusNotFound {
				t.Errorf("party %d posted %s: %d", i, path, pg.Status)
			}
		}
		if pg = wc.postPhoto(casePath+"/photo", before, pngFile); pg.Status != http.StatusForbidden && pg.Status != http.StatusNotFound {
			t.Errorf("photo posted: %d", pg.Status)
		}
		// The photo's signature, not the word: a page's random token may spell it.
		if pg = wc.get(casePath + "/photo"); pg.Status != http.StatusNotFound || strings.Contains(pg.Body, "\x89PNG") {
			t.Errorf("the photo for another party: %d", pg.Status)
		}
		if pg = wc.post("/cases", url.Values{"supplier_id": {w.sup}, "child_name": {"x"}, "sex": {"male"}}); pg.Status != http.StatusForbidden {
			t.Errorf("another party opened a case: %d", pg.Status)
		}
		if pg = wc.get(casePath); pageLeak(pg) != "" || strings.Contains(pg.Body, "علی رضا") || strings.Contains(pg.Body, `id="consent-form"`) {
			t.Errorf("another party's case page shows the child or a form")
		}
	}
	if ver() != before {
		t.Fatal("a refused post changed the case")
	}
}

// caseFinding reads a finding through the API.
func caseFinding(t *testing.T, ta *testApp, tok, id string) map[string]any {
	t.Helper()
	r := ta.do("GET", "/api/v1/findings/"+id, tok, nil)
	expect(t, r, http.StatusOK)
	return r.Body
}

// TestWebCaseFormsInBrowser: a case worker on a 360-pixel phone records
// consent and adds a plan action in Chromium.
func TestWebCaseFormsInBrowser(t *testing.T) {
	ta := startApp(t)
	b := newBrowser(t, ta)
	w := buildCaseWorld(t, ta)
	id := str(w.openTanneryCase(t), "id")

	phone := b.tab()
	b.do(phone, chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	b.signIn(phone, "case.worker@crah.demo")
	if st := b.open(phone, "/cases/"+id); st != http.StatusOK {
		t.Fatalf("the case page: %d", st)
	}
	// open every collapsed form, as a person would, and measure the page
	openAll := chromedp.Evaluate[bool](`(() => { document.querySelectorAll("details").forEach(d => d.open = true); return true })()`)
	run(b, phone, openAll)
	if wd := run(b, phone, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); wd > 360 {
		t.Fatalf("the case page with its forms is %d pixels wide on a 360-pixel phone", wd)
	}
	shots, err := os.MkdirTemp("", "actionhub-case-forms-")
	if err != nil {
		t.Fatal(err)
	}
	b.screenshot(phone, shots, "case-forms-360", true)
	b.do(phone,
		chromedp.SetValue(chromedp.ID("cf-consent-kind"), "consent_for_services"),
		chromedp.Click(chromedp.CSS(`#consent-form input[name="answer"][value="given"]`)),
		chromedp.SendKeys(chromedp.ID("cf-consent-by"), "mother"))
	if st := b.submit(phone, "#consent-save"); st != http.StatusOK {
		t.Fatalf("consent: %d", st)
	}
	if got := b.text(phone, "#consent-services"); !strings.Contains(got, "given") {
		t.Fatalf("consent on the page: %q", got)
	}
	due := time.Now().AddDate(0, 0, 20)
	run(b, phone, openAll)
	b.do(phone, chromedp.SetValue(chromedp.ID("cf-plan-kind"), "education"),
		chromedp.SetValue(chromedp.ID("cf-plan-owner"), "hub"),
		chromedp.SetValue(chromedp.ID("cf-plan-due"), due.Format("2006-01-02")),
		chromedp.SendKeys(chromedp.ID("cf-plan-description"), "Enrol at the centre"))
	if st := b.submit(phone, "#plan-save"); st != http.StatusOK {
		t.Fatalf("plan action: %d", st)
	}
	if got := b.text(phone, "#case-plan"); !strings.Contains(got, "education") {
		t.Fatalf("the plan on the page: %q", got)
	}
	c := caseAPI(t, ta, w.p.caseWorker, id)
	if str(c["consent"].(map[string]any)["consent_for_services"].(map[string]any), "by") != "mother" || len(c["plan"].([]any)) != 1 {
		t.Fatalf("the case after the browser's forms: %v", c)
	}
	if wd := run(b, phone, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); wd > 360 {
		t.Errorf("the case page is %d pixels wide after the forms", wd)
	}
}
