package mongo

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/app/store/mongo/mongotest"
	"github.com/actionhub/actionhub/app/store/storetest"
)

// newEngine opens an engine on a fresh database with the suite's collection
// declared; the database is dropped and the engine closed when the test ends.
func newEngine(tb testing.TB) *Engine {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	e, err := Open(ctx, mongotest.URI(tb), mongotest.Database(tb))
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if !e.closed.Load() {
			if err := e.db.Drop(ctx); err != nil {
				tb.Errorf("drop database: %v", err)
			}
		}
		if err := e.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	if err := e.Ensure(ctx, storetest.ItemSpec); err != nil {
		tb.Fatalf("Ensure: %v", err)
	}
	return e
}

// TestContract runs the storage contract suite, each subtest on a fresh
// database.
func TestContract(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) docstore.Engine { return newEngine(t) })
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
