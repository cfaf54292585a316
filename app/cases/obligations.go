package cases

import (
	"context"
	"io"
	"time"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/policies"
)

// Obligations of a supplier are the supplier-owned actions of its cases'
// plans. They stay in the case (the plan is one document, changed on one
// version), and the supplier's list reads its cases through the
// (supplier_id, created) index the case lists already use: a facility has
// a handful of cases, and no second copy has to be kept in step.

// CaseObligations is one case's obligations as a supplier's list shows
// them: the case code and what is owed, never the child.
type CaseObligations struct {
	CaseID      string
	CaseCode    string
	SupplierID  string
	Status      casework.Status
	Obligations []casework.Obligation
}

// ObligationFilter selects a supplier's obligations.
type ObligationFilter struct {
	SupplierID string // a facility's user may omit it for its only facility
	Cursor     string
	Limit      int
}

// Obligations pages through a supplier's cases, newest first, each with
// the obligations its plan addresses to the supplier; cases without any
// are left out of the page (the cursor still moves past them). Errors: not
// found for a supplier out of scope.
func (l *Ledger) Obligations(ctx context.Context, f ObligationFilter) ([]*CaseObligations, string, error) {
	id, err := l.facility(ctx, f.SupplierID, policies.PermObligationsList)
	if err != nil {
		return nil, "", err
	}
	ds, next, err := l.st.Cases.ListOfSupplier(ctx, id, "", store.Page{After: f.Cursor, Limit: f.Limit})
	if err != nil {
		return nil, "", err
	}
	out := []*CaseObligations{}
	for _, d := range ds {
		if obs := casework.ObligationsOf(d.Case()); len(obs) > 0 {
			out = append(out, &CaseObligations{CaseID: d.ID, CaseCode: d.Code, SupplierID: d.SupplierID, Status: d.Status, Obligations: obs})
		}
	}
	return out, next, nil
}

// CaseObligations is one case's obligations to its supplier, for the
// case's own page. The case is read in its list form through the same
// scope decision as a change to it, so a case out of the reader's scope is
// not found, as it is to a report; the identity is never read. A case
// without obligations has an empty list.
func (l *Ledger) CaseObligations(ctx context.Context, caseID string) (*CaseObligations, error) {
	d, err := store.GetVisible(ctx, l.enf, l.st.Cases.Listed(), caseID, policies.PermObligationsList)
	if err != nil {
		return nil, err
	}
	return &CaseObligations{CaseID: d.ID, CaseCode: d.Code, SupplierID: d.SupplierID, Status: d.Status, Obligations: casework.ObligationsOf(d.Case())}, nil
}

// ObligationMove is what a caller does to an obligation.
type ObligationMove struct {
	Status  casework.ObligationStatus // the supplier's report
	Note    string
	Confirm *bool // the case worker's answer: true confirms, false sends back
	Reason  string
}

// changeCase applies fn to the stored case (identity stays sealed: none
// of these changes touches it) after the scope decision on perm.
func (l *Ledger) changeCase(ctx context.Context, caseID string, perm policies.Permission, action string,
	fn func(c *casework.Case, by string, at time.Time) error) (*CaseObligations, error) {
	if _, err := store.GetVisible(ctx, l.enf, l.st.Cases.Listed(), caseID, perm); err != nil {
		return nil, err
	}
	ac, at := domain.ActorFrom(ctx), l.now().UTC()
	d, err := l.st.Cases.Update(ctx, caseID, func(d *store.CaseDoc) error { return fn(&d.Case, ac.UserID, at) })
	if err != nil {
		return nil, err
	}
	if err := l.activity.Record(ctx, action, "case:"+caseID); err != nil {
		return nil, err
	}
	return &CaseObligations{CaseID: d.ID, CaseCode: d.Code, SupplierID: d.SupplierID, Status: d.Status, Obligations: casework.ObligationsOf(d.Case)}, nil
}

// ReportObligation records the supplier's progress on an obligation.
// Errors: not found out of scope or for an action not the supplier's; the
// domain's (casework.Case.ReportObligation).
func (l *Ledger) ReportObligation(ctx context.Context, caseID, actionID string, st casework.ObligationStatus, note string) (*CaseObligations, error) {
	return l.changeCase(ctx, caseID, policies.PermObligationsReport, "cases.obligation_report", func(c *casework.Case, by string, at time.Time) error {
		return c.ReportObligation(actionID, st, note, by, at)
	})
}

// ConfirmObligation is the case worker's answer to an obligation reported
// done. Errors as casework.Case.ConfirmObligation.
func (l *Ledger) ConfirmObligation(ctx context.Context, caseID, actionID string, confirm bool, reason string) (*CaseObligations, error) {
	action := "cases.obligation_send_back"
	if confirm {
		action = "cases.obligation_confirm"
	}
	return l.changeCase(ctx, caseID, policies.PermObligationsConfirm, action, func(c *casework.Case, by string, at time.Time) error {
		return c.ConfirmObligation(actionID, confirm, reason, by, at)
	})
}

// AddObligationFile keeps an evidence file the supplier uploads on an
// obligation. The rules are checked before a byte is stored; a file that
// shows a person is refused. Errors as ReportObligation, and the upload's.
func (l *Ledger) AddObligationFile(ctx context.Context, caseID, actionID, declared string, showsPerson bool, body io.Reader) (*CaseObligations, error) {
	d, err := store.GetVisible(ctx, l.enf, l.st.Cases.Coll, caseID, policies.PermObligationsReport)
	if err != nil {
		return nil, err
	}
	if err := d.CheckObligationFile(actionID); err != nil {
		return nil, err
	}
	if showsPerson {
		return nil, domain.Invalid("shows_person", "a file that shows or names a person is not kept on an obligation")
	}
	var out *CaseObligations
	_, err = l.keep(ctx, declared, body, func(e audit.Evidence) error {
		out, err = l.changeCase(ctx, caseID, policies.PermObligationsReport, "cases.obligation_file", func(c *casework.Case, by string, at time.Time) error {
			return c.AddObligationFile(actionID, e, by, at)
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ObligationFile opens an obligation's file for the supplier and the
// hub's case staff. Errors: not found for anything else.
func (l *Ledger) ObligationFile(ctx context.Context, caseID, actionID, blobID string) (io.ReadCloser, audit.Evidence, error) {
	d, err := store.GetVisible(ctx, l.enf, l.st.Cases.Coll, caseID, policies.PermObligationsList)
	if err != nil {
		return nil, audit.Evidence{}, err
	}
	for _, o := range casework.ObligationsOf(d.Case) {
		if o.ActionID != actionID || o.Progress == nil {
			continue
		}
		for _, e := range o.Progress.Evidence {
			if e.BlobID == blobID {
				r, _, err := l.st.Engine.Blobs().Open(ctx, blobID)
				if err != nil {
					return nil, audit.Evidence{}, err
				}
				if err := l.activity.Record(ctx, "evidence.read", "case:"+caseID+"/file:"+blobID); err != nil {
					r.Close()
					return nil, audit.Evidence{}, err
				}
				return r, e, nil
			}
		}
	}
	return nil, audit.Evidence{}, domain.NotVisible("file")
}
