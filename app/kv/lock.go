package kv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/actionhub/actionhub/domain"
	"github.com/redis/go-redis/v9"
)

// Locks are short locks held in Redis, so a check and the write it allows
// (an auditor free on those days, then the booking) run one at a time
// across every process sharing the Redis. A lock lapses after its hold
// time, so a process killed while holding one blocks nobody for long.
type Locks struct {
	c    redis.UniversalClient
	hold time.Duration // longest a lock is held
	wait time.Duration // longest a caller waits for one
}

// NewLocks holds locks in c for at most 10 s; a caller waits at most 5 s.
func NewLocks(c redis.UniversalClient) *Locks {
	return &Locks{c: c, hold: 10 * time.Second, wait: 5 * time.Second}
}

// release deletes the lock only if it is still the caller's: one that
// lapsed and was taken by another is theirs.
var release = redis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`)

// Lock takes the lock named key and returns its release. It returns an
// error wrapping domain.ErrUnavailable when the lock stays taken longer
// than the wait or Redis does not answer.
func (l *Locks) Lock(ctx context.Context, key string) (func(), error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	token := hex.EncodeToString(b[:])
	key = "actionhub:lock:" + key
	deadline := time.Now().Add(l.wait)
	for pause := 5 * time.Millisecond; ; pause = min(2*pause, 100*time.Millisecond) {
		ok, err := l.c.SetNX(ctx, key, token, l.hold).Result()
		if err != nil {
			return nil, fmt.Errorf("%w: the lock %s: %v", domain.ErrUnavailable, key, err)
		}
		if ok {
			return func() { release.Run(context.WithoutCancel(ctx), l.c, []string{key}, token) }, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%w: %s is busy; try again in a moment", domain.ErrUnavailable, key)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(pause):
		}
	}
}
