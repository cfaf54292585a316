package cases_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/activity"
	"github.com/actionhub/actionhub/app/cases"
	"github.com/actionhub/actionhub/app/sealed"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/sqlite"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/policies"
)

// Shape of the benchmark's store: the volume, 50,000 open cases
// with 300,000 follow-ups (six recorded visits each), 20 case workers, and
// the cases' next visits spread over 30 days from benchDay, so about 1,667
// fall due each day.
const (
	benchCases   = 50_000
	benchVisits  = 6
	benchDays    = 30
	benchWorkers = 20
)

var benchDay = audit.Date("2026-06-01")

// BenchmarkFollowUpSweeps measures, on the SQLite engine over 50,000 cases
// and 300,000 follow-ups: the follow-up sweep making one day's follow-ups
// (about 1,667), the same sweep with nothing new, the repair sweep, the
// retention purge and the re-seal with nothing to do, and the hub's due
// list (first page, and one case worker's). Each iteration's time is kept
// and the median reported as ms/median. Seeding takes a few minutes; run it as
//
//	go test ./app/cases -run '^$' -bench FollowUpSweeps -benchtime 10x
func BenchmarkFollowUpSweeps(b *testing.B) {
	ctx := context.Background()
	e, err := sqlite.Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = e.Close() })
	st, err := store.Open(ctx, e)
	if err != nil {
		b.Fatal(err)
	}
	rels, err := store.NewRelations(ctx, e)
	if err != nil {
		b.Fatal(err)
	}
	enf, err := policies.New(ctx, rels, policies.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		b.Fatal(err)
	}
	must := func(err error) {
		b.Helper()
		if err != nil {
			b.Fatal(err)
		}
	}
	must(st.Hubs.Insert(ctx, &domain.Hub{ID: "h1", Code: "PK", Name: "Pakistan", TimeZone: "Asia/Karachi"}))
	must(st.Orgs.Insert(ctx, &domain.Organisation{ID: "op", Kind: domain.KindOperator, Name: "op", HubIDs: []string{"h1"}}))
	must(enf.Add(ctx, policies.Relation{Subject: policies.OrgNode("op"), Object: policies.HubNode("h1")}))
	must(st.Users.Insert(ctx, &domain.User{ID: "cw-0", OrgID: "op", Role: domain.RoleCaseWorker, Email: "cw@example.pk", HubIDs: []string{"h1"}}))
	must(enf.Add(ctx, policies.Relation{Subject: policies.UserNode("cw-0"), Object: policies.OrgNode("op")}))
	cw := domain.WithActor(ctx, domain.Actor{UserID: "cw-0", OrgID: "op", OrgKind: domain.KindOperator, Role: domain.RoleCaseWorker, HubIDs: []string{"h1"}})
	sealer, err := sealed.New(sealed.CaseIdentity, bytes.Repeat([]byte{7}, 32))
	must(err)
	vault := st.Cases.Vault(sealer)
	opened := benchDay.Start(time.UTC).AddDate(0, -7, 0)

	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < benchCases; i += 4 {
				id := fmt.Sprintf("case-%05d", i)
				next := benchDay.AddDays(i % benchDays)
				c := casework.Case{ID: id, HubID: "h1", Code: fmt.Sprintf("MUX-2026-%05d", i), SupplierID: fmt.Sprint("sup-", i%500),
					Source: casework.SourceOutreach, Status: casework.StatusOpen, Stage: casework.StageMonitoring, OpenedBy: "cw-0",
					AssignedTo: fmt.Sprint("cw-", i%benchWorkers), Identified: opened,
					Identity: &casework.Identity{ChildName: fmt.Sprint("Child ", i), Address: "Multan"},
					Child:    casework.Child{AgeYears: 14, Sex: casework.SexMale}, FollowUps: benchVisits, FollowUpStreak: 1,
					NextFollowUpDue: next, FollowUpMade: next.AddMonths(-1), Created: opened, Updated: opened}
				if err := vault.Insert(ctx, &c); err != nil {
					errs <- err
					return
				}
				for k := range benchVisits {
					due := next.AddMonths(k - benchVisits)
					f := casework.NewFollowUp(fmt.Sprintf("fu-%05d-%d", i, k), &c, due, opened)
					v := casework.Visit{Contacted: true, InSchool: true, Wellbeing: casework.WellbeingGood, VisitedOn: due, By: "cw-0"}
					if err := f.Record(v, c.AssignedTo, opened); err != nil {
						errs <- err
						return
					}
					f.Applied = true
					if err := st.FollowUps.Insert(ctx, &f); err != nil {
						errs <- err
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	must(<-errs)
	b.Logf("seeded %d cases and %d follow-ups in %v", benchCases, benchCases*benchVisits, time.Since(start).Round(time.Second))

	now := func() time.Time { return time.Now() }
	s := cases.New(st, enf, activity.New(st, now), sealer, now)
	median := func(b *testing.B, took []time.Duration) {
		slices.Sort(took)
		b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "ms/median")
	}
	// noon in Karachi on the day
	at := func(d audit.Date) time.Time { return d.Start(time.UTC).Add(7 * time.Hour) }
	day := 0
	b.Run("make one day's follow-ups", func(b *testing.B) {
		var took []time.Duration
		for b.Loop() {
			if day == benchDays {
				b.Fatalf("only %d days of due follow-ups: run with -benchtime %dx or fewer", benchDays, benchDays-1)
			}
			d := benchDay.AddDays(day)
			day++
			t := time.Now()
			n, err := s.MakeDueFollowUps(ctx, at(d), 2000)
			took = append(took, time.Since(t))
			if want := benchCases/benchDays + boolInt(day-1 < benchCases%benchDays); err != nil || n != want {
				b.Fatalf("day %s: made %d, %v; want %d", d, n, err, want)
			}
		}
		median(b, took)
	})
	last := at(benchDay.AddDays(day - 1))
	for _, run := range []struct {
		name string
		fn   func(context.Context, time.Time, int) (int, error)
	}{
		{"make, nothing new", s.MakeDueFollowUps}, {"repair, nothing uncounted", s.RepairFollowUps},
		{"purge, nothing past retention", s.PurgeIdentities}, {"reseal, nothing under a previous key", s.ResealIdentities},
	} {
		b.Run(run.name, func(b *testing.B) {
			var took []time.Duration
			for b.Loop() {
				t := time.Now()
				n, err := run.fn(ctx, last, 2000)
				took = append(took, time.Since(t))
				if err != nil || n != 0 {
					b.Fatalf("changed %d, %v; want none", n, err)
				}
			}
			median(b, took)
		})
	}
	for _, l := range []struct {
		name string
		f    cases.DueFilter
	}{{"due list, first page of 50", cases.DueFilter{Limit: 50}}, {"due list, one case worker's", cases.DueFilter{AssignedTo: "cw-3", Limit: 50}},
		{"due list, through a day", cases.DueFilter{Through: string(benchDay.AddDays(2)), Limit: 50}}} {
		b.Run(l.name, func(b *testing.B) {
			var took []time.Duration
			for b.Loop() {
				t := time.Now()
				fs, _, err := s.DueFollowUps(cw, l.f)
				took = append(took, time.Since(t))
				if err != nil || len(fs) != 50 {
					b.Fatalf("listed %d, %v", len(fs), err)
				}
			}
			median(b, took)
		})
	}
	// After a key rotation: each run re-seals 2,000 identities (25 runs
	// move all 50,000).
	rotated, err := sealed.New(sealed.CaseIdentity, bytes.Repeat([]byte{9}, 32), bytes.Repeat([]byte{7}, 32))
	must(err)
	r := cases.New(st, enf, activity.New(st, now), rotated, now)
	runs := 0
	b.Run("reseal 2000 after a rotation", func(b *testing.B) {
		var took []time.Duration
		for b.Loop() {
			if runs == benchCases/2000 {
				b.Fatalf("every identity is re-sealed: run with -benchtime %dx or fewer", benchCases/2000)
			}
			runs++
			t := time.Now()
			n, err := r.ResealIdentities(ctx, last, 2000)
			took = append(took, time.Since(t))
			if err != nil || n != 2000 {
				b.Fatalf("re-sealed %d, %v", n, err)
			}
		}
		median(b, took)
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
