package sealed_test

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/actionhub/actionhub/app/sealed"
)

// identity is the shape a case's identity will take: sealed as one value.
type identity struct {
	Name        string `json:"name"`
	Guardian    string `json:"guardian"`
	DateOfBirth string `json:"date_of_birth"`
	Address     string `json:"address"`
	Phone       string `json:"phone"`
	Notes       string `json:"notes"`
}

var (
	oldKey = bytes.Repeat([]byte{1}, 32)
	newKey = bytes.Repeat([]byte{2}, 32)
	ayesha = identity{Name: "Ayesha Bibi", Guardian: "Muhammad Aslam", DateOfBirth: "2012-03-14",
		Address: "Mohalla Qasimpura, Multan", Phone: "+923001234567"}
)

func mustNew(tb testing.TB, p sealed.Purpose, current []byte, previous ...[]byte) *sealed.Sealer {
	tb.Helper()
	s, err := sealed.New(p, current, previous...)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestSealAndOpen(t *testing.T) {
	t.Parallel()
	owner := sealed.Owner("case-1", "identity")
	before := mustNew(t, sealed.CaseIdentity, oldKey)
	rotated := mustNew(t, sealed.CaseIdentity, newKey, oldKey)
	underOld, err := before.SealJSON(ayesha, owner)
	if err != nil {
		t.Fatal(err)
	}
	underNew, err := rotated.SealJSON(ayesha, owner)
	if err != nil {
		t.Fatal(err)
	}
	tampered := bytes.Clone(underNew)
	tampered[len(tampered)-20] ^= 1
	tamperedHeader := bytes.Clone(underNew)
	tamperedHeader[0] = 2

	cases := []struct {
		name   string
		opener *sealed.Sealer
		value  []byte
		owner  []byte
		want   error // nil: opens to ayesha
	}{
		{"round trip", rotated, underNew, owner, nil},
		{"sealed under a previous key", rotated, underOld, owner, nil},
		{"copied onto another case", rotated, underNew, sealed.Owner("case-2", "identity"), sealed.ErrOpen},
		{"copied onto another field", rotated, underNew, sealed.Owner("case-1", "address"), sealed.ErrOpen},
		{"owner parts shifted", rotated, underNew, sealed.Owner("case-1i", "dentity"), sealed.ErrOpen},
		{"a tampered byte", rotated, underNew, owner, sealed.ErrOpen},
		{"an unknown version", rotated, tamperedHeader, owner, sealed.ErrMalformed},
		{"a truncated value", rotated, underNew[:sealed.Overhead-1], owner, sealed.ErrMalformed},
		{"previous key dropped", mustNew(t, sealed.CaseIdentity, newKey), underOld, owner, sealed.ErrUnknownKey},
		{"before the new key was added", before, underNew, owner, sealed.ErrUnknownKey},
		{"another purpose", mustNew(t, "actionhub other v1", newKey, oldKey), underNew, owner, sealed.ErrUnknownKey},
	}
	for _, c := range cases {
		value := c.value
		if c.name == "a tampered byte" {
			value = tampered
		}
		var got identity
		err := c.opener.OpenJSON(value, c.owner, &got)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: error %v, want %v", c.name, err, c.want)
			continue
		}
		if c.want == nil && got != ayesha {
			t.Errorf("%s: opened to %+v", c.name, got)
		}
	}
}

func TestUnknownKeyErrorNamesTheKey(t *testing.T) {
	t.Parallel()
	v, err := mustNew(t, sealed.CaseIdentity, oldKey).Seal([]byte("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = mustNew(t, sealed.CaseIdentity, newKey).Open(v, nil)
	if !errors.Is(err, sealed.ErrUnknownKey) || !strings.Contains(err.Error(), "key ID "+hex.EncodeToString(v[1:5])) {
		t.Fatalf("error %q does not name key ID %s", err, hex.EncodeToString(v[1:5]))
	}
}

func TestRotation(t *testing.T) {
	t.Parallel()
	owner := sealed.Owner("case-1", "identity")
	before := mustNew(t, sealed.CaseIdentity, oldKey)
	rotated := mustNew(t, sealed.CaseIdentity, newKey, oldKey)
	if before.CurrentKeyID() == rotated.CurrentKeyID() {
		t.Fatal("the rotated sealer kept the old key ID")
	}
	v, err := before.SealJSON(ayesha, owner)
	if err != nil {
		t.Fatal(err)
	}
	if before.NeedsReseal(v) {
		t.Error("a value under the current key needs resealing")
	}
	if !rotated.NeedsReseal(v) {
		t.Error("a value under a previous key does not need resealing")
	}
	again, err := rotated.Reseal(v, owner)
	if err != nil {
		t.Fatal(err)
	}
	if rotated.NeedsReseal(again) {
		t.Error("a resealed value still needs resealing")
	}
	// After the previous key is dropped the resealed value still opens.
	var got identity
	if err := mustNew(t, sealed.CaseIdentity, newKey).OpenJSON(again, owner, &got); err != nil || got != ayesha {
		t.Fatalf("resealed value after dropping the old key: %+v %v", got, err)
	}
	if _, err := rotated.Reseal(v, sealed.Owner("case-2", "identity")); !errors.Is(err, sealed.ErrOpen) {
		t.Errorf("reseal for another owner: %v", err)
	}
	if !rotated.NeedsReseal([]byte("junk")) {
		t.Error("a malformed value is skipped by NeedsReseal instead of reported by Reseal")
	}
}

func TestNoPlaintextInSealedBytes(t *testing.T) {
	t.Parallel()
	s := mustNew(t, sealed.CaseIdentity, newKey)
	v, err := s.SealJSON(ayesha, sealed.Owner("case-1", "identity"))
	if err != nil {
		t.Fatal(err)
	}
	forms := map[string]string{"raw": string(v), "base64": base64.StdEncoding.EncodeToString(v)}
	for form, text := range forms {
		for _, clear := range []string{"Ayesha Bibi", "Ayesha", "Aslam", "Multan", "2012-03-14", "923001234567", "name", "guardian",
			base64.StdEncoding.EncodeToString([]byte("Ayesha Bibi"))} {
			if strings.Contains(text, clear) {
				t.Errorf("%s sealed bytes contain %q", form, clear)
			}
		}
	}
}

func TestNoncesDiffer(t *testing.T) {
	t.Parallel()
	s := mustNew(t, sealed.CaseIdentity, newKey)
	a, err := s.Seal([]byte("Ayesha Bibi"), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Seal([]byte("Ayesha Bibi"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a[5:17], b[5:17]) || bytes.Equal(a, b) {
		t.Fatal("two seals of one value share a nonce")
	}
}

func TestNewRefusesBadKeys(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		current  []byte
		previous [][]byte
		ok       bool
	}{
		"short current":             {current: make([]byte, 31)},
		"short previous":            {current: newKey, previous: [][]byte{make([]byte, 16)}},
		"previous repeated":         {current: newKey, previous: [][]byte{oldKey, oldKey}},
		"previous equal to current": {current: newKey, previous: [][]byte{newKey}, ok: true},
		"longer keys are fine":      {current: make([]byte, 64), previous: [][]byte{oldKey}, ok: true},
		"several previous are fine": {current: newKey, previous: [][]byte{oldKey, bytes.Repeat([]byte{3}, 32)}, ok: true},
	}
	for name, c := range cases {
		_, err := sealed.New(sealed.CaseIdentity, c.current, c.previous...)
		if (err == nil) != c.ok {
			t.Errorf("%s: error %v", name, err)
		}
	}
	if _, err := sealed.New("", newKey); err == nil {
		t.Error("an empty purpose was accepted")
	}
}

// BenchmarkIdentity seals and opens a 1 KB identity, the size of a case's
// identity record with notes.
func BenchmarkIdentity(b *testing.B) {
	s := mustNew(b, sealed.CaseIdentity, newKey, oldKey)
	owner := sealed.Owner("case-1", "identity")
	id := ayesha
	plain, err := json.Marshal(id)
	if err != nil {
		b.Fatal(err)
	}
	id.Notes = strings.Repeat("n", 1024-len(plain))
	v, err := s.SealJSON(id, owner)
	if err != nil {
		b.Fatal(err)
	}
	if n := len(v) - sealed.Overhead; n != 1024 {
		b.Fatalf("identity is %d bytes, want 1024", n)
	}
	b.Run("SealJSON", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.SealJSON(id, owner); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("OpenJSON", func(b *testing.B) {
		var got identity
		for b.Loop() {
			if err := s.OpenJSON(v, owner, &got); err != nil {
				b.Fatal(err)
			}
		}
	})
}
