package store

import (
	"context"
	"errors"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
)

// The follow-ups' declared fields, spelled only here.
const (
	fuHubID      = "hub_id"
	fuCaseID     = "case_id"
	fuSlot       = "slot"
	fuState      = "state"
	fuDue        = "due"
	fuAssignedTo = "assigned_to"
	fuUncounted  = "uncounted"
)

// followUpDef: every list index ends in due, the default sort (soonest
// first). slot is unique: one follow-up per case per due day, however many
// sweeps or visits race to make it. uncounted is true while a recorded
// visit waits to be counted on its case, so the repair sweep reads only those.
var followUpDef = docstore.Def[casework.FollowUp]{
	Spec: docstore.Spec{
		Name: "follow_ups",
		Fields: []docstore.Field{
			{Name: fuHubID, Kind: docstore.String},
			{Name: fuCaseID, Kind: docstore.String},
			{Name: fuSlot, Kind: docstore.String, Unique: true},
			{Name: fuState, Kind: docstore.String},
			{Name: fuDue, Kind: docstore.String},
			{Name: fuAssignedTo, Kind: docstore.String},
			{Name: fuUncounted, Kind: docstore.Bool},
		},
		Indexes: [][]string{
			{fuCaseID, fuDue},
			{fuHubID, fuState, fuDue},
			{fuHubID, fuState, fuAssignedTo, fuDue},
			{fuUncounted, fuDue},
		},
		Sort: []docstore.Order{{Field: fuDue}},
	},
	ID:      func(f *casework.FollowUp) string { return f.ID },
	Version: func(f *casework.FollowUp) *int64 { return &f.Version },
	Fields: func(f *casework.FollowUp) map[string]any {
		return map[string]any{fuHubID: f.HubID, fuCaseID: f.CaseID, fuSlot: FollowUpSlot(f.CaseID, f.Due),
			fuState: string(f.State), fuDue: string(f.Due), fuAssignedTo: f.AssignedTo,
			fuUncounted: f.State != casework.FollowUpDue && !f.Applied}
	},
}

// FollowUpSlot is what makes a follow-up unique: its case and due day.
func FollowUpSlot(caseID string, due audit.Date) string { return caseID + "/" + string(due) }

// FollowUps is the cases' follow-up visits, due and recorded.
type FollowUps struct {
	*docstore.Coll[casework.FollowUp]
}

var followUpsColl = wire(followUpDef, "follow-up", func(s *Store, c *docstore.Coll[casework.FollowUp]) { s.FollowUps = FollowUps{c} })

// OfCase pages through a case's follow-ups, earliest due first.
func (c FollowUps) OfCase(ctx context.Context, caseID string, p Page) ([]*casework.FollowUp, string, error) {
	return c.Find(ctx, p.query([]docstore.Cond{docstore.EqCond(fuCaseID, caseID)}))
}

// BySlot returns the case's follow-up due on a day. Errors: not found.
func (c FollowUps) BySlot(ctx context.Context, caseID string, due audit.Date) (*casework.FollowUp, error) {
	fs, _, err := c.Find(ctx, docstore.Query{Where: []docstore.Cond{docstore.EqCond(fuSlot, FollowUpSlot(caseID, due))}, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		return nil, domain.NotVisible("follow-up")
	}
	return fs[0], nil
}

// DueInHub pages through a hub's follow-ups still due on or before the day
// (every one when before is ""), soonest first; only the case worker's
// when assignedTo is set.
func (c FollowUps) DueInHub(ctx context.Context, hubID, assignedTo string, before audit.Date, p Page) ([]*casework.FollowUp, string, error) {
	where := []docstore.Cond{docstore.EqCond(fuHubID, hubID), docstore.EqCond(fuState, string(casework.FollowUpDue))}
	if assignedTo != "" {
		where = append(where, docstore.EqCond(fuAssignedTo, assignedTo))
	}
	if before != "" {
		where = append(where, docstore.Cond{Field: fuDue, Op: docstore.Lte, Value: string(before)})
	}
	return c.Find(ctx, p.query(where))
}

// Uncounted returns up to limit recorded visits their case has not
// counted, earliest due first, for the repair sweep.
func (c FollowUps) Uncounted(ctx context.Context, limit int) ([]*casework.FollowUp, error) {
	fs, _, err := c.Find(ctx, docstore.Query{Where: []docstore.Cond{docstore.EqCond(fuUncounted, true)},
		Limit: limit})
	return fs, err
}

// MarkCounted sets the mark that the case counted the follow-up; an
// already marked or deleted one is left as is.
func (c FollowUps) MarkCounted(ctx context.Context, id string) error {
	_, err := c.Update(ctx, id, func(f *casework.FollowUp) error { f.Applied = true; return nil })
	if errors.Is(err, domain.ErrNotFound) {
		return nil
	}
	return err
}

// followUpToMake is the case's next due day while its follow-up is still
// to be made by the schedule sweep, "" otherwise.
func followUpToMake(c *CaseDoc) string {
	if c.Status != casework.StatusOpen || c.NextFollowUpDue == "" || c.NextFollowUpDue == c.FollowUpMade {
		return ""
	}
	return string(c.NextFollowUpDue)
}

// identityClosed is when a closed case that still holds an identity
// closed, in Unix seconds, for the retention purge; 0 otherwise.
func identityClosed(c *CaseDoc) int64 {
	if c.Status != casework.StatusClosed || c.IdentitySealed == nil || c.Closure.ClosedAt.IsZero() {
		return 0
	}
	return c.Closure.ClosedAt.Unix()
}

// FollowUpsToMake returns up to limit open cases whose next follow-up fell
// due on or before the day and is not made yet, soonest first.
func (c Cases) FollowUpsToMake(ctx context.Context, through audit.Date, limit int) ([]*CaseDoc, error) {
	ds, _, err := c.Find(ctx, docstore.Query{Where: []docstore.Cond{
		{Field: caseFollowUpToMake, Op: docstore.Gt, Value: ""},
		{Field: caseFollowUpToMake, Op: docstore.Lte, Value: string(through)},
	}, Sort: []docstore.Order{{Field: caseFollowUpToMake}}, Limit: limit})
	return ds, err
}

// ClosedBefore returns up to limit of a hub's closed cases that still hold
// an identity and closed before the time, longest closed first.
func (c Cases) ClosedBefore(ctx context.Context, hubID string, before time.Time, limit int) ([]*CaseDoc, error) {
	ds, _, err := c.Find(ctx, docstore.Query{Where: []docstore.Cond{docstore.EqCond(caseHubID, hubID),
		{Field: caseIdentityClosed, Op: docstore.Gt, Value: int64(0)},
		{Field: caseIdentityClosed, Op: docstore.Lt, Value: before.Unix()},
	}, Sort: []docstore.Order{{Field: caseIdentityClosed}}, Limit: limit})
	return ds, err
}

// SealedUnder returns up to limit cases whose identity is sealed under a
// key other than keyID (the current one), for the re-seal sweep: two
// ranges on the key index, below and above it.
func (c Cases) SealedUnder(ctx context.Context, keyID string, limit int) ([]*CaseDoc, error) {
	below, _, err := c.Find(ctx, docstore.Query{Where: []docstore.Cond{
		{Field: caseIdentityKey, Op: docstore.Gt, Value: ""},
		{Field: caseIdentityKey, Op: docstore.Lt, Value: keyID},
	}, Sort: []docstore.Order{{Field: caseIdentityKey}}, Limit: limit})
	if err != nil || len(below) >= limit {
		return below, err
	}
	above, _, err := c.Find(ctx, docstore.Query{Where: []docstore.Cond{
		{Field: caseIdentityKey, Op: docstore.Gt, Value: keyID},
	}, Sort: []docstore.Order{{Field: caseIdentityKey}}, Limit: limit - len(below)})
	return append(below, above...), err
}
