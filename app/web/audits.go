package web

import (
	"net/url"
	"strings"

	"github.com/actionhub/actionhub/app/audits"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/policies"
	"github.com/gofiber/fiber/v2"
)

func (h *Handler) mountAudits(g pages) {
	g.Get("/audits", h.signedIn(policies.PermAuditsList), h.auditList)
	g.Get("/audits/:id", h.signedIn(policies.PermAuditsRead), h.auditPage)
	g.Get("/audits/:id/findings/new", h.signedIn(policies.PermFindingsRecord), h.findingForm)
	g.Post("/audits/:id/findings", h.signedIn(policies.PermFindingsRecord), h.recordFinding)
	g.Get("/actions", h.signedIn(policies.PermActionsList), h.actionList)
	h.mountMoves(g)
}

type auditList struct {
	Items  []*audit.Audit
	Next   string
	State  string
	States []audit.State
}

func (h *Handler) auditList(c *fiber.Ctx) error {
	data := &auditList{State: c.Query("state"), States: audit.States}
	hub, err := h.hubParam(c)
	if err != nil {
		return h.fail(c, err)
	}
	items, next, err := h.Audits.ListAudits(c.UserContext(), audits.AuditFilter{HubID: hub, State: audit.State(data.State),
		Cursor: c.Query("cursor"), Limit: pageSize})
	if errs, ok := formErrors(err); ok {
		return h.invalid(c, "audits", data, nil, errs)
	}
	if err != nil {
		return h.fail(c, err)
	}
	data.Items, data.Next = items, next
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
	Items   []*audit.Action
	Next    string
	Overdue bool
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
	data.Items, data.Next = items, next
	return h.render(c, fiber.StatusOK, "actions", data)
}
