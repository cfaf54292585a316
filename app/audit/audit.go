// Package audit appends to and reads the audit trail: every write and every
// read of a child's identity, with who, what, when and from where.
package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/google/uuid"
)

// Log is the audit trail.
type Log struct {
	st  *store.Store
	now func() time.Time
}

// New returns the audit trail on st.
func New(st *store.Store, now func() time.Time) *Log { return &Log{st: st, now: now} }

// Record appends one entry for the actor in ctx. A write whose audit entry
// cannot be stored reports the error, so the caller can answer 503 rather
// than leave an unrecorded change silently.
func (l *Log) Record(ctx context.Context, action, object string) error {
	a := domain.ActorFrom(ctx)
	id, err := uuid.NewV7()
	if err != nil {
		return err
	}
	e := &domain.AuditEntry{
		ID: id.String(), Time: l.now().UTC(), ActorID: a.UserID, OrgID: a.OrgID,
		Action: action, Object: object, RequestID: a.RequestID, IP: a.IP,
	}
	if err := l.st.Audit.Insert(ctx, e); err != nil {
		return fmt.Errorf("audit %s %s: %w", action, object, err)
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

// List returns one page of entries, newest first. Each combination is served
// by an index: (actor_id, time), (object, time) or time alone.
func (l *Log) List(ctx context.Context, f Filter) ([]*domain.AuditEntry, string, error) {
	var where []docstore.Cond
	if f.ActorID != "" {
		where = append(where, docstore.EqCond("actor_id", f.ActorID))
	}
	if f.Object != "" {
		where = append(where, docstore.EqCond("object", f.Object))
	}
	if !f.From.IsZero() {
		where = append(where, docstore.Cond{Field: "time", Op: docstore.Gte, Value: f.From})
	}
	if !f.To.IsZero() {
		where = append(where, docstore.Cond{Field: "time", Op: docstore.Lt, Value: f.To})
	}
	return l.st.Audit.Find(ctx, docstore.Query{Where: where, After: f.Cursor, Limit: f.Limit})
}
