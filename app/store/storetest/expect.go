package storetest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/actionhub/actionhub/app/store/docstore"
)

// The expected results are computed here, in Go, by brute force over the
// items the suite inserted, never hard-coded.

// fieldsOf returns an item's declared field values as an engine must store
// and return them (normalised by the spec).
func fieldsOf(it *Item) map[string]any {
	raw := ItemDef.Fields(it)
	out := make(map[string]any, len(ItemSpec.Fields))
	for _, f := range ItemSpec.Fields {
		v, err := docstore.Normalize(f, raw[f.Name])
		if err != nil {
			panic(fmt.Sprintf("storetest: fixture %s: %v", it.ID, err))
		}
		out[f.Name] = v
	}
	return out
}

// compareValues orders two normalised values of one kind: strings by
// bytes, numbers numerically, false before true.
func compareValues(a, b any) int {
	switch x := a.(type) {
	case string:
		return strings.Compare(x, b.(string))
	case int64:
		return cmp.Compare(x, b.(int64))
	case float64:
		return cmp.Compare(x, b.(float64))
	case bool:
		y := b.(bool)
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		}
		return 1
	}
	panic(fmt.Sprintf("storetest: cannot compare %T", a))
}

// normalised returns a copy of where with values normalised by spec.
func normalised(spec docstore.Spec, where []docstore.Cond) []docstore.Cond {
	out := cloneConds(where)
	if err := spec.Validate(out, nil); err != nil {
		panic(fmt.Sprintf("storetest: bad test condition: %v", err))
	}
	return out
}

// matches reports whether fields satisfy every (normalised) condition.
func matches(fields map[string]any, where []docstore.Cond) bool {
	for _, c := range where {
		v := fields[c.Field]
		ok := false
		switch c.Op {
		case docstore.Eq:
			ok = compareValues(v, c.Value) == 0
		case docstore.In:
			ok = slices.ContainsFunc(c.Set, func(s any) bool { return compareValues(v, s) == 0 })
		case docstore.Gt:
			ok = compareValues(v, c.Value) > 0
		case docstore.Gte:
			ok = compareValues(v, c.Value) >= 0
		case docstore.Lt:
			ok = compareValues(v, c.Value) < 0
		case docstore.Lte:
			ok = compareValues(v, c.Value) <= 0
		case docstore.Prefix:
			ok = strings.HasPrefix(v.(string), c.Value.(string))
		}
		if !ok {
			return false
		}
	}
	return true
}

// compareBy orders two documents by sort, then by ID the way the sort goes.
func compareBy(sort []docstore.Order, aID string, a map[string]any, bID string, b map[string]any) int {
	for _, o := range sort {
		c := compareValues(a[o.Field], b[o.Field])
		if o.Desc {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	if docstore.Descending(sort) {
		return strings.Compare(bID, aID)
	}
	return strings.Compare(aID, bID)
}

// expected returns the IDs of the items matching where, in the order of
// sort (the spec's default when empty) then ID.
func expected(items []*Item, where []docstore.Cond, sort []docstore.Order) []string {
	where = normalised(ItemSpec, where)
	sort = ItemSpec.SortOrDefault(sort)
	type row struct {
		id     string
		fields map[string]any
	}
	var rows []row
	for _, it := range items {
		f := fieldsOf(it)
		if matches(f, where) {
			rows = append(rows, row{it.ID, f})
		}
	}
	slices.SortFunc(rows, func(a, b row) int { return compareBy(sort, a.id, a.fields, b.id, b.fields) })
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.id
	}
	return ids
}

func cloneConds(where []docstore.Cond) []docstore.Cond {
	out := make([]docstore.Cond, len(where))
	for i, c := range where {
		if c.Set != nil {
			c.Set = slices.Clone(c.Set)
		}
		out[i] = c
	}
	return out
}

// describe renders conditions for failure messages.
func describe(where []docstore.Cond) string {
	ops := map[docstore.Op]string{
		docstore.Eq: "=", docstore.In: "in", docstore.Gt: ">", docstore.Gte: ">=",
		docstore.Lt: "<", docstore.Lte: "<=", docstore.Prefix: "prefix",
	}
	parts := make([]string, len(where))
	for i, c := range where {
		v := c.Value
		if c.Op == docstore.In {
			v = c.Set
		}
		parts[i] = fmt.Sprintf("%s %s %#v", c.Field, ops[c.Op], v)
	}
	return strings.Join(parts, " AND ")
}
