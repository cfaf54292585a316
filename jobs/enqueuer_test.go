package jobs_test

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"testing"

	"github.com/hibiken/asynq"

	"github.com/actionhub/actionhub/app/kv"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/jobs"
)

func TestSendNotificationTwiceIsOneTask(t *testing.T) {
	t.Parallel()
	rdb := testRedis(t)
	enq := jobs.NewEnqueuer(rdb)
	ctx := context.Background()
	for range 2 {
		if err := enq.SendNotification(ctx, "ntf-1"); err != nil {
			t.Fatalf("SendNotification: %v", err)
		}
	}
	if err := enq.SendNotification(ctx, "ntf-2"); err != nil {
		t.Fatalf("SendNotification: %v", err)
	}

	tasks, err := asynq.NewInspectorFromRedisClient(rdb).ListPendingTasks(jobs.QueueCritical)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, ti := range tasks {
		if ti.Type != jobs.TypeNotificationSend {
			t.Errorf("task %s has type %q", ti.ID, ti.Type)
		}
		var p jobs.NotificationPayload
		if err := json.Unmarshal(ti.Payload, &p); err != nil {
			t.Fatalf("payload of %s: %v", ti.ID, err)
		}
		got[ti.ID] = p.ID
	}
	want := map[string]string{"notification:ntf-1": "ntf-1", "notification:ntf-2": "ntf-2"}
	if len(got) != len(want) || len(tasks) != len(want) {
		t.Fatalf("pending tasks %v, want %v", got, want)
	}
	for id, n := range want {
		if got[id] != n {
			t.Errorf("task %s carries %q, want %q", id, got[id], n)
		}
	}
}

func TestSendNotificationEmptyID(t *testing.T) {
	t.Parallel()
	enq := jobs.NewEnqueuer(testRedis(t))
	var invalid *domain.ValidationError
	if err := enq.SendNotification(context.Background(), ""); !errors.As(err, &invalid) {
		t.Fatalf("SendNotification(\"\") = %v, want a ValidationError", err)
	}
}

func TestSendNotificationRedisDown(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	rdb := kv.NewClient(addr)
	defer rdb.Close()
	err = jobs.NewEnqueuer(rdb).SendNotification(context.Background(), "ntf-1")
	if !errors.Is(err, domain.ErrUnavailable) {
		t.Fatalf("SendNotification with Redis down = %v, want ErrUnavailable", err)
	}
}
