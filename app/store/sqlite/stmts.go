package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// maxStmts bounds the prepared statements kept per pool, in case some
// query shape varies more than expected; beyond it queries run unprepared.
// Shapes that vary by nature (IN lists) are never cached.
const maxStmts = 512

// stmts is a pool with its prepared statements, cached by SQL text.
// database/sql prepares each statement again on every connection it meets.
type stmts struct {
	db *sql.DB
	mu sync.RWMutex
	m  map[string]*sql.Stmt
}

func newStmts(db *sql.DB) *stmts {
	return &stmts{db: db, m: map[string]*sql.Stmt{}}
}

// stmt returns the prepared statement for query, or nil when the cache is
// full.
func (s *stmts) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	s.mu.RLock()
	st, ok := s.m[query]
	full := len(s.m) >= maxStmts
	s.mu.RUnlock()
	if ok || full {
		return st, nil
	}
	// Prepared outside the lock: it may wait for the write connection.
	st, err := s.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.m[query]; ok {
		_ = st.Close()
		return old, nil
	}
	s.m[query] = st
	return st, nil
}

// query runs a SELECT, prepared and cached unless once is set.
func (s *stmts) query(ctx context.Context, once bool, query string, args ...any) (*sql.Rows, error) {
	if once {
		return s.db.QueryContext(ctx, query, args...)
	}
	st, err := s.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return s.db.QueryContext(ctx, query, args...)
	}
	return st.QueryContext(ctx, args...)
}

// row is a *sql.Row, or the error met while preparing it.
type row struct {
	r   *sql.Row
	err error
}

func (r row) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	return r.r.Scan(dest...)
}

// queryRow runs a one-row SELECT, prepared and cached unless once is set.
func (s *stmts) queryRow(ctx context.Context, once bool, query string, args ...any) row {
	if once {
		return row{r: s.db.QueryRowContext(ctx, query, args...)}
	}
	st, err := s.stmt(ctx, query)
	if err != nil {
		return row{err: err}
	}
	if st == nil {
		return row{r: s.db.QueryRowContext(ctx, query, args...)}
	}
	return row{r: st.QueryRowContext(ctx, args...)}
}

func (s *stmts) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := s.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return s.db.ExecContext(ctx, query, args...)
	}
	return st.ExecContext(ctx, args...)
}

// close closes the statements, then the pool.
func (s *stmts) close() error {
	s.mu.Lock()
	for q, st := range s.m {
		_ = st.Close()
		delete(s.m, q)
	}
	s.mu.Unlock()
	return s.db.Close()
}
