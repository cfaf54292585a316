package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/actionhub/actionhub/app/store/docstore"
)

// scanBatch is Scan's batch size when the caller gives none.
const scanBatch = 500

// collection is one table. Its SQL is built once, at Ensure.
type collection struct {
	e     *Engine
	spec  docstore.Spec
	table string
	cols  string // what reads select: id, version, the body, then the columns of fields
	// fields are the fields reads fill: all declared, or with summaries
	// none (Find adds its sort's, for the cursor), as each column read
	// costs about as much as decoding a summary.
	fields []docstore.Field
	// summaries: reads select the summary as the body; writes are refused.
	summaries bool

	getSQL, getManySQL, insertSQL, currentSQL, updatePrefix, deleteSQL, existsSQL, scanSQL string
}

var _ docstore.Collection = (*collection)(nil)

// summaryOrBody reads the summary, or the body of a row written before the
// spec kept summaries: coalesce stops at the summary when it is there.
const summaryOrBody = "coalesce(nullif(summary, x''), body)"

func newCollection(e *Engine, spec docstore.Spec, summaries bool) *collection {
	t := "c_" + spec.Name
	fcols := make([]string, len(spec.Fields))
	for i, f := range spec.Fields {
		fcols[i] = column(f.Name)
	}
	body, fields, rcols := "body", spec.Fields, fcols
	if summaries {
		body, fields, rcols = summaryOrBody, nil, nil
	}
	cols := strings.Join(append([]string{"id", "version", body}, rcols...), ", ")
	writeCols, marks, update := strings.Join(append([]string{"id", "version", "body"}, fcols...), ", "),
		strings.Repeat(", ?", len(spec.Fields)), "UPDATE "+t+" SET version = ?, body = ?"
	if spec.Summary {
		writeCols = strings.Join(append([]string{"id", "version", "body", "summary"}, fcols...), ", ")
		marks += ", ?"
		update += ", summary = ?"
	}
	return &collection{
		e: e, spec: spec, table: t, cols: cols, fields: fields, summaries: summaries,
		getSQL:       "SELECT " + cols + " FROM " + t + " WHERE id = ?",
		getManySQL:   "SELECT " + cols + " FROM " + t + " WHERE id IN (SELECT value FROM json_each(?))",
		insertSQL:    "INSERT INTO " + t + " (" + writeCols + ") VALUES (?, ?, ?" + marks + ")",
		currentSQL:   "SELECT " + strings.Join(append([]string{"version"}, fcols...), ", ") + " FROM " + t + " WHERE id = ?",
		updatePrefix: update,
		deleteSQL:    "DELETE FROM " + t + " WHERE id = ?",
		existsSQL:    "SELECT 1 FROM " + t + " WHERE id = ?",
		scanSQL:      "SELECT " + cols + " FROM " + t + " WHERE id > ? ORDER BY id LIMIT ?",
	}
}

// Summaries is the collection read as summaries (docstore.Collection).
func (c *collection) Summaries() docstore.Collection {
	if !c.spec.Summary {
		panic("sqlite: " + c.spec.Name + " keeps no summaries")
	}
	return newCollection(c.e, c.spec, true)
}

// readOnly refuses a write through the summaries view.
func (c *collection) readOnly() error {
	if c.summaries {
		return fmt.Errorf("%s: %w", c.spec.Name, docstore.ErrReadOnly)
	}
	return nil
}

// Get reads one document from the read pool. Errors: domain.ErrNotFound,
// docstore.ErrClosed, domain.ErrUnavailable.
func (c *collection) Get(ctx context.Context, id string) (docstore.Doc, error) {
	if c.e.closed.Load() {
		return docstore.Doc{}, docstore.ErrClosed
	}
	docs, err := c.queryDocs(ctx, false, c.fields, c.getSQL, id)
	if err != nil {
		return docstore.Doc{}, c.e.fail("get "+c.spec.Name, err)
	}
	if len(docs) == 0 {
		return docstore.Doc{}, docstore.NotFound(c.spec.Name, id)
	}
	return docs[0], nil
}

// GetMany reads the documents found among ids and returns them in the
// order of ids (an ID given twice, twice). The IDs go in as one JSON array,
// so every call is the same prepared statement whatever their number (an
// IN list of placeholders was parsed and planned again on every call: a
// tenth of a brand's supplier list).
func (c *collection) GetMany(ctx context.Context, ids []string) ([]docstore.Doc, error) {
	if c.e.closed.Load() {
		return nil, docstore.ErrClosed
	}
	if len(ids) == 0 {
		return nil, nil
	}
	// One ID, the most common call, is a point read: going through
	// json_each costs it a quarter more.
	q, arg := c.getSQL, ids[0]
	if len(ids) > 1 {
		list, err := json.Marshal(ids)
		if err != nil {
			return nil, err
		}
		q, arg = c.getManySQL, string(list)
	}
	found, err := c.queryDocs(ctx, false, c.fields, q, arg)
	if err != nil {
		return nil, c.e.fail("get many "+c.spec.Name, err)
	}
	return docstore.InOrder(ids, found), nil
}

// Scan reads the collection in ID order, batch documents per query, so fn
// may take its time (and write) without holding a read transaction open.
func (c *collection) Scan(ctx context.Context, batch int, fn func([]docstore.Doc) error) error {
	if c.e.closed.Load() {
		return docstore.ErrClosed
	}
	if batch <= 0 {
		batch = scanBatch
	}
	return docstore.ScanByID(batch, func(after string, n int) ([]docstore.Doc, error) {
		if c.e.closed.Load() {
			return nil, docstore.ErrClosed
		}
		docs, err := c.queryDocs(ctx, false, c.fields, c.scanSQL, after, n)
		if err != nil {
			return nil, c.e.fail("scan "+c.spec.Name, err)
		}
		return docs, nil
	}, fn)
}

// queryDocs runs a SELECT of c.cols and the columns of fields on the read
// pool, unprepared if once.
func (c *collection) queryDocs(ctx context.Context, once bool, fields []docstore.Field, query string, args ...any) ([]docstore.Doc, error) {
	rows, err := c.e.read.query(ctx, once, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var docs []docstore.Doc
	r := newRowScan(fields)
	for rows.Next() {
		d, err := r.scan(rows)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return docs, rows.Err()
}

type scanner interface{ Scan(dest ...any) error }

// rowScan reads rows of id, version, body and the fields' columns into documents, reusing its scan targets
// from one row to the next.
type rowScan struct {
	fields []docstore.Field
	d      docstore.Doc
	// body is scanned as RawBytes, which database/sql does not copy: the
	// driver returns every blob in a slice of its own, so the document
	// keeps it (a copy per row was a sixth of a list's allocations). The
	// contract suite reads many documents per query and compares every
	// body, so a driver that reused its buffer would fail it.
	body sql.RawBytes
	vals []any
	dest []any
}

func newRowScan(fields []docstore.Field) *rowScan {
	n := len(fields)
	r := &rowScan{fields: fields, vals: make([]any, n), dest: make([]any, 3+n)}
	r.dest[0], r.dest[1], r.dest[2] = &r.d.ID, &r.d.Version, &r.body
	for i := range r.vals {
		r.dest[3+i] = &r.vals[i]
	}
	return r
}

// scan reads one row, with Fields filled from the columns in their
// normalised Go types, so cursors can be built from them.
func (r *rowScan) scan(s scanner) (docstore.Doc, error) {
	r.d = docstore.Doc{}
	if err := s.Scan(r.dest...); err != nil {
		return docstore.Doc{}, err
	}
	d := r.d
	d.Body = r.body
	d.Fields = make(map[string]any, len(r.fields))
	for i, f := range r.fields {
		d.Fields[f.Name] = fromColumn(f.Kind, r.vals[i])
	}
	return d, nil
}

// fromColumn normalises a column value to the field kind's Go type.
func fromColumn(k docstore.Kind, v any) any {
	switch k {
	case docstore.String:
		switch x := v.(type) {
		case string:
			return x
		case []byte:
			return string(x)
		}
		return ""
	case docstore.Float:
		switch x := v.(type) {
		case float64:
			return x
		case int64:
			return float64(x)
		}
		return float64(0)
	case docstore.Bool:
		x, _ := v.(int64)
		return x != 0
	default: // Int, Time
		x, _ := v.(int64)
		return x
	}
}
