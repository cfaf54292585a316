package storetest

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
)

func testSequences(t *testing.T, e docstore.Engine) {
	const workers, each = 8, 50
	const name, other = "case/KHI-2026", "audit:LHE-2026"
	ctx := t.Context()
	var (
		mu  sync.Mutex
		got = map[int64]int{}
		wg  sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for range each {
				n, err := e.Next(ctx, name)
				if err != nil {
					t.Errorf("Next: %v", err)
					return
				}
				mu.Lock()
				got[n]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	var repeated, missing []int64
	for n := int64(1); n <= workers*each; n++ {
		switch got[n] {
		case 0:
			missing = append(missing, n)
		case 1:
		default:
			repeated = append(repeated, n)
		}
	}
	if len(repeated) > 0 || len(missing) > 0 || len(got) != workers*each {
		t.Errorf("%d calls gave %d distinct numbers; %d repeated (first %v), %d of 1..%d missing (first %v)",
			workers*each, len(got), len(repeated), repeated[:min(10, len(repeated))],
			len(missing), workers*each, missing[:min(10, len(missing))])
	}
	for want := int64(1); want <= 2; want++ {
		if n, err := e.Next(ctx, other); err != nil || n != want {
			t.Errorf("Next(%s) = %d, %v; want %d (sequences are independent)", other, n, err, want)
		}
	}
	if n, err := e.Next(ctx, name); err != nil || n != workers*each+1 {
		t.Errorf("Next(%s) = %d, %v; want %d", name, n, err, workers*each+1)
	}
}

// acceptable reports whether err is what an engine may return for a call
// made with a cancelled or expired context.
func acceptable(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, domain.ErrUnavailable)
}

func testContext(t *testing.T, e docstore.Engine) {
	live := t.Context()
	c := items(e)
	raw := e.C(ItemSpec.Name)
	it := NewItem(1)
	mustInsert(t, c, it)
	stored := rawGet(t, raw, it.ID)
	newItem := NewItem(2)

	cancelled, cancel := context.WithCancel(live)
	cancel()
	expired, cancel2 := context.WithDeadline(live, time.Now().Add(-time.Second))
	defer cancel2()
	for _, ctx := range []context.Context{cancelled, expired} {
		changed := stored
		changed.Body = []byte(`{"id":"changed"}`)
		calls := map[string]func() error{
			"Get":     func() error { _, err := raw.Get(ctx, it.ID); return err },
			"GetMany": func() error { _, err := raw.GetMany(ctx, []string{it.ID}); return err },
			"Insert":  func() error { return c.Insert(ctx, newItem) },
			"Replace": func() error { return raw.Replace(ctx, changed) },
			"Update":  func() error { _, err := c.Update(ctx, it.ID, func(v *Item) error { v.N = 99; return nil }); return err },
			"Delete":  func() error { return raw.Delete(ctx, it.ID) },
			"Find":    func() error { _, err := raw.Find(ctx, docstore.Query{}); return err },
			"Count":   func() error { _, err := raw.Count(ctx, nil); return err },
			"Scan":    func() error { return raw.Scan(ctx, 10, func([]docstore.Doc) error { return nil }) },
			"Next":    func() error { _, err := e.Next(ctx, "case"); return err },
			"Put": func() error {
				_, err := e.Blobs().Put(ctx, "text/plain", bytes.NewReader([]byte("x")), 10)
				return err
			},
		}
		for name, call := range calls {
			if err := guard(call); !acceptable(err) {
				t.Errorf("%s with %v: %v, want context.Canceled, DeadlineExceeded or ErrUnavailable", name, ctx.Err(), err)
			}
		}
	}
	if _, err := raw.Get(live, newItem.ID); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("Insert with a cancelled context stored the item: %v", err)
	}
	sameDoc(t, "after writes with a cancelled context", stored, rawGet(t, raw, it.ID))
}

// testClosed closes the engine and checks that every call then fails
// without a panic, and that Close may be called again.
func testClosed(t *testing.T, e docstore.Engine) {
	ctx := t.Context()
	c := items(e)
	raw := e.C(ItemSpec.Name)
	b := e.Blobs()
	it := NewItem(1)
	mustInsert(t, c, it)
	blob, err := b.Put(ctx, "text/plain", bytes.NewReader([]byte("kept")), 10)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	d := docstore.Doc{ID: "after-close", Body: []byte(`{}`), Fields: map[string]any{"code": "AFTER"}}
	calls := map[string]func() error{
		"Get":         func() error { _, err := raw.Get(ctx, it.ID); return err },
		"GetMany":     func() error { _, err := raw.GetMany(ctx, []string{it.ID}); return err },
		"Insert":      func() error { return raw.Insert(ctx, d) },
		"Replace":     func() error { d.ID, d.Version = it.ID, 1; return raw.Replace(ctx, d) },
		"Update":      func() error { _, err := c.Update(ctx, it.ID, func(*Item) error { return nil }); return err },
		"Delete":      func() error { return raw.Delete(ctx, it.ID) },
		"Find":        func() error { _, err := raw.Find(ctx, docstore.Query{}); return err },
		"Count":       func() error { _, err := raw.Count(ctx, nil); return err },
		"Scan":        func() error { return raw.Scan(ctx, 10, func([]docstore.Doc) error { return nil }) },
		"Next":        func() error { _, err := e.Next(ctx, "case"); return err },
		"Ping":        func() error { return e.Ping(ctx) },
		"Ensure":      func() error { return e.Ensure(ctx, ItemSpec) },
		"Put":         func() error { _, err := b.Put(ctx, "text/plain", bytes.NewReader([]byte("x")), 10); return err },
		"Open":        func() error { _, _, err := b.Open(ctx, blob.ID); return err },
		"Delete blob": func() error { return b.Delete(ctx, blob.ID) },
	}
	for name, call := range calls {
		err := guard(call)
		switch {
		case err == nil:
			t.Errorf("%s after Close: no error", name)
		case errors.Is(err, errPanicked):
			t.Errorf("%s after Close: %v", name, err)
		case !errors.Is(err, docstore.ErrClosed):
			t.Logf("%s after Close: %v (ErrClosed is preferred)", name, err)
		}
	}
	if err := guard(e.Close); errors.Is(err, errPanicked) {
		t.Errorf("second Close: %v", err)
	}
}
