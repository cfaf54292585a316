package sqlite

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
	"time"
)

// Checkpoint pacing: at least once a second while writes happen, and sooner
// after a burst, so the WAL stays small without a checkpoint inside a commit.
const (
	checkpointEvery  = time.Second
	checkpointWrites = 1000
)

// checkpointer copies the WAL back into the database file in the background
// (PASSIVE: it never waits for readers or the writer), on its own connection.
type checkpointer struct {
	db     *sql.DB
	writes atomic.Int64 // since the last checkpoint
	kick   chan struct{}
	quit   chan struct{}
	wg     sync.WaitGroup
}

func (c *checkpointer) start(db *sql.DB) {
	c.db = db
	c.kick = make(chan struct{}, 1)
	c.quit = make(chan struct{})
	c.wg.Add(1)
	go c.loop()
}

// wrote counts one commit and wakes the checkpointer after a burst.
func (c *checkpointer) wrote() {
	if c.writes.Add(1) == checkpointWrites {
		select {
		case c.kick <- struct{}{}:
		default:
		}
	}
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
		// A failed checkpoint is retried on the next round; the WAL only
		// grows meanwhile, nothing is lost.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		var busy, log, done int64
		_ = c.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &log, &done)
		cancel()
	}
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
