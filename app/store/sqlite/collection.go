package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
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
	cols  string // id, version, body, then the field columns in spec order

	getSQL, getManySQL, insertSQL, currentSQL, updatePrefix, deleteSQL, existsSQL, scanSQL string
}

var _ docstore.Collection = (*collection)(nil)

func newCollection(e *Engine, spec docstore.Spec) *collection {
	t := "c_" + spec.Name
	fcols := make([]string, len(spec.Fields))
	for i, f := range spec.Fields {
		fcols[i] = column(f.Name)
	}
	cols := strings.Join(append([]string{"id", "version", "body"}, fcols...), ", ")
	marks := strings.Repeat(", ?", len(spec.Fields))
	return &collection{
		e: e, spec: spec, table: t, cols: cols,
		getSQL:       "SELECT " + cols + " FROM " + t + " WHERE id = ?",
		getManySQL:   "SELECT " + cols + " FROM " + t + " WHERE id IN (SELECT value FROM json_each(?))",
		insertSQL:    "INSERT INTO " + t + " (" + cols + ") VALUES (?, ?, ?" + marks + ")",
		currentSQL:   "SELECT " + strings.Join(append([]string{"version"}, fcols...), ", ") + " FROM " + t + " WHERE id = ?",
		updatePrefix: "UPDATE " + t + " SET version = ?, body = ?",
		deleteSQL:    "DELETE FROM " + t + " WHERE id = ?",
		existsSQL:    "SELECT 1 FROM " + t + " WHERE id = ?",
		scanSQL:      "SELECT " + cols + " FROM " + t + " WHERE id > ? ORDER BY id LIMIT ?",
	}
}

// Get reads one document from the read pool. Errors: domain.ErrNotFound,
// docstore.ErrClosed, domain.ErrUnavailable.
func (c *collection) Get(ctx context.Context, id string) (docstore.Doc, error) {
	if c.e.closed.Load() {
		return docstore.Doc{}, docstore.ErrClosed
	}
	d, err := c.scanDoc(c.e.read.queryRow(ctx, false, c.getSQL, id))
	if errors.Is(err, sql.ErrNoRows) {
		return docstore.Doc{}, docstore.NotFound(c.spec.Name, id)
	}
	if err != nil {
		return docstore.Doc{}, c.e.fail("get "+c.spec.Name, err)
	}
	return d, nil
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
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	found, err := c.queryDocs(ctx, false, c.getManySQL, string(list))
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
		docs, err := c.queryDocs(ctx, false, c.scanSQL, after, n)
		if err != nil {
			return nil, c.e.fail("scan "+c.spec.Name, err)
		}
		return docs, nil
	}, fn)
}

// queryDocs runs a SELECT of c.cols on the read pool, unprepared if once.
func (c *collection) queryDocs(ctx context.Context, once bool, query string, args ...any) ([]docstore.Doc, error) {
	rows, err := c.e.read.query(ctx, once, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var docs []docstore.Doc
	r := c.newRowScan()
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

// rowScan reads rows of c.cols into documents, reusing its scan targets
// from one row to the next.
type rowScan struct {
	fields []docstore.Field
	d      docstore.Doc
	vals   []any
	dest   []any
}

func (c *collection) newRowScan() *rowScan {
	n := len(c.spec.Fields)
	r := &rowScan{fields: c.spec.Fields, vals: make([]any, n), dest: make([]any, 3+n)}
	r.dest[0], r.dest[1], r.dest[2] = &r.d.ID, &r.d.Version, &r.d.Body
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
	d.Fields = make(map[string]any, len(r.fields))
	for i, f := range r.fields {
		d.Fields[f.Name] = fromColumn(f.Kind, r.vals[i])
	}
	return d, nil
}

// scanDoc reads one row of c.cols.
func (c *collection) scanDoc(s scanner) (docstore.Doc, error) {
	return c.newRowScan().scan(s)
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
