package store

import (
	"context"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain/referral"
)

// The referrals' declared fields, spelled only here.
const (
	refHubID     = "hub_id"
	refCaseID    = "case_id"
	refAgency    = "agency_org_id"
	refState     = "state"
	refCreated   = "created"
	refRemind    = "remind"
	refRemindAt  = "remind_at"
	refEscalate  = "escalate"
	refDue       = "due"
	refEffects   = "effects"
	refServiceID = "service_id"
)

// referralDef: lists are newest first (created); an agency's inbox is
// (agency_org_id[, state], created), a case's (case_id, created), a hub's
// (hub_id[, state], created). The sweeps read flags true only while their
// mark is unset, so each reads only what may be due: (remind, remind_at),
// (escalate, due), (effects, created).
var referralDef = docstore.Def[referral.Referral]{
	Spec: docstore.Spec{
		Name: "referrals",
		Fields: []docstore.Field{
			{Name: refHubID, Kind: docstore.String},
			{Name: refCaseID, Kind: docstore.String},
			{Name: refAgency, Kind: docstore.String},
			{Name: refState, Kind: docstore.String},
			{Name: refServiceID, Kind: docstore.String},
			{Name: refCreated, Kind: docstore.Time},
			{Name: refRemind, Kind: docstore.Bool},
			{Name: refRemindAt, Kind: docstore.Time},
			{Name: refEscalate, Kind: docstore.Bool},
			{Name: refDue, Kind: docstore.Time},
			{Name: refEffects, Kind: docstore.Bool},
		},
		Indexes: [][]string{
			{refCaseID, refCreated},
			{refCaseID, refServiceID, refCreated},
			{refAgency, refCreated},
			{refAgency, refState, refCreated},
			{refHubID, refCreated},
			{refHubID, refState, refCreated},
			{refRemind, refRemindAt},
			{refEscalate, refDue},
			{refEffects, refCreated},
		},
		Sort: []docstore.Order{{Field: refCreated, Desc: true}},
	},
	ID:      func(r *referral.Referral) string { return r.ID },
	Version: func(r *referral.Referral) *int64 { return &r.Version },
	Fields: func(r *referral.Referral) map[string]any {
		unanswered := r.State == referral.Sent
		return map[string]any{refHubID: r.HubID, refCaseID: r.CaseID, refAgency: r.AgencyOrgID, refState: string(r.State),
			refServiceID: r.ServiceID, refCreated: r.Created,
			refRemind:   unanswered && r.Reminded.IsZero() && r.Escalated.IsZero(),
			refRemindAt: r.RemindAt, refEscalate: unanswered && r.Escalated.IsZero(), refDue: r.Due,
			refEffects: r.EffectsDue()}
	},
}

// Referrals is the referrals of cases to directory services.
type Referrals struct {
	*docstore.Coll[referral.Referral]
}

var referralsColl = wire(referralDef, "referral", func(s *Store, c *docstore.Coll[referral.Referral]) { s.Referrals = Referrals{c} })

// OfCase pages through a case's referrals, newest first.
func (c Referrals) OfCase(ctx context.Context, caseID string, p Page) ([]*referral.Referral, string, error) {
	return c.Find(ctx, p.query([]docstore.Cond{docstore.EqCond(refCaseID, caseID)}))
}

// OfCaseToService pages through a case's referrals to one service, newest
// first: whether a prerequisite was met.
func (c Referrals) OfCaseToService(ctx context.Context, caseID, serviceID string, p Page) ([]*referral.Referral, string, error) {
	return c.Find(ctx, p.query([]docstore.Cond{docstore.EqCond(refCaseID, caseID), docstore.EqCond(refServiceID, serviceID)}))
}

// ToAgency pages through the referrals addressed to an agency, newest
// first, of one state when it is set: the agency's inbox.
func (c Referrals) ToAgency(ctx context.Context, agencyOrgID string, state referral.State, p Page) ([]*referral.Referral, string, error) {
	where := []docstore.Cond{docstore.EqCond(refAgency, agencyOrgID)}
	if state != "" {
		where = append(where, docstore.EqCond(refState, string(state)))
	}
	return c.Find(ctx, p.query(where))
}

// InHub pages through a hub's referrals, newest first, of one state when set.
func (c Referrals) InHub(ctx context.Context, hubID string, state referral.State, p Page) ([]*referral.Referral, string, error) {
	where := []docstore.Cond{docstore.EqCond(refHubID, hubID)}
	if state != "" {
		where = append(where, docstore.EqCond(refState, string(state)))
	}
	return c.Find(ctx, p.query(where))
}

// RemindersDue pages through unanswered, unreminded referrals whose
// reminder falls at or before now, soonest first.
func (c Referrals) RemindersDue(ctx context.Context, now time.Time, p Page) ([]*referral.Referral, string, error) {
	return c.Find(ctx, p.query([]docstore.Cond{docstore.EqCond(refRemind, true),
		{Field: refRemindAt, Op: docstore.Lte, Value: now}}, docstore.Order{Field: refRemindAt}))
}

// EscalationsDue pages through unanswered, unescalated referrals past
// their due date at now, soonest first.
func (c Referrals) EscalationsDue(ctx context.Context, now time.Time, p Page) ([]*referral.Referral, string, error) {
	return c.Find(ctx, p.query([]docstore.Cond{docstore.EqCond(refEscalate, true),
		{Field: refDue, Op: docstore.Lt, Value: now}}, docstore.Order{Field: refDue}))
}

// EffectsDue pages through referrals whose decline notice or plan-action
// delivery still waits, oldest first.
func (c Referrals) EffectsDue(ctx context.Context, p Page) ([]*referral.Referral, string, error) {
	return c.Find(ctx, p.query([]docstore.Cond{docstore.EqCond(refEffects, true)}, docstore.Order{Field: refCreated}))
}

// CountInHub counts a hub's referrals.
func (c Referrals) CountInHub(ctx context.Context, hubID string) (int64, error) {
	return c.Count(ctx, docstore.EqCond(refHubID, hubID))
}
