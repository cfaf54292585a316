package kv_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/kv"
)

// TestLockIsExclusive: a second caller waits until the first releases,
// and a release after the lock changed hands frees nothing of the new
// holder's.
func TestLockIsExclusive(t *testing.T) {
	t.Parallel()
	e := startEmbedded(t)
	c := kv.NewClient(e.Addr())
	defer c.Close()
	locks := kv.NewLocks(c)
	ctx := context.Background()
	unlock, err := locks.Lock(ctx, "test:exclusive")
	if err != nil {
		t.Fatal(err)
	}
	var second atomic.Bool
	done := make(chan func())
	go func() {
		u, err := locks.Lock(ctx, "test:exclusive")
		if err != nil {
			t.Error(err)
		}
		second.Store(true)
		done <- u
	}()
	time.Sleep(100 * time.Millisecond)
	if second.Load() {
		t.Fatal("the second caller took a held lock")
	}
	unlock()
	unlockSecond := <-done
	unlock() // the first holder's stale release
	if n, err := c.Exists(ctx, "actionhub:lock:test:exclusive").Result(); err != nil || n != 1 {
		t.Fatalf("the second holder's lock after a stale release: exists %d, %v", n, err)
	}
	unlockSecond()
	if n, _ := c.Exists(ctx, "actionhub:lock:test:exclusive").Result(); n != 0 {
		t.Fatal("the lock outlived its release")
	}
}
