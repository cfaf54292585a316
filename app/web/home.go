package web

import (
	"html/template"
	"net/url"

	"github.com/actionhub/actionhub/app/audits"
	"github.com/actionhub/actionhub/app/registry"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/gofiber/fiber/v2"
)

// homeView is what each party sees first: its work waiting. Each list is
// its table's rows, written in Go as the list pages write them.
type homeView struct {
	Kind    domain.OrgKind
	Own     []*supplier.Supplier // supplier: its own facilities (briefs)
	ByRisk  template.HTML        // brand: its suppliers, riskiest first (riskRows)
	Open    template.HTML        // brand: nominations still open; operator: waiting for a decision
	Review  template.HTML        // operator: doubtful matches, with their score
	Overdue template.HTML        // operator: corrective actions past due
	Audits  template.HTML        // supplier: its audits
}

const homeRows = 10

func (h *Handler) home(c *fiber.Ctx) error {
	ctx := c.UserContext()
	p := principal(c)
	l := h.lang(c)
	v := &homeView{Kind: p.Org.Kind}
	switch p.Org.Kind {
	case domain.KindBrand:
		sups, _, err := h.Registry.ListSupplierBriefs(ctx, registry.SupplierFilter{Sort: "-risk", Limit: homeRows})
		if err != nil {
			return h.fail(c, err)
		}
		v.ByRisk = riskRows(l, sups)
		open, _, err := h.Registry.ListNominations(ctx, registry.NominationFilter{Status: supplier.NominationPending, Limit: homeRows})
		if err != nil {
			return h.fail(c, err)
		}
		v.Open = nominationRows(l, open, false)
	case domain.KindOperator:
		review, _, err := h.Registry.ListNominations(ctx, registry.NominationFilter{Status: supplier.NominationMatchReview, Limit: homeRows})
		if err != nil {
			return h.fail(c, err)
		}
		v.Review = nominationRows(l, review, true)
		open, _, err := h.Registry.ListNominations(ctx, registry.NominationFilter{Status: supplier.NominationPending, Limit: homeRows})
		if err != nil {
			return h.fail(c, err)
		}
		v.Open = nominationRows(l, open, false)
		overdue, _, err := h.Audits.ListActions(ctx, audits.ActionFilter{HubID: hubOf(c), Overdue: true, Limit: homeRows})
		if err != nil && !refused(err) {
			return h.fail(c, err)
		}
		v.Overdue = actionRows(l, overdue)
	case domain.KindAgency:
		// An agency's work waiting is its inbox of referrals.
		return h.referralList(c)
	case domain.KindSupplier:
		var err error
		if v.Own, _, err = h.Registry.ListSupplierBriefs(ctx, registry.SupplierFilter{Limit: homeRows}); err != nil {
			return h.fail(c, err)
		}
		as, _, err := h.Audits.ListAuditBriefs(ctx, audits.AuditFilter{Limit: homeRows})
		if err != nil && !refused(err) {
			return h.fail(c, err)
		}
		v.Audits = auditRows(l, as)
	}
	return h.render(c, fiber.StatusOK, "home", v)
}

// riskRows writes the brand's suppliers by risk in the reader's language.
func riskRows(l *printer, xs []*supplier.Supplier) template.HTML {
	var r tableRows
	for _, s := range xs {
		r.row()
		r.link("/suppliers/"+url.PathEscape(s.ID), "", s.Name, true)
		r.name(s.City)
		r.risk(string(s.Risk.Level), l.E("level", s.Risk.Level), l.N(s.Risk.Score))
	}
	return r.html()
}
