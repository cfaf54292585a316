package volume

import (
	"context"
	"fmt"
	"time"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/directory"
	"github.com/actionhub/actionhub/domain/referral"
)

// FullReferrals is the referrals phase at full scale: five referrals for
// each of 30,000 children, a third of them to the two agencies whose
// officers log in (so one agency's inbox holds about 25,000), the rest to
// offices that do not.
const FullReferrals = 150_000

// referralsPerCase is how many referrals one child gets.
const referralsPerCase = 5

// AgencyOfficer is the login of the load run's agency: the demo's Child
// Protection & Welfare Bureau, Multan.
const AgencyOfficer = "officer@cpwb.demo"

// referralStates spread the seeded referrals over every state, two in five
// still waiting for an answer.
var referralStates = []referral.State{referral.Sent, referral.Sent, referral.Sent, referral.Sent, referral.Accepted,
	referral.InService, referral.Completed, referral.Completed, referral.Declined, referral.Revoked}

// referrals seeds the referrals phase straight into the store, as a
// migration of an older system's records would be: the referral rules
// (consent, the case's state) were checked by that system, and a store
// insert skips each one's case read, consent check and activity entry. The first
// referrals belong to the demo's case, so the load run reads a case that
// exists; the rest to children of that older system. Referrals past their
// reminder or due date carry their marks already, so the sweeps send
// nothing for the seeded history. It adds only what is missing.
func (s *seeder) referrals(ctx context.Context, _ plan) error {
	t := time.Now()
	n := scaled(FullReferrals, s.o.Scale, 50)
	if s.o.Referrals > 0 {
		n = s.o.Referrals
	}
	s.report.Planned.Referrals = n
	have, err := s.a.Store.Referrals.CountInHub(ctx, s.hubID)
	if err != nil {
		return err
	}
	if int(have) >= n {
		return nil
	}
	svcs, _, err := s.a.Store.DirectoryServices.List(ctx, store.DirectoryFilter{HubID: s.hubID}, store.Page{Limit: 500})
	if err != nil {
		return err
	}
	var agencies, others []*directory.Service
	for _, x := range svcs {
		if x.AgencyOrgID != "" {
			agencies = append(agencies, x)
		} else if x.Status == directory.Active {
			others = append(others, x)
		}
	}
	if len(agencies) == 0 || len(others) == 0 {
		return fmt.Errorf("referrals phase: the directory has no agency's services (%d) or no other services (%d)", len(agencies), len(others))
	}
	// The demo case, opened from a child labour finding of the audits
	// phase through the same calls people make (nothing if one exists).
	if _, err := s.a.Cases.SeedDemo(ctx, s.hubID); err != nil {
		return fmt.Errorf("demo case: %w", err)
	}
	cs, _, err := s.a.Store.Cases.InHub(ctx, s.hubID, store.CaseFilter{}, store.Page{Limit: 1})
	if err != nil {
		return err
	}
	demoCase := &casework.Case{ID: "volume-case-demo", Code: "VOL-0", HubID: s.hubID}
	if len(cs) > 0 {
		demoCase = &cs[0].Case
	}
	now := time.Now().UTC()
	prog := s.progress("referrals", n-int(have))
	err = parallel(ctx, s.o.Workers, n-int(have), func(j int) error {
		defer prog.add()
		i := int(have) + j
		c := casework.Case{ID: fmt.Sprintf("volume-case-%06d", i/referralsPerCase), Code: fmt.Sprintf("VOL-%06d", i/referralsPerCase)}
		if i < referralsPerCase {
			c = *demoCase
		}
		svc := others[i%len(others)]
		if i%3 == 0 {
			svc = agencies[(i/3)%len(agencies)]
		}
		return s.a.Store.Referrals.Insert(ctx, volumeReferral(i, n, s.hubID, &c, svc, now))
	})
	prog.stop()
	if err != nil {
		return fmt.Errorf("referral: %w", err)
	}
	s.phase("referrals", n-int(have), t)
	return nil
}

// volumeReferral is referral i of n: sent one to n minutes before now,
// the newest last, in the state its index gives.
func volumeReferral(i, n int, hubID string, c *casework.Case, svc *directory.Service, now time.Time) *referral.Referral {
	sent := now.Add(-time.Duration(n-i) * time.Minute)
	days := referral.ResponseDays(svc.ResponseDays, referral.Routine)
	due := sent.Add(time.Duration(days) * 24 * time.Hour)
	st := referralStates[i%len(referralStates)]
	r := &referral.Referral{ID: fmt.Sprintf("volume-referral-%06d", i), HubID: hubID, CaseID: c.ID, CaseCode: c.Code,
		ServiceID: svc.ID, ServiceName: svc.Name, ServiceType: svc.Type, ProviderID: svc.OrganizationID, AgencyOrgID: svc.AgencyOrgID,
		ChildAgeYears: 10 + i%8, ChildSex: casework.Sexes[i%2], Reason: "Referred from the older case system.", Urgency: referral.Routine,
		State: st, SentBy: "volume-seed", Sent: sent, Due: due, RemindAt: sent.Add(due.Sub(sent) / 2),
		WebhookScheduled: sent, WebhookRevoked: sent, Created: sent, Updated: sent, History: []referral.Event{{State: referral.Sent, By: "volume-seed", At: sent}}}
	if st != referral.Sent {
		r.History = append(r.History, referral.Event{State: st, By: "volume-seed", At: sent.Add(time.Hour)})
	}
	if st == referral.Declined {
		r.DeclineReason, r.DeclineNotified = "No places.", sent.Add(time.Hour)
	}
	if !now.Before(r.RemindAt) {
		r.Reminded = r.RemindAt
	}
	if now.After(due) {
		r.Escalated = due
	}
	return r
}
