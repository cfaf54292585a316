package cases_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/cases"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/sqlite"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/supplier"
)

// Shape of the benchmark's store, the load suite's: 50,000 cases with a
// stipend each at 50 suppliers, due on days 1 to 28, with nine months
// paid and checked (450,000 payments) and this month paid by nine in ten
// (about 45,000 more). Each day of the month the stipends due that day
// (about 1,800) pass their deadline: the sweep checks each, flags the
// unpaid tenth missed and escalates them to the hub's admin and the
// brand's manager.
const (
	benchCases     = 50_000
	benchSuppliers = 50
	benchHistory   = 9
)

// BenchmarkStipendSweep measures the stipend sweep (both passes) on the
// SQLite engine over that store: each iteration is the next day of the
// month. The median is reported as ms/median. Seeding takes a few minutes;
// run it as
//
//	go test ./app/cases -run '^$' -bench StipendSweep -benchtime 10x
func BenchmarkStipendSweep(b *testing.B) {
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
	must := func(err error) {
		b.Helper()
		if err != nil {
			b.Fatal(err)
		}
	}
	// March 2026; Karachi is five hours ahead of UTC.
	month := casework.Period("2026-03")
	must(st.Hubs.Insert(ctx, &domain.Hub{ID: "h1", Code: "PK", Name: "Pakistan", TimeZone: "Asia/Karachi"}))
	must(st.Users.Insert(ctx, &domain.User{ID: "admin", OrgID: "op", Role: domain.RoleHubAdmin, Email: "admin@example.pk", HubIDs: []string{"h1"}}))
	must(st.Users.Insert(ctx, &domain.User{ID: "bm", OrgID: "brand", Role: domain.RoleBrandManager, Email: "bm@example.pk", HubIDs: []string{"h1"}}))
	must(st.UserHubs.Insert(ctx, &domain.UserHub{ID: "admin|h1", UserID: "admin", HubID: "h1", OrgID: "op", Role: domain.RoleHubAdmin}))
	for i := range benchSuppliers {
		id := fmt.Sprint("sup-", i)
		must(st.Suppliers.Insert(ctx, &supplier.Supplier{ID: id, HubID: "h1", Name: "Facility " + id, Status: supplier.StatusActive}))
		must(st.SupplierLinks.Insert(ctx, &supplier.Link{ID: supplier.LinkID("brand", id), HubID: "h1", BrandOrgID: "brand", SupplierID: id}))
	}
	start := time.Now()
	payments := 0
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Go(func() {
			n := 0
			for i := w; i < benchCases; i += 4 {
				if err := seedStipend(ctx, st, i, month); err != nil {
					errs <- err
					return
				}
				n += benchHistory
				if i%10 != 0 {
					n++
				}
			}
			mu.Lock()
			payments += n
			mu.Unlock()
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d cases with stipends and %d payments in %v", benchCases, payments, time.Since(start).Round(time.Second))

	out := &outboxLog{}
	day := 0
	l := cases.NewLedger(st, nil, nil, out, time.Now)
	var took []time.Duration
	for b.Loop() {
		if day == casework.MaxStipendDueDay {
			b.Fatalf("only %d days with stipends due: run with -benchtime %dx or fewer", casework.MaxStipendDueDay, casework.MaxStipendDueDay)
		}
		day++
		// The day after the deadline of the stipends due on day (grace 5).
		now := time.Date(2026, 3, day+6, 1, 0, 0, 0, time.UTC)
		t := time.Now()
		n, err := l.SweepStipends(ctx, now, 5000)
		took = append(took, time.Since(t))
		if err != nil || n == 0 {
			b.Fatalf("day %d: marked %d, %v", day, n, err)
		}
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "ms/median")
}

// seedStipend writes case i with its stipend and payments, as the service
// would have left them at the start of month.
func seedStipend(ctx context.Context, st *store.Store, i int, month casework.Period) error {
	caseID, sup := fmt.Sprintf("case-%06d", i), fmt.Sprint("sup-", i%benchSuppliers)
	code := fmt.Sprintf("MUX-2025-%05d", i+1)
	created := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
	c := &store.CaseDoc{Case: casework.Case{ID: caseID, HubID: "h1", Code: code, SupplierID: sup, Source: casework.SourceOutreach,
		Status: casework.StatusOpen, Stage: casework.Stages[0], Identified: created, Created: created, Updated: created,
		Child: casework.Child{AgeYears: 13, Sex: casework.SexFemale}}}
	if err := st.Cases.Insert(ctx, c); err != nil {
		return err
	}
	s := casework.Stipend{ID: caseID, HubID: "h1", SupplierID: sup, CaseCode: code, ActionID: "a", MonthlyPKR: 9000,
		DueDay: i%casework.MaxStipendDueDay + 1, GraceDays: casework.StipendGraceDays, Start: month.Add(-benchHistory),
		End: month.Add(24), Checked: month.Add(-1), Created: created, Updated: created}
	if err := st.Stipends.Insert(ctx, &s); err != nil {
		return err
	}
	for k := benchHistory; k >= 0; k-- {
		p := month.Add(-k)
		if k == 0 && i%10 == 0 {
			break // this month unpaid by one in ten
		}
		paidOn := p.Day(s.DueDay)
		pay, err := s.Record(caseID, casework.NewPayment{Period: p, AmountPKR: 9000, PaidOn: paidOn}, audit.Date("2026-04-01"), "sm", created)
		if err != nil {
			return err
		}
		if k > 0 {
			pay.State = casework.PaymentConfirmed
		}
		if err := st.Payments.Insert(ctx, &pay); err != nil {
			return err
		}
	}
	return nil
}
