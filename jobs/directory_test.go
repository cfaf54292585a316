package jobs_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/actionhub/actionhub/jobs"
)

type repairer struct{ runs atomic.Int32 }

func (r *repairer) RepairIndex(context.Context) (int, error) {
	r.runs.Add(1)
	return 1, nil
}

func TestDirectoryRepairRuns(t *testing.T) {
	t.Parallel()
	d := &repairer{}
	r := startWorker(t, jobs.Deps{Notifier: newNotifier(), Outbox: &outbox{}, Sessions: &sessions{}, Audits: &auditSweeper{}, Cases: &caseSweeper{},
		Directory: d}, nil)
	if _, err := r.client.Enqueue(jobs.NewDirectoryRepairTask()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the directory repair ran", func() bool { return d.runs.Load() == 1 })
}
