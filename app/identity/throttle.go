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

// Login throttling. Attempts are counted per (account, client IP) and per
// client IP, in Redis so every API replica shares them. An attacker who
// guesses a real user's password from elsewhere blocks only their own
// address: the real user, from theirs, can still log in. Blocks end by
// themselves when the window passes.
//
// Each attempt is reserved before the password is hashed, by one atomic
// script: a burst of parallel tries cannot all pass a check made before any
// of them is counted. A reservation stays counted as a failure unless the
// password is right.
const (
	loginWindow      = 15 * time.Minute
	maxFailsPerPair  = 5
	maxFailsPerIP    = 50
	throttleKeySpace = "actionhub:login:"
)

// reserveScript counts one attempt against KEYS (the pair's counter, then
// the address's) with the limits in ARGV[2] and ARGV[3]. Over a limit, it
// takes the attempt back (refused tries do not pile up) and returns the
// milliseconds until the block ends; otherwise 0.
var reserveScript = redis.NewScript(`
local limits = {tonumber(ARGV[2]), tonumber(ARGV[3])}
for i = 1, 2 do
  local n = redis.call('INCR', KEYS[i])
  if redis.call('PTTL', KEYS[i]) < 0 then redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
  if n > limits[i] then
    for j = 1, i do redis.call('DECR', KEYS[j]) end
    local wait = redis.call('PTTL', KEYS[i])
    if wait < 1 then wait = 1 end
    return wait
  end
end
return 0
`)

// releaseScript gives a right password's reservation back: the account's
// failures from that address are forgiven and the address's count drops by
// the one attempt.
var releaseScript = redis.NewScript(`
redis.call('DEL', KEYS[1])
local n = tonumber(redis.call('GET', KEYS[2]) or '0')
if n > 0 then redis.call('DECR', KEYS[2]) end
return 0
`)

type throttle struct{ rdb redis.UniversalClient }

// keys share the address as a hash tag, so the scripts also run on a
// Redis Cluster.
func (t throttle) keys(email, ip string) []string {
	h := sha256.Sum256([]byte(email))
	return []string{throttleKeySpace + "{" + ip + "}:pair:" + hex.EncodeToString(h[:8]), throttleKeySpace + "{" + ip + "}:ip"}
}

// reserve counts one attempt before the password is checked. It returns a
// *domain.RateLimited while either counter is at its limit, and an error
// wrapping domain.ErrUnavailable when Redis does not answer.
func (t throttle) reserve(ctx context.Context, email, ip string) error {
	wait, err := reserveScript.Run(ctx, t.rdb, t.keys(email, ip), loginWindow.Milliseconds(), maxFailsPerPair, maxFailsPerIP).Int64()
	if err != nil {
		return fmt.Errorf("login throttle: %v: %w", err, domain.ErrUnavailable)
	}
	if wait > 0 {
		return &domain.RateLimited{Wait: time.Duration(wait) * time.Millisecond}
	}
	return nil
}

// release gives back the reservation of a successful login. A failure here
// only leaves the attempt counted, so it is logged by the caller, not fatal.
func (t throttle) release(ctx context.Context, email, ip string) error {
	return releaseScript.Run(ctx, t.rdb, t.keys(email, ip)).Err()
}
