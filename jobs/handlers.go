package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/hibiken/asynq"

	"github.com/actionhub/actionhub/domain"
)

// outboxBatch bounds one outbox pass; what remains waits for the next one.
const outboxBatch = 500

// Notifier delivers stored notifications.
type Notifier interface {
	// Deliver sends notification id and records that it was sent. It must
	// be idempotent: an already sent notification returns nil. It returns
	// domain.ErrNotFound when the notification no longer exists (the task
	// then ends without retry); any other error is retried.
	Deliver(ctx context.Context, id string) error
}

// OutboxSweeper finds the notifications still to deliver.
type OutboxSweeper interface {
	// PendingNotifications returns up to limit IDs of notifications due at
	// now and not yet sent, oldest first.
	PendingNotifications(ctx context.Context, now time.Time, limit int) ([]string, error)
}

// SessionSweeper removes login sessions past their expiry.
type SessionSweeper interface {
	// DeleteExpiredSessions deletes the sessions expired at now and returns
	// how many it removed.
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error)
}

// Deps are the domain services the handlers call. All are required.
type Deps struct {
	Notifier Notifier
	Outbox   OutboxSweeper
	Sessions SessionSweeper
	Audits   AuditSweeper
	// Stipends runs the stipend sweep; nil leaves it out.
	Stipends StipendSweeper
	Cases    CaseSweeper
	// Referrals runs the referral sweeps and webhook deliveries; optional
	// (nil leaves their tasks unhandled).
	Referrals ReferralSweeper
	// Directory repairs the directory's search index; optional (nil
	// leaves its task unhandled).
	Directory DirectoryRepairer
	// Now is the clock the sweeps read; nil means time.Now.
	Now func() time.Time
}

func (d Deps) check() error {
	switch {
	case d.Notifier == nil:
		return errors.New("jobs: Deps.Notifier is nil")
	case d.Outbox == nil:
		return errors.New("jobs: Deps.Outbox is nil")
	case d.Sessions == nil:
		return errors.New("jobs: Deps.Sessions is nil")
	case d.Audits == nil:
		return errors.New("jobs: Deps.Audits is nil")
	case d.Cases == nil:
		return errors.New("jobs: Deps.Cases is nil")
	}
	return nil
}

type handlers struct {
	deps Deps
	enq  *Enqueuer
	log  *slog.Logger
}

// register puts every handler on mux; a type without one would fail at run time.
func (h *handlers) register(mux *asynq.ServeMux) {
	mux.HandleFunc(TypeNotificationSend, h.notificationSend)
	mux.HandleFunc(TypeOutboxSweep, h.outboxSweep)
	mux.HandleFunc(TypeSessionsSweep, h.sessionsSweep)
	h.registerAudits(mux)
	h.registerStipends(mux)
	h.registerCases(mux)
	h.registerReferrals(mux)
	h.registerDirectory(mux)
}

func (h *handlers) now() time.Time {
	if h.deps.Now != nil {
		return h.deps.Now()
	}
	return time.Now()
}

func (h *handlers) notificationSend(ctx context.Context, t *asynq.Task) error {
	var p NotificationPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil {
		return fmt.Errorf("%s payload: %v: %w", t.Type(), err, asynq.SkipRetry)
	}
	if p.ID == "" {
		return fmt.Errorf("%s payload: no notification ID: %w", t.Type(), asynq.SkipRetry)
	}
	err := h.deps.Notifier.Deliver(ctx, p.ID)
	var invalid *domain.ValidationError
	switch {
	case errors.Is(err, domain.ErrNotFound):
		h.log.WarnContext(ctx, "notification to deliver no longer exists", "notification", p.ID)
		return nil
	case errors.As(err, &invalid):
		return fmt.Errorf("deliver notification %s: %w: %w", p.ID, err, asynq.SkipRetry)
	case err != nil:
		return fmt.Errorf("deliver notification %s: %w", p.ID, err)
	}
	return nil
}

func (h *handlers) outboxSweep(ctx context.Context, _ *asynq.Task) error {
	ids, err := h.deps.Outbox.PendingNotifications(ctx, h.now(), outboxBatch)
	if err != nil {
		return fmt.Errorf("outbox sweep: %w", err)
	}
	queued := 0
	for _, id := range ids {
		created, err := h.enq.sendNotification(ctx, id)
		if err != nil {
			return fmt.Errorf("outbox sweep: %w", err)
		}
		if created {
			queued++
		}
	}
	if len(ids) > 0 {
		h.log.InfoContext(ctx, "outbox swept", "pending", len(ids), "queued", queued)
	}
	return nil
}

func (h *handlers) sessionsSweep(ctx context.Context, _ *asynq.Task) error {
	n, err := h.deps.Sessions.DeleteExpiredSessions(ctx, h.now())
	if err != nil {
		return fmt.Errorf("sessions sweep: %w", err)
	}
	h.log.InfoContext(ctx, "expired sessions deleted", "count", n)
	return nil
}
