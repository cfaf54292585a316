package cases

import (
	"context"
	"fmt"
	"time"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/law"
)

// SeedDemo opens the demo case, through the same calls people make: the
// demo auditor opens it from the hub's first child labour finding without
// a case (the published audit at Multan Leather Works), and the demo case
// worker records the immediate action, both consents, the assessment and
// a plan (school, the supplier's stipend, birth registration). It does
// nothing when the hub has a case already or no such finding.
func (s *Service) SeedDemo(ctx context.Context, hubID string) (bool, error) {
	if cs, _, err := s.st.Cases.InHub(ctx, hubID, store.CaseFilter{}, store.Page{Limit: 1}); err != nil || len(cs) > 0 {
		return false, err
	}
	fs, _, err := s.st.Findings.InHub(ctx, hubID, audit.ChildLabour, "", store.Page{Limit: 20})
	if err != nil {
		return false, err
	}
	var finding *audit.Finding
	for _, f := range fs {
		if f.CaseDue && f.CaseID == "" {
			finding = f
			break
		}
	}
	if finding == nil {
		return false, nil
	}
	auditor, err := s.demoActor(ctx, "auditor@crah.demo")
	if err != nil {
		return false, err
	}
	worker, err := s.demoActor(ctx, "case.worker@crah.demo")
	if err != nil {
		return false, err
	}
	now := s.now().UTC()
	v, err := s.Open(auditor, OpenInput{Source: casework.SourceFinding, FindingID: finding.ID, Identified: finding.Created,
		Identity: casework.Identity{ChildName: "Demo Child", GuardianName: "Demo Guardian", Address: "Demo address, Multan",
			FamilySituation: "Demo: father ill, four siblings.", SchoolHistory: "Demo: left school in class 4.", Languages: []string{"Saraiki", "Urdu"}},
		Child: casework.Child{AgeYears: 14, AgeMethod: casework.AgeBForm, Sex: casework.SexMale, Schooling: law.OutOfSchool},
		Work: casework.Work{Tasks: []law.Task{{Code: "leather_tanning.liming"}}, WageMonthlyPKR: 9000,
			Days: []law.Day{{Shifts: []law.Shift{{Start: law.At(8, 0), End: law.At(14, 0)}}}}, RecruitedHow: "Demo: through a cousin."}})
	if err != nil {
		return false, fmt.Errorf("seed case: %w", err)
	}
	id, ver := v.Case.ID, v.Case.Version
	step := func(what string, f func(int64) (*View, error)) error {
		v, err := f(ver)
		if err != nil {
			return fmt.Errorf("seed case %s: %w", what, err)
		}
		ver = v.Case.Version
		return nil
	}
	due := now.Add(30 * 24 * time.Hour)
	steps := []struct {
		what string
		f    func(int64) (*View, error)
	}{
		{"immediate action", func(n int64) (*View, error) {
			return s.RecordImmediateAction(worker, id, n, now, "Demo: taken out of the beamhouse the day he was found.")
		}},
		{"consent", func(n int64) (*View, error) {
			return s.RecordConsent(worker, id, n, casework.ConsentForServices, casework.ConsentGiven, "mother")
		}},
		{"disclosure", func(n int64) (*View, error) {
			return s.RecordConsent(worker, id, n, casework.DisclosureToOthers, casework.ConsentGiven, "mother")
		}},
		{"assessment", func(n int64) (*View, error) {
			return s.RecordAssessment(worker, id, n, casework.Assessment{Risk: casework.RiskHigh, Summary: "Demo: out of school two years."})
		}},
		{"school", func(n int64) (*View, error) {
			return s.AddAction(worker, id, n, casework.NewAction{Kind: casework.KindEducation, Owner: casework.PartyHub, Due: due})
		}},
		{"stipend", func(n int64) (*View, error) {
			return s.AddAction(worker, id, n, casework.NewAction{Kind: casework.KindStipend, Owner: casework.PartySupplier, Due: due, StipendMonthlyPKR: 9000})
		}},
		{"birth registration", func(n int64) (*View, error) {
			return s.AddAction(worker, id, n, casework.NewAction{Kind: casework.KindBirthRegistration, Owner: casework.PartyHub, Due: due})
		}},
	}
	for _, st := range steps {
		if err := step(st.what, st.f); err != nil {
			return false, err
		}
	}
	return true, nil
}

// demoActor acts as the demo user with that address.
func (s *Service) demoActor(ctx context.Context, email string) (context.Context, error) {
	a, err := s.st.ActorByEmail(ctx, email)
	if err != nil {
		return nil, fmt.Errorf("seed: demo user %s: %w", email, err)
	}
	a.RequestID = "seed"
	return domain.WithActor(ctx, a), nil
}
