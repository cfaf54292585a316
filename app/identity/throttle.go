package identity

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/actionhub/actionhub/domain"
	"github.com/redis/go-redis/v9"
)

// Login throttling. Failures are counted per (account, client IP) and per
// client IP, in Redis so every API replica shares them. An attacker who
// guesses a real user's password from elsewhere blocks only their own
// address: the real user, from theirs, can still log in. Blocks end by
// themselves when the window passes.
const (
	loginWindow      = 15 * time.Minute
	maxFailsPerPair  = 5
	maxFailsPerIP    = 50
	throttleKeySpace = "actionhub:login:"
)

type throttle struct{ rdb redis.UniversalClient }

func (t throttle) keys(email, ip string) (pair, perIP string) {
	h := sha256.Sum256([]byte(email))
	return throttleKeySpace + "pair:" + hex.EncodeToString(h[:8]) + ":" + ip, throttleKeySpace + "ip:" + ip
}

// check returns a *domain.RateLimited while either counter is over its limit.
func (t throttle) check(ctx context.Context, email, ip string) error {
	pair, perIP := t.keys(email, ip)
	p := t.rdb.Pipeline()
	pc := p.Get(ctx, pair)
	pt := p.PTTL(ctx, pair)
	ic := p.Get(ctx, perIP)
	it := p.PTTL(ctx, perIP)
	if _, err := p.Exec(ctx); err != nil && err != redis.Nil {
		return fmt.Errorf("login throttle: %v: %w", err, domain.ErrUnavailable)
	}
	if n, _ := pc.Int(); n >= maxFailsPerPair {
		return &domain.RateLimited{Wait: pt.Val()}
	}
	if n, _ := ic.Int(); n >= maxFailsPerIP {
		return &domain.RateLimited{Wait: it.Val()}
	}
	return nil
}

// fail counts one failed attempt against both counters.
func (t throttle) fail(ctx context.Context, email, ip string) error {
	pair, perIP := t.keys(email, ip)
	p := t.rdb.TxPipeline()
	for _, k := range []string{pair, perIP} {
		p.Incr(ctx, k)
		p.ExpireNX(ctx, k, loginWindow)
	}
	if _, err := p.Exec(ctx); err != nil {
		return fmt.Errorf("login throttle: %v: %w", err, domain.ErrUnavailable)
	}
	return nil
}

// reset clears the account's counter after a successful login.
func (t throttle) reset(ctx context.Context, email, ip string) {
	pair, _ := t.keys(email, ip)
	t.rdb.Del(ctx, pair)
}
