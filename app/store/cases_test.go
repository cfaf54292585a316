package store_test

import (
	"bytes"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/sealed"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/sqlite"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/law"
)

func newKey(t *testing.T) []byte {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		t.Fatal(err)
	}
	return k
}

func childIdentity() casework.Identity {
	return casework.Identity{ChildName: "Bilal Hussain", GuardianName: "Hussain Bakhsh", BirthDate: "2012-01-15",
		Address: "Mohallah Kotla Tolay Khan, Multan", Phone: "0301-9876543", PhotoBlobID: "blob-bilal",
		FamilySituation: "Mother widowed in 2023", SchoolHistory: "Dropped out of class 3", Languages: []string{"Saraiki"}}
}

// TestCaseIdentityIsSealedAtRest writes a case, reads the raw stored
// document and every file of the data directory, and finds no identity
// value in clear; the case reads back whole, still does after the secret
// key rotates (old key as previous), and a second case from the same
// finding is a conflict.
func TestCaseIdentityIsSealedAtRest(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	e, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	oldKey := newKey(t)
	s1, err := sealed.New(sealed.CaseIdentity, oldKey)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	pack, err := law.PackFor(law.Punjab, at)
	if err != nil {
		t.Fatal(err)
	}
	c, err := casework.Open(casework.Opening{ID: "case-1", HubID: "h1", Code: "MUX-2026-00001", SupplierID: "s1",
		Source: casework.SourceFinding, SourceID: "f1", Identified: at, Pack: pack, Identity: childIdentity(),
		Child: casework.Child{Sex: casework.SexMale, AgeMethod: casework.AgeBForm}, Work: casework.Work{Sector: "leather_tanning"}}, "aud-1", at)
	if err != nil {
		t.Fatal(err)
	}
	v1 := st.Cases.Vault(s1)
	if err := v1.Insert(ctx, &c); err != nil {
		t.Fatal(err)
	}
	if c.Version != 1 {
		t.Errorf("version after insert = %d", c.Version)
	}
	raw, err := e.C("cases").Get(ctx, "case-1")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range childIdentity().Values() {
		if bytes.Contains(raw.Body, []byte(v)) {
			t.Errorf("stored document holds %q in clear", v)
		}
	}
	if !bytes.Contains(raw.Body, []byte("MUX-2026-00001")) {
		t.Error("the stored body lacks the code: the check above reads the wrong bytes")
	}

	dup := c
	dup.ID = "case-2"
	if err := v1.Insert(ctx, &dup); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("second case from the finding: %v, want a conflict", err)
	}
	if got, err := st.Cases.BySource(ctx, casework.SourceFinding, "f1"); err != nil || got.Code != "MUX-2026-00001" {
		t.Errorf("BySource: %v, %v", got, err)
	}

	// Rotate: the new key seals, the old one still opens.
	s2, err := sealed.New(sealed.CaseIdentity, newKey(t), oldKey)
	if err != nil {
		t.Fatal(err)
	}
	v2 := st.Cases.Vault(s2)
	d, err := st.Cases.Get(ctx, "case-1")
	if err != nil {
		t.Fatal(err)
	}
	got, err := v2.Open(d)
	if err != nil || got.Identity == nil || got.Identity.ChildName != "Bilal Hussain" || got.Identity.Languages[0] != "Saraiki" {
		t.Fatalf("open after rotation: %+v, %v", got, err)
	}
	updated, err := v2.Update(ctx, "case-1", func(c *casework.Case) error {
		if err := c.CheckVersion(1); err != nil {
			return err
		}
		return c.Assign("cw-1", "hub-admin", at)
	})
	if err != nil || updated.Version != 2 || updated.Identity.Phone != "0301-9876543" {
		t.Fatalf("update: %+v, %v", updated, err)
	}
	if _, err := v2.Update(ctx, "case-1", func(c *casework.Case) error { return c.CheckVersion(1) }); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("stale version: %v, want a conflict", err)
	}
	d, _ = st.Cases.Get(ctx, "case-1")
	if s2.NeedsReseal(d.IdentitySealed) {
		t.Error("an update did not reseal under the current key")
	}
	// Without the old key, a value sealed only under it would not open:
	// the rotated case opens under the new key alone.
	s3, _ := sealed.New(sealed.CaseIdentity, newKey(t))
	if _, err := st.Cases.Vault(s3).Open(d); err == nil {
		t.Error("a stranger's key opened the identity")
	}

	// A sealed identity moved onto another case does not open.
	other := *d
	other.ID = "case-x"
	if _, err := v2.Open(&other); err == nil {
		t.Error("an identity copied onto another case opened")
	}

	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(dir, func(path string, de os.DirEntry, err error) error {
		if err != nil || de.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, v := range childIdentity().Values() {
			if bytes.Contains(b, []byte(v)) {
				t.Errorf("%s holds %q in clear", path, v)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
