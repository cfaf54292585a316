package cases

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/law"
	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/actionhub/actionhub/policies"
)

// OpenInput is what a case is opened with: from a finding (FindingID), or
// from outreach at a supplier of the hub (SupplierID).
type OpenInput struct {
	HubID      string // may be omitted; it must be the finding's hub
	Source     casework.Source
	FindingID  string
	SupplierID string // outreach only: the finding names its supplier
	// Identified defaults to now; not in the future.
	Identified time.Time
	Identity   casework.Identity
	Child      casework.Child
	Work       casework.Work
}

// Open opens a case. From a finding: the finding must be visible to the
// caller, call for a case (audit.Finding.CaseDue) and have none yet (a
// second is a conflict naming the first's code). The case is classified
// under the law pack in force on the day of identification in the
// supplier's province, and numbered from the store's sequence of its
// city's prefix and year. Errors: validation errors naming the field; not
// found for a hub out of reach.
func (s *Service) Open(ctx context.Context, in OpenInput) (*View, error) {
	ac := domain.ActorFrom(ctx)
	var (
		f   *audit.Finding
		sup *supplier.Supplier
		err error
	)
	switch in.Source {
	case casework.SourceFinding:
		if in.FindingID == "" {
			return nil, domain.Invalid("finding_id", "is required to open a case from a finding")
		}
		if in.SupplierID != "" {
			return nil, domain.Invalid("supplier_id", "comes from the finding; leave it out")
		}
		f, err = store.GetVisible(ctx, s.enf, s.st.Findings.Coll, in.FindingID, policies.PermCasesOpen)
		if err != nil {
			return nil, notVisibleAsInvalid(err, "finding_id", "is not a finding you may open a case from")
		}
		if !f.CaseDue {
			return nil, domain.Invalid("finding_id", "is a finding of "+string(f.Category)+", which does not call for a case")
		}
		if in.HubID != "" && in.HubID != f.HubID {
			return nil, domain.Invalid("hub_id", "must be the finding's hub")
		}
		if err := s.refuseSecond(ctx, f.ID, f.CaseID != ""); err != nil {
			return nil, err
		}
		in.HubID, in.SupplierID = f.HubID, f.SupplierID
	case casework.SourceOutreach:
		if in.FindingID != "" {
			return nil, domain.Invalid("finding_id", "is for cases from a finding")
		}
		if in.SupplierID == "" {
			return nil, domain.Invalid("supplier_id", "is required to open a case from outreach")
		}
	case casework.SourceGrievance:
		return nil, domain.Invalid("source", "a case from a grievance is opened from the grievance")
	default:
		return nil, domain.Invalid("source", "must be finding or outreach")
	}
	hubID, err := s.enf.HubFor(ac, policies.PermCasesOpen, in.HubID, domain.InHub)
	if err != nil {
		return nil, err
	}
	sup, err = s.st.Suppliers.Get(ctx, in.SupplierID)
	if err != nil || sup.HubID != hubID {
		return nil, notVisibleAsInvalid(cmpErr(err, domain.ErrNotFound), "supplier_id", "is not a supplier of the hub")
	}
	hub, err := s.st.Hubs.Get(ctx, hubID)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	identified := in.Identified
	if identified.IsZero() {
		identified = now
	}
	j, ok := jurisdiction(hub, sup)
	if !ok {
		return nil, domain.Invalid("supplier_id", "is in a province without a law pack ("+sup.Province+"): the case cannot be classified")
	}
	pack, err := law.PackFor(j, identified)
	if err != nil {
		return nil, domain.Invalid("identified", "is a day no law pack of "+string(j)+" covers")
	}
	loc := location(hub)
	prefix := casework.CodePrefix(sup.City)
	year := identified.In(loc).Year()
	n, err := s.st.Engine.Next(ctx, casework.SequenceName(prefix, year))
	if err != nil {
		return nil, err
	}
	work := in.Work
	work.Sector = casework.SectorCode(string(sup.SubSector))
	c, err := casework.Open(casework.Opening{ID: newID(), HubID: hubID, Code: casework.FormatCode(prefix, year, n),
		SupplierID: sup.ID, Source: in.Source, SourceID: in.FindingID, Identified: identified, Pack: pack,
		Identity: in.Identity, Child: in.Child, Work: work}, ac.UserID, now)
	if err != nil {
		return nil, err
	}
	if err := s.vault.Insert(ctx, &c); err != nil {
		if errors.Is(err, domain.ErrConflict) && f != nil {
			return nil, s.refuseSecond(ctx, f.ID, true) // a race: the other open won
		}
		return nil, err
	}
	if f != nil {
		// The finding names its case; the unique source key already keeps
		// a second case out, so a failure here leaves nothing wrong to repair
		// but the link, which the next open attempt's answer still gives.
		if _, err := s.st.Findings.Update(ctx, f.ID, func(x *audit.Finding) error {
			if x.CaseID == "" {
				x.CaseID = c.ID
			}
			return nil
		}); err != nil {
			return nil, err
		}
	}
	if err := s.activity.Record(ctx, "cases.open", "case:"+c.ID); err != nil {
		return nil, err
	}
	return s.viewAfter(ctx, &c)
}

// refuseSecond answers a conflict naming the case already opened from the
// finding, if there is one: opened says the finding or the store already
// said so.
func (s *Service) refuseSecond(ctx context.Context, findingID string, opened bool) error {
	d, err := s.st.Cases.BySource(ctx, casework.SourceFinding, findingID)
	switch {
	case errors.Is(err, domain.ErrNotFound) && !opened:
		return nil
	case errors.Is(err, domain.ErrNotFound):
		return domain.Conflictf("A case was already opened from this finding.")
	case err != nil:
		return err
	}
	return domain.Conflictf("Case %s was already opened from this finding.", d.Code)
}

// jurisdiction is the law's jurisdiction of the supplier: its province, or
// the province the hub gives its city.
func jurisdiction(h *domain.Hub, sup *supplier.Supplier) (law.Jurisdiction, bool) {
	if j, ok := law.JurisdictionOf(sup.Province); ok {
		return j, true
	}
	for _, c := range h.Cities {
		if strings.EqualFold(c.Name, sup.City) {
			return law.JurisdictionOf(c.Province)
		}
	}
	return "", false
}

// location is the hub's time zone; UTC when it names none or an unknown one.
func location(h *domain.Hub) *time.Location {
	loc, err := time.LoadLocation(h.TimeZone)
	if err != nil || h.TimeZone == "" {
		return time.UTC
	}
	return loc
}

// cmpErr is err, or want when err is nil (a record found but out of place).
func cmpErr(err, want error) error {
	if err == nil {
		return want
	}
	return err
}
