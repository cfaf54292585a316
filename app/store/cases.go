package store

import (
	"context"
	"fmt"

	"github.com/actionhub/actionhub/app/sealed"
	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
)

// CaseDoc is a case as stored: the case with no identity in clear, and the
// identity sealed (app/sealed, purpose sealed.CaseIdentity, bound to the
// case's ID) as one value. Identity is always nil here; CaseVault seals
// and opens it.
type CaseDoc struct {
	casework.Case
	// IdentitySealed is the sealed JSON of casework.Identity; nil once the
	// identity is purged after retention.
	IdentitySealed []byte
}

// caseOpenedBy etc. are the cases' declared fields, spelled only here.
const (
	caseHubID      = "hub_id"
	caseStage      = "stage"
	caseSupplierID = "supplier_id"
	caseAssignedTo = "assigned_to"
	caseOpenedBy   = "opened_by"
	caseFollowUp   = "follow_up_due"
	caseSourceKey  = "source_key"
	caseCreated    = "created"
	// the follow-up, retention and re-seal sweeps' fields (followups.go)
	caseFollowUpToMake = "follow_up_to_make"
	caseIdentityClosed = "identity_closed"
	caseIdentityKey    = "identity_key"
)

// caseDef: every list index ends in created, the default sort (newest
// first); the follow-up list reads follow_up_due, the next visit's day
// while the case is open ("" otherwise, below every day), soonest first.
// source_key is unique: one case per finding or grievance, whatever races.
var caseDef = docstore.Def[CaseDoc]{
	Spec: docstore.Spec{
		Name: "cases",
		Fields: []docstore.Field{
			{Name: caseHubID, Kind: docstore.String},
			{Name: caseStage, Kind: docstore.String},
			{Name: caseSupplierID, Kind: docstore.String},
			{Name: caseAssignedTo, Kind: docstore.String},
			{Name: caseOpenedBy, Kind: docstore.String},
			{Name: caseFollowUp, Kind: docstore.String},
			{Name: caseSourceKey, Kind: docstore.String, Unique: true},
			{Name: caseCreated, Kind: docstore.Time},
			{Name: caseFollowUpToMake, Kind: docstore.String},
			{Name: caseIdentityClosed, Kind: docstore.Int},
			{Name: caseIdentityKey, Kind: docstore.String},
		},
		Indexes: [][]string{
			{caseHubID, caseCreated},
			{caseHubID, caseStage, caseCreated},
			{caseHubID, caseSupplierID, caseCreated},
			{caseHubID, caseAssignedTo, caseCreated},
			{caseHubID, caseOpenedBy, caseCreated},
			{caseHubID, caseOpenedBy, caseStage, caseCreated},
			{caseHubID, caseFollowUp},
			{caseSupplierID, caseCreated},
			{caseSupplierID, caseStage, caseCreated},
			{caseHubID, caseIdentityClosed},
		},
		Sort:    []docstore.Order{{Field: caseCreated, Desc: true}},
		Summary: true,
	},
	Summary: func(c *CaseDoc) any { return caseSummary(c) },
	ID:      func(c *CaseDoc) string { return c.ID },
	Version: func(c *CaseDoc) *int64 { return &c.Version },
	Fields: func(c *CaseDoc) map[string]any {
		due := ""
		if c.Status == casework.StatusOpen {
			due = string(c.NextFollowUpDue)
		}
		return map[string]any{caseHubID: c.HubID, caseStage: string(c.Stage), caseSupplierID: c.SupplierID,
			caseAssignedTo: c.AssignedTo, caseOpenedBy: c.OpenedBy, caseFollowUp: due,
			caseSourceKey: SourceKey(c.Source, c.SourceID, c.ID), caseCreated: c.Created,
			caseFollowUpToMake: followUpToMake(c), caseIdentityClosed: identityClosed(c),
			caseIdentityKey: sealed.KeyIDOf(c.IdentitySealed)}
	},
}

// SourceKey is what makes a case unique: its finding or grievance, or the
// case itself for outreach, which has no source record.
func SourceKey(s casework.Source, sourceID, caseID string) string {
	if sourceID == "" {
		return string(s) + ":" + caseID
	}
	return string(s) + ":" + sourceID
}

// Cases is the child labour cases, identity sealed. Reads that need the
// identity go through a CaseVault.
type Cases struct {
	*docstore.Coll[CaseDoc]
	// lists reads the same collection decoded as list items (caselist.go).
	lists *docstore.Coll[CaseListDoc]
}

var casesColl = wire(caseDef, "case", func(s *Store, c *docstore.Coll[CaseDoc]) {
	s.Cases = Cases{Coll: c, lists: docstore.BindSummaries(s.Engine, caseListDef)}
})

// CaseFilter narrows a list of cases; the empty fields are not filters.
// The store serves one filter at a time with each scope (the indexes
// above); Check says which combinations it serves.
type CaseFilter struct {
	Stage             casework.Stage
	SupplierID        string
	AssignedTo        string
	OpenedBy          string
	FollowUpDueBefore audit.Date // open cases whose next follow-up is due before the day
}

// Check returns a validation error when the filter combines fields no
// index serves: at most one of them, or opened_by with stage.
func (f CaseFilter) Check() error {
	n := 0
	for _, set := range []bool{f.Stage != "", f.SupplierID != "", f.AssignedTo != "", f.OpenedBy != "", f.FollowUpDueBefore != ""} {
		if set {
			n++
		}
	}
	if n > 1 && !(n == 2 && f.OpenedBy != "" && f.Stage != "") {
		return domain.Invalid("", "filter by one of stage, supplier_id, assigned_to, opened_by (with stage) or follow_up_due_before at a time")
	}
	return nil
}

// InHub pages through a hub's cases, newest first (soonest follow-up
// first with FollowUpDueBefore).
func (c Cases) InHub(ctx context.Context, hubID string, f CaseFilter, p Page) ([]*CaseDoc, string, error) {
	q, err := inHub(hubID, f, p)
	if err != nil {
		return nil, "", err
	}
	return c.Find(ctx, q)
}

func inHub(hubID string, f CaseFilter, p Page) (docstore.Query, error) {
	if err := f.Check(); err != nil {
		return docstore.Query{}, err
	}
	where := []docstore.Cond{docstore.EqCond(caseHubID, hubID)}
	switch {
	case f.FollowUpDueBefore != "":
		where = append(where, docstore.Cond{Field: caseFollowUp, Op: docstore.Gt, Value: ""},
			docstore.Cond{Field: caseFollowUp, Op: docstore.Lt, Value: string(f.FollowUpDueBefore)})
		return p.query(where, docstore.Order{Field: caseFollowUp}), nil
	case f.SupplierID != "":
		where = append(where, docstore.EqCond(caseSupplierID, f.SupplierID))
	case f.AssignedTo != "":
		where = append(where, docstore.EqCond(caseAssignedTo, f.AssignedTo))
	}
	if f.OpenedBy != "" {
		where = append(where, docstore.EqCond(caseOpenedBy, f.OpenedBy))
	}
	if f.Stage != "" {
		where = append(where, docstore.EqCond(caseStage, string(f.Stage)))
	}
	return p.query(where), nil
}

// OfSupplier pages through a supplier's cases, newest first, of one stage
// when it is set: the supplier's and its brands' lists.
func (c Cases) OfSupplier(ctx context.Context, supplierID string, stage casework.Stage, p Page) ([]*CaseDoc, string, error) {
	return c.Find(ctx, ofSupplier(supplierID, stage, p))
}

func ofSupplier(supplierID string, stage casework.Stage, p Page) docstore.Query {
	where := []docstore.Cond{docstore.EqCond(caseSupplierID, supplierID)}
	if stage != "" {
		where = append(where, docstore.EqCond(caseStage, string(stage)))
	}
	return p.query(where)
}

// BySource returns the case opened from a finding or grievance, if any.
func (c Cases) BySource(ctx context.Context, s casework.Source, sourceID string) (*CaseDoc, error) {
	cs, _, err := c.Find(ctx, docstore.Query{Where: []docstore.Cond{docstore.EqCond(caseSourceKey, SourceKey(s, sourceID, ""))}, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, domain.NotVisible("case")
	}
	return cs[0], nil
}

// CaseVault reads and writes cases with their identity, sealing it on the
// way in and opening it on the way out.
type CaseVault struct {
	Cases
	Sealer *sealed.Sealer
}

// Vault binds the cases to a sealer.
func (c Cases) Vault(s *sealed.Sealer) CaseVault { return CaseVault{Cases: c, Sealer: s} }

// identityAD binds a sealed identity to its case: copied onto another
// case, it does not open.
func identityAD(caseID string) []byte { return sealed.Owner(caseID, "identity") }

// Seal returns the stored form of c.
func (v CaseVault) Seal(c casework.Case) (*CaseDoc, error) {
	d := &CaseDoc{Case: c}
	d.Identity = nil
	if c.Identity != nil {
		b, err := v.Sealer.SealJSON(c.Identity, identityAD(c.ID))
		if err != nil {
			return nil, err
		}
		d.IdentitySealed = b
	}
	return d, nil
}

// Open returns the case of a stored one, identity opened.
func (v CaseVault) Open(d *CaseDoc) (*casework.Case, error) {
	c := d.Case
	c.Identity = nil
	if d.IdentitySealed != nil {
		id := &casework.Identity{}
		if err := v.Sealer.OpenJSON(d.IdentitySealed, identityAD(d.ID), id); err != nil {
			return nil, fmt.Errorf("case %s identity: %w", d.ID, err)
		}
		c.Identity = id
	}
	return &c, nil
}

// Insert stores a new case; a second case from the same finding or
// grievance is a conflict (domain.ErrConflict).
// It sets c's version to the stored one.
func (v CaseVault) Insert(ctx context.Context, c *casework.Case) error {
	d, err := v.Seal(*c)
	if err != nil {
		return err
	}
	if err := v.Cases.Insert(ctx, d); err != nil {
		return err
	}
	c.Version = d.Version
	return nil
}

// Update changes a case through fn with its identity open, and stores it
// sealed again; fn's error is returned as is and stores nothing. The case
// fn receives carries the stored version, for fn's CheckVersion.
func (v CaseVault) Update(ctx context.Context, id string, fn func(c *casework.Case) error) (*casework.Case, error) {
	var out *casework.Case
	stored, err := v.Cases.Update(ctx, id, func(d *CaseDoc) error {
		c, err := v.Open(d)
		if err != nil {
			return err
		}
		if err := fn(c); err != nil {
			return err
		}
		nd, err := v.Seal(*c)
		if err != nil {
			return err
		}
		nd.Version = d.Version
		*d = *nd
		out = c
		return nil
	})
	if err != nil {
		return nil, err
	}
	out.Version = stored.Version
	return out, nil
}
