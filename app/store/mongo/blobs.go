package mongo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
	"time"

	"github.com/google/uuid"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/actionhub/actionhub/app/store/docstore"
)

// bucket is the GridFS bucket of blobs: collections blobs.files and blobs.chunks.
const bucket = "blobs"

// blobs stores files in GridFS, keyed by string IDs (UUIDv7), with the
// content type, SHA-256 and creation time in each file's metadata.
type blobs struct {
	e *Engine
	b *mongo.GridFSBucket
	// open serialises opening upload streams: the bucket checks its indexes
	// on its first write through an unguarded flag.
	open sync.Mutex
}

var _ docstore.Blobs = (*blobs)(nil)

func newBlobs(e *Engine) *blobs {
	return &blobs{e: e, b: e.db.GridFSBucket(options.GridFSBucket().SetName(bucket))}
}

// Put streams r into a new file while hashing and counting it. More than
// maxSize bytes abort the upload, deleting the chunks written, and return
// docstore.ErrTooLarge. Errors from r are returned as they are.
func (b *blobs) Put(ctx context.Context, contentType string, r io.Reader, maxSize int64) (docstore.BlobInfo, error) {
	if b.e.closed.Load() {
		return docstore.BlobInfo{}, docstore.ErrClosed
	}
	u, err := uuid.NewV7()
	if err != nil {
		return docstore.BlobInfo{}, fmt.Errorf("mongo: blob ID: %w", err)
	}
	info := docstore.BlobInfo{
		ID:          u.String(),
		ContentType: contentType,
		Created:     time.Now().UTC().Truncate(time.Millisecond), // BSON dates hold milliseconds
	}
	meta := bson.D{{Key: "content_type", Value: contentType}, {Key: "created", Value: info.Created}}
	b.open.Lock()
	up, err := b.b.OpenUploadStreamWithID(ctx, info.ID, info.ID, options.GridFSUpload().SetMetadata(meta))
	b.open.Unlock()
	if err != nil {
		return docstore.BlobInfo{}, b.e.fail("open upload", err)
	}
	src := r
	if maxSize < math.MaxInt64 {
		src = io.LimitReader(r, maxSize+1) // one byte more tells "too large"
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(up, h), src)
	if err == nil && n > maxSize {
		err = fmt.Errorf("mongo: blob over %d bytes: %w", maxSize, docstore.ErrTooLarge)
	}
	if err != nil {
		_ = up.Abort()
		if errors.Is(err, docstore.ErrTooLarge) {
			return docstore.BlobInfo{}, err
		}
		return docstore.BlobInfo{}, b.e.fail("write blob", err)
	}
	if err := up.Close(); err != nil {
		return docstore.BlobInfo{}, b.e.fail("write blob", err)
	}
	info.Size = n
	info.SHA256 = hex.EncodeToString(h.Sum(nil))
	// The hash is known only at the end, after the driver wrote the file's
	// metadata, so it is added to it here.
	_, err = b.b.GetFilesCollection().UpdateOne(ctx, byID(info.ID),
		bson.D{{Key: "$set", Value: bson.D{{Key: "metadata.sha256", Value: info.SHA256}}}})
	if err != nil {
		_ = b.b.Delete(context.WithoutCancel(ctx), info.ID)
		return docstore.BlobInfo{}, b.e.fail("write blob", err)
	}
	return info, nil
}

// Open returns a stream of the blob's content, read as it goes: ctx must
// stay alive until the stream is closed. domain.ErrNotFound when unknown.
func (b *blobs) Open(ctx context.Context, id string) (io.ReadCloser, docstore.BlobInfo, error) {
	if b.e.closed.Load() {
		return nil, docstore.BlobInfo{}, docstore.ErrClosed
	}
	ds, err := b.b.OpenDownloadStream(ctx, id)
	if errors.Is(err, mongo.ErrFileNotFound) {
		return nil, docstore.BlobInfo{}, docstore.NotFound("blobs", id)
	}
	if err != nil {
		return nil, docstore.BlobInfo{}, b.e.fail("open blob", err)
	}
	f := ds.GetFile()
	info := docstore.BlobInfo{ID: id, Size: f.Length, Created: f.UploadDate.UTC()}
	if f.Metadata != nil {
		info.ContentType, _ = f.Metadata.Lookup("content_type").StringValueOK()
		info.SHA256, _ = f.Metadata.Lookup("sha256").StringValueOK()
		if t, ok := f.Metadata.Lookup("created").TimeOK(); ok {
			info.Created = t.UTC()
		}
	}
	return &download{e: b.e, ds: ds}, info, nil
}

// Delete removes the blob's file and chunks; domain.ErrNotFound when unknown.
func (b *blobs) Delete(ctx context.Context, id string) error {
	if b.e.closed.Load() {
		return docstore.ErrClosed
	}
	err := b.b.Delete(ctx, id)
	if errors.Is(err, mongo.ErrFileNotFound) {
		return docstore.NotFound("blobs", id)
	}
	return b.e.fail("delete blob", err)
}

// download maps the stream's errors like every other call and makes a
// second Close harmless.
type download struct {
	e      *Engine
	ds     *mongo.GridFSDownloadStream
	closed bool
}

func (d *download) Read(p []byte) (int, error) {
	n, err := d.ds.Read(p)
	if err != nil && err != io.EOF {
		err = d.e.fail("read blob", err)
	}
	return n, err
}

func (d *download) Close() error {
	if d.closed {
		return nil
	}
	d.closed = true
	return d.e.fail("close blob", d.ds.Close())
}
