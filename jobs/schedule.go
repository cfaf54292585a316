package jobs

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hibiken/asynq"
	"github.com/robfig/cron/v3"
)

// Schedule is one periodic task: when it is due and what to enqueue.
type Schedule struct {
	// Spec is a cron spec read in UTC: five fields, six with seconds first,
	// or a descriptor such as @hourly. @every is refused: its slots depend
	// on when a scheduler started, so two schedulers would not agree on them.
	Spec string
	// NewTask builds the task enqueued at each slot; its type names the row.
	NewTask func() *asynq.Task
}

// Schedules is the table of periodic tasks. A new sweep is one more row here
// and a handler registered in handlers.register.
func Schedules() []Schedule {
	return append([]Schedule{
		{Spec: "*/10 * * * *", NewTask: NewSessionsSweepTask},
		{Spec: "* * * * *", NewTask: NewOutboxSweepTask},
	}, slices.Concat(auditSchedules(), stipendSchedules(), caseSchedules(), referralSchedules(), directorySchedules())...)
}

var cronParser = cron.NewParser(cron.SecondOptional | cron.Minute | cron.Hour |
	cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// entry is a checked Schedule row.
type entry struct {
	typ     string
	sched   cron.Schedule
	newTask func() *asynq.Task
}

// slotTaskID names the task of one slot, so that every scheduler firing for
// that slot enqueues the same task and only the first succeeds.
func (e entry) slotTaskID(slot time.Time) string {
	return e.typ + ":" + slot.UTC().Format(time.RFC3339)
}

// period is the time from slot to the next one; the slot's task is kept that
// long after it completes so its ID still dedupes late firings.
func (e entry) period(slot time.Time) time.Duration {
	return e.sched.Next(slot).Sub(slot)
}

// checkSchedules parses every row and refuses bad specs and repeated types.
func checkSchedules(rows []Schedule, now time.Time) ([]entry, error) {
	var errs []error
	seen := make(map[string]bool, len(rows))
	entries := make([]entry, 0, len(rows))
	for i, r := range rows {
		if r.NewTask == nil {
			errs = append(errs, fmt.Errorf("schedule %d: no NewTask", i))
			continue
		}
		typ := r.NewTask().Type()
		if seen[typ] {
			errs = append(errs, fmt.Errorf("schedule %q: type listed twice", typ))
			continue
		}
		seen[typ] = true
		if strings.HasPrefix(strings.TrimSpace(r.Spec), "@every") {
			errs = append(errs, fmt.Errorf("schedule %q: @every slots are not aligned across schedulers; use a cron spec", typ))
			continue
		}
		s, err := cronParser.Parse("CRON_TZ=UTC " + r.Spec)
		if err != nil {
			errs = append(errs, fmt.Errorf("schedule %q: %w", typ, err))
			continue
		}
		if s.Next(now).IsZero() {
			errs = append(errs, fmt.Errorf("schedule %q: spec %q never fires", typ, r.Spec))
			continue
		}
		entries = append(entries, entry{typ: typ, sched: s, newTask: r.NewTask})
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return entries, nil
}
