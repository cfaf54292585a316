package volume

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/actionhub/actionhub/app/sealed"
	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/google/uuid"
)

// Full size of the follow-ups: the 50,000 cases in monitoring with
// 300,000 recorded visits, six a case, and each case's next visit on one
// of the coming 30 days (about 1,667 a day, what the follow-up job makes).
const (
	FullFollowUpCases = 50_000
	followUpsPerCase  = 6
	followUpDays      = 30
)

// followUps seeds the follow-ups phase through the store, with the
// domain's constructors: cases at the hub's suppliers (identity sealed
// under the App's key), each assigned to one of the hub's case workers,
// with its recorded visits counted.
func (s *seeder) followUps(ctx context.Context, _ plan) error {
	t := time.Now()
	sealer, err := sealed.New(sealed.CaseIdentity, s.a.Config.SecretKey, s.a.Config.PreviousKeys...)
	if err != nil {
		return err
	}
	vault := s.a.Store.Cases.Vault(sealer)
	var workers []string
	for _, e := range append([]string{"case.worker@crah.demo"}, caseWorkerEmails()...) {
		u, err := s.a.Store.Users.ByEmail(ctx, e)
		if err != nil {
			return fmt.Errorf("case worker %s: %w", e, err)
		}
		workers = append(workers, u.ID)
	}
	var sups []*supplier.Supplier
	ss, _, err := s.a.Store.Suppliers.Find(ctx, docstore.Query{Where: []docstore.Cond{docstore.EqCond("hub_id", s.hubID)}, Limit: 500})
	if err != nil {
		return err
	}
	for _, x := range ss {
		if x.AliasOf == "" && x.Status == supplier.StatusActive {
			sups = append(sups, x)
		}
	}
	if len(sups) == 0 {
		return fmt.Errorf("no active supplier in the hub")
	}
	loc, err := time.LoadLocation("Asia/Karachi")
	if err != nil {
		loc = time.UTC
	}
	now := time.Now().UTC()
	today := audit.DateOf(now, loc)
	n := scaled(FullFollowUpCases, s.o.Scale, 10)
	prog := s.progress("cases with follow-ups written", n)
	err = parallel(ctx, s.o.Workers, n, func(i int) error {
		defer prog.add()
		r := rand.New(rand.NewPCG(uint64(i), 29))
		next := today.AddDays(i % followUpDays)
		identified := next.AddMonths(-followUpsPerCase - 1).Start(loc)
		sup := sups[i%len(sups)]
		c := casework.Case{ID: uuid.Must(uuid.NewV7()).String(), HubID: s.hubID, Code: fmt.Sprintf("VOL-%d-%05d", identified.Year(), i+1),
			SupplierID: sup.ID, Source: casework.SourceOutreach, Status: casework.StatusOpen, Stage: casework.StageMonitoring,
			OpenedBy: workers[0], AssignedTo: workers[i%len(workers)], Identified: identified,
			Identity:        &casework.Identity{ChildName: fmt.Sprintf("Volume child %05d", i+1), Address: sup.City},
			Child:           casework.Child{AgeYears: 10 + r.IntN(8), Sex: casework.Sexes[r.IntN(2)]},
			NextFollowUpDue: next, FollowUpMade: next.AddMonths(-1), Created: identified, Updated: now}
		var visits []casework.FollowUp
		for k := range followUpsPerCase {
			due := next.AddMonths(k - followUpsPerCase)
			f := casework.NewFollowUp(uuid.Must(uuid.NewV7()).String(), &c, due, due.Start(loc))
			v := casework.Visit{Contacted: r.IntN(10) > 0, VisitedOn: due, By: c.AssignedTo}
			if v.Contacted {
				v.InSchool, v.StipendReceived, v.Wellbeing = r.IntN(5) > 0, true, casework.WellbeingGood
			}
			if err := f.Record(v, c.AssignedTo, due.Start(loc)); err != nil {
				return err
			}
			if err := c.CountFollowUp(f, casework.DefaultSettings, due.Start(loc)); err != nil {
				return err
			}
			f.Applied = true
			visits = append(visits, f)
		}
		// The plan is not modelled here: the stage is the visits' alone.
		c.NextFollowUpDue, c.Stage = next, casework.StageMonitoring
		if c.FollowUpStreak >= casework.ExitStreak {
			c.Stage = casework.StageExitCriteriaMet
		}
		if err := vault.Insert(ctx, &c); err != nil {
			return err
		}
		for j := range visits {
			if err := s.a.Store.FollowUps.Insert(ctx, &visits[j]); err != nil {
				return err
			}
		}
		return nil
	})
	prog.stop()
	if err != nil {
		return err
	}
	s.phase(fmt.Sprintf("cases with follow-ups written (%d follow-ups)", n*followUpsPerCase), n, t)
	return nil
}

// caseWorkerEmails lists the staff's case workers.
func caseWorkerEmails() []string {
	var es []string
	for _, u := range staff {
		if u.Role == domain.RoleCaseWorker {
			es = append(es, u.Email)
		}
	}
	return es
}

// followUpReads lists the follow-up reads as the hub admin: the hub's due
// list whole, through a day and by case worker, the cases list by due
// follow-up, and one case's visits.
func followUpReads(ctx context.Context, c *client, ps map[string]*party) ([]read, error) {
	const ha = "hub admin"
	var cs struct {
		Items []struct {
			ID         string `json:"id"`
			AssignedTo string `json:"assigned_to"`
		} `json:"items"`
	}
	week := time.Now().AddDate(0, 0, 7).Format(time.DateOnly)
	if err := c.get(ctx, "/api/v1/cases?limit=1&follow_up_due_before="+week, ps[ha].token, &cs); err != nil || len(cs.Items) == 0 {
		return nil, fmt.Errorf("a case with a follow-up due this week (is the follow-ups phase seeded?): %v", err)
	}
	id, worker := cs.Items[0].ID, cs.Items[0].AssignedTo
	var rs []read
	for _, path := range []string{"/api/v1/follow-ups/due?limit=20", "/api/v1/follow-ups/due?limit=20&through=" + week,
		"/api/v1/follow-ups/due?limit=20&assigned_to=" + worker, "/api/v1/cases?limit=20&follow_up_due_before=" + week,
		"/api/v1/cases/" + id + "/follow-ups?limit=20"} {
		rs = append(rs, read{path: path, role: ha, token: ps[ha].token, kind: KindList})
	}
	return rs, nil
}
