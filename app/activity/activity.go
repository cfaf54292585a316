// Package activity appends to and reads the activity log: every write and every
// read of a child's identity, with who, what, when and from where.
package activity

import (
	"context"
	"fmt"
	"time"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/google/uuid"
)

// Log is the activity log.
type Log struct {
	st  *store.Store
	now func() time.Time
}

// New returns the activity log on st.
func New(st *store.Store, now func() time.Time) *Log { return &Log{st: st, now: now} }

// Record appends one entry for the actor in ctx. A write whose activity log entry
// cannot be stored reports the error, so the caller can answer 503 rather
// than leave an unrecorded change silently.
func (l *Log) Record(ctx context.Context, action, object string) error {
	a := domain.ActorFrom(ctx)
	id, err := uuid.NewV7()
	if err != nil {
		return err
	}
	e := &domain.ActivityEntry{
		ID: id.String(), Time: l.now().UTC(), ActorID: a.UserID, OrgID: a.OrgID,
		Action: action, Object: object, RequestID: a.RequestID, IP: a.IP,
	}
	if err := l.st.Activity.Insert(ctx, e); err != nil {
		return fmt.Errorf("activity %s %s: %w", action, object, err)
	}
	return nil
}

// Filter selects entries; every field is optional.
type Filter struct {
	ActorID string
	Object  string
	From    time.Time // inclusive
	To      time.Time // exclusive
	Cursor  string
	Limit   int
}

// List returns one page of entries, newest first.
func (l *Log) List(ctx context.Context, f Filter) ([]*domain.ActivityEntry, string, error) {
	return l.st.Activity.List(ctx, store.ActivityQuery{ActorID: f.ActorID, Object: f.Object, From: f.From, To: f.To},
		store.Page{After: f.Cursor, Limit: f.Limit})
}
