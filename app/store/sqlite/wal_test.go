package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/app/store/storetest"
)

// walSpec is a collection shaped like nominations: a few fields, a
// compound index for a newest-first list, a body of about 500 bytes.
var walSpec = docstore.Spec{
	Name: "events",
	Fields: []docstore.Field{
		{Name: "owner", Kind: docstore.String},
		{Name: "status", Kind: docstore.String},
		{Name: "created", Kind: docstore.Time},
	},
	Indexes: [][]string{{"owner", "status", "created"}},
	Sort:    []docstore.Order{{Field: "created", Desc: true}},
}

func walDoc(i int) docstore.Doc {
	it := storetest.NewItem(i)
	return docstore.Doc{ID: it.ID, Body: []byte(it.Notes + it.Name),
		Fields: map[string]any{"owner": it.Owner, "status": it.Status, "created": it.Created}}
}

// TestWALStaysBoundedUnderSustainedWrites writes 50,000 documents from 4
// writers while 4 readers page through them, samples the WAL file's size
// throughout, and then reopens the directory to check that every
// acknowledged write is there.
// With readers always holding a snapshot, a PASSIVE checkpoint never lets
// the log start again, so without escalation it grows with every write.
func TestWALStaysBoundedUnderSustainedWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 50,000 documents")
	}
	const total, writers = 50_000, 4
	const readersN = 4
	ctx := context.Background()
	dir := t.TempDir()
	e, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Ensure(ctx, walSpec); err != nil {
		t.Fatal(err)
	}
	coll := e.C(walSpec.Name)
	wal := filepath.Join(dir, dbFile+"-wal")

	var maxWAL atomic.Int64
	sample := func() {
		if fi, err := os.Stat(wal); err == nil && fi.Size() > maxWAL.Load() {
			maxWAL.Store(fi.Size())
		}
	}
	stop := make(chan struct{})
	var bg sync.WaitGroup
	bg.Go(func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				sample()
			}
		}
	})
	var reads atomic.Int64
	for r := range readersN {
		bg.Go(func() {
			d := walDoc(r)
			q := docstore.Query{Where: []docstore.Cond{docstore.EqCond("owner", d.Fields["owner"]), docstore.EqCond("status", d.Fields["status"])},
				Limit: 20}
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := coll.Find(ctx, q); err != nil {
					t.Errorf("reader: %v", err)
					return
				}
				reads.Add(1)
				// Paced: readers flat out on 2 cores slow the writer
				// tenfold; a steady stream still always holds a snapshot.
				time.Sleep(time.Millisecond)
			}
		})
	}

	start := time.Now()
	acked := make([][]string, writers)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := w; i < total; i += writers {
				d := walDoc(i)
				if err := coll.Insert(ctx, d); err != nil {
					t.Errorf("insert %d: %v", i, err)
					return
				}
				acked[w] = append(acked[w], d.ID)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(stop)
	bg.Wait()
	sample()
	t.Logf("%d writes in %v (%.0f/s) with %d reads alongside; WAL at most %.1f MiB",
		total, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds(), reads.Load(), float64(maxWAL.Load())/(1<<20))
	if reads.Load() == 0 {
		t.Error("the readers never read: the test checks nothing")
	}
	// One transaction here is one document: a page in the table and in
	// each of its indexes, some tens of KiB at most.
	if limit := int64(walBound + 1<<20); maxWAL.Load() > limit {
		t.Errorf("the WAL reached %d bytes, past its bound of %d plus one transaction", maxWAL.Load(), walBound)
	}

	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	e, err = Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	if err := e.Ensure(ctx, walSpec); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, ids := range acked {
		want = append(want, ids...)
	}
	slices.Sort(want)
	var got []string
	err = e.C(walSpec.Name).Scan(ctx, 1000, func(docs []docstore.Doc) error {
		for _, d := range docs {
			got = append(got, d.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != total || !slices.Equal(want, got) {
		t.Errorf("after reopening: %d documents, %d acknowledged of %d written", len(got), len(want), total)
	}
}

// TestRestartWaitsOutReadersAndHoldsWrites: a RESTART asked while a
// reader holds an old snapshot completes once that reader is done (its
// locks are asked for again and again, not once), so the log starts again
// from its beginning; a write asked meanwhile waits for it and succeeds.
func TestRestartWaitsOutReadersAndHoldsWrites(t *testing.T) {
	ctx := context.Background()
	e, err := Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	if err := e.Ensure(ctx, walSpec); err != nil {
		t.Fatal(err)
	}
	coll := e.C(walSpec.Name)
	for i := range 50 {
		if err := coll.Insert(ctx, walDoc(i)); err != nil {
			t.Fatal(err)
		}
	}
	// A reader mid-way through a result holds its snapshot of the log.
	rows, err := e.read.db.QueryContext(ctx, "SELECT id FROM c_events")
	if err != nil {
		t.Fatal(err)
	}
	if !rows.Next() {
		t.Fatal("no rows")
	}
	if err := coll.Insert(ctx, walDoc(50)); err != nil {
		t.Fatal(err)
	}
	restarted := make(chan struct{})
	go func() {
		e.cp.restart()
		close(restarted)
	}()
	// The write comes while the RESTART waits for the reader (or just
	// before it starts: then the RESTART waits for it instead).
	time.Sleep(10 * time.Millisecond)
	wrote := make(chan error, 1)
	go func() { wrote <- coll.Insert(ctx, walDoc(51)) }()
	time.Sleep(10 * time.Millisecond)
	_ = rows.Close()
	<-restarted
	if err := <-wrote; err != nil {
		t.Fatalf("the write held off by the RESTART: %v", err)
	}
	// The log started again: it holds at most the write that waited,
	// not the 52 before it.
	var busy, frames, done int64
	if err := e.ckpt.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &frames, &done); err != nil {
		t.Fatal(err)
	}
	if frames > 20 {
		t.Errorf("the log holds %d frames after a RESTART: the reader's end was not waited for", frames)
	}
	n, err := coll.Count(ctx, nil)
	if err != nil || n != 52 {
		t.Errorf("count = %d, %v; want 52", n, err)
	}
}
