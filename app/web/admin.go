package web

import (
	"github.com/actionhub/actionhub/app/activity"
	"github.com/actionhub/actionhub/app/identity"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/policies"
	"github.com/gofiber/fiber/v2"
)

func (h *Handler) mountAdmin(g pages) {
	g.Get("/hubs", h.signedIn(policies.PermHubsList), h.hubs)
	g.Get("/organisations", h.signedIn(policies.PermOrganisationsList), h.orgs)
	g.Get("/people", h.signedIn(policies.PermUsersList), h.people)
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

func (h *Handler) orgs(c *fiber.Ctx) error {
	f := identity.OrgFilter{HubID: c.Query("hub_id"), Kind: domain.OrgKind(c.Query("kind")), Cursor: c.Query("cursor"), Limit: pageSize}
	if f.HubID == "" && principal(c).Actor.Role != domain.RolePlatformAdmin {
		f.HubID = hubOf(c)
	}
	items, next, err := h.Identity.ListOrgs(c.UserContext(), f)
	if err != nil {
		return h.fail(c, err)
	}
	return h.render(c, fiber.StatusOK, "organisations", &listView[*domain.Organisation]{Items: items, Next: next,
		Query: map[string]string{"hub_id": f.HubID, "kind": string(f.Kind)}})
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

func (h *Handler) activityLog(c *fiber.Ctx) error {
	items, next, err := h.Activity.List(c.UserContext(), activity.Filter{ActorID: c.Query("actor_id"), Object: c.Query("object"),
		Cursor: c.Query("cursor"), Limit: pageSize})
	if err != nil {
		return h.fail(c, err)
	}
	return h.render(c, fiber.StatusOK, "activity", &listView[*domain.ActivityEntry]{Items: items, Next: next,
		Query: map[string]string{"actor_id": c.Query("actor_id"), "object": c.Query("object")}})
}
