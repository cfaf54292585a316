package web

import (
	"html"
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/actionhub/actionhub/domain/casework"
)

// The case page's care section and edit forms are written in Go: as
// template actions (about 220, each escaper and call made through
// reflection) they were more than half of the case worker's case page's
// rendering, the heaviest page a case worker opens. The text is the same as
// the templates wrote: every value and message escaped, labels starred on
// required fields, each form in a closed section unless it came back with
// messages.

// formWriter writes a form's markup: tags are the code's own constants,
// every value goes through esc.
type formWriter struct {
	strings.Builder
	l *printer
}

func (w *formWriter) tag(s ...string) {
	for _, x := range s {
		w.WriteString(x)
	}
}

func (w *formWriter) esc(s string) { w.WriteString(html.EscapeString(s)) }

// t writes the language's sentence for key.
func (w *formWriter) t(key string) { w.esc(w.l.T(key)) }

// section starts a section of the page with its heading.
func (w *formWriter) section(id, title string) {
	w.tag("\n", `<section id="`, id, `"><h2>`)
	w.t(title)
	w.tag("</h2>\n")
}

// fieldErr writes a field's message, if it has one.
func (w *formWriter) fieldErr(msg string) {
	if msg != "" {
		w.tag(`<p class="field-error" role="alert">`)
		w.esc(msg)
		w.tag("</p>")
	}
}

// field writes a labelled input or textarea of f with the ID id (the form's
// prefix and a name), the template's constant attributes attrs, its value,
// a hint's sentence when hint is not empty, and its message.
func (w *formWriter) field(f *cform, el, id, name, label, attrs, hint string) {
	id = html.EscapeString(id)
	w.tag(`<label for="`, id, `">`)
	w.t(label)
	if strings.Contains(" "+attrs+" ", " required ") {
		w.tag(" *")
	}
	w.tag(`</label><`, el, ` id="`, id, `" name="`, name, `"`)
	if attrs != "" {
		w.tag(" ", attrs)
	}
	if el == "input" {
		w.tag(` value="`)
		w.esc(f.V[name])
		w.tag(`"`)
	}
	if hint != "" {
		w.tag(` aria-describedby="`, id, `-hint"`)
	}
	w.tag(">")
	if el == "textarea" {
		w.esc(f.V[name])
		w.tag("</textarea>")
	}
	if hint != "" {
		w.tag(`<p class="hint" id="`, id, `-hint">`)
		w.t(hint)
		w.tag("</p>")
	}
	w.fieldErr(f.E[name])
	w.tag("\n")
}

// input and area write a field whose ID is the form's prefix and its name.
func (w *formWriter) input(f *cform, name, label, attrs string) {
	w.field(f, "input", f.P+name, name, label, attrs, "")
}

func (w *formWriter) area(f *cform, name, label, attrs string) {
	w.field(f, "textarea", f.P+name, name, label, attrs, "")
}

// check writes a checkbox of f, ticked when its value is "on".
func (w *formWriter) check(f *cform, name, label string) {
	w.tag(`<label class="check"><input type="checkbox" name="`, name, `"`)
	if f.V[name] == "on" {
		w.tag(" checked")
	}
	w.tag("> ")
	w.t(label)
	w.tag("</label>\n")
}

// choose writes a labelled select of an enum's values, first offering
// nothing ("—"), the sentence of noneKey, or, when noneKey is empty, no
// such choice.
func choose[T ~string](w *formWriter, f *cform, id, name, label string, required bool, noneKey, kind string, values []T) {
	id = html.EscapeString(id)
	w.tag(`<label for="`, id, `">`)
	w.t(label)
	if required {
		w.tag(" *")
	}
	w.tag(`</label><select id="`, id, `" name="`, name, `"`)
	if required {
		w.tag(" required")
	}
	w.tag(">")
	switch noneKey {
	case "":
	case "—":
		w.tag(`<option value="">—</option>`)
	default:
		w.tag(`<option value="">`)
		w.t(noneKey)
		w.tag("</option>")
	}
	w.tag(string(optionsHTML(enumOptions(w.l, kind, values, f.V[name]))), "</select>")
	w.fieldErr(f.E[name])
	w.tag("\n")
}

// identityFields writes the fields of a child's identity (the open-case
// form's and the identity form's).
func (w *formWriter) identityFields(f *cform) {
	w.tag("\n")
	w.input(f, "child_name", "c.child_name", `required maxlength="300" dir="auto"`)
	w.input(f, "guardian_name", "c.guardian", `maxlength="300" dir="auto"`)
	w.input(f, "birth_date", "c.birth_date", `type="date" dir="ltr"`)
	w.input(f, "address", "f.address", `maxlength="300" dir="auto"`)
	w.input(f, "phone", "c.phone", `type="tel" maxlength="300" dir="ltr"`)
	w.input(f, "languages", "cf.languages", `maxlength="500" dir="auto"`)
	w.area(f, "family_situation", "c.family", `maxlength="5000" rows="2" dir="auto"`)
	w.area(f, "school_history", "c.school", `maxlength="5000" rows="2" dir="auto"`)
}

// childWork writes the fields of the child's facts and work (the open-case
// form's and the facts form's).
func (w *formWriter) childWork(f *cform) {
	o := f.O
	w.tag("\n<fieldset><legend>")
	w.t("cf.child")
	w.tag("</legend>\n")
	w.input(f, "age_years", "cf.age_years", `inputmode="numeric" maxlength="3" dir="ltr"`)
	choose(w, f, f.P+"age_method", "age_method", "cf.age_method", false, "—", "cf.agem", o.AgeMethods)
	w.check(f, "suspected_false_document", "cf.false_document")
	choose(w, f, f.P+"sex", "sex", "c.sex", true, "—", "sex", o.Sexes)
	choose(w, f, f.P+"schooling", "schooling", "cf.schooling", false, "cf.not_known", "cf.school", o.Schoolings)
	w.tag("</fieldset>\n<fieldset><legend>")
	w.t("cf.work")
	w.tag("</legend>\n")
	w.field(f, "textarea", f.P+"tasks", "tasks", "cf.tasks", `maxlength="5000" rows="3" dir="auto"`, "cf.tasks_hint")
	w.field(f, "textarea", f.P+"hazards", "hazards", "cf.hazards", `maxlength="5000" rows="2" dir="ltr"`, "cf.hazards_hint")
	w.field(f, "textarea", f.P+"days", "days", "cf.days", `maxlength="2000" rows="3" dir="ltr"`, "cf.days_hint")
	w.check(f, "school_days", "cf.school_days")
	w.input(f, "days_per_week", "cf.days_per_week", `inputmode="numeric" maxlength="1" dir="ltr"`)
	w.input(f, "wage_monthly_pkr", "cf.wage", `inputmode="numeric" maxlength="12" dir="ltr"`)
	w.input(f, "since", "cf.since", `type="date" dir="ltr"`)
	w.input(f, "recruited_how", "cf.recruited_how", `maxlength="5000" dir="auto"`)
	w.check(f, "family_enterprise", "cf.family_enterprise")
	w.input(f, "debt_amount_pkr", "cf.debt", `inputmode="numeric" maxlength="12" dir="ltr"`)
	w.check(f, "debt_repaid_by_work", "cf.debt_by_work")
	w.check(f, "debt_restricts_leaving", "cf.debt_restricts")
	w.tag("</fieldset>\n")
}

// identityFieldsHTML and childWorkHTML are the open-case form's parts.
func identityFieldsHTML(f *cform) template.HTML {
	w := &formWriter{l: f.L}
	w.identityFields(f)
	return template.HTML(w.String())
}

func childWorkHTML(f *cform) template.HTML {
	w := &formWriter{l: f.L}
	w.childWork(f)
	return template.HTML(w.String())
}

// caseForm is one form of the case page as caseFormsHTML writes it.
type caseForm struct {
	w       *formWriter
	p       *page
	c       *casework.Case
	f       *cform
	details bool // in a closed section, opened when it came back with messages
}

// open writes the form's start: its section's summary, the form tag
// posting to the case's path, the CSRF token and the version.
func (x caseForm) open(summary, path, id string) {
	w := x.w
	if x.details {
		w.tag("<details")
		if len(x.f.E) > 0 {
			w.tag(" open")
		}
		w.tag("><summary>")
		w.t(summary)
		w.tag("</summary>\n")
	}
	w.tag(`<form method="post" action="/cases/`)
	w.esc(url.PathEscape(x.c.ID))
	w.tag(path, `" class="stack" id="`, id, `"><input type="hidden" name="csrf" value="`)
	w.esc(x.p.CSRF)
	w.tag(`"><input type="hidden" name="version" value="`)
	if v := x.f.V["version"]; v != "" {
		w.esc(v)
	} else {
		w.tag(strconv.FormatInt(x.c.Version, 10))
	}
	w.tag(`">` + "\n")
}

// close writes the form's own message, its button and its end.
func (x caseForm) close(button, label string) {
	w := x.w
	w.fieldErr(x.f.E["_"])
	w.tag(`<button type="submit" id="`, button, `">`)
	w.t(label)
	w.tag("</button></form>")
	if x.details {
		w.tag("</details>")
	}
}

// caseFormsHTML writes the case page's care section (consent, assessment,
// immediate action, facts) and the forms the reader may use on the case.
func caseFormsHTML(p *page) template.HTML {
	d := p.Data.(*caseView)
	c := d.V.Case
	w := &formWriter{l: p.L}
	w.Grow(8 << 10)
	form := func(name string, details bool) caseForm {
		return caseForm{w: w, p: p, c: c, f: d.F(name), details: details}
	}
	w.section("cf-care", "cf.care")
	w.tag(`<dl class="facts">` + "\n<dt>")
	w.t("cf.consent_for_services")
	w.tag(`</dt><dd id="consent-services">`)
	consent(w, c.Consent.Services)
	w.tag("</dd>\n<dt>")
	w.t("cf.consent_for_sharing")
	w.tag(`</dt><dd id="consent-sharing">`)
	consent(w, c.Consent.Disclosure)
	w.tag("</dd>\n<dt>")
	w.t("cf.risk")
	w.tag(`</dt><dd id="assessment-risk">`)
	w.esc(w.l.E("cf.risk", c.Assessment.Risk))
	w.tag("</dd>\n")
	if s := c.Assessment.Summary; s != "" {
		w.tag("<dt>")
		w.t("cf.summary")
		w.tag("</dt><dd><bdi>")
		w.esc(s)
		w.tag("</bdi></dd>")
	}
	w.tag("\n")
	if s := c.Assessment.Needs; s != "" {
		w.tag("<dt>")
		w.t("cf.needs")
		w.tag("</dt><dd><bdi>")
		w.esc(s)
		w.tag("</bdi></dd>")
	}
	w.tag("\n<dt>")
	w.t("cf.removed_at")
	w.tag("</dt><dd>")
	w.esc(w.l.DT(c.Immediate.RemovedAt))
	w.tag("</dd>\n</dl>\n")
	if d.Open && p.Me.Can("cases:update") {
		w.tag("\n")
		x := form("consent", true)
		x.open("cf.consent", "/consent", "consent-form")
		choose(w, x.f, "cf-consent-kind", "kind", "cf.consent_kind", true, "", "cf.ck", x.f.O.ConsentKinds)
		w.tag("<fieldset><legend>")
		w.t("cf.answer")
		w.tag(" *</legend>")
		for _, a := range x.f.O.ConsentAnswers {
			w.tag(`<label class="check"><input type="radio" name="answer" value="`)
			w.esc(string(a))
			w.tag(`" required`)
			if string(a) == x.f.V["answer"] {
				w.tag(" checked")
			}
			w.tag("> ")
			w.esc(w.l.E("cf.answer", a))
			w.tag("</label>")
		}
		w.tag("</fieldset>")
		w.fieldErr(x.f.E["answer"])
		w.tag("\n")
		w.field(x.f, "input", "cf-consent-by", "by", "cf.consent_by", `required maxlength="40" dir="auto"`, "cf.consent_by_hint")
		x.close("consent-save", "form.save")
		w.tag("\n")
		x = form("assessment", true)
		x.open("cf.assessment", "/assessment", "assessment-form")
		choose(w, x.f, "cf-assessment-risk", "risk", "cf.risk", true, "—", "cf.risk", x.f.O.Risks)
		w.field(x.f, "textarea", "cf-assessment-summary", "summary", "cf.summary", `required maxlength="5000" rows="3" dir="auto"`, "")
		w.field(x.f, "textarea", "cf-assessment-needs", "needs", "cf.needs", `maxlength="5000" rows="2" dir="auto"`, "")
		x.close("assessment-save", "form.save")
		w.tag("\n")
		x = form("immediate", true)
		x.open("cf.immediate", "/immediate-action", "immediate-form")
		w.field(x.f, "input", "cf-immediate-removed_at", "removed_at", "cf.removed_at", `type="datetime-local" dir="ltr"`, "")
		w.field(x.f, "textarea", "cf-immediate-notes", "safeguarding_notes", "cf.safeguarding_notes", `maxlength="5000" rows="2" dir="auto"`, "")
		x.close("immediate-save", "form.save")
		w.tag("\n")
		x = form("facts", true)
		x.open("cf.facts", "/facts", "facts-form")
		w.tag(`<p class="hint">`)
		w.t("cf.facts_hint")
		w.tag("</p>\n")
		w.childWork(x.f)
		w.tag("\n")
		x.close("facts-save", "form.save")
		w.tag("\n")
	}
	w.tag("\n</section>\n")
	if d.Open && d.Full && p.Me.Can("cases:update_identity") {
		w.section("cf-identity", "cf.identity_edit")
		x := form("identity", true)
		x.open("cf.identity_edit", "/identity", "identity-form")
		w.identityFields(x.f)
		w.tag("\n")
		x.close("identity-save", "form.save")
		w.tag("\n")
		x = form("photo", false)
		w.tag("\n", `<form method="post" action="/cases/`)
		w.esc(url.PathEscape(c.ID))
		w.tag(`/photo" enctype="multipart/form-data" class="stack" id="photo-form"><input type="hidden" name="csrf" value="`)
		w.esc(p.CSRF)
		w.tag(`"><input type="hidden" name="version" value="`, strconv.FormatInt(c.Version, 10), `">`+"\n")
		w.tag(`<label for="cf-photo-file">`)
		w.t("cf.photo")
		w.tag(`</label><input id="cf-photo-file" name="file" type="file" accept="image/jpeg,image/png,image/webp,image/heic" required aria-describedby="cf-photo-hint"><p class="hint" id="cf-photo-hint">`)
		w.t("cf.photo_hint")
		w.tag("</p>")
		w.fieldErr(x.f.E["file"])
		w.tag("\n")
		x.close("photo-save", "cf.photo_upload")
		w.tag("\n</section>\n")
	}
	w.tag("\n")
	if d.Open && p.Me.Can("cases:update") {
		x := form("plan", false)
		w.section("cf-plan", "cf.plan_add")
		x.open("", "/plan/actions", "plan-form")
		choose(w, x.f, "cf-plan-kind", "kind", "c.kind", true, "—", "ckind", x.f.O.ActionKinds)
		choose(w, x.f, "cf-plan-owner", "owner", "a.owner", true, "—", "cparty", x.f.O.Parties)
		w.field(x.f, "input", "cf-plan-due", "due", "cf.due", `type="date" required dir="ltr"`, "")
		w.field(x.f, "input", "cf-plan-stipend", "stipend_monthly_pkr", "cf.stipend_amount", `inputmode="numeric" maxlength="12" dir="ltr"`, "cf.stipend_hint")
		w.field(x.f, "textarea", "cf-plan-description", "description", "cf.description", `maxlength="5000" rows="2" dir="auto"`, "")
		x.close("plan-save", "cf.plan_add")
		w.tag("</section>\n")
	}
	w.tag("\n")
	if d.Open && p.Me.Can("cases:assign") && len(d.Workers) > 0 {
		x := form("assign", false)
		w.section("cf-assign", "cf.assign")
		x.open("", "/assign", "assign-form")
		w.tag(`<label for="cf-assign-user">`)
		w.t("cf.case_worker")
		w.tag(` *</label><select id="cf-assign-user" name="user_id" required><option value="">—</option>`)
		workers := make([]option, len(d.Workers))
		for i, u := range d.Workers {
			workers[i] = option{Value: u.ID, Label: u.Name, Selected: u.ID == x.f.V["user_id"]}
		}
		w.tag(string(optionsHTML(workers)), "</select>")
		w.fieldErr(x.f.E["user_id"])
		w.tag("\n")
		x.close("assign-save", "cf.assign")
		w.tag("</section>\n")
	}
	w.tag("\n")
	if d.Open && p.Me.Can("cases:request_approval") {
		x := form("closure", true)
		w.tag("\n", `<section id="cf-closure">`)
		x.open("cf.closure", "/closure", "closure-form")
		choose(w, x.f, "cf-closure-reason", "reason", "cf.closure_reason", true, "—", "cf.close", x.f.O.ClosureReasons)
		w.field(x.f, "textarea", "cf-closure-note", "note", "cf.closure_note", `maxlength="5000" rows="2" dir="auto"`, "")
		w.field(x.f, "input", "cf-closure-to", "transferred_to", "cf.transferred_to", `maxlength="300" dir="auto"`, "")
		w.field(x.f, "textarea", "cf-closure-comment", "comment", "c.comment", `maxlength="5000" rows="2" dir="auto"`, "")
		x.close("closure-save", "cf.closure")
		w.tag("</section>\n")
	}
	w.tag("\n")
	if !d.Open && p.Me.Can("cases:reopen") {
		x := form("reopen", false)
		w.section("cf-reopen", "cf.reopen")
		x.open("", "/reopen", "reopen-form")
		w.field(x.f, "textarea", "cf-reopen-reason", "reason", "f.reason", `required maxlength="5000" rows="2" dir="auto"`, "")
		x.close("reopen-save", "cf.reopen")
		w.tag("</section>\n")
	}
	w.tag("\n")
	return template.HTML(w.String())
}

// consent writes a consent's answer, who gave it and when, or that it was
// not asked.
func consent(w *formWriter, r casework.ConsentRecord) {
	if r.Answer == "" {
		w.t("cf.not_asked")
		return
	}
	w.esc(w.l.E("cf.answer", r.Answer))
	w.tag(" — <bdi>")
	w.esc(r.By)
	w.tag("</bdi>, ")
	w.esc(w.l.D(r.At))
}
