package store_test

import (
	"context"
	"testing"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/sqlite"
)

// sqliteStore opens the store on a SQLite engine in a directory of its
// own, closed when the test ends.
func sqliteStore(tb testing.TB) *store.Store {
	tb.Helper()
	ctx := context.Background()
	e, err := sqlite.Open(ctx, tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = e.Close() })
	st, err := store.Open(ctx, e)
	if err != nil {
		tb.Fatal(err)
	}
	return st
}
