package store

import (
	"context"
	"errors"
	"fmt"
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
			fuUncounted: f.Recorded() && !f.Applied}
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

// Uncounted pages through recorded visits their case has not counted,
// earliest due first, for the repair sweep.
func (c FollowUps) Uncounted(ctx context.Context, p Page) ([]*casework.FollowUp, string, error) {
	return c.Find(ctx, p.query([]docstore.Cond{docstore.EqCond(fuUncounted, true)}))
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

// FollowUpsToMake pages through open cases whose next follow-up fell due
// on or before the day and is not made yet, soonest first.
func (c Cases) FollowUpsToMake(ctx context.Context, through audit.Date, p Page) ([]*CaseDoc, string, error) {
	return c.Find(ctx, p.query([]docstore.Cond{
		{Field: caseFollowUpToMake, Op: docstore.Gt, Value: ""},
		{Field: caseFollowUpToMake, Op: docstore.Lte, Value: string(through)},
	}, docstore.Order{Field: caseFollowUpToMake}))
}

// ClosedBefore pages through a hub's closed cases that still hold an
// identity and closed before the time, longest closed first.
func (c Cases) ClosedBefore(ctx context.Context, hubID string, before time.Time, p Page) ([]*CaseDoc, string, error) {
	return c.Find(ctx, p.query([]docstore.Cond{docstore.EqCond(caseHubID, hubID),
		{Field: caseIdentityClosed, Op: docstore.Gt, Value: int64(0)},
		{Field: caseIdentityClosed, Op: docstore.Lt, Value: before.Unix()},
	}, docstore.Order{Field: caseIdentityClosed}))
}

// SealedUnderOther pages through the cases whose identity is sealed under
// a key other than keyID (the current one), for the re-seal sweep: the key
// IDs below it, or with above those above it (two ranges of one index, as
// the store has no "not equal").
func (c Cases) SealedUnderOther(ctx context.Context, keyID string, above bool, p Page) ([]*CaseDoc, string, error) {
	where := []docstore.Cond{{Field: caseIdentityKey, Op: docstore.Gt, Value: ""}, {Field: caseIdentityKey, Op: docstore.Lt, Value: keyID}}
	if above {
		where = []docstore.Cond{{Field: caseIdentityKey, Op: docstore.Gt, Value: keyID}}
	}
	return c.Find(ctx, p.query(where, docstore.Order{Field: caseIdentityKey}))
}

// Reseal seals the stored identity of case id again under the current
// key, without changing anything else; false when it already was (another
// run was first) or the case holds none. Errors: the sealer's, for a value
// under a key no longer configured.
func (v CaseVault) Reseal(ctx context.Context, id string) (bool, error) {
	done := false
	_, err := v.Cases.Update(ctx, id, func(d *CaseDoc) error {
		if d.IdentitySealed == nil || !v.Sealer.NeedsReseal(d.IdentitySealed) {
			return errUnchanged
		}
		b, err := v.Sealer.Reseal(d.IdentitySealed, identityAD(d.ID))
		if err != nil {
			return fmt.Errorf("case %s identity: %w", d.ID, err)
		}
		d.IdentitySealed, done = b, true
		return nil
	})
	if errors.Is(err, errUnchanged) {
		return false, nil
	}
	return done, err
}

// errUnchanged ends an update that has nothing to change.
var errUnchanged = errors.New("nothing to change")
