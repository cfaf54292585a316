package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
)

// WorkerOptions tune a Worker; zero values take the defaults.
type WorkerOptions struct {
	// Concurrency is how many tasks run at once (default 8: handlers mostly
	// wait on the database or a mail server).
	Concurrency int
	// ShutdownTimeout is how long Shutdown lets running tasks finish before
	// abandoning them to be re-queued (default 30 s).
	ShutdownTimeout time.Duration
	// Queues maps queue names to weights (default critical 6, default 3,
	// low 1); a lower weight is served less often, never starved.
	Queues map[string]int
	// WebhookRetryBase is the first wait before a failed webhook delivery
	// is retried, doubling each time (default 30 s).
	WebhookRetryBase time.Duration
	// WebhookMaxRetry is how many times a delivery is retried before it
	// fails for good (default 10).
	WebhookMaxRetry int
}

func (o WorkerOptions) withDefaults() WorkerOptions {
	if o.Concurrency <= 0 {
		o.Concurrency = 8
	}
	if o.ShutdownTimeout <= 0 {
		o.ShutdownTimeout = 30 * time.Second
	}
	if o.WebhookRetryBase <= 0 {
		o.WebhookRetryBase = 30 * time.Second
	}
	if len(o.Queues) == 0 {
		o.Queues = map[string]int{QueueCritical: 6, QueueDefault: 3, QueueLow: 1}
	}
	return o
}

// Worker processes the queued tasks with every handler registered.
type Worker struct {
	srv *asynq.Server
	mux *asynq.ServeMux
}

// NewWorker builds a worker on rdb, which the caller owns and closes after
// Shutdown. It panics when a dependency in deps is missing: a wiring mistake
// that must stop the process at start, not lose tasks later.
func NewWorker(rdb redis.UniversalClient, deps Deps, log *slog.Logger, opts WorkerOptions) *Worker {
	if err := deps.check(); err != nil {
		panic(err)
	}
	if log == nil {
		log = slog.Default()
	}
	log = log.With("component", "jobs")
	opts = opts.withDefaults()

	level := asynq.InfoLevel
	if log.Enabled(context.Background(), slog.LevelDebug) {
		level = asynq.DebugLevel
	}
	srv := asynq.NewServerFromRedisClient(rdb, asynq.Config{
		Concurrency:     opts.Concurrency,
		Queues:          opts.Queues,
		ShutdownTimeout: opts.ShutdownTimeout,
		Logger:          logAdapter{log},
		LogLevel:        level,
		ErrorHandler:    asynq.ErrorHandlerFunc(errorLogger(log)),
		RetryDelayFunc:  retryDelay(opts.WebhookRetryBase),
	})
	mux := asynq.NewServeMux()
	h := &handlers{deps: deps, enq: NewEnqueuer(rdb).WithWebhookRetries(opts.WebhookMaxRetry), log: log}
	h.register(mux)
	return &Worker{srv: srv, mux: mux}
}

// Start begins processing in the background. It fails when Redis does not
// answer or the worker was already started or shut down.
func (w *Worker) Start() error {
	if err := w.srv.Start(w.mux); err != nil {
		return fmt.Errorf("start jobs worker: %w", err)
	}
	return nil
}

// Shutdown stops taking tasks and waits for running ones to finish, up to
// WorkerOptions.ShutdownTimeout; tasks still running then are re-queued.
func (w *Worker) Shutdown() { w.srv.Shutdown() }

// errorLogger logs a failed task: a warning while it will be retried, an
// error once it is archived.
func errorLogger(log *slog.Logger) func(context.Context, *asynq.Task, error) {
	return func(ctx context.Context, t *asynq.Task, err error) {
		id, _ := asynq.GetTaskID(ctx)
		retried, _ := asynq.GetRetryCount(ctx)
		maxRetry, _ := asynq.GetMaxRetry(ctx)
		level, msg := slog.LevelWarn, "job failed, will retry"
		if errors.Is(err, asynq.SkipRetry) || retried >= maxRetry {
			level, msg = slog.LevelError, "job failed, archived"
		}
		log.Log(ctx, level, msg, "type", t.Type(), "task", id,
			"retried", retried, "max_retry", maxRetry, "err", err)
	}
}
