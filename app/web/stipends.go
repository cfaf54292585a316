package web

import (
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"mime/multipart"
	"net/url"
	"strconv"
	"strings"

	"github.com/actionhub/actionhub/app/cases"
	"github.com/actionhub/actionhub/app/httpapi"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/policies"
	"github.com/gofiber/fiber/v2"
)

// proofMaxBytes bounds a proof posted through a page: the same as
// POST /api/v1/stipend-payments/{id}/proof takes (a receipt's scan or a
// phone's photo of a bank slip is 2-5 MB).
const proofMaxBytes = httpapi.ProofUploadBytes

func (h *Handler) mountStipends(g pages) {
	g.Get("/stipends", h.signedIn(policies.PermStipendsList), h.paymentList)
	g.Get("/stipends/:case", h.signedIn(policies.PermStipendsRead), h.stipendPage)
	g.Upload("/stipends/:case/payments", policies.PermStipendsRecord, h.recordPayment)
	g.Post("/stipends/:case/terms", h.signedIn(policies.PermStipendsTerms), h.setTerms)
	g.Get("/stipend-payments/:id/proof", h.signedIn(policies.PermStipendsRead), h.downloadProof)
	g.Upload("/stipend-payments/:id/proof", policies.PermStipendsRecord, h.uploadProof)
	g.Post("/stipend-payments/:id/:verb", h.signedIn(policies.PermStipendsConfirm), h.decidePayment)
}

// Months a ledger shows: a case's obligations page keeps its stipend short
// (this month and the three before, the ones a supplier acts on); the
// stipend's own page shows two years.
const (
	ledgerMonthsShort = 4
	ledgerMonthsLong  = 24
)

// monthRow is one month of a stipend: its payment, or what is due.
type monthRow struct {
	Period   casework.Period
	Due      audit.Date
	Deadline audit.Date
	P        *casework.Payment // nil: nothing recorded yet
	Overdue  bool              // no payment, the deadline passed, the sweep not yet run
}

// State is the month's word: the payment's state, or "due" / "overdue"
// for a month without one.
func (m monthRow) State() string {
	switch {
	case m.P != nil && m.P.State == casework.PaymentRecorded:
		return "paid"
	case m.P != nil:
		return string(m.P.State)
	case m.Overdue:
		return "overdue"
	}
	return "due"
}

// stipendLedger is one case's stipend as a page shows it: the terms, the
// latest months, and the forms the reader may use. It carries its own
// printer and CSRF token so a case's obligations page and the stipend page
// render it with the same template. Case code only, never the child.
type stipendLedger struct {
	L        *printer
	CSRF     string
	CaseID   string
	CaseCode string
	S        *casework.Stipend // nil until the case worker sets the terms
	Months   []monthRow
	More     bool   // older months than those shown
	From     string // "obligations" when shown there, so forms come back
	// Compact: the months without their proof and decision forms, which
	// are on the stipend's own page; a case's obligations page keeps to
	// the months a supplier acts on and the record form.
	Compact    bool
	CanRecord  bool
	CanDecide  bool
	CanTerms   bool // the case worker: the terms form, a link to it while none are set
	Form       map[string]string
	Errors     map[string]string
	ThisPeriod casework.Period
}

// ledger reads a case's stipend and its latest months through the Ledger
// service; not found when the case is out of the reader's scope.
func (h *Handler) ledger(c *fiber.Ctx, caseID string, months int) (*stipendLedger, error) {
	ctx := c.UserContext()
	pays, next, err := h.Ledger.Payments(ctx, cases.PaymentFilter{CaseID: caseID, Limit: months})
	if err != nil {
		return nil, err
	}
	out := h.newLedger(c, caseID)
	out.More = next != ""
	s, err := h.Ledger.Stipend(ctx, caseID)
	if errors.Is(err, domain.ErrNotFound) {
		// The case is in scope (the payments said so): its terms are not set yet.
		for _, p := range pays {
			out.CaseCode = p.CaseCode
		}
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	byPeriod := make(map[casework.Period]*casework.Payment, len(pays))
	for _, p := range pays {
		byPeriod[p.Period] = p
	}
	out.fill(s, byPeriod, audit.DateOf(h.now(), hubZone), months)
	return out, nil
}

// newLedger is an empty ledger of a case for the reader.
func (h *Handler) newLedger(c *fiber.Ctx, caseID string) *stipendLedger {
	role := principal(c).Actor.Role
	return &stipendLedger{L: h.lang(c), CSRF: h.csrfToken(c), CaseID: caseID,
		CanRecord: h.Enforcer.Allowed(role, policies.PermStipendsRecord), CanDecide: h.Enforcer.Allowed(role, policies.PermStipendsConfirm),
		CanTerms: h.Enforcer.Allowed(role, policies.PermStipendsTerms)}
}

// fill sets the terms and the months shown: from the later of this month
// and the latest paid month (paid ahead), back to the start, within the
// stipend, at most months of them.
func (out *stipendLedger) fill(s *casework.Stipend, byPeriod map[casework.Period]*casework.Payment, today audit.Date, months int) {
	out.S, out.CaseCode = s, s.CaseCode
	out.ThisPeriod = casework.PeriodOf(today)
	last := min(s.End, out.ThisPeriod)
	for p := range byPeriod {
		last = max(last, p)
	}
	for p := last; p >= s.Start && len(out.Months) < months; p = p.Add(-1) {
		row := monthRow{Period: p, Due: s.Due(p), Deadline: s.Deadline(p), P: byPeriod[p]}
		row.Overdue = row.P == nil && row.Deadline < today
		out.Months = append(out.Months, row)
	}
	if len(out.Months) == months && last.Add(-months) >= s.Start {
		out.More = true
	}
}

// ledgers reads the stipends of cases at once, for a case's obligations
// page: the latest months of each (and up to three paid ahead) in two
// reads. Cases without terms or out of the reader's scope have none.
func (h *Handler) ledgers(c *fiber.Ctx, caseIDs []string, months int) (map[string]*stipendLedger, error) {
	today := audit.DateOf(h.now(), hubZone)
	this := casework.PeriodOf(today)
	ss, pays, err := h.Ledger.Ledgers(c.UserContext(), caseIDs, this, months)
	if err != nil {
		return nil, err
	}
	byCase := map[string]map[casework.Period]*casework.Payment{}
	for _, p := range pays {
		if byCase[p.CaseID] == nil {
			byCase[p.CaseID] = map[casework.Period]*casework.Payment{}
		}
		byCase[p.CaseID][p.Period] = p
	}
	out := make(map[string]*stipendLedger, len(ss))
	for id, s := range ss {
		l := h.newLedger(c, id)
		l.Compact = true
		l.fill(s, byCase[id], today, months)
		out[id] = l
	}
	return out, nil
}

// stipendView is a case's stipend page: the ledger and, for the case
// worker, the terms form.
type stipendView struct {
	Ledger *stipendLedger
	Terms  *termsForm // nil for those who may not set the terms
}

// termsForm is the case worker's form of a stipend's terms, the same call
// as PUT /api/v1/cases/{id}/stipend: the case's supplier-owned stipend
// actions to choose from and the values shown (the rejected form's, the
// current terms, or the defaults).
type termsForm struct {
	Actions []casework.PlanAction
	Values  map[string]string
}

// termsFields are the form's fields, named as the API's body.
var termsFields = []string{"action_id", "monthly_pkr", "due_day", "grace_days", "start", "end", "version"}

// newTermsForm reads the actions the terms may be set on and fills the
// values: those typed when form is set, else the current terms, else the
// first action's amount and the default grace.
func (h *Handler) newTermsForm(c *fiber.Ctx, l *stipendLedger, form map[string]string) (*termsForm, error) {
	ch, err := h.Ledger.StipendChoice(c.UserContext(), l.CaseID)
	if err != nil {
		return nil, err
	}
	if l.CaseCode == "" {
		l.CaseCode = ch.CaseCode
	}
	out := &termsForm{Actions: ch.Actions, Values: map[string]string{}}
	switch {
	case form["form"] == "terms":
		for _, k := range termsFields {
			out.Values[k] = form[k]
		}
	case l.S != nil:
		s := l.S
		out.Values = map[string]string{"action_id": s.ActionID, "monthly_pkr": strconv.FormatInt(s.MonthlyPKR, 10),
			"due_day": strconv.Itoa(s.DueDay), "grace_days": strconv.Itoa(s.GraceDays), "start": string(s.Start), "end": string(s.End),
			"version": strconv.FormatInt(s.Version, 10)}
	default:
		out.Values["grace_days"] = strconv.Itoa(casework.StipendGraceDays)
		if len(ch.Actions) > 0 {
			out.Values["action_id"] = ch.Actions[0].ID
			if n := ch.Actions[0].StipendMonthlyPKR; n > 0 {
				out.Values["monthly_pkr"] = strconv.FormatInt(n, 10)
			}
		}
	}
	return out, nil
}

func (h *Handler) stipendPage(c *fiber.Ctx) error {
	return h.stipendAgain(c, c.Params("case"), fiber.StatusOK, nil, nil)
}

// stipendAgain renders the stipend page, with a rejected form's values and
// messages when errs is set.
func (h *Handler) stipendAgain(c *fiber.Ctx, caseID string, status int, form, errs map[string]string) error {
	l, err := h.ledger(c, caseID, ledgerMonthsLong)
	if err != nil {
		return h.fail(c, err)
	}
	l.Form, l.Errors = form, errs
	view := &stipendView{Ledger: l}
	if l.CanTerms {
		// A reader who may set terms in general but not on this case
		// reads the ledger without the form.
		if view.Terms, err = h.newTermsForm(c, l, form); err != nil && !errors.Is(err, domain.ErrNotFound) {
			return h.fail(c, err)
		}
		l.CanTerms = view.Terms != nil
	}
	return h.renderPage(c, status, "stipend", &page{Data: view, Form: form, Errors: errs})
}

// setTerms is the case worker's terms form, the same call as PUT
// /api/v1/cases/{id}/stipend. Empty amount, grace, first and last month
// take the service's defaults (the action's amount, five days, the next
// month, the end of schooling); a rejected form comes back with the typed
// values and each field's message (422).
func (h *Handler) setTerms(c *fiber.Ctx) error {
	caseID := c.Params("case")
	form := formValues(c, termsFields...)
	form["form"] = "terms"
	// A field that is not a whole number goes to the service as a value it
	// refuses, so every field's message comes back at once; its message
	// then says what was wrong.
	typed := map[string]string{}
	whole := func(k string, empty, bad int64, ok func(int64) bool, msg string) int64 {
		v := strings.TrimSpace(form[k])
		if v == "" {
			return empty
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || !ok(n) {
			typed[k] = msg
			return bad
		}
		return n
	}
	monthly := whole("monthly_pkr", 0, -1, func(n int64) bool { return n > 0 }, "must be a whole number of rupees")
	due := whole("due_day", 0, 0, func(int64) bool { return true }, fmt.Sprintf("must be a day from 1 to %d", casework.MaxStipendDueDay))
	grace := whole("grace_days", -1, casework.MaxGraceDays+1, func(n int64) bool { return n >= 0 && n <= casework.MaxGraceDays },
		fmt.Sprintf("must be a whole number of days from 0 to %d", casework.MaxGraceDays))
	// The terms' version the form was read at: none for the first terms
	// (not checked); a garbled one is stale, as on every other form.
	v := int64(0)
	if form["version"] != "" {
		if v = version(form); v < 1 {
			v = -1
		}
	}
	_, err := h.Ledger.SetStipend(c.UserContext(), caseID, v, casework.StipendTerms{ActionID: form["action_id"], MonthlyPKR: monthly,
		DueDay: int(due), GraceDays: int(grace), Start: casework.Period(strings.TrimSpace(form["start"])), End: casework.Period(strings.TrimSpace(form["end"]))})
	if errs, ok := formErrors(err); ok {
		for k, m := range typed {
			errs[k] = m
		}
		return h.stipendAgain(c, caseID, fiber.StatusUnprocessableEntity, form, errs)
	}
	if err != nil {
		return h.fail(c, err)
	}
	return redirect(c, "/stipends/"+url.PathEscape(caseID))
}

// ledgerFormAgain shows a rejected ledger form (422) on the page it came
// from: the case's obligations page or the stipend's own.
func (h *Handler) ledgerFormAgain(c *fiber.Ctx, caseID string, form, errs map[string]string) error {
	if form["from"] != "obligations" {
		return h.stipendAgain(c, caseID, fiber.StatusUnprocessableEntity, form, errs)
	}
	data, err := h.obligationCase(c, caseID)
	if err != nil {
		return h.fail(c, err)
	}
	if l := data.Ledger; l != nil {
		l.Form, l.Errors = form, errs
	}
	return h.invalid(c, "obligation", data, form, errs)
}

// backFromLedger is where a ledger form returns on success: the case's
// obligations page at its ledger, or the stipend's page.
func backFromLedger(c *fiber.Ctx, form map[string]string, caseID string) error {
	if form["from"] == "obligations" {
		return redirect(c, obligationsBack(c, caseID)+"#stipend-"+url.PathEscape(caseID))
	}
	return redirect(c, "/stipends/"+url.PathEscape(caseID))
}

// recordPayment is the supplier's form: the month's payment, the same call
// as POST /api/v1/cases/{id}/stipend/payments, and the proof file chosen
// in the same form, the same call as POST .../proof.
func (h *Handler) recordPayment(c *fiber.Ctx) error {
	caseID := c.Params("case")
	form := formValues(c, "from", "period", "amount_pkr", "paid_on")
	// An amount that is not a number goes to the service as 0, which it
	// refuses, so every field's message comes back at once.
	amount, perr := strconv.ParseInt(form["amount_pkr"], 10, 64)
	if perr != nil {
		amount = 0
	}
	ctx := c.UserContext()
	p, err := h.Ledger.RecordPayment(ctx, caseID, casework.NewPayment{Period: casework.Period(form["period"]), AmountPKR: amount,
		PaidOn: audit.Date(form["paid_on"])})
	if errs, ok := formErrors(err); ok {
		if perr != nil {
			errs["amount_pkr"] = "must be a whole number of rupees"
		}
		return h.ledgerFormAgain(c, caseID, form, errs)
	}
	if err != nil {
		return h.fail(c, err)
	}
	if fh, ferr := c.FormFile("file"); ferr == nil && fh.Size > 0 {
		if err := h.attachProof(c, p.ID, fh); err != nil {
			if errs, ok := formErrors(err); ok {
				// The payment stands; the file is asked for again on its row.
				return h.ledgerFormAgain(c, caseID, map[string]string{"from": form["from"], "payment": p.ID},
					map[string]string{"file": errs["file"] + errs["_"]})
			}
			return h.fail(c, err)
		}
	}
	return backFromLedger(c, form, caseID)
}

// attachProof hands an uploaded file to the Ledger service.
func (h *Handler) attachProof(c *fiber.Ctx, paymentID string, fh *multipart.FileHeader) error {
	f, err := fh.Open()
	if err != nil {
		return domain.Invalid("file", "could not be read: choose it again")
	}
	defer f.Close()
	_, err = h.Ledger.UploadProof(c.UserContext(), paymentID, fh.Header.Get(fiber.HeaderContentType), false, f)
	return err
}

// uploadProof is the supplier's proof for a payment recorded earlier (or
// disputed: a new proof answers the dispute).
func (h *Handler) uploadProof(c *fiber.Ctx) error {
	form := formValues(c, "from")
	form["payment"] = c.Params("id")
	p, err := h.Ledger.Payment(c.UserContext(), c.Params("id"))
	if err != nil {
		return h.fail(c, err)
	}
	fh, err := c.FormFile("file")
	if err != nil || fh.Size == 0 {
		return h.ledgerFormAgain(c, p.CaseID, form, map[string]string{"file": "choose the receipt or bank slip (PDF or a photo)"})
	}
	if err := h.attachProof(c, p.ID, fh); err != nil {
		if errs, ok := formErrors(err); ok {
			return h.ledgerFormAgain(c, p.CaseID, form, map[string]string{"file": strings.Trim(errs["file"]+"; "+errs["_"], "; ")})
		}
		return h.fail(c, err)
	}
	return backFromLedger(c, form, p.CaseID)
}

// downloadProof serves a payment's proof to those who read the payment,
// the same call as GET /api/v1/stipend-payments/{id}/proof (the read is
// logged by the service).
func (h *Handler) downloadProof(c *fiber.Ctx) error {
	r, e, err := h.Ledger.Proof(c.UserContext(), c.Params("id"))
	if err != nil {
		return h.fail(c, err)
	}
	c.Set(fiber.HeaderContentType, e.ContentType)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="stipend-proof`+proofExt(e.ContentType)+`"`)
	c.Set("X-Content-Type-Options", "nosniff")
	return c.SendStream(r, int(e.Size)) // the stream is closed once sent
}

func proofExt(ct string) string {
	switch ct {
	case "application/pdf":
		return ".pdf"
	case "image/jpeg":
		return ".jpg"
	case "image/png":
		return ".png"
	case "image/webp":
		return ".webp"
	case "image/heic":
		return ".heic"
	}
	return ""
}

// decidePayment is the case worker's confirm or dispute, the same call as
// POST /api/v1/stipend-payments/{id}/confirm|dispute. The form carries the
// payment's version, which the service checks: a payment changed since the
// page was read (a new proof, another decision) is the 409 page, not a
// blind decision.
func (h *Handler) decidePayment(c *fiber.Ctx) error {
	verb := c.Params("verb")
	if verb != "confirm" && verb != "dispute" {
		return h.problem(c, fiber.StatusNotFound, "")
	}
	ctx := c.UserContext()
	form := formValues(c, "from", "version", "reason")
	form["payment"] = c.Params("id")
	p, err := h.Ledger.Payment(ctx, c.Params("id"))
	if err != nil {
		return h.fail(c, err)
	}
	// A missing or garbled version is stale, never "not checked".
	v := version(form)
	if v < 1 {
		v = -1
	}
	_, err = h.Ledger.DecidePayment(ctx, p.ID, v, verb == "confirm", form["reason"])
	if errs, ok := formErrors(err); ok {
		if form["from"] == "list" {
			return h.paymentListAgain(c, form, errs)
		}
		return h.ledgerFormAgain(c, p.CaseID, form, errs)
	}
	if err != nil {
		return h.fail(c, err)
	}
	if form["from"] == "list" {
		return redirect(c, "/stipends?"+listQuery(c).Encode())
	}
	return redirect(c, "/stipends/"+url.PathEscape(p.CaseID))
}

// paymentListView is one page of payments: a supplier's, or the hub's late
// and missed ones for its staff, with the filters of GET
// /api/v1/stipend-payments.
type paymentListView struct {
	Rows      template.HTML // the table's rows (paymentRows)
	Next      string
	Query     url.Values
	Staff     bool
	CanDecide bool
}

// paymentRows writes the page's payments (items) in the reader's language,
// with the confirm and dispute forms on each payment waiting for a
// decision when the reader decides (d.CanDecide); a rejected dispute's
// reason and message (form, errs) come back on its payment's row.
func paymentRows(l *printer, items []*casework.Payment, d *paymentListView, csrf string, form, errs map[string]string) template.HTML {
	var r tableRows
	// About 1.5 KB a row with its forms, a third of it without.
	perRow := 500
	if d.CanDecide {
		perRow = 1500
	}
	r.grow(len(items) * perRow)
	// The forms come back to the list with its filters.
	query := ""
	if len(d.Query) > 0 {
		query = "?" + d.Query.Encode()
	}
	for _, p := range items {
		r.rowID("payment-" + p.ID)
		r.link("/stipends/"+url.PathEscape(p.CaseID), ` dir="ltr"`, p.CaseCode, false)
		r.cell(` dir="ltr"`, string(p.Period))
		r.cell(` dir="ltr"`, string(p.Deadline))
		r.start("")
		r.tag(`<span class="state" data-state="`)
		r.esc(string(p.State))
		r.tag(`">`)
		if p.State == casework.PaymentRecorded {
			r.esc(l.E("sl.state", "paid"))
		} else {
			r.esc(l.E("sl.state", p.State))
		}
		r.tag("</span>")
		if p.Late {
			r.tag(" ")
			r.span(` class="flag"`, l.T("sl.late"))
		}
		if p.Missed && p.PaidOn != "" {
			r.tag(" ")
			r.span(` class="flag"`, l.T("sl.was_missed"))
		}
		if p.DisputeReason != "" {
			r.tag(`<br><span class="field-error">`)
			r.esc(l.T("sl.disputed_because"))
			r.tag(": <bdi>")
			r.esc(p.DisputeReason)
			r.tag("</bdi></span>")
		}
		r.end()
		amount := "—"
		if p.AmountPKR != 0 {
			amount = "PKR " + l.Rupees(p.AmountPKR)
		}
		r.cell(` dir="ltr"`, amount)
		r.cell(` dir="ltr"`, cmp.Or(string(p.PaidOn), "—"))
		r.start("")
		id := url.PathEscape(p.ID)
		if p.Proof != nil {
			r.a("/stipend-payments/"+id+"/proof", ` class="proof"`, l.T("sl.open_proof"))
		} else {
			r.esc("—")
		}
		r.tag("\n")
		if d.CanDecide && p.State == casework.PaymentRecorded {
			decideForm(&r, "/stipend-payments/"+id+"/confirm"+query, csrf, p.Version)
			r.tag(`<button type="submit" class="confirm">`)
			r.esc(l.T("sl.confirm"))
			r.tag("</button></form>\n")
			decideForm(&r, "/stipend-payments/"+id+"/dispute"+query, csrf, p.Version)
			r.tag(`<label for="reason-`)
			r.esc(p.ID)
			r.tag(`">`)
			r.esc(l.T("sl.dispute_reason"))
			r.tag(`</label><textarea id="reason-`)
			r.esc(p.ID)
			r.tag(`" name="reason" maxlength="2000" rows="2" dir="auto">`)
			again := form["payment"] == p.ID
			if again {
				r.esc(form["reason"])
			}
			r.tag("</textarea>")
			if msg := errs["reason"]; again && msg != "" {
				r.tag(`<p class="field-error" role="alert">`)
				r.esc(msg)
				r.tag("</p>")
			}
			r.tag("\n" + `<button type="submit" class="secondary dispute">`)
			r.esc(l.T("sl.dispute"))
			r.tag("</button></form>")
		}
		r.end()
	}
	return r.html()
}

// decideForm opens a decision's form on the list: its hidden fields, the
// payment's version among them, and a line for what follows.
func decideForm(r *tableRows, action, csrf string, version int64) {
	r.tag(`<form method="post" action="`)
	r.esc(action)
	r.tag(`" class="stack decide-form"><input type="hidden" name="csrf" value="`)
	r.esc(csrf)
	r.tag(`"><input type="hidden" name="from" value="list"><input type="hidden" name="version" value="`)
	r.esc(strconv.FormatInt(version, 10))
	r.tag("\">\n")
}

// listQuery is the list's filters from the query: flagged ("1") and
// supplier_id; with neither, staff see the hub's flagged payments, the
// only hub-wide list the indexes serve.
func listQuery(c *fiber.Ctx) url.Values {
	q := url.Values{}
	for _, k := range []string{"supplier_id", "flagged", "hub_id"} {
		if v := c.Query(k); v != "" {
			q.Set(k, v)
		}
	}
	if !q.Has("flagged") && !q.Has("supplier_id") && principal(c).Actor.Staff() {
		q.Set("flagged", "1")
	}
	return q
}

// paymentData reads the page's payments; the view holds the list's filters.
func (h *Handler) paymentData(c *fiber.Ctx) (*paymentListView, []*casework.Payment, error) {
	q := listQuery(c)
	pr := principal(c)
	data := &paymentListView{Query: q, Staff: pr.Actor.Staff(), CanDecide: h.Enforcer.Allowed(pr.Actor.Role, policies.PermStipendsConfirm)}
	f := cases.PaymentFilter{SupplierID: q.Get("supplier_id"), Flagged: q.Get("flagged") == "1", Cursor: c.Query("cursor"), Limit: pageSize}
	if data.Staff && f.SupplierID == "" {
		hub, err := h.hubParam(c)
		if err != nil {
			return data, nil, err
		}
		f.HubID = hub
	}
	items, next, err := h.Ledger.Payments(c.UserContext(), f)
	data.Next = next
	return data, items, err
}

func (h *Handler) paymentList(c *fiber.Ctx) error {
	return h.paymentListAgain(c, nil, nil)
}

// paymentListAgain renders the list, with a rejected decision's reason and
// message when errs is set (422).
func (h *Handler) paymentListAgain(c *fiber.Ctx, form, errs map[string]string) error {
	data, items, err := h.paymentData(c)
	if ferrs, ok := formErrors(err); ok {
		return h.invalid(c, "stipends", data, nil, ferrs)
	}
	if err != nil {
		return h.fail(c, err)
	}
	data.Rows = paymentRows(h.lang(c), items, data, h.csrfToken(c), form, errs)
	if errs != nil {
		return h.invalid(c, "stipends", data, form, errs)
	}
	return h.render(c, fiber.StatusOK, "stipends", data)
}

// Rupees writes an amount of rupees with thousands grouped, as N does.
func (p *printer) Rupees(n int64) string { return p.N(int(n)) }
