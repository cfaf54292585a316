package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the data directory dir into dest, a
// new directory laid out as a data directory (dest/actionhub.db and
// dest/blobs/), so restoring is pointing DATA_DIR at it.
//
// The database is copied with VACUUM INTO on a connection of its own: it
// reads one snapshot, does not take the directory's lock and does not block
// the writer, so it runs while the server serves from dir. Blob files are
// immutable and are then copied with plain file copy, those the copied
// database lists; one deleted after the snapshot is dropped from the copy
// too. Backup refuses an existing dest and removes what it wrote on failure.
func Backup(ctx context.Context, dir, dest string) (err error) {
	src := filepath.Join(dir, dbFile)
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("backup: no database in %s: %w", dir, err)
	}
	if _, err := os.Lstat(dest); err == nil {
		return fmt.Errorf("backup: %s already exists; choose a new directory", dest)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(dest), dirMode); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Mkdir(dest, dirMode); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer func() {
		if err != nil {
			_ = os.RemoveAll(dest)
		}
	}()
	copyDB := filepath.Join(dest, dbFile)
	if err := vacuumInto(ctx, src, copyDB); err != nil {
		return err
	}
	if err := syncFile(copyDB); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return copyBlobs(ctx, filepath.Join(dir, blobDir), copyDB, filepath.Join(dest, blobDir))
}

// vacuumInto copies src to dst in one read transaction. The connection may
// not be query_only: VACUUM INTO fails on one. mode=rw never creates src.
// dst is created empty with fileMode first: VACUUM INTO writes into an
// empty file, and would create a missing one world-readable.
func vacuumInto(ctx context.Context, src, dst string) error {
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, fileMode)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	db, err := sql.Open("sqlite", dsn(src, "mode=rw&_pragma=busy_timeout(5000)"))
	if err != nil {
		return fmt.Errorf("backup: open %s: %w", src, err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", dst); err != nil {
		return fmt.Errorf("backup: copy %s: %w", src, err)
	}
	return nil
}

// copyBlobs copies the files of the blobs the copied database lists.
func copyBlobs(ctx context.Context, from, copyDB, to string) error {
	db, err := sql.Open("sqlite", dsn(copyDB, "mode=rw"))
	if err != nil {
		return fmt.Errorf("backup: open copy: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	rows, err := db.QueryContext(ctx, "SELECT id FROM blobs ORDER BY id")
	if err != nil {
		return fmt.Errorf("backup: list blobs: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			_ = rows.Close()
			return fmt.Errorf("backup: list blobs: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("backup: list blobs: %w", err)
	}
	if err := os.MkdirAll(to, dirMode); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		if !validID(id) {
			return fmt.Errorf("backup: blob row with a malformed id %q", id)
		}
		err := copyFile(blobPath(from, id), blobPath(to, id))
		if errors.Is(err, os.ErrNotExist) {
			if _, err := db.ExecContext(ctx, "DELETE FROM blobs WHERE id = ?", id); err != nil {
				return fmt.Errorf("backup: drop deleted blob %s: %w", id, err)
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("backup: blob %s: %w", id, err)
		}
	}
	return nil
}

// copyFile copies src to a new file dst and makes it durable.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), dirMode); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, fileMode)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
