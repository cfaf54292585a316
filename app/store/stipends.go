package store

import (
	"context"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
)

// The stipends' and payments' declared fields, spelled only here.
const (
	stipendHubID      = "hub_id"
	stipendSupplierID = "supplier_id"
	stipendNext       = "next_deadline"
	stipendRunning    = "running"

	paymentHubID      = "hub_id"
	paymentSupplierID = "supplier_id"
	paymentCaseID     = "case_id"
	paymentPeriod     = "period"
	paymentFlagged    = "flagged"
	paymentEscalate   = "escalate"
	paymentDeadline   = "deadline"
)

// stipendDef: next_deadline is the deadline of the first month not yet
// checked ("" once the stipend is over, below every day; running is
// false then): the lists show what falls due first, and the sweep reads
// the running range before today.
var stipendDef = docstore.Def[casework.Stipend]{
	Spec: docstore.Spec{
		Name: "stipends",
		Fields: []docstore.Field{
			{Name: stipendHubID, Kind: docstore.String},
			{Name: stipendSupplierID, Kind: docstore.String},
			{Name: stipendNext, Kind: docstore.String},
			{Name: stipendRunning, Kind: docstore.Bool},
		},
		Indexes: [][]string{
			{stipendRunning, stipendNext},
			{stipendHubID, stipendNext},
			{stipendSupplierID, stipendNext},
		},
		Sort: []docstore.Order{{Field: stipendNext}},
	},
	ID:      func(s *casework.Stipend) string { return s.ID },
	Version: func(s *casework.Stipend) *int64 { return &s.Version },
	Fields: func(s *casework.Stipend) map[string]any {
		return map[string]any{stipendHubID: s.HubID, stipendSupplierID: s.SupplierID, stipendNext: string(s.NextDeadline()),
			stipendRunning: s.NextDeadline() != ""}
	},
}

// paymentDef: every list index ends in period, the default sort (latest
// month first). flagged is late or missed; escalate is flagged with the
// escalation mark unset, so the sweep reads only what it must still send.
var paymentDef = docstore.Def[casework.Payment]{
	Spec: docstore.Spec{
		Name: "stipend_payments",
		Fields: []docstore.Field{
			{Name: paymentHubID, Kind: docstore.String},
			{Name: paymentSupplierID, Kind: docstore.String},
			{Name: paymentCaseID, Kind: docstore.String},
			{Name: paymentPeriod, Kind: docstore.String},
			{Name: paymentFlagged, Kind: docstore.Bool},
			{Name: paymentEscalate, Kind: docstore.Bool},
			{Name: paymentDeadline, Kind: docstore.String},
		},
		Indexes: [][]string{
			{paymentCaseID, paymentPeriod},
			{paymentSupplierID, paymentPeriod},
			{paymentSupplierID, paymentFlagged, paymentPeriod},
			{paymentHubID, paymentFlagged, paymentPeriod},
			{paymentEscalate, paymentDeadline},
		},
		Sort: []docstore.Order{{Field: paymentPeriod, Desc: true}},
	},
	ID:      func(p *casework.Payment) string { return p.ID },
	Version: func(p *casework.Payment) *int64 { return &p.Version },
	Fields: func(p *casework.Payment) map[string]any {
		return map[string]any{paymentHubID: p.HubID, paymentSupplierID: p.SupplierID, paymentCaseID: p.CaseID,
			paymentPeriod: string(p.Period), paymentFlagged: p.Flagged(), paymentEscalate: p.EscalationDue(),
			paymentDeadline: string(p.Deadline)}
	},
}

// Stipends is the cases' stipend schedules, one per case, by the case's ID.
type Stipends struct {
	*docstore.Coll[casework.Stipend]
}

var stipendsColl = wire(stipendDef, "stipend", func(s *Store, c *docstore.Coll[casework.Stipend]) { s.Stipends = Stipends{c} })

// InHub pages through a hub's running stipends, the next deadline first.
func (c Stipends) InHub(ctx context.Context, hubID string, p Page) ([]*casework.Stipend, string, error) {
	return c.Find(ctx, p.query([]docstore.Cond{docstore.EqCond(stipendHubID, hubID),
		{Field: stipendNext, Op: docstore.Gt, Value: ""}}))
}

// OfSupplier pages through a supplier's running stipends, the next deadline first.
func (c Stipends) OfSupplier(ctx context.Context, supplierID string, p Page) ([]*casework.Stipend, string, error) {
	return c.Find(ctx, p.query([]docstore.Cond{docstore.EqCond(stipendSupplierID, supplierID),
		{Field: stipendNext, Op: docstore.Gt, Value: ""}}))
}

// CheckDue pages through the running stipends whose next deadline is
// before day, the earliest first: the months the sweep must check.
func (c Stipends) CheckDue(ctx context.Context, day audit.Date, p Page) ([]*casework.Stipend, string, error) {
	return c.Find(ctx, p.query([]docstore.Cond{docstore.EqCond(stipendRunning, true),
		{Field: stipendNext, Op: docstore.Lt, Value: string(day)}}))
}

// Payments is the stipend payments, one per case and month.
type Payments struct {
	*docstore.Coll[casework.Payment]
}

var paymentsColl = wire(paymentDef, "stipend payment", func(s *Store, c *docstore.Coll[casework.Payment]) { s.Payments = Payments{c} })

// OfCase pages through a case's payments, the latest month first.
func (c Payments) OfCase(ctx context.Context, caseID string, p Page) ([]*casework.Payment, string, error) {
	return c.Find(ctx, p.query([]docstore.Cond{docstore.EqCond(paymentCaseID, caseID)}))
}

// OfSupplier pages through a supplier's payments, the latest month first;
// only the late and missed ones when flagged.
func (c Payments) OfSupplier(ctx context.Context, supplierID string, flagged bool, p Page) ([]*casework.Payment, string, error) {
	where := []docstore.Cond{docstore.EqCond(paymentSupplierID, supplierID)}
	if flagged {
		where = append(where, docstore.EqCond(paymentFlagged, true))
	}
	return c.Find(ctx, p.query(where))
}

// Flagged pages through a hub's late and missed payments, the latest month first.
func (c Payments) Flagged(ctx context.Context, hubID string, p Page) ([]*casework.Payment, string, error) {
	return c.Find(ctx, p.query([]docstore.Cond{docstore.EqCond(paymentHubID, hubID), docstore.EqCond(paymentFlagged, true)}))
}

// EscalationsDue pages through the late and missed payments not yet
// escalated, the earliest deadline first.
func (c Payments) EscalationsDue(ctx context.Context, p Page) ([]*casework.Payment, string, error) {
	return c.Find(ctx, p.query([]docstore.Cond{docstore.EqCond(paymentEscalate, true)}, docstore.Order{Field: paymentDeadline}))
}
