package web

import (
	"cmp"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/actionhub/actionhub/app/cases"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/policies"
	"github.com/gofiber/fiber/v2"
)

func (h *Handler) mountCases(g pages) {
	h.mountCaseForms(g)
	g.Get("/cases", h.signedIn(policies.PermCasesList), h.caseList)
	g.Get("/cases/:id", h.signedIn(policies.PermCasesRead), h.casePage)
	g.Post("/cases/:id/follow-ups", h.signedIn(policies.PermFollowUpsRecord), h.recordVisit)
	g.Post("/cases/:id/approvals/:subject/request", h.signedIn(policies.PermCasesRequestApproval), h.requestApproval)
	g.Post("/cases/:id/approvals/:subject/:verb", h.signedIn(policies.PermCasesApprove), h.decideApproval)
	g.Get("/obligations", h.signedIn(policies.PermObligationsList), h.obligationList)
	// One segment reads a case's page; the report posts to two.
	g.Get("/obligations/:case", h.signedIn(policies.PermObligationsList), h.obligationPage)
	g.Post("/obligations/:case/:action", h.signedIn(policies.PermObligationsReport), h.reportObligation)
}

// caseListView is one page of cases in the reader's view: staff rows
// (summaries, without identity), or a brand's anonymised rows; Query keeps
// the filters for the next page's link.
type caseListView struct {
	Staff  bool
	Rows   template.HTML // the table's rows (caseRows)
	Next   string
	Query  url.Values
	Stages []casework.Stage
}

// caseRows writes the list's rows in the reader's language: staff read
// each case's summary; a brand its anonymised view, and a supplier each
// case's code with a link to its obligations.
func caseRows(l *printer, staff bool, items []*cases.ListItem) template.HTML {
	var r tableRows
	for _, it := range items {
		switch {
		case staff:
			s := it.Summary
			if s == nil {
				continue
			}
			r.row()
			r.link("/cases/"+url.PathEscape(s.ID), ` dir="ltr"`, s.Code, false)
			r.text(l.E("cstage", s.Stage))
			r.text(l.E("cstatus", s.Status))
			r.text(l.E("class", s.Class))
			r.cell(` dir="ltr"`, cmp.Or(string(s.NextFollowUpDue), "—"))
		case it.Brand != nil:
			b := it.Brand
			r.row()
			r.cell(` dir="ltr"`, b.Code)
			r.text(l.E("band", b.AgeBand))
			r.text(l.E("sex", b.Sex))
			r.text(l.E("class", b.Classification))
			r.text(l.E("cstage", b.Stage))
			support := make([]string, len(b.SupportReceived))
			for i, k := range b.SupportReceived {
				support[i] = l.E("ckind", k)
			}
			r.text(cmp.Or(strings.Join(support, ", "), "—"))
			if b.StipendPaidOnTime {
				r.text(l.T("c.yes"))
			} else {
				r.text(l.T("c.no"))
			}
		case it.Supplier != nil:
			r.row()
			r.start(` dir="ltr"`)
			r.a("/obligations/"+url.PathEscape(it.ID), "", it.Supplier.Code)
			r.end()
			r.cell(` colspan="6"`, l.T("c.obligations_n", len(it.Supplier.Obligations)))
		}
	}
	return r.html()
}

func (h *Handler) caseList(c *fiber.Ctx) error {
	q := url.Values{}
	for _, k := range []string{"stage", "supplier_id", "assigned_to", "follow_up_due_before", "hub_id"} {
		if v := c.Query(k); v != "" {
			q.Set(k, v)
		}
	}
	data := &caseListView{Staff: domain.ActorFrom(c.UserContext()).Staff(), Query: q, Stages: casework.Stages}
	f := cases.Filter{Stage: casework.Stage(q.Get("stage")), SupplierID: q.Get("supplier_id"), Cursor: c.Query("cursor"), Limit: pageSize}
	if data.Staff {
		hub, err := h.hubParam(c)
		if err != nil {
			return h.fail(c, err)
		}
		f.HubID, f.AssignedTo, f.FollowUpDueBefore = hub, q.Get("assigned_to"), q.Get("follow_up_due_before")
	}
	items, next, err := h.Cases.List(c.UserContext(), f)
	if errs, ok := formErrors(err); ok {
		return h.invalid(c, "cases", data, nil, errs)
	}
	if err != nil {
		return h.fail(c, err)
	}
	data.Rows, data.Next = caseRows(h.lang(c), data.Staff, items), next
	return h.render(c, fiber.StatusOK, "cases", data)
}

// approvalRow is one subject's approval, for the case page's table and
// the supervisor's forms.
type approvalRow struct {
	Subject casework.Subject
	casework.Approval
}

// caseView is the case page: the service's view for the reader (identity
// only for those the policy grants it, each read logged by the service).
type caseView struct {
	ID         string // the supplier's view has no ID of its own: its obligations page needs it
	V          *cases.View
	Full       bool // the identity may be shown (the service logged the read)
	Approvals  []approvalRow
	Wellbeings []casework.Wellbeing
	Open       bool
	Referrals  *caseReferrals // staff who list the case's referrals; nil for others
	Workers    []*domain.User // whom the assign form offers
	L          *printer       // the forms' partials print with it
	// Each edit form's values and messages, by form (caseforms.go).
	vals, errs map[string]map[string]string
}

func (h *Handler) caseView(c *fiber.Ctx) (*caseView, error) {
	v, err := h.Cases.Case(c.UserContext(), c.Params("id"))
	if err != nil {
		return nil, err
	}
	out := &caseView{ID: c.Params("id"), V: v, Wellbeings: casework.Wellbeings, Full: v.Audience == casework.AudienceFull, L: h.lang(c)}
	out.fillForms()
	if cs := v.Case; cs != nil {
		out.Open = cs.Status == casework.StatusOpen
		if out.Open && h.Enforcer.Allowed(principal(c).Actor.Role, policies.PermCasesAssign) {
			out.Workers = h.caseWorkers(c, cs.HubID)
		}
		out.Approvals = []approvalRow{{casework.SubjectAssessment, cs.Approvals.Assessment}, {casework.SubjectPlan, cs.Approvals.Plan},
			{casework.SubjectClosure, cs.Approvals.Closure}}
	}
	if out.Referrals, err = h.referralsOfCase(c, v); err != nil {
		return nil, err
	}
	return out, nil
}

func (h *Handler) casePage(c *fiber.Ctx) error {
	v, err := h.caseView(c)
	if err != nil {
		return h.fail(c, err)
	}
	return h.render(c, fiber.StatusOK, "case", v)
}

// caseFormInvalid shows the case page again with a rejected form's values
// and messages (422).
func (h *Handler) caseFormInvalid(c *fiber.Ctx, form, errs map[string]string) error {
	v, err := h.caseView(c)
	if err != nil {
		return h.fail(c, err)
	}
	return h.invalid(c, "case", v, form, errs)
}

func (h *Handler) backToCase(c *fiber.Ctx) error {
	return redirect(c, "/cases/"+url.PathEscape(c.Params("id")))
}

// recordVisit is the case worker's follow-up form, the same service call
// as POST /api/v1/cases/{id}/follow-ups.
func (h *Handler) recordVisit(c *fiber.Ctx) error {
	form := formValues(c, "visited_on", "contacted", "in_school", "attendance", "back_in_work", "work_where", "work_what",
		"work_permitted", "stipend_received", "wellbeing", "notes")
	v := casework.Visit{Contacted: form["contacted"] == "on", InSchool: form["in_school"] == "on", BackInWork: form["back_in_work"] == "on",
		WorkWhere: form["work_where"], WorkWhat: form["work_what"], WorkPermitted: form["work_permitted"] == "on",
		StipendReceived: form["stipend_received"] == "on", Wellbeing: casework.Wellbeing(form["wellbeing"]), Notes: form["notes"],
		VisitedOn: audit.Date(form["visited_on"])}
	if s := form["attendance"]; s != "" {
		// The form asks a percentage; the service keeps a share.
		pct, err := strconv.ParseFloat(s, 64)
		if err != nil || pct < 0 || pct > 100 {
			return h.caseFormInvalid(c, form, map[string]string{"attendance": "must be a number from 0 to 100"})
		}
		share := pct / 100
		v.Attendance = &share
	}
	_, _, err := h.Cases.RecordVisit(c.UserContext(), c.Params("id"), v)
	if errs, ok := formErrors(err); ok {
		return h.caseFormInvalid(c, form, errs)
	}
	if err != nil {
		return h.fail(c, err)
	}
	return h.backToCase(c)
}

// version reads the hidden version field: a missing or garbled one is the
// stale copy's 409, the same as an old one.
func version(form map[string]string) int64 {
	n, err := strconv.ParseInt(form["version"], 10, 64)
	if err != nil {
		return -1
	}
	return n
}

func (h *Handler) requestApproval(c *fiber.Ctx) error {
	form := formValues(c, "version", "comment")
	_, err := h.Cases.RequestApproval(c.UserContext(), c.Params("id"), version(form), casework.Subject(c.Params("subject")), form["comment"])
	if errs, ok := formErrors(err); ok {
		return h.caseFormInvalid(c, form, errs)
	}
	if err != nil {
		return h.fail(c, err)
	}
	return h.backToCase(c)
}

// decideApproval is the hub admin's approve or reject of a pending request.
func (h *Handler) decideApproval(c *fiber.Ctx) error {
	verb := c.Params("verb")
	if verb != "approve" && verb != "reject" {
		return h.problem(c, fiber.StatusNotFound, "")
	}
	form := formValues(c, "version", "comment")
	_, err := h.Cases.Decide(c.UserContext(), c.Params("id"), version(form), casework.Subject(c.Params("subject")), verb == "approve", form["comment"])
	if errs, ok := formErrors(err); ok {
		return h.caseFormInvalid(c, form, errs)
	}
	if err != nil {
		return h.fail(c, err)
	}
	return h.backToCase(c)
}

// obligationsView is one page of a facility's cases with obligations, a
// row each: codes and plan actions, never the child. The forms and the
// stipend ledgers are on each case's page, so the list reads no payments.
type obligationsView struct {
	Rows       template.HTML // the table's rows (obligationRows)
	Next       string
	SupplierID string
}

// obligationRow is a case's line on the list: its obligations in short,
// the earliest due date among those still to do, and whether the case
// worker sent any back.
type obligationRow struct {
	CaseID, CaseCode string
	Short            []obligationShort
	NextDue          time.Time // zero when none is left to do or none has a date
	SentBack         bool
}

// obligationShort is an obligation in a few words: its kind and where it
// stands, each an enum named in the reader's language (E StateEnum State).
type obligationShort struct {
	Kind             casework.ActionKind
	StateEnum, State string
}

// newObligationRow sums a case up for the list: each obligation's own
// report while it is open, else where the action stands.
func newObligationRow(co *cases.CaseObligations) obligationRow {
	row := obligationRow{CaseID: co.CaseID, CaseCode: co.CaseCode, Short: make([]obligationShort, len(co.Obligations))}
	for i, o := range co.Obligations {
		row.Short[i] = obligationShort{Kind: o.Kind, StateEnum: "cact", State: string(o.Status)}
		if o.Progress != nil && !o.Ended() {
			row.Short[i].StateEnum, row.Short[i].State = "oblig", string(o.Progress.Status)
		}
		row.SentBack = row.SentBack || o.SentBack()
		if o.ToDo() && !o.Due.IsZero() && (row.NextDue.IsZero() || o.Due.Before(row.NextDue)) {
			row.NextDue = o.Due
		}
	}
	return row
}

// obligationRows writes the list's rows in the reader's language; staff's
// facility (supplierID) stays on each case's link.
func obligationRows(l *printer, supplierID string, xs []obligationRow) template.HTML {
	var r tableRows
	query := ""
	if supplierID != "" {
		query = "?supplier_id=" + url.QueryEscape(supplierID)
	}
	var short []string
	for _, o := range xs {
		r.row()
		r.link("/obligations/"+url.PathEscape(o.CaseID)+query, ` dir="ltr"`, o.CaseCode, false)
		short = short[:0]
		for _, s := range o.Short {
			short = append(short, l.E("ckind", s.Kind)+": "+l.E(s.StateEnum, s.State))
		}
		r.lines(short)
		r.text(l.D(o.NextDue))
		if o.SentBack {
			r.start("")
			r.span(` class="flag"`, l.T("c.yes"))
			r.end()
		} else {
			r.text("—")
		}
	}
	return r.html()
}

// obligationsPageSize is the list's: a row a case, without forms or
// ledgers, so a page holds 25 cases (five while each case carried its
// ledger and forms: 200 pages at a facility with 1,000 cases).
const obligationsPageSize = 25

func (h *Handler) obligations(c *fiber.Ctx) (*obligationsView, error) {
	data := &obligationsView{SupplierID: c.Query("supplier_id")}
	items, next, err := h.Ledger.Obligations(c.UserContext(), cases.ObligationFilter{SupplierID: data.SupplierID,
		Cursor: c.Query("cursor"), Limit: obligationsPageSize})
	if err != nil {
		return data, err
	}
	rows := make([]obligationRow, len(items))
	for i, co := range items {
		rows[i] = newObligationRow(co)
	}
	data.Rows, data.Next = obligationRows(h.lang(c), data.SupplierID, rows), next
	return data, nil
}

// hasStipend reports whether a case's obligations include a stipend.
func hasStipend(co *cases.CaseObligations) bool {
	for _, o := range co.Obligations {
		if o.Kind == casework.KindStipend {
			return true
		}
	}
	return false
}

func (h *Handler) obligationList(c *fiber.Ctx) error {
	if c.Query("supplier_id") == "" && principal(c).Org.Kind != domain.KindSupplier {
		// Staff and the platform first name the facility, on the page's form.
		return h.render(c, fiber.StatusOK, "obligations", &obligationsView{})
	}
	data, err := h.obligations(c)
	if errs, ok := formErrors(err); ok {
		return h.invalid(c, "obligations", data, nil, errs)
	}
	if err != nil {
		return h.fail(c, err)
	}
	return h.render(c, fiber.StatusOK, "obligations", data)
}

// obligationCaseView is one case's page of obligations: the table with a
// report form each and the compact stipend ledger with its record form.
// Case code only, never the child.
type obligationCaseView struct {
	Case       *cases.CaseObligations
	SupplierID string // staff's facility, kept on the links and forms
	Statuses   []casework.ObligationStatus
	Ledger     *stipendLedger // nil without terms, or for a reader without the ledger's permission
}

// obligationCase reads a case's obligations and its stipend's latest
// months; the service answers not found for a case out of scope.
func (h *Handler) obligationCase(c *fiber.Ctx, caseID string) (*obligationCaseView, error) {
	co, err := h.Ledger.CaseObligations(c.UserContext(), caseID)
	if err != nil {
		return nil, err
	}
	data := &obligationCaseView{Case: co, SupplierID: c.Query("supplier_id"), Statuses: casework.ObligationStatuses}
	if !hasStipend(co) {
		return data, nil
	}
	ls, err := h.ledgers(c, []string{co.CaseID}, ledgerMonthsShort)
	if refused(err) {
		return data, nil // a reader of obligations without the ledger's permission
	}
	if err != nil {
		return nil, err
	}
	if data.Ledger = ls[co.CaseID]; data.Ledger != nil {
		data.Ledger.From = "obligations"
	}
	return data, nil
}

func (h *Handler) obligationPage(c *fiber.Ctx) error {
	data, err := h.obligationCase(c, c.Params("case"))
	if err != nil {
		return h.fail(c, err)
	}
	return h.render(c, fiber.StatusOK, "obligation", data)
}

// obligationsBack is a case's obligations page, keeping staff's facility.
func obligationsBack(c *fiber.Ctx, caseID string) string {
	back := "/obligations/" + url.PathEscape(caseID)
	if sid := c.Query("supplier_id"); sid != "" {
		back += "?supplier_id=" + url.QueryEscape(sid)
	}
	return back
}

// reportObligation is the supplier's progress report on one obligation.
func (h *Handler) reportObligation(c *fiber.Ctx) error {
	caseID := c.Params("case")
	form := formValues(c, "status", "note")
	_, err := h.Ledger.ReportObligation(c.UserContext(), caseID, c.Params("action"), casework.ObligationStatus(form["status"]), form["note"])
	if errs, ok := formErrors(err); ok {
		data, lerr := h.obligationCase(c, caseID)
		if lerr != nil {
			return h.fail(c, lerr)
		}
		form["action"] = c.Params("action")
		return h.invalid(c, "obligation", data, form, errs)
	}
	if err != nil {
		return h.fail(c, err)
	}
	return redirect(c, obligationsBack(c, caseID))
}
