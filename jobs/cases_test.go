package jobs_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/actionhub/actionhub/jobs"
)

// caseSweeper records which case sweep ran, at what time and with what bound.
type caseSweeper struct {
	mu   sync.Mutex
	runs []auditRun
}

func (c *caseSweeper) record(name string, now time.Time, limit int) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.runs = append(c.runs, auditRun{name, now, limit})
	return 1, nil
}

func (c *caseSweeper) got() []auditRun {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.runs)
}

func (c *caseSweeper) MakeDueFollowUps(_ context.Context, now time.Time, limit int) (int, error) {
	return c.record("make", now, limit)
}
func (c *caseSweeper) RepairFollowUps(_ context.Context, now time.Time, limit int) (int, error) {
	return c.record("repair", now, limit)
}
func (c *caseSweeper) PurgeIdentities(_ context.Context, now time.Time, limit int) (int, error) {
	return c.record("purge", now, limit)
}
func (c *caseSweeper) ResealIdentities(_ context.Context, now time.Time, limit int) (int, error) {
	return c.record("reseal", now, limit)
}

// Each case sweep's task runs its own method, at the worker's clock, with
// a bound. (What each sweep does is tested in app/cases on a real store.)
func TestCaseSweepsRunTheirMethod(t *testing.T) {
	t.Parallel()
	cs := &caseSweeper{}
	r := startWorker(t, jobs.Deps{Notifier: newNotifier(), Outbox: &outbox{}, Sessions: &sessions{}, Audits: &auditSweeper{}, Cases: cs,
		Now: func() time.Time { return fixedNow }}, nil)
	want := map[string]string{
		jobs.TypeFollowUpsMake: "make", jobs.TypeFollowUpsRepair: "repair", jobs.TypeCasesPurge: "purge", jobs.TypeCasesReseal: "reseal",
	}
	for typ := range want {
		task := jobs.NewCaseSweepTask(typ)
		if task == nil {
			t.Fatalf("no task for %s", typ)
		}
		if _, err := r.client.Enqueue(task); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "every case sweep ran", func() bool { return len(cs.got()) == len(want) })
	seen := map[string]bool{}
	for _, run := range cs.got() {
		seen[run.name] = true
		if !run.now.Equal(fixedNow) || run.limit <= 0 {
			t.Errorf("%s ran at %v with limit %d, want the clock's %v and a positive bound", run.name, run.now, run.limit, fixedNow)
		}
	}
	for typ, name := range want {
		if !seen[name] {
			t.Errorf("%s did not run %s", typ, name)
		}
	}
	if jobs.NewCaseSweepTask("cases:unknown") != nil {
		t.Error("a task for an unknown case sweep")
	}
}
