package sqlite

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	sqlitedrv "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// fail wraps err from operation op in the contract's terms: ErrClosed once
// the engine is closed, domain.ErrUnavailable for a lock wait or a deadline
// that ran out (the cause stays wrapped too), the error as is otherwise.
func (e *Engine) fail(op string, err error) error {
	switch {
	case e.closed.Load():
		return fmt.Errorf("sqlite: %s: %w", op, docstore.ErrClosed)
	case errors.Is(err, context.DeadlineExceeded), isBusy(err):
		return fmt.Errorf("sqlite: %s: %w: %w", op, domain.ErrUnavailable, err)
	}
	return fmt.Errorf("sqlite: %s: %w", op, err)
}

func code(err error) int {
	var se *sqlitedrv.Error
	if errors.As(err, &se) {
		return se.Code()
	}
	return 0
}

func isBusy(err error) bool {
	c := code(err) & 0xff // primary code; extended codes are on
	return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
}

// constraintColumn matches "c_items.f_code" or "c_items.id" in SQLite's
// "UNIQUE constraint failed: ..." message.
var constraintColumn = regexp.MustCompile(`c_[a-z0-9_]+\.([a-z0-9_]+)`)

// conflict turns a duplicate ID or unique value into domain.ErrConflict
// naming the field (never the value, which may be personal data), or
// returns nil when err is something else.
func conflict(coll string, err error) error {
	c := code(err)
	if c != sqlite3.SQLITE_CONSTRAINT_UNIQUE && c != sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY {
		return nil
	}
	field := "unique value"
	if m := constraintColumn.FindStringSubmatch(err.Error()); m != nil {
		field = strings.TrimPrefix(m[1], "f_")
	}
	return docstore.Duplicate(coll, field)
}
