package mongo

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/app/store/storetest"
	"github.com/actionhub/actionhub/domain"
)

// TestStoredLayout reads a stored document with the driver: declared fields
// are top-level BSON values of the contract's types (so the server can index
// and compare them), and the body is the item's JSON text.
func TestStoredLayout(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	ctx := context.Background()
	item := storetest.NewItem(7)
	if err := docstore.Bind(e, storetest.ItemDef).Insert(ctx, item); err != nil {
		t.Fatal(err)
	}
	raw, err := e.db.Collection(storetest.ItemSpec.Name).FindOne(ctx, bson.D{{Key: "_id", Value: item.ID}}).Raw()
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(item)
	want := map[string]struct {
		typ   bson.Type
		value any
	}{
		"_id":     {bson.TypeString, item.ID},
		"_v":      {bson.TypeInt64, int64(1)},
		"owner":   {bson.TypeString, item.Owner},
		"status":  {bson.TypeString, item.Status},
		"code":    {bson.TypeString, item.Code},
		"n":       {bson.TypeInt64, item.N},
		"score":   {bson.TypeDouble, item.Score},
		"flag":    {bson.TypeBoolean, item.Flag},
		"created": {bson.TypeInt64, item.Created.UnixNano()},
		"name":    {bson.TypeString, item.Name},
		"_body":   {bson.TypeString, string(body)},
	}
	elems, err := raw.Elements()
	if err != nil {
		t.Fatal(err)
	}
	if len(elems) != len(want) {
		t.Errorf("stored document has %d keys, want %d: %s", len(elems), len(want), raw)
	}
	for _, el := range elems {
		w, ok := want[el.Key()]
		if !ok {
			t.Errorf("unexpected key %q", el.Key())
			continue
		}
		v := el.Value()
		var got any
		switch v.Type {
		case bson.TypeString:
			got = v.StringValue()
		case bson.TypeInt64:
			got = v.Int64()
		case bson.TypeDouble:
			got = v.Double()
		case bson.TypeBoolean:
			got = v.Boolean()
		}
		if v.Type != w.typ || got != w.value {
			t.Errorf("%s = %v (%s), want %v (%s)", el.Key(), got, v.Type, w.value, w.typ)
		}
	}
}

// TestFieldsFromOtherNumericTypes: documents written by other tools may hold
// int32 or double where the engine writes int64; they read back with the
// contract's Go types, and a missing field reads as its zero value.
func TestFieldsFromOtherNumericTypes(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	ctx := context.Background()
	_, err := e.db.Collection(storetest.ItemSpec.Name).InsertOne(ctx, bson.D{
		{Key: "_id", Value: "legacy"}, {Key: "_v", Value: int32(3)},
		{Key: "code", Value: "KHI-LEGACY"}, {Key: "n", Value: int32(42)}, {Key: "score", Value: int32(5)},
		{Key: "created", Value: float64(1e18)}, {Key: "_body", Value: `{"id":"legacy"}`},
	})
	if err != nil {
		t.Fatal(err)
	}
	d, err := e.C(storetest.ItemSpec.Name).Get(ctx, "legacy")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"owner": "", "status": "", "code": "KHI-LEGACY", "n": int64(42), "score": float64(5),
		"flag": false, "created": int64(1e18), "name": "",
	}
	for k, v := range want {
		if d.Fields[k] != v {
			t.Errorf("Fields[%s] = %#v, want %#v", k, d.Fields[k], v)
		}
	}
	if d.Version != 3 {
		t.Errorf("Version = %d, want 3", d.Version)
	}
}

// TestPrefixIsLiteral: a prefix is matched as text, never as a pattern.
func TestPrefixIsLiteral(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	ctx := context.Background()
	names := []string{
		"a.b mills", "axb mills", "a*b", "aab", "[ab] tannery", "a tannery", "(KHI) unit", "KHI unit",
		"فیصل آباد لیدر", "فیصل ٹیکسٹائل", "فیصلہ", `a\b`, "a+b", "aa+b", "^ab", "ab",
	}
	items := docstore.Bind(e, storetest.ItemDef)
	for i, name := range names {
		it := storetest.NewItem(i)
		it.Name = name
		if err := items.Insert(ctx, it); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{"a.", "a*", "[ab]", "(KHI)", "فیصل ", "فیصل", `a\`, "a+", "^a", ""} {
		got, _, err := items.Find(ctx, docstore.Query{Where: []docstore.Cond{docstore.PrefixCond("name", p)}, Limit: 100})
		if err != nil {
			t.Fatalf("prefix %q: %v", p, err)
		}
		var gotNames, want []string
		for _, it := range got {
			gotNames = append(gotNames, it.Name)
		}
		for _, n := range names {
			if strings.HasPrefix(n, p) {
				want = append(want, n)
			}
		}
		slices.Sort(gotNames)
		slices.Sort(want)
		if !slices.Equal(gotNames, want) {
			t.Errorf("prefix %q found %q, want %q", p, gotNames, want)
		}
	}
}

// TestEnsureIndexes: every declared field and compound index is served by an
// index ending in _id (unique fields by a unique index), and Ensure can run
// again.
func TestEnsureIndexes(t *testing.T) {
	t.Parallel()
	e := newEngine(t) // has run Ensure once
	ctx := context.Background()
	if err := e.Ensure(ctx, storetest.ItemSpec); err != nil {
		t.Fatalf("second Ensure: %v", err)
	}
	cur, err := e.db.Collection(storetest.ItemSpec.Name).Indexes().List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var specs []struct {
		Key    bson.D `bson:"key"`
		Unique bool   `bson:"unique"`
	}
	if err := cur.All(ctx, &specs); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range specs {
		var keys []string
		for _, k := range s.Key {
			keys = append(keys, k.Key)
		}
		got = append(got, strings.Join(keys, ",")+map[bool]string{true: " unique"}[s.Unique])
	}
	want := []string{"_id"}
	for _, f := range storetest.ItemSpec.Fields {
		if f.Unique {
			want = append(want, f.Name+" unique")
		} else {
			want = append(want, f.Name+",_id")
		}
	}
	for _, idx := range storetest.ItemSpec.Indexes {
		want = append(want, strings.Join(idx, ",")+",_id")
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("indexes (-want +got):\n- %q\n+ %q", want, got)
	}
}

// TestConflictNamesTheKey: a duplicate says which key clashed, never its value.
func TestConflictNamesTheKey(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	ctx := context.Background()
	items := docstore.Bind(e, storetest.ItemDef)
	for i := range 2 {
		if err := items.Insert(ctx, storetest.NewItem(i)); err != nil {
			t.Fatal(err)
		}
	}
	sameID := storetest.NewItem(0)
	sameID.Code = "KHI-OTHER"
	sameCode := storetest.NewItem(5)
	sameCode.Code = storetest.NewItem(0).Code
	for _, tc := range []struct {
		name, key string
		run       func() error
	}{
		{"insert same id", "same id", func() error { return items.Insert(ctx, sameID) }},
		{"insert same code", "same code", func() error { return items.Insert(ctx, sameCode) }},
		{"update to a taken code", "same code", func() error {
			_, err := items.Update(ctx, storetest.NewItem(1).ID, func(it *storetest.Item) error {
				it.Code = storetest.NewItem(0).Code
				return nil
			})
			return err
		}},
	} {
		err := tc.run()
		if !errors.Is(err, domain.ErrConflict) {
			t.Errorf("%s: %v, want domain.ErrConflict", tc.name, err)
			continue
		}
		if !strings.Contains(err.Error(), tc.key) || strings.Contains(err.Error(), "KHI-") {
			t.Errorf("%s: %q should name %q and no value", tc.name, err, tc.key)
		}
	}
}

// TestCallerConditionsUntouched: Find normalises a copy, so a caller may
// reuse its conditions.
func TestCallerConditionsUntouched(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	at := storetest.Epoch.Add(time.Hour)
	where := []docstore.Cond{
		{Field: "created", Op: docstore.Lt, Value: at},
		docstore.InCond("n", 1, 2),
	}
	if _, err := e.C(storetest.ItemSpec.Name).Find(context.Background(), docstore.Query{Where: where}); err != nil {
		t.Fatal(err)
	}
	if where[0].Value != any(at) || where[1].Set[0] != any(1) {
		t.Errorf("Find changed the caller's conditions: %#v", where)
	}
}

// TestBlobAbortLeavesNothing: a refused or failed Put leaves no file and no
// chunk behind, also when the driver had already written chunks (it writes
// every 16 MiB).
func TestBlobAbortLeavesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 16 MiB")
	}
	t.Parallel()
	e := newEngine(t)
	ctx := context.Background()
	const size = 16<<20 + 1
	if _, err := e.Blobs().Put(ctx, "image/jpeg", io.LimitReader(zeros{}, size), size-1); !errors.Is(err, docstore.ErrTooLarge) {
		t.Fatalf("Put over the limit: %v, want docstore.ErrTooLarge", err)
	}
	failing := io.MultiReader(io.LimitReader(zeros{}, size), iotest.ErrReader(errors.New("upload cut")))
	if _, err := e.Blobs().Put(ctx, "image/jpeg", failing, 2*size); err == nil {
		t.Fatal("Put from a failing reader succeeded")
	}
	for _, coll := range []string{bucket + ".files", bucket + ".chunks"} {
		n, err := e.db.Collection(coll).CountDocuments(ctx, bson.D{})
		if err != nil || n != 0 {
			t.Errorf("%s holds %d documents (%v), want none", coll, n, err)
		}
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestEnsureDropsTheIndexOfANoIndexField: a field declared NoIndex later
// loses its own index, and only that.
func TestEnsureDropsTheIndexOfANoIndexField(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	ctx := context.Background()
	v1, v2 := storetest.LogSpecs()
	if err := e.Ensure(ctx, v1); err != nil {
		t.Fatal(err)
	}
	for range 2 { // idempotent
		if err := e.Ensure(ctx, v2); err != nil {
			t.Fatal(err)
		}
	}
	got, err := indexes(ctx, e.db.Collection("log"))
	if err != nil {
		t.Fatal(err)
	}
	names := slices.Sorted(maps.Keys(got))
	if want := []string{"_id_", "actor_1_at_1__id_1", "at_1__id_1"}; !slices.Equal(names, want) {
		t.Errorf("indexes %q, want %q", names, want)
	}
}
