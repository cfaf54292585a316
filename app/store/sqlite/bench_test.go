package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/app/store/storetest"
)

// Benchmarks run each operation through the engine and, beside it, the raw
// floor: a prepared database/sql statement on the same file plus decoding
// the same JSON body into storetest.Item.
//
//	go test ./app/store/sqlite -run '^$' -bench . -benchtime=2000x -count 5
//
// -short keeps to 10k documents; otherwise 100k too, built once per run.

// benchData is one seeded data set, shared by every benchmark of a run.
type benchData struct {
	e     *Engine
	items *docstore.Coll[storetest.Item]
	raw   *sql.DB // read-only, like the engine's read pool
	rawW  *sql.DB // one writer, the engine's pragmas
	n     int
	next  atomic.Int64 // index of the next inserted item
}

var (
	benchMu   sync.Mutex
	benchSets = map[int]*benchData{}
	benchRoot string
)

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range benchSets {
		_ = d.raw.Close()
		_ = d.rawW.Close()
		_ = d.e.Close()
	}
	if benchRoot != "" {
		_ = os.RemoveAll(benchRoot)
	}
	os.Exit(code)
}

func benchSizes() []int {
	if testing.Short() {
		return []int{10_000}
	}
	return []int{10_000, 100_000}
}

func label(n int) string { return fmt.Sprintf("%dk", n/1000) }

// dataset returns the data set of n items, seeding it on first use in
// transactions of a few thousand rows.
func dataset(b *testing.B, n int) *benchData {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if d, ok := benchSets[n]; ok {
		return d
	}
	if benchRoot == "" {
		dir, err := os.MkdirTemp("", "actionhub-sqlite-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchRoot = dir
	}
	ctx := context.Background()
	dir := filepath.Join(benchRoot, label(n))
	e, err := Open(ctx, dir)
	if err != nil {
		b.Fatal(err)
	}
	items := itemColl(b, e)
	c := e.C("items").(*collection)
	for start := 0; start < n; start += 5000 {
		tx, err := e.write.db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		st, err := tx.PrepareContext(ctx, c.insertSQL)
		if err != nil {
			b.Fatal(err)
		}
		for i := start; i < min(start+5000, n); i++ {
			if _, err := st.ExecContext(ctx, insertArgs(b, c, storetest.NewItem(i))...); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	path := filepath.Join(dir, dbFile)
	raw, err := sql.Open("sqlite", dsn(path, readPragmas))
	if err != nil {
		b.Fatal(err)
	}
	raw.SetMaxOpenConns(readers)
	raw.SetMaxIdleConns(readers)
	rawW, err := sql.Open("sqlite", dsn(path, writePragmas))
	if err != nil {
		b.Fatal(err)
	}
	rawW.SetMaxOpenConns(1)
	d := &benchData{e: e, items: items, raw: raw, rawW: rawW, n: n}
	d.next.Store(int64(n) + 10_000_000) // inserted items never meet seeded ones
	benchSets[n] = d
	return d
}

// insertArgs encodes an item the way Coll.Insert does.
func insertArgs(tb testing.TB, c *collection, it *storetest.Item) []any {
	body, err := json.Marshal(it)
	if err != nil {
		tb.Fatal(err)
	}
	d := docstore.Doc{ID: it.ID, Body: body, Fields: storetest.ItemDef.Fields(it)}
	if err := c.spec.CheckDoc(&d); err != nil {
		tb.Fatal(err)
	}
	return c.appendValues([]any{d.ID, int64(1)}, d)
}

func prepare(b *testing.B, db *sql.DB, q string) *sql.Stmt {
	b.Helper()
	st, err := db.Prepare(q)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close() })
	return st
}

// randomIDs returns b.N IDs of seeded items, drawn before the timer starts.
func randomIDs(b *testing.B, n int) []string {
	r := rand.New(rand.NewPCG(1, uint64(b.N)))
	ids := make([]string, b.N)
	for i := range ids {
		ids[i] = storetest.NewItem(r.IntN(n)).ID
	}
	return ids
}

func BenchmarkGet(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes() {
		b.Run(label(n)+"/engine", func(b *testing.B) {
			d := dataset(b, n)
			ids := randomIDs(b, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := d.items.Get(ctx, ids[i]); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(label(n)+"/engine-many-of-one", func(b *testing.B) {
			d := dataset(b, n)
			ids := randomIDs(b, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if its, err := d.items.GetMany(ctx, ids[i:i+1]); err != nil || len(its) != 1 {
					b.Fatal(len(its), err)
				}
			}
		})
		b.Run(label(n)+"/raw", func(b *testing.B) {
			d := dataset(b, n)
			st := prepare(b, d.raw, "SELECT body FROM c_items WHERE id = ?")
			ids := randomIDs(b, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var body []byte
				if err := st.QueryRowContext(ctx, ids[i]).Scan(&body); err != nil {
					b.Fatal(err)
				}
				var it storetest.Item
				if err := json.Unmarshal(body, &it); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// pageCond is the i-th (owner, status) pair; each holds 1% of the items.
func pageCond(i int) (owner, status string) {
	it := storetest.NewItem(i % 100)
	return it.Owner, it.Status
}

func BenchmarkFindPage(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes() {
		b.Run(label(n)+"/engine", func(b *testing.B) {
			d := dataset(b, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				owner, status := pageCond(i)
				its, _, err := d.items.Find(ctx, docstore.Query{
					Where: []docstore.Cond{docstore.EqCond("owner", owner), docstore.EqCond("status", status)},
					Sort:  []docstore.Order{{Field: "created"}},
					Limit: 20,
				})
				if err != nil || len(its) != 20 {
					b.Fatalf("Find: %d items, %v", len(its), err)
				}
			}
		})
		b.Run(label(n)+"/raw", func(b *testing.B) {
			d := dataset(b, n)
			st := prepare(b, d.raw, `SELECT body FROM c_items WHERE f_owner = ? AND f_status = ?
				ORDER BY f_created, id LIMIT 21`)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				owner, status := pageCond(i)
				rows, err := st.QueryContext(ctx, owner, status)
				if err != nil {
					b.Fatal(err)
				}
				its := make([]*storetest.Item, 0, 21)
				for rows.Next() {
					var body []byte
					if err := rows.Scan(&body); err != nil {
						b.Fatal(err)
					}
					it := new(storetest.Item)
					if err := json.Unmarshal(body, it); err != nil {
						b.Fatal(err)
					}
					its = append(its, it)
				}
				if err := rows.Close(); err != nil || len(its) != 21 {
					b.Fatalf("raw page: %d, %v", len(its), err)
				}
			}
		})
	}
}

// BenchmarkCount counts a range of n that holds 500 items at every size.
func BenchmarkCount(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes() {
		starts := func(b *testing.B) []int64 {
			r := rand.New(rand.NewPCG(2, uint64(b.N)))
			s := make([]int64, b.N)
			for i := range s {
				s[i] = int64(r.IntN(n - 500))
			}
			return s
		}
		b.Run(label(n)+"/engine", func(b *testing.B) {
			d := dataset(b, n)
			s := starts(b)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				c, err := d.items.Count(ctx,
					docstore.Cond{Field: "n", Op: docstore.Gte, Value: s[i]},
					docstore.Cond{Field: "n", Op: docstore.Lt, Value: s[i] + 500})
				if err != nil || c != 500 {
					b.Fatalf("Count = %d, %v", c, err)
				}
			}
		})
		b.Run(label(n)+"/raw", func(b *testing.B) {
			d := dataset(b, n)
			st := prepare(b, d.raw, "SELECT count(*) FROM c_items WHERE f_n >= ? AND f_n < ?")
			s := starts(b)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var c int64
				if err := st.QueryRowContext(ctx, s[i], s[i]+500).Scan(&c); err != nil || c != 500 {
					b.Fatalf("count = %d, %v", c, err)
				}
			}
		})
	}
}

func BenchmarkInsert(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes() {
		b.Run(label(n)+"/engine", func(b *testing.B) {
			d := dataset(b, n)
			for i := 0; i < b.N; i++ {
				if err := d.items.Insert(ctx, storetest.NewItem(int(d.next.Add(1)))); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "inserts/s")
		})
		b.Run(label(n)+"/raw", func(b *testing.B) {
			d := dataset(b, n)
			c := d.e.C("items").(*collection)
			st := prepare(b, d.rawW, c.insertSQL)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := st.ExecContext(ctx, insertArgs(b, c, storetest.NewItem(int(d.next.Add(1))))...); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "inserts/s")
		})
	}
}

// bump is the change every update benchmark makes: an indexed field.
func bump(it *storetest.Item, i int) { it.Score = float64(i%1000) / 10 }

func BenchmarkUpdate(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes() {
		b.Run(label(n)+"/engine", func(b *testing.B) {
			d := dataset(b, n)
			ids := randomIDs(b, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := d.items.Update(ctx, ids[i], func(it *storetest.Item) error {
					bump(it, i)
					return nil
				}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "updates/s")
		})
		b.Run(label(n)+"/raw", func(b *testing.B) {
			d := dataset(b, n)
			ids := randomIDs(b, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := rawUpdate(ctx, d.rawW, ids[i], i); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "updates/s")
		})
	}
}

// rawUpdate is the floor of an update: read, decode, change, encode and
// write back in one immediate transaction.
func rawUpdate(ctx context.Context, db *sql.DB, id string, i int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	var version int64
	var body []byte
	if err := tx.QueryRowContext(ctx, "SELECT version, body FROM c_items WHERE id = ?", id).Scan(&version, &body); err != nil {
		return err
	}
	var it storetest.Item
	if err := json.Unmarshal(body, &it); err != nil {
		return err
	}
	bump(&it, i)
	if body, err = json.Marshal(&it); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE c_items SET version = ?, body = ?, f_score = ? WHERE id = ?",
		version+1, body, it.Score, id); err != nil {
		return err
	}
	return tx.Commit()
}

// BenchmarkReadersAndWriter runs b.N updates through the engine while four
// readers get random items until the writer is done, and reports both rates.
func BenchmarkReadersAndWriter(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes() {
		b.Run(label(n), func(b *testing.B) {
			d := dataset(b, n)
			ids := randomIDs(b, n)
			var reads atomic.Int64
			done := make(chan struct{})
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for r := range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					rnd := rand.New(rand.NewPCG(3, uint64(r)))
					for {
						select {
						case <-done:
							return
						default:
						}
						if _, err := d.items.Get(ctx, storetest.NewItem(rnd.IntN(n)).ID); err != nil {
							b.Error(err)
							return
						}
						reads.Add(1)
					}
				}()
			}
			for i := 0; i < b.N; i++ {
				if _, err := d.items.Update(ctx, ids[i], func(it *storetest.Item) error {
					bump(it, i)
					return nil
				}); err != nil {
					b.Fatal(err)
				}
			}
			elapsed := time.Since(start).Seconds()
			close(done)
			wg.Wait()
			b.ReportMetric(float64(b.N)/elapsed, "updates/s")
			b.ReportMetric(float64(reads.Load())/elapsed, "reads/s")
		})
	}
}
