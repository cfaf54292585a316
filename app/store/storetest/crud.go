package storetest

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
)

func testEnsure(t *testing.T, e docstore.Engine) {
	ctx := t.Context()
	c := items(e)
	it := NewItem(1)
	mustInsert(t, c, it)
	if err := e.Ensure(ctx, ItemSpec); err != nil {
		t.Fatalf("second Ensure: %v", err)
	}
	sameItem(t, "after a second Ensure", it, mustGet(t, c, it.ID))
	if err := e.Ping(ctx); err != nil {
		t.Errorf("Ping: %v", err)
	}
	// Engines use names as table and key names as they are: a bad one must
	// be refused, not quoted into a statement.
	if err := guard(func() error { return e.Ensure(ctx, docstore.Spec{Name: `items"; DROP TABLE items; --`}) }); err == nil || errors.Is(err, errPanicked) {
		t.Errorf("Ensure of a spec with a bad name: %v, want an error", err)
	}
	if err := guard(func() error { e.C("never_ensured"); return nil }); !errors.Is(err, errPanicked) {
		t.Errorf("C of an undeclared collection: %v, want a panic", err)
	}
}

func testCRUD(t *testing.T, e docstore.Engine) {
	ctx := t.Context()
	c := items(e)
	it := NewItem(7)
	mustInsert(t, c, it)
	if it.Version != 1 {
		t.Errorf("Insert set version %d, want 1", it.Version)
	}
	sameItem(t, "Get after Insert", it, mustGet(t, c, it.ID))

	got, err := c.Update(ctx, it.ID, func(v *Item) error {
		v.Status, v.Notes = "verified", "Remediation verified by the hub."
		return nil
	})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	it.Status, it.Notes, it.Version = "verified", "Remediation verified by the hub.", 2
	sameItem(t, "Update result", it, got)
	sameItem(t, "Get after Update", it, mustGet(t, c, it.ID))

	if err := c.Delete(ctx, it.ID); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := c.Get(ctx, it.ID); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("Get after Delete: %v, want ErrNotFound", err)
	}
	if err := c.Delete(ctx, it.ID); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("second Delete: %v, want ErrNotFound", err)
	}
	if _, err := c.Get(ctx, "never-existed"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("Get of a missing ID: %v, want ErrNotFound", err)
	}
	if err := c.Delete(ctx, "never-existed"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("Delete of a missing ID: %v, want ErrNotFound", err)
	}
	if n, err := c.Count(ctx); err != nil || n != 0 {
		t.Errorf("Count after Delete: %d, %v; want 0", n, err)
	}
	if page, _, err := c.Find(ctx, docstore.Query{}); err != nil || len(page) != 0 {
		t.Errorf("Find after Delete: %d items, %v; want none", len(page), err)
	}

	// The raw contract, on the second collection.
	l := e.C(linkSpec.Name)
	d := docstore.Doc{ID: "brand-1/supplier-9", Version: 7, Body: []byte(`{"since":"2026"}`), Fields: map[string]any{
		"brand": "brand-1", "supplier": "supplier-9", "key": "B1-S9", "code": "x", "since": Epoch,
	}}
	if err := l.Insert(ctx, d); err != nil {
		t.Fatalf("raw Insert: %v", err)
	}
	want := docstore.Doc{ID: d.ID, Version: 1, Body: d.Body, Fields: map[string]any{
		"brand": "brand-1", "supplier": "supplier-9", "key": "B1-S9", "code": "x", "since": Epoch.UnixNano(),
	}}
	sameDoc(t, "raw Get after Insert (the version given is ignored)", want, rawGet(t, l, d.ID))
	want.Body = []byte(`{"since":"2027"}`)
	want.Fields["supplier"] = "supplier-10"
	if err := l.Replace(ctx, want); err != nil {
		t.Fatalf("raw Replace: %v", err)
	}
	want.Version = 2
	sameDoc(t, "raw Get after Replace", want, rawGet(t, l, d.ID))
	if err := l.Delete(ctx, d.ID); err != nil {
		t.Fatalf("raw Delete: %v", err)
	}
	if _, err := l.Get(ctx, d.ID); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("raw Get after Delete: %v, want ErrNotFound", err)
	}
	if err := l.Delete(ctx, d.ID); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("raw Delete of a deleted ID: %v, want ErrNotFound", err)
	}
	want.Version = 1
	if err := l.Replace(ctx, want); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("raw Replace of a deleted ID: %v, want ErrNotFound", err)
	}
}

// testRawDocuments checks what engines do to Doc.Fields: values are
// normalised to the kind's Go type, missing fields come back as zero values,
// and every read (Get, GetMany, Find, Scan) returns them, since cursors are
// built from them.
func testRawDocuments(t *testing.T, e docstore.Engine) {
	ctx := t.Context()
	c := e.C(ItemSpec.Name)
	at := time.Date(2026, 11, 23, 14, 5, 6, 789012345, karachi)
	in := docstore.Doc{ID: "raw-1", Version: 42, Body: []byte(`{"hello":"سلام"}`), Fields: map[string]any{
		"code": "RAW-1", "n": 3, "score": float32(1.5), "flag": true, "created": at,
	}}
	if err := c.Insert(ctx, in); err != nil {
		t.Fatalf("Insert: %v", err)
	}
	want := docstore.Doc{ID: "raw-1", Version: 1, Body: in.Body, Fields: map[string]any{
		"owner": "", "status": "", "code": "RAW-1", "n": int64(3), "score": float64(1.5),
		"flag": true, "created": at.UnixNano(), "name": "",
	}}
	sameDoc(t, "Get", want, rawGet(t, c, "raw-1"))
	many, err := c.GetMany(ctx, []string{"raw-1"})
	if err != nil || len(many) != 1 {
		t.Fatalf("GetMany: %d docs, %v", len(many), err)
	}
	sameDoc(t, "GetMany", want, many[0])
	page, err := c.Find(ctx, docstore.Query{Where: []docstore.Cond{docstore.EqCond("code", "RAW-1")}})
	if err != nil || len(page.Docs) != 1 {
		t.Fatalf("Find: %d docs, %v", len(page.Docs), err)
	}
	sameDoc(t, "Find", want, page.Docs[0])
	var scanned []docstore.Doc
	if err := c.Scan(ctx, 10, func(ds []docstore.Doc) error { scanned = append(scanned, ds...); return nil }); err != nil || len(scanned) != 1 {
		t.Fatalf("Scan: %d docs, %v", len(scanned), err)
	}
	sameDoc(t, "Scan", want, scanned[0])

	// Replace normalises too, and a field it leaves out is reset to zero.
	if err := c.Replace(ctx, docstore.Doc{ID: "raw-1", Version: 1, Body: []byte(`{}`), Fields: map[string]any{"code": "RAW-1", "n": int32(9)}}); err != nil {
		t.Fatalf("Replace: %v", err)
	}
	want = docstore.Doc{ID: "raw-1", Version: 2, Body: []byte(`{}`), Fields: map[string]any{
		"owner": "", "status": "", "code": "RAW-1", "n": int64(9), "score": float64(0),
		"flag": false, "created": int64(0), "name": "",
	}}
	sameDoc(t, "Get after Replace", want, rawGet(t, c, "raw-1"))

	bad := map[string]docstore.Doc{
		"undeclared field": {ID: "raw-2", Body: []byte(`{}`), Fields: map[string]any{"code": "RAW-2", "colour": "red"}},
		"wrong kind":       {ID: "raw-2", Body: []byte(`{}`), Fields: map[string]any{"code": "RAW-2", "n": "three"}},
		"no ID":            {Body: []byte(`{}`), Fields: map[string]any{"code": "RAW-2"}},
		"unique zero":      {ID: "raw-2", Body: []byte(`{}`), Fields: map[string]any{"code": ""}},
		"unique missing":   {ID: "raw-2", Body: []byte(`{}`), Fields: map[string]any{"n": 1}},
	}
	for name, d := range bad {
		err := c.Insert(ctx, d)
		if err == nil {
			t.Errorf("Insert with %s: accepted", name)
		}
		if name == "undeclared field" && !errors.Is(err, docstore.ErrUndeclared) {
			t.Errorf("Insert with an undeclared field: %v, want ErrUndeclared", err)
		}
		if d.ID != "" {
			d.ID = "raw-1"
		}
		d.Version = 2
		if err := c.Replace(ctx, d); err == nil {
			t.Errorf("Replace with %s: accepted", name)
		}
	}
	if n, err := c.Count(ctx, nil); err != nil || n != 1 {
		t.Errorf("Count after refused writes: %d, %v; want 1", n, err)
	}
	sameDoc(t, "Get after refused Replaces", want, rawGet(t, c, "raw-1"))
}

func testGetMany(t *testing.T, e docstore.Engine) {
	ctx := t.Context()
	c := items(e)
	its := []*Item{NewItem(1), NewItem(2), NewItem(3), NewItem(4)}
	mustInsert(t, c, its...)
	ask := []string{its[2].ID, "missing-1", its[0].ID, its[2].ID, "", its[3].ID, "missing-2", its[0].ID}
	var want []string
	have := byID(its)
	for _, id := range ask {
		if have[id] != nil {
			want = append(want, id)
		}
	}
	got, err := c.GetMany(ctx, ask)
	if err != nil {
		t.Fatalf("GetMany: %v", err)
	}
	sameIDs(t, "GetMany (order of ids, missing skipped, repeats kept)", want, itemIDs(got))
	for _, g := range got {
		sameItem(t, "GetMany "+g.ID, have[g.ID], g)
	}
	for _, ask := range [][]string{nil, {}, {"missing"}} {
		got, err := c.GetMany(ctx, ask)
		if err != nil || len(got) != 0 {
			t.Errorf("GetMany(%q): %d items, %v; want none", ask, len(got), err)
		}
	}
}

func testDuplicates(t *testing.T, e docstore.Engine) {
	ctx := t.Context()
	c := items(e)
	a, b := NewItem(1), NewItem(2)
	mustInsert(t, c, a, b)

	sameID := NewItem(3)
	sameID.ID = a.ID
	if err := c.Insert(ctx, sameID); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("Insert with a taken ID: %v, want ErrConflict", err)
	}
	sameCode := NewItem(4)
	sameCode.Code = a.Code
	if err := c.Insert(ctx, sameCode); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("Insert with a taken code: %v, want ErrConflict", err)
	}
	noCode := NewItem(5)
	noCode.Code = ""
	if err := c.Insert(ctx, noCode); err == nil {
		t.Error("Insert with the unique code unset: accepted")
	}
	for _, id := range []string{sameCode.ID, noCode.ID} {
		if _, err := c.Get(ctx, id); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("refused %s was stored: %v", id, err)
		}
	}

	_, err := c.Update(ctx, b.ID, func(v *Item) error { v.Code, v.Name = a.Code, "changed"; return nil })
	if !errors.Is(err, domain.ErrConflict) {
		t.Errorf("Update onto a taken code: %v, want ErrConflict", err)
	}
	_, err = c.Update(ctx, b.ID, func(v *Item) error { v.Code = ""; return nil })
	if err == nil {
		t.Error("Update unsetting the unique code: accepted")
	}
	raw := rawGet(t, e.C(ItemSpec.Name), b.ID)
	raw.Fields["code"] = a.Code
	if err := e.C(ItemSpec.Name).Replace(ctx, raw); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("raw Replace onto a taken code: %v, want ErrConflict", err)
	}
	sameItem(t, "the item after refused updates", b, mustGet(t, c, b.ID))
	sameItem(t, "the item whose code was claimed", a, mustGet(t, c, a.ID))

	// A document keeps its own unique value through an update.
	if _, err := c.Update(ctx, b.ID, func(v *Item) error { v.Name = "renamed"; return nil }); err != nil {
		t.Errorf("Update keeping its own code: %v", err)
	}
	// Unique values are compared exactly: case makes them differ.
	lower := NewItem(6)
	lower.Code = "khi-2026-000001"
	if a.Code != "KHI-2026-000001" {
		t.Fatalf("fixture code changed: %s", a.Code)
	}
	if err := c.Insert(ctx, lower); err != nil {
		t.Errorf("Insert of a code differing only in case: %v", err)
	}
	// Delete frees the ID and the unique value.
	if err := c.Delete(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	again := NewItem(1)
	again.Name = "inserted again"
	if err := c.Insert(ctx, again); err != nil {
		t.Errorf("Insert of a deleted item's ID and code: %v", err)
	}
	// Collections are independent: the same ID, and a value unique in one,
	// may be in another.
	l := e.C(linkSpec.Name)
	for i, id := range []string{a.ID, "link-2"} {
		d := docstore.Doc{ID: id, Body: []byte(`{}`), Fields: map[string]any{"key": a.Code, "code": a.Code}}
		if i == 1 {
			d.Fields["key"] = "other"
		}
		if err := l.Insert(ctx, d); err != nil {
			t.Errorf("links Insert %s: %v", id, err)
		}
	}
	d := docstore.Doc{ID: "link-3", Body: []byte(`{}`), Fields: map[string]any{"key": a.Code}}
	if err := l.Insert(ctx, d); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("links Insert with a taken key: %v, want ErrConflict", err)
	}
}

var errRefused = errors.New("the hub refuses this change")

func testUpdates(t *testing.T, e docstore.Engine) {
	ctx := t.Context()
	c := items(e)
	raw := e.C(ItemSpec.Name)
	it := NewItem(1)
	mustInsert(t, c, it)
	for v := int64(2); v <= 4; v++ {
		got, err := c.Update(ctx, it.ID, func(x *Item) error { x.N++; return nil })
		if err != nil {
			t.Fatalf("Update %d: %v", v, err)
		}
		it.N, it.Version = it.N+1, v
		sameItem(t, "Update result", it, got)
		sameItem(t, "Get after Update", it, mustGet(t, c, it.ID))
	}

	cur := rawGet(t, raw, it.ID)
	for _, stale := range []int64{cur.Version - 1, cur.Version + 1, 0} {
		d := cur
		d.Version = stale
		d.Body = []byte(`{"id":"overwritten"}`)
		if err := raw.Replace(ctx, d); !errors.Is(err, docstore.ErrStaleVersion) {
			t.Errorf("Replace at version %d (stored %d): %v, want ErrStaleVersion", stale, cur.Version, err)
		}
	}
	sameDoc(t, "after stale Replaces", cur, rawGet(t, raw, it.ID))
	missing := cur
	missing.ID = "never-existed"
	missing.Fields = map[string]any{"code": "NEW-CODE"}
	if err := raw.Replace(ctx, missing); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("Replace of a missing ID: %v, want ErrNotFound", err)
	}
	if _, err := c.Update(ctx, "never-existed", func(*Item) error { return nil }); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("Update of a missing ID: %v, want ErrNotFound", err)
	}

	_, err := c.Update(ctx, it.ID, func(x *Item) error {
		x.Status, x.N = "rejected", 999
		return errRefused
	})
	if err != errRefused {
		t.Errorf("Update whose closure fails: %v, want the closure's error as is", err)
	}
	sameItem(t, "after an aborted Update", it, mustGet(t, c, it.ID))
}

func rawGet(t *testing.T, c docstore.Collection, id string) docstore.Doc {
	t.Helper()
	d, err := c.Get(t.Context(), id)
	if err != nil {
		t.Fatalf("raw Get(%s): %v", id, err)
	}
	return d
}

// sameDoc compares two raw documents exactly, field types included.
func sameDoc(t *testing.T, what string, want, got docstore.Doc) {
	t.Helper()
	if want.ID != got.ID || want.Version != got.Version || !bytes.Equal(want.Body, got.Body) {
		t.Errorf("%s: got %s v%d %q, want %s v%d %q", what, got.ID, got.Version, got.Body, want.ID, want.Version, want.Body)
	}
	if !reflect.DeepEqual(want.Fields, got.Fields) {
		t.Errorf("%s: fields (-want +got):\n-%#v\n+%#v", what, want.Fields, got.Fields)
	}
}
