package identity

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/policies"
)

// NewHub is the input to CreateHub.
type NewHub struct {
	Code, Name, Country, TimeZone string
	Cities                        []domain.City
}

// CreateHub adds a hub to the network (platform admins).
func (s *Service) CreateHub(ctx context.Context, in NewHub) (*domain.Hub, error) {
	v := &domain.ValidationError{}
	in.Code = strings.ToUpper(strings.TrimSpace(in.Code))
	domain.ValidateHubCode("code", in.Code, v)
	domain.ValidateName("name", in.Name, v)
	for i, c := range in.Cities {
		domain.ValidateName("cities["+itoa(i)+"].name", c.Name, v)
		domain.ValidateName("cities["+itoa(i)+"].province", c.Province, v)
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	h := &domain.Hub{ID: newID(), Code: in.Code, Name: strings.TrimSpace(in.Name), Country: in.Country,
		TimeZone: in.TimeZone, Cities: in.Cities, Created: s.now().UTC(), CreatedBy: domain.ActorFrom(ctx).UserID}
	if err := s.st.Hubs.Insert(ctx, h); err != nil {
		if errors.Is(err, domain.ErrConflict) {
			return nil, domain.Conflictf("A hub with code %s already exists.", h.Code)
		}
		return nil, err
	}
	return h, s.activity.Record(ctx, "hubs.create", "hub:"+h.ID)
}

// GetHub returns a hub the caller works in.
func (s *Service) GetHub(ctx context.Context, id string) (*domain.Hub, error) {
	return store.GetVisible(ctx, s.enf, s.st.Hubs.Coll, id, policies.PermHubsRead)
}

// ListHubs returns the hubs the caller works in; all of them for the platform.
func (s *Service) ListHubs(ctx context.Context, cursor string, limit int) ([]*domain.Hub, string, error) {
	a := domain.ActorFrom(ctx)
	if a.Role == domain.RolePlatformAdmin {
		return s.st.Hubs.All(ctx, store.Page{After: cursor, Limit: limit})
	}
	hs, err := s.st.Hubs.GetMany(ctx, a.HubIDs)
	return hs, "", err
}

// NewOrg is the input to CreateOrg.
type NewOrg struct {
	Kind   domain.OrgKind
	Name   string
	HubIDs []string
}

// CreateOrg adds an organisation to hubs. A hub admin may add brands,
// suppliers and agencies to their own hubs; the platform adds any kind.
func (s *Service) CreateOrg(ctx context.Context, in NewOrg) (*domain.Organisation, error) {
	a := domain.ActorFrom(ctx)
	v := &domain.ValidationError{}
	domain.ValidateName("name", in.Name, v)
	if !in.Kind.Valid() {
		v.Add("kind", "is not a known organisation kind")
	} else if a.Role != domain.RolePlatformAdmin && (in.Kind == domain.KindPlatform || in.Kind == domain.KindOperator) {
		v.Add("kind", "only the platform can add "+string(in.Kind)+" organisations")
	}
	if in.Kind != domain.KindPlatform && len(in.HubIDs) == 0 {
		v.Add("hub_ids", "name at least one hub")
	}
	slices.Sort(in.HubIDs)
	in.HubIDs = slices.Compact(in.HubIDs)
	for i, h := range in.HubIDs {
		if !s.enf.Can(a, policies.PermOrganisationsCreate, domain.InHub(h)) {
			v.Add("hub_ids["+itoa(i)+"]", "is not a hub you work in")
		} else if _, err := s.st.Hubs.Get(ctx, h); errors.Is(err, domain.ErrNotFound) {
			v.Add("hub_ids["+itoa(i)+"]", "is not a hub")
		} else if err != nil {
			return nil, err
		}
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	org := &domain.Organisation{ID: newID(), Kind: in.Kind, Name: strings.TrimSpace(in.Name), HubIDs: in.HubIDs, Created: now, CreatedBy: a.UserID}
	if err := s.st.Orgs.Insert(ctx, org); err != nil {
		return nil, err
	}
	var rels []policies.Relation
	for _, h := range org.HubIDs {
		link := &domain.OrgHub{ID: org.ID + "|" + h, OrgID: org.ID, HubID: h, Kind: org.Kind, Name: org.Name, Created: now}
		if err := s.st.OrgHubs.Insert(ctx, link); err != nil {
			return nil, err
		}
		rels = append(rels, policies.Relation{Subject: policies.OrgNode(org.ID), Object: policies.HubNode(h)})
	}
	if err := s.enf.Add(ctx, rels...); err != nil {
		return nil, err
	}
	return org, s.activity.Record(ctx, "organisations.create", "org:"+org.ID)
}

// GetOrg returns an organisation in the caller's scope.
func (s *Service) GetOrg(ctx context.Context, id string) (*domain.Organisation, error) {
	return store.GetVisible(ctx, s.enf, s.st.Orgs.Coll, id, policies.PermOrganisationsRead)
}

// OrgFilter selects organisations to list.
type OrgFilter struct {
	HubID  string
	Kind   domain.OrgKind
	Name   string // names starting with this, case and spacing ignored; then in name order
	ByName bool   // in name order even without Name
	Cursor string
	Limit  int
}

// ListOrgs lists organisations in the caller's scope, oldest link first per
// hub, or by name when a name is searched: the platform may list
// everything; operator staff list a hub of theirs.
func (s *Service) ListOrgs(ctx context.Context, f OrgFilter) ([]*domain.Organisation, string, error) {
	a := domain.ActorFrom(ctx)
	if f.Kind != "" && !f.Kind.Valid() {
		return nil, "", domain.Invalid("kind", "is not a known organisation kind")
	}
	named := f.ByName || store.NameKey(f.Name) != ""
	p := store.Page{After: f.Cursor, Limit: f.Limit}
	if f.HubID == "" && a.Role == domain.RolePlatformAdmin {
		if named {
			return s.st.Orgs.Named(ctx, f.Kind, f.Name, p)
		}
		return s.st.Orgs.All(ctx, f.Kind, p)
	}
	hubID, err := s.enf.HubFor(a, policies.PermOrganisationsList, f.HubID, domain.InHub)
	if err != nil {
		return nil, "", err
	}
	var links []*domain.OrgHub
	var next string
	if named {
		links, next, err = s.st.OrgHubs.Named(ctx, hubID, f.Kind, f.Name, p)
	} else {
		links, next, err = s.st.OrgHubs.OfHub(ctx, hubID, f.Kind, p)
	}
	if err != nil {
		return nil, "", err
	}
	orgs, err := s.st.Orgs.OfLinks(ctx, links)
	return orgs, next, err
}

// SetOrgDisabled disables or re-enables an organisation. Disabling ends
// every member's sessions and API keys for good, as disabling each user
// would: re-enabling the organisation revives none of them.
func (s *Service) SetOrgDisabled(ctx context.Context, id string, disabled bool) (*domain.Organisation, error) {
	a := domain.ActorFrom(ctx)
	if _, err := store.GetVisible(ctx, s.enf, s.st.Orgs.Coll, id, policies.PermOrganisationsDisable); err != nil {
		return nil, err
	}
	if id == a.OrgID {
		return nil, domain.Conflictf("You cannot disable your own organisation.")
	}
	org, err := s.st.Orgs.Update(ctx, id, func(o *domain.Organisation) error {
		o.Disabled = disabled
		return nil
	})
	if err != nil {
		return nil, err
	}
	if disabled {
		if err := s.endOrgCredentials(ctx, id); err != nil {
			return nil, err
		}
	}
	action := "organisations.enable"
	if disabled {
		action = "organisations.disable"
	}
	return org, s.activity.Record(ctx, action, "org:"+id)
}

// endOrgCredentials ends the sessions and keys of every member of the
// organisation. It runs after the flag is set, so a login racing with it
// sees the flag.
func (s *Service) endOrgCredentials(ctx context.Context, orgID string) error {
	for after := ""; ; {
		us, next, err := s.st.Users.OfOrg(ctx, orgID, "", store.Page{After: after, Limit: 200})
		if err != nil {
			return err
		}
		for _, u := range us {
			if err := s.endCredentials(ctx, u.ID); err != nil {
				return err
			}
		}
		if next == "" {
			return nil
		}
		after = next
	}
}

// NameOrgLinks names every hub's links to its organisations stored without
// the organisation's name (before links carried it), so a search by name
// finds them, and returns how many it named. Running it again changes
// nothing.
func (s *Service) NameOrgLinks(ctx context.Context) (int, error) {
	hubs, _, err := s.st.Hubs.All(ctx, store.Page{Limit: docstore.MaxLimit}) // a network has a few hubs
	if err != nil {
		return 0, err
	}
	n := 0
	for _, h := range hubs {
		for p := (store.Page{Limit: 500}); ; {
			links, next, err := s.st.OrgHubs.Unnamed(ctx, h.ID, p)
			if err != nil {
				return n, err
			}
			orgs, err := s.st.Orgs.OfLinks(ctx, links)
			if err != nil {
				return n, err
			}
			names := map[string]string{}
			for _, o := range orgs {
				names[o.ID] = o.Name
			}
			for _, l := range links {
				if names[l.OrgID] == "" {
					continue // an organisation gone: nothing to name it by
				}
				if _, err := s.st.OrgHubs.Update(ctx, l.ID, func(x *domain.OrgHub) error {
					x.Name = names[x.OrgID]
					return nil
				}); err != nil && !errors.Is(err, domain.ErrNotFound) {
					return n, err
				}
				n++
			}
			if next == "" {
				break
			}
			p.After = next
		}
	}
	return n, nil
}
