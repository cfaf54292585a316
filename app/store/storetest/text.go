package storetest

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
)

// testText checks that scripts of Pakistan, emoji, control characters and
// 4-byte UTF-8 round-trip byte for byte in bodies and in indexed fields,
// and that Eq and Prefix find them.
func testText(t *testing.T, e docstore.Engine) {
	ctx := t.Context()
	c := items(e)
	raw := e.C(ItemSpec.Name)
	keys := make([]string, 0, len(texts))
	for k := range texts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var its []*Item
	for i, k := range keys {
		s := texts[k]
		it := NewItem(i)
		it.ID, it.Code, it.Owner, it.Name, it.Notes, it.Tags = "text-"+k, "TXT-"+s, s, s, s, []string{s, k}
		its = append(its, it)
	}
	mustInsert(t, c, its...)
	for _, it := range its {
		sameItem(t, "Get "+it.ID, it, mustGet(t, c, it.ID))
		d := rawGet(t, raw, it.ID)
		for _, f := range []string{"owner", "name"} {
			if d.Fields[f] != it.Name {
				t.Errorf("%s: field %s is %q, want %q", it.ID, f, d.Fields[f], it.Name)
			}
		}
		if d.Fields["code"] != it.Code {
			t.Errorf("%s: unique field is %q, want %q", it.ID, d.Fields["code"], it.Code)
		}
	}
	var where [][]docstore.Cond
	for _, k := range keys {
		where = append(where, []docstore.Cond{docstore.EqCond("name", texts[k])}, []docstore.Cond{docstore.EqCond("code", "TXT-"+texts[k])})
	}
	for _, p := range []string{"کراچی", "کراچی ", "کراچ", "ک", "ڪ", "ل", "ਲਾ", "🧵", "tab\t", "\u200f", "e\u0301", `"quoted" \`, "'", "{\"$ne"} {
		where = append(where, []docstore.Cond{docstore.PrefixCond("name", p)}, []docstore.Cond{docstore.PrefixCond("owner", p)})
	}
	for _, w := range where {
		want := expected(its, w, nil)
		got := docIDs(findAll(t, raw, docstore.Query{Where: w}))
		sameIDs(t, describe(w), want, got)
	}

	// A raw body is stored as given, and the ID itself may be Urdu.
	l := e.C(linkSpec.Name)
	for i, k := range keys {
		var body bytes.Buffer
		enc := json.NewEncoder(&body)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(map[string]string{"text": texts[k], k: texts[k]}); err != nil {
			t.Fatal(err)
		}
		d := docstore.Doc{ID: "کیس-۴۲-" + k, Body: body.Bytes(), Fields: map[string]any{
			"key": texts[k], "brand": texts[k], "supplier": k, "since": Epoch.Add(time.Duration(i)),
		}}
		if err := l.Insert(ctx, d); err != nil {
			t.Fatalf("links Insert %s: %v", k, err)
		}
		d.Version = 1
		d.Fields = map[string]any{"key": texts[k], "brand": texts[k], "supplier": k, "code": "", "since": Epoch.Add(time.Duration(i)).UnixNano()}
		sameDoc(t, "links "+k, d, rawGet(t, l, d.ID))
	}
}

// testTimes checks that times keep their nanoseconds and offsets through
// the body and compare exactly, to the nanosecond, in filters and sorts.
func testTimes(t *testing.T, e docstore.Engine) {
	c := items(e)
	raw := e.C(ItemSpec.Name)
	t0 := time.Date(2026, 3, 14, 9, 26, 53, 589793238, karachi)
	times := []time.Time{
		t0, t0.UTC(), t0.Add(-time.Nanosecond), t0.Add(time.Nanosecond), t0.Add(time.Microsecond),
		t0.Add(-time.Millisecond), t0.Add(-time.Millisecond).UTC(),
		time.Date(1947, 8, 14, 0, 0, 0, 1, karachi), // before 1970: negative Unix time
		time.Date(2199, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	var its []*Item
	for i, at := range times {
		it := NewItem(i)
		it.Created = at
		its = append(its, it)
	}
	mustInsert(t, c, shuffled(2, its)...)
	for _, it := range its {
		got := mustGet(t, c, it.ID)
		sameItem(t, "Get "+it.ID, it, got)
		if !got.Created.Equal(it.Created) || got.Created.Nanosecond() != it.Created.Nanosecond() {
			t.Errorf("%s: created %v, want %v", it.ID, got.Created, it.Created)
		}
		if d := rawGet(t, raw, it.ID); d.Fields["created"] != it.Created.UnixNano() {
			t.Errorf("%s: created field %v, want %d", it.ID, d.Fields["created"], it.Created.UnixNano())
		}
	}
	var where [][]docstore.Cond
	for _, at := range []time.Time{t0, t0.UTC(), t0.Add(-time.Nanosecond), t0.Add(time.Nanosecond), times[7], times[7].Add(-1)} {
		for _, op := range []docstore.Op{docstore.Eq, docstore.Gt, docstore.Gte, docstore.Lt, docstore.Lte} {
			where = append(where, []docstore.Cond{cond("created", op, at)})
		}
	}
	where = append(where,
		[]docstore.Cond{cond("created", docstore.Gt, t0.Add(-time.Nanosecond)), cond("created", docstore.Lt, t0.Add(time.Nanosecond))},
		[]docstore.Cond{docstore.InCond("created", t0.In(time.UTC), times[7], t0.Add(2*time.Nanosecond))},
	)
	for _, w := range where {
		sameIDs(t, describe(w), expected(its, w, nil), docIDs(findAll(t, raw, docstore.Query{Where: w})))
	}
	for _, sort := range [][]docstore.Order{nil, {{Field: "created", Desc: true}}} {
		docs, err := walk(t, raw, docstore.Query{Sort: sort, Limit: 3}, nil)
		if err != nil {
			t.Fatal(err)
		}
		sameIDs(t, sortName(sort)+", pages of 3", expected(its, nil, sort), docIDs(docs))
	}
}
