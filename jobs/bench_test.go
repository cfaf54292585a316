package jobs_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/actionhub/actionhub/app/kv"
	"github.com/actionhub/actionhub/jobs"
)

// BenchmarkSendNotification measures a new enqueue and a repeated one
// (a TaskID conflict) on the test Redis: the real one when it answers.
func BenchmarkSendNotification(b *testing.B) {
	ctx := context.Background()
	enq := jobs.NewEnqueuer(testRedis(b))
	b.Run("new", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			if err := enq.SendNotification(ctx, "ntf-"+strconv.Itoa(i)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("repeat", func(b *testing.B) {
		for b.Loop() {
			if err := enq.SendNotification(ctx, "ntf-1"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSendNotificationEmbedded is the same on the in-process Redis.
func BenchmarkSendNotificationEmbedded(b *testing.B) {
	e, err := kv.StartEmbedded()
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	rdb := kv.NewClient(e.Addr())
	defer rdb.Close()
	enq := jobs.NewEnqueuer(rdb)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		i++
		if err := enq.SendNotification(ctx, "ntf-"+strconv.Itoa(i)); err != nil {
			b.Fatal(err)
		}
	}
}
