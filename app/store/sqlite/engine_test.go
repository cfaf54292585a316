package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/app/store/storetest"
	"github.com/actionhub/actionhub/domain"
)

// A writer outside the engine (a stuck process, a manual sqlite3 session)
// holds the write lock: a write whose deadline runs out while it waits is
// ErrUnavailable, not a hang and not a generic error.
func TestLockWaitPastDeadlineIsUnavailable(t *testing.T) {
	ctx := context.Background()
	e := openTemp(t)
	items := itemColl(t, e)
	other, err := sql.Open("sqlite", dsn(filepath.Join(e.Dir(), dbFile), "_txlock=immediate"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()

	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	err = items.Insert(short, storetest.NewItem(1))
	if !errors.Is(err, domain.ErrUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Insert while locked = %v; want ErrUnavailable wrapping the deadline", err)
	}
	// Reads never wait for the writer.
	readCtx, cancelRead := context.WithTimeout(ctx, 2*time.Second)
	defer cancelRead()
	if _, err := items.Count(readCtx); err != nil {
		t.Fatalf("Count while locked: %v", err)
	}
	_ = tx.Rollback()
	insertItems(t, items, 1, 2)
}

func TestClosedEngine(t *testing.T) {
	ctx := context.Background()
	e := openTemp(t)
	c := e.C
	itemColl(t, e)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	checks := map[string]error{
		"Ping":   e.Ping(ctx),
		"Ensure": e.Ensure(ctx, storetest.ItemSpec),
		"Insert": c("items").Insert(ctx, docstore.Doc{ID: "x", Body: []byte("{}"), Fields: map[string]any{"code": "c"}}),
		"Delete": c("items").Delete(ctx, "x"),
	}
	_, checks["Get"] = c("items").Get(ctx, "x")
	_, checks["Find"] = c("items").Find(ctx, docstore.Query{})
	_, checks["Next"] = e.Next(ctx, "cases")
	_, checks["Put"] = e.Blobs().Put(ctx, "text/plain", strings.NewReader("x"), 10)
	for name, err := range checks {
		if !errors.Is(err, docstore.ErrClosed) {
			t.Errorf("%s after Close = %v, want ErrClosed", name, err)
		}
	}
	if err := e.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
	// The directory is free again.
	e2, err := Open(ctx, e.Dir())
	if err != nil {
		t.Fatal(err)
	}
	e2.Close()
}

func TestBlobTooLargeLeavesNothing(t *testing.T) {
	ctx := context.Background()
	e := openTemp(t)
	_, err := e.Blobs().Put(ctx, "application/pdf", bytes.NewReader(make([]byte, 1001)), 1000)
	if !errors.Is(err, docstore.ErrTooLarge) {
		t.Fatalf("Put of 1001 bytes with a 1000 limit = %v", err)
	}
	info, err := e.Blobs().Put(ctx, "application/pdf", bytes.NewReader(make([]byte, 1000)), 1000)
	if err != nil {
		t.Fatalf("Put of exactly the limit: %v", err)
	}
	var files []string
	_ = filepath.WalkDir(e.blobs.dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if len(files) != 1 || files[0] != e.blobs.path(info.ID) {
		t.Errorf("files under blobs/: %v, want only %s", files, e.blobs.path(info.ID))
	}
	var rows int
	if err := e.read.db.QueryRow("SELECT count(*) FROM blobs").Scan(&rows); err != nil || rows != 1 {
		t.Errorf("blob rows = %d, %v; want 1", rows, err)
	}
	// IDs that are not ours never reach the file system.
	for _, id := range []string{"../actionhub.db", "x", strings.ToUpper(info.ID)} {
		if _, _, err := e.Blobs().Open(ctx, id); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("Open(%q) = %v, want ErrNotFound", id, err)
		}
	}
}
