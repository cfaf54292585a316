// Package kv connects the hub to Redis: an in-process Redis for the
// one-process mode and go-redis clients that fail fast when Redis is away.
package kv

import (
	"fmt"
	"sync"
	"time"

	"github.com/alicebob/miniredis/v2"
)

// tick is how often the embedded Redis clock moves on. miniredis never
// expires keys by itself; Asynq's uniqueness locks and server heartbeats
// rely on key TTLs, so the clock must follow wall time.
const tick = time.Second

// Embedded is an in-process Redis on a random 127.0.0.1 port for the default
// one-process mode. It holds nothing across a restart: the database stays the
// source of truth and periodic sweeps re-derive what is due.
type Embedded struct {
	mr   *miniredis.Miniredis
	stop chan struct{}
	done chan struct{}
	once sync.Once
}

// StartEmbedded starts the in-process Redis and its expiry clock.
// It fails only when no local port can be bound.
func StartEmbedded() (*Embedded, error) {
	mr := miniredis.NewMiniRedis()
	if err := mr.StartAddr("127.0.0.1:0"); err != nil {
		return nil, fmt.Errorf("start embedded redis: %w", err)
	}
	e := &Embedded{mr: mr, stop: make(chan struct{}), done: make(chan struct{})}
	go e.clock()
	return e, nil
}

func (e *Embedded) clock() {
	defer close(e.done)
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		select {
		case <-e.stop:
			return
		case <-t.C:
			e.mr.FastForward(tick)
		}
	}
}

// Addr is the host:port clients connect to.
func (e *Embedded) Addr() string { return e.mr.Addr() }

// Close stops the clock and the server; later calls do nothing.
func (e *Embedded) Close() {
	e.once.Do(func() {
		close(e.stop)
		<-e.done
		e.mr.Close()
	})
}
