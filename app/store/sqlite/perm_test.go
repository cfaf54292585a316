package sqlite

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// privateTree fails for any file or directory under root that others than
// its owner may read, write or enter, and returns how many it saw.
func privateTree(t *testing.T, root string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		n++
		if fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s is %v: others may read it", path, fi.Mode().Perm())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestFilesArePrivate(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	e, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	insertItems(t, itemColl(t, e), 0, 20)
	if _, err := e.Blobs().Put(ctx, "image/jpeg", bytes.NewReader([]byte("evidence")), 1<<20); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{dbFile, dbFile + "-wal", dbFile + "-shm", lockFile, blobDir} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if n := privateTree(t, dir); n < 8 { // the directory, 4 files, blobs, a blob's directory and file
		t.Errorf("saw %d entries in the data directory", n)
	}

	dest := filepath.Join(t.TempDir(), "new", "backup")
	if err := Backup(ctx, dir, dest); err != nil {
		t.Fatal(err)
	}
	if n := privateTree(t, filepath.Dir(dest)); n < 5 {
		t.Errorf("saw %d entries in the backup", n)
	}
}

// A data directory written by an older build, world-readable, is narrowed
// when it is opened.
func TestOpenNarrowsOlderFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	e, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	insertItems(t, itemColl(t, e), 0, 5)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{dbFile, blobDir} {
		if err := os.Chmod(filepath.Join(dir, p), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	e, err = Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if err := os.Chmod(dir, 0o700); err != nil { // the directory is the operator's
		t.Fatal(err)
	}
	privateTree(t, dir)
}
