package kv_test

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/kv"
	"github.com/actionhub/actionhub/domain"
)

// waitFor polls cond until it holds or a generous deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func startEmbedded(t *testing.T) *kv.Embedded {
	t.Helper()
	e, err := kv.StartEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	return e
}

func TestEmbeddedExpiresKeys(t *testing.T) {
	t.Parallel()
	e := startEmbedded(t)
	c := kv.NewClient(e.Addr())
	defer c.Close()
	ctx := context.Background()
	if err := kv.Ping(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := c.Set(ctx, "lock:audit-42", "1", time.Second).Err(); err != nil {
		t.Fatal(err)
	}
	if err := c.Set(ctx, "kept", "1", 0).Err(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "key with a TTL to expire", func() bool {
		n, err := c.Exists(ctx, "lock:audit-42").Result()
		return err == nil && n == 0
	})
	if n, err := c.Exists(ctx, "kept").Result(); err != nil || n != 1 {
		t.Fatalf("key without TTL: exists=%d err=%v, want 1 <nil>", n, err)
	}
}

func TestEmbeddedCloseTwice(t *testing.T) {
	t.Parallel()
	e, err := kv.StartEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	addr := e.Addr()
	e.Close()
	e.Close()
	c := kv.NewClient(addr)
	defer c.Close()
	if err := kv.Ping(context.Background(), c); !errors.Is(err, domain.ErrUnavailable) {
		t.Fatalf("ping after Close: %v, want ErrUnavailable", err)
	}
}

// freeAddr returns a local address where nothing listens.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestPingNothingListening(t *testing.T) {
	t.Parallel()
	c := kv.NewClient(freeAddr(t))
	defer c.Close()
	err := kv.Ping(context.Background(), c)
	if !errors.Is(err, domain.ErrUnavailable) {
		t.Fatalf("Ping = %v, want ErrUnavailable", err)
	}
}

// A server that accepts connections and never answers must not hold a call
// without a deadline forever: the client's own timeouts end it.
func TestFrozenServerFails(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		var held []net.Conn // open, never read
		defer func() {
			for _, c := range held {
				c.Close()
			}
		}()
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			held = append(held, conn)
		}
	}()
	c := kv.NewClient(l.Addr().String())
	defer c.Close()
	if err := c.Get(context.Background(), "k").Err(); err == nil {
		t.Fatal("Get on a frozen server succeeded")
	}
	if err := kv.Ping(context.Background(), c); !errors.Is(err, domain.ErrUnavailable) {
		t.Fatalf("Ping = %v, want ErrUnavailable", err)
	}
}

func TestWithDBAndPassword(t *testing.T) {
	t.Parallel()
	c := kv.NewClient("127.0.0.1:6379", kv.WithDB(7), kv.WithPassword("s3cret"))
	defer c.Close()
	o := c.Options()
	if o.DB != 7 || o.Password != "s3cret" || !o.ContextTimeoutEnabled {
		t.Fatalf("options: db=%d password set=%t ctxTimeout=%t", o.DB, o.Password != "", o.ContextTimeoutEnabled)
	}
}
