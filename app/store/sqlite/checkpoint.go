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
//     walTruncateAt, runs a TRUNCATE checkpoint: it waits (at most
//     truncateWait, holding off new writes meanwhile) for the readers of
//     old snapshots to finish, then empties the log. Readers never wait.
//   - should writes outrun it (a slow disk, a busy machine), every
//     walCheckWrites commits a writer looks at the size itself and, past
//     walHoldAt, runs the TRUNCATE before it goes on: back-pressure.
//
// The file stays under walBound plus one transaction. Only a reader that
// keeps one snapshot open for long (a backup's copy) lets it grow past,
// until that reader ends.
const (
	walBound       = 64 << 20
	walTruncateAt  = walBound / 2
	walHoldAt      = walBound * 3 / 4
	walCheckWrites = 32
	truncateWait   = 250 * time.Millisecond
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
// writer), escalated to TRUNCATE when the log passes walTruncateAt.
type checkpointer struct {
	db     *sql.DB
	wal    string       // the WAL file's path
	writes atomic.Int64 // since the last checkpoint
	total  atomic.Int64 // ever
	hold   sync.Mutex   // one writer truncates, the others then find it done
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

// wrote counts one commit, wakes the checkpointer after a burst, and holds
// the writer while it empties a log past walHoldAt.
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
			c.checkpoint("TRUNCATE")
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
		if c.walSize() > walTruncateAt {
			c.checkpoint("TRUNCATE")
		}
	}
}

func (c *checkpointer) checkpoint(mode string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var busy, log, done int64
	_ = c.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint("+mode+")").Scan(&busy, &log, &done)
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
