// Package sealed encrypts personal fields before they are stored (a child's
// identity on a case), with keys derived from the server's secret key, so a
// copy of the database alone reveals no one.
//
// A sealed value is one byte string:
//
//	version (1) | key ID (4) | nonce (12) | AES-256-GCM ciphertext and tag
//
// The key ID names the derived key that sealed the value, so after a key
// rotation a value sealed under a previous key is still opened, and found by
// NeedsReseal for the job that rewrites it under the current key. The header
// and the caller's associated data (the owner and field, see Owner) are
// authenticated: a value copied onto another case or field does not open.
package sealed

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
)

// Purpose names what a Sealer's keys are for; it is the HKDF info string, so
// each purpose has its own keys and a value sealed for one never opens for
// another. The trailing version lets a purpose change its scheme later.
type Purpose string

// CaseIdentity seals the identity fields of a child labour case.
const CaseIdentity Purpose = "actionhub case identity v1"

const (
	version1  = 1
	idLen     = 4
	nonceLen  = 12
	headerLen = 1 + idLen + nonceLen
	// Overhead is what sealing adds to a value's length.
	Overhead = headerLen + 16
	// MinSecretKey is the shortest secret key a Sealer accepts, as config does.
	MinSecretKey = 32
)

var (
	// ErrMalformed: the bytes are not a sealed value (too short or an unknown version).
	ErrMalformed = errors.New("sealed: not a sealed value")
	// ErrUnknownKey: the value names a key this Sealer does not hold, most
	// often a previous secret key dropped before every value was resealed.
	ErrUnknownKey = errors.New("sealed: sealed under a key that is not configured")
	// ErrOpen: authentication failed: tampered bytes, or associated data that
	// is not the owner the value was sealed for.
	ErrOpen = errors.New("sealed: value does not open (tampered, or sealed for another owner)")
)

type key struct {
	id   [idLen]byte
	aead cipher.AEAD
}

// Sealer seals under the current key and opens under the current or any
// previous key. It is safe for concurrent use.
type Sealer struct {
	purpose Purpose
	current *key
	keys    map[[idLen]byte]*key
}

// New derives the purpose's keys from the current secret key and any
// previous ones (oldest last or first: order does not matter). A previous key
// equal to the current one is ignored, so a repeated setting does no harm.
// It fails on a key shorter than MinSecretKey or, with odds of 2^-32, two
// keys whose IDs collide (then choose another secret key).
func New(p Purpose, current []byte, previous ...[]byte) (*Sealer, error) {
	if p == "" {
		return nil, errors.New("sealed: a purpose is required")
	}
	s := &Sealer{purpose: p, keys: map[[idLen]byte]*key{}}
	for i, secret := range append([][]byte{current}, previous...) {
		if len(secret) < MinSecretKey {
			return nil, fmt.Errorf("sealed: secret key %d is %d bytes, at least %d are required", i, len(secret), MinSecretKey)
		}
		k, err := derive(p, secret)
		if err != nil {
			return nil, err
		}
		if old, dup := s.keys[k.id]; dup {
			if i > 0 && old == s.current {
				continue
			}
			return nil, fmt.Errorf("sealed: two secret keys share key ID %x; configure each key once", k.id)
		}
		s.keys[k.id] = k
		if i == 0 {
			s.current = k
		}
	}
	return s, nil
}

// derive makes the purpose's AES-256 key with HKDF-SHA256 (no salt: the
// secret key is already uniformly random). The ID is a hash of the derived
// key, so it identifies the key without revealing anything about it.
func derive(p Purpose, secret []byte) (*key, error) {
	dk, err := hkdf.Key(sha256.New, secret, nil, string(p), 32)
	if err != nil {
		return nil, fmt.Errorf("sealed: derive key: %w", err)
	}
	block, err := aes.NewCipher(dk)
	if err != nil {
		return nil, fmt.Errorf("sealed: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("sealed: %w", err)
	}
	sum := sha256.Sum256(append([]byte("actionhub key id\x00"), dk...))
	k := &key{aead: aead}
	copy(k.id[:], sum[:idLen])
	return k, nil
}

// Owner builds associated data naming the owner of a value (for example a
// case ID) and the field, length-prefixed so ("ab","c") and ("a","bc") differ.
func Owner(parts ...string) []byte {
	var b []byte
	for _, p := range parts {
		b = binary.AppendUvarint(b, uint64(len(p)))
		b = append(b, p...)
	}
	return b
}

// CurrentKeyID is the current key's ID in hex, for logs and the re-seal job's report.
func (s *Sealer) CurrentKeyID() string { return hex.EncodeToString(s.current.id[:]) }

// Seal encrypts plaintext under the current key, bound to ad, with a fresh
// random nonce. A 96-bit random nonce stays safe for 2^32 seals per key,
// far beyond the identities one hub network holds between rotations.
func (s *Sealer) Seal(plaintext, ad []byte) ([]byte, error) {
	out := make([]byte, headerLen, headerLen+len(plaintext)+16)
	out[0] = version1
	copy(out[1:], s.current.id[:])
	if _, err := rand.Read(out[1+idLen : headerLen]); err != nil {
		return nil, fmt.Errorf("sealed: nonce: %w", err)
	}
	return s.current.aead.Seal(out, out[1+idLen:headerLen], plaintext, aad(out[:headerLen], ad)), nil
}

// Open decrypts a sealed value under the key it names. Errors: ErrMalformed,
// ErrUnknownKey (wrapped, naming the key ID), ErrOpen.
func (s *Sealer) Open(sealed, ad []byte) ([]byte, error) {
	k, err := s.keyOf(sealed)
	if err != nil {
		return nil, err
	}
	pt, err := k.aead.Open(nil, sealed[1+idLen:headerLen], sealed[headerLen:], aad(sealed[:headerLen], ad))
	if err != nil {
		return nil, ErrOpen
	}
	return pt, nil
}

// NeedsReseal reports whether a value is not sealed under the current key:
// the re-seal job rewrites it with Reseal. A malformed value or one under an
// unknown key also answers true, so the job meets Reseal's error and reports
// it rather than skipping the value.
func (s *Sealer) NeedsReseal(sealed []byte) bool {
	return len(sealed) < headerLen || sealed[0] != version1 || [idLen]byte(sealed[1:1+idLen]) != s.current.id
}

// KeyIDOf is the ID (in hex, as CurrentKeyID) of the key a value names,
// for an index that finds the values a rotation left under a previous key;
// "" for bytes too short to be a sealed value.
func KeyIDOf(sealed []byte) string {
	if len(sealed) < headerLen {
		return ""
	}
	return hex.EncodeToString(sealed[1 : 1+idLen])
}

// Reseal opens a value under whichever key sealed it and seals it again under
// the current key, for the same owner. Errors as Open.
func (s *Sealer) Reseal(sealed, ad []byte) ([]byte, error) {
	pt, err := s.Open(sealed, ad)
	if err != nil {
		return nil, err
	}
	defer clear(pt)
	return s.Seal(pt, ad)
}

// SealJSON seals v's JSON encoding as one value, so a whole identity record is
// one field in the stored document and nothing of its shape shows.
func (s *Sealer) SealJSON(v any, ad []byte) ([]byte, error) {
	pt, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("sealed: encode: %w", err)
	}
	defer clear(pt)
	return s.Seal(pt, ad)
}

// OpenJSON opens a value made by SealJSON into v (a pointer). Errors as Open,
// or a decode error when the value does not fit v.
func (s *Sealer) OpenJSON(sealed, ad []byte, v any) error {
	pt, err := s.Open(sealed, ad)
	if err != nil {
		return err
	}
	defer clear(pt)
	if err := json.Unmarshal(pt, v); err != nil {
		return fmt.Errorf("sealed: decode: %w", err)
	}
	return nil
}

func (s *Sealer) keyOf(sealed []byte) (*key, error) {
	if len(sealed) < Overhead || sealed[0] != version1 {
		return nil, ErrMalformed
	}
	k, ok := s.keys[[idLen]byte(sealed[1:1+idLen])]
	if !ok {
		return nil, fmt.Errorf("%w (key ID %x; current key %s)", ErrUnknownKey, sealed[1:1+idLen], s.CurrentKeyID())
	}
	return k, nil
}

// aad authenticates the header with the caller's associated data, so the
// version and key ID cannot be changed without Open failing.
func aad(header, ad []byte) []byte {
	b := make([]byte, 0, len(header)+len(ad))
	return append(append(b, header...), ad...)
}
