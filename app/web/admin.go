package web

import (
	"net/url"
	"slices"
	"strings"

	"github.com/actionhub/actionhub/app/activity"
	"github.com/actionhub/actionhub/app/identity"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/policies"
	"github.com/gofiber/fiber/v2"
)

func (h *Handler) mountAdmin(g pages) {
	g.Get("/hubs", h.signedIn(policies.PermHubsList), h.hubs)
	g.Get("/organisations", h.signedIn(policies.PermOrganisationsList), h.orgs)
	g.Get("/organisations/new", h.signedIn(policies.PermOrganisationsCreate), h.orgForm)
	g.Post("/organisations", h.signedIn(policies.PermOrganisationsCreate), h.createOrg)
	g.Get("/organisations/:id", h.signedIn(policies.PermOrganisationsRead), h.orgPage)
	g.Get("/people", h.signedIn(policies.PermUsersList), h.people)
	g.Get("/people/new", h.signedIn(policies.PermUsersCreate), h.personForm)
	g.Post("/people", h.signedIn(policies.PermUsersCreate), h.createPerson)
	g.Post("/people/:id/disable", h.signedIn(policies.PermUsersDisable), h.setPersonDisabled(true))
	g.Post("/people/:id/enable", h.signedIn(policies.PermUsersDisable), h.setPersonDisabled(false))
	g.Get("/activity", h.signedIn(policies.PermActivityRead), h.activityLog)
}

type listView[T any] struct {
	Items []T
	Next  string
	Query map[string]string
}

func (h *Handler) hubs(c *fiber.Ctx) error {
	items, next, err := h.Identity.ListHubs(c.UserContext(), c.Query("cursor"), pageSize)
	if err != nil {
		return h.fail(c, err)
	}
	return h.render(c, fiber.StatusOK, "hubs", &listView[*domain.Hub]{Items: items, Next: next})
}

// orgList is the organisations page: a hub's (every one, for the
// platform) by kind, or by the start of their name.
type orgList struct {
	Items []*domain.Organisation
	Next  string
	Query url.Values // hub_id, kind, q
	Kinds []domain.OrgKind
}

func (h *Handler) orgs(c *fiber.Ctx) error {
	f := identity.OrgFilter{HubID: c.Query("hub_id"), Kind: domain.OrgKind(c.Query("kind")), Name: c.Query("q"), Cursor: c.Query("cursor"), Limit: pageSize}
	if f.HubID == "" && principal(c).Actor.Role != domain.RolePlatformAdmin {
		f.HubID = hubOf(c)
	}
	data := &orgList{Query: url.Values{}, Kinds: domain.OrgKinds}
	for k, v := range map[string]string{"hub_id": f.HubID, "kind": string(f.Kind), "q": f.Name} {
		if v != "" {
			data.Query.Set(k, v)
		}
	}
	var err error
	data.Items, data.Next, err = h.Identity.ListOrgs(c.UserContext(), f)
	if errs, ok := formErrors(err); ok {
		return h.invalid(c, "organisations", data, nil, errs)
	}
	if err != nil {
		return h.fail(c, err)
	}
	return h.render(c, fiber.StatusOK, "organisations", data)
}

// orgForm is what the organisation form offers: the kinds the caller may
// add (the service refuses the others again) and the hubs they work in.
type orgForm struct {
	Kinds []domain.OrgKind
	Hubs  []*domain.Hub
}

func (h *Handler) newOrgForm(c *fiber.Ctx) (*orgForm, error) {
	hubs, _, err := h.Identity.ListHubs(c.UserContext(), "", 100)
	if err != nil {
		return nil, err
	}
	f := &orgForm{Hubs: hubs}
	platform := principal(c).Actor.Role == domain.RolePlatformAdmin
	for _, k := range domain.OrgKinds {
		if platform || (k != domain.KindPlatform && k != domain.KindOperator) {
			f.Kinds = append(f.Kinds, k)
		}
	}
	return f, nil
}

func (h *Handler) orgForm(c *fiber.Ctx) error {
	f, err := h.newOrgForm(c)
	if err != nil {
		return h.fail(c, err)
	}
	form := map[string]string{}
	if len(f.Hubs) == 1 {
		form["hub:"+f.Hubs[0].ID] = "on"
	}
	return h.renderPage(c, fiber.StatusOK, "organisation_new", &page{Data: f, Form: form})
}

func (h *Handler) createOrg(c *fiber.Ctx) error {
	form := formValues(c, "kind", "name")
	hubIDs := multiValues(c, "hub_ids")
	for _, id := range hubIDs {
		form["hub:"+id] = "on"
	}
	org, err := h.Identity.CreateOrg(c.UserContext(), identity.NewOrg{Kind: domain.OrgKind(form["kind"]), Name: form["name"], HubIDs: hubIDs})
	if errs, ok := formErrors(err); ok {
		f, ferr := h.newOrgForm(c)
		if ferr != nil {
			return h.fail(c, ferr)
		}
		return h.invalid(c, "organisation_new", f, form, hubErrors(errs))
	}
	if err != nil {
		return h.fail(c, err)
	}
	return redirect(c, "/organisations/"+url.PathEscape(org.ID))
}

// hubErrors gathers the messages about single hubs (hub_ids[0], ...)
// under the hub list, where the form shows them.
func hubErrors(errs map[string]string) map[string]string {
	for k, v := range errs {
		if strings.HasPrefix(k, "hub_ids[") {
			if errs["hub_ids"] != "" {
				errs["hub_ids"] += "; "
			}
			errs["hub_ids"] += v
			delete(errs, k)
		}
	}
	return errs
}

// orgView is an organisation with its people.
type orgView struct {
	Org    *domain.Organisation
	People []*domain.User
	Next   string
}

func (h *Handler) orgPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	org, err := h.Identity.GetOrg(ctx, c.Params("id"))
	if err != nil {
		return h.fail(c, err)
	}
	v := &orgView{Org: org}
	if h.Enforcer.Allowed(principal(c).Actor.Role, policies.PermUsersList) {
		v.People, v.Next, err = h.Identity.ListUsers(ctx, identity.UserFilter{OrgID: org.ID, Cursor: c.Query("cursor"), Limit: pageSize})
		if err != nil && !refused(err) {
			return h.fail(c, err)
		}
	}
	return h.render(c, fiber.StatusOK, "organisation", v)
}

func (h *Handler) people(c *fiber.Ctx) error {
	f := identity.UserFilter{OrgID: c.Query("org_id"), HubID: c.Query("hub_id"), Cursor: c.Query("cursor"), Limit: pageSize}
	if f.OrgID == "" && f.HubID == "" && principal(c).Org.Kind == domain.KindOperator {
		f.HubID = hubOf(c)
	}
	items, next, err := h.Identity.ListUsers(c.UserContext(), f)
	if err != nil {
		return h.fail(c, err)
	}
	return h.render(c, fiber.StatusOK, "people", &listView[*domain.User]{Items: items, Next: next,
		Query: map[string]string{"org_id": f.OrgID, "hub_id": f.HubID}})
}

// personForm is what the new-person form offers: one organisation when
// it was opened from that organisation's page, else the hub's; and the
// roles the caller may give, fitted to the organisation's kind when known.
type personForm struct {
	Org   *domain.Organisation // fixed, or nil to choose among Orgs
	Orgs  []*domain.Organisation
	OrgQ  string // the start of a name Orgs were narrowed to
	More  bool   // Orgs are not all the organisations: narrow by name
	Roles []domain.Role
}

// personFormOrgs is how many organisations the new-person form offers.
const personFormOrgs = 100

func (h *Handler) newPersonForm(c *fiber.Ctx, orgID, orgQ string) (*personForm, error) {
	ctx := c.UserContext()
	f := &personForm{OrgQ: orgQ}
	if orgID != "" {
		org, err := h.Identity.GetOrg(ctx, orgID)
		if err != nil {
			return nil, err
		}
		f.Org = org
	} else {
		of := identity.OrgFilter{Name: orgQ, ByName: true, Limit: personFormOrgs}
		if principal(c).Actor.Role != domain.RolePlatformAdmin {
			of.HubID = hubOf(c)
		}
		orgs, next, err := h.Identity.ListOrgs(ctx, of)
		if err != nil {
			return nil, err
		}
		f.Orgs, f.More = orgs, next != ""
	}
	platform := principal(c).Actor.Role == domain.RolePlatformAdmin
	for _, r := range domain.Roles {
		if (r == domain.RolePlatformAdmin && !platform) || (f.Org != nil && r.KindOf() != f.Org.Kind) {
			continue
		}
		f.Roles = append(f.Roles, r)
	}
	return f, nil
}

func (h *Handler) personForm(c *fiber.Ctx) error {
	f, err := h.newPersonForm(c, c.Query("org_id"), c.Query("q"))
	if err != nil {
		return h.fail(c, err)
	}
	return h.renderPage(c, fiber.StatusOK, "person_new", &page{Data: f, Form: map[string]string{}})
}

// createPerson adds a person as the API's create-user does: the
// administrator sets a first password, which the person is told to get
// from them; the form never shows a password or its hash back.
func (h *Handler) createPerson(c *fiber.Ctx) error {
	form := formValues(c, "org_id", "fixed_org", "org_q", "email", "name", "role")
	u, err := h.Identity.CreateUser(c.UserContext(), identity.NewUser{OrgID: form["org_id"], Email: form["email"], Name: form["name"],
		Role: domain.Role(form["role"]), Password: c.FormValue("password")})
	if errs, ok := formErrors(err); ok {
		fixed := ""
		if form["fixed_org"] == "1" {
			fixed = form["org_id"]
		}
		f, ferr := h.newPersonForm(c, fixed, form["org_q"])
		if ferr != nil {
			return h.fail(c, ferr)
		}
		return h.invalid(c, "person_new", f, form, errs)
	}
	if err != nil {
		return h.fail(c, err)
	}
	return redirect(c, "/organisations/"+url.PathEscape(u.OrgID))
}

// setPersonDisabled disables or enables a person in the caller's scope
// (another hub's people are not found); a disabled person's sessions end
// at once, so their next page is the sign-in page.
func (h *Handler) setPersonDisabled(disabled bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, err := h.Identity.SetUserDisabled(c.UserContext(), c.Params("id"), disabled)
		if err != nil {
			return h.fail(c, err)
		}
		back := localPath(c.FormValue("back"))
		if back == "/" {
			back = "/organisations/" + url.PathEscape(u.OrgID)
		}
		return redirect(c, back)
	}
}

func (h *Handler) activityLog(c *fiber.Ctx) error {
	items, next, err := h.Activity.List(c.UserContext(), activity.Filter{ActorID: c.Query("actor_id"), Object: c.Query("object"),
		Cursor: c.Query("cursor"), Limit: pageSize})
	if err != nil {
		return h.fail(c, err)
	}
	return h.render(c, fiber.StatusOK, "activity", &listView[*domain.ActivityEntry]{Items: items, Next: next,
		Query: map[string]string{"actor_id": c.Query("actor_id"), "object": c.Query("object")}})
}

// multiValues is every value a form posted under name (checkboxes).
func multiValues(c *fiber.Ctx, name string) []string {
	var out []string
	for _, v := range c.Request().PostArgs().PeekMulti(name) {
		if s := string(v); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
