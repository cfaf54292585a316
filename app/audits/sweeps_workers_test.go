package audits_test

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/actionhub/actionhub/app/audits"
	"github.com/actionhub/actionhub/app/kv"
	"github.com/actionhub/actionhub/app/notify"
	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/jobs"
)

// testRedis claims a database (1 to 7, shared with the integration tests'
// claims) on the local Redis, emptied, or starts an embedded one.
func testRedis(t *testing.T) *redis.Client {
	t.Helper()
	const addr = "127.0.0.1:6379"
	if conn, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
		conn.Close()
		ctl := redis.NewClient(&redis.Options{Addr: addr})
		t.Cleanup(func() { ctl.Close() })
		ctx := context.Background()
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			for n := 1; n <= 7; n++ {
				key := fmt.Sprintf("actionhub:test:db:%d", n)
				if ok, err := ctl.SetNX(ctx, key, os.Getpid(), 10*time.Minute).Result(); err != nil || !ok {
					continue
				}
				t.Cleanup(func() { ctl.Del(context.Background(), key) })
				c := kv.NewClient(addr, kv.WithDB(n))
				t.Cleanup(func() { c.Close() })
				if err := c.FlushDB(ctx).Err(); err != nil {
					t.Fatal(err)
				}
				return c
			}
		}
		t.Fatal("no free Redis database for the test")
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

// counting counts one worker's overdue sweeps.
type counting struct {
	jobs.AuditSweeper
	runs atomic.Int32
}

func (c *counting) EscalateOverdueActions(ctx context.Context, now time.Time, limit int) (int, error) {
	c.runs.Add(1)
	return c.AuditSweeper.EscalateOverdueActions(ctx, now, limit)
}

type noSessions struct{}

func (noSessions) DeleteExpiredSessions(context.Context, time.Time) (int, error) { return 0, nil }

// Two workers, each with its own services as two processes have, share one
// store and one Redis. An overdue action is escalated once however many
// sweeps both run; after Redis is emptied, sweeping again sends no
// duplicate, escalates what fell due since, and every message is delivered.
func TestOverdueEscalatedOnceByTwoWorkers(t *testing.T) {
	t.Parallel()
	st := openStore(t)
	seed(t, st)
	rdb := testRedis(t)
	var clock atomic.Int64
	clock.Store(t0.UnixNano())
	now := func() time.Time { return time.Unix(0, clock.Load()).UTC() }
	insertAction(t, st, "act-1", t0.Add(-time.Hour))
	insertAction(t, st, "act-2", t0.Add(2*time.Hour))

	var sweepers []*counting
	for range 2 {
		ob := notify.New(st, jobs.NewEnqueuer(rdb), "", "", slog.New(slog.DiscardHandler), now)
		c := &counting{AuditSweeper: audits.New(st, nil, nil, ob, nil, now)}
		sweepers = append(sweepers, c)
		w := jobs.NewWorker(rdb, jobs.Deps{Notifier: ob, Outbox: ob, Sessions: noSessions{}, Audits: c, Cases: noCases{}, Now: now},
			slog.New(slog.DiscardHandler), jobs.WorkerOptions{Concurrency: 2})
		if err := w.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(w.Shutdown)
	}
	client := asynq.NewClientFromRedisClient(rdb)
	insp := asynq.NewInspectorFromRedisClient(rdb)
	// sweepOnBoth enqueues overdue sweeps in bursts until both workers ran
	// some, and waits for the queue to drain.
	sweepOnBoth := func() {
		t.Helper()
		start := []int32{sweepers[0].runs.Load(), sweepers[1].runs.Load()}
		for burst := 0; sweepers[0].runs.Load() == start[0] || sweepers[1].runs.Load() == start[1]; burst++ {
			if burst == 50 {
				t.Fatal("the two workers did not both sweep in 50 bursts")
			}
			var wg sync.WaitGroup
			for range 6 {
				wg.Go(func() {
					if _, err := client.Enqueue(jobs.NewAuditSweepTask(jobs.TypeActionsEscalate)); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			waitFor(t, "the sweeps ran", func() bool {
				q, err := insp.GetQueueInfo(jobs.QueueLow)
				return err == nil && q.Pending == 0 && q.Active == 0 && q.Retry == 0
			})
		}
	}
	escalated := func() []string { return mail(t, st, "Corrective action overdue") }

	sweepOnBoth()
	if got := escalated(); !slices.Equal(got, []string{adminMail, brandMail}) {
		t.Fatalf("after sweeps on two workers: %v, want one to the admin and one to the brand", got)
	}

	// Redis restarts empty; act-2 falls due meanwhile.
	if err := rdb.FlushDB(context.Background()).Err(); err != nil {
		t.Fatal(err)
	}
	clock.Store(t0.Add(3 * time.Hour).UnixNano())
	// a new client, as a restarted scheduler has: asynq's remembers the
	// queues it registered, which the flush dropped
	client = asynq.NewClientFromRedisClient(rdb)
	sweepOnBoth()
	if got := escalated(); !slices.Equal(got, []string{adminMail, adminMail, brandMail, brandMail}) {
		t.Fatalf("after Redis emptied and sweeps again: %v, want act-1 once and act-2 once", got)
	}
	for _, id := range []string{"act-1", "act-2"} {
		if a, err := st.Actions.Get(context.Background(), id); err != nil || a.OverdueNotified.IsZero() {
			t.Errorf("%s not marked escalated: %v", id, err)
		}
	}
	// Deliveries the emptied queue lost are made up from the stored messages.
	if _, err := client.Enqueue(jobs.NewOutboxSweepTask()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "every message delivered", func() bool {
		ns, _, err := st.Notifications.Find(context.Background(), docstore.Query{Limit: docstore.MaxLimit})
		if err != nil {
			return false
		}
		for _, n := range ns {
			if n.Status != domain.NotificationSent {
				return false
			}
		}
		return len(ns) == 4
	})
}

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

// noCases is a case sweeper with no cases, for a worker that runs audits.
type noCases struct{}

func (noCases) MakeDueFollowUps(context.Context, time.Time, int) (int, error) { return 0, nil }
func (noCases) RepairFollowUps(context.Context, time.Time, int) (int, error)  { return 0, nil }
func (noCases) PurgeIdentities(context.Context, time.Time, int) (int, error)  { return 0, nil }
func (noCases) ResealIdentities(context.Context, time.Time, int) (int, error) { return 0, nil }
