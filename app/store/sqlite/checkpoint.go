package sqlite

import (
	"context"
	"database/sql"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// The WAL's bound. Readers that always hold a snapshot keep a PASSIVE
// checkpoint from ever letting the log start again from its beginning, so
// under sustained writes it grew without end (2.8 GiB for 50,000 inserts
// with 4 readers running). So:
//
//   - the checkpointer checks the file's size after each round and, past
//     walRestartAt, runs a RESTART checkpoint: it waits (at most
//     restartWait, holding off new writes meanwhile) for the readers of
//     old snapshots to finish, so the next commit writes the log from its
//     beginning again (and journal_size_limit cuts the file back to
//     walRestartAt). Readers never wait.
//   - should writes outrun it (a slow disk, a busy machine), every
//     walCheckWrites commits a writer looks at the size itself and, past
//     walHoldAt, runs the RESTART before it goes on: back-pressure.
//
// Writes held off wait on the checkpointer's gate, not in SQLite's busy
// handler, which sleeps 1, 2, 5, 10 ms and so on; the RESTART asks for the
// readers' locks without waiting and asks again every restartPoll. With
// TRUNCATE and busy handlers, writes were held about 20 ms each time
// (cutting a 35 MB file to nothing alone took 6 ms): the tail of a case
// page, which logs its read of the identity, at 2,000 such pages a
// second. Now about 2 ms.
//
// The file stays under walBound plus one transaction. Only a reader that
// keeps one snapshot open for long (a backup's copy) lets it grow past,
// until that reader ends.
const (
	walBound       = 64 << 20
	walRestartAt   = walBound / 2
	walHoldAt      = walBound * 3 / 4
	walCheckWrites = 32
	restartWait    = 250 * time.Millisecond
	restartPoll    = 100 * time.Microsecond
)

// Checkpoint pacing: at least every checkpointEvery while writes happen,
// and after every checkpointWrites commits (a commit of one ~1 KB document
// adds a page per index to the log, some 40 KiB), so the log is measured
// often enough to keep its bound, and no checkpoint runs inside a commit.
const (
	checkpointEvery  = 250 * time.Millisecond
	checkpointWrites = 200
)

// checkpointer copies the WAL back into the database file in the background
// on its own connection: PASSIVE (it never waits for readers or the
// writer), escalated to RESTART when the log passes walRestartAt.
type checkpointer struct {
	db     *sql.DB
	wal    string       // the WAL file's path
	writes atomic.Int64 // since the last checkpoint
	total  atomic.Int64 // ever
	hold   sync.Mutex   // one writer restarts the log, the others then find it done
	gate   sync.RWMutex // writes hold it shared, a RESTART alone
	kick   chan struct{}
	quit   chan struct{}
	wg     sync.WaitGroup
}

func (c *checkpointer) start(db *sql.DB, wal string) {
	c.db = db
	c.wal = wal
	c.kick = make(chan struct{}, 1)
	c.quit = make(chan struct{})
	c.wg.Add(1)
	go c.loop()
}

// commit runs fn, one write on the write connection, clear of a RESTART,
// and counts it when fn reports that it changed the database.
func (c *checkpointer) commit(fn func() (changed bool, err error)) error {
	c.gate.RLock()
	changed, err := fn()
	c.gate.RUnlock()
	if changed {
		c.wrote()
	}
	return err
}

// wrote counts one commit, wakes the checkpointer after a burst, and holds
// the writer while it restarts a log past walHoldAt.
func (c *checkpointer) wrote() {
	if c.writes.Add(1)%checkpointWrites == 0 {
		select {
		case c.kick <- struct{}{}:
		default:
		}
	}
	if c.total.Add(1)%walCheckWrites == 0 && c.walSize() > walHoldAt {
		c.hold.Lock()
		if c.walSize() > walHoldAt {
			c.restart()
		}
		c.hold.Unlock()
	}
}

// walSize is the WAL file's size; 0 when it cannot be read.
func (c *checkpointer) walSize() int64 {
	fi, err := os.Stat(c.wal)
	if err != nil {
		return 0
	}
	return fi.Size()
}

func (c *checkpointer) loop() {
	defer c.wg.Done()
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-c.quit:
			return
		case <-t.C:
		case <-c.kick:
		}
		if c.writes.Swap(0) == 0 {
			continue
		}
		// A failed or busy checkpoint is retried on the next round; the
		// WAL only grows meanwhile, nothing is lost.
		c.checkpoint("PASSIVE")
		if c.walSize() > walRestartAt {
			c.restart()
		}
	}
}

// restart checkpoints the whole log, with writes held off, and waits for
// the readers of old snapshots to be done (at most restartWait), so the
// next commit starts the log again.
func (c *checkpointer) restart() {
	c.gate.Lock()
	defer c.gate.Unlock()
	deadline := time.Now().Add(restartWait)
	for c.checkpoint("RESTART") && time.Now().Before(deadline) {
		time.Sleep(restartPoll)
	}
}

// checkpoint runs one checkpoint of mode; true when it could not finish
// (a reader or, for PASSIVE, the writer was in the way) or failed.
func (c *checkpointer) checkpoint(mode string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var busy, log, done int64
	if err := c.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint("+mode+")").Scan(&busy, &log, &done); err != nil {
		return true
	}
	return busy != 0
}

// stop ends the loop and waits for a checkpoint in progress; safe to call
// when start never ran.
func (c *checkpointer) stop() {
	if c.quit == nil {
		return
	}
	close(c.quit)
	c.wg.Wait()
}
