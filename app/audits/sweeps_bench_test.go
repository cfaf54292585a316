package audits_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/supplier"
)

// Shape of the benchmark's store: 300,000 corrective actions at 50
// suppliers, of which most are due months ahead, 20,000 are overdue and
// escalated already, and batches of 1,000 fall due one hour after another.
const (
	benchActions   = 300_000
	benchSuppliers = 50
	benchEscalated = 20_000
	benchBatch     = 1_000
	benchBatches   = 20
)

// BenchmarkOverdueSweep measures the overdue sweep on the SQLite engine
// over 300,000 corrective actions: a run with nothing new to do, and a run
// that escalates 1,000 (each message stored for the hub admin and the
// brand's manager). Each iteration's time is kept and the median reported
// as ms/median. Seeding takes about a minute; run it as
//
//	go test ./app/audits -run '^$' -bench OverdueSweep -benchtime 10x
func BenchmarkOverdueSweep(b *testing.B) {
	st := openStore(b)
	seed(b, st)
	s := newService(st)
	ctx := context.Background()
	for i := 1; i < benchSuppliers; i++ {
		id := fmt.Sprint("sup-", i)
		if err := st.Suppliers.Insert(ctx, &supplier.Supplier{ID: id, HubID: "h1", Name: "Facility " + id, Status: supplier.StatusActive, OrgID: "site"}); err != nil {
			b.Fatal(err)
		}
		if err := st.SupplierLinks.Insert(ctx, &supplier.Link{ID: supplier.LinkID("brand", id), HubID: "h1", BrandOrgID: "brand", SupplierID: id}); err != nil {
			b.Fatal(err)
		}
	}
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < benchActions; i += 4 {
				sup := "sup"
				if k := i % benchSuppliers; k > 0 {
					sup = fmt.Sprint("sup-", k)
				}
				a := &audit.Action{ID: fmt.Sprintf("act-%06d", i), HubID: "h1", AuditID: "a", FindingID: fmt.Sprint("f-", i/2),
					SupplierID: sup, Kind: audit.KindCorrection, What: "Correct the finding and upload evidence that shows it corrected.",
					Verification: audit.DeskReview, State: audit.ActionOpen, Created: t0}
				switch {
				case i < benchEscalated:
					a.Due, a.OverdueNotified = t0.Add(-time.Duration(i+1)*time.Minute), t0
				case i < benchEscalated+benchBatch*benchBatches:
					a.Due = t0.Add(time.Duration((i-benchEscalated)/benchBatch)*time.Hour + time.Duration(i%benchBatch)*time.Second)
				default:
					a.Due = t0.Add(30*24*time.Hour + time.Duration(i)*time.Minute)
				}
				if err := st.Actions.Insert(ctx, a); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d corrective actions in %v", benchActions, time.Since(start).Round(time.Second))

	median := func(b *testing.B, took []time.Duration) {
		slices.Sort(took)
		b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "ms/median")
	}
	b.Run("nothing new", func(b *testing.B) {
		var took []time.Duration
		for b.Loop() {
			t := time.Now()
			n, err := s.EscalateOverdueActions(ctx, t0.Add(-time.Second), 2000)
			if err != nil || n != 0 {
				b.Fatalf("escalated %d, %v; want none", n, err)
			}
			took = append(took, time.Since(t))
		}
		median(b, took)
	})
	batch := 0
	b.Run("marks 1000", func(b *testing.B) {
		var took []time.Duration
		for b.Loop() {
			if batch == benchBatches {
				b.Fatalf("only %d batches of due actions: run with -benchtime %dx or fewer", benchBatches, benchBatches-2)
			}
			now := t0.Add(time.Duration(batch)*time.Hour + 30*time.Minute)
			batch++
			t := time.Now()
			n, err := s.EscalateOverdueActions(ctx, now, 2000)
			if err != nil || n != benchBatch {
				b.Fatalf("escalated %d, %v; want %d", n, err, benchBatch)
			}
			took = append(took, time.Since(t))
		}
		median(b, took)
	})
}
