package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/actionhub/actionhub/app/store/docstore"
)

// Insert writes doc at version 1. Errors: the spec's (CheckDoc),
// domain.ErrConflict naming the duplicate field, docstore.ErrClosed,
// domain.ErrUnavailable.
func (c *collection) Insert(ctx context.Context, doc docstore.Doc) error {
	if c.e.closed.Load() {
		return docstore.ErrClosed
	}
	if err := c.readOnly(); err != nil {
		return err
	}
	if err := c.spec.CheckDoc(&doc); err != nil {
		return err
	}
	args := make([]any, 0, 4+len(c.spec.Fields))
	args = append(args, doc.ID, int64(1))
	args = c.appendValues(args, doc)
	return c.e.cp.commit(func() (bool, error) {
		if _, err := c.e.write.exec(ctx, c.insertSQL, args...); err != nil {
			if cf := conflict(c.spec.Name, err); cf != nil {
				return false, cf
			}
			return false, c.e.fail("insert "+c.spec.Name, err)
		}
		return true, nil
	})
}

// Replace writes doc as version doc.Version+1 if the stored version is
// still doc.Version. Errors: docstore.ErrStaleVersion, domain.ErrNotFound,
// domain.ErrConflict, docstore.ErrClosed, domain.ErrUnavailable.
//
// It first reads the stored field values and sets only the columns that
// change: SQLite rewrites the entries of every index whose column is
// assigned, changed or not, which made an update of all columns three times
// slower. The version in the WHERE clause keeps the pair of statements safe
// against a write in between.
func (c *collection) Replace(ctx context.Context, doc docstore.Doc) error {
	if c.e.closed.Load() {
		return docstore.ErrClosed
	}
	if err := c.readOnly(); err != nil {
		return err
	}
	if err := c.spec.CheckDoc(&doc); err != nil {
		return err
	}
	return c.e.cp.commit(func() (bool, error) { return c.replace(ctx, doc) })
}

// replace is Replace's pair of statements; true when the row was written.
func (c *collection) replace(ctx context.Context, doc docstore.Doc) (bool, error) {
	n := len(c.spec.Fields)
	var version int64
	cur := make([]any, n)
	dest := make([]any, 1+n)
	dest[0] = &version
	for i := range cur {
		dest[1+i] = &cur[i]
	}
	err := c.e.write.queryRow(ctx, false, c.currentSQL, doc.ID).Scan(dest...)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, docstore.NotFound(c.spec.Name, doc.ID)
	case err != nil:
		return false, c.e.fail("replace "+c.spec.Name, err)
	case version != doc.Version:
		return false, c.stale(doc)
	}
	var q strings.Builder
	q.WriteString(c.updatePrefix)
	args := make([]any, 0, 5+n)
	args = append(args, doc.Version+1, bodyOf(doc))
	if c.spec.Summary {
		args = append(args, doc.Summary)
	}
	for i, f := range c.spec.Fields {
		if v := bindValue(doc.Fields[f.Name]); v != cur[i] {
			q.WriteString(", " + column(f.Name) + " = ?")
			args = append(args, v)
		}
	}
	q.WriteString(" WHERE id = ? AND version = ?")
	args = append(args, doc.ID, doc.Version)
	res, err := c.e.write.exec(ctx, q.String(), args...)
	if err != nil {
		if cf := conflict(c.spec.Name, err); cf != nil {
			return false, cf
		}
		return false, c.e.fail("replace "+c.spec.Name, err)
	}
	if rows, _ := res.RowsAffected(); rows == 1 {
		return true, nil
	}
	// Written or deleted between the two statements.
	var one int
	err = c.e.write.queryRow(ctx, false, c.existsSQL, doc.ID).Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, docstore.NotFound(c.spec.Name, doc.ID)
	case err != nil:
		return false, c.e.fail("replace "+c.spec.Name, err)
	}
	return false, c.stale(doc)
}

func (c *collection) stale(doc docstore.Doc) error {
	return fmt.Errorf("%s %s at version %d: %w", c.spec.Name, doc.ID, doc.Version, docstore.ErrStaleVersion)
}

// Delete removes one document. Errors: domain.ErrNotFound,
// docstore.ErrClosed, domain.ErrUnavailable.
func (c *collection) Delete(ctx context.Context, id string) error {
	if c.e.closed.Load() {
		return docstore.ErrClosed
	}
	if err := c.readOnly(); err != nil {
		return err
	}
	return c.e.cp.commit(func() (bool, error) {
		res, err := c.e.write.exec(ctx, c.deleteSQL, id)
		if err != nil {
			return false, c.e.fail("delete "+c.spec.Name, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return false, docstore.NotFound(c.spec.Name, id)
		}
		return true, nil
	})
}

// appendValues appends the body, the summary if kept, and the field values
// in column order.
func (c *collection) appendValues(args []any, doc docstore.Doc) []any {
	args = append(args, bodyOf(doc))
	if c.spec.Summary {
		args = append(args, doc.Summary)
	}
	for _, f := range c.spec.Fields {
		args = append(args, bindValue(doc.Fields[f.Name]))
	}
	return args
}

// bodyOf is the body to store: never NULL.
func bodyOf(doc docstore.Doc) []byte {
	if doc.Body == nil {
		return []byte{}
	}
	return doc.Body
}

// bindValue turns a normalised value into what the column holds.
func bindValue(v any) any {
	if b, ok := v.(bool); ok {
		if b {
			return int64(1)
		}
		return int64(0)
	}
	return v
}
