package storetest

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
)

// testConcurrentUpdates increments one counter from 8 goroutines through
// Coll.Update: no increment may be lost. Coll.Update gives up with
// ErrConflict after repeated lost races; the caller retries then, as a
// handler would answer 409 and the client retry.
func testConcurrentUpdates(t *testing.T, e docstore.Engine) {
	const workers, each = 8, 25
	ctx := t.Context()
	c := items(e)
	it := NewItem(1)
	it.N = 0
	mustInsert(t, c, it)
	var conflicts atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range each {
				for attempt := 0; ; attempt++ {
					_, err := c.Update(ctx, it.ID, func(v *Item) error { v.N++; return nil })
					if err == nil {
						break
					}
					if !errors.Is(err, domain.ErrConflict) || attempt == 100 {
						t.Errorf("Update: %v (after %d conflicts)", err, attempt)
						return
					}
					conflicts.Add(1)
				}
			}
		})
	}
	wg.Wait()
	got := mustGet(t, c, it.ID)
	if got.N != workers*each || got.Version != 1+workers*each {
		t.Errorf("after %d increments: n=%d version=%d, want n=%d version=%d",
			workers*each, got.N, got.Version, workers*each, 1+workers*each)
	}
	t.Logf("%d updates gave up with ErrConflict and were retried", conflicts.Load())
}

// testConcurrentPagination walks pages while another goroutine inserts
// documents and updates others (fields outside the filter and the sort).
// Keyset pages must never repeat a document nor skip one that existed and
// matched throughout; new ones may or may not appear.
func testConcurrentPagination(t *testing.T, e docstore.Engine) {
	its := seed(t, e)
	c := items(e)
	raw := e.C(ItemSpec.Name)
	where := []docstore.Cond{docstore.InCond("status", "open", "submitted", "verified")}
	sorts := [][]docstore.Order{nil, {{Field: "owner", Desc: true}, {Field: "created", Desc: true}}, {{Field: "score", Desc: true}}}
	for run, sort := range sorts {
		before := docIDs(findAll(t, raw, docstore.Query{Where: where, Sort: sort}))
		const writes = 40
		progress := make(chan struct{}, writes)
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			defer close(progress)
			for k := range writes {
				select {
				case <-stop:
					return
				default:
				}
				var err error
				if k%2 == 0 {
					it := NewItem(k)
					it.ID = fmt.Sprintf("%s-new-%d", it.ID, run)
					it.Code = fmt.Sprintf("NEW-%d-%d", run, k)
					it.Status = statuses[k%len(statuses)]
					it.Owner = fmt.Sprintf("owner-%02d", k%5)
					it.Score = sampleScores[k%len(sampleScores)]
					it.Created = Epoch.Add(time.Duration(k%9) * time.Hour)
					err = c.Insert(t.Context(), it)
				} else {
					id := its[(k*7)%len(its)].ID
					_, err = c.Update(t.Context(), id, func(v *Item) error {
						v.N++
						v.Name = fmt.Sprintf("renamed %d", k)
						v.Notes += " Checked again."
						return nil
					})
				}
				if err != nil {
					t.Errorf("write %d during pagination: %v", k, err)
					return
				}
				progress <- struct{}{}
			}
		})
		// Each page waits for at least one more write, so reads and writes
		// interleave however the scheduler runs them.
		docs, err := walk(t, raw, docstore.Query{Where: where, Sort: sort, Limit: 7}, func() { <-progress })
		close(stop)
		wg.Wait()
		if err != nil {
			t.Fatalf("%s: %v", sortName(sort), err)
		}
		norm := normalised(ItemSpec, where)
		seen := map[string]bool{}
		for i, d := range docs {
			if seen[d.ID] {
				t.Errorf("%s: %s seen twice", sortName(sort), d.ID)
			}
			seen[d.ID] = true
			if !matches(d.Fields, norm) {
				t.Errorf("%s: %s does not match the filter: %v", sortName(sort), d.ID, d.Fields)
			}
			if i > 0 {
				p := docs[i-1]
				if compareBy(ItemSpec.SortOrDefault(sort), p.ID, p.Fields, d.ID, d.Fields) >= 0 {
					t.Errorf("%s: %s comes after %s out of order", sortName(sort), d.ID, p.ID)
				}
			}
		}
		for _, id := range before {
			if !seen[id] {
				t.Errorf("%s: %s matched throughout but was skipped", sortName(sort), id)
			}
		}
	}
}
