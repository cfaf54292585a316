package httpapi

import (
	"net/http"
	"runtime"
	"time"

	"github.com/danielgtaylor/huma/v2"
)

// TurnWait is how long a read waits for its turn before it is refused
// with 503 and Retry-After TurnRetry.
const (
	TurnWait  = 10 * time.Second
	TurnRetry = 2 * time.Second
)

// ReadTurns are the turns the server's reads take, the API's and the
// pages' alike: as many at once as the server has cores, the others
// waiting in the order they came (a channel's waiting senders are served
// first in, first out). A read is work for the cores from its
// authentication to its last byte written into the answer, which is sent
// after its turn ends. Run all at once, 32 reads shared the cores, and the
// scheduler and the store's read pool (which hands a free connection to a
// random waiter) served them in no order: some waited far longer than
// others. On the volume hub at 32 connections the audits page's p99 went
// from about 97 ms to 33 ms at the same throughput.
type ReadTurns struct {
	c    chan struct{}
	wait time.Duration
}

// NewReadTurns makes n turns (n < 1: one per core) for reads that wait
// at most wait for theirs.
func NewReadTurns(n int, wait time.Duration) *ReadTurns {
	if n < 1 {
		n = runtime.GOMAXPROCS(0)
	}
	return &ReadTurns{c: make(chan struct{}, n), wait: wait}
}

// Take waits for a turn; false when none came within the wait. A taken
// turn is given back with Release.
func (t *ReadTurns) Take() bool {
	select {
	case t.c <- struct{}{}:
		return true
	default:
	}
	timer := time.NewTimer(t.wait)
	defer timer.Stop()
	select {
	case t.c <- struct{}{}:
		return true
	case <-timer.C:
		return false
	}
}

// Release gives a turn back.
func (t *ReadTurns) Release() { <-t.c }

// inTurn runs the API's reads (GET operations) in turns; writes do not
// take one.
func (s *server) inTurn(ctx huma.Context, next func(huma.Context)) {
	if ctx.Method() != http.MethodGet {
		next(ctx)
		return
	}
	if !s.Turns.Take() {
		s.fail(ctx, retryAfter{huma.NewError(http.StatusServiceUnavailable, "The server is busy. Try again shortly."), TurnRetry})
		return
	}
	defer s.Turns.Release()
	next(ctx)
}
