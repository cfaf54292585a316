package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/actionhub/actionhub/app/store/docstore"
)

// getManyChunk bounds the IDs bound in one query.
const getManyChunk = 500

// scanBatch is Scan's batch size when the caller gives none.
const scanBatch = 500

// collection is one table. Its SQL is built once, at Ensure.
type collection struct {
	e     *Engine
	spec  docstore.Spec
	table string
	cols  string // id, version, body, then the field columns in spec order

	getSQL, insertSQL, currentSQL, updatePrefix, deleteSQL, existsSQL, scanSQL string
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

// GetMany reads the documents found among ids, in chunks of one IN query
// each, and returns them in the order of ids (an ID given twice, twice).
func (c *collection) GetMany(ctx context.Context, ids []string) ([]docstore.Doc, error) {
	if c.e.closed.Load() {
		return nil, docstore.ErrClosed
	}
	var found []docstore.Doc
	for start := 0; start < len(ids); start += getManyChunk {
		chunk := ids[start:min(start+getManyChunk, len(ids))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		q := "SELECT " + c.cols + " FROM " + c.table + " WHERE id IN (?" + strings.Repeat(", ?", len(chunk)-1) + ")"
		docs, err := c.queryDocs(ctx, true, q, args...)
		if err != nil {
			return nil, c.e.fail("get many "+c.spec.Name, err)
		}
		found = append(found, docs...)
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
	for rows.Next() {
		d, err := c.scanDoc(rows)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return docs, rows.Err()
}

type scanner interface{ Scan(dest ...any) error }

// scanDoc reads one row of c.cols, with Fields filled from the columns in
// their normalised Go types, so cursors can be built from them.
func (c *collection) scanDoc(s scanner) (docstore.Doc, error) {
	n := len(c.spec.Fields)
	var d docstore.Doc
	vals := make([]any, n)
	dest := make([]any, 3+n)
	dest[0], dest[1], dest[2] = &d.ID, &d.Version, &d.Body
	for i := range vals {
		dest[3+i] = &vals[i]
	}
	if err := s.Scan(dest...); err != nil {
		return docstore.Doc{}, err
	}
	d.Fields = make(map[string]any, n)
	for i, f := range c.spec.Fields {
		d.Fields[f.Name] = fromColumn(f.Kind, vals[i])
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
