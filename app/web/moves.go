package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/actionhub/actionhub/app/audits"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/policies"
	"github.com/gofiber/fiber/v2"
)

// mountMoves adds the state changes of audits, findings and corrective
// actions; each route holds the permission its move needs, as the API's
// operations do, and the service decides again on the object.
func (h *Handler) mountMoves(g pages) {
	g.Post("/audits/:id/start", h.signedIn(policies.PermAuditsStart), h.moveAudit(audit.MoveStart))
	g.Post("/audits/:id/submit", h.signedIn(policies.PermAuditsSubmit), h.moveAudit(audit.MoveSubmit))
	g.Post("/audits/:id/return", h.signedIn(policies.PermAuditsPublish), h.moveAudit(audit.MoveReturn))
	g.Post("/audits/:id/publish", h.signedIn(policies.PermAuditsPublish), h.moveAudit(audit.MovePublish))
	g.Post("/audits/:id/cancel", h.signedIn(policies.PermAuditsCancel), h.moveAudit(audit.MoveCancel))
	g.Post("/findings/:id/respond", h.signedIn(policies.PermFindingsRespond), h.respond)
	g.Get("/actions/:id", h.signedIn(policies.PermActionsRead), h.actionPage)
	for _, m := range []audits.ActionMove{audits.ActionStart, audits.ActionOwner, audits.ActionSubmit} {
		g.Post("/actions/:id/"+string(m), h.signedIn(policies.PermActionsUpdate), h.moveAction(m))
	}
	for _, m := range []audits.ActionMove{audits.ActionVerify, audits.ActionReject} {
		g.Post("/actions/:id/"+string(m), h.signedIn(policies.PermActionsVerify), h.moveAction(m))
	}
}

func (h *Handler) moveAudit(m audit.Move) fiber.Handler {
	return func(c *fiber.Ctx) error {
		form := formValues(c, "met", "applicable", "summary", "reason")
		in := audits.MoveInput{Summary: form["summary"], Reason: form["reason"]}
		if m == audit.MoveSubmit {
			met, err1 := strconv.Atoi(form["met"])
			applicable, err2 := strconv.Atoi(form["applicable"])
			if err1 != nil || err2 != nil {
				return h.problemDetail(c, fiber.StatusUnprocessableEntity, "", "score: met and applicable must be whole numbers")
			}
			in.Score = audit.Score{Met: met, Applicable: applicable}
		}
		a, err := h.Audits.Move(c.UserContext(), c.Params("id"), m, in)
		if err != nil {
			return h.fail(c, err)
		}
		return redirect(c, "/audits/"+url.PathEscape(a.ID))
	}
}

func (h *Handler) respond(c *fiber.Ctx) error {
	f, err := h.Audits.Respond(c.UserContext(), c.Params("id"), audit.ResponseKind(c.FormValue("kind")), strings.TrimSpace(c.FormValue("reason")))
	if err != nil {
		return h.fail(c, err)
	}
	return redirect(c, "/audits/"+url.PathEscape(f.AuditID))
}

func (h *Handler) actionPage(c *fiber.Ctx) error {
	x, err := h.Audits.Action(c.UserContext(), c.Params("id"))
	if err != nil {
		return h.fail(c, err)
	}
	return h.render(c, fiber.StatusOK, "action", x)
}

func (h *Handler) moveAction(m audits.ActionMove) fiber.Handler {
	return func(c *fiber.Ctx) error {
		x, err := h.Audits.MoveAction(c.UserContext(), c.Params("id"), m, strings.TrimSpace(c.FormValue("text")))
		if err != nil {
			return h.fail(c, err)
		}
		return redirect(c, "/actions/"+url.PathEscape(x.ID))
	}
}
