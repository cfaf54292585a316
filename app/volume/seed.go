// Package volume builds a hub network at production size through the
// services, and measures the API's list and key reads on it as each role
// that uses them: the volume load suite every capability extends with its
// own records and endpoints.
package volume

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/actionhub/actionhub/app/identity"
	"github.com/actionhub/actionhub/app/registry"
	"github.com/actionhub/actionhub/app/server"
	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/supplier"
)

// Full size: the registry a hub network reaches in its first years.
const (
	FullSuppliers = 50_000
	FullLinks     = 200_000 // accepted nominations, each a brand–supplier link
	FullBrands    = 100
	listRows      = 10_000 // rows per uploaded list, the service's limit
)

// Logins the load run uses besides the demo network's (password
// identity.DemoPassword for all).
const (
	BigBrandManager     = "manager@brand001.volume.demo" // the biggest buyer
	NoLinksBrandManager = "manager@newbrand.volume.demo" // a brand that has nominated nothing yet
	SupplierManager     = "compliance@supplier00001.volume.demo"
)

// ErrSeeded is returned when the data directory already holds the volume network.
var ErrSeeded = errors.New("the volume network is already seeded here: start from an empty DATA_DIR (or database)")

// SeedOptions sizes the network: Scale 1 is the full size, 0.02 a quick run.
type SeedOptions struct {
	Scale   float64
	Workers int       // concurrent operator decisions; 4 when 0
	Out     io.Writer // progress; none when nil
	// Cases and Referrals override their phases' sizes (0: FullCases and
	// FullReferrals scaled), so a small registry can carry the full
	// 50,000 cases and 150,000 referrals.
	Cases, Referrals int
}

// Counts are the network's records in the hub.
type Counts struct {
	Brands, Suppliers, Nominations, Accepted, Pending, MatchReview, Declined, Links int
	SupplierOrgs, Users                                                             int
	Audits, Findings, Actions                                                       int
	DirectoryServices                                                               int
	Cases                                                                           int
	Referrals                                                                       int
}

// SeedReport is what a seed built and how long it took.
type SeedReport struct {
	Planned Counts // what the plan asked for
	Built   Counts // what the hub holds afterwards (the demo network's records included)
	// How the further nominations of registered facilities matched on upload.
	Automatic, Review, New int
	WrongMatches           int // a confident match to another facility, corrected by the operator
	Phases                 []Phase
	Took                   time.Duration
}

// Phase is one step of the seed and its time.
type Phase struct {
	Name string
	N    int
	Took time.Duration
}

// row is one nomination of the plan.
type row struct {
	facility int // index into plan.facilities; -1 for a facility never registered
	brand    int
	f        supplier.Facility // as the brand writes it
	fate     supplier.NominationStatus
}

// plan is the network to build, drawn from a fixed seed.
type plan struct {
	brands     int
	facilities []supplier.Facility
	first      []row // each facility's first nomination: the operator accepts it as a new supplier
	further    []row // other brands' nominations: accepted, left pending, or declined
	supplierOf []int // facilities that get their own organisation and user
}

func scaled(n int, scale float64, least int) int { return max(least, int(float64(n)*scale+0.5)) }

func makePlan(scale float64) plan {
	p := plan{brands: FullBrands}
	if scale < 0.1 {
		p.brands = scaled(1000, scale, 6)
	}
	nSup := scaled(FullSuppliers, scale, 20)
	nLinks := max(scaled(FullLinks, scale, 40), nSup)
	g := newGenerator(2026)
	z := newZipf(p.brands)
	r := rand.New(rand.NewPCG(7, 11))
	brandsOf := make([]map[int]bool, nSup)
	p.facilities = make([]supplier.Facility, nSup)
	for i := range nSup {
		p.facilities[i] = g.facility()
		b := z.pick(r)
		brandsOf[i] = map[int]bool{b: true}
		p.first = append(p.first, row{facility: i, brand: b, f: p.facilities[i], fate: supplier.NominationAccepted})
	}
	further := func(fate supplier.NominationStatus) {
		for {
			i := r.IntN(nSup)
			b := z.pick(r)
			if brandsOf[i][b] || len(brandsOf[i]) >= p.brands {
				continue
			}
			brandsOf[i][b] = true
			f := p.facilities[i]
			if r.IntN(3) == 0 {
				f = g.respell(f)
			}
			p.further = append(p.further, row{facility: i, brand: b, f: f, fate: fate})
			return
		}
	}
	for range nLinks - nSup {
		further(supplier.NominationAccepted)
	}
	// Beyond the links: 4% of nominations still wait for the operator, 2%
	// were declined; half of each name a registered facility, half one the
	// registry does not hold.
	for k := range nLinks * 6 / 100 {
		fate := supplier.NominationPending
		if k%3 == 2 {
			fate = supplier.NominationDeclined
		}
		if k%2 == 0 {
			further(fate)
			continue
		}
		p.further = append(p.further, row{facility: -1, brand: z.pick(r), f: g.facility(), fate: fate})
	}
	r.Shuffle(len(p.further), func(i, j int) { p.further[i], p.further[j] = p.further[j], p.further[i] })
	// One facility in a hundred has its own users; the first is one of the
	// biggest buyer's suppliers, so the load run reads one supplier as all three parties.
	for i := range nSup {
		if brandsOf[i][0] {
			p.supplierOf = append(p.supplierOf, i)
			break
		}
	}
	for i := 0; i < nSup; i += 100 {
		if len(p.supplierOf) == 0 || i != p.supplierOf[0] {
			p.supplierOf = append(p.supplierOf, i)
		}
	}
	return p
}

// planned counts what the plan asks for in the volume part of the network.
func (p plan) planned() Counts {
	c := Counts{Brands: p.brands + 1, Suppliers: len(p.facilities), SupplierOrgs: len(p.supplierOf)}
	c.Nominations = len(p.first) + len(p.further)
	c.Accepted = len(p.first)
	for _, r := range p.further {
		switch r.fate {
		case supplier.NominationAccepted:
			c.Accepted++
		case supplier.NominationDeclined:
			c.Declined++
		default:
			c.Pending++ // pending or in match review, as matching decides
		}
	}
	c.Links = c.Accepted
	c.Users = 2*c.Brands + c.SupplierOrgs + len(staff)
	return c
}

// staff are the operator's people beside the demo network's.
var staff = func() []identity.NewUser {
	var us []identity.NewUser
	add := func(role domain.Role, n int, who string) {
		for i := 1; i <= n; i++ {
			us = append(us, identity.NewUser{Email: fmt.Sprintf("%s%02d@crah.volume.demo", who, i), Name: fmt.Sprintf("%s %02d", who, i), Role: role})
		}
	}
	add(domain.RoleHubAdmin, 2, "hub.admin")
	add(domain.RoleAuditor, 12, "auditor")
	add(domain.RoleCaseWorker, 8, "case.worker")
	return us
}()

// seeder holds the parties a seed acts as.
type seeder struct {
	a        *server.App
	o        SeedOptions
	hubID    string
	platform context.Context // platform admin
	operator context.Context // hub admin
	brands   []context.Context
	brandIDs []string
	// supplierIDs[i] is the supplier planned facility i was registered as.
	supplierIDs []string
	report      *SeedReport
	start       time.Time
	added       bool // a phase added records (a seed onto a seeded hub adds only what is missing)
}

// Seed builds the volume network into the App's store through its services:
// the demo network first (its logins are the load run's), then the
// operator's staff, the brands and their people, every brand's supplier
// lists uploaded as lists of up to 10,000 rows, and the operator's decision
// on every nomination; last, a facility in a hundred gets its own
// organisation and user; then the audits (audits, findings and corrective
// actions: see auditSeeder), directory, cases and referrals phases. On a
// data directory whose registry is seeded already it adds the later phases
// the hub lacks, and refuses when it lacks none (ErrSeeded). The App's
// worker should run meanwhile, so the brands' notifications are delivered.
func Seed(ctx context.Context, a *server.App, o SeedOptions) (*SeedReport, error) {
	if o.Scale <= 0 {
		return nil, fmt.Errorf("scale must be above 0")
	}
	if o.Workers <= 0 {
		o.Workers = 4
	}
	if o.Out == nil {
		o.Out = io.Discard
	}
	_, err := a.Store.Users.ByEmail(ctx, BigBrandManager)
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return nil, err
	}
	registered := err == nil // the registry phase ran here before
	s := &seeder{a: a, o: o, report: &SeedReport{}, start: time.Now()}
	p := makePlan(o.Scale)
	s.report.Planned = p.planned()
	s.report.Planned.Audits = scaled(FullAudits, o.Scale, 10)
	s.phase("plan drawn", len(p.facilities)+len(p.further), s.start)
	s.added = false
	steps := []func(context.Context, plan) error{s.network, s.people, s.firstNominations, s.furtherNominations, s.supplierUsers, s.audits, s.directory, s.cases, s.referrals, s.delivered}
	if registered {
		// A registry seeded before the later phases existed gets each
		// missing one, once.
		fmt.Fprintf(o.Out, "the registry is seeded here: adding the phases it lacks\n")
		s.report.Planned = Counts{Audits: s.report.Planned.Audits}
		steps = []func(context.Context, plan) error{s.find, s.audits, s.directory, s.cases, s.referrals}
	}
	for _, step := range steps {
		if err := step(ctx, p); err != nil {
			return s.report, err
		}
	}
	if registered {
		if !s.added {
			return s.report, ErrSeeded
		}
		if err := s.delivered(ctx, p); err != nil {
			return s.report, err
		}
	}
	s.report.Took = time.Since(s.start)
	built, err := Count(ctx, a, s.hubID)
	s.report.Built = built
	return s.report, err
}

func (s *seeder) phase(name string, n int, since time.Time) {
	ph := Phase{Name: name, N: n, Took: time.Since(since)}
	s.added = s.added || n > 0
	s.report.Phases = append(s.report.Phases, ph)
	fmt.Fprintf(s.o.Out, "%-44s %9d in %7.1fs  (total %.0fs)\n", name, n, ph.Took.Seconds(), time.Since(s.start).Seconds())
}

// login acts as a seeded person, through the same login and authentication
// every request goes through.
func (s *seeder) login(ctx context.Context, email string) (context.Context, error) {
	r, err := s.a.Identity.Login(ctx, email, identity.DemoPassword, "127.0.0.1")
	if err != nil {
		return nil, fmt.Errorf("log in as %s: %w", email, err)
	}
	pr, err := s.a.Identity.Authenticate(ctx, r.Token)
	if err != nil {
		return nil, err
	}
	pr.Actor.RequestID = "volume-seed"
	return identity.WithPrincipal(ctx, pr), nil
}

// network seeds the demo network and finds its hub and operator.
func (s *seeder) network(ctx context.Context, _ plan) error {
	t := time.Now()
	if _, _, err := s.a.SeedDemo(ctx); err != nil {
		return err
	}
	if err := s.find(ctx, plan{}); err != nil {
		return err
	}
	s.phase("demo network", 1, t)
	return nil
}

// find finds the demo hub and logs its platform admin and operator in.
func (s *seeder) find(ctx context.Context, _ plan) error {
	hub, err := s.a.Store.Hubs.ByCode(ctx, identity.DemoHubCode)
	if errors.Is(err, domain.ErrNotFound) {
		return errors.New("the demo hub is missing")
	}
	if err != nil {
		return err
	}
	s.hubID = hub.ID
	if s.platform, err = s.login(ctx, "admin@actionhub.demo"); err != nil {
		return err
	}
	s.operator, err = s.login(ctx, "hub.admin@crah.demo")
	return err
}

// people adds the operator's staff, the brands and two people per brand,
// hashing passwords on every core.
func (s *seeder) people(ctx context.Context, p plan) error {
	t := time.Now()
	opOrg := domain.ActorFrom(s.operator).OrgID
	var users []identity.NewUser
	for _, u := range staff {
		u.OrgID, u.Password = opOrg, identity.DemoPassword
		users = append(users, u)
	}
	s.brandIDs = make([]string, p.brands+1)
	for i := range p.brands + 1 {
		name, dom := brandName(i)
		if i == p.brands {
			name, dom = "Newbrand Collective Ltd (volume)", "newbrand.volume.demo"
		}
		org, err := s.a.Identity.CreateOrg(s.platform, identity.NewOrg{Kind: domain.KindBrand, Name: name, HubIDs: []string{s.hubID}})
		if err != nil {
			return fmt.Errorf("brand %s: %w", name, err)
		}
		s.brandIDs[i] = org.ID
		users = append(users,
			identity.NewUser{OrgID: org.ID, Email: "manager@" + dom, Name: "Sourcing manager, " + name, Role: domain.RoleBrandManager, Password: identity.DemoPassword},
			identity.NewUser{OrgID: org.ID, Email: "viewer@" + dom, Name: "Sustainability analyst, " + name, Role: domain.RoleBrandViewer, Password: identity.DemoPassword})
	}
	err := parallel(ctx, 2, len(users), func(i int) error {
		_, err := s.a.Identity.CreateUser(s.platform, users[i])
		return err
	})
	if err != nil {
		return err
	}
	s.brands = make([]context.Context, p.brands)
	for i := range p.brands {
		_, dom := brandName(i)
		if s.brands[i], err = s.login(ctx, "manager@"+dom); err != nil {
			return err
		}
	}
	s.phase("brands, staff and their logins", len(users), t)
	return nil
}

// listCSV writes rows as a brand's supplier list.
func listCSV(rows []row, r *rand.Rand) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"name", "address", "city", "sector", "sub_sector", "workers_total", "workers_women", "workers_under_18",
		"products", "annual_volume", "since", "reason"})
	for _, x := range rows {
		f := x.f
		_ = w.Write([]string{f.Name, f.Address, f.City, string(f.Sector), string(f.SubSector), strconv.Itoa(f.Workforce.Total),
			strconv.Itoa(f.Workforce.Women), strconv.Itoa(f.Workforce.UnderEighteen), products[f.Sector][r.IntN(len(products[f.Sector]))],
			volumeBands[r.IntN(len(volumeBands))], fmt.Sprintf("%d-%02d", 2012+r.IntN(13), 1+r.IntN(12)), "tier-1 supplier on our list"})
	}
	w.Flush()
	return b.Bytes()
}

// upload sends each brand's rows as lists of up to 10,000 rows and returns
// the nomination written for each row, in the order of rows.
func (s *seeder) upload(ctx context.Context, rows []row, r *rand.Rand) ([]string, error) {
	byBrand := map[int][]int{}
	for i, x := range rows {
		byBrand[x.brand] = append(byBrand[x.brand], i)
	}
	ids := make([]string, len(rows))
	for b := range s.brands {
		idx := byBrand[b]
		for start := 0; start < len(idx); start += listRows {
			part := idx[start:min(start+listRows, len(idx))]
			list := make([]row, len(part))
			for k, i := range part {
				list[k] = rows[i]
			}
			up, err := s.a.Registry.Upload(s.brands[b], registry.UploadInput{HubID: s.hubID, Data: listCSV(list, r)})
			if err != nil {
				return nil, fmt.Errorf("upload of brand %d: %w", b+1, err)
			}
			for _, ur := range up.Rows {
				if ur.Outcome != supplier.OutcomeNew {
					return nil, fmt.Errorf("upload of brand %d, line %d: %s %+v", b+1, ur.Line, ur.Outcome, ur.Problems)
				}
				ids[part[ur.Line-2]] = ur.NominationID
			}
		}
	}
	return ids, nil
}

// firstNominations uploads each facility's first nomination and accepts
// them all: the registry's suppliers. A doubtful match the operator
// rejects (another facility), so every planned facility is registered.
func (s *seeder) firstNominations(ctx context.Context, p plan) error {
	t := time.Now()
	ids, err := s.upload(ctx, p.first, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		return err
	}
	s.phase("first nominations uploaded", len(ids), t)
	t = time.Now()
	s.supplierIDs = make([]string, len(p.facilities))
	prog := s.progress("first nominations accepted", len(ids))
	err = parallel(ctx, s.o.Workers, len(ids), func(i int) error {
		defer prog.add()
		n, err := s.a.Registry.Accept(s.operator, ids[i], "")
		if errors.Is(err, domain.ErrConflict) {
			if _, err := s.a.Registry.ResolveMatch(s.operator, ids[i], false); err != nil {
				return err
			}
			n, err = s.a.Registry.Accept(s.operator, ids[i], "")
		}
		if err != nil {
			return err
		}
		s.supplierIDs[p.first[i].facility] = n.SupplierID
		return nil
	})
	prog.stop()
	if err != nil {
		return err
	}
	s.phase("first nominations accepted (suppliers)", len(ids), t)
	return nil
}

// furtherNominations uploads the other brands' lists and decides them as
// the plan says, confirming doubtful matches to the right facility.
func (s *seeder) furtherNominations(ctx context.Context, p plan) error {
	t := time.Now()
	supplierOf := s.supplierIDs
	ids, err := s.upload(ctx, p.further, rand.New(rand.NewPCG(2, 2)))
	if err != nil {
		return err
	}
	s.phase("further nominations uploaded", len(ids), t)
	t = time.Now()
	var automatic, review, fresh, wrong atomic.Int64
	prog := s.progress("further nominations decided", len(ids))
	err = parallel(ctx, s.o.Workers, len(ids), func(i int) error {
		defer prog.add()
		x, id := p.further[i], ids[i]
		n, err := s.a.Registry.Nomination(s.operator, id)
		if err != nil {
			return err
		}
		want := ""
		if x.facility >= 0 {
			want = supplierOf[x.facility]
			switch {
			case n.Status == supplier.NominationMatchReview:
				review.Add(1)
			case n.SupplierID == want:
				automatic.Add(1)
			case n.SupplierID != "":
				wrong.Add(1)
			default:
				fresh.Add(1)
			}
		}
		switch x.fate {
		case supplier.NominationDeclined:
			_, err = s.a.Registry.Decline(s.operator, id, "The facility closed in 2024; the brand's list is out of date.")
			return err
		case supplier.NominationPending:
			return nil // waits in the operator's queue, in review if the match is doubtful
		}
		if n.Status == supplier.NominationMatchReview {
			if n, err = s.a.Registry.ResolveMatch(s.operator, id, n.Match.CandidateID == want); err != nil {
				return err
			}
		}
		if n.SupplierID == want {
			want = ""
		}
		_, err = s.a.Registry.Accept(s.operator, id, want)
		return err
	})
	prog.stop()
	if err != nil {
		return err
	}
	s.report.Automatic, s.report.Review, s.report.New, s.report.WrongMatches =
		int(automatic.Load()), int(review.Load()), int(fresh.Load()), int(wrong.Load())
	s.phase("further nominations decided", len(ids), t)
	return nil
}

// supplierUsers gives some facilities their own organisation and a
// compliance manager, attached by the operator.
func (s *seeder) supplierUsers(ctx context.Context, p plan) error {
	t := time.Now()
	supplierOf := s.supplierIDs
	err := parallel(ctx, 2, len(p.supplierOf), func(k int) error {
		i := p.supplierOf[k]
		f := p.facilities[i]
		org, err := s.a.Identity.CreateOrg(s.operator, identity.NewOrg{Kind: domain.KindSupplier, Name: f.Name + ", " + f.City, HubIDs: []string{s.hubID}})
		if err != nil {
			return fmt.Errorf("organisation of %s: %w", f.Name, err)
		}
		email := fmt.Sprintf("compliance@supplier%05d.volume.demo", k+1)
		if _, err := s.a.Identity.CreateUser(s.operator, identity.NewUser{OrgID: org.ID, Email: email, Name: "Compliance manager, " + f.Name,
			Role: domain.RoleSupplierManager, Password: identity.DemoPassword}); err != nil {
			return err
		}
		_, err = s.a.Registry.UpdateSupplier(s.operator, supplierOf[i], registry.SupplierPatch{OrgID: &org.ID})
		return err
	})
	if err != nil {
		return err
	}
	s.phase("facilities' own organisations and users", len(p.supplierOf), t)
	return nil
}

// delivered waits (up to two minutes) for the worker to deliver the
// notifications the decisions queued, so a server started on this data
// does not spend its first hours on them.
func (s *seeder) delivered(ctx context.Context, _ plan) error {
	t := time.Now()
	pending := docstore.EqCond("status", string(domain.NotificationPending))
	var n int64
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); {
		var err error
		if n, err = s.a.Store.Notifications.Count(ctx, pending); err != nil || n == 0 {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
	s.phase(fmt.Sprintf("notifications delivered (%d left)", n), 0, t)
	return nil
}

// Count reads the hub's records: what a seed built.
func Count(ctx context.Context, a *server.App, hubID string) (Counts, error) {
	var c Counts
	hub := docstore.EqCond("hub_id", hubID)
	count := func(dst *int, coll interface {
		Count(context.Context, ...docstore.Cond) (int64, error)
	}, conds ...docstore.Cond) error {
		n, err := coll.Count(ctx, conds...)
		*dst = int(n)
		return err
	}
	status := func(st supplier.NominationStatus) docstore.Cond { return docstore.EqCond("status", string(st)) }
	return c, errors.Join(
		count(&c.Suppliers, a.Store.Suppliers, hub),
		count(&c.Nominations, a.Store.Nominations, hub),
		count(&c.Accepted, a.Store.Nominations, hub, status(supplier.NominationAccepted)),
		count(&c.Pending, a.Store.Nominations, hub, status(supplier.NominationPending)),
		count(&c.MatchReview, a.Store.Nominations, hub, status(supplier.NominationMatchReview)),
		count(&c.Declined, a.Store.Nominations, hub, status(supplier.NominationDeclined)),
		count(&c.Links, a.Store.SupplierLinks, hub),
		count(&c.Brands, a.Store.OrgHubs, hub, docstore.EqCond("kind", string(domain.KindBrand))),
		count(&c.SupplierOrgs, a.Store.OrgHubs, hub, docstore.EqCond("kind", string(domain.KindSupplier))),
		count(&c.Users, a.Store.Users),
		count(&c.Audits, a.Store.Audits, hub),
		count(&c.Findings, a.Store.Findings, hub),
		count(&c.Actions, a.Store.Actions, hub),
		count(&c.DirectoryServices, a.Store.DirectoryServices, hub),
		count(&c.Cases, a.Store.Cases, hub),
		count(&c.Referrals, a.Store.Referrals, hub),
	)
}

// parallel runs fn for 0..n-1 on workers goroutines and returns the first error.
func parallel(ctx context.Context, workers, n int, fn func(i int) error) error {
	var next atomic.Int64
	var once sync.Once
	var first error
	var wg sync.WaitGroup
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := fn(i); err != nil {
					once.Do(func() { first = err; cancel() })
					return
				}
			}
		}()
	}
	wg.Wait()
	if first == nil {
		first = parent.Err()
	}
	return first
}

// progress prints how far a long step is every five seconds.
type progress struct {
	done atomic.Int64
	stop func()
}

func (s *seeder) progress(name string, total int) *progress {
	p := &progress{}
	t := time.Now()
	tick := time.NewTicker(5 * time.Second)
	quit := make(chan struct{})
	go func() {
		for {
			select {
			case <-quit:
				return
			case <-tick.C:
				d := p.done.Load()
				fmt.Fprintf(s.o.Out, "  %s: %d of %d (%.0f/s)\n", name, d, total, float64(d)/time.Since(t).Seconds())
			}
		}
	}()
	p.stop = func() { tick.Stop(); close(quit) }
	return p
}

func (p *progress) add() { p.done.Add(1) }
