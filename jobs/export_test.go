package jobs

import (
	"context"
	"time"

	"github.com/hibiken/asynq"
)

// FireAt enqueues the task of type typ for slot, as the running scheduler
// does when that slot comes; it reports whether typ is scheduled.
func (s *Scheduler) FireAt(ctx context.Context, typ string, slot time.Time) bool {
	for _, e := range s.entries {
		if e.typ == typ {
			s.fire(ctx, e, slot)
			return true
		}
	}
	return false
}

// Period returns the time between typ's slot and the next.
func (s *Scheduler) Period(typ string, slot time.Time) time.Duration {
	for _, e := range s.entries {
		if e.typ == typ {
			return e.period(slot)
		}
	}
	return 0
}

// Handles reports whether the worker has a handler for typ.
func (w *Worker) Handles(typ string) bool {
	_, pattern := w.mux.Handler(asynq.NewTask(typ, nil))
	return pattern != ""
}
