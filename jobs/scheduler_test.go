package jobs_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/actionhub/actionhub/jobs"
)

func TestSchedulesTable(t *testing.T) {
	t.Parallel()
	want := map[string]time.Duration{
		jobs.TypeSessionsSweep: 10 * time.Minute,
		jobs.TypeOutboxSweep:   time.Minute,

		jobs.TypeActionsEscalate:         15 * time.Minute,
		jobs.TypeActionsRemind:           15 * time.Minute,
		jobs.TypeAuditTeamsRemind:        time.Hour,
		jobs.TypeAuditsUnpublishedRemind: time.Hour,
		jobs.TypeAuditsNextNotice:        time.Hour,
		jobs.TypeAuditsRepair:            5 * time.Minute,
		jobs.TypeStipendsSweep:           time.Hour,

		jobs.TypeFollowUpsMake:     time.Hour,
		jobs.TypeFollowUpsRepair:   5 * time.Minute,
		jobs.TypeCasesPurge:        24 * time.Hour,
		jobs.TypeCasesReseal:       10 * time.Minute,
		jobs.TypeReferralsEscalate: 15 * time.Minute,
		jobs.TypeReferralsRemind:   15 * time.Minute,
		jobs.TypeReferralsEffects:  5 * time.Minute,
		jobs.TypeWebhooksSweep:     5 * time.Minute,
		jobs.TypeDirectoryRepair:   15 * time.Minute,
	}
	s, err := jobs.NewScheduler(nil, quietLog(), jobs.SchedulerOptions{})
	if err != nil {
		t.Fatalf("the schedule table is invalid: %v", err)
	}
	seen := map[string]bool{}
	slot := time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)
	for _, row := range jobs.Schedules() {
		typ := row.NewTask().Type()
		if seen[typ] {
			t.Errorf("%s scheduled twice", typ)
		}
		seen[typ] = true
		// from typ's first slot after slot: specs may be offset in the hour
		first := slot.Add(s.Period(typ, slot))
		if got := s.Period(typ, first); got != want[typ] {
			t.Errorf("%s runs every %v, want %v", typ, got, want[typ])
		}
	}
	if len(seen) != len(want) {
		t.Errorf("scheduled types %v, want %v", seen, want)
	}
}

func TestNewSchedulerRefusesBadRows(t *testing.T) {
	t.Parallel()
	task := func(typ string) func() *asynq.Task {
		return func() *asynq.Task { return asynq.NewTask(typ, nil) }
	}
	tests := map[string][]jobs.Schedule{
		"bad spec":      {{Spec: "every minute", NewTask: task("a:b")}},
		"@every":        {{Spec: "@every 1m", NewTask: task("a:b")}},
		"never fires":   {{Spec: "0 0 30 2 *", NewTask: task("a:b")}},
		"no task":       {{Spec: "* * * * *"}},
		"type repeated": {{Spec: "* * * * *", NewTask: task("a:b")}, {Spec: "*/5 * * * *", NewTask: task("a:b")}},
	}
	for name, rows := range tests {
		if _, err := jobs.NewScheduler(nil, quietLog(), jobs.SchedulerOptions{Schedules: rows}); err == nil {
			t.Errorf("%s: NewScheduler accepted %+v", name, rows)
		}
	}
}

// Two schedulers firing for the same slot enqueue one task, even after it
// completed; the next slot is a new task.
func TestSchedulersShareSlots(t *testing.T) {
	t.Parallel()
	rdb := testRedis(t)
	ctx := context.Background()
	a, err := jobs.NewScheduler(rdb, quietLog(), jobs.SchedulerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := jobs.NewScheduler(rdb, quietLog(), jobs.SchedulerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	slot := time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)
	a.FireAt(ctx, jobs.TypeSessionsSweep, slot)
	b.FireAt(ctx, jobs.TypeSessionsSweep, slot)

	insp := asynq.NewInspectorFromRedisClient(rdb)
	id := jobs.TypeSessionsSweep + ":2025-03-14T09:30:00Z"
	pending, err := insp.ListPendingTasks(jobs.QueueLow)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 1 || pending[0].ID != id {
		t.Fatalf("pending after two firings of one slot: %v, want only %s", taskIDs(pending), id)
	}
	if pending[0].Retention != 10*time.Minute {
		t.Errorf("slot task kept %v after completion, want the 10 min period", pending[0].Retention)
	}

	// Completed tasks keep their ID for the slot: run it the way a worker
	// would finish it, then fire the same slot again.
	n := newNotifier()
	w := jobs.NewWorker(rdb, jobs.Deps{Notifier: n, Outbox: &outbox{}, Sessions: &sessions{}, Audits: &auditSweeper{}, Cases: &caseSweeper{}}, quietLog(), jobs.WorkerOptions{})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Shutdown)
	waitFor(t, "slot task completed", func() bool {
		ti, err := insp.GetTaskInfo(jobs.QueueLow, id)
		return err == nil && ti.State == asynq.TaskStateCompleted
	})
	w.Shutdown()
	b.FireAt(ctx, jobs.TypeSessionsSweep, slot)
	b.FireAt(ctx, jobs.TypeSessionsSweep, slot.Add(10*time.Minute))
	pending, err = insp.ListPendingTasks(jobs.QueueLow)
	if err != nil {
		t.Fatal(err)
	}
	next := jobs.TypeSessionsSweep + ":2025-03-14T09:40:00Z"
	if len(pending) != 1 || pending[0].ID != next {
		t.Fatalf("pending after refiring a done slot and the next: %v, want only %s", taskIDs(pending), next)
	}
}

func TestSchedulerEnqueuesOnItsSlots(t *testing.T) {
	t.Parallel()
	rdb := testRedis(t)
	const typ = "test:tick"
	s, err := jobs.NewScheduler(rdb, quietLog(), jobs.SchedulerOptions{Schedules: []jobs.Schedule{{
		Spec:    "* * * * * *", // every second
		NewTask: func() *asynq.Task { return asynq.NewTask(typ, nil, asynq.Queue(jobs.QueueLow)) },
	}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err == nil {
		t.Error("a second Start succeeded")
	}
	insp := asynq.NewInspectorFromRedisClient(rdb)
	var pending []*asynq.TaskInfo
	waitFor(t, "two slots enqueued", func() bool {
		pending, err = insp.ListPendingTasks(jobs.QueueLow)
		return err == nil && len(pending) >= 2
	})
	s.Shutdown()
	s.Shutdown()
	for _, ti := range pending {
		slot, ok := strings.CutPrefix(ti.ID, typ+":")
		if _, err := time.Parse(time.RFC3339, slot); !ok || err != nil || ti.Type != typ {
			t.Errorf("task %s of type %s: want %s:<RFC 3339 slot>", ti.ID, ti.Type, typ)
		}
	}
}

func TestSchedulerWithEmptyTable(t *testing.T) {
	t.Parallel()
	s, err := jobs.NewScheduler(testRedis(t), quietLog(), jobs.SchedulerOptions{Schedules: []jobs.Schedule{}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	s.Shutdown()
}

func taskIDs(ts []*asynq.TaskInfo) []string {
	ids := make([]string, len(ts))
	for i, ti := range ts {
		ids[i] = ti.ID
	}
	return ids
}
