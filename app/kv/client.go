package kv

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/actionhub/actionhub/domain"
)

// Timeouts short enough that a frozen Redis fails a call in about a second
// instead of holding a request or a worker for go-redis's 3 s default.
const (
	dialTimeout  = 500 * time.Millisecond
	ioTimeout    = time.Second
	pingDeadline = 2 * time.Second
)

// ClientOption adjusts the connection settings NewClient uses.
type ClientOption func(*redis.Options)

// WithPassword sets the password sent on connect (REDIS_PASSWORD).
func WithPassword(password string) ClientOption {
	return func(o *redis.Options) { o.Password = password }
}

// WithDB selects a logical database, which keeps tests and deployments
// sharing one Redis apart.
func WithDB(db int) ClientOption {
	return func(o *redis.Options) { o.DB = db }
}

// NewClient returns a go-redis client for addr (host:port) that honours
// context deadlines and gives up quickly on a dead or frozen server.
// It does not connect; use Ping to check the server answers.
func NewClient(addr string, opts ...ClientOption) *redis.Client {
	o := &redis.Options{
		Addr:                  addr,
		ContextTimeoutEnabled: true,
		DialTimeout:           dialTimeout,
		ReadTimeout:           ioTimeout,
		WriteTimeout:          ioTimeout,
		PoolTimeout:           ioTimeout + time.Second,
		// One retry covers a pooled connection the server dropped; more
		// would multiply the wait on a frozen server.
		MaxRetries: 1,
		// CLIENT SETINFO is unknown to older servers and to miniredis.
		DisableIdentity: true,
	}
	for _, opt := range opts {
		opt(o)
	}
	return redis.NewClient(o)
}

// Ping checks that Redis answers, within 2 s when ctx has no earlier
// deadline. The error wraps domain.ErrUnavailable and the cause.
func Ping(ctx context.Context, c redis.UniversalClient) error {
	ctx, cancel := context.WithTimeout(ctx, pingDeadline)
	defer cancel()
	if err := c.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis: %w: %w", domain.ErrUnavailable, err)
	}
	return nil
}

// redisLog sends the Redis client's own messages (reconnects, closed
// pub/sub connections at shutdown) to the structured log at debug level.
type redisLog struct{ l *slog.Logger }

func (r redisLog) Printf(ctx context.Context, format string, v ...any) {
	r.l.DebugContext(ctx, "redis client: "+fmt.Sprintf(format, v...))
}

// SetLogger routes the Redis client's messages to l.
func SetLogger(l *slog.Logger) { redis.SetLogger(redisLog{l}) }
