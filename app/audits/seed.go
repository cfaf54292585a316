package audits

import (
	"context"
	"fmt"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
)

// SeedDemo gives the demo network's registry two audits, made through the
// same calls people make: a published audit at Multan Leather Works with
// findings and the corrective actions they open, and an announced audit
// at Indus Weaving Mills scheduled for next month. The child labour finding
// there is the one the demo case is opened from. It does nothing when
// the hub has audits already, and needs the demo registry.
func (s *Service) SeedDemo(ctx context.Context, hubID string) (bool, error) {
	if as, _, err := s.st.Audits.InHub(ctx, hubID, "", store.Days{}, store.Page{Limit: 1}); err != nil || len(as) > 0 {
		return false, err
	}
	admin, err := s.demoActor(ctx, "hub.admin@crah.demo")
	if err != nil {
		return false, err
	}
	auditor, err := s.demoActor(ctx, "auditor@crah.demo")
	if err != nil {
		return false, err
	}
	multan, err := s.demoFacility(ctx, "compliance@multanleather.demo")
	if err != nil {
		return false, err
	}
	indus, err := s.demoFacility(ctx, "compliance@indusweaving.demo")
	if err != nil {
		return false, err
	}
	loc, err := s.location(ctx, hubID)
	if err != nil {
		return false, err
	}
	today := audit.DateOf(s.now(), loc)
	lead := domain.ActorFrom(auditor).UserID

	a, err := s.Schedule(admin, ScheduleInput{HubID: hubID, Plan: audit.Plan{SupplierID: multan, Type: audit.TypeInitial,
		Mode: audit.ModeAnnounced, Window: audit.Window{From: today, To: today.AddDays(1)},
		LeadAuditorID: lead, TeamIDs: []string{lead}}})
	if err != nil {
		return false, fmt.Errorf("seed audit: %w", err)
	}
	if _, err := s.Move(auditor, a.ID, audit.MoveStart, MoveInput{}); err != nil {
		return false, fmt.Errorf("seed audit start: %w", err)
	}
	for _, d := range []audit.Details{
		{Category: audit.ChildLabour, Severity: audit.Critical, Location: "liming pits, back yard",
			Description:    "A boy of about 14 was carrying limed hides between the pits; the supervisor said he is a cousin's son paid by the day.",
			LegalProvision: "punjab.hazardous_work", LegalProvisionNote: "Every leather-tanning process is in the Schedule.",
			Affected: audit.Affected{Male: audit.AgeBands{Age14: 1}}},
		{Category: audit.HealthSafety, Severity: audit.Major, Location: "chrome tanning drums, ground floor",
			Description: "The tanning drums run without guards and workers handle wet-blue hides without gloves or aprons.",
			RootCause:   "No risk assessment of the drum room; protective equipment is not issued.",
			Affected:    audit.Affected{Male: audit.AgeBands{Adult: 18}}},
		{Category: audit.WorkingHours, Severity: audit.Minor, Location: "finishing hall",
			Description: "Overtime is not recorded: the time sheets of March show no hours beyond 8 a day.",
			Affected:    audit.Affected{Male: audit.AgeBands{Adult: 40}, Female: audit.AgeBands{Adult: 6}}},
	} {
		if _, err := s.RecordFinding(auditor, a.ID, d); err != nil {
			return false, fmt.Errorf("seed finding: %w", err)
		}
	}
	if _, err := s.Move(auditor, a.ID, audit.MoveSubmit, MoveInput{Score: audit.Score{Met: 41, Applicable: 60},
		Summary: "Demo audit: a child in the liming pits, machine guarding and protective equipment in the drum room, and unrecorded overtime."}); err != nil {
		return false, fmt.Errorf("seed audit submit: %w", err)
	}
	if _, err := s.Move(admin, a.ID, audit.MovePublish, MoveInput{}); err != nil {
		return false, fmt.Errorf("seed audit publish: %w", err)
	}
	next := today.AddMonths(1)
	if _, err := s.Schedule(admin, ScheduleInput{HubID: hubID, Plan: audit.Plan{SupplierID: indus, Type: audit.TypeInitial,
		Mode: audit.ModeAnnounced, Window: audit.Window{From: next, To: next.AddDays(2)},
		LeadAuditorID: lead, TeamIDs: []string{lead}}}); err != nil {
		return false, fmt.Errorf("seed scheduled audit: %w", err)
	}
	return true, nil
}

// demoActor acts as the demo user with that address: an audit's steps
// are people's acts, decided like any other.
func (s *Service) demoActor(ctx context.Context, email string) (context.Context, error) {
	a, err := s.st.ActorByEmail(ctx, email)
	if err != nil {
		return nil, fmt.Errorf("seed: demo user %s: %w", email, err)
	}
	a.RequestID = "seed"
	return domain.WithActor(ctx, a), nil
}

// demoFacility is the supplier whose demo manager has that address.
func (s *Service) demoFacility(ctx context.Context, email string) (string, error) {
	u, err := s.st.Users.ByEmail(ctx, email)
	if err != nil {
		return "", fmt.Errorf("seed: demo user %s: %w", email, err)
	}
	sups, _, err := s.st.Suppliers.OfOrg(ctx, u.OrgID, store.Listing{}, store.Page{Limit: 1})
	if err != nil {
		return "", err
	}
	if len(sups) == 0 {
		return "", fmt.Errorf("seed: no demo facility of %s", email)
	}
	return sups[0].ID, nil
}
