package volume

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"slices"
	"sync/atomic"
	"time"

	"github.com/actionhub/actionhub/app/activity"
	"github.com/actionhub/actionhub/app/audits"
	"github.com/actionhub/actionhub/app/kv"
	"github.com/actionhub/actionhub/app/notify"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/actionhub/actionhub/jobs"
	"github.com/google/uuid"
)

// Full size of the audits phase: the audits an operator's auditors make
// in a few years at the volume network's suppliers, their findings and
// the corrective actions published findings bring.
const (
	FullAudits  = 20_000
	FullActions = 300_000
	// FullServiceAudits are walked through the audits service end to end
	// (schedule, start, findings, submit, publish, the site's and the hub's
	// moves of the actions); the rest are written through the store.
	FullServiceAudits = 300
)

// auditPlan is one audit of the bulk, drawn from a fixed seed.
type auditPlan struct {
	k        int // its draw: the random source of its findings and actions
	supplier int // index into the hub's suppliers
	state    audit.State
	typ      audit.Type
	mode     audit.Mode
	window   audit.Window
	team     []int // indexes into the auditors, the lead first
	findings int
}

// categoryWeights: health and safety, working hours and wages are most of
// what HRDD audits in Pakistan find; child labour about 2%.
var categoryWeights = []struct {
	c audit.Category
	w int
}{
	{audit.HealthSafety, 26}, {audit.WorkingHours, 20}, {audit.Wages, 18}, {audit.GrievanceMechanism, 8},
	{audit.AgeVerification, 6}, {audit.DiscriminationUnequalPay, 6}, {audit.HarassmentGBV, 5}, {audit.OtherCategory, 5},
	{audit.ChildLabour, 2}, {audit.YoungWorkerHazardous, 3}, {audit.ForcedBondedLabour, 1},
}

func drawCategory(r *rand.Rand) audit.Category {
	n := r.IntN(100)
	for _, x := range categoryWeights {
		if n < x.w {
			return x.c
		}
		n -= x.w
	}
	return audit.OtherCategory
}

var findingText = map[audit.Category]struct{ what, where, law string }{
	audit.HealthSafety:             {"Fire exits of the hall locked during the shift; no drill in the last twelve months.", "stitching hall, second floor", "Punjab Occupational Safety and Health Act 2019, s. 14"},
	audit.WorkingHours:             {"Overtime above 12 hours a week for most operators in peak season, without consent records.", "finishing section", "Factories Act 1934, s. 34"},
	audit.Wages:                    {"Piece-rate workers paid below the provincial minimum wage in two of the three months sampled.", "payroll office", "Punjab Minimum Wages Act 2019, s. 6"},
	audit.GrievanceMechanism:       {"No channel for anonymous complaints; the complaint box is in the manager's office.", "administration block", "Workplace grievance policy (buyer code)"},
	audit.AgeVerification:          {"Personnel files hold no copy of an identity document for recent hires.", "HR office", "Punjab Restriction on Employment of Children Act 2016, s. 9"},
	audit.DiscriminationUnequalPay: {"Women helpers paid less than men helpers for the same work.", "packing section", "Constitution of Pakistan, art. 25"},
	audit.HarassmentGBV:            {"No harassment committee as the law requires; workers do not know whom to tell.", "whole facility", "Protection against Harassment of Women at the Workplace Act 2010, s. 3"},
	audit.OtherCategory:            {"Drinking water not tested; the last report is two years old.", "canteen", "Factories Act 1934, s. 19"},
	audit.ChildLabour:              {"A child of about 13 found trimming threads, hired through a contractor.", "thread-cutting area, ground floor", "Punjab Restriction on Employment of Children Act 2016, s. 3"},
	audit.YoungWorkerHazardous:     {"A 16-year-old operating a power press without guarding.", "press section", "Punjab Restriction on Employment of Children Act 2016, s. 3, schedule"},
	audit.ForcedBondedLabour:       {"Workers' identity cards held by the contractor against advances.", "contractor's hostel", "Bonded Labour System (Abolition) Act 1992, s. 4"},
}

// drawDetails draws one finding as an auditor records it.
func drawDetails(r *rand.Rand) audit.Details {
	c := drawCategory(r)
	t := findingText[c]
	d := audit.Details{Category: c, Description: t.what, Location: t.where, LegalProvisionNote: t.law,
		RootCause: "No written procedure, and supervisors paid by output."}
	if !c.AlwaysCritical() {
		switch n := r.IntN(100); {
		case n < 10:
			d.Severity = audit.Critical
		case n < 45:
			d.Severity = audit.Major
		case n < 90:
			d.Severity = audit.Minor
		default:
			d.Severity = audit.Observation
		}
		d.Collaborative = d.Severity != audit.Observation && r.IntN(100) < 3
	}
	switch {
	case c.CaseDue():
		d.Affected.Male.Age15To17, d.Affected.Female.Under14 = r.IntN(2), 1
	case d.Severity != audit.Observation:
		d.Affected.Female.Adult, d.Affected.Male.Adult = r.IntN(40), r.IntN(40)
	}
	return d
}

// actionsPerFinding is the corrective actions a drawn finding brings on
// average (ActionsFor: none for an observation, two where a case is due).
const actionsPerFinding = 0.955

// makeAuditPlan draws n audits at nSup suppliers with nAud auditors, as
// of today, with findings enough that the published ones bring about
// actions corrective actions. Open bookings (scheduled, in progress) go
// to one auditor each on windows that never overlap.
// Supplier skip, whose audits go through the service, gets none.
func makeAuditPlan(n, actions, nSup, skip, nAud int, today audit.Date) []auditPlan {
	r := rand.New(rand.NewPCG(14, 8))
	ps := make([]auditPlan, n)
	first := n * 4 / 5 // the rest are earlier audits of the same suppliers
	booked := 0
	for k := range ps {
		p := &ps[k]
		p.k = k
		p.supplier = other(k, nSup, skip)
		p.typ = audit.TypeInitial
		if k >= first {
			p.supplier = other(k-first, nSup, skip)
			p.typ = audit.TypePeriodic
		} else if r.IntN(5) < 2 {
			p.typ = audit.TypePeriodic
		}
		switch m := r.IntN(4); m {
		case 0, 1:
			p.mode = audit.ModeAnnounced
		case 2:
			p.mode = audit.ModeSemiAnnounced
		default:
			p.mode = audit.ModeUnannounced
		}
		days := 1 + r.IntN(3)
		switch x := r.IntN(1000); {
		case k >= first || x < 860:
			p.state = audit.StatePublished
		case x < 890:
			p.state = audit.StateCancelled
		case x < 920:
			p.state = audit.StateSubmitted
		case x < 940:
			p.state = audit.StateInProgress
		default:
			p.state = audit.StateScheduled
		}
		var from audit.Date
		switch p.state {
		case audit.StatePublished:
			from = today.AddDays(-(15 + r.IntN(700)))
			if k >= first {
				from = today.AddDays(-(740 + r.IntN(350)))
			}
		case audit.StateCancelled:
			from = today.AddDays(-(10 + r.IntN(400)))
		case audit.StateSubmitted:
			from = today.AddDays(-(9 + r.IntN(20)))
		case audit.StateInProgress, audit.StateScheduled:
			slot := booked / nAud
			p.team = []int{booked % nAud}
			booked++
			from = today.AddDays(-(1 + 4*slot)) // in progress: on site now or lately
			if p.state == audit.StateScheduled {
				from = today.AddDays(7 + 4*slot)
			}
			days = 1 + r.IntN(2)
		}
		p.window = audit.Window{From: from, To: from.AddDays(days - 1)}
		if p.team == nil {
			lead := r.IntN(nAud)
			p.team = []int{lead}
			for range r.IntN(3) {
				if o := r.IntN(nAud); !slices.Contains(p.team, o) {
					p.team = append(p.team, o)
				}
			}
		}
	}
	published := 0
	for _, p := range ps {
		if p.state == audit.StatePublished {
			published++
		}
	}
	per := float64(actions) / actionsPerFinding / float64(max(1, published))
	for k := range ps {
		switch ps[k].state {
		case audit.StatePublished, audit.StateSubmitted, audit.StateInProgress:
			ps[k].findings = int(per*(0.4+1.2*r.Float64()) + 0.5)
		}
	}
	return ps
}

// other spreads k over the nSup suppliers but skip: distinct for k below
// nSup-1 (7919 is a prime that divides no size the seed uses).
func other(k, nSup, skip int) int {
	i := (k * 7919) % max(1, nSup-1)
	if i >= skip {
		i++
	}
	return i
}

// auditSeeder holds what the audits phase needs of the network.
type auditSeeder struct {
	*seeder
	svc       *audits.Service
	loc       *time.Location
	now       time.Time
	admin     domain.Actor
	auditors  []domain.Actor
	auditorCx []context.Context
	suppliers []*supplier.Supplier // the hub's active ones, in the list's order
	ownSup    int                  // index of SupplierManager's facility
	manager   context.Context      // SupplierManager
	evidence  audit.Evidence       // one file the sites' bulk moves cite
	built     atomic.Int64
	findings  atomic.Int64
	actions   atomic.Int64
}

// auditors lists the hub's auditors: the demo network's and the staff's.
func auditorEmails() []string {
	es := []string{"auditor@crah.demo"}
	for _, u := range staff {
		if u.Role == domain.RoleAuditor {
			es = append(es, u.Email)
		}
	}
	return es
}

// audits seeds the audits phase: a share through the service, the rest
// through the store with the domain's constructors and moves.
func (s *seeder) audits(ctx context.Context, p plan) error {
	t := time.Now()
	nAudits := scaled(FullAudits, s.o.Scale, 10)
	if have, err := s.a.Store.Audits.Count(ctx, docstore.EqCond("hub_id", s.hubID)); err != nil || have >= int64(nAudits) {
		return err // the phase ran here before
	}
	as := &auditSeeder{seeder: s, now: time.Now().UTC()}
	if err := as.gather(ctx); err != nil {
		return err
	}
	s.phase("audits: network read", len(as.suppliers), t)
	nService := min(nAudits/2, scaled(FullServiceAudits, s.o.Scale, 3))
	t = time.Now()
	if err := as.throughService(ctx, nService); err != nil {
		return fmt.Errorf("audits through the service: %w", err)
	}
	s.phase("audits walked through the service", nService, t)
	t = time.Now()
	today := audit.DateOf(as.now, as.loc)
	plans := makeAuditPlan(nAudits-nService, scaled(FullActions, s.o.Scale, 20), len(as.suppliers), as.ownSup, len(as.auditors), today)
	prog := s.progress("audits written", len(plans))
	err := parallel(ctx, s.o.Workers, len(plans), func(i int) error {
		defer prog.add()
		return as.write(ctx, plans[i])
	})
	prog.stop()
	if err != nil {
		return err
	}
	s.phase(fmt.Sprintf("audits written (%d findings, %d actions)", as.findings.Load(), as.actions.Load()), len(plans), t)
	return nil
}

// gather logs the hub's people in and reads the suppliers.
func (as *auditSeeder) gather(ctx context.Context) error {
	var err error
	if as.loc, err = time.LoadLocation("Asia/Karachi"); err != nil {
		as.loc = time.UTC
	}
	if h, err := as.a.Store.Hubs.Get(ctx, as.hubID); err == nil && h.TimeZone != "" {
		if l, err := time.LoadLocation(h.TimeZone); err == nil {
			as.loc = l
		}
	}
	as.admin = domain.ActorFrom(as.operator)
	for _, e := range auditorEmails() {
		c, err := as.login(ctx, e)
		if err != nil {
			return err
		}
		as.auditorCx = append(as.auditorCx, c)
		as.auditors = append(as.auditors, domain.ActorFrom(c))
	}
	if as.manager, err = as.login(ctx, SupplierManager); err != nil {
		return err
	}
	ownOrg := domain.ActorFrom(as.manager).OrgID
	pg := store.Page{Limit: docstore.MaxLimit}
	as.ownSup = -1
	for {
		ss, next, err := as.a.Store.Suppliers.Find(ctx, docstore.Query{Where: []docstore.Cond{docstore.EqCond("hub_id", as.hubID)}, After: pg.After, Limit: pg.Limit})
		if err != nil {
			return err
		}
		for _, x := range ss {
			if x.AliasOf != "" || x.Status != supplier.StatusActive {
				continue
			}
			if x.OrgID == ownOrg && as.ownSup < 0 {
				as.ownSup = len(as.suppliers)
			}
			as.suppliers = append(as.suppliers, x)
		}
		if next == "" {
			break
		}
		pg.After = next
	}
	if as.ownSup < 0 {
		return fmt.Errorf("%s's facility is not in the hub", SupplierManager)
	}
	// One evidence file for the sites' moves of the bulk, kept as an upload keeps it.
	info, err := as.a.Store.Engine.Blobs().Put(ctx, "application/pdf", bytes.NewReader(evidencePDF), audit.MaxEvidenceBytes)
	if err != nil {
		return err
	}
	as.evidence = audit.Evidence{BlobID: info.ID, ContentType: "application/pdf", Size: info.Size, SHA256: info.SHA256, Created: as.now}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	now := func() time.Time { return time.Now().UTC() }
	outbox := notify.New(as.a.Store, jobs.NewEnqueuer(as.a.Redis), as.a.Config.SMTPAddr, as.a.Config.SMTPFrom, log, now)
	as.svc = audits.New(as.a.Store, as.a.Enforcer, activity.New(as.a.Store, now), outbox, kv.NewLocks(as.a.Redis), now)
	return nil
}

// evidencePDF is a small PDF: what a site uploads as proof of a correction.
var evidencePDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// brandsOf returns the brands linked to a supplier.
func (as *auditSeeder) brandsOf(ctx context.Context, supplierID string) ([]string, error) {
	var ids []string
	p := store.Page{Limit: docstore.MaxLimit}
	for {
		ls, next, err := as.a.Store.SupplierLinks.OfSupplier(ctx, supplierID, false, p)
		if err != nil {
			return nil, err
		}
		for _, l := range ls {
			ids = append(ids, l.BrandOrgID)
		}
		if next == "" {
			return ids, nil
		}
		p.After = next
	}
}

// throughService walks n audits through the service as its users would,
// the first at the supplier manager's facility, whose manager then moves
// the actions (the only site of the walk with its own people), and the hub
// verifies or rejects them. Each auditor walks its audits one after the
// other, so none is double booked.
func (as *auditSeeder) throughService(ctx context.Context, n int) error {
	today := audit.DateOf(time.Now(), as.loc)
	nAud := len(as.auditors)
	return parallel(ctx, 2, nAud, func(j int) error {
		for k := j; k < n; k += nAud {
			sup := as.ownSup
			if k > 0 {
				sup = other(len(as.suppliers)-1-k, len(as.suppliers), as.ownSup)
			}
			if err := as.walk(ctx, k, as.suppliers[sup], j, today); err != nil {
				return err
			}
		}
		return nil
	})
}

// walk is one audit through the service from scheduling to its actions.
func (as *auditSeeder) walk(ctx context.Context, k int, sup *supplier.Supplier, j int, today audit.Date) error {
	r := rand.New(rand.NewPCG(uint64(k), 3))
	brands, err := as.brandsOf(ctx, sup.ID)
	if err != nil {
		return err
	}
	lead := as.auditors[j].UserID
	a, err := as.svc.Schedule(as.operator, audits.ScheduleInput{HubID: as.hubID, Plan: audit.Plan{SupplierID: sup.ID, Type: audit.TypeInitial,
		Mode:   []audit.Mode{audit.ModeAnnounced, audit.ModeSemiAnnounced, audit.ModeUnannounced}[k%3],
		Window: audit.Window{From: today, To: today.AddDays(1)}, LeadAuditorID: lead, TeamIDs: []string{lead}, BrandOrgIDs: brands[:min(3, len(brands))]}})
	if errors.Is(err, domain.ErrConflict) {
		return nil // the supplier has an open initial audit already
	}
	if err != nil {
		return err
	}
	aud := as.auditorCx[j]
	if _, err := as.svc.Move(aud, a.ID, audit.MoveStart, audits.MoveInput{}); err != nil {
		return err
	}
	for range 4 + r.IntN(12) {
		if _, err := as.svc.RecordFinding(aud, a.ID, drawDetails(r)); err != nil {
			return err
		}
	}
	score := audit.Score{Met: 60 + r.IntN(61), Applicable: 120}
	if _, err := as.svc.Move(aud, a.ID, audit.MoveSubmit, audits.MoveInput{Score: score, Summary: "Findings discussed with management at the closing meeting."}); err != nil {
		return err
	}
	if _, err := as.svc.Move(as.operator, a.ID, audit.MovePublish, audits.MoveInput{}); err != nil {
		return err
	}
	if k > 0 {
		return nil
	}
	// The facility's manager works on its actions; the hub checks them.
	acts, _, err := as.svc.ListActions(as.manager, audits.ActionFilter{SupplierID: sup.ID, Limit: docstore.MaxLimit})
	if err != nil {
		return err
	}
	for i, x := range acts {
		steps := i % 5 // 0 left open, 1 started, 2 submitted, 3 verified, 4 rejected
		if steps == 0 {
			continue
		}
		if _, err := as.svc.MoveAction(as.manager, x.ID, audits.ActionStart, ""); err != nil {
			return err
		}
		if _, err := as.svc.MoveAction(as.manager, x.ID, audits.ActionOwner, "Compliance manager"); err != nil {
			return err
		}
		if steps == 1 {
			continue
		}
		if _, err := as.svc.AddActionEvidence(as.manager, x.ID, audits.Upload{Declared: "application/pdf", Body: bytes.NewReader(evidencePDF)}); err != nil {
			return err
		}
		if _, err := as.svc.MoveAction(as.manager, x.ID, audits.ActionSubmit, "Done; the record is attached."); err != nil {
			return err
		}
		switch steps {
		case 3:
			_, err = as.svc.MoveAction(as.operator, x.ID, audits.ActionVerify, "")
		case 4:
			_, err = as.svc.MoveAction(as.operator, x.ID, audits.ActionReject, "The record does not cover the night shift.")
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// write makes one audit of the bulk with the domain's constructors and
// moves, as the service would have over its life, and stores it with
// everything the service stores beside it: the auditors' links, the
// findings, and for a published audit the corrective actions (moved on
// as the site and the hub would have), the brands' records and the
// supplier's rating. Sweeps' sent-marks are set where the sweeps would
// have sent them by now, so a server started on the data does not send
// years of reminders at once.
func (as *auditSeeder) write(ctx context.Context, p auditPlan) error {
	st := as.a.Store
	r := rand.New(rand.NewPCG(uint64(p.k), 17))
	sup := as.suppliers[p.supplier]
	brands, err := as.brandsOf(ctx, sup.ID)
	if err != nil {
		return err
	}
	team := make([]string, len(p.team))
	for i, j := range p.team {
		team[i] = as.auditors[j].UserID
	}
	lead := as.auditors[p.team[0]]
	plan := audit.Plan{SupplierID: sup.ID, Type: p.typ, Mode: p.mode, Window: p.window, LeadAuditorID: team[0], TeamIDs: team,
		BrandOrgIDs: brands[:min(len(brands), 1+r.IntN(3))]}
	at := func(d audit.Date, hours int) time.Time {
		return d.Start(as.loc).Add(time.Duration(hours) * time.Hour).UTC()
	}
	created := at(p.window.From.AddDays(-(20 + r.IntN(40))), 10)
	if p.state == audit.StateScheduled || p.state == audit.StateInProgress {
		created = as.now.Add(-time.Hour)
		if d := at(p.window.From, 0); created.After(d) {
			created = d.Add(-24 * time.Hour)
		}
	}
	a, err := audit.Schedule(uuid.Must(uuid.NewV7()).String(), as.hubID, plan, as.admin, created, as.loc)
	if err != nil {
		return err
	}
	var findings []audit.Finding
	if p.state != audit.StateScheduled && !(p.state == audit.StateCancelled && r.IntN(2) == 0) {
		if err := a.Start(lead, at(p.window.From, 9)); err != nil {
			return err
		}
		for i := range p.findings {
			f, err := audit.NewFinding(a, uuid.Must(uuid.NewV7()).String(), drawDetails(r), lead, at(p.window.From, 10).Add(time.Duration(i)*time.Minute))
			if err != nil {
				return err
			}
			if f.ZeroTolerance {
				f.ZeroToleranceNotified = f.Created // escalated at once
			}
			findings = append(findings, f)
		}
	}
	submitted := at(p.window.To, 24+17)
	switch p.state {
	case audit.StateCancelled:
		err = a.Cancel(as.admin, "The facility was closed for a public holiday.", at(p.window.From, 8))
	case audit.StateSubmitted, audit.StatePublished:
		err = a.Submit(lead, audit.Score{Met: 50 + r.IntN(71), Applicable: 120}, "Findings discussed with management at the closing meeting.", submitted)
	}
	if err != nil {
		return err
	}
	if p.state == audit.StateSubmitted {
		a.MarkUnpublishedReminded(submitted.Add(audit.UnpublishedReminderDays*24*time.Hour + time.Hour))
	}
	var actions []audit.Action
	if p.state == audit.StatePublished {
		published := submitted.Add(time.Duration(48+r.IntN(72)) * time.Hour)
		if err := a.Publish(as.admin, findings, published, as.loc); err != nil {
			return err
		}
		a.EffectsDone = true
		if t := a.Rating.NextAuditDue.AddDays(-audit.NextAuditNoticeDays).Start(as.loc).UTC(); !t.After(as.now) {
			if t.Before(published) {
				t = published
			}
			a.MarkNextAuditNoticed(audit.DateOf(t, as.loc), t)
		}
		for _, f := range findings {
			for _, x := range audit.ActionsFor(f, published, audit.DefaultSettings(), as.loc) {
				x.ID = uuid.Must(uuid.NewV7()).String()
				if err := as.move(&x, r, sup); err != nil {
					return err
				}
				actions = append(actions, x)
			}
		}
	}
	if err := st.Audits.Insert(ctx, &a); err != nil {
		return err
	}
	for _, u := range a.TeamIDs {
		if err := st.AuditAuditors.Insert(ctx, &store.AuditAuditor{ID: store.AuditAuditorID(a.ID, u), AuditID: a.ID, UserID: u, HubID: a.HubID, WindowFrom: a.Window.From}); err != nil {
			return err
		}
	}
	for i := range findings {
		if err := st.Findings.Insert(ctx, &findings[i]); err != nil {
			return err
		}
	}
	for i := range actions {
		if err := st.Actions.Insert(ctx, &actions[i]); err != nil {
			return err
		}
	}
	if a.State == audit.StatePublished {
		for _, b := range brands {
			if err := st.AuditBrands.Insert(ctx, &store.AuditBrand{ID: store.AuditBrandID(a.ID, b), AuditID: a.ID, BrandOrgID: b, SupplierID: a.SupplierID, Published: a.Published}); err != nil {
				return err
			}
		}
		rating := supplier.SiteRating{AuditID: a.ID, Published: a.Published, Grade: string(a.Rating.Grade), Percent: a.Rating.Percent,
			ZeroTolerance: a.Rating.ZeroTolerance, NextAuditType: string(a.Rating.NextAuditType), NextAuditDue: string(a.Rating.NextAuditDue)}
		if _, err := st.Suppliers.Update(ctx, sup.ID, func(x *supplier.Supplier) error { x.Rate(rating); return nil }); err != nil {
			return err
		}
	}
	as.built.Add(1)
	as.findings.Add(int64(len(findings)))
	as.actions.Add(int64(len(actions)))
	return nil
}

// move takes a corrective action as far as the site and the hub would have
// by now: most past their deadline are verified, some still wait on the
// site (overdue), the recent ones are spread over every state. The site's
// moves are made as the facility's manager, the checks as the hub admin.
func (as *auditSeeder) move(x *audit.Action, r *rand.Rand, sup *supplier.Supplier) error {
	site := domain.Actor{Role: domain.RoleSupplierManager, OrgID: sup.OrgID, OrgKind: domain.KindSupplier}
	due := x.Due
	if due.IsZero() {
		due = x.Created.Add(120 * 24 * time.Hour)
	}
	old := as.now.Sub(x.Created) > 180*24*time.Hour
	var target audit.ActionState
	switch n := r.IntN(100); {
	case old && n < 93 || !old && due.Before(as.now) && n < 55 || !old && n < 25:
		target = audit.ActionVerified
	case n < 96 && old || !old && n < 70:
		target = audit.ActionSubmitted
	case n < 97 && old || !old && n < 82:
		target = audit.ActionInProgress
	case n < 98 && old || !old && n < 92:
		target = audit.ActionOpen
	default:
		target = audit.ActionRejected
	}
	if x.Collaborative && target != audit.ActionOpen {
		target = audit.ActionInProgress
	}
	// the site's and the hub's moves, spread before the deadline (or now)
	end := due
	if end.After(as.now) {
		end = as.now
	}
	step := end.Sub(x.Created) / 4
	t := func(i int) time.Time { return x.Created.Add(time.Duration(i) * step) }
	if target != audit.ActionOpen {
		if err := x.Start(site, t(1)); err != nil {
			return err
		}
		if err := x.SetOwner(site, "Compliance manager", t(1)); err != nil {
			return err
		}
	}
	if target == audit.ActionSubmitted || target == audit.ActionVerified || target == audit.ActionRejected {
		if x.Verification == audit.DeskReview {
			e := as.evidence
			e.UploaderOrgID, e.Created = sup.OrgID, t(2)
			if err := x.AddEvidence(site, e); err != nil {
				return err
			}
		}
		if err := x.Submit(site, "Done; the record is attached.", t(2)); err != nil {
			return err
		}
	}
	switch target {
	case audit.ActionVerified:
		if err := x.Verify(as.admin, t(3)); err != nil {
			return err
		}
	case audit.ActionRejected:
		if err := x.Reject(as.admin, "The record does not cover the night shift.", t(3)); err != nil {
			return err
		}
	}
	// the sweeps' marks on what still waits on the site
	if x.Due.IsZero() || !slices.Contains(audit.PendingStates, x.State) {
		return nil
	}
	for _, m := range []struct {
		days int
		at   time.Time
	}{{audit.Reminder7Days, x.Due.Add(-6 * 24 * time.Hour)}, {audit.Reminder1Day, x.Due.Add(-12 * time.Hour)}} {
		if m.at.After(x.Created) && !m.at.After(as.now) {
			x.MarkReminded(m.days, m.at)
		}
	}
	if at := x.Due.Add(time.Hour); !at.After(as.now) {
		x.MarkOverdueNotified(at)
	}
	return nil
}
