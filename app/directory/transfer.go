package directory

import (
	"context"
	"errors"
	"fmt"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/directory"
	"github.com/actionhub/actionhub/policies"
)

// Export is a hub's whole directory as HSDS 3.0: every organisation, every
// service in the full shape (its organisation inside), and the taxonomy
// terms of the hub's service types. Each record validates against the
// official schema of its kind.
type Export struct {
	Organizations []directory.HSDSOrganization `json:"organizations"`
	Services      []directory.HSDSService      `json:"services"`
	TaxonomyTerms []directory.HSDSTaxonomyTerm `json:"taxonomy_terms"`
}

// Export writes out a hub's directory (hub admins).
func (s *Service) Export(ctx context.Context, hubID string) (*Export, error) {
	hubID, err := s.enf.HubFor(domain.ActorFrom(ctx), policies.PermDirectoryExport, hubID, domain.InHub)
	if err != nil {
		return nil, err
	}
	out := &Export{Organizations: []directory.HSDSOrganization{}, Services: []directory.HSDSService{}}
	orgs := map[string]*directory.Organization{}
	f := store.DirectoryFilter{HubID: hubID}
	err = each(func(p store.Page) ([]*directory.Organization, string, error) {
		return s.st.DirectoryOrgs.List(ctx, f, p)
	},
		func(o *directory.Organization) {
			orgs[o.ID] = o
			out.Organizations = append(out.Organizations, directory.OrganizationHSDS(o))
		})
	if err != nil {
		return nil, err
	}
	err = each(func(p store.Page) ([]*directory.Service, string, error) {
		return s.st.DirectoryServices.List(ctx, f, p)
	},
		func(x *directory.Service) {
			out.Services = append(out.Services, directory.ServiceHSDS(x, orgs[x.OrganizationID]))
		})
	if err != nil {
		return nil, err
	}
	for _, t := range directory.ServiceTypes {
		out.TaxonomyTerms = append(out.TaxonomyTerms, directory.Term(hubID, t))
	}
	return out, s.activity.Record(ctx, "directory.export", "hub:"+hubID)
}

// each calls fn on every item of a cursor-paged list.
func each[T any](list func(store.Page) ([]*T, string, error), fn func(*T)) error {
	p := store.Page{Limit: 500}
	for {
		xs, next, err := list(p)
		if err != nil {
			return err
		}
		for _, x := range xs {
			fn(x)
		}
		if next == "" {
			return nil
		}
		p.After = next
	}
}

// ImportResult says what an import wrote and what it left out.
type ImportResult struct {
	Organizations int
	Services      int
	Ignored       []string // positions of fields neither modelled nor kept
}

// Import reads an HSDS 3.0 document into a hub's directory (hub admins).
// Everything is checked before anything is written: a fault anywhere is a
// 422 naming its position (services[3].status) and writes nothing. Records
// are written by their IDs, so importing the same file again changes
// nothing but the time of change; an ID another hub holds is refused.
func (s *Service) Import(ctx context.Context, hubID string, data []byte) (*ImportResult, error) {
	hubID, err := s.enf.HubFor(domain.ActorFrom(ctx), policies.PermDirectoryImport, hubID, domain.InHub)
	if err != nil {
		return nil, err
	}
	b, err := directory.ParseHSDS(data, hubID)
	if err != nil {
		return nil, err
	}
	if err := s.checkBatch(ctx, hubID, b); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	agency := map[string]string{}
	for _, o := range b.Organizations {
		o.Created, o.Modified = now, now
		renamed := false
		if err := s.st.DirectoryOrgs.Insert(ctx, o); errors.Is(err, domain.ErrConflict) {
			o, err = s.st.DirectoryOrgs.Update(ctx, o.ID, func(v *directory.Organization) error {
				keep := *v
				renamed = keep.Name != o.Name
				*v = *o
				v.AgencyOrgID, v.Created, v.Version = keep.AgencyOrgID, keep.Created, keep.Version
				return nil
			})
			if err != nil {
				return nil, fmt.Errorf("import organization %s: %w", o.ID, err)
			}
		} else if err != nil {
			return nil, fmt.Errorf("import organization %s: %w", o.ID, err)
		}
		agency[o.ID] = o.AgencyOrgID
		if err := s.indexOrg(ctx, o, renamed); err != nil {
			return nil, err
		}
	}
	for _, x := range b.Services {
		ag, ok := agency[x.OrganizationID]
		if !ok {
			org, err := s.st.DirectoryOrgs.Get(ctx, x.OrganizationID)
			if err != nil {
				return nil, fmt.Errorf("import service %s: %w", x.ID, err)
			}
			ag, agency[org.ID] = org.AgencyOrgID, org.AgencyOrgID
		}
		x.AgencyOrgID, x.Created, x.Modified = ag, now, now
		if err := s.st.DirectoryServices.Insert(ctx, x); errors.Is(err, domain.ErrConflict) {
			in := x
			x, err = s.st.DirectoryServices.Update(ctx, in.ID, func(v *directory.Service) error {
				keep := *v
				*v = *in
				v.Created, v.Version = keep.Created, keep.Version
				return nil
			})
			if err != nil {
				return nil, fmt.Errorf("import service %s: %w", in.ID, err)
			}
		} else if err != nil {
			return nil, fmt.Errorf("import service %s: %w", x.ID, err)
		}
		if err := s.index(ctx, x, ""); err != nil {
			return nil, err
		}
	}
	res := &ImportResult{Organizations: len(b.Organizations), Services: len(b.Services), Ignored: b.Ignored}
	return res, s.activity.Record(ctx, "directory.import", "hub:"+hubID)
}

// checkBatch checks what needs the store: no ID held by another hub, an
// organisation for every service, prerequisites that exist and make no
// loop. Faults are named by position.
func (s *Service) checkBatch(ctx context.Context, hubID string, b *directory.Batch) error {
	v := &domain.ValidationError{}
	inFile := map[string]bool{}
	for i, o := range b.Organizations {
		inFile[o.ID] = true
		cur, err := s.st.DirectoryOrgs.Get(ctx, o.ID)
		if err == nil && cur.HubID != hubID {
			v.Add(fmt.Sprintf("organizations[%d].id", i), "is taken by another directory")
		} else if err != nil && !errors.Is(err, domain.ErrNotFound) {
			return err
		}
	}
	batch := map[string]*directory.Service{}
	for _, x := range b.Services {
		batch[x.ID] = x
	}
	for i, x := range b.Services {
		at := fmt.Sprintf("services[%d].", i)
		cur, err := s.st.DirectoryServices.Get(ctx, x.ID)
		if err == nil && cur.HubID != hubID {
			v.Add(at+"id", "is taken by another directory")
		} else if err != nil && !errors.Is(err, domain.ErrNotFound) {
			return err
		}
		if !inFile[x.OrganizationID] {
			org, err := s.st.DirectoryOrgs.Get(ctx, x.OrganizationID)
			if errors.Is(err, domain.ErrNotFound) || (err == nil && org.HubID != hubID) {
				v.Add(at+"organization_id", "names no organization in the file or the directory")
			} else if err != nil {
				return err
			}
		}
		err = s.checkPrerequisite(ctx, x, batch)
		var bad *domain.ValidationError
		if errors.As(err, &bad) {
			for _, f := range bad.Fields {
				v.Add(at+f.Field, f.Message)
			}
		} else if err != nil {
			return err
		}
	}
	return v.OrNil()
}
