package jobs

import (
	"errors"
	"testing"
	"time"

	"github.com/hibiken/asynq"
)

func TestWebhookBackoffDoubles(t *testing.T) {
	t.Parallel()
	base := 30 * time.Second
	for n, want := range map[int]time.Duration{1: 30 * time.Second, 2: time.Minute, 3: 2 * time.Minute, 9: time.Hour, 20: time.Hour} {
		if got := webhookBackoff(base, n); got != want {
			t.Errorf("retry %d: %v, want %v", n, got, want)
		}
	}
	d := retryDelay(time.Second)
	if got := d(2, errors.New("x"), asynq.NewTask(TypeWebhookDeliver, nil)); got != 2*time.Second {
		t.Errorf("a delivery's second retry waits %v", got)
	}
	if got := d(1, errors.New("x"), asynq.NewTask(TypeOutboxSweep, nil)); got < 15*time.Second {
		t.Errorf("another task's retry waits %v: not Asynq's default", got)
	}
}
