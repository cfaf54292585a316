package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
)

// SchedulerOptions tune a Scheduler.
type SchedulerOptions struct {
	// Schedules replaces the table; nil means Schedules().
	Schedules []Schedule
}

// Scheduler enqueues the periodic tasks at each slot of their cron specs.
// Every worker (and serve) process starts one, api processes none, so with
// several worker replicas several run: each slot's task ID makes them
// enqueue once, and every handler is idempotent anyway.
type Scheduler struct {
	rdb     redis.UniversalClient
	enq     *Enqueuer
	log     *slog.Logger
	entries []entry

	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
}

// NewScheduler checks the schedule table and returns a stopped scheduler
// enqueuing through rdb, which the caller owns. It fails on a bad cron spec,
// an @every spec, a missing NewTask or a task type listed twice.
func NewScheduler(rdb redis.UniversalClient, log *slog.Logger, opts SchedulerOptions) (*Scheduler, error) {
	rows := opts.Schedules
	if rows == nil {
		rows = Schedules()
	}
	entries, err := checkSchedules(rows, time.Now())
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.Default()
	}
	return &Scheduler{
		rdb:     rdb,
		enq:     NewEnqueuer(rdb),
		log:     log.With("component", "jobs.scheduler"),
		entries: entries,
	}, nil
}

// Start checks that Redis answers and begins firing in the background. It
// fails when Redis does not answer or the scheduler already started.
func (s *Scheduler) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done != nil {
		return errors.New("jobs scheduler: already started")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	err := s.rdb.Ping(ctx).Err()
	cancel()
	if err != nil {
		return fmt.Errorf("start jobs scheduler: %w", err)
	}
	ctx, s.cancel = context.WithCancel(context.Background())
	s.done = make(chan struct{})
	go s.run(ctx, s.done)
	return nil
}

// Shutdown stops firing and waits for an enqueue in progress. It does
// nothing on a scheduler never started, and a stopped one cannot restart.
func (s *Scheduler) Shutdown() {
	s.mu.Lock()
	cancel, done := s.cancel, s.done
	s.mu.Unlock()
	if cancel == nil {
		return
	}
	cancel()
	<-done
}

func (s *Scheduler) run(ctx context.Context, done chan<- struct{}) {
	defer close(done)
	if len(s.entries) == 0 {
		<-ctx.Done()
		return
	}
	next := make([]time.Time, len(s.entries))
	now := time.Now()
	for i, e := range s.entries {
		next[i] = e.sched.Next(now)
	}
	for {
		timer := time.NewTimer(time.Until(slices.MinFunc(next, time.Time.Compare)))
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		}
		now = time.Now()
		for i, e := range s.entries {
			if next[i].After(now) {
				continue
			}
			s.fire(ctx, e, next[i])
			next[i] = e.sched.Next(now)
		}
	}
}

// fire enqueues e's task for slot. A failure is only logged: the next slot
// enqueues again and sweeps re-derive their work from the database.
func (s *Scheduler) fire(ctx context.Context, e entry, slot time.Time) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	id := e.slotTaskID(slot)
	created, err := s.enq.enqueue(ctx, e.newTask(),
		asynq.TaskID(id), asynq.Retention(e.period(slot)))
	switch {
	case err != nil:
		s.log.ErrorContext(ctx, "periodic task not enqueued", "task", id, "err", err)
	case created:
		s.log.DebugContext(ctx, "periodic task enqueued", "task", id)
	default:
		s.log.DebugContext(ctx, "periodic task already enqueued for this slot", "task", id)
	}
}
