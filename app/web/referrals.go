package web

import (
	"html/template"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/actionhub/actionhub/app/cases"
	appdir "github.com/actionhub/actionhub/app/directory"
	"github.com/actionhub/actionhub/app/referrals"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/directory"
	"github.com/actionhub/actionhub/domain/referral"
	"github.com/actionhub/actionhub/policies"
	"github.com/gofiber/fiber/v2"
)

func (h *Handler) mountReferrals(g pages) {
	g.Get("/referrals", h.signedIn(policies.PermReferralsList), h.referralList)
	g.Get("/referrals/:id", h.signedIn(policies.PermReferralsRead), h.referralPage)
	g.Post("/referrals/:id/accept", h.signedIn(policies.PermReferralsAnswer), h.acceptReferral)
	g.Post("/referrals/:id/decline", h.signedIn(policies.PermReferralsAnswer), h.declineReferral)
	g.Post("/referrals/:id/services", h.signedIn(policies.PermReferralsAnswer), h.recordReferralService)
	g.Post("/referrals/:id/revoke", h.signedIn(policies.PermReferralsRevoke), h.revokeReferral)
	g.Post("/referrals/:id/:verb", h.signedIn(policies.PermReferralsAnswer), h.finishReferral)
	g.Get("/cases/:id/refer", h.signedIn(policies.PermReferralsCreate), h.referPage)
	g.Post("/cases/:id/referrals", h.signedIn(policies.PermReferralsCreate), h.createReferral)
}

// referralListView is one page of referrals: an agency's inbox, or the
// hub's for its staff; State keeps the filter for the next page's link.
type referralListView struct {
	Rows   template.HTML // the table's rows (referralRows)
	Next   string
	Query  url.Values
	States []referral.State
}

// referralRows writes the list's rows in the reader's language.
func referralRows(l *printer, xs []*referral.Referral) template.HTML {
	var r tableRows
	for _, x := range xs {
		r.row()
		r.link("/referrals/"+url.PathEscape(x.ID), ` dir="ltr"`, x.CaseCode, false)
		r.name(x.ServiceName)
		r.text(l.E("rurg", x.Urgency))
		r.text(l.E("rstate", x.State))
		r.text(l.D(x.Sent))
		r.text(l.D(x.Due))
	}
	return r.html()
}

// referralList is the same service call as GET /api/v1/referrals.
func (h *Handler) referralList(c *fiber.Ctx) error {
	q := url.Values{}
	if v := c.Query("state"); v != "" {
		q.Set("state", v)
	}
	data := &referralListView{Query: q, States: referral.States}
	in := referrals.ListInput{State: referral.State(q.Get("state")), Cursor: c.Query("cursor"), Limit: pageSize}
	if principal(c).Actor.Staff() {
		hub, err := h.hubParam(c)
		if err != nil {
			return h.fail(c, err)
		}
		in.HubID = hub
	}
	items, next, err := h.Referrals.List(c.UserContext(), in)
	if errs, ok := formErrors(err); ok {
		return h.invalid(c, "referrals", data, nil, errs)
	}
	if err != nil {
		return h.fail(c, err)
	}
	data.Rows, data.Next = referralRows(h.lang(c), items), next
	return h.render(c, fiber.StatusOK, "referrals", data)
}

// referralView is a referral's page: the referral, and the child's minimum
// view while the service lets the reader have it (each read logged by the
// service, as GET /api/v1/referrals/{id}/child).
type referralView struct {
	R    *referral.Referral
	View *referral.MinimumView
	Open bool // the agency may still answer
}

func (h *Handler) referralView(c *fiber.Ctx) (*referralView, error) {
	ctx := c.UserContext()
	r, err := h.Referrals.Get(ctx, c.Params("id"))
	if err != nil {
		return nil, err
	}
	out := &referralView{R: r, Open: r.State.Open()}
	if r.State.Handling() && h.Enforcer.Allowed(principal(c).Actor.Role, policies.PermReferralsReadView) {
		// A closed case hides the view: the page then shows the referral alone.
		v, _, err := h.Referrals.View(ctx, r.ID)
		if err != nil && !refused(err) {
			return nil, err
		}
		out.View = v
	}
	return out, nil
}

func (h *Handler) referralPage(c *fiber.Ctx) error {
	v, err := h.referralView(c)
	if err != nil {
		return h.fail(c, err)
	}
	return h.render(c, fiber.StatusOK, "referral", v)
}

// referralAnswered ends an answer form: the page again on success, the
// form with its messages on a 422, the problem page otherwise (a stale
// version is the 409 page).
func (h *Handler) referralAnswered(c *fiber.Ctx, form map[string]string, err error) error {
	if errs, ok := formErrors(err); ok {
		v, verr := h.referralView(c)
		if verr != nil {
			return h.fail(c, verr)
		}
		return h.invalid(c, "referral", v, form, errs)
	}
	if err != nil {
		return h.fail(c, err)
	}
	return redirect(c, "/referrals/"+url.PathEscape(c.Params("id")))
}

func (h *Handler) acceptReferral(c *fiber.Ctx) error {
	form := formValues(c, "version")
	_, err := h.Referrals.Accept(c.UserContext(), c.Params("id"), version(form))
	return h.referralAnswered(c, form, err)
}

func (h *Handler) declineReferral(c *fiber.Ctx) error {
	form := formValues(c, "version", "reason")
	_, err := h.Referrals.Decline(c.UserContext(), c.Params("id"), version(form), form["reason"])
	return h.referralAnswered(c, form, err)
}

// revokeReferral is the sender's side withdrawing an open referral with
// the reason; the agency loses the view.
func (h *Handler) revokeReferral(c *fiber.Ctx) error {
	form := formValues(c, "version", "revoke_reason")
	_, err := h.Referrals.Revoke(c.UserContext(), c.Params("id"), version(form), form["revoke_reason"])
	if errs, ok := formErrors(err); ok {
		// The service names the field "reason"; the page's is revoke_reason,
		// apart from the decline form's.
		if m, ok := errs["reason"]; ok {
			errs["revoke_reason"] = m
			delete(errs, "reason")
		}
		v, verr := h.referralView(c)
		if verr != nil {
			return h.fail(c, verr)
		}
		return h.invalid(c, "referral", v, form, errs)
	}
	return h.referralAnswered(c, form, err)
}

// recordReferralService takes the day the service was given; the service
// keeps a moment, noon in the hub's zone, so the day reads the same anywhere.
func (h *Handler) recordReferralService(c *fiber.Ctx) error {
	form := formValues(c, "version", "what", "on", "given_by")
	day, err := time.ParseInLocation("2006-01-02", form["on"], hubZone)
	if err != nil {
		return h.referralAnswered(c, form, domain.Invalid("on", "must be a day (YYYY-MM-DD)"))
	}
	_, err = h.Referrals.RecordService(c.UserContext(), c.Params("id"), version(form),
		referral.ServiceGiven{What: form["what"], On: day.Add(12 * time.Hour).UTC(), GivenBy: form["given_by"]})
	return h.referralAnswered(c, form, err)
}

// finishReferral completes or fails a referral with its note.
func (h *Handler) finishReferral(c *fiber.Ctx) error {
	to := referral.State("")
	switch c.Params("verb") {
	case "complete":
		to = referral.Completed
	case "fail":
		to = referral.Failed
	default:
		return h.problem(c, fiber.StatusNotFound, "")
	}
	form := formValues(c, "version", "note")
	_, err := h.Referrals.Finish(c.UserContext(), c.Params("id"), version(form), to, form["note"])
	return h.referralAnswered(c, form, err)
}

// caseReferrals is the case page's section: the case's referrals, and a
// link to the refer page when the reader may refer.
type caseReferrals struct {
	Items    []*referral.Referral
	CanRefer bool // a link to the refer page
}

// referralsOfCase fills the case page's section for staff who list a
// case's referrals; nil for everyone else.
func (h *Handler) referralsOfCase(c *fiber.Ctx, v *cases.View) (*caseReferrals, error) {
	role := principal(c).Actor.Role
	cs := v.Case
	if cs == nil || !h.Enforcer.Allowed(role, policies.PermReferralsList) {
		return nil, nil
	}
	out := &caseReferrals{CanRefer: cs.Status == casework.StatusOpen && h.Enforcer.Allowed(role, policies.PermReferralsCreate)}
	var err error
	if out.Items, _, err = h.Referrals.List(c.UserContext(), referrals.ListInput{CaseID: cs.ID, Limit: 100}); err != nil {
		if refused(err) {
			return nil, nil
		}
		return nil, err
	}
	return out, nil
}

// referView is the refer page: the directory's search for the child and
// the form that sends the referral. The search is here, not on the case
// page, so reading a case does not search the directory each time (it was
// a third of the case page's time).
type referView struct {
	Case      *cases.Summary
	Services  []*directory.Service
	Urgencies []referral.Urgency
	Types     []directory.ServiceType
	// The search: the type ("" for all), the district (the supplier's city
	// until the case worker picks another) and the child's age (-1 when
	// not known).
	Type     string
	District string
	Age      int
	More     bool // the search found more services than the form offers
}

// referServices is how many services the refer form offers at once; the
// kind of service narrows them.
const referServices = 20

// refer reads the case's summary (no identity) and offers the active
// services the directory's search finds for the child's district and age,
// as the API's search does. A closed case cannot be referred: 409.
func (h *Handler) refer(c *fiber.Ctx) (*referView, error) {
	ctx := c.UserContext()
	cs, err := h.Cases.Summary(ctx, c.Params("id"))
	if err != nil {
		return nil, err
	}
	if cs.Status != casework.StatusOpen {
		return nil, domain.Conflictf("The case is closed: reopen it to refer the child.")
	}
	out := &referView{Case: cs, Urgencies: referral.Urgencies, Types: directory.ServiceTypes, Type: c.Query("service_type"),
		District: strings.TrimSpace(c.Query("district")), Age: -1}
	if cs.AgeYears > 0 {
		out.Age = cs.AgeYears
	}
	if out.District == "" {
		sup, err := h.Registry.Supplier(ctx, cs.SupplierID)
		if err != nil && !refused(err) {
			return nil, err
		}
		if sup != nil {
			out.District = sup.City
		}
	}
	if out.District == "" || (out.Type != "" && !slices.Contains(directory.ServiceTypes, directory.ServiceType(out.Type))) {
		return out, nil // nothing to search by: the form asks for it
	}
	var next string
	out.Services, next, err = h.Directory.Search(ctx, appdir.SearchInput{HubID: cs.HubID, Type: directory.ServiceType(out.Type),
		District: out.District, Age: out.Age, Limit: referServices, Brief: true})
	out.More = next != ""
	return out, err
}

func (h *Handler) referPage(c *fiber.Ctx) error {
	v, err := h.refer(c)
	if err != nil {
		return h.fail(c, err)
	}
	return h.render(c, fiber.StatusOK, "refer", v)
}

// createReferral is the refer page's form, the same service call as
// POST /api/v1/cases/{id}/referrals; missing consent comes back on the
// form (422), and a referral sent goes back to the case page.
func (h *Handler) createReferral(c *fiber.Ctx) error {
	form := formValues(c, "service_id", "reason", "urgency", "override_reason")
	_, err := h.Referrals.Create(c.UserContext(), c.Params("id"), referral.NewReferral{ServiceID: form["service_id"],
		Reason: form["reason"], Urgency: referral.Urgency(form["urgency"]), OverrideReason: form["override_reason"]})
	if errs, ok := formErrors(err); ok {
		v, verr := h.refer(c)
		if verr != nil {
			return h.fail(c, verr)
		}
		return h.invalid(c, "refer", v, form, errs)
	}
	if err != nil {
		return h.fail(c, err)
	}
	return redirect(c, "/cases/"+url.PathEscape(c.Params("id"))+"#case-referrals")
}
