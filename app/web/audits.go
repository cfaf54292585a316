package web

import (
	"html/template"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/actionhub/actionhub/app/audits"
	"github.com/actionhub/actionhub/app/identity"
	"github.com/actionhub/actionhub/app/registry"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/actionhub/actionhub/policies"
	"github.com/gofiber/fiber/v2"
)

func (h *Handler) mountAudits(g pages) {
	g.Get("/audits", h.signedIn(policies.PermAuditsList), h.auditList)
	g.Get("/audits/new", h.signedIn(policies.PermAuditsSchedule), h.scheduleForm)
	g.Post("/audits", h.signedIn(policies.PermAuditsSchedule), h.schedule)
	g.Get("/audits/:id", h.signedIn(policies.PermAuditsRead), h.auditPage)
	g.Get("/audits/:id/findings/new", h.signedIn(policies.PermFindingsRecord), h.findingForm)
	g.Post("/audits/:id/findings", h.signedIn(policies.PermFindingsRecord), h.recordFinding)
	g.Get("/actions", h.signedIn(policies.PermActionsList), h.actionList)
	h.mountMoves(g)
}

type auditList struct {
	Rows   template.HTML // the table's rows (auditRows)
	Next   string
	State  string
	States []audit.State
}

// auditRows writes the list's rows in the reader's language.
func auditRows(l *printer, xs []*audit.Audit) template.HTML {
	var r tableRows
	for _, a := range xs {
		r.row()
		r.link("/audits/"+url.PathEscape(a.ID), "", l.E("atype", a.Type), false)
		r.cell(` dir="ltr"`, string(a.Window.From)+" – "+string(a.Window.To))
		r.text(l.E("astate", a.State))
		r.text(l.E("amode", a.Mode))
	}
	return r.html()
}

func (h *Handler) auditList(c *fiber.Ctx) error {
	data := &auditList{State: c.Query("state"), States: audit.States}
	hub, err := h.hubParam(c)
	if err != nil {
		return h.fail(c, err)
	}
	items, next, err := h.Audits.ListAuditBriefs(c.UserContext(), audits.AuditFilter{HubID: hub, State: audit.State(data.State),
		Cursor: c.Query("cursor"), Limit: pageSize})
	if errs, ok := formErrors(err); ok {
		return h.invalid(c, "audits", data, nil, errs)
	}
	if err != nil {
		return h.fail(c, err)
	}
	data.Rows, data.Next = auditRows(h.lang(c), items), next
	return h.render(c, fiber.StatusOK, "audits", data)
}

type auditView struct {
	A        *audit.Audit
	Findings []*audit.Finding
	Actions  []*audit.Action
}

func (h *Handler) auditPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	a, err := h.Audits.Audit(ctx, c.Params("id"))
	if err != nil {
		return h.fail(c, err)
	}
	v := &auditView{A: a}
	role := principal(c).Actor.Role
	if h.Enforcer.Allowed(role, policies.PermFindingsRead) {
		if v.Findings, _, err = h.Audits.AuditFindings(ctx, a.ID, "", 200); err != nil && !refused(err) {
			return h.fail(c, err)
		}
	}
	if h.Enforcer.Allowed(role, policies.PermActionsList) {
		if v.Actions, _, err = h.Audits.ListActions(ctx, audits.ActionFilter{HubID: a.HubID, SupplierID: a.SupplierID, Limit: 100}); err != nil && !refused(err) {
			return h.fail(c, err)
		}
	}
	return h.render(c, fiber.StatusOK, "audit", v)
}

type findingForm struct {
	A          *audit.Audit
	Categories []audit.Category
	Severities []audit.Severity
}

func (h *Handler) findingForm(c *fiber.Ctx) error {
	a, err := h.Audits.Audit(c.UserContext(), c.Params("id"))
	if err != nil {
		return h.fail(c, err)
	}
	return h.renderPage(c, fiber.StatusOK, "finding", &page{Data: &findingForm{A: a, Categories: audit.Categories, Severities: audit.Severities},
		Form: map[string]string{}})
}

// recordFinding is the auditor's form on site; it works on a phone.
func (h *Handler) recordFinding(c *fiber.Ctx) error {
	ctx := c.UserContext()
	a, err := h.Audits.Audit(ctx, c.Params("id"))
	if err != nil {
		return h.fail(c, err)
	}
	form := formValues(c, "category", "severity", "description", "location", "root_cause", "legal_provision", "collaborative")
	d := audit.Details{Category: audit.Category(form["category"]), Severity: audit.Severity(form["severity"]),
		Description: form["description"], Location: form["location"], RootCause: form["root_cause"],
		LegalProvision: form["legal_provision"], Collaborative: form["collaborative"] == "on"}
	_, err = h.Audits.RecordFinding(ctx, a.ID, d)
	if fe, ok := formErrors(err); ok {
		errs := map[string]string{}
		for k, v := range fe {
			errs[strings.ReplaceAll(k, ".", "_")] = v
		}
		return h.invalid(c, "finding", &findingForm{A: a, Categories: audit.Categories, Severities: audit.Severities}, form, errs)
	}
	if err != nil {
		return h.fail(c, err)
	}
	return redirect(c, "/audits/"+url.PathEscape(a.ID))
}

type actionList struct {
	Rows    template.HTML // the table's rows (actionRows)
	Next    string
	Overdue bool
}

// actionRows writes the list's rows in the reader's language.
func actionRows(l *printer, xs []*audit.Action) template.HTML {
	var r tableRows
	for _, a := range xs {
		r.row()
		r.link("/actions/"+url.PathEscape(a.ID), "", a.What, true)
		r.text(l.E("acstate", a.State))
		r.text(l.D(a.Due))
		r.name(a.Owner)
	}
	return r.html()
}

func (h *Handler) actionList(c *fiber.Ctx) error {
	data := &actionList{Overdue: c.Query("overdue") == "1"}
	f := audits.ActionFilter{Cursor: c.Query("cursor"), Limit: pageSize, Overdue: data.Overdue}
	if sid := c.Query("supplier_id"); sid != "" {
		f.SupplierID = sid
	} else if k := principal(c).Org.Kind; k == "operator" || k == "platform" {
		hub, err := h.hubParam(c)
		if err != nil {
			return h.fail(c, err)
		}
		f.HubID = cmpOr(hub, hubOf(c))
	}
	items, next, err := h.Audits.ListActions(c.UserContext(), f)
	if errs, ok := formErrors(err); ok {
		return h.invalid(c, "actions", data, nil, errs)
	}
	if err != nil {
		return h.fail(c, err)
	}
	data.Rows, data.Next = actionRows(h.lang(c), items), next
	return h.render(c, fiber.StatusOK, "actions", data)
}

// scheduleForm is what the scheduling form offers: the supplier when it
// was opened from the supplier's page (with the brands linked to it), else
// the hub's active suppliers to choose from, the first 100 by name or those
// whose name starts with Query; and the hub's auditors.
type scheduleForm struct {
	Supplier  *supplier.Supplier
	Suppliers []*supplier.Supplier
	Query     string
	More      bool // more suppliers than the form offers: search by name
	Brands    []registry.BrandLink
	Auditors  []*domain.User
	Types     []audit.Type
	Modes     []audit.Mode
	Today     string
}

func (h *Handler) newScheduleForm(c *fiber.Ctx, supplierID string) (*scheduleForm, error) {
	ctx := c.UserContext()
	hub, err := h.hubParam(c)
	if err != nil {
		return nil, err
	}
	hub = cmpOr(hub, hubOf(c))
	f := &scheduleForm{Types: audit.Types, Modes: audit.Modes, Today: time.Now().In(hubZone).Format(time.DateOnly)}
	if supplierID != "" {
		if f.Supplier, err = h.Registry.Supplier(ctx, supplierID); err != nil {
			return nil, err
		}
		hub = f.Supplier.HubID
		if f.Brands, err = h.Registry.Brands(ctx, supplierID); err != nil {
			return nil, err
		}
	} else {
		var next string
		f.Query = strings.TrimSpace(c.Query("q"))
		f.Suppliers, next, err = h.Registry.ListSupplierBriefs(ctx, registry.SupplierFilter{HubID: hub, Status: supplier.StatusActive,
			Query: f.Query, Limit: 100})
		if err != nil {
			return nil, err
		}
		f.More = next != ""
	}
	f.Auditors, _, err = h.Identity.ListUsers(ctx, identity.UserFilter{HubID: hub, Role: domain.RoleAuditor, Limit: 100})
	return f, err
}

func (h *Handler) scheduleForm(c *fiber.Ctx) error {
	f, err := h.newScheduleForm(c, c.Query("supplier_id"))
	if err != nil {
		return h.fail(c, err)
	}
	form := map[string]string{"window_from": f.Today, "window_to": f.Today}
	for _, b := range f.Brands {
		form["brand:"+b.BrandOrgID] = "on" // an audit serves every linked brand unless the staff say otherwise
	}
	return h.renderPage(c, fiber.StatusOK, "audit_new", &page{Data: f, Form: form})
}

// schedule schedules an audit as the API's schedule-audit does; the lead
// auditor is always on the team. Bad dates, a supplier that is not active
// and auditors of another hub come back as the form's field messages; a
// double booking is the 409 page, which names the clash.
func (h *Handler) schedule(c *fiber.Ctx) error {
	form := formValues(c, "supplier_id", "fixed_supplier", "type", "mode", "window_from", "window_to", "lead_auditor_id")
	team := []string{}
	if form["lead_auditor_id"] != "" {
		team = append(team, form["lead_auditor_id"])
	}
	for _, id := range multiValues(c, "team_ids") {
		form["team:"+id] = "on"
		if !slices.Contains(team, id) {
			team = append(team, id)
		}
	}
	brands := multiValues(c, "brand_org_ids")
	for _, id := range brands {
		form["brand:"+id] = "on"
	}
	hub, err := h.hubParam(c)
	if err != nil {
		return h.fail(c, err)
	}
	a, err := h.Audits.Schedule(c.UserContext(), audits.ScheduleInput{HubID: hub, Plan: audit.Plan{
		SupplierID: form["supplier_id"], Type: audit.Type(form["type"]), Mode: audit.Mode(form["mode"]),
		Window:        audit.Window{From: audit.Date(form["window_from"]), To: audit.Date(form["window_to"])},
		LeadAuditorID: form["lead_auditor_id"], TeamIDs: team, BrandOrgIDs: brands}})
	if fe, ok := formErrors(err); ok {
		fixed := ""
		if form["fixed_supplier"] == "1" {
			fixed = form["supplier_id"]
		}
		f, ferr := h.newScheduleForm(c, fixed)
		if ferr != nil {
			return h.fail(c, ferr)
		}
		errs := map[string]string{}
		for k, v := range fe {
			errs[strings.ReplaceAll(k, ".", "_")] = v
		}
		return h.invalid(c, "audit_new", f, form, errs)
	}
	if err != nil {
		return h.fail(c, err)
	}
	return redirect(c, "/audits/"+url.PathEscape(a.ID))
}
