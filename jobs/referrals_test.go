package jobs_test

import (
	"context"
	"sync"
	"time"

	"github.com/actionhub/actionhub/domain/referral"
)

// referralSweeper records the sweeps and deliveries it is asked for.
type referralSweeper struct {
	mu        sync.Mutex
	runs      []string
	delivered []string
}

func (r *referralSweeper) record(name string) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.runs = append(r.runs, name)
	return 0, nil
}

func (r *referralSweeper) RemindUnanswered(context.Context, time.Time, int) (int, error) {
	return r.record("remind")
}

func (r *referralSweeper) EscalateOverdue(context.Context, time.Time, int) (int, error) {
	return r.record("escalate")
}

func (r *referralSweeper) SettleEffects(context.Context, time.Time, int) (int, error) {
	return r.record("effects")
}

func (r *referralSweeper) PendingDeliveries(context.Context, int) ([]*referral.Delivery, error) {
	return nil, nil
}

func (r *referralSweeper) Deliver(_ context.Context, id string, _ bool) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.delivered = append(r.delivered, id)
	return nil
}
