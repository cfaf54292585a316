package sqlite

import (
	"context"
	"slices"
	"strings"

	"github.com/actionhub/actionhub/app/store/docstore"
)

// Find returns one page sorted by q.Sort (or the spec's default), then ID
// the same way. Errors: docstore.ErrUndeclared, docstore.ErrMixedSort and
// kind errors from spec.Validate, a *domain.ValidationError for a bad cursor,
// docstore.ErrClosed, domain.ErrUnavailable.
func (c *collection) Find(ctx context.Context, q docstore.Query) (docstore.Page, error) {
	if c.e.closed.Load() {
		return docstore.Page{}, docstore.ErrClosed
	}
	query, args, sort, limit, err := c.findSQL(q)
	if err != nil {
		return docstore.Page{}, err
	}
	if err := c.checkPlan(ctx, q.Where, query, args); err != nil {
		return docstore.Page{}, err
	}
	docs, err := c.queryDocs(ctx, hasIn(q.Where), c.findFields(sort), query, args...)
	if err != nil {
		return docstore.Page{}, c.e.fail("find "+c.spec.Name, err)
	}
	page := docstore.Page{Docs: docs}
	if len(docs) > limit {
		page.Docs = docs[:limit]
		page.Next = docstore.EncodeCursor(sort, docs[limit-1])
	}
	return page, nil
}

// findSQL translates q; it asks for one document more than the limit to
// learn whether there is a next page.
func (c *collection) findSQL(q docstore.Query) (query string, args []any, sort []docstore.Order, limit int, err error) {
	where := cloneConds(q.Where)
	sort = c.spec.SortOrDefault(q.Sort)
	if err := c.spec.Validate(where, sort); err != nil {
		return "", nil, nil, 0, err
	}
	limit = q.Limit
	if limit <= 0 {
		limit = docstore.DefaultLimit
	}
	limit = min(limit, docstore.MaxLimit)
	var keyset [][]docstore.Cond
	if q.After != "" {
		if keyset, err = c.spec.Keyset(sort, q.After); err != nil {
			return "", nil, nil, 0, err
		}
	}
	cols := c.cols
	if c.summaries {
		for _, o := range sort {
			cols += ", " + column(o.Field)
		}
	}
	// Each arm is the query with its IN narrowed to one value; one arm
	// unless the IN can be merged (see mergedIn).
	in, arms := -1, 1
	if i, ok := c.mergedIn(where, sort); ok {
		in, arms = i, len(where[i].Set)
	}
	var selects []string
	for a := range arms {
		var w filter
		for i, cd := range where {
			if i == in {
				cd = docstore.Cond{Field: cd.Field, Op: docstore.Eq, Value: cd.Set[a]}
			}
			w.cond(cd)
		}
		if keyset != nil {
			w.keyset(sort, keyset)
		}
		selects = append(selects, "SELECT "+cols+" FROM "+c.table+w.sql())
		args = append(args, w.args...)
	}
	query = strings.Join(selects, " UNION ALL ") + orderBy(sort) + " LIMIT ? OFFSET ?"
	return query, append(args, limit+1, min(max(q.Skip, 0), docstore.MaxSkip)), sort, limit, nil
}

// mergedIn finds an IN list of a few values to ask for as one SELECT per
// value, merged in order: for "a = ? AND b IN (…) ORDER BY c" SQLite
// reads the index on (a, c) and skips every row whose b is not listed (a
// brand's newest nominations read to find its few pending ones), or sorts
// every match from (a, b, c); one arm per value reads (a, b, c) in order,
// and the merge stops at the page's end. It needs the other conditions to
// be equalities and an index on the equalities' and the IN's fields, in
// any order, then the sort's.
func (c *collection) mergedIn(where []docstore.Cond, sort []docstore.Order) (int, bool) {
	in := -1
	eq := map[string]bool{}
	for i, cd := range where {
		switch {
		case cd.Op == docstore.In && in < 0 && len(cd.Set) > 1 && len(cd.Set) <= preparedIn && distinct(cd.Set):
			in = i
		case cd.Op == docstore.Eq:
		default:
			return -1, false
		}
		eq[cd.Field] = true
	}
	if in < 0 {
		return -1, false
	}
	for _, idx := range c.spec.Indexes {
		if len(idx) != len(eq)+len(sort) {
			continue
		}
		ok := true
		for i, f := range idx {
			if i < len(eq) {
				ok = ok && eq[f]
			} else {
				ok = ok && sort[i-len(eq)].Field == f
			}
		}
		if ok {
			return in, true
		}
	}
	return -1, false
}

// findFields are the fields Find's rows fill: c.fields, and with summaries
// the sort's, which the next page's cursor is made of.
func (c *collection) findFields(sort []docstore.Order) []docstore.Field {
	if !c.summaries {
		return c.fields
	}
	fields := make([]docstore.Field, len(sort))
	for i, o := range sort {
		fields[i], _ = c.spec.Field(o.Field)
	}
	return fields
}

// Count counts the matching documents; with an index on the filtered
// fields it reads the index only. Errors as Find.
func (c *collection) Count(ctx context.Context, where []docstore.Cond) (int64, error) {
	if c.e.closed.Load() {
		return 0, docstore.ErrClosed
	}
	query, args, err := c.countSQL(where)
	if err != nil {
		return 0, err
	}
	if err := c.checkPlan(ctx, where, query, args); err != nil {
		return 0, err
	}
	var n int64
	if err := c.e.read.queryRow(ctx, hasIn(where), query, args...).Scan(&n); err != nil {
		return 0, c.e.fail("count "+c.spec.Name, err)
	}
	return n, nil
}

func (c *collection) countSQL(where []docstore.Cond) (string, []any, error) {
	where = cloneConds(where)
	if err := c.spec.Validate(where, nil); err != nil {
		return "", nil, err
	}
	var w filter
	for _, cd := range where {
		w.cond(cd)
	}
	return "SELECT count(*) FROM " + c.table + w.sql(), w.args, nil
}

// preparedIn is the longest IN list whose query is still prepared and
// kept: a status filter's two or three values recur on every call, while a
// long list of IDs varies with its length and is not worth a statement.
const preparedIn = 8

// hasIn reports an IN list longer than preparedIn: its SQL varies with the
// list's length, so it is run unprepared.
func hasIn(where []docstore.Cond) bool {
	for _, c := range where {
		if c.Op == docstore.In && len(c.Set) > preparedIn {
			return true
		}
	}
	return false
}

// distinct reports whether a validated IN list names each value once: an
// arm per value would return a document named twice twice.
func distinct(set []any) bool {
	seen := map[any]bool{}
	for _, v := range set {
		k := bindValue(v)
		if seen[k] {
			return false
		}
		seen[k] = true
	}
	return true
}

// cloneConds copies the conditions, so normalising them (spec.Validate
// works in place) leaves the caller's untouched.
func cloneConds(where []docstore.Cond) []docstore.Cond {
	out := slices.Clone(where)
	for i := range out {
		out[i].Set = slices.Clone(out[i].Set)
	}
	return out
}

// filter is a WHERE clause being built: ANDed terms and their arguments.
type filter struct {
	terms []string
	args  []any
}

func (w *filter) sql() string {
	if len(w.terms) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.terms, " AND ")
}

var comparison = map[docstore.Op]string{
	docstore.Eq: " = ?", docstore.Gt: " > ?", docstore.Gte: " >= ?", docstore.Lt: " < ?", docstore.Lte: " <= ?",
}

// term renders one validated condition.
func term(cd docstore.Cond) (string, []any) {
	col := column(cd.Field)
	switch cd.Op {
	case docstore.In:
		if len(cd.Set) == 0 {
			return "0", nil // IN of nothing matches nothing
		}
		args := make([]any, len(cd.Set))
		for i, v := range cd.Set {
			args[i] = bindValue(v)
		}
		return col + " IN (?" + strings.Repeat(", ?", len(args)-1) + ")", args
	case docstore.Prefix:
		// A range, which the index serves (LIKE or GLOB would not, or
		// would fold case). 0xFF never occurs in UTF-8 and sorts after
		// every byte that does.
		p, _ := cd.Value.(string)
		return col + " >= ? AND " + col + " < ?", []any{p, p + "\xff"}
	}
	return col + comparison[cd.Op], []any{bindValue(cd.Value)}
}

func (w *filter) cond(cd docstore.Cond) {
	t, args := term(cd)
	w.terms = append(w.terms, t)
	w.args = append(w.args, args...)
}

// keyset adds the position after the cursor, given as spec.Keyset's OR of
// ANDs, whose last group holds every sort value and then the ID. Every key
// of a sort goes the same way (spec.Validate refuses others), so the OR is
// one row-value comparison, (a, b, id) > (?, ?, ?), or < when descending,
// which SQLite turns into a seek in the index read forwards or backwards:
// a deep page costs what the first does.
func (w *filter) keyset(sort []docstore.Order, or [][]docstore.Cond) {
	last := or[len(or)-1]
	op := " > "
	if docstore.Descending(sort) {
		op = " < "
	}
	cols := make([]string, len(last))
	for i, cd := range last {
		cols[i] = column(cd.Field)
		w.args = append(w.args, bindValue(cd.Value))
	}
	if len(cols) == 1 {
		w.terms = append(w.terms, cols[0]+op+"?")
		return
	}
	w.terms = append(w.terms, "("+strings.Join(cols, ", ")+")"+op+"(?"+strings.Repeat(", ?", len(cols)-1)+")")
}

// orderBy renders the sort, then the ID the same way, as Keyset expects.
func orderBy(sort []docstore.Order) string {
	dir := ""
	if docstore.Descending(sort) {
		dir = " DESC"
	}
	var b strings.Builder
	b.WriteString(" ORDER BY ")
	for _, o := range sort {
		b.WriteString(column(o.Field) + dir + ", ")
	}
	b.WriteString("id" + dir)
	return b.String()
}
