package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/hibiken/asynq"

	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/referral"
)

// Task types of referrals. The sweeps re-derive what is due from the
// database and mark what they send there, so a Redis restart or flush
// never sends a reminder or an escalation twice.
const (
	// TypeReferralsRemind reminds agencies of unanswered referrals half way to due.
	TypeReferralsRemind = "referrals:remind_unanswered"
	// TypeReferralsEscalate escalates referrals unanswered past their due date.
	TypeReferralsEscalate = "referrals:escalate_overdue"
	// TypeReferralsEffects makes up decline notices, plan actions delivered and webhook deliveries.
	TypeReferralsEffects = "referrals:settle_effects"
	// TypeWebhooksSweep queues a delivery for every pending webhook delivery.
	TypeWebhooksSweep = "webhooks:sweep"
	// TypeWebhookDeliver makes one webhook delivery, retried with backoff.
	TypeWebhookDeliver = "webhook:deliver"
)

// referralSweepLimit bounds the referrals one sweep run reads.
const referralSweepLimit = 2000

// webhookMaxRetry bounds the attempts of one delivery: with the default
// 30 s base doubling, the last comes about 8.5 hours after the first.
const webhookMaxRetry = 10

// ReferralSweeper runs the referral sweeps and webhook deliveries. Each
// sweep handles up to limit referrals due at now and returns how many it
// marked; all must be idempotent.
type ReferralSweeper interface {
	RemindUnanswered(ctx context.Context, now time.Time, limit int) (int, error)
	EscalateOverdue(ctx context.Context, now time.Time, limit int) (int, error)
	SettleEffects(ctx context.Context, now time.Time, limit int) (int, error)
	// PendingDeliveries lists up to limit webhook deliveries still to make.
	PendingDeliveries(ctx context.Context, limit int) ([]*referral.Delivery, error)
	// Deliver makes one attempt of a delivery; final marks the last. It
	// returns domain.ErrNotFound for a delivery that does not exist.
	Deliver(ctx context.Context, id string, final bool) error
}

// WebhookPayload names the delivery to make.
type WebhookPayload struct {
	ID string `json:"id"`
}

// NewWebhookDeliverTask builds delivery id's task for its round (0 for
// the first; one more each time an admin sends it again): one task per
// delivery and round (TaskID), retried with the webhook backoff. A new
// round needs its own task ID, since the task of a round that failed for
// good stays archived under its own. It returns a validation error for an
// empty id.
func NewWebhookDeliverTask(id string, round int) (*asynq.Task, error) {
	if id == "" {
		return nil, domain.Invalid("id", "delivery ID is required")
	}
	b, err := json.Marshal(WebhookPayload{ID: id})
	if err != nil {
		return nil, err
	}
	taskID := "webhook:" + id
	if round > 0 {
		taskID += ":resend:" + strconv.Itoa(round)
	}
	return asynq.NewTask(TypeWebhookDeliver, b, asynq.TaskID(taskID), asynq.Queue(QueueDefault),
		asynq.MaxRetry(webhookMaxRetry), asynq.Timeout(time.Minute)), nil
}

// DeliverWebhook queues round of delivery id; nil when it is queued already.
func (e *Enqueuer) DeliverWebhook(ctx context.Context, id string, round int) error {
	t, err := NewWebhookDeliverTask(id, round)
	if err != nil {
		return err
	}
	var opts []asynq.Option
	if e.webhookMaxRetry > 0 {
		opts = append(opts, asynq.MaxRetry(e.webhookMaxRetry))
	}
	_, err = e.enqueue(ctx, t, opts...)
	return err
}

// WithWebhookRetries sets how many times a delivery is retried before it
// fails for good (webhookMaxRetry when 0 or less) and returns e.
func (e *Enqueuer) WithWebhookRetries(n int) *Enqueuer {
	e.webhookMaxRetry = n
	return e
}

// webhookBackoff is the wait before retry n (from 1) of a delivery: base
// doubling, at most an hour.
func webhookBackoff(base time.Duration, n int) time.Duration {
	d := time.Duration(float64(base) * math.Pow(2, float64(max(n-1, 0))))
	return min(d, time.Hour)
}

// retryDelay is the worker's wait before a retry: the webhook backoff for
// deliveries, Asynq's default for every other task.
func retryDelay(base time.Duration) asynq.RetryDelayFunc {
	return func(n int, err error, t *asynq.Task) time.Duration {
		if t.Type() == TypeWebhookDeliver {
			return webhookBackoff(base, n)
		}
		return asynq.DefaultRetryDelayFunc(n, err, t)
	}
}

var referralSweeps = []struct {
	typ  string
	spec string
	run  func(ReferralSweeper) func(context.Context, time.Time, int) (int, error)
}{
	{TypeReferralsEscalate, "3-59/15 * * * *", func(r ReferralSweeper) func(context.Context, time.Time, int) (int, error) { return r.EscalateOverdue }},
	{TypeReferralsRemind, "5-59/15 * * * *", func(r ReferralSweeper) func(context.Context, time.Time, int) (int, error) { return r.RemindUnanswered }},
	{TypeReferralsEffects, "*/5 * * * *", func(r ReferralSweeper) func(context.Context, time.Time, int) (int, error) { return r.SettleEffects }},
}

// NewReferralSweepTask builds one pass of the referral sweep typ, or nil
// for a type that is not one; a missed pass is made up by the next.
func NewReferralSweepTask(typ string) *asynq.Task {
	for _, s := range referralSweeps {
		if s.typ == typ {
			return asynq.NewTask(typ, nil, asynq.Queue(QueueLow), asynq.MaxRetry(1), asynq.Timeout(5*time.Minute))
		}
	}
	if typ == TypeWebhooksSweep {
		return asynq.NewTask(typ, nil, asynq.Queue(QueueLow), asynq.MaxRetry(1), asynq.Timeout(time.Minute))
	}
	return nil
}

// referralSchedules are the referral sweeps' rows of Schedules.
func referralSchedules() []Schedule {
	out := []Schedule{{Spec: "*/5 * * * *", NewTask: func() *asynq.Task { return NewReferralSweepTask(TypeWebhooksSweep) }}}
	for _, s := range referralSweeps {
		typ := s.typ
		out = append(out, Schedule{Spec: s.spec, NewTask: func() *asynq.Task { return NewReferralSweepTask(typ) }})
	}
	return out
}

// registerReferrals puts the referral handlers on mux, when the worker runs referrals.
func (h *handlers) registerReferrals(mux *asynq.ServeMux) {
	r := h.deps.Referrals
	if r == nil {
		return
	}
	for _, s := range referralSweeps {
		run := s.run(r)
		mux.HandleFunc(s.typ, func(ctx context.Context, t *asynq.Task) error {
			n, err := run(ctx, h.now(), referralSweepLimit)
			if err != nil {
				return fmt.Errorf("%s: %w", t.Type(), err)
			}
			if n > 0 {
				h.log.InfoContext(ctx, "referral sweep", "type", t.Type(), "marked", n)
			}
			return nil
		})
	}
	mux.HandleFunc(TypeWebhooksSweep, func(ctx context.Context, t *asynq.Task) error {
		ds, err := r.PendingDeliveries(ctx, outboxBatch)
		if err != nil {
			return fmt.Errorf("%s: %w", t.Type(), err)
		}
		for _, d := range ds {
			if err := h.enq.DeliverWebhook(ctx, d.ID, d.Resends); err != nil {
				return fmt.Errorf("%s: %w", t.Type(), err)
			}
		}
		return nil
	})
	mux.HandleFunc(TypeWebhookDeliver, func(ctx context.Context, t *asynq.Task) error {
		var p WebhookPayload
		if err := json.Unmarshal(t.Payload(), &p); err != nil || p.ID == "" {
			return fmt.Errorf("%s payload: %v: %w", t.Type(), err, asynq.SkipRetry)
		}
		retried, _ := asynq.GetRetryCount(ctx)
		maxRetry, _ := asynq.GetMaxRetry(ctx)
		err := r.Deliver(ctx, p.ID, retried >= maxRetry)
		if errors.Is(err, domain.ErrNotFound) {
			h.log.WarnContext(ctx, "webhook delivery no longer exists", "delivery", p.ID)
			return nil
		}
		return err
	})
}
