package web

import (
	"html/template"
	"net/url"

	"github.com/actionhub/actionhub/app/audits"
	"github.com/actionhub/actionhub/app/registry"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/gofiber/fiber/v2"
)

// homeView is what each party sees first: its work waiting.
type homeView struct {
	Kind        domain.OrgKind
	ByRisk      []*supplier.Supplier   // brand: its suppliers, riskiest first; supplier: its own (briefs)
	RiskRows    template.HTML          // brand: ByRisk's table rows (tableRows)
	Open        []*supplier.Nomination // brand: nominations still open; operator: waiting for a decision
	Review      []*supplier.Nomination // operator: doubtful matches
	Overdue     []*audit.Action        // operator: corrective actions past due; supplier: its open ones
	Audits      []*audit.Audit
	AuditsShown bool
}

const homeRows = 10

func (h *Handler) home(c *fiber.Ctx) error {
	ctx := c.UserContext()
	p := principal(c)
	v := &homeView{Kind: p.Org.Kind}
	var err error
	switch p.Org.Kind {
	case domain.KindBrand:
		if v.ByRisk, _, err = h.Registry.ListSupplierBriefs(ctx, registry.SupplierFilter{Sort: "-risk", Limit: homeRows}); err != nil {
			return h.fail(c, err)
		}
		v.RiskRows = riskRows(h.lang(c), v.ByRisk)
		if v.Open, _, err = h.Registry.ListNominations(ctx, registry.NominationFilter{Status: supplier.NominationPending, Limit: homeRows}); err != nil {
			return h.fail(c, err)
		}
	case domain.KindOperator:
		if v.Review, _, err = h.Registry.ListNominations(ctx, registry.NominationFilter{Status: supplier.NominationMatchReview, Limit: homeRows}); err != nil {
			return h.fail(c, err)
		}
		if v.Open, _, err = h.Registry.ListNominations(ctx, registry.NominationFilter{Status: supplier.NominationPending, Limit: homeRows}); err != nil {
			return h.fail(c, err)
		}
		if v.Overdue, _, err = h.Audits.ListActions(ctx, audits.ActionFilter{HubID: hubOf(c), Overdue: true, Limit: homeRows}); err != nil && !refused(err) {
			return h.fail(c, err)
		}
	case domain.KindAgency:
		// An agency's work waiting is its inbox of referrals.
		return h.referralList(c)
	case domain.KindSupplier:
		if v.ByRisk, _, err = h.Registry.ListSupplierBriefs(ctx, registry.SupplierFilter{Limit: homeRows}); err != nil {
			return h.fail(c, err)
		}
		if v.Audits, _, err = h.Audits.ListAuditBriefs(ctx, audits.AuditFilter{Limit: homeRows}); err != nil && !refused(err) {
			return h.fail(c, err)
		}
		v.AuditsShown = true
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
