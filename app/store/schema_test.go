package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/app/store/mongo"
	"github.com/actionhub/actionhub/app/store/mongo/mongotest"
	"github.com/actionhub/actionhub/app/store/sqlite"
)

// parcel is a document whose second version declares a field its stored
// documents predate.
type parcel struct {
	ID      string `json:"id"`
	Owner   string `json:"owner"`
	Weight  int    `json:"weight"`
	Version int64  `json:"version"`
}

func parcelDef(fields ...docstore.Field) docstore.Def[parcel] {
	return docstore.Def[parcel]{
		Spec:    docstore.Spec{Name: "parcels", Fields: fields},
		ID:      func(p *parcel) string { return p.ID },
		Version: func(p *parcel) *int64 { return &p.Version },
		Fields: func(p *parcel) map[string]any {
			m := map[string]any{"owner": p.Owner}
			if len(fields) > 1 {
				m["weight"] = int64(p.Weight)
			}
			return m
		},
	}
}

// testReindex stores parcels under the first declaration, migrates to the
// second, which adds the weight field, and finds every parcel by weight;
// a third migrate with nothing changed rewrites nothing. n is a multiple
// of 3.
func testReindex(t *testing.T, e docstore.Engine, n int) {
	ctx := context.Background()
	owner := docstore.Field{Name: "owner", Kind: docstore.String}
	v1 := parcelDef(owner)
	if err := migrate(ctx, e, []collection{wire(v1, "parcel", func(*Store, *docstore.Coll[parcel]) {})}); err != nil {
		t.Fatal(err)
	}
	c1 := docstore.Bind(e, v1)
	for i := range n {
		if err := c1.Insert(ctx, &parcel{ID: fmt.Sprintf("p%04d", i), Owner: "o", Weight: i % 3}); err != nil {
			t.Fatal(err)
		}
	}
	v2 := parcelDef(owner, docstore.Field{Name: "weight", Kind: docstore.Int})
	heavy := docstore.Query{Where: []docstore.Cond{docstore.EqCond("weight", int64(2))}, Limit: docstore.MaxLimit}
	count := func(c *docstore.Coll[parcel]) int {
		found := 0
		q := heavy
		for {
			ps, next, err := c.Find(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			found += len(ps)
			if next == "" {
				return found
			}
			q.After = next
		}
	}
	w2 := wire(v2, "parcel", func(*Store, *docstore.Coll[parcel]) {})
	if err := migrate(ctx, e, []collection{w2}); err != nil {
		t.Fatal(err)
	}
	c2 := docstore.Bind(e, v2)
	if got := count(c2); got != n/3 {
		t.Fatalf("after migrate, %d parcels of weight 2, want %d", got, n/3)
	}
	p, err := c2.Get(ctx, "p0005")
	if err != nil || p.Version != 2 || p.Weight != 2 {
		t.Fatalf("a re-indexed parcel: %+v, %v", p, err)
	}
	if err := migrate(ctx, e, []collection{w2}); err != nil {
		t.Fatal(err)
	}
	if p, err := c2.Get(ctx, "p0005"); err != nil || p.Version != 2 {
		t.Fatalf("a migrate with nothing changed rewrote a parcel: %+v, %v", p, err)
	}
}

func TestReindexSQLite(t *testing.T) {
	e, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	testReindex(t, e, 1200) // over two scan batches
}

func TestReindexMongo(t *testing.T) {
	if testing.Short() {
		t.Skip("MongoDB engine tests are skipped in -short")
	}
	e, err := mongo.Open(context.Background(), mongotest.URI(t), mongotest.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	testReindex(t, e, 30) // the test stand-in writes slowly
}
