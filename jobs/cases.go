package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/hibiken/asynq"
)

// Task types of the case sweeps. Like the audit sweeps, each re-derives
// what is due from the database and leaves a mark there, so it may run on
// any worker, twice at once, or after Redis lost its queues.
const (
	// TypeFollowUpsMake makes the follow-up visits that fell due.
	TypeFollowUpsMake = "followups:make_due"
	// TypeFollowUpsRepair counts on their cases the visits left uncounted.
	TypeFollowUpsRepair = "followups:repair_counts"
	// TypeCasesPurge clears the identity of cases closed longer than the
	// hub's retention period.
	TypeCasesPurge = "cases:purge_identity"
	// TypeCasesReseal re-seals identities sealed under a previous key.
	TypeCasesReseal = "cases:reseal_identity"
)

// caseSweepLimit bounds the cases one run reads; what remains waits for
// the next slot. Making 2,000 follow-ups takes about a second on SQLite
// (README, "Follow-ups").
const caseSweepLimit = 2000

// CaseSweeper runs the case sweeps. Each method handles up to limit of the
// cases due at now and returns how many it changed; it must be idempotent
// and safe to run on two workers at once.
type CaseSweeper interface {
	MakeDueFollowUps(ctx context.Context, now time.Time, limit int) (int, error)
	RepairFollowUps(ctx context.Context, now time.Time, limit int) (int, error)
	PurgeIdentities(ctx context.Context, now time.Time, limit int) (int, error)
	ResealIdentities(ctx context.Context, now time.Time, limit int) (int, error)
}

// caseSweep is one case sweep: its type, schedule and method.
type caseSweep struct {
	typ  string
	spec string // cron, UTC; minutes offset from the audit sweeps'
	run  func(CaseSweeper) func(context.Context, time.Time, int) (int, error)
}

var caseSweeps = []caseSweep{
	// Hourly: a follow-up is made within the hour its day starts in any hub.
	{TypeFollowUpsMake, "12 * * * *", func(c CaseSweeper) func(context.Context, time.Time, int) (int, error) {
		return c.MakeDueFollowUps
	}},
	{TypeFollowUpsRepair, "1-59/5 * * * *", func(c CaseSweeper) func(context.Context, time.Time, int) (int, error) {
		return c.RepairFollowUps
	}},
	// Daily: retention is counted in years.
	{TypeCasesPurge, "40 2 * * *", func(c CaseSweeper) func(context.Context, time.Time, int) (int, error) {
		return c.PurgeIdentities
	}},
	// Every 10 minutes: after a rotation every identity is resealed within
	// hours, and a run that finds none costs two empty index reads.
	{TypeCasesReseal, "3-59/10 * * * *", func(c CaseSweeper) func(context.Context, time.Time, int) (int, error) {
		return c.ResealIdentities
	}},
}

// NewCaseSweepTask builds one pass of the case sweep typ; it retries once
// only, the next slot making up a missed one. It returns nil for a type
// that is not a case sweep.
func NewCaseSweepTask(typ string) *asynq.Task {
	for _, s := range caseSweeps {
		if s.typ == typ {
			return asynq.NewTask(typ, nil, asynq.Queue(QueueLow), asynq.MaxRetry(1), asynq.Timeout(5*time.Minute))
		}
	}
	return nil
}

// caseSchedules are the case sweeps' rows of Schedules.
func caseSchedules() []Schedule {
	out := make([]Schedule, len(caseSweeps))
	for i, s := range caseSweeps {
		typ := s.typ
		out[i] = Schedule{Spec: s.spec, NewTask: func() *asynq.Task { return NewCaseSweepTask(typ) }}
	}
	return out
}

// registerCases puts the case sweeps' handlers on mux.
func (h *handlers) registerCases(mux *asynq.ServeMux) {
	for _, s := range caseSweeps {
		run := s.run(h.deps.Cases)
		mux.HandleFunc(s.typ, func(ctx context.Context, t *asynq.Task) error {
			n, err := run(ctx, h.now(), caseSweepLimit)
			if err != nil {
				return fmt.Errorf("%s: %w", t.Type(), err)
			}
			if n > 0 {
				h.log.InfoContext(ctx, "case sweep", "type", t.Type(), "changed", n)
			}
			return nil
		})
	}
}
