package jobs

import (
	"context"
	"errors"
	"fmt"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/actionhub/actionhub/domain"
)

// Enqueuer is how the domain asks for background work, in domain words.
// Every method is idempotent: asking twice for the same work queues it once.
type Enqueuer struct {
	c               *asynq.Client
	webhookMaxRetry int // 0: webhookMaxRetry
}

// NewEnqueuer enqueues through rdb, which the caller owns and closes. Build
// rdb with kv.NewClient so a frozen Redis fails calls quickly.
func NewEnqueuer(rdb redis.UniversalClient) *Enqueuer {
	return &Enqueuer{c: asynq.NewClientFromRedisClient(rdb)}
}

// SendNotification queues the delivery of stored notification id. It returns
// nil when that delivery is already queued, a *domain.ValidationError for an
// empty id, and an error wrapping domain.ErrUnavailable when Redis fails;
// the notification stays pending in the store and the outbox sweep retries.
func (e *Enqueuer) SendNotification(ctx context.Context, id string) error {
	_, err := e.sendNotification(ctx, id)
	return err
}

// sendNotification reports whether a new task was queued.
func (e *Enqueuer) sendNotification(ctx context.Context, id string) (bool, error) {
	t, err := NewNotificationSendTask(id)
	if err != nil {
		return false, err
	}
	return e.enqueue(ctx, t)
}

// enqueue treats a task ID already in use as success: that work is queued.
func (e *Enqueuer) enqueue(ctx context.Context, t *asynq.Task, opts ...asynq.Option) (bool, error) {
	_, err := e.c.EnqueueContext(ctx, t, opts...)
	switch {
	case errors.Is(err, asynq.ErrTaskIDConflict):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("enqueue %s: %w: %w", t.Type(), domain.ErrUnavailable, err)
	}
	return true, nil
}
