package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/hibiken/asynq"
)

// TypeDirectoryRepair writes again the directory's search rows (places and
// words) that a process stopped between a record's write and theirs left
// missing or stale.
const TypeDirectoryRepair = "directory:repair_index"

// DirectoryRepairer repairs the directory's search index and returns how
// many records it re-indexed; running it twice, or on two workers at
// once, changes nothing more.
type DirectoryRepairer interface {
	RepairIndex(ctx context.Context) (int, error)
}

// NewDirectoryRepairTask builds one repair pass; a missed pass is made up
// by the next.
func NewDirectoryRepairTask() *asynq.Task {
	return asynq.NewTask(TypeDirectoryRepair, nil, asynq.Queue(QueueLow), asynq.MaxRetry(1), asynq.Timeout(5*time.Minute))
}

// directorySchedules: every 15 minutes, off the other sweeps' minutes; a
// pass reads every record and its rows (README, Referral directory).
func directorySchedules() []Schedule {
	return []Schedule{{Spec: "7-59/15 * * * *", NewTask: NewDirectoryRepairTask}}
}

// registerDirectory puts the repair's handler on mux, when the worker has
// the directory.
func (h *handlers) registerDirectory(mux *asynq.ServeMux) {
	d := h.deps.Directory
	if d == nil {
		return
	}
	mux.HandleFunc(TypeDirectoryRepair, func(ctx context.Context, t *asynq.Task) error {
		n, err := d.RepairIndex(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", t.Type(), err)
		}
		if n > 0 {
			h.log.WarnContext(ctx, "directory search rows repaired", "records", n)
		}
		return nil
	})
}
