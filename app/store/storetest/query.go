package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
)

type filterCase struct {
	name  string
	where []docstore.Cond
}

func cond(field string, op docstore.Op, v any) docstore.Cond {
	return docstore.Cond{Field: field, Op: op, Value: v}
}

// filterCases covers every operator on every kind, boundaries taken from
// the dataset itself, and ANDs. Values come in the Go types callers use
// (int, time.Time in any zone); engines normalise them.
func filterCases(its []*Item) []filterCase {
	t3 := its[3].Created // a time several items share
	t3utc := t3.UTC()    // the same instant, another zone
	just := t3.Add(-time.Nanosecond)
	cs := []filterCase{
		{"no condition", nil},
		{"string eq", []docstore.Cond{docstore.EqCond("status", "open")}},
		{"string eq absent", []docstore.Cond{docstore.EqCond("owner", "owner-99")}},
		{"string eq special", []docstore.Cond{docstore.EqCond("name", "100% cotton")}},
		{"string eq urdu", []docstore.Cond{docstore.EqCond("name", "کراچی میں چائلڈ لیبر")}},
		{"string eq case", []docstore.Cond{docstore.EqCond("name", "al-karam")}},
		{"int eq", []docstore.Cond{docstore.EqCond("n", 0)}},
		{"int eq 2^53+1", []docstore.Cond{docstore.EqCond("n", big+1)}},
		{"int eq 2^53", []docstore.Cond{docstore.EqCond("n", big)}},
		{"int eq negative", []docstore.Cond{docstore.EqCond("n", -large)}},
		{"float eq 0.3", []docstore.Cond{docstore.EqCond("score", 0.3)}},
		{"float eq 0.1+0.2", []docstore.Cond{docstore.EqCond("score", sampleScores[4])}},
		{"float eq negative", []docstore.Cond{docstore.EqCond("score", -1.5)}},
		{"float eq int value", []docstore.Cond{docstore.EqCond("score", 0)}},
		{"bool eq true", []docstore.Cond{docstore.EqCond("flag", true)}},
		{"bool eq false", []docstore.Cond{docstore.EqCond("flag", false)}},
		{"time eq", []docstore.Cond{docstore.EqCond("created", t3)}},
		{"time eq other zone", []docstore.Cond{docstore.EqCond("created", t3utc)}},
		{"time eq 1ns before", []docstore.Cond{docstore.EqCond("created", just)}},
		{"string in", []docstore.Cond{docstore.InCond("status", "open", "verified", "nowhere")}},
		{"string in one", []docstore.Cond{docstore.InCond("owner", "owner-02")}},
		{"string in empty", []docstore.Cond{docstore.InCond("status")}},
		{"string in empty slice", []docstore.Cond{{Field: "owner", Op: docstore.In, Set: []any{}}}},
		{"int in", []docstore.Cond{docstore.InCond("n", 0, big, int64(42), -3000)}},
		{"int in empty", []docstore.Cond{docstore.InCond("n")}},
		{"float in", []docstore.Cond{docstore.InCond("score", 0.1, 2.25, 7.0)}},
		{"bool in", []docstore.Cond{docstore.InCond("flag", true)}},
		{"bool in both", []docstore.Cond{docstore.InCond("flag", true, false)}},
		{"time in", []docstore.Cond{docstore.InCond("created", t3, its[4].Created.In(karachi), Epoch.Add(time.Hour*99))}},
		{"time in empty", []docstore.Cond{docstore.InCond("created")}},
		{"string in urdu", []docstore.Cond{docstore.InCond("name", "کراچ", "لاہور لیدر")}},
	}
	ranges := []struct {
		field string
		vals  []any
	}{
		{"n", []any{0, -1000, big, big + 1, -large, int64(-1), 3000}},
		{"score", []any{0.3, sampleScores[4], 0, -1.5, 2.25, 0.2, 1e9}},
		{"created", []any{t3, t3utc, just, t3.Add(time.Nanosecond), Epoch, Epoch.Add(-time.Hour)}},
		{"name", []any{"a", "کراچی", "100", "100%", "AL-KARAM", "Al-Karam", "zzz", ""}},
		{"status", []any{"open", "p"}},
		{"flag", []any{true, false}},
	}
	for _, r := range ranges {
		for _, v := range r.vals {
			for _, op := range []docstore.Op{docstore.Gt, docstore.Gte, docstore.Lt, docstore.Lte} {
				c := cond(r.field, op, v)
				cs = append(cs, filterCase{describe([]docstore.Cond{c}), []docstore.Cond{c}})
			}
		}
	}
	for _, p := range samplePrefixes {
		c := docstore.PrefixCond("name", p)
		cs = append(cs, filterCase{fmt.Sprintf("prefix %q", p), []docstore.Cond{c}})
	}
	cs = append(cs,
		filterCase{"and: list endpoint shape", []docstore.Cond{
			docstore.EqCond("owner", "owner-01"), docstore.EqCond("status", "open"), cond("created", docstore.Gte, Epoch.Add(2*time.Hour)),
		}},
		filterCase{"and: in, range, bool", []docstore.Cond{
			docstore.InCond("status", "open", "submitted", "rejected"), cond("n", docstore.Gte, 0), docstore.EqCond("flag", true),
		}},
		filterCase{"and: prefix and float", []docstore.Cond{docstore.PrefixCond("name", "a"), cond("score", docstore.Lt, 0.3)}},
		filterCase{"and: two ranges on one field", []docstore.Cond{cond("n", docstore.Gte, -1000), cond("n", docstore.Lte, 1000)}},
		filterCase{"and: empty range", []docstore.Cond{cond("n", docstore.Gt, 5), cond("n", docstore.Lt, 0)}},
		filterCase{"and: time window", []docstore.Cond{cond("created", docstore.Gt, just), cond("created", docstore.Lt, t3.Add(time.Hour))}},
		filterCase{"and: eq on every kind", []docstore.Cond{
			docstore.EqCond("owner", its[9].Owner), docstore.EqCond("status", its[9].Status), docstore.EqCond("code", its[9].Code),
			docstore.EqCond("n", its[9].N), docstore.EqCond("score", its[9].Score), docstore.EqCond("flag", its[9].Flag),
			docstore.EqCond("created", its[9].Created), docstore.EqCond("name", its[9].Name),
		}},
		filterCase{"and: strings and in", []docstore.Cond{cond("owner", docstore.Gt, "owner-00"), docstore.InCond("flag", false), cond("name", docstore.Lt, "x")}},
	)
	return cs
}

// findAll reads every page of q (at MaxLimit per page) with the raw
// collection.
func findAll(t *testing.T, c docstore.Collection, q docstore.Query) []docstore.Doc {
	t.Helper()
	q.Limit = docstore.MaxLimit
	docs, err := walk(t, c, q, nil)
	if err != nil {
		t.Fatalf("Find(%s): %v", describe(q.Where), err)
	}
	return docs
}

func testFilters(t *testing.T, e docstore.Engine) {
	its := seed(t, e)
	fields := map[string]map[string]any{}
	for _, it := range its {
		fields[it.ID] = fieldsOf(it)
	}
	c := e.C(ItemSpec.Name)
	cases := filterCases(its)
	some := 0
	for _, fc := range cases {
		want := expected(its, fc.where, nil)
		if len(want) > 0 && len(want) < len(its) {
			some++
		}
		docs := findAll(t, c, docstore.Query{Where: cloneConds(fc.where)})
		sameIDs(t, fc.name, want, docIDs(docs))
		for _, d := range docs {
			if f := fields[d.ID]; f != nil && !reflect.DeepEqual(f, d.Fields) {
				t.Errorf("%s: %s fields (-want +got):\n-%#v\n+%#v", fc.name, d.ID, f, d.Fields)
			}
		}
	}
	// A suite whose filters all match everything or nothing checks nothing.
	if some < len(cases)/2 {
		t.Errorf("only %d of %d filters select a proper subset: the dataset is too uniform", some, len(cases))
	}
}

func testCount(t *testing.T, e docstore.Engine) {
	its := seed(t, e)
	for _, fc := range filterCases(its) {
		want := len(expected(its, fc.where, nil))
		n, err := items(e).Count(t.Context(), cloneConds(fc.where)...)
		if err != nil || n != int64(want) {
			t.Errorf("Count(%s) = %d, %v; want %d", fc.name, n, err, want)
		}
	}
}

// sortCases tie often: owner has 4 values, status 5, flag 2, score 7 over
// 60 items; the ID must break every tie, in the sort's direction. Every
// sort goes one way: mixed directions are refused (testMixedSort).
var sortCases = [][]docstore.Order{
	nil,
	{{Field: "created"}},
	{{Field: "created", Desc: true}},
	{{Field: "owner"}},
	{{Field: "owner", Desc: true}},
	{{Field: "status", Desc: true}},
	{{Field: "flag"}},
	{{Field: "flag", Desc: true}},
	{{Field: "score", Desc: true}},
	{{Field: "n"}},
	{{Field: "name"}},
	{{Field: "name", Desc: true}},
	{{Field: "status"}, {Field: "n"}},
	{{Field: "flag", Desc: true}, {Field: "score", Desc: true}, {Field: "created", Desc: true}},
	{{Field: "owner"}, {Field: "status"}, {Field: "created"}},
	{{Field: "owner", Desc: true}, {Field: "status", Desc: true}, {Field: "created", Desc: true}},
	{{Field: "owner", Desc: true}, {Field: "flag", Desc: true}},
}

func sortName(sort []docstore.Order) string {
	if len(sort) == 0 {
		return "default sort"
	}
	s := "sort"
	for _, o := range sort {
		s += " " + o.Field
		if o.Desc {
			s += " desc"
		}
	}
	return s
}

func testSorting(t *testing.T, e docstore.Engine) {
	its := seed(t, e)
	want := byID(its)
	c := items(e)
	for _, sort := range sortCases {
		got, next, err := c.Find(t.Context(), docstore.Query{Sort: sort, Limit: docstore.MaxLimit})
		if err != nil {
			t.Fatalf("Find(%s): %v", sortName(sort), err)
		}
		if next != "" {
			t.Errorf("Find(%s): a next cursor after the only page", sortName(sort))
		}
		sameIDs(t, sortName(sort), expected(its, nil, sort), itemIDs(got))
		for _, g := range got {
			if w := want[g.ID]; w != nil {
				w.Version = 1
				sameItem(t, sortName(sort)+" "+g.ID, w, g)
			}
		}
	}
}

// walk reads every page of q, calling between after each, and checks the
// page shape: at most Limit documents, and a cursor only when more follow.
func walk(t *testing.T, c docstore.Collection, q docstore.Query, between func()) ([]docstore.Doc, error) {
	t.Helper()
	limit := q.Limit
	if limit == 0 {
		limit = docstore.DefaultLimit
	}
	var all []docstore.Doc
	for pages := 0; ; pages++ {
		if pages > 200 {
			t.Fatalf("Find(%s): more than 200 pages; the cursor does not advance", describe(q.Where))
		}
		p, err := c.Find(t.Context(), docstore.Query{Where: cloneConds(q.Where), Sort: q.Sort, After: q.After, Limit: q.Limit})
		if err != nil {
			return all, err
		}
		if len(p.Docs) > limit {
			t.Errorf("Find(%s): page of %d, limit %d", describe(q.Where), len(p.Docs), limit)
		}
		if q.After != "" && len(p.Docs) == 0 {
			t.Errorf("Find(%s, %s): a cursor led to an empty page; the page before it was the last", describe(q.Where), sortName(q.Sort))
		}
		all = append(all, p.Docs...)
		if p.Next == "" {
			return all, nil
		}
		if between != nil {
			between()
		}
		q.After = p.Next
	}
}

func testPagination(t *testing.T, e docstore.Engine) {
	its := seed(t, e)
	c := e.C(ItemSpec.Name)
	filters := []filterCase{
		{"all", nil},
		{"status in", []docstore.Cond{docstore.InCond("status", "open", "submitted", "verified")}},
		{"n >= -1000", []docstore.Cond{cond("n", docstore.Gte, -1000)}},
		{"flag and prefix", []docstore.Cond{docstore.EqCond("flag", false), docstore.PrefixCond("name", "a")}},
		// answered by SQLite as one ordered range per status, merged
		{"owner and status in", []docstore.Cond{docstore.EqCond("owner", "owner-01"), docstore.InCond("status", "open", "verified", "rejected")}},
	}
	for i, f := range filters {
		sorts := sortCases
		if i > 0 {
			// Filtered walks on a few sorts keep the suite fast on FerretDB.
			sorts = [][]docstore.Order{nil, sortCases[2], sortCases[5], sortCases[11], sortCases[12], sortCases[13], sortCases[15]}
		}
		for _, sort := range sorts {
			want := expected(its, f.where, sort)
			docs, err := walk(t, c, docstore.Query{Where: f.where, Sort: sort, Limit: 7}, nil)
			if err != nil {
				t.Fatalf("%s, %s: %v", f.name, sortName(sort), err)
			}
			sameIDs(t, f.name+", "+sortName(sort)+", pages of 7", want, docIDs(docs))
		}
	}
	// Limit 0 is DefaultLimit.
	p, err := c.Find(t.Context(), docstore.Query{})
	if err != nil || len(p.Docs) != docstore.DefaultLimit || p.Next == "" {
		t.Errorf("Find with no limit over %d documents: %d docs, next %q, %v; want %d and a cursor",
			len(its), len(p.Docs), p.Next, err, docstore.DefaultLimit)
	}
	// Typed pages resume the same way.
	typed := items(e)
	var got []string
	after := ""
	for range len(its) {
		page, next, err := typed.Find(t.Context(), docstore.Query{Sort: sortCases[12], After: after, Limit: 11})
		if err != nil {
			t.Fatalf("typed Find: %v", err)
		}
		got = append(got, itemIDs(page)...)
		if after = next; after == "" {
			break
		}
	}
	sameIDs(t, "typed pages of 11", expected(its, nil, sortCases[12]), got)
	// A numbered page skips what comes before it, alone or after a cursor.
	for _, f := range append(filters[:2:2], filters[4]) {
		for _, sort := range [][]docstore.Order{nil, sortCases[2], sortCases[13]} {
			want := expected(its, f.where, sort)
			for _, skip := range []int{0, 7, len(want) - 3, len(want) + 5} {
				p, err := c.Find(t.Context(), docstore.Query{Where: cloneConds(f.where), Sort: sort, Skip: skip, Limit: 5})
				if err != nil {
					t.Fatalf("%s, %s, skip %d: %v", f.name, sortName(sort), skip, err)
				}
				w := want[min(skip, len(want)):min(skip+5, len(want))]
				sameIDs(t, fmt.Sprintf("%s, %s, skip %d", f.name, sortName(sort), skip), w, docIDs(p.Docs))
				if (p.Next != "") != (skip+5 < len(want)) {
					t.Errorf("%s, %s, skip %d: next %q with %d matching", f.name, sortName(sort), skip, p.Next, len(want))
				}
			}
			first, err := c.Find(t.Context(), docstore.Query{Where: cloneConds(f.where), Sort: sort, Limit: 4})
			if err != nil || first.Next == "" {
				t.Fatalf("%s, %s: first page: %v", f.name, sortName(sort), err)
			}
			p, err := c.Find(t.Context(), docstore.Query{Where: cloneConds(f.where), Sort: sort, After: first.Next, Skip: 3, Limit: 5})
			if err != nil {
				t.Fatalf("%s, %s, cursor and skip: %v", f.name, sortName(sort), err)
			}
			sameIDs(t, f.name+", "+sortName(sort)+", cursor then skip 3", want[7:min(12, len(want))], docIDs(p.Docs))
		}
	}
}

func testBadCursor(t *testing.T, e docstore.Engine) {
	seed(t, e)
	c := e.C(ItemSpec.Name)
	sort := []docstore.Order{{Field: "status"}}
	p, err := c.Find(t.Context(), docstore.Query{Sort: sort, Limit: 3})
	if err != nil || p.Next == "" {
		t.Fatalf("first page: %v, next %q", err, p.Next)
	}
	bad := map[string]docstore.Query{
		"not base64":        {Sort: sort, After: "!!!"},
		"empty object":      {Sort: sort, After: "e30"},
		"not JSON":          {Sort: sort, After: "bm90IGpzb24"},
		"no ID":             {Sort: sort, After: docstore.EncodeCursor(sort, docstore.Doc{Fields: map[string]any{"status": "open"}})},
		"another sort":      {Sort: []docstore.Order{{Field: "status"}, {Field: "n"}}, After: p.Next},
		"another kind":      {Sort: []docstore.Order{{Field: "n"}}, After: p.Next},
		"truncated":         {Sort: sort, After: p.Next[:len(p.Next)/2]},
		"default sort kind": {After: p.Next},
	}
	for name, q := range bad {
		_, err := c.Find(t.Context(), q)
		var ve *domain.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("Find with a bad cursor (%s): %v, want a *domain.ValidationError", name, err)
		}
	}
	_, _, err = items(e).Find(t.Context(), docstore.Query{After: "!!!"})
	var ve *domain.ValidationError
	if !errors.As(err, &ve) {
		t.Errorf("typed Find with a bad cursor: %v, want a *domain.ValidationError", err)
	}
}

func testUndeclared(t *testing.T, e docstore.Engine) {
	ctx := t.Context()
	seed(t, e)
	c := e.C(ItemSpec.Name)
	for name, q := range map[string]docstore.Query{
		"filter on a body field":    {Where: []docstore.Cond{docstore.EqCond("notes", "x")}},
		"filter on an unknown":      {Where: []docstore.Cond{docstore.InCond("colour", "red")}},
		"prefix on an unknown":      {Where: []docstore.Cond{docstore.PrefixCond("tags", "tex")}},
		"sort on a body field":      {Sort: []docstore.Order{{Field: "notes"}}},
		"second sort key unknown":   {Sort: []docstore.Order{{Field: "owner"}, {Field: "colour", Desc: true}}},
		"filter declared, sort not": {Where: []docstore.Cond{docstore.EqCond("owner", "owner-01")}, Sort: []docstore.Order{{Field: "Owner"}}},
	} {
		if _, err := c.Find(ctx, q); !errors.Is(err, docstore.ErrUndeclared) {
			t.Errorf("Find, %s: %v, want ErrUndeclared", name, err)
		}
		if q.Sort != nil {
			continue // Count has no sort
		}
		if _, err := c.Count(ctx, q.Where); !errors.Is(err, docstore.ErrUndeclared) {
			t.Errorf("Count, %s: %v, want ErrUndeclared", name, err)
		}
	}
	if _, _, err := items(e).Find(ctx, docstore.Query{Where: []docstore.Cond{docstore.EqCond("notes", "x")}}); !errors.Is(err, docstore.ErrUndeclared) {
		t.Errorf("typed Find on a body field: %v, want ErrUndeclared", err)
	}
	if _, err := items(e).Count(ctx, docstore.EqCond("notes", "x")); !errors.Is(err, docstore.ErrUndeclared) {
		t.Errorf("typed Count on a body field: %v, want ErrUndeclared", err)
	}
	for name, where := range map[string][]docstore.Cond{
		"prefix on an int":    {docstore.PrefixCond("n", "1")},
		"a string for an int": {docstore.EqCond("n", "three")},
		"an int for a bool":   {docstore.EqCond("flag", 1)},
		"words for a time":    {cond("created", docstore.Gt, "yesterday")},
		"a bad set member":    {docstore.InCond("score", 0.5, "half")},
		"no operator":         {{Field: "owner", Value: "owner-01"}},
	} {
		if _, err := c.Find(ctx, docstore.Query{Where: where}); err == nil {
			t.Errorf("Find with %s: accepted", name)
		}
		if _, err := c.Count(ctx, where); err == nil {
			t.Errorf("Count with %s: accepted", name)
		}
	}
}

// testMixedSort: a sort whose keys go different ways cannot be read from
// one index, so every engine refuses it as a programming error.
func testMixedSort(t *testing.T, e docstore.Engine) {
	seed(t, e)
	c := e.C(ItemSpec.Name)
	for _, sort := range [][]docstore.Order{
		{{Field: "status"}, {Field: "n", Desc: true}},
		{{Field: "owner", Desc: true}, {Field: "flag"}},
		{{Field: "flag", Desc: true}, {Field: "score", Desc: true}, {Field: "created"}},
	} {
		if _, err := c.Find(t.Context(), docstore.Query{Sort: sort}); !errors.Is(err, docstore.ErrMixedSort) {
			t.Errorf("Find(%s): %v, want ErrMixedSort", sortName(sort), err)
		}
	}
	bad := docstore.Spec{Name: "mixed", Fields: []docstore.Field{{Name: "a", Kind: docstore.String}, {Name: "b", Kind: docstore.Int}},
		Sort: []docstore.Order{{Field: "a"}, {Field: "b", Desc: true}}}
	if err := e.Ensure(t.Context(), bad); !errors.Is(err, docstore.ErrMixedSort) {
		t.Errorf("Ensure of a spec whose default sort is mixed: %v, want ErrMixedSort", err)
	}
}

// testDescendingTies walks newest-first lists whose page boundaries fall
// inside runs of equal sort values: the ID breaks ties descending, and
// each cursor resumes inside the run without repeating or skipping.
func testDescendingTies(t *testing.T, e docstore.Engine) {
	var its []*Item
	for i := range 30 {
		it := NewItem(i)
		it.Owner = "owner-01"
		it.Status = statuses[i%2]
		it.Created = Epoch.Add(time.Duration(i%3) * time.Hour) // 3 runs of 10
		its = append(its, it)
	}
	mustInsert(t, items(e), shuffled(7, its)...)
	raw := e.C(ItemSpec.Name)
	newest := []docstore.Order{{Field: "created", Desc: true}}
	cases := []struct {
		name  string
		where []docstore.Cond
		sort  []docstore.Order
	}{
		{"created desc", nil, newest},
		{"created asc", nil, []docstore.Order{{Field: "created"}}},
		{"owner and status, created desc (the compound index)",
			[]docstore.Cond{docstore.EqCond("owner", "owner-01"), docstore.EqCond("status", "open")}, newest},
		{"owner, status desc then created desc", []docstore.Cond{docstore.EqCond("owner", "owner-01")},
			[]docstore.Order{{Field: "status", Desc: true}, {Field: "created", Desc: true}}},
	}
	for _, tc := range cases {
		want := expected(its, tc.where, tc.sort)
		for _, limit := range []int{3, 4, 7} {
			var got []string
			splits := 0
			q := docstore.Query{Where: tc.where, Sort: tc.sort, Limit: limit}
			for pages := 0; pages <= len(its); pages++ {
				p, err := raw.Find(t.Context(), docstore.Query{Where: cloneConds(q.Where), Sort: q.Sort, After: q.After, Limit: q.Limit})
				if err != nil {
					t.Fatalf("%s, pages of %d: %v", tc.name, limit, err)
				}
				got = append(got, docIDs(p.Docs)...)
				if p.Next == "" {
					break
				}
				if n := len(got); n < len(want) && sameSortValues(its, tc.sort, want[n-1], want[n]) {
					splits++
				}
				q.After = p.Next
			}
			sameIDs(t, fmt.Sprintf("%s, pages of %d", tc.name, limit), want, got)
			if splits == 0 {
				t.Errorf("%s, pages of %d: no page ends inside a tie; the case checks nothing", tc.name, limit)
			}
		}
	}
	// The ID order inside a tie follows the sort.
	first := expected(its, nil, newest)
	if first[0] < first[1] {
		t.Errorf("newest first: ties are in ascending ID order (%s, %s)", first[0], first[1])
	}
}

// sameSortValues reports whether two items tie on every key of sort.
func sameSortValues(its []*Item, sort []docstore.Order, a, b string) bool {
	m := byID(its)
	fa, fb := fieldsOf(m[a]), fieldsOf(m[b])
	for _, o := range sort {
		if compareValues(fa[o.Field], fb[o.Field]) != 0 {
			return false
		}
	}
	return true
}

var errStop = errors.New("stop the scan")

func testScan(t *testing.T, e docstore.Engine) {
	ctx := t.Context()
	its := seed(t, e)
	c := e.C(ItemSpec.Name)
	want := itemIDs(its)
	// IDs whose byte order differs from a case-folding or locale order.
	for i, id := range []string{"B", "a", "_", "Z9", "ک", "item-0000000", "Item-1"} {
		d := docstore.Doc{ID: id, Body: []byte(`{}`), Fields: map[string]any{"code": fmt.Sprintf("SCAN-%d", i)}}
		if err := c.Insert(ctx, d); err != nil {
			t.Fatalf("Insert %q: %v", id, err)
		}
		want = append(want, id)
	}
	slices.Sort(want)
	for _, batch := range []int{3, 1000, 1} {
		var got []string
		err := c.Scan(ctx, batch, func(ds []docstore.Doc) error {
			if len(ds) == 0 || len(ds) > batch {
				t.Errorf("Scan(%d): a batch of %d", batch, len(ds))
			}
			got = append(got, docIDs(ds)...)
			return nil
		})
		if err != nil {
			t.Fatalf("Scan(%d): %v", batch, err)
		}
		sameIDs(t, fmt.Sprintf("Scan(%d)", batch), want, got)
	}
	calls := 0
	err := c.Scan(ctx, 3, func([]docstore.Doc) error {
		calls++
		if calls == 2 {
			return errStop
		}
		return nil
	})
	if !errors.Is(err, errStop) || calls != 2 {
		t.Errorf("Scan whose fn fails on the second batch: %v after %d calls, want errStop after 2", err, calls)
	}
	n := 0
	if err := items(e).Scan(ctx, 7, func(its []*Item) error { n += len(its); return nil }); err != nil {
		t.Errorf("typed Scan: %v", err)
	}
	if n != len(want) {
		t.Errorf("typed Scan saw %d items, want %d", n, len(want))
	}
	if err := e.C(linkSpec.Name).Scan(ctx, 3, func([]docstore.Doc) error { return errors.New("called on an empty collection") }); err != nil {
		t.Errorf("Scan of an empty collection: %v", err)
	}
}
