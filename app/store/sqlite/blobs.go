package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/google/uuid"
)

// blobStore keeps each blob as a file under the data directory's blobs/
// and its metadata as a row of the blobs table. Files are written once and
// never changed, which is what lets a backup copy them with plain file copy.
type blobStore struct {
	e   *Engine
	dir string
}

var _ docstore.Blobs = (*blobStore)(nil)

// path fans files out over two directory levels by the ID's last four hex
// digits: a v7 UUID starts with the time, so its prefix would put a whole
// year's files in one directory.
func (b *blobStore) path(id string) string { return blobPath(b.dir, id) }

func blobPath(root, id string) string {
	n := len(id)
	return filepath.Join(root, id[n-2:], id[n-4:n-2], id)
}

// Put streams r to a temporary file while hashing it, makes it durable,
// moves it into place and only then records it, so a recorded blob always
// has its file. Errors: docstore.ErrTooLarge (nothing stored) when more than
// maxSize bytes arrive, r's error, docstore.ErrClosed, domain.ErrUnavailable.
func (b *blobStore) Put(ctx context.Context, contentType string, r io.Reader, maxSize int64) (_ docstore.BlobInfo, err error) {
	if b.e.closed.Load() {
		return docstore.BlobInfo{}, docstore.ErrClosed
	}
	id, err := uuid.NewV7()
	if err != nil {
		return docstore.BlobInfo{}, fmt.Errorf("sqlite: blob id: %w", err)
	}
	tmp, err := os.CreateTemp(b.dir, ".put-*")
	if err != nil {
		return docstore.BlobInfo{}, fmt.Errorf("sqlite: blob temp file: %w", err)
	}
	final := b.path(id.String())
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(ctxReader{ctx, r}, max(maxSize, 0)+1))
	if err != nil {
		return docstore.BlobInfo{}, b.e.fail("put blob", err)
	}
	if n > maxSize {
		return docstore.BlobInfo{}, fmt.Errorf("blob larger than %d bytes: %w", maxSize, docstore.ErrTooLarge)
	}
	if err = tmp.Sync(); err == nil {
		err = tmp.Close()
	}
	if err == nil {
		err = os.MkdirAll(filepath.Dir(final), dirMode)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), final)
	}
	if err == nil {
		err = syncDir(filepath.Dir(final))
	}
	if err != nil {
		return docstore.BlobInfo{}, fmt.Errorf("sqlite: store blob: %w", err)
	}
	info := docstore.BlobInfo{
		ID: id.String(), ContentType: contentType, Size: n,
		SHA256: hex.EncodeToString(h.Sum(nil)), Created: time.Now().UTC(),
	}
	err = b.e.cp.commit(func() (bool, error) {
		_, err := b.e.write.exec(ctx, "INSERT INTO blobs (id, content_type, size, sha256, created) VALUES (?, ?, ?, ?, ?)",
			info.ID, info.ContentType, info.Size, info.SHA256, info.Created.UnixNano())
		if err != nil {
			return false, b.e.fail("put blob", err)
		}
		return true, nil
	})
	if err != nil {
		_ = os.Remove(final)
		return docstore.BlobInfo{}, err
	}
	return info, nil
}

// Open returns the blob's file, positioned at its start. Errors:
// domain.ErrNotFound, docstore.ErrClosed, domain.ErrUnavailable.
func (b *blobStore) Open(ctx context.Context, id string) (io.ReadCloser, docstore.BlobInfo, error) {
	if b.e.closed.Load() {
		return nil, docstore.BlobInfo{}, docstore.ErrClosed
	}
	if !validID(id) {
		return nil, docstore.BlobInfo{}, docstore.NotFound("blobs", id)
	}
	info := docstore.BlobInfo{ID: id}
	var created int64
	err := b.e.read.queryRow(ctx, false, "SELECT content_type, size, sha256, created FROM blobs WHERE id = ?", id).
		Scan(&info.ContentType, &info.Size, &info.SHA256, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, docstore.BlobInfo{}, docstore.NotFound("blobs", id)
	}
	if err != nil {
		return nil, docstore.BlobInfo{}, b.e.fail("open blob", err)
	}
	info.Created = time.Unix(0, created).UTC()
	f, err := os.Open(b.path(id))
	if err != nil {
		// Deleted between the row read and here, or lost from the disk.
		return nil, docstore.BlobInfo{}, fmt.Errorf("sqlite: blob %s has no readable file: %w", id, err)
	}
	return f, info, nil
}

// Delete removes the row, then the file: a crash in between leaves an
// unreferenced file, never a row without its file. Errors:
// domain.ErrNotFound, docstore.ErrClosed, domain.ErrUnavailable.
func (b *blobStore) Delete(ctx context.Context, id string) error {
	if b.e.closed.Load() {
		return docstore.ErrClosed
	}
	if !validID(id) {
		return docstore.NotFound("blobs", id)
	}
	err := b.e.cp.commit(func() (bool, error) {
		res, err := b.e.write.exec(ctx, "DELETE FROM blobs WHERE id = ?", id)
		if err != nil {
			return false, b.e.fail("delete blob", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return false, docstore.NotFound("blobs", id)
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	if err := os.Remove(b.path(id)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("sqlite: remove blob file %s: %w", id, err)
	}
	return nil
}

// validID accepts only IDs this store makes, so an ID from a request can
// never name a path outside the blob directory.
func validID(id string) bool {
	u, err := uuid.Parse(id)
	return err == nil && u.String() == id
}

// ctxReader stops a long upload once its context is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
