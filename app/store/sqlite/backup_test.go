package sqlite

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store/storetest"
)

func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	e, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	items := itemColl(t, e)
	insertItems(t, items, 0, 500)
	content := []byte(strings.Repeat("audit evidence photo ", 500))
	blob, err := e.Blobs().Put(ctx, "image/jpeg", bytes.NewReader(content), 1<<20)
	if err != nil {
		t.Fatal(err)
	}

	// A writer keeps inserting during the backup.
	var committed atomic.Int64
	committed.Store(500)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 500; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := items.Insert(ctx, storetest.NewItem(i)); err != nil {
				t.Errorf("Insert during backup: %v", err)
				return
			}
			committed.Add(1)
		}
	}()
	for committed.Load() < 600 { // the writer is under way
		if t.Failed() {
			break
		}
		time.Sleep(time.Millisecond)
	}
	before := committed.Load()
	dest := filepath.Join(t.TempDir(), "backup-2026-01-01")
	err = Backup(ctx, dir, dest)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("Backup: %v", err)
	}
	if err := Backup(ctx, dir, dest); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("Backup to an existing directory: %v, want a refusal", err)
	}

	b, err := Open(ctx, dest)
	if err != nil {
		t.Fatalf("Open the backup: %v", err)
	}
	defer b.Close()
	n, err := itemColl(t, b).Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n < before || n > committed.Load() {
		t.Errorf("backup holds %d items; %d were committed before it and %d by the end", n, before, committed.Load())
	}
	if r := integrity(t, b); r != "ok" {
		t.Errorf("integrity_check of the backup: %s", r)
	}
	r, info, err := b.Blobs().Open(ctx, blob.ID)
	if err != nil {
		t.Fatalf("blob in the backup: %v", err)
	}
	got, _ := io.ReadAll(r)
	r.Close()
	if !bytes.Equal(got, content) || info.SHA256 != blob.SHA256 {
		t.Errorf("blob in the backup differs: %d bytes, sha %s", len(got), info.SHA256)
	}
}

func TestBackupDropsBlobDeletedAfterSnapshot(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	e, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	kept, err := e.Blobs().Put(ctx, "text/plain", strings.NewReader("kept"), 100)
	if err != nil {
		t.Fatal(err)
	}
	gone, err := e.Blobs().Put(ctx, "text/plain", strings.NewReader("gone"), 100)
	if err != nil {
		t.Fatal(err)
	}
	// The database copy lists both; the file of one vanishes before its copy.
	dest := t.TempDir() + "/b"
	if err := vacuumIntoThenDelete(ctx, e, dir, dest, gone.ID); err != nil {
		t.Fatal(err)
	}
	b, err := Open(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, _, err := b.Blobs().Open(ctx, gone.ID); err == nil {
		t.Error("a blob whose file was gone is still listed in the backup")
	}
	if r, _, err := b.Blobs().Open(ctx, kept.ID); err != nil {
		t.Errorf("kept blob: %v", err)
	} else {
		r.Close()
	}
}

// vacuumIntoThenDelete runs Backup's two steps with the blob's file removed
// (as Delete does) in between.
func vacuumIntoThenDelete(ctx context.Context, e *Engine, dir, dest, id string) error {
	if err := os.Mkdir(dest, 0o750); err != nil {
		return err
	}
	db := filepath.Join(dest, dbFile)
	if err := vacuumInto(ctx, filepath.Join(dir, dbFile), db); err != nil {
		return err
	}
	if err := os.Remove(e.blobs.path(id)); err != nil {
		return err
	}
	return copyBlobs(ctx, filepath.Join(dir, blobDir), db, filepath.Join(dest, blobDir))
}
