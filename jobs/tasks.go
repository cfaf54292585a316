// Package jobs runs the hub's background work on Asynq: task types and
// payloads, their handlers, the periodic sweeps and the Enqueuer the domain
// uses. The database stays the source of truth: a task is only a delivery,
// so a lost queue loses nothing and the sweeps re-derive what is due.
//
// Payloads carry record IDs only, never personal data: queues and the
// monitor show them to platform admins.
package jobs

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/hibiken/asynq"

	"github.com/actionhub/actionhub/domain"
)

// Queues, by priority: critical is for what a person is waiting on, low for
// housekeeping.
const (
	QueueCritical = "critical"
	QueueDefault  = "default"
	QueueLow      = "low"
)

// Queues lists every queue the worker serves.
var Queues = []string{QueueCritical, QueueDefault, QueueLow}

// Task types, named "area:verb".
const (
	// TypeNotificationSend delivers one stored notification.
	TypeNotificationSend = "notification:send"
	// TypeOutboxSweep enqueues a delivery for every pending notification.
	TypeOutboxSweep = "outbox:sweep"
	// TypeSessionsSweep deletes expired login sessions.
	TypeSessionsSweep = "sessions:sweep"
)

// NotificationPayload names the stored notification to deliver.
type NotificationPayload struct {
	ID string `json:"id"`
}

// NotificationTaskID is the task ID of a notification's delivery: one
// notification is at most one queued task, however often it is enqueued.
func NotificationTaskID(id string) string { return "notification:" + id }

// NewNotificationSendTask builds the delivery of notification id.
// It returns a *domain.ValidationError when id is empty.
func NewNotificationSendTask(id string) (*asynq.Task, error) {
	if id == "" {
		return nil, domain.Invalid("id", "notification ID is required")
	}
	payload, err := json.Marshal(NotificationPayload{ID: id})
	if err != nil {
		return nil, fmt.Errorf("notification payload: %w", err)
	}
	return asynq.NewTask(TypeNotificationSend, payload,
		asynq.TaskID(NotificationTaskID(id)),
		asynq.Queue(QueueCritical),
		// About two and a half hours of backoff before the task is archived,
		// where an admin can run it again from the monitor.
		asynq.MaxRetry(10),
		asynq.Timeout(time.Minute),
	), nil
}

// NewOutboxSweepTask builds one pass over the notification outbox. A missed
// or failed pass is made up by the next one, so it retries once only.
func NewOutboxSweepTask() *asynq.Task {
	return asynq.NewTask(TypeOutboxSweep, nil,
		asynq.Queue(QueueDefault),
		asynq.MaxRetry(1),
		asynq.Timeout(time.Minute),
	)
}

// NewSessionsSweepTask builds one pass deleting expired sessions; like every
// sweep it retries once only.
func NewSessionsSweepTask() *asynq.Task {
	return asynq.NewTask(TypeSessionsSweep, nil,
		asynq.Queue(QueueLow),
		asynq.MaxRetry(1),
		asynq.Timeout(2*time.Minute),
	)
}
