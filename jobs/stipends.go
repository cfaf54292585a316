package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/hibiken/asynq"
)

// TypeStipendsSweep flags stipend months with no payment by their deadline
// and escalates late and missed payments to the operator and the linked
// brands, once each. Like every sweep it re-derives what is due from the
// database and marks what it sends there, so it may run on any worker,
// twice at once, or after Redis lost its queues.
const TypeStipendsSweep = "stipends:sweep"

// stipendSweepLimit bounds the stipends and payments one run reads; what
// remains waits for the next hour (see the README's stipend section for the
// time a full run takes at volume).
const stipendSweepLimit = 5000

// StipendSweeper runs the stipend sweep: it handles up to limit of the
// months and payments due at now and returns how many it marked.
type StipendSweeper interface {
	SweepStipends(ctx context.Context, now time.Time, limit int) (int, error)
}

// NewStipendsSweepTask builds one pass of the stipend sweep; it retries
// once only, the next slot making up a missed one.
func NewStipendsSweepTask() *asynq.Task {
	return asynq.NewTask(TypeStipendsSweep, nil, asynq.Queue(QueueLow), asynq.MaxRetry(1), asynq.Timeout(5*time.Minute))
}

// stipendSchedules are the stipend sweep's rows of Schedules: hourly,
// since a hub's day turns at its own midnight.
func stipendSchedules() []Schedule {
	return []Schedule{{Spec: "12 * * * *", NewTask: NewStipendsSweepTask}}
}

// registerStipends puts the stipend sweep's handler on mux. A worker built
// without a stipend sweeper (Deps.Stipends nil) drops the task: every
// scheduled type has a handler.
func (h *handlers) registerStipends(mux *asynq.ServeMux) {
	mux.HandleFunc(TypeStipendsSweep, func(ctx context.Context, t *asynq.Task) error {
		if h.deps.Stipends == nil {
			h.log.WarnContext(ctx, "stipend sweep skipped: this worker runs no stipends")
			return nil
		}
		n, err := h.deps.Stipends.SweepStipends(ctx, h.now(), stipendSweepLimit)
		if err != nil {
			return fmt.Errorf("%s: %w", t.Type(), err)
		}
		if n > 0 {
			h.log.InfoContext(ctx, "stipend sweep", "marked", n)
		}
		return nil
	})
}
