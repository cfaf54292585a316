package mongo

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/app/store/storetest"
)

// BenchmarkItems measures the engine beside the plain driver call that does
// the same work ("raw"), on the suite's ~1 KB items: 10,000 of them, or
// 1,000 with -short.
//
// These run against embedded FerretDB unless TEST_MONGODB_URI names a real
// server: FerretDB reads whole collections for every query, so its figures
// say nothing of MongoDB's; only the gap between engine and raw means
// something. Keep -benchtime small, e.g.
//
//	go test ./app/store/mongo -run '^$' -bench Items -benchtime 20x -count 5
func BenchmarkItems(b *testing.B) {
	n := 10_000
	if testing.Short() {
		n = 1_000
	}
	e := newEngine(b)
	ctx := context.Background()
	seed(b, e, n)
	items := docstore.Bind(e, storetest.ItemDef)
	raw := e.db.Collection(storetest.ItemSpec.Name)
	id := func(i int) string { return storetest.NewItem(i * 7919 % n).ID }

	b.Run(fmt.Sprintf("get/n=%d/engine", n), func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := items.Get(ctx, id(i)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run(fmt.Sprintf("get/n=%d/raw", n), func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			r, err := raw.FindOne(ctx, bson.D{{Key: "_id", Value: id(i)}}).Raw()
			if err != nil {
				b.Fatal(err)
			}
			var it storetest.Item
			if err := json.Unmarshal([]byte(r.Lookup("_body").StringValue()), &it); err != nil {
				b.Fatal(err)
			}
		}
	})

	// A page of 20 of one (owner, status) pair, 1% of the items, by created
	// (10 with -short).
	size := min(20, n/100)
	page := func(i int) (string, string) {
		it := storetest.NewItem(i * 7919 % n)
		return it.Owner, it.Status
	}
	b.Run(fmt.Sprintf("page20/n=%d/engine", n), func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			owner, status := page(i)
			got, _, err := items.Find(ctx, docstore.Query{
				Where: []docstore.Cond{docstore.EqCond("owner", owner), docstore.EqCond("status", status)},
				Sort:  []docstore.Order{{Field: "created"}},
				Limit: 20,
			})
			if err != nil || len(got) != size {
				b.Fatal(len(got), err)
			}
		}
	})
	b.Run(fmt.Sprintf("page20/n=%d/raw", n), func(b *testing.B) {
		opts := options.Find().SetSort(bson.D{{Key: "created", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(20)
		for i := 0; b.Loop(); i++ {
			owner, status := page(i)
			cur, err := raw.Find(ctx, bson.D{{Key: "owner", Value: owner}, {Key: "status", Value: status}}, opts)
			if err != nil {
				b.Fatal(err)
			}
			var got []storetest.Item
			for cur.Next(ctx) {
				var it storetest.Item
				if err := json.Unmarshal([]byte(cur.Current.Lookup("_body").StringValue()), &it); err != nil {
					b.Fatal(err)
				}
				got = append(got, it)
			}
			if err := cur.Close(ctx); err != nil || len(got) != size {
				b.Fatal(len(got), err)
			}
		}
	})

	b.Run(fmt.Sprintf("count/n=%d/engine", n), func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			owner, status := page(i)
			if _, err := items.Count(ctx, docstore.EqCond("owner", owner), docstore.EqCond("status", status)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run(fmt.Sprintf("count/n=%d/raw", n), func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			owner, status := page(i)
			if _, err := raw.CountDocuments(ctx, bson.D{{Key: "owner", Value: owner}, {Key: "status", Value: status}}); err != nil {
				b.Fatal(err)
			}
		}
	})

	// Inserts add items after the seeded ones; each run continues the numbering.
	next := n
	b.Run(fmt.Sprintf("insert/n=%d/engine", n), func(b *testing.B) {
		for b.Loop() {
			if err := items.Insert(ctx, storetest.NewItem(next)); err != nil {
				b.Fatal(err)
			}
			next++
		}
	})
	b.Run(fmt.Sprintf("insert/n=%d/raw", n), func(b *testing.B) {
		for b.Loop() {
			if _, err := raw.InsertOne(ctx, layout(b, storetest.NewItem(next), 1)); err != nil {
				b.Fatal(err)
			}
			next++
		}
	})

	// Update: the engine reads, decodes, changes, encodes and replaces at a
	// version; the raw floor is one $inc, which does no read-modify-write.
	b.Run(fmt.Sprintf("update/n=%d/engine", n), func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := items.Update(ctx, id(i), func(it *storetest.Item) error { it.N++; return nil }); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run(fmt.Sprintf("update/n=%d/raw", n), func(b *testing.B) {
		inc := bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: int64(1)}, {Key: "_v", Value: int64(1)}}}}
		for i := 0; b.Loop(); i++ {
			if _, err := raw.UpdateOne(ctx, bson.D{{Key: "_id", Value: id(i)}}, inc); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// seed bulk-inserts items 0..n-1 in the engine's layout.
func seed(tb testing.TB, e *Engine, n int) {
	tb.Helper()
	coll := e.db.Collection(storetest.ItemSpec.Name)
	const batch = 1000
	for start := 0; start < n; start += batch {
		docs := make([]any, 0, batch)
		for i := start; i < min(start+batch, n); i++ {
			docs = append(docs, layout(tb, storetest.NewItem(i), 1))
		}
		if _, err := coll.InsertMany(context.Background(), docs); err != nil {
			tb.Fatal(err)
		}
	}
}

// layout is an item as the engine stores it.
func layout(tb testing.TB, it *storetest.Item, version int64) bson.D {
	body, err := json.Marshal(it)
	if err != nil {
		tb.Fatal(err)
	}
	d, err := checked(storetest.ItemSpec, docstore.Doc{ID: it.ID, Fields: storetest.ItemDef.Fields(it), Body: body})
	if err != nil {
		tb.Fatal(err)
	}
	return encode(storetest.ItemSpec, d, version)
}
