package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/actionhub/actionhub/app/store/docstore"
)

// column is the SQL column of a declared field (or of the ID).
func column(field string) string {
	if field == docstore.IDField {
		return "id"
	}
	return "f_" + field
}

// summaryColumn holds a document's summary. A new table has it before the
// body, so a summary read stops short of the body's overflow pages; one
// added to an older table comes after the body, and reads step over it.
// Empty in rows written before the spec kept summaries.
const summaryColumn = "summary BLOB NOT NULL DEFAULT x''"

// columnType is the column declaration of a field kind. Every column has
// its kind's zero value as default, so a field added later reads as zero in
// documents written before it until they are written again.
func columnType(k docstore.Kind) string {
	switch k {
	case docstore.String:
		return "TEXT NOT NULL DEFAULT ''"
	case docstore.Float:
		return "REAL NOT NULL DEFAULT 0"
	default: // Int, Bool (0/1), Time (Unix ns)
		return "INTEGER NOT NULL DEFAULT 0"
	}
}

// Ensure creates the collection's table and indexes, or adds what a later
// spec declares (new columns with their zero value, new indexes). It drops
// nothing but the own index of a field now declared NoIndex. Errors: the
// spec's own (spec.Check), docstore.ErrClosed, domain.ErrUnavailable, or a
// unique index that existing rows violate.
func (e *Engine) Ensure(ctx context.Context, spec docstore.Spec) error {
	if e.closed.Load() {
		return docstore.ErrClosed
	}
	if err := spec.Check(); err != nil {
		return err
	}
	spec = cloneSpec(spec)
	e.ensureMu.Lock()
	defer e.ensureMu.Unlock()
	if err := e.cp.commit(func() (bool, error) { return false, e.applySchema(ctx, spec) }); err != nil {
		return err
	}
	e.mu.Lock()
	e.colls[spec.Name] = newCollection(e, spec, false)
	e.mu.Unlock()
	return nil
}

// applySchema brings the table to spec in one transaction.
func (e *Engine) applySchema(ctx context.Context, spec docstore.Spec) error {
	tx, err := e.write.db.BeginTx(ctx, nil)
	if err != nil {
		return e.fail("ensure "+spec.Name, err)
	}
	defer func() { _ = tx.Rollback() }()
	ddl, err := schemaChanges(ctx, tx, spec)
	if err != nil {
		return e.fail("ensure "+spec.Name, err)
	}
	for _, stmt := range ddl {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return e.fail("ensure "+spec.Name, fmt.Errorf("%s: %w", stmt, err))
		}
	}
	if err := tx.Commit(); err != nil {
		return e.fail("ensure "+spec.Name, err)
	}
	return nil
}

// schemaChanges lists the statements that bring the table to spec.
func schemaChanges(ctx context.Context, tx *sql.Tx, spec docstore.Spec) ([]string, error) {
	table := "c_" + spec.Name
	existing := map[string]bool{}
	rows, err := tx.QueryContext(ctx, "SELECT name FROM pragma_table_info(?)", table)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			_ = rows.Close()
			return nil, err
		}
		existing[name] = true
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	var ddl []string
	if len(existing) == 0 {
		// The body goes last, so reading the field columns alone (Replace,
		// indexes being built) does not step over it.
		cols := []string{"id TEXT PRIMARY KEY", "version INTEGER NOT NULL"}
		for _, f := range spec.Fields {
			cols = append(cols, column(f.Name)+" "+columnType(f.Kind))
		}
		if spec.Summary {
			cols = append(cols, summaryColumn)
		}
		cols = append(cols, "body BLOB NOT NULL")
		ddl = append(ddl, fmt.Sprintf("CREATE TABLE %s (%s)", table, strings.Join(cols, ", ")))
	} else {
		for _, f := range spec.Fields {
			if !existing[column(f.Name)] {
				ddl = append(ddl, fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s %s", table, column(f.Name), columnType(f.Kind)))
			}
		}
		if spec.Summary && !existing["summary"] {
			ddl = append(ddl, fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s", table, summaryColumn))
		}
	}
	// Every single-field index ends in the ID so "sorted by the field, then
	// by ID" and keyset pages are one index range; a unique field's index
	// is on the field alone, or it would not be unique.
	for _, f := range spec.Fields {
		switch {
		case f.Unique:
			ddl = append(ddl, fmt.Sprintf("CREATE UNIQUE INDEX IF NOT EXISTS u_%s_%s ON %s (%s)",
				spec.Name, f.Name, table, column(f.Name)))
		case f.NoIndex:
			ddl = append(ddl, fmt.Sprintf("DROP INDEX IF EXISTS i_%s_%s", spec.Name, f.Name))
		default:
			ddl = append(ddl, fmt.Sprintf("CREATE INDEX IF NOT EXISTS i_%s_%s ON %s (%s, id)",
				spec.Name, f.Name, table, column(f.Name)))
		}
	}
	for _, idx := range spec.Indexes {
		cols := make([]string, 0, len(idx)+1)
		for _, name := range idx {
			cols = append(cols, column(name))
		}
		cols = append(cols, "id")
		ddl = append(ddl, fmt.Sprintf("CREATE INDEX IF NOT EXISTS x_%s__%s ON %s (%s)",
			spec.Name, strings.Join(idx, "__"), table, strings.Join(cols, ", ")))
	}
	return ddl, nil
}

// cloneSpec copies the slices of spec, so a caller changing its own later
// cannot change what the engine declared.
func cloneSpec(s docstore.Spec) docstore.Spec {
	s.Fields = slices.Clone(s.Fields)
	s.Sort = slices.Clone(s.Sort)
	idx := make([][]string, len(s.Indexes))
	for i, x := range s.Indexes {
		idx[i] = slices.Clone(x)
	}
	s.Indexes = idx
	return s
}
