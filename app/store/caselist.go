package store

import (
	"context"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/law"
)

// CaseListDoc is a stored case as the case lists read it: the facts a list
// item shows and the plan's actions the supplier's and the brand's views
// are made of. It is the case's stored summary, written with every case,
// so a list reads a few hundred bytes a case instead of the whole case
// (the sealed identity, work, consent, assessment, approvals, history,
// the plan's descriptions), which was most of a list's time. It is
// read-only: the collection is written through Cases alone.
type CaseListDoc struct {
	ID              string
	Version         int64
	HubID           string
	Code            string
	SupplierID      string
	Source          casework.Source
	Status          casework.Status
	Stage           casework.Stage
	OpenedBy        string
	AssignedTo      string
	Identified      time.Time
	Child           casework.Child
	Classification  struct{ Class law.Class }
	Plan            []caseListAction
	FollowUps       int
	FollowUpStreak  int
	NextFollowUpDue audit.Date
	StipendLate     bool
	Updated         time.Time
}

// caseListAction is a plan action without its description and authorship.
type caseListAction struct {
	ID                string
	Kind              casework.ActionKind
	Owner             casework.Party
	Due               time.Time
	Status            casework.ActionStatus
	StipendMonthlyPKR int64
	Progress          *casework.Progress
}

// Case is the listed case with what the list read: enough for the
// domain's supplier and brand views, and nothing of the rest.
func (d *CaseListDoc) Case() casework.Case {
	c := casework.Case{ID: d.ID, Version: d.Version, HubID: d.HubID, Code: d.Code, SupplierID: d.SupplierID, Source: d.Source,
		Status: d.Status, Stage: d.Stage, OpenedBy: d.OpenedBy, AssignedTo: d.AssignedTo, Identified: d.Identified, Child: d.Child,
		Classification: casework.Classification{Class: d.Classification.Class}, FollowUps: d.FollowUps, FollowUpStreak: d.FollowUpStreak,
		NextFollowUpDue: d.NextFollowUpDue, StipendLate: d.StipendLate, Updated: d.Updated}
	if len(d.Plan) > 0 {
		c.Plan = make([]casework.PlanAction, len(d.Plan))
		for i, a := range d.Plan {
			c.Plan[i] = casework.PlanAction{ID: a.ID, Kind: a.Kind, Owner: a.Owner, Due: a.Due, Status: a.Status,
				StipendMonthlyPKR: a.StipendMonthlyPKR, Progress: a.Progress}
		}
	}
	return c
}

// caseSummary is the list item stored with the case.
func caseSummary(c *CaseDoc) any {
	d := CaseListDoc{ID: c.ID, Version: c.Version, HubID: c.HubID, Code: c.Code, SupplierID: c.SupplierID, Source: c.Source,
		Status: c.Status, Stage: c.Stage, OpenedBy: c.OpenedBy, AssignedTo: c.AssignedTo, Identified: c.Identified, Child: c.Child,
		FollowUps: c.FollowUps, FollowUpStreak: c.FollowUpStreak, NextFollowUpDue: c.NextFollowUpDue, StipendLate: c.StipendLate,
		Updated: c.Updated}
	d.Classification.Class = c.Classification.Class
	if len(c.Plan) > 0 {
		d.Plan = make([]caseListAction, len(c.Plan))
		for i, a := range c.Plan {
			d.Plan[i] = caseListAction{ID: a.ID, Kind: a.Kind, Owner: a.Owner, Due: a.Due, Status: a.Status,
				StipendMonthlyPKR: a.StipendMonthlyPKR, Progress: a.Progress}
		}
	}
	return d
}

// caseListDef reads the cases collection's summaries as list items. Its
// spec is the cases' own (one table or collection, its indexes); it is
// never written.
var caseListDef = docstore.Def[CaseListDoc]{
	Spec:    caseDef.Spec,
	ID:      func(c *CaseListDoc) string { return c.ID },
	Version: func(c *CaseListDoc) *int64 { return &c.Version },
	Fields:  func(*CaseListDoc) map[string]any { panic("store: case list items are read-only") },
}

// ListInHub is InHub read as list items.
func (c Cases) ListInHub(ctx context.Context, hubID string, f CaseFilter, p Page) ([]*CaseListDoc, string, error) {
	q, err := inHub(hubID, f, p)
	if err != nil {
		return nil, "", err
	}
	return c.lists.Find(ctx, q)
}

// ListOfSupplier is OfSupplier read as list items.
func (c Cases) ListOfSupplier(ctx context.Context, supplierID string, stage casework.Stage, p Page) ([]*CaseListDoc, string, error) {
	return c.lists.Find(ctx, ofSupplier(supplierID, stage, p))
}

// ListGetMany is GetMany read as list items: the found cases among ids,
// in the order of ids.
func (c Cases) ListGetMany(ctx context.Context, ids []string) ([]*CaseListDoc, error) {
	return c.lists.GetMany(ctx, ids)
}

// Scope is the case's own, so a scope check reads the case's list form
// rather than the whole case.
func (d *CaseListDoc) Scope() domain.Scope {
	c := casework.Case{HubID: d.HubID, OpenedBy: d.OpenedBy, SupplierID: d.SupplierID}
	return c.Scope()
}

// Listed is the cases read as list items, for GetVisible's scope check.
func (c Cases) Listed() *docstore.Coll[CaseListDoc] { return c.lists }
