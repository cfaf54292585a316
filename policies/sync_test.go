package policies

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"
)

// testRedis returns a client of the Redis at 127.0.0.1:6379 when it
// answers, else of a fresh miniredis.
func testRedis(t *testing.T) redis.UniversalClient {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379", DialTimeout: 200 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if rdb.Ping(ctx).Err() == nil {
		t.Cleanup(func() { _ = rdb.Close() })
		return rdb
	}
	_ = rdb.Close()
	mr := miniredis.RunT(t)
	rdb = redis.NewClient(&redis.Options{Addr: mr.Addr()})
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 5s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// startSync runs Sync for each enforcer until the test ends, and waits
// until all are subscribed.
func startSync(t *testing.T, rdb redis.UniversalClient, channel string, es ...*Enforcer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, len(es))
	for _, e := range es {
		go func() { done <- e.Sync(ctx, rdb) }()
	}
	t.Cleanup(func() {
		cancel()
		for range es {
			if err := <-done; err != nil {
				t.Errorf("Sync: %v", err)
			}
		}
	})
	// Subscribed, and done with the reload that follows, so a test's
	// change cannot reach a replica through that reload instead.
	eventually(t, "every replica subscribed", func() bool {
		n, err := rdb.PubSubNumSub(context.Background(), channel).Result()
		if err != nil || n[channel] != int64(len(es)) {
			return false
		}
		for _, e := range es {
			if e.reloads.Load() == 0 {
				return false
			}
		}
		return true
	})
}

// TestSyncBetweenReplicas: two replicas on one store; a change on one is
// seen by the other, without a store write of the other's own.
func TestSyncBetweenReplicas(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rdb := testRedis(t)
	channel := "actionhub:test:" + uuid.NewString()
	s := newMemStore(network()...)
	a := mustNew(t, s, WithChannel(channel))
	b := mustNew(t, s, WithChannel(channel))
	startSync(t, rdb, channel, a, b)

	link := Relation{brandA, tannery}
	if err := a.Add(ctx, link); err != nil {
		t.Fatal(err)
	}
	eventually(t, "B sees A's new link", func() bool { return b.Reaches(buyerA, tannery) })

	if err := b.Remove(ctx, link); err != nil {
		t.Fatal(err)
	}
	if b.Reaches(buyerA, tannery) {
		t.Error("B still reaches after its own Remove")
	}
	eventually(t, "A sees B's removal", func() bool { return !a.Reaches(buyerA, tannery) })

	// An announcement is news, not truth: a replica checks the store. A
	// forged "add" of a relation the store lacks changes nothing; the real
	// change announced after it still arrives.
	forged, _ := json.Marshal(message{Origin: "elsewhere", Op: opAdd, Rels: []Relation{{buyerB, mill}}})
	if err := rdb.Publish(ctx, channel, forged).Err(); err != nil {
		t.Fatal(err)
	}
	if err := a.Add(ctx, Relation{brandB, mill}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "B sees A's second link", func() bool { return b.Reaches(brandB, mill) })
	if has, _ := s.HasRelations(ctx, Relation{buyerB, mill}); has[0] {
		t.Fatal("the forged relation reached the store")
	}
	// buyerB reaches mill now through brandB; the forged direct link must
	// not exist in B's memory: removing brandB → mill cuts the path.
	if err := a.Remove(ctx, Relation{brandB, mill}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "B sees A's removal", func() bool { return !b.Reaches(brandB, mill) })
	if b.Reaches(buyerB, mill) {
		t.Error("B applied a forged announcement the store contradicts")
	}
}

// TestSyncRecoversLostAnnouncements: while Redis is down a change is stored
// but its announcement is lost; the other replica reloads when it
// resubscribes and picks the change up.
func TestSyncRecoversLostAnnouncements(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	mr := miniredis.RunT(t)
	rdb := redis.NewClient(&redis.Options{Addr: mr.Addr(), MaxRetries: -1})
	t.Cleanup(func() { _ = rdb.Close() })
	channel := "actionhub:test:" + uuid.NewString()
	s := newMemStore(network()...)
	a := mustNew(t, s, WithChannel(channel))
	b := mustNew(t, s, WithChannel(channel))
	startSync(t, rdb, channel, a, b)

	mr.Close()
	if err := a.Add(ctx, Relation{brandA, tannery}); err != nil {
		t.Fatalf("Add with Redis down: %v (the store took it; only the announcement is lost)", err)
	}
	if b.Reaches(buyerA, tannery) {
		t.Fatal("B saw the change with Redis down")
	}
	if err := mr.Restart(); err != nil {
		t.Fatal(err)
	}
	eventually(t, "B reloads after resubscribing", func() bool { return b.Reaches(buyerA, tannery) })
}

// TestSyncPeriodicReload: a change made behind every replica's back (an
// announcement that never came) is picked up by the periodic reload.
func TestSyncPeriodicReload(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rdb := testRedis(t)
	channel := "actionhub:test:" + uuid.NewString()
	s := newMemStore(network()...)
	b := mustNew(t, s, WithChannel(channel), WithReloadEvery(20*time.Millisecond))
	startSync(t, rdb, channel, b)
	if err := s.AddRelations(ctx, Relation{brandA, tannery}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the periodic reload", func() bool { return b.Reaches(buyerA, tannery) })
}
