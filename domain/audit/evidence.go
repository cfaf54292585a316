package audit

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/actionhub/actionhub/domain"
)

// MaxEvidenceBytes bounds one evidence file: a phone photo is 2 to 8 MB and
// a scanned register rarely more than 15 MB.
const MaxEvidenceBytes = 25 << 20

// SniffBytes is how much of a file SniffType needs: the HTTP layer reads
// this much before streaming the rest into the store.
const SniffBytes = 512

// Evidence is a file kept in the store's blobs (SQLite under DATA_DIR,
// GridFS on MongoDB) and attached to a finding or a corrective action.
type Evidence struct {
	BlobID        string
	ContentType   string // from SniffType, never from the name or the client
	Size          int64
	SHA256        string // lower-case hex of the whole content
	UploaderID    string
	UploaderOrgID string
	// ShowsPerson: the file shows or names a person (a photo of a worker, an
	// identity card, a payroll or register with names). Such files never
	// reach a brand or the supplier: a worker who spoke to the auditors must
	// not be recognisable to the employer, nor a child to a buyer.
	ShowsPerson bool
	Created     time.Time
}

// ForBrand reports whether a linked brand may receive the file.
func (e Evidence) ForBrand() bool { return !e.ShowsPerson }

// ForSupplier reports whether the supplier's organisation (orgID) may
// receive the file: files it uploaded itself, unless marked as showing a
// person. Auditors' files stay with the hub: worker interviews and
// photographs taken on site could expose the workers who spoke.
func (e Evidence) ForSupplier(orgID string) bool {
	return !e.ShowsPerson && orgID != "" && e.UploaderOrgID == orgID
}

// signatures is the allow-list, by content. Documents and photographs are
// all an auditor or a site needs to show, and none of these formats runs
// code when opened. Refused, whatever their name: executables and scripts,
// archives and everything built on ZIP or OLE (Office files, which can
// carry macros and hide other files), HTML and SVG (scripts in the
// browser), and plain text or CSV (no signature to check, and CSV opens in
// a spreadsheet that runs formulas): a site exports those as PDF.
var signatures = []struct {
	contentType string
	match       func([]byte) bool
}{
	{"application/pdf", prefix("%PDF-")},
	{"image/jpeg", prefix("\xFF\xD8\xFF")},
	{"image/png", prefix("\x89PNG\r\n\x1a\n")},
	{"image/webp", func(b []byte) bool {
		return len(b) >= 12 && bytes.HasPrefix(b, []byte("RIFF")) && string(b[8:12]) == "WEBP"
	}},
	// HEIC, the iPhone's photo format: an ISO base media "ftyp" box whose
	// major brand is a HEIF image brand (not a video's).
	{"image/heic", func(b []byte) bool {
		if len(b) < 12 || string(b[4:8]) != "ftyp" {
			return false
		}
		switch string(b[8:12]) {
		case "heic", "heix", "heim", "heis", "mif1":
			return true
		}
		return false
	}},
}

func prefix(p string) func([]byte) bool {
	return func(b []byte) bool { return bytes.HasPrefix(b, []byte(p)) }
}

// SniffType names the content type of a file from its first bytes (up to
// SniffBytes); ok is false for anything off the allow-list. The signature
// must open the file: a PDF header further in, as readers tolerate, is a
// polyglot trick and refused.
func SniffType(first []byte) (contentType string, ok bool) {
	for _, s := range signatures {
		if s.match(first) {
			return s.contentType, true
		}
	}
	return "", false
}

// CheckUpload checks what is known of a file before it is kept: its first
// bytes, its size once read (size < 0 when not yet known) and the content
// type the client declared (empty or application/octet-stream when it did
// not say). It returns the sniffed content type, or a validation error on
// field "file": empty, too large, not an allowed type, or not the type
// declared (a mislabelled upload is refused rather than relabelled, so a
// client bug shows at once).
func CheckUpload(first []byte, size int64, declared string) (string, error) {
	switch {
	case size == 0 || len(first) == 0:
		return "", domain.Invalid("file", "is empty")
	case size > MaxEvidenceBytes:
		return "", domain.Invalid("file", fmt.Sprintf("is larger than %d MB", MaxEvidenceBytes>>20))
	}
	ct, ok := SniffType(first)
	if !ok {
		return "", domain.Invalid("file", "must be a PDF, JPEG, PNG, WebP or HEIC file")
	}
	declared = strings.ToLower(strings.TrimSpace(strings.SplitN(declared, ";", 2)[0]))
	if declared != "" && declared != "application/octet-stream" && declared != ct && !(declared == "image/heif" && ct == "image/heic") {
		return "", domain.Invalid("file", fmt.Sprintf("is %s, not the %s it was sent as", ct, declared))
	}
	return ct, nil
}
