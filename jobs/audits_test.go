package jobs_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/actionhub/actionhub/jobs"
)

// auditSweeper records which sweep ran, at what time and with what bound.
type auditSweeper struct {
	mu   sync.Mutex
	runs []auditRun
}

type auditRun struct {
	name  string
	now   time.Time
	limit int
}

func (a *auditSweeper) record(name string, now time.Time, limit int) (int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.runs = append(a.runs, auditRun{name, now, limit})
	return 1, nil
}

func (a *auditSweeper) got() []auditRun {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.runs)
}

func (a *auditSweeper) RemindAuditTeams(_ context.Context, now time.Time, limit int) (int, error) {
	return a.record("teams", now, limit)
}
func (a *auditSweeper) RemindUnpublishedAudits(_ context.Context, now time.Time, limit int) (int, error) {
	return a.record("unpublished", now, limit)
}
func (a *auditSweeper) NoticeNextAudits(_ context.Context, now time.Time, limit int) (int, error) {
	return a.record("next", now, limit)
}
func (a *auditSweeper) RepairPublications(_ context.Context, now time.Time, limit int) (int, error) {
	return a.record("repair", now, limit)
}
func (a *auditSweeper) RemindActionsDue(_ context.Context, now time.Time, limit int) (int, error) {
	return a.record("remind", now, limit)
}
func (a *auditSweeper) EscalateOverdueActions(_ context.Context, now time.Time, limit int) (int, error) {
	return a.record("escalate", now, limit)
}

// Each audit sweep's task runs its own method, at the worker's clock, with
// a bound.
func TestAuditSweepsRunTheirMethod(t *testing.T) {
	t.Parallel()
	as := &auditSweeper{}
	r := startWorker(t, jobs.Deps{Notifier: newNotifier(), Outbox: &outbox{}, Sessions: &sessions{}, Audits: as, Cases: &caseSweeper{},
		Now: func() time.Time { return fixedNow }}, nil)
	want := map[string]string{
		jobs.TypeActionsEscalate: "escalate", jobs.TypeActionsRemind: "remind", jobs.TypeAuditTeamsRemind: "teams",
		jobs.TypeAuditsUnpublishedRemind: "unpublished", jobs.TypeAuditsNextNotice: "next", jobs.TypeAuditsRepair: "repair",
	}
	for typ := range want {
		task := jobs.NewAuditSweepTask(typ)
		if task == nil {
			t.Fatalf("no task for %s", typ)
		}
		if _, err := r.client.Enqueue(task); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "every audit sweep ran", func() bool { return len(as.got()) == len(want) })
	seen := map[string]bool{}
	for _, run := range as.got() {
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
	if jobs.NewAuditSweepTask("audits:unknown") != nil {
		t.Error("a task for an unknown audit sweep")
	}
}
