package jobs_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/actionhub/actionhub/jobs"
)

var fixedNow = time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)

type rig struct {
	rdb    *redis.Client
	worker *jobs.Worker
	client *asynq.Client
	insp   *asynq.Inspector
}

func startWorker(t *testing.T, deps jobs.Deps, log *logRecorder) rig {
	t.Helper()
	rdb := testRedis(t)
	logger := quietLog()
	if log != nil {
		logger = slogOf(log)
	}
	w := jobs.NewWorker(rdb, deps, logger, jobs.WorkerOptions{Concurrency: 2})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Shutdown)
	return rig{rdb, w, asynq.NewClientFromRedisClient(rdb), asynq.NewInspectorFromRedisClient(rdb)}
}

func TestWorkerRunsTasks(t *testing.T) {
	t.Parallel()
	n, ob, ss := newNotifier(), &outbox{pending: []string{"ntf-a", "ntf-b"}}, &sessions{del: 3}
	r := startWorker(t, jobs.Deps{
		Notifier: n, Outbox: ob, Sessions: ss, Audits: &auditSweeper{}, Cases: &caseSweeper{}, Now: func() time.Time { return fixedNow },
	}, nil)
	ctx := context.Background()

	// All three at once: a worker idles a second between empty polls.
	if err := jobs.NewEnqueuer(r.rdb).SendNotification(ctx, "ntf-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.client.Enqueue(jobs.NewSessionsSweepTask()); err != nil {
		t.Fatal(err)
	}
	if _, err := r.client.Enqueue(jobs.NewOutboxSweepTask()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "notifications delivered", func() bool { return n.has("ntf-1", "ntf-a", "ntf-b") })
	waitFor(t, "sessions swept", func() bool { return len(ss.sweeps()) == 1 })
	if at := ss.sweeps()[0]; !at.Equal(fixedNow) {
		t.Errorf("sessions swept at %v, want the clock's %v", at, fixedNow)
	}
	ob.mu.Lock()
	defer ob.mu.Unlock()
	if !ob.now.Equal(fixedNow) || ob.limit <= 0 {
		t.Errorf("outbox asked at %v with limit %d, want %v and a positive limit", ob.now, ob.limit, fixedNow)
	}
}

func TestBadPayloadIsNotRetried(t *testing.T) {
	t.Parallel()
	n := newNotifier()
	r := startWorker(t, jobs.Deps{Notifier: n, Outbox: &outbox{}, Sessions: &sessions{}, Audits: &auditSweeper{}, Cases: &caseSweeper{}}, nil)
	bad := map[string][]byte{
		"bad-json": []byte("{not json"),
		"no-id":    []byte(`{"id":""}`),
	}
	for id, payload := range bad {
		task := asynq.NewTask(jobs.TypeNotificationSend, payload,
			asynq.TaskID(id), asynq.Queue(jobs.QueueCritical), asynq.MaxRetry(5))
		if _, err := r.client.Enqueue(task); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "bad payloads archived", func() bool {
		archived, err := r.insp.ListArchivedTasks(jobs.QueueCritical)
		return err == nil && len(archived) == len(bad)
	})
	for id := range bad {
		ti, err := r.insp.GetTaskInfo(jobs.QueueCritical, id)
		if err != nil {
			t.Fatal(err)
		}
		if ti.State != asynq.TaskStateArchived || ti.Retried != 0 || !strings.Contains(ti.LastErr, asynq.SkipRetry.Error()) {
			t.Errorf("task %s: state %v, retried %d, last error %q; want archived unretried with skip retry",
				id, ti.State, ti.Retried, ti.LastErr)
		}
	}
	if got := n.got(); len(got) != 0 {
		t.Errorf("bad payloads delivered %v", got)
	}
}

// Shutdown must let a running delivery finish instead of abandoning it to
// be re-queued: the handler is released only once shutdown is under way.
func TestShutdownWaitsForRunningTask(t *testing.T) {
	t.Parallel()
	n, log := newNotifier(), &logRecorder{}
	r := startWorker(t, jobs.Deps{Notifier: n, Outbox: &outbox{}, Sessions: &sessions{}, Audits: &auditSweeper{}, Cases: &caseSweeper{}}, log)
	if err := jobs.NewEnqueuer(r.rdb).SendNotification(context.Background(), "slow"); err != nil {
		t.Fatal(err)
	}
	<-n.started

	stopped := make(chan struct{})
	go func() {
		r.worker.Shutdown()
		close(stopped)
	}()
	waitFor(t, "shutdown waiting on the running task", func() bool {
		return log.logged("Waiting for all workers to finish")
	})
	select {
	case <-stopped:
		t.Fatal("Shutdown returned while a task was still running")
	default:
	}
	close(n.release)
	<-stopped

	if got := n.got(); !slices.Equal(got, []string{"slow"}) {
		t.Fatalf("delivered %v, want [slow]", got)
	}
	if n.slowErr != nil {
		t.Errorf("running task's context ended during shutdown: %v", n.slowErr)
	}
	// A finished task is deleted; an abandoned one would be pending again.
	if ti, err := r.insp.GetTaskInfo(jobs.QueueCritical, jobs.NotificationTaskID("slow")); !errors.Is(err, asynq.ErrTaskNotFound) {
		t.Errorf("after shutdown the task is still there (%+v, %v); want it finished and gone", ti, err)
	}
}

func TestNewWorkerRefusesMissingDeps(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("NewWorker with no Notifier did not panic")
		}
	}()
	rdb := redis.NewClient(&redis.Options{Addr: realRedis})
	defer rdb.Close()
	jobs.NewWorker(rdb, jobs.Deps{Outbox: &outbox{}, Sessions: &sessions{}, Audits: &auditSweeper{}, Cases: &caseSweeper{}}, quietLog(), jobs.WorkerOptions{})
}

func TestEveryScheduledTypeHasAHandler(t *testing.T) {
	t.Parallel()
	rdb := redis.NewClient(&redis.Options{Addr: realRedis})
	defer rdb.Close()
	w := jobs.NewWorker(rdb,
		jobs.Deps{Notifier: newNotifier(), Outbox: &outbox{}, Sessions: &sessions{}, Audits: &auditSweeper{}, Cases: &caseSweeper{},
			Referrals: &referralSweeper{}, Directory: &repairer{}}, quietLog(), jobs.WorkerOptions{})
	types := []string{jobs.TypeNotificationSend, jobs.TypeWebhookDeliver}
	for _, s := range jobs.Schedules() {
		types = append(types, s.NewTask().Type())
	}
	for _, typ := range types {
		if !w.Handles(typ) {
			t.Errorf("no handler for %s", typ)
		}
	}
	if w.Handles("unknown:type") {
		t.Error("Handles reports a handler for an unknown type")
	}
}
