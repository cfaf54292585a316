package jobs_test

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/actionhub/actionhub/app/kv"
)

const realRedis = "127.0.0.1:6379"

// Tests on the real Redis take one logical database each, from 8 up, so
// parallel tests never see each other's queues; past 15 they run on an
// embedded Redis.
var nextDB atomic.Int32

// testRedis returns a client on an empty set of queues: the real Redis when
// it answers, else an embedded one. Queues left on the real one are deleted.
func testRedis(t testing.TB) *redis.Client {
	t.Helper()
	if db := 8 + int(nextDB.Add(1)) - 1; db <= 15 {
		c := kv.NewClient(realRedis, kv.WithDB(db))
		if kv.Ping(context.Background(), c) == nil {
			deleteQueues(t, c)
			t.Cleanup(func() {
				deleteQueues(t, c)
				c.Close()
			})
			return c
		}
		c.Close()
	}
	e, err := kv.StartEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	c := kv.NewClient(e.Addr())
	t.Cleanup(func() {
		c.Close()
		e.Close()
	})
	return c
}

// deleteQueues removes every queue with its completed tasks and counters,
// which Inspector.DeleteQueue leaves behind.
func deleteQueues(t testing.TB, c *redis.Client) {
	t.Helper()
	ctx := context.Background()
	in := asynq.NewInspectorFromRedisClient(c)
	queues, err := in.Queues()
	if err != nil {
		t.Errorf("list queues: %v", err)
		return
	}
	for _, q := range queues {
		if _, err := in.DeleteAllCompletedTasks(q); err != nil {
			t.Errorf("delete completed tasks of %s: %v", q, err)
		}
		if err := in.DeleteQueue(q, true); err != nil {
			t.Errorf("delete queue %s: %v", q, err)
		}
		iter := c.Scan(ctx, 0, "asynq:{"+q+"}:*", 100).Iterator()
		for iter.Next(ctx) {
			c.Del(ctx, iter.Val())
		}
		if err := iter.Err(); err != nil {
			t.Errorf("scan keys of %s: %v", q, err)
		}
	}
}

// waitFor polls cond until it holds or a generous deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// notifier records deliveries; Deliver of id "slow" waits for release.
type notifier struct {
	mu        sync.Mutex
	delivered []string
	started   chan struct{} // closed when "slow" starts
	release   chan struct{} // closed by the test to let "slow" finish
	slowErr   error         // ctx.Err() seen when "slow" finished
}

func newNotifier() *notifier {
	return &notifier{started: make(chan struct{}), release: make(chan struct{})}
}

func (n *notifier) Deliver(ctx context.Context, id string) error {
	if id == "slow" {
		close(n.started)
		<-n.release
		n.mu.Lock()
		n.slowErr = ctx.Err()
		n.mu.Unlock()
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.delivered = append(n.delivered, id)
	return nil
}

func (n *notifier) got() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return slices.Clone(n.delivered)
}

func (n *notifier) has(ids ...string) bool {
	got := n.got()
	for _, id := range ids {
		if !slices.Contains(got, id) {
			return false
		}
	}
	return true
}

// outbox serves a fixed list of pending notification IDs.
type outbox struct {
	pending []string
	calls   atomic.Int32
	mu      sync.Mutex
	now     time.Time
	limit   int
}

func (o *outbox) PendingNotifications(_ context.Context, now time.Time, limit int) ([]string, error) {
	o.mu.Lock()
	o.now, o.limit = now, limit
	o.mu.Unlock()
	o.calls.Add(1)
	return o.pending, nil
}

// sessions records the times it was asked to sweep at.
type sessions struct {
	mu  sync.Mutex
	at  []time.Time
	del int
}

func (s *sessions) DeleteExpiredSessions(_ context.Context, now time.Time) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.at = append(s.at, now)
	return s.del, nil
}

func (s *sessions) sweeps() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.at)
}

// logRecorder keeps every message logged, for tests that wait on one.
type logRecorder struct {
	mu   sync.Mutex
	msgs []string
}

func (r *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *logRecorder) WithAttrs([]slog.Attr) slog.Handler       { return r }
func (r *logRecorder) WithGroup(string) slog.Handler            { return r }
func (r *logRecorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, rec.Message)
	return nil
}

func (r *logRecorder) logged(substr string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.ContainsFunc(r.msgs, func(m string) bool { return strings.Contains(m, substr) })
}

func quietLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

func slogOf(r *logRecorder) *slog.Logger { return slog.New(r) }
