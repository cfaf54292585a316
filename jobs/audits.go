package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/hibiken/asynq"
)

// Task types of the audit sweeps. Each re-derives what is due from the
// database and marks what it sends there, so it may run on any worker, twice
// at once, or after Redis lost its queues.
const (
	// TypeAuditTeamsRemind reminds audit teams before their window opens.
	TypeAuditTeamsRemind = "audits:remind_teams"
	// TypeAuditsUnpublishedRemind reminds hub admins of audits waiting for publication.
	TypeAuditsUnpublishedRemind = "audits:remind_unpublished"
	// TypeAuditsNextNotice tells hub admins that a rating's next audit is due.
	TypeAuditsNextNotice = "audits:notice_next"
	// TypeAuditsRepair completes publications a stopped process left half done.
	TypeAuditsRepair = "audits:repair_published"
	// TypeActionsRemind reminds suppliers of corrective actions due in 7 days and in 1.
	TypeActionsRemind = "actions:remind_due"
	// TypeActionsEscalate escalates overdue corrective actions.
	TypeActionsEscalate = "actions:escalate_overdue"
)

// auditSweepLimit bounds the objects one run reads; what remains waits for
// the next slot (a run of 2,000 escalations takes about a second or two on
// SQLite: see the README's Audits section).
const auditSweepLimit = 2000

// AuditSweeper runs the audit sweeps. Each method handles up to limit of
// the objects due at now and returns how many it marked; it must be
// idempotent and safe to run on two workers at once.
type AuditSweeper interface {
	RemindAuditTeams(ctx context.Context, now time.Time, limit int) (int, error)
	RemindUnpublishedAudits(ctx context.Context, now time.Time, limit int) (int, error)
	NoticeNextAudits(ctx context.Context, now time.Time, limit int) (int, error)
	RepairPublications(ctx context.Context, now time.Time, limit int) (int, error)
	RemindActionsDue(ctx context.Context, now time.Time, limit int) (int, error)
	EscalateOverdueActions(ctx context.Context, now time.Time, limit int) (int, error)
}

// auditSweep is one audit sweep: its type, schedule and method.
type auditSweep struct {
	typ  string
	spec string // cron, UTC; minutes offset so sweeps do not all start at once
	run  func(AuditSweeper) func(context.Context, time.Time, int) (int, error)
}

var auditSweeps = []auditSweep{
	{TypeActionsEscalate, "2-59/15 * * * *", func(a AuditSweeper) func(context.Context, time.Time, int) (int, error) {
		return a.EscalateOverdueActions
	}},
	{TypeActionsRemind, "4-59/15 * * * *", func(a AuditSweeper) func(context.Context, time.Time, int) (int, error) {
		return a.RemindActionsDue
	}},
	{TypeAuditTeamsRemind, "6 * * * *", func(a AuditSweeper) func(context.Context, time.Time, int) (int, error) {
		return a.RemindAuditTeams
	}},
	{TypeAuditsUnpublishedRemind, "8 * * * *", func(a AuditSweeper) func(context.Context, time.Time, int) (int, error) {
		return a.RemindUnpublishedAudits
	}},
	{TypeAuditsNextNotice, "10 * * * *", func(a AuditSweeper) func(context.Context, time.Time, int) (int, error) {
		return a.NoticeNextAudits
	}},
	{TypeAuditsRepair, "*/5 * * * *", func(a AuditSweeper) func(context.Context, time.Time, int) (int, error) {
		return a.RepairPublications
	}},
}

// NewAuditSweepTask builds one pass of the audit sweep typ; like every
// sweep it retries once only, the next slot making up a missed one. It
// returns nil for a type that is not an audit sweep.
func NewAuditSweepTask(typ string) *asynq.Task {
	for _, s := range auditSweeps {
		if s.typ == typ {
			return asynq.NewTask(typ, nil, asynq.Queue(QueueLow), asynq.MaxRetry(1), asynq.Timeout(5*time.Minute))
		}
	}
	return nil
}

// auditSchedules are the audit sweeps' rows of Schedules.
func auditSchedules() []Schedule {
	out := make([]Schedule, len(auditSweeps))
	for i, s := range auditSweeps {
		typ := s.typ
		out[i] = Schedule{Spec: s.spec, NewTask: func() *asynq.Task { return NewAuditSweepTask(typ) }}
	}
	return out
}

// registerAudits puts the audit sweeps' handlers on mux.
func (h *handlers) registerAudits(mux *asynq.ServeMux) {
	for _, s := range auditSweeps {
		run := s.run(h.deps.Audits)
		mux.HandleFunc(s.typ, func(ctx context.Context, t *asynq.Task) error {
			n, err := run(ctx, h.now(), auditSweepLimit)
			if err != nil {
				return fmt.Errorf("%s: %w", t.Type(), err)
			}
			if n > 0 {
				h.log.InfoContext(ctx, "audit sweep", "type", t.Type(), "marked", n)
			}
			return nil
		})
	}
}
