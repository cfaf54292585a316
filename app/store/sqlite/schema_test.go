package sqlite

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

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
