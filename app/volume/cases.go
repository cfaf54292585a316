package volume

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"github.com/actionhub/actionhub/app/sealed"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/law"
	"github.com/google/uuid"
)

// Full size of the case work: 50,000 cases, each with a plan, a stipend
// paid for the last months (the current month by nine in ten) and six
// recorded follow-up visits, the open ones with their next visit on one of
// the coming 30 days (about 1,667 a day, what the follow-up job makes).
const (
	FullCases        = 50_000
	PaymentsPerCase  = 10
	followUpsPerCase = 6
	followUpDays     = 30
)

// caseSeeder holds what every case of the bulk shares.
type caseSeeder struct {
	*seeder
	vault    store.CaseVault
	sups     []string // the hub's suppliers the cases are at
	own      string   // the supplier manager's facility: every 50th case
	workers  []string // the hub's case workers
	loc      *time.Location
	now      time.Time
	today    audit.Date
	month    casework.Period
	payments atomic.Int64
}

// cases writes the cases with their plans, stipends, payments and
// follow-ups straight into the store, as the services would have left
// them: the months whose deadline has passed are checked and the late ones
// escalated already, the visits counted, so a server started on the data
// sends nothing old. Identities are sealed under the App's key as the
// service seals them. It adds the phase only to a hub without it.
func (s *seeder) cases(ctx context.Context, _ plan) error {
	t := time.Now()
	n := scaled(FullCases, s.o.Scale, 10)
	if s.o.Cases > 0 {
		n = s.o.Cases
	}
	s.report.Planned.Cases = n
	have, err := s.a.Store.Cases.Count(ctx, docstore.EqCond("hub_id", s.hubID))
	if err != nil || have >= int64(n) {
		return err
	}
	sealer, err := sealed.New(sealed.CaseIdentity, s.a.Config.SecretKey, s.a.Config.PreviousKeys...)
	if err != nil {
		return err
	}
	cs := &caseSeeder{seeder: s, vault: s.a.Store.Cases.Vault(sealer), now: time.Now().UTC()}
	if cs.loc, err = time.LoadLocation("Asia/Karachi"); err != nil {
		cs.loc = time.UTC
	}
	cs.today = audit.DateOf(cs.now, cs.loc)
	cs.month = casework.PeriodOf(cs.today)
	if err := cs.gather(ctx); err != nil {
		return err
	}
	prog := s.progress("cases written", n)
	err = parallel(ctx, s.o.Workers, n, func(k int) error {
		defer prog.add()
		return cs.write(ctx, k)
	})
	prog.stop()
	if err != nil {
		return err
	}
	s.phase(fmt.Sprintf("cases (%d payments, %d follow-ups)", cs.payments.Load(), n*followUpsPerCase), n, t)
	return nil
}

// gather finds the hub's case workers and suppliers.
func (cs *caseSeeder) gather(ctx context.Context) error {
	st := cs.a.Store
	p := store.Page{Limit: 500}
	for {
		links, next, err := st.UserHubs.OfHub(ctx, cs.hubID, domain.RoleCaseWorker, p)
		if err != nil {
			return err
		}
		for _, l := range links {
			cs.workers = append(cs.workers, l.UserID)
		}
		if next == "" {
			break
		}
		p.After = next
	}
	p = store.Page{Limit: 500}
	for len(cs.sups) < 2000 {
		sups, next, err := st.Suppliers.InHub(ctx, cs.hubID, store.Listing{}, p)
		if err != nil {
			return err
		}
		for _, x := range sups {
			cs.sups = append(cs.sups, x.ID)
		}
		if next == "" {
			break
		}
		p.After = next
	}
	if u, err := st.Users.ByEmail(ctx, SupplierManager); err == nil {
		if own, _, err := st.Suppliers.OfOrg(ctx, u.OrgID, store.Listing{}, store.Page{Limit: 1}); err == nil && len(own) == 1 {
			cs.own = own[0].ID
		}
	} else if !errors.Is(err, domain.ErrNotFound) {
		return err
	}
	if len(cs.sups) == 0 || len(cs.workers) == 0 {
		return fmt.Errorf("cases: the hub has %d suppliers and %d case workers", len(cs.sups), len(cs.workers))
	}
	return nil
}

// write makes case k with its plan, stipend, payments and visits.
func (cs *caseSeeder) write(ctx context.Context, k int) error {
	st := cs.a.Store
	sup := cs.sups[k%len(cs.sups)]
	if cs.own != "" && k%50 == 0 {
		sup = cs.own
	}
	r := rand.New(rand.NewPCG(uint64(k), 29))
	// Identified before the six visits and the stipend's first month.
	at := cs.now.AddDate(0, -followUpsPerCase-2, 0).Add(-time.Duration(k%400) * 24 * time.Hour).Add(-time.Duration(k) * time.Second)
	id := uuid.Must(uuid.NewV7()).String()
	stage := casework.Stages[k%len(casework.Stages)]
	status := casework.StatusOpen
	if stage == casework.StageClosed {
		status = casework.StatusClosed
	}
	worker := cs.workers[(k/7)%len(cs.workers)]
	due := at.AddDate(0, 1, 0)
	c := casework.Case{ID: id, HubID: cs.hubID, Code: fmt.Sprintf("VOL-%d-%05d", at.In(cs.loc).Year(), k+1), SupplierID: sup,
		Source: casework.SourceOutreach, Status: status, Stage: stage, OpenedBy: cs.workers[k%len(cs.workers)],
		AssignedTo: worker, Identified: at,
		Identity:     &casework.Identity{ChildName: fmt.Sprintf("Volume child %05d", k+1)},
		Child:        casework.Child{AgeYears: 10 + k%7, AgeMethod: casework.AgeBForm, Sex: casework.Sexes[k%2]},
		Work:         casework.Work{Sector: "leather_tanning", WageMonthlyPKR: 8000},
		Jurisdiction: law.Punjab, Classification: casework.Classification{PackID: "punjab/1", Class: law.HazardousChildLabour},
		Plan: []casework.PlanAction{
			{ID: id + "-edu", Kind: casework.KindEducation, Owner: casework.PartyHub, Due: due, Status: casework.ActionDelivered, Created: at},
			{ID: id + "-stipend", Kind: casework.KindStipend, Owner: casework.PartySupplier, Due: due, Status: casework.ActionInProgress,
				StipendMonthlyPKR: 9000, Created: at},
			{ID: id + "-birth", Kind: casework.KindBirthRegistration, Owner: casework.PartyHub, Due: due, Status: casework.ActionPlanned, Created: at},
		},
		Created: at, Updated: at}
	visits, err := cs.visits(&c, r, k)
	if err != nil {
		return fmt.Errorf("case %d: %w", k, err)
	}
	sp, pays, err := cs.stipend(&c, k, at)
	if err != nil {
		return fmt.Errorf("case %d: %w", k, err)
	}
	if err := cs.vault.Insert(ctx, &c); err != nil {
		return err
	}
	if err := st.Stipends.Insert(ctx, sp); err != nil {
		return err
	}
	for i := range pays {
		if err := st.Payments.Insert(ctx, &pays[i]); err != nil {
			return err
		}
	}
	for i := range visits {
		if err := st.FollowUps.Insert(ctx, &visits[i]); err != nil {
			return err
		}
	}
	cs.payments.Add(int64(len(pays)))
	return nil
}

// visits records the case's six monthly visits, counted on the case as
// the service counts them; an open case's next visit falls on one of the
// coming 30 days. The stage stays the drawn one: the lists read stages.
func (cs *caseSeeder) visits(c *casework.Case, r *rand.Rand, k int) ([]casework.FollowUp, error) {
	next := cs.today.AddDays(k % followUpDays)
	stage := c.Stage
	var visits []casework.FollowUp
	for j := range followUpsPerCase {
		due := next.AddMonths(j - followUpsPerCase)
		f := casework.NewFollowUp(uuid.Must(uuid.NewV7()).String(), c, due, due.Start(cs.loc))
		v := casework.Visit{Contacted: r.IntN(10) > 0, VisitedOn: due, By: c.AssignedTo}
		if v.Contacted {
			v.InSchool, v.StipendReceived, v.Wellbeing = r.IntN(5) > 0, true, casework.WellbeingGood
		}
		if err := f.Record(v, c.AssignedTo, due.Start(cs.loc)); err != nil {
			return nil, err
		}
		if err := c.CountFollowUp(f, casework.DefaultSettings, due.Start(cs.loc)); err != nil {
			return nil, err
		}
		f.Applied = true
		visits = append(visits, f)
	}
	c.Stage, c.NextFollowUpDue, c.FollowUpMade = stage, audit.Date(""), next.AddMonths(-1)
	if c.Status == casework.StatusOpen {
		c.NextFollowUpDue = next
	}
	return visits, nil
}

// stipend makes the case's stipend and its payments: one in twenty paid
// one month late (escalated already), one in ten not paid yet this month.
func (cs *caseSeeder) stipend(c *casework.Case, k int, at time.Time) (*casework.Stipend, []casework.Payment, error) {
	s := casework.Stipend{ID: c.ID, HubID: cs.hubID, SupplierID: c.SupplierID, CaseCode: c.Code, ActionID: c.ID + "-stipend", MonthlyPKR: 9000,
		DueDay: k%casework.MaxStipendDueDay + 1, GraceDays: casework.StipendGraceDays,
		Start: cs.month.Add(1 - PaymentsPerCase), End: cs.month.Add(24), Checked: cs.month.Add(-1), Created: at, Updated: at}
	var pays []casework.Payment
	for m := s.Start; m <= cs.month; m = m.Add(1) {
		current := m == cs.month
		passed := s.Deadline(m) < cs.today
		if current && k%10 == 0 && !passed {
			break
		}
		paidOn := s.Due(m).AddDays(-1)
		if k%20 == 3 && !current {
			paidOn = s.Deadline(m).AddDays(3)
		}
		p, err := s.Record(c.ID, casework.NewPayment{Period: m, AmountPKR: 9000, PaidOn: min(paidOn, cs.today)}, cs.today, "volume", at)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", m, err)
		}
		if !current {
			p.State = casework.PaymentConfirmed
		}
		if p.Late {
			p.Escalated = at
			c.StipendLate = true
		}
		pays = append(pays, p)
		if current && passed {
			s.Checked = m
		}
	}
	return &s, pays, nil
}

// caseReads lists the case and stipend reads: the hub's case lists by
// each filter, the supplier's and a brand's, and the payment and
// obligation lists. None when the volume holds no cases.
func caseReads(ctx context.Context, c *client, ps map[string]*party, sup string) ([]read, error) {
	const ha, bb, sm = "hub admin", "brand manager (biggest brand)", "supplier manager"
	var cases, cws idPage
	if err := c.get(ctx, "/api/v1/cases?limit=1&supplier_id="+sup, ps[ha].token, &cases); err != nil || len(cases.Items) == 0 {
		return nil, nil // a volume seeded before the cases phase: nothing to read
	}
	if err := c.get(ctx, "/api/v1/users?limit=1&role=case_worker", ps[ha].token, &cws); err != nil || len(cws.Items) == 0 {
		return nil, fmt.Errorf("a case worker of the hub: %v", err)
	}
	var rs []read
	add := func(path string, roles ...string) {
		for _, r := range roles {
			rs = append(rs, read{path: path, role: r, token: ps[r].token, kind: KindList})
		}
	}
	add("/api/v1/cases?limit=20", ha, sm)
	add("/api/v1/cases?limit=20&stage="+string(casework.StageServicesInProgress), ha)
	add("/api/v1/cases?limit=20&supplier_id="+sup, ha, bb)
	add("/api/v1/cases?limit=20&assigned_to="+cws.Items[0].ID, ha)
	add("/api/v1/cases?limit=20&follow_up_due_before="+time.Now().Format(time.DateOnly), ha)
	add("/api/v1/cases/"+cases.Items[0].ID+"/stipend/payments?limit=20", ha, sm)
	add("/api/v1/stipend-payments?limit=20&flagged=true", ha)
	add("/api/v1/stipend-payments?limit=20&supplier_id="+sup, ha, sm)
	add("/api/v1/stipend-payments?limit=20&supplier_id="+sup+"&flagged=true", ha, sm)
	add("/api/v1/stipends?limit=20", ha, sm)
	add("/api/v1/obligations?limit=20", sm)
	return rs, nil
}
