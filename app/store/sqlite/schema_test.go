package sqlite

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/app/store/storetest"
	"github.com/actionhub/actionhub/domain"
)

// A later release declares more fields: Ensure adds their columns (old
// documents read the zero value) and indexes, unique ones included.
func TestEnsureAddsFieldsToExistingTable(t *testing.T) {
	ctx := context.Background()
	e := openTemp(t)
	v1 := docstore.Spec{Name: "audits", Fields: []docstore.Field{{Name: "supplier", Kind: docstore.String}}}
	if err := e.Ensure(ctx, v1); err != nil {
		t.Fatal(err)
	}
	old := docstore.Doc{ID: "a1", Fields: map[string]any{"supplier": "s1"}, Body: []byte(`{"v":1}`)}
	if err := e.C("audits").Insert(ctx, old); err != nil {
		t.Fatal(err)
	}
	v2 := v1
	v2.Fields = append(slices.Clone(v1.Fields),
		docstore.Field{Name: "due", Kind: docstore.Time}, docstore.Field{Name: "ref", Kind: docstore.String, Unique: true})
	for range 2 { // idempotent
		if err := e.Ensure(ctx, v2); err != nil {
			t.Fatal(err)
		}
	}
	d, err := e.C("audits").Get(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	if d.Fields["due"] != int64(0) || d.Fields["ref"] != "" || d.Fields["supplier"] != "s1" || d.Version != 1 {
		t.Errorf("old document after the new fields: %+v", d)
	}
	nd := docstore.Doc{ID: "a2", Fields: map[string]any{"supplier": "s1", "due": storetest.Epoch, "ref": "AUD-1"}, Body: []byte(`{}`)}
	if err := e.C("audits").Insert(ctx, nd); err != nil {
		t.Fatal(err)
	}
	nd.ID = "a3"
	if err := e.C("audits").Insert(ctx, nd); !errors.Is(err, domain.ErrConflict) || !strings.Contains(err.Error(), "audits: ref already exists") {
		t.Errorf("duplicate of the new unique field: %v", err)
	}
	n, err := e.C("audits").Count(ctx, []docstore.Cond{{Field: "due", Op: docstore.Gte, Value: storetest.Epoch}})
	if err != nil || n != 1 {
		t.Errorf("Count on the new field = %d, %v; want 1", n, err)
	}
}

// A field declared NoIndex later loses its own index (and only that); its
// compound index still serves the reads by it, with nothing sorted.
func TestEnsureDropsTheIndexOfANoIndexField(t *testing.T) {
	ctx := context.Background()
	e := openTemp(t)
	v1, v2 := storetest.LogSpecs()
	if err := e.Ensure(ctx, v1); err != nil {
		t.Fatal(err)
	}
	for i, actor := range []string{"a", "b", "a"} {
		d := docstore.Doc{ID: fmt.Sprint("e", i), Fields: map[string]any{"actor": actor, "at": storetest.Epoch.Add(time.Duration(i) * time.Hour)}, Body: []byte(`{}`)}
		if err := e.C("log").Insert(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 { // idempotent
		if err := e.Ensure(ctx, v2); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := e.read.db.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'c_log' AND name NOT LIKE 'sqlite_%' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	_ = rows.Close()
	if want := []string{"i_log_at", "x_log__actor__at"}; !slices.Equal(names, want) {
		t.Errorf("indexes %q, want %q", names, want)
	}
	CheckPlans.Store(true)
	t.Cleanup(func() { CheckPlans.Store(false) })
	page, err := e.C("log").Find(ctx, docstore.Query{Where: []docstore.Cond{docstore.EqCond("actor", "a")}, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if docs := page.Docs; len(docs) != 2 || docs[0].ID != "e2" || docs[1].ID != "e0" {
		t.Errorf("a's entries newest first: %v", page.Docs)
	}
}
