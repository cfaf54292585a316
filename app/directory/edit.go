package directory

import (
	"context"
	"errors"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/directory"
	"github.com/actionhub/actionhub/policies"
)

// Edit rules: hub admins create organisations and choose the agency that
// may edit one; an agency officer changes its own organisation and its
// services, and adds services to it. An entry out of the caller's reach
// answers as unknown (404).

// CreateOrganization adds an organisation to a hub's directory (hub
// admins). Empty IDs of phones and contacts are filled in.
func (s *Service) CreateOrganization(ctx context.Context, o *directory.Organization) (*directory.Organization, error) {
	hubID, err := s.enf.HubFor(domain.ActorFrom(ctx), policies.PermDirectoryEdit, o.HubID, domain.InHub)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	o.ID, o.HubID, o.Created, o.Modified, o.Version = newID(), hubID, now, now, 0
	fillOrgIDs(o)
	if err := directory.CheckOrganization(o, ""); err != nil {
		return nil, err
	}
	if err := s.checkAgency(ctx, hubID, o.AgencyOrgID); err != nil {
		return nil, err
	}
	if err := s.st.DirectoryOrgs.Insert(ctx, o); err != nil {
		return nil, err
	}
	if err := s.indexOrg(ctx, o, false); err != nil {
		return nil, err
	}
	return o, s.activity.Record(ctx, "directory.org.create", "directory_org:"+o.ID)
}

// checkAgency refuses an agency that is not an agency organisation of the hub.
func (s *Service) checkAgency(ctx context.Context, hubID, orgID string) error {
	if orgID == "" {
		return nil
	}
	org, err := s.st.Orgs.Get(ctx, orgID)
	if errors.Is(err, domain.ErrNotFound) || (err == nil && (org.Kind != domain.KindAgency || !contains(org.HubIDs, hubID))) {
		return domain.Invalid("agency_org_id", "names no agency organisation of this hub")
	}
	return err
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// UpdateOrganization replaces an organisation's details; version, when
// not 0, must be the stored one (else 409). Only hub admins change its
// agency; an empty agency keeps the one it has.
func (s *Service) UpdateOrganization(ctx context.Context, id string, version int64, in *directory.Organization) (*directory.Organization, error) {
	cur, err := store.GetVisible(ctx, s.enf, s.st.DirectoryOrgs.Coll, id, policies.PermDirectoryEdit)
	if err != nil {
		return nil, err
	}
	a := domain.ActorFrom(ctx)
	if in.AgencyOrgID == "" { // not named: kept
		in.AgencyOrgID = cur.AgencyOrgID
	}
	if in.AgencyOrgID != cur.AgencyOrgID {
		if !s.enf.Can(a, policies.PermDirectoryEdit, domain.InHub(cur.HubID)) {
			return nil, domain.Forbiddenf("Only the hub's admins change which agency edits an organisation.")
		}
		if err := s.checkAgency(ctx, cur.HubID, in.AgencyOrgID); err != nil {
			return nil, err
		}
	}
	fillOrgIDs(in)
	now := s.now().UTC()
	o, err := s.st.DirectoryOrgs.Update(ctx, id, func(o *directory.Organization) error {
		if version != 0 && o.Version != version {
			return domain.Conflictf("The organization changed since you read it. Read it again.")
		}
		o.AgencyOrgID, o.Name, o.AlternateName, o.Description = in.AgencyOrgID, in.Name, in.AlternateName, in.Description
		o.Email, o.Website, o.LegalStatus, o.Phones, o.Contacts = in.Email, in.Website, in.LegalStatus, in.Phones, in.Contacts
		o.Modified = now
		return directory.CheckOrganization(o, "")
	})
	if err != nil {
		return nil, err
	}
	if o.AgencyOrgID != cur.AgencyOrgID {
		if err := s.moveAgency(ctx, o); err != nil {
			return nil, err
		}
	}
	if err := s.indexOrg(ctx, o, o.Name != cur.Name); err != nil {
		return nil, err
	}
	return o, s.activity.Record(ctx, "directory.org.update", "directory_org:"+o.ID)
}

// moveAgency copies an organisation's agency to its services, which is
// what their scope reads. Repeating it is harmless.
func (s *Service) moveAgency(ctx context.Context, o *directory.Organization) error {
	f := store.DirectoryFilter{HubID: o.HubID, OrganizationID: o.ID}
	p := store.Page{Limit: 500}
	for {
		xs, next, err := s.st.DirectoryServices.List(ctx, f, p)
		if err != nil {
			return err
		}
		for _, x := range xs {
			if _, err := s.st.DirectoryServices.Update(ctx, x.ID, func(v *directory.Service) error {
				v.AgencyOrgID = o.AgencyOrgID
				return nil
			}); err != nil {
				return err
			}
		}
		if next == "" {
			return nil
		}
		p.After = next
	}
}

func fillOrgIDs(o *directory.Organization) {
	for i := range o.Phones {
		fill(&o.Phones[i].ID)
	}
	for i := range o.Contacts {
		fill(&o.Contacts[i].ID)
	}
}

func fill(id *string) {
	if *id == "" {
		*id = newID()
	}
}

func fillServiceIDs(x *directory.Service) {
	for i := range x.Phones {
		fill(&x.Phones[i].ID)
	}
	for i := range x.Contacts {
		fill(&x.Contacts[i].ID)
	}
	for i := range x.Schedules {
		fill(&x.Schedules[i].ID)
	}
	for i := range x.ServiceAreas {
		fill(&x.ServiceAreas[i].ID)
	}
	for i := range x.Locations {
		fill(&x.Locations[i].ID)
		fill(&x.Locations[i].SALID)
		if x.Locations[i].Type == "" {
			x.Locations[i].Type = directory.Physical
		}
	}
	for i := range x.Languages {
		fill(&x.Languages[i].ID)
	}
	for i := range x.RequiredDocuments {
		fill(&x.RequiredDocuments[i].ID)
	}
}

// CreateService adds a service to an organisation the caller may edit.
func (s *Service) CreateService(ctx context.Context, x *directory.Service) (*directory.Service, error) {
	org, err := store.GetVisible(ctx, s.enf, s.st.DirectoryOrgs.Coll, x.OrganizationID, policies.PermDirectoryEdit)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	x.ID, x.HubID, x.AgencyOrgID, x.Created, x.Modified, x.Version = newID(), org.HubID, org.AgencyOrgID, now, now, 0
	fillServiceIDs(x)
	if err := directory.CheckService(x, ""); err != nil {
		return nil, err
	}
	if err := s.checkPrerequisite(ctx, x, nil); err != nil {
		return nil, err
	}
	if err := s.st.DirectoryServices.Insert(ctx, x); err != nil {
		return nil, err
	}
	if err := s.index(ctx, x, org.Name); err != nil {
		return nil, err
	}
	return x, s.activity.Record(ctx, "directory.service.create", "directory_service:"+x.ID)
}

// UpdateService replaces a service's details; version, when not 0, must
// be the stored one. Its organisation stays.
func (s *Service) UpdateService(ctx context.Context, id string, version int64, in *directory.Service) (*directory.Service, error) {
	cur, err := store.GetVisible(ctx, s.enf, s.st.DirectoryServices.Coll, id, policies.PermDirectoryEdit)
	if err != nil {
		return nil, err
	}
	in.ID, in.HubID = cur.ID, cur.HubID
	if err := s.checkPrerequisite(ctx, in, nil); err != nil {
		return nil, err
	}
	fillServiceIDs(in)
	now := s.now().UTC()
	x, err := s.st.DirectoryServices.Update(ctx, id, func(v *directory.Service) error {
		if version != 0 && v.Version != version {
			return domain.Conflictf("The service changed since you read it. Read it again.")
		}
		keep := *v
		*v = *in
		v.ID, v.HubID, v.OrganizationID, v.AgencyOrgID = keep.ID, keep.HubID, keep.OrganizationID, keep.AgencyOrgID
		v.Created, v.Version, v.Modified = keep.Created, keep.Version, now
		if v.Extra == nil {
			v.Extra = keep.Extra
		}
		return directory.CheckService(v, "")
	})
	if err != nil {
		return nil, err
	}
	if err := s.index(ctx, x, ""); err != nil {
		return nil, err
	}
	return x, s.activity.Record(ctx, "directory.service.update", "directory_service:"+x.ID)
}

// checkPrerequisite checks x's prerequisite against the hub's directory,
// and batch (services about to be written with it) first.
func (s *Service) checkPrerequisite(ctx context.Context, x *directory.Service, batch map[string]*directory.Service) error {
	if x.PrerequisiteServiceID == "" {
		return nil
	}
	var failed error
	get := func(id string) *directory.Service {
		if b, ok := batch[id]; ok {
			return b
		}
		if id == x.ID {
			return x
		}
		v, err := s.st.DirectoryServices.Get(ctx, id)
		if err != nil {
			if !errors.Is(err, domain.ErrNotFound) {
				failed = err
			}
			return nil
		}
		if v.HubID != x.HubID {
			return nil
		}
		return v
	}
	found := get(x.PrerequisiteServiceID) != nil
	err := directory.CheckPrerequisite(x, found, func(id string) string {
		if v := get(id); v != nil {
			return v.PrerequisiteServiceID
		}
		return ""
	})
	if failed != nil {
		return failed
	}
	return err
}
