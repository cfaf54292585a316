package sqlite

import (
	"context"
	"testing"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/app/store/storetest"
)

// openTemp opens a fresh engine in a temporary directory, closed at cleanup.
func openTemp(t testing.TB) *Engine {
	t.Helper()
	e, err := Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = e.Close() })
	return e
}

// itemColl ensures the suite's collection on e and binds it.
func itemColl(t testing.TB, e *Engine) *docstore.Coll[storetest.Item] {
	t.Helper()
	if err := e.Ensure(context.Background(), storetest.ItemSpec); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	return docstore.Bind(e, storetest.ItemDef)
}

// insertItems inserts items from..to-1 one by one.
func insertItems(t testing.TB, c *docstore.Coll[storetest.Item], from, to int) {
	t.Helper()
	for i := from; i < to; i++ {
		if err := c.Insert(context.Background(), storetest.NewItem(i)); err != nil {
			t.Fatalf("Insert %d: %v", i, err)
		}
	}
}

// integrity runs PRAGMA integrity_check on e's database.
func integrity(t testing.TB, e *Engine) string {
	t.Helper()
	var res string
	if err := e.read.db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil {
		t.Fatalf("integrity_check: %v", err)
	}
	return res
}
