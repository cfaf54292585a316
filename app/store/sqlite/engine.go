// Package sqlite is the embedded storage engine: the document-store contract
// on one SQLite database file (modernc.org/sqlite, pure Go) in the data
// directory, with blobs as files beside it. One process owns the directory.
//
// Each collection is a table c_<name> (id, version, body) with one plain,
// indexed column f_<field> per declared field, written on every write, so
// every filter and sort the contract allows is served by a real index.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/actionhub/actionhub/app/store/docstore"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// File names inside the data directory.
const (
	dbFile   = "actionhub.db"
	lockFile = "actionhub.lock"
	blobDir  = "blobs"
)

// Modes of what the engine creates: the database holds personal data, so
// only the account the server runs as may read it, like the secret key.
const (
	dirMode  = 0o700
	fileMode = 0o600
)

// readers is the size of the read pool. Readers never block the writer in
// WAL mode; more than a few only compete for the 2 to 4 cores a hub runs on.
const readers = 4

// Engine is the SQLite engine. It is safe for concurrent use.
type Engine struct {
	dir   string
	write *stmts // exactly one connection: SQLite allows one writer at a time
	read  *stmts // query_only connections
	ckpt  *sql.DB
	lock  *os.File
	blobs *blobStore

	ensureMu sync.Mutex // one schema change at a time
	mu       sync.RWMutex
	colls    map[string]*collection

	plans     planChecks
	closed    atomic.Bool
	closeOnce sync.Once
	closeErr  error
	cp        checkpointer
}

var _ docstore.Engine = (*Engine)(nil)

// Open opens (creating if needed) the data directory dir. It fails when
// another process, or another Open in this one, holds the directory, naming
// the holder's PID, and then touches nothing.
func Open(ctx context.Context, dir string) (*Engine, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("sqlite: data directory %s: %w", dir, err)
	}
	if err := os.MkdirAll(abs, dirMode); err != nil {
		return nil, fmt.Errorf("sqlite: create data directory: %w", err)
	}
	lock, err := acquireLock(abs)
	if err != nil {
		return nil, err
	}
	e := &Engine{dir: abs, lock: lock, colls: map[string]*collection{}}
	if err := os.MkdirAll(filepath.Join(abs, blobDir), dirMode); err != nil {
		e.closeAll()
		return nil, fmt.Errorf("sqlite: create blob directory: %w", err)
	}
	if err := privateFiles(abs); err != nil {
		e.closeAll()
		return nil, err
	}
	if err := e.open(ctx); err != nil {
		e.closeAll()
		return nil, err
	}
	e.blobs = &blobStore{e: e, dir: filepath.Join(abs, blobDir)}
	e.cp.start(e.ckpt, filepath.Join(abs, dbFile+"-wal"))
	return e, nil
}

// privateFiles creates the database file with fileMode before SQLite opens
// it (SQLite would create it 0644, and gives its -wal and -shm files the
// database file's mode), and narrows the mode of the files and the blob
// directory a data directory written before may hold.
func privateFiles(dir string) error {
	path := filepath.Join(dir, dbFile)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, fileMode)
	if err == nil {
		err = f.Close()
	} else if errors.Is(err, os.ErrExist) {
		err = nil
	}
	if err != nil {
		return fmt.Errorf("sqlite: create %s: %w", path, err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm", filepath.Join(dir, blobDir)} {
		mode := os.FileMode(fileMode)
		if p == filepath.Join(dir, blobDir) {
			mode = dirMode
		}
		if err := os.Chmod(p, mode); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("sqlite: restrict %s: %w", p, err)
		}
	}
	return nil
}

// Synchronous NORMAL in WAL mode: a process crash loses nothing committed
// (the OS still holds the written WAL), a power loss can lose the last
// commits but never corrupts the file. Measured here it gives about twice
// the update rate of FULL.
//
// wal_autocheckpoint(0): the automatic checkpoint runs inside a commit and
// put 13 to 76 ms spikes into commits; the checkpointer runs them apart and
// keeps the log under walBound. journal_size_limit cuts the WAL back to
// walRestartAt whenever the log starts again from its beginning.
//
// cache_size(-65536), 64 MiB (the default is 2 MiB): the pages a big
// transaction (an index built over a full table) dirties stay in memory
// until its commit, rather than spilling into the log, being changed again
// and spilling again; ordinary commits find the index pages they touch
// already cached. The cache grows only as pages are used.
const writePragmas = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)" +
	"&_pragma=wal_autocheckpoint(0)&_pragma=journal_size_limit(33554432)&_pragma=cache_size(-65536)&_txlock=immediate"

const readPragmas = "_pragma=busy_timeout(5000)&_pragma=query_only(1)"

// dsn builds the driver's URI for path; the path is escaped so that '?' or
// '#' in a directory name cannot be read as parameters.
func dsn(path, params string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: params}
	return u.String()
}

func (e *Engine) open(ctx context.Context) error {
	path := filepath.Join(e.dir, dbFile)
	w, err := sql.Open("sqlite", dsn(path, writePragmas))
	if err != nil {
		return fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	e.write = newStmts(w)
	// The writer connects first: it switches the file to WAL before any reader.
	if err := w.PingContext(ctx); err != nil {
		return e.fail("open "+path, err)
	}
	r, err := sql.Open("sqlite", dsn(path, readPragmas))
	if err != nil {
		return fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	r.SetMaxOpenConns(readers)
	r.SetMaxIdleConns(readers)
	r.SetConnMaxLifetime(0)
	r.SetConnMaxIdleTime(0)
	e.read = newStmts(r)
	// The checkpointer has its own connection, so a checkpoint never holds
	// the write connection; a PASSIVE checkpoint takes no write lock. It
	// has no busy timeout: a RESTART waits for readers in its own loop
	// (checkpointer.restart).
	c, err := sql.Open("sqlite", dsn(path, "_pragma=busy_timeout(0)"))
	if err != nil {
		return fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	c.SetMaxOpenConns(1)
	e.ckpt = c
	for _, ddl := range []string{
		`CREATE TABLE IF NOT EXISTS sequences (name TEXT PRIMARY KEY, n INTEGER NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS blobs (id TEXT PRIMARY KEY, content_type TEXT NOT NULL,
			size INTEGER NOT NULL, sha256 TEXT NOT NULL, created INTEGER NOT NULL)`,
	} {
		if _, err := w.ExecContext(ctx, ddl); err != nil {
			return e.fail("create tables", err)
		}
	}
	if err := r.PingContext(ctx); err != nil {
		return e.fail("open read pool", err)
	}
	return nil
}

// Dir returns the data directory, absolute.
func (e *Engine) Dir() string { return e.dir }

// C returns the collection declared by Ensure. It panics on an undeclared
// name: a wiring bug that the first test touching it catches.
func (e *Engine) C(name string) docstore.Collection {
	e.mu.RLock()
	c, ok := e.colls[name]
	e.mu.RUnlock()
	if !ok {
		panic(fmt.Sprintf("sqlite: collection %q used before Ensure", name))
	}
	return c
}

// Next returns the next number of sequence, starting at 1, from one atomic
// upsert on the single write connection, so no two callers share a number.
// Errors: docstore.ErrClosed, or wrapping domain.ErrUnavailable.
func (e *Engine) Next(ctx context.Context, sequence string) (int64, error) {
	if e.closed.Load() {
		return 0, docstore.ErrClosed
	}
	var n int64
	err := e.cp.commit(func() (bool, error) {
		err := e.write.queryRow(ctx, false, `INSERT INTO sequences (name, n) VALUES (?, 1)
		ON CONFLICT (name) DO UPDATE SET n = n + 1 RETURNING n`, sequence).Scan(&n)
		if err != nil {
			return false, e.fail("next "+sequence, err)
		}
		return true, nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// Blobs returns the blob store under the data directory.
func (e *Engine) Blobs() docstore.Blobs { return e.blobs }

// Ping runs a query on the read pool. Errors: docstore.ErrClosed, or
// wrapping domain.ErrUnavailable.
func (e *Engine) Ping(ctx context.Context) error {
	if e.closed.Load() {
		return docstore.ErrClosed
	}
	var one int
	if err := e.read.queryRow(ctx, false, "SELECT 1").Scan(&one); err != nil {
		return e.fail("ping", err)
	}
	return nil
}

// Close stops the checkpointer, checkpoints the WAL into the database file
// (so the directory holds one self-contained file), closes the connections
// and releases the directory. Other calls after it return
// docstore.ErrClosed; closing again returns nil.
func (e *Engine) Close() error {
	e.closeOnce.Do(func() {
		e.closed.Store(true)
		e.cp.stop()
		if _, err := e.write.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			e.closeErr = fmt.Errorf("sqlite: final checkpoint: %w", err)
		}
		if err := e.closeAll(); err != nil && e.closeErr == nil {
			e.closeErr = err
		}
	})
	return e.closeErr
}

// closeAll closes whatever open or Open got to, the lock last.
func (e *Engine) closeAll() error {
	var first error
	keep := func(err error) {
		if err != nil && first == nil {
			first = err
		}
	}
	if e.read != nil {
		keep(e.read.close())
	}
	if e.write != nil {
		keep(e.write.close())
	}
	if e.ckpt != nil {
		keep(e.ckpt.Close())
	}
	keep(releaseLock(e.lock))
	return first
}
