package storetest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
)

// stream hides a reader's type, so an engine cannot learn the size in
// advance and must count what arrives.
type stream struct{ io.Reader }

// randomBytes returns n reproducible pseudo-random bytes.
func randomBytes(seed uint64, n int) []byte {
	b := make([]byte, n)
	var key [32]byte
	key[0] = byte(seed)
	_, _ = rand.NewChaCha8(key).Read(b)
	return b
}

func testBlobs(t *testing.T, e docstore.Engine) {
	ctx := t.Context()
	b := e.Blobs()
	const maxSize = 6 << 20
	for _, size := range []int{0, 1, 5 << 20} {
		data := randomBytes(uint64(size), size)
		sum := sha256.Sum256(data)
		put, err := b.Put(ctx, "application/pdf", stream{bytes.NewReader(data)}, maxSize)
		if err != nil {
			t.Fatalf("Put(%d bytes): %v", size, err)
		}
		if put.ID == "" || put.ContentType != "application/pdf" || put.Size != int64(size) ||
			put.SHA256 != hex.EncodeToString(sum[:]) || put.Created.IsZero() {
			t.Errorf("Put(%d bytes) = %+v, want size %d, SHA-256 %x", size, put, size, sum)
		}
		rc, got, err := b.Open(ctx, put.ID)
		if err != nil {
			t.Fatalf("Open(%d bytes): %v", size, err)
		}
		back, err := io.ReadAll(rc)
		if cerr := rc.Close(); err == nil {
			err = cerr
		}
		if err != nil || !bytes.Equal(back, data) {
			t.Errorf("Open(%d bytes): read %d bytes (equal %v), %v", size, len(back), bytes.Equal(back, data), err)
		}
		sameBlobInfo(t, "Open", put, got)
		if err := b.Delete(ctx, put.ID); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		if _, _, err := b.Open(ctx, put.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("Open after Delete: %v, want ErrNotFound", err)
		}
		if err := b.Delete(ctx, put.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("second Delete: %v, want ErrNotFound", err)
		}
	}

	// The limit is inclusive; one byte more is refused.
	const limit = 4096
	data := randomBytes(7, limit+1)
	exact, err := b.Put(ctx, "text/plain; charset=utf-8", stream{bytes.NewReader(data[:limit])}, limit)
	if err != nil || exact.Size != limit {
		t.Errorf("Put of exactly maxSize: %+v, %v", exact, err)
	}
	if _, err := b.Put(ctx, "text/plain", stream{bytes.NewReader(data)}, limit); !errors.Is(err, docstore.ErrTooLarge) {
		t.Errorf("Put of maxSize+1 bytes: %v, want ErrTooLarge", err)
	}
	// The same content twice is two blobs: deleting one keeps the other.
	again, err := b.Put(ctx, "text/plain; charset=utf-8", stream{bytes.NewReader(data[:limit])}, limit)
	if err != nil {
		t.Fatalf("second Put: %v", err)
	}
	if again.ID == exact.ID {
		t.Errorf("two Puts returned the same ID %s", again.ID)
	}
	if err := b.Delete(ctx, exact.ID); err != nil {
		t.Fatal(err)
	}
	rc, info, err := b.Open(ctx, again.ID)
	if err != nil {
		t.Fatalf("Open of the second copy: %v", err)
	}
	back, _ := io.ReadAll(rc)
	_ = rc.Close()
	if !bytes.Equal(back, data[:limit]) {
		t.Errorf("second copy reads %d bytes, not its content", len(back))
	}
	sameBlobInfo(t, "second copy", again, info)

	// A failing reader fails the Put.
	failing := io.MultiReader(bytes.NewReader(data[:100]), errReader{})
	if _, err := b.Put(ctx, "text/plain", failing, limit); err == nil {
		t.Error("Put from a reader that fails: accepted")
	}
	for _, id := range []string{"never-stored", "../" + again.ID, ""} {
		if _, _, err := b.Open(ctx, id); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("Open(%q): %v, want ErrNotFound", id, err)
		}
	}
}

var errConnReset = errors.New("connection reset by peer")

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errConnReset }

// sameBlobInfo compares what Put returned with what Open returns. Created
// is compared to the millisecond, the precision MongoDB keeps.
func sameBlobInfo(t *testing.T, what string, want, got docstore.BlobInfo) {
	t.Helper()
	d := want.Created.Sub(got.Created)
	if want.ID != got.ID || want.ContentType != got.ContentType || want.Size != got.Size ||
		want.SHA256 != got.SHA256 || d <= -time.Millisecond || d >= time.Millisecond {
		t.Errorf("%s: info %+v, want %+v", what, got, want)
	}
}
