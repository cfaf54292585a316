package identity

import (
	"context"
	"errors"
	"testing"

	"github.com/actionhub/actionhub/domain"
	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// TestThrottleReservesAtomically runs the scripts on the in-process Redis
// (miniredis), which the one-process mode uses.
func TestThrottleReservesAtomically(t *testing.T) {
	mr := miniredis.RunT(t)
	rdb := redis.NewClient(&redis.Options{Addr: mr.Addr(), DisableIdentity: true})
	defer rdb.Close()
	th := throttle{rdb}
	ctx := context.Background()
	for i := range maxFailsPerPair {
		if err := th.reserve(ctx, "a@x.example", "192.0.2.1"); err != nil {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
	}
	err := th.reserve(ctx, "a@x.example", "192.0.2.1")
	var rl *domain.RateLimited
	if !errors.As(err, &rl) || rl.Wait <= 0 || rl.Wait > loginWindow {
		t.Fatalf("over the limit: %v", err)
	}
	pair, perIP := th.keys("a@x.example", "192.0.2.1")[0], th.keys("a@x.example", "192.0.2.1")[1]
	if got, _ := rdb.Get(ctx, perIP).Int(); got != maxFailsPerPair {
		t.Fatalf("address counter %d after a refused try, want %d", got, maxFailsPerPair)
	}
	if mr.TTL(pair) <= 0 || mr.TTL(perIP) <= 0 {
		t.Fatal("counters without expiry")
	}
	// another account from the same address still gets its tries
	if err := th.reserve(ctx, "b@x.example", "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	// a right password gives its reservation back
	if err := th.release(ctx, "b@x.example", "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	if got, _ := rdb.Get(ctx, perIP).Int(); got != maxFailsPerPair {
		t.Fatalf("address counter %d after a release, want %d", got, maxFailsPerPair)
	}
	// the window ends the block
	mr.FastForward(loginWindow)
	if err := th.reserve(ctx, "a@x.example", "192.0.2.1"); err != nil {
		t.Fatalf("after the window: %v", err)
	}
	// a release on an expired counter does not go negative
	mr.FastForward(loginWindow)
	if err := th.release(ctx, "a@x.example", "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	if mr.Exists(perIP) {
		t.Fatal("release recreated an expired counter")
	}
}
