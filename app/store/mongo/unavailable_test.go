package mongo

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/app/store/mongo/mongotest"
	"github.com/actionhub/actionhub/app/store/storetest"
	"github.com/actionhub/actionhub/domain"
)

func TestOpenNothingListening(t *testing.T) {
	t.Parallel()
	// The deadline is generous; the engine's own server selection timeout
	// (2 s) is what ends the wait.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	e, err := Open(ctx, "mongodb://hub:s3cret@127.0.0.1:1/", "hub")
	if err == nil {
		_ = e.Close()
		t.Fatal("Open succeeded with nothing listening")
	}
	if !errors.Is(err, domain.ErrUnavailable) {
		t.Fatalf("Open: %v, want an error wrapping domain.ErrUnavailable", err)
	}
	if ctx.Err() != nil {
		t.Fatalf("Open waited for the caller's deadline instead of its own timeout: %v", err)
	}
	for _, secret := range []string{"s3cret", "hub:"} {
		if contains(err.Error(), secret) {
			t.Errorf("error %q reveals the credentials", err)
		}
	}
	if !contains(err.Error(), "127.0.0.1:1") {
		t.Errorf("error %q does not name the host", err)
	}
}

func TestOpenBadURI(t *testing.T) {
	t.Parallel()
	_, err := Open(context.Background(), "mongodb://hub:s3cret@127.0.0.1:1/?connectTimeoutMS=x", "hub")
	if err == nil || contains(err.Error(), "s3cret") {
		t.Fatalf("Open of a bad URI: %v, want an error without the password", err)
	}
}

// TestOutageAndRecovery cuts the network under an open engine, checks that
// calls answer ErrUnavailable within their deadline, then restores it and
// checks that the same engine works again.
func TestOutageAndRecovery(t *testing.T) {
	t.Parallel()
	relay := mongotest.NewRelay(t, mongotest.URI(t))
	ctx := context.Background()
	e, err := Open(ctx, relay.URI(), mongotest.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = e.db.Drop(context.Background())
		_ = e.Close()
	})
	if err := e.Ensure(ctx, storetest.ItemSpec); err != nil {
		t.Fatal(err)
	}
	items := docstore.Bind(e, storetest.ItemDef)
	item := storetest.NewItem(1)
	if err := items.Insert(ctx, item); err != nil {
		t.Fatal(err)
	}

	relay.Down()
	for name, call := range map[string]func(context.Context) error{
		"Ping": e.Ping,
		"Get": func(ctx context.Context) error {
			_, err := items.Get(ctx, item.ID)
			return err
		},
		"Insert": func(ctx context.Context) error { return items.Insert(ctx, storetest.NewItem(2)) },
		"Next": func(ctx context.Context) error {
			_, err := e.Next(ctx, "cases")
			return err
		},
	} {
		down, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		err := call(down)
		cancel()
		if !errors.Is(err, domain.ErrUnavailable) {
			t.Fatalf("%s with the network down: %v, want domain.ErrUnavailable", name, err)
		}
	}

	relay.Up()
	back, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := e.Ping(back); err != nil {
		t.Fatalf("Ping after the network came back: %v", err)
	}
	if _, err := items.Get(back, item.ID); err != nil {
		t.Fatalf("Get after the network came back: %v", err)
	}
}
