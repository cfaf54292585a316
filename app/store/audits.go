package store

import (
	"context"
	"slices"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain/audit"
)

// auditDef: every index ends in window_from, the default sort (the latest
// window first), so every list is read in index order. open and
// supplier_visible are copies of what the domain decides (an open state;
// audit.SupplierSees), kept as fields so that the one-open-per-type check
// and the supplier's own list filter in the query.
var auditDef = docstore.Def[audit.Audit]{
	Spec: docstore.Spec{
		Name: "audits",
		Fields: []docstore.Field{
			{Name: "hub_id", Kind: docstore.String},
			{Name: "supplier_id", Kind: docstore.String},
			{Name: "state", Kind: docstore.String},
			{Name: "type", Kind: docstore.String},
			{Name: "open", Kind: docstore.Bool},
			{Name: "supplier_visible", Kind: docstore.Bool},
			{Name: "window_from", Kind: docstore.String},
			{Name: "team_remind", Kind: docstore.Bool},
			{Name: "unpublished_remind", Kind: docstore.Bool},
			{Name: "submitted", Kind: docstore.Time},
			{Name: "next_notice", Kind: docstore.Bool},
			{Name: "next_due", Kind: docstore.String},
			{Name: "effects_pending", Kind: docstore.Bool},
		},
		Indexes: [][]string{
			{"hub_id", "window_from"},
			{"hub_id", "state", "window_from"},
			{"supplier_id", "window_from"},
			{"supplier_id", "state", "window_from"},
			{"supplier_id", "supplier_visible", "window_from"},
			{"supplier_id", "type", "open", "window_from"},
			// the sweeps': a flag that is true while the mark is unsent, then
			// the field whose range says when it is due
			{"team_remind", "window_from"},
			{"unpublished_remind", "submitted"},
			{"next_notice", "next_due"},
			{"effects_pending", "window_from"},
		},
		Sort:    []docstore.Order{{Field: "window_from", Desc: true}},
		Summary: true,
	},
	Summary: func(a *audit.Audit) any { return a.Brief() },
	ID:      func(a *audit.Audit) string { return a.ID },
	Version: func(a *audit.Audit) *int64 { return &a.Version },
	Fields: func(a *audit.Audit) map[string]any {
		return map[string]any{
			"hub_id": a.HubID, "supplier_id": a.SupplierID, "state": string(a.State), "type": string(a.Type),
			"open": slices.Contains(audit.OpenStates, a.State), "supplier_visible": audit.SupplierSees(*a),
			"window_from":        string(a.Window.From),
			"team_remind":        a.State == audit.StateScheduled && a.TeamReminded.IsZero(),
			"unpublished_remind": a.State == audit.StateSubmitted && !a.UnpublishedRemindedFor.Equal(a.Submitted),
			"submitted":          a.Submitted,
			"next_notice":        a.State == audit.StatePublished && a.NextAuditNoticed.IsZero(),
			"next_due":           string(a.Rating.NextAuditDue),
			"effects_pending":    a.State == audit.StatePublished && !a.EffectsDone,
		}
	},
}

// AuditAuditor links one auditor to one audit (an audit has a team, an
// auditor many audits), with a copy of the window so that an auditor's
// bookings are one indexed range read.
type AuditAuditor struct {
	ID         string // AuditAuditorID
	AuditID    string
	UserID     string
	HubID      string
	WindowFrom audit.Date
}

// AuditAuditorID is the link's ID, the same on every attempt.
func AuditAuditorID(auditID, userID string) string { return auditID + ":" + userID }

var auditAuditorDef = docstore.Def[AuditAuditor]{
	Spec: docstore.Spec{
		Name: "audit_auditors",
		Fields: []docstore.Field{
			{Name: "user_id", Kind: docstore.String},
			{Name: "window_from", Kind: docstore.String},
		},
		Indexes: [][]string{{"user_id", "window_from"}},
		Sort:    []docstore.Order{{Field: "window_from", Desc: true}},
	},
	ID: func(l *AuditAuditor) string { return l.ID },
	Fields: func(l *AuditAuditor) map[string]any {
		return map[string]any{"user_id": l.UserID, "window_from": string(l.WindowFrom)}
	},
}

// AuditBrand records that a published audit reached a brand linked to its
// supplier at publication, so that a brand's list of audits across its
// suppliers is one indexed query. A brand linked later finds the older
// audits through the supplier (list with supplier_id).
type AuditBrand struct {
	ID         string // AuditBrandID
	AuditID    string
	BrandOrgID string
	SupplierID string
	Published  time.Time
}

// AuditBrandID is the record's ID, the same on every attempt.
func AuditBrandID(auditID, brandOrgID string) string { return auditID + ":" + brandOrgID }

var auditBrandDef = docstore.Def[AuditBrand]{
	Spec: docstore.Spec{
		Name: "audit_brands",
		Fields: []docstore.Field{
			{Name: "brand_org_id", Kind: docstore.String},
			{Name: "published", Kind: docstore.Time},
		},
		Indexes: [][]string{{"brand_org_id", "published"}},
		Sort:    []docstore.Order{{Field: "published", Desc: true}},
	},
	ID: func(l *AuditBrand) string { return l.ID },
	Fields: func(l *AuditBrand) map[string]any {
		return map[string]any{"brand_org_id": l.BrandOrgID, "published": l.Published}
	},
}

// findingDef: every index ends in created, the default sort (newest first).
var findingDef = docstore.Def[audit.Finding]{
	Spec: docstore.Spec{
		Name: "findings",
		Fields: []docstore.Field{
			{Name: "hub_id", Kind: docstore.String},
			{Name: "audit_id", Kind: docstore.String},
			{Name: "category", Kind: docstore.String},
			{Name: "severity", Kind: docstore.String},
			{Name: "created", Kind: docstore.Time},
		},
		Indexes: [][]string{
			{"audit_id", "created"},
			{"hub_id", "created"},
			{"hub_id", "category", "created"},
			{"hub_id", "severity", "created"},
			{"hub_id", "category", "severity", "created"},
		},
		Sort: []docstore.Order{{Field: "created", Desc: true}},
	},
	ID:      func(f *audit.Finding) string { return f.ID },
	Version: func(f *audit.Finding) *int64 { return &f.Version },
	Fields: func(f *audit.Finding) map[string]any {
		return map[string]any{"hub_id": f.HubID, "audit_id": f.AuditID, "category": string(f.Category),
			"severity": string(f.Severity), "created": f.Created}
	},
}

// actionDef: every index ends in due, the default sort (soonest first), so
// lists put what is due first. pending is whether the deadline runs (a due
// date, and the action waits on the site): the overdue list is pending
// actions due before now, one range on the (hub_id, pending, due) index.
var actionDef = docstore.Def[audit.Action]{
	Spec: docstore.Spec{
		Name: "corrective_actions",
		Fields: []docstore.Field{
			{Name: "hub_id", Kind: docstore.String},
			{Name: "finding_id", Kind: docstore.String},
			{Name: "supplier_id", Kind: docstore.String},
			{Name: "state", Kind: docstore.String},
			{Name: "pending", Kind: docstore.Bool},
			{Name: "due", Kind: docstore.Time},
			{Name: "remind7", Kind: docstore.Bool},
			{Name: "remind1", Kind: docstore.Bool},
			{Name: "escalate", Kind: docstore.Bool},
		},
		Indexes: [][]string{
			{"finding_id", "due"},
			{"supplier_id", "due"},
			{"supplier_id", "state", "due"},
			{"hub_id", "due"},
			{"hub_id", "pending", "due"},
			// the sweeps': true while the sent-mark is unset on a pending
			// action with a deadline, so a sweep reads only what may be due
			{"remind7", "due"},
			{"remind1", "due"},
			{"escalate", "due"},
		},
		Sort: []docstore.Order{{Field: "due"}},
	},
	ID:      func(a *audit.Action) string { return a.ID },
	Version: func(a *audit.Action) *int64 { return &a.Version },
	Fields: func(a *audit.Action) map[string]any {
		pending := !a.Due.IsZero() && slices.Contains(audit.PendingStates, a.State)
		return map[string]any{"hub_id": a.HubID, "finding_id": a.FindingID, "supplier_id": a.SupplierID,
			"state": string(a.State), "pending": pending, "due": a.Due,
			"remind7": pending && a.Reminded7Days.IsZero() && a.Reminded1Day.IsZero(),
			"remind1": pending && a.Reminded1Day.IsZero(), "escalate": pending && a.OverdueNotified.IsZero()}
	},
}

// auditSettingsDef: one small document per hub, its ID the hub's; read by
// ID only.
var auditSettingsDef = docstore.Def[audit.HubSettings]{
	Spec: docstore.Spec{
		Name:   "audit_settings",
		Fields: []docstore.Field{{Name: "updated", Kind: docstore.Time}},
		Sort:   []docstore.Order{{Field: "updated"}},
	},
	ID:      func(h *audit.HubSettings) string { return h.HubID },
	Version: func(h *audit.HubSettings) *int64 { return &h.Version },
	Fields: func(h *audit.HubSettings) map[string]any {
		return map[string]any{"updated": h.Updated}
	},
}

// AuditSettings is each hub's deadlines for corrective actions, by hub ID.
type AuditSettings struct {
	*docstore.Coll[audit.HubSettings]
}

var auditSettingsColl = wire(auditSettingsDef, "audit settings", func(s *Store, c *docstore.Coll[audit.HubSettings]) {
	s.AuditSettings = AuditSettings{c}
})

// Audits is the HRDD audits of suppliers.
type Audits struct {
	*docstore.Coll[audit.Audit]
	briefs *docstore.Coll[audit.Audit] // the summaries: each audit's Brief
}

var auditsColl = wire(auditDef, "audit", func(s *Store, c *docstore.Coll[audit.Audit]) {
	s.Audits = Audits{Coll: c, briefs: docstore.BindSummaries(s.Engine, auditDef)}
})

// Briefs is the same collection read as briefs (audit.Audit.Brief): its
// reads return each audit's brief, and its writes are refused.
func (c Audits) Briefs() Audits { return Audits{Coll: c.briefs, briefs: c.briefs} }

// Days narrows a list of audits to those whose window opens from From to
// To, both included; an empty end is open. Every audit index ends in
// window_from, so the days are a range on the index's last field.
type Days struct{ From, To audit.Date }

func (d Days) conds(where []docstore.Cond) []docstore.Cond {
	if d.From != "" {
		where = append(where, docstore.Cond{Field: "window_from", Op: docstore.Gte, Value: string(d.From)})
	}
	if d.To != "" {
		where = append(where, docstore.Cond{Field: "window_from", Op: docstore.Lte, Value: string(d.To)})
	}
	return where
}

// InHub pages through a hub's audits, latest window first; only those in
// state when it is set, and opening on days.
func (c Audits) InHub(ctx context.Context, hubID string, state audit.State, days Days, p Page) ([]*audit.Audit, string, error) {
	where := []docstore.Cond{docstore.EqCond("hub_id", hubID)}
	if state != "" {
		where = append(where, docstore.EqCond("state", string(state)))
	}
	return c.Find(ctx, p.query(days.conds(where)))
}

// OfSupplier pages through a supplier's audits, latest window first; only
// those in state when it is set, and opening on days.
func (c Audits) OfSupplier(ctx context.Context, supplierID string, state audit.State, days Days, p Page) ([]*audit.Audit, string, error) {
	where := []docstore.Cond{docstore.EqCond("supplier_id", supplierID)}
	if state != "" {
		where = append(where, docstore.EqCond("state", string(state)))
	}
	return c.Find(ctx, p.query(days.conds(where)))
}

// KnownToSupplier pages through the audits a supplier may know of
// (audit.SupplierSees) opening on days, latest window first.
func (c Audits) KnownToSupplier(ctx context.Context, supplierID string, days Days, p Page) ([]*audit.Audit, string, error) {
	where := []docstore.Cond{docstore.EqCond("supplier_id", supplierID), docstore.EqCond("supplier_visible", true)}
	return c.Find(ctx, p.query(days.conds(where)))
}

// OpenOfType returns the supplier's open audits of type t: at most one,
// unless a race let a second in.
func (c Audits) OpenOfType(ctx context.Context, supplierID string, t audit.Type) ([]*audit.Audit, error) {
	where := []docstore.Cond{docstore.EqCond("supplier_id", supplierID), docstore.EqCond("type", string(t)), docstore.EqCond("open", true)}
	as, _, err := c.Find(ctx, docstore.Query{Where: where, Limit: docstore.MaxLimit})
	return as, err
}

// AuditAuditors is the links between audits and their auditors.
type AuditAuditors struct{ *docstore.Coll[AuditAuditor] }

var auditAuditorsColl = wire(auditAuditorDef, "audit's auditor", func(s *Store, c *docstore.Coll[AuditAuditor]) {
	s.AuditAuditors = AuditAuditors{c}
})

// OfUser pages through the links of the audits an auditor is on, opening
// on days, latest window first.
func (c AuditAuditors) OfUser(ctx context.Context, userID string, days Days, p Page) ([]*AuditAuditor, string, error) {
	return c.Find(ctx, p.query(days.conds([]docstore.Cond{docstore.EqCond("user_id", userID)})))
}

// Booked returns the links of an auditor's audits whose window starts from
// from to to, both included: with windows of at most audit.MaxWindowDays,
// every audit that can share a day with a window [f, t] starts from
// f-(MaxWindowDays-1) to t.
func (c AuditAuditors) Booked(ctx context.Context, userID string, from, to audit.Date) ([]*AuditAuditor, error) {
	where := []docstore.Cond{docstore.EqCond("user_id", userID),
		{Field: "window_from", Op: docstore.Gte, Value: string(from)}, {Field: "window_from", Op: docstore.Lte, Value: string(to)}}
	ls, _, err := c.Find(ctx, docstore.Query{Where: where, Limit: docstore.MaxLimit})
	return ls, err
}

// AuditBrands is the published audits as they reached each linked brand.
type AuditBrands struct{ *docstore.Coll[AuditBrand] }

var auditBrandsColl = wire(auditBrandDef, "audit's brand", func(s *Store, c *docstore.Coll[AuditBrand]) { s.AuditBrands = AuditBrands{c} })

// OfBrand pages through the audits published to a brand, newest first.
func (c AuditBrands) OfBrand(ctx context.Context, brandOrgID string, p Page) ([]*AuditBrand, string, error) {
	return c.Find(ctx, p.query([]docstore.Cond{docstore.EqCond("brand_org_id", brandOrgID)}))
}

// Findings is audits' findings.
type Findings struct{ *docstore.Coll[audit.Finding] }

var findingsColl = wire(findingDef, "finding", func(s *Store, c *docstore.Coll[audit.Finding]) { s.Findings = Findings{c} })

// OfAudit pages through an audit's findings, newest first.
func (c Findings) OfAudit(ctx context.Context, auditID string, p Page) ([]*audit.Finding, string, error) {
	return c.Find(ctx, p.query([]docstore.Cond{docstore.EqCond("audit_id", auditID)}))
}

// InHub pages through a hub's findings, newest first, of one category
// and one severity when they are set.
func (c Findings) InHub(ctx context.Context, hubID string, cat audit.Category, sev audit.Severity, p Page) ([]*audit.Finding, string, error) {
	where := []docstore.Cond{docstore.EqCond("hub_id", hubID)}
	if cat != "" {
		where = append(where, docstore.EqCond("category", string(cat)))
	}
	if sev != "" {
		where = append(where, docstore.EqCond("severity", string(sev)))
	}
	return c.Find(ctx, p.query(where))
}

// Actions is the corrective actions.
type Actions struct{ *docstore.Coll[audit.Action] }

var actionsColl = wire(actionDef, "corrective action", func(s *Store, c *docstore.Coll[audit.Action]) { s.Actions = Actions{c} })

// OfFinding pages through a finding's actions, soonest due first.
func (c Actions) OfFinding(ctx context.Context, findingID string, p Page) ([]*audit.Action, string, error) {
	return c.Find(ctx, p.query([]docstore.Cond{docstore.EqCond("finding_id", findingID)}))
}

// OfSupplier pages through a supplier's actions, soonest due first; only
// those in state when it is set.
func (c Actions) OfSupplier(ctx context.Context, supplierID string, state audit.ActionState, p Page) ([]*audit.Action, string, error) {
	where := []docstore.Cond{docstore.EqCond("supplier_id", supplierID)}
	if state != "" {
		where = append(where, docstore.EqCond("state", string(state)))
	}
	return c.Find(ctx, p.query(where))
}

// InHub pages through a hub's actions, soonest due first.
func (c Actions) InHub(ctx context.Context, hubID string, p Page) ([]*audit.Action, string, error) {
	return c.Find(ctx, p.query([]docstore.Cond{docstore.EqCond("hub_id", hubID)}))
}

// Overdue pages through a hub's actions past due at now while they wait on
// the site (audit.Action.Overdue), longest overdue first.
func (c Actions) Overdue(ctx context.Context, hubID string, now time.Time, p Page) ([]*audit.Action, string, error) {
	where := []docstore.Cond{docstore.EqCond("hub_id", hubID), docstore.EqCond("pending", true),
		{Field: "due", Op: docstore.Lt, Value: now}}
	return c.Find(ctx, p.query(where))
}

// Sweeps' queries: each reads one range of one index, in the order things
// fall due, from a cursor; a sweep marks what it handles, which takes it
// out of the range.

// TeamRemindersDue pages through scheduled audits whose team is not yet
// reminded, with windows opening up to last, earliest first.
func (c Audits) TeamRemindersDue(ctx context.Context, last audit.Date, p Page) ([]*audit.Audit, string, error) {
	where := []docstore.Cond{docstore.EqCond("team_remind", true), {Field: "window_from", Op: docstore.Lte, Value: string(last)}}
	return c.Find(ctx, p.query(where, docstore.Order{Field: "window_from"}))
}

// UnpublishedRemindersDue pages through submitted audits whose admins are
// not yet reminded of this submission, submitted up to before, oldest first.
func (c Audits) UnpublishedRemindersDue(ctx context.Context, before time.Time, p Page) ([]*audit.Audit, string, error) {
	where := []docstore.Cond{docstore.EqCond("unpublished_remind", true), {Field: "submitted", Op: docstore.Lte, Value: before}}
	return c.Find(ctx, p.query(where, docstore.Order{Field: "submitted"}))
}

// NextAuditNoticesDue pages through published audits whose next audit,
// due up to last, has not been noticed yet, soonest due first.
func (c Audits) NextAuditNoticesDue(ctx context.Context, last audit.Date, p Page) ([]*audit.Audit, string, error) {
	where := []docstore.Cond{docstore.EqCond("next_notice", true), {Field: "next_due", Op: docstore.Lte, Value: string(last)}}
	return c.Find(ctx, p.query(where, docstore.Order{Field: "next_due"}))
}

// EffectsPending pages through published audits whose publication effects
// are not all written, earliest window first.
func (c Audits) EffectsPending(ctx context.Context, p Page) ([]*audit.Audit, string, error) {
	where := []docstore.Cond{docstore.EqCond("effects_pending", true)}
	return c.Find(ctx, p.query(where, docstore.Order{Field: "window_from"}))
}

// RemindersDue pages through pending actions still owed reminder days
// (audit.Reminder7Days or audit.Reminder1Day) whose deadline falls after
// now and within that many days, soonest due first.
func (c Actions) RemindersDue(ctx context.Context, days int, now time.Time, p Page) ([]*audit.Action, string, error) {
	flag, from := "remind7", now.Add(24*time.Hour)
	if days == audit.Reminder1Day {
		flag, from = "remind1", now
	}
	where := []docstore.Cond{docstore.EqCond(flag, true), {Field: "due", Op: docstore.Gt, Value: from},
		{Field: "due", Op: docstore.Lte, Value: now.Add(time.Duration(days) * 24 * time.Hour)}}
	return c.Find(ctx, p.query(where, docstore.Order{Field: "due"}))
}

// EscalationsDue pages through pending actions past due at now whose
// overdue escalation has not gone out, longest overdue first.
func (c Actions) EscalationsDue(ctx context.Context, now time.Time, p Page) ([]*audit.Action, string, error) {
	where := []docstore.Cond{docstore.EqCond("escalate", true), {Field: "due", Op: docstore.Lt, Value: now}}
	return c.Find(ctx, p.query(where, docstore.Order{Field: "due"}))
}
