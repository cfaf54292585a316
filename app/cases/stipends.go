package cases

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/actionhub/actionhub/app/activity"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/law"
	"github.com/actionhub/actionhub/policies"
)

// Outbox queues a message to a person once per id; delivery is a job's.
type Outbox interface {
	QueueOnce(ctx context.Context, id, to, subject, body string) error
}

// Ledger runs the supplier's side of a case's plan: the stipend ledger
// (terms, payments with proof, the case worker's confirmation, the sweep
// that flags late and missed months) and the supplier's obligations.
// Nothing here opens the child's identity: stipends and payments hold the
// case code, and obligations are changed on the stored case whose sealed
// identity stays sealed.
type Ledger struct {
	st       *store.Store
	enf      *policies.Enforcer
	activity *activity.Log
	outbox   Outbox
	now      func() time.Time
}

// NewLedger returns the ledger; outbox carries the escalations.
func NewLedger(st *store.Store, enf *policies.Enforcer, al *activity.Log, outbox Outbox, now func() time.Time) *Ledger {
	return &Ledger{st: st, enf: enf, activity: al, outbox: outbox, now: now}
}

// today is the day in the hub's time zone (UTC when it names none).
func (l *Ledger) today(ctx context.Context, hubID string) (audit.Date, error) {
	loc, err := l.location(ctx, hubID)
	if err != nil {
		return "", err
	}
	return audit.DateOf(l.now(), loc), nil
}

func (l *Ledger) location(ctx context.Context, hubID string) (*time.Location, error) {
	h, err := l.st.Hubs.Get(ctx, hubID)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(h.TimeZone)
	if err != nil || h.TimeZone == "" {
		return time.UTC, nil
	}
	return loc, nil
}

// childUnder is the working age of the case's pack (0 when the case's
// province has none: the stipend then runs to the end of schooling).
func childUnder(c *casework.Case) int {
	p, err := law.PackFor(c.Jurisdiction, c.Identified)
	if err != nil {
		return 0
	}
	return p.ChildUnder
}

// SetStipend sets (or changes) the terms of a case's stipend on a
// supplier-owned stipend plan action. A change keeps the months already
// checked. version is the stipend's version the change was made on (0:
// not checked): terms changed since by a colleague are a conflict, not
// overwritten. Errors: not found out of scope (or, with a version, before
// any terms); the domain's (NewStipend); a conflict when stale.
func (l *Ledger) SetStipend(ctx context.Context, caseID string, version int64, t casework.StipendTerms) (*casework.Stipend, error) {
	d, err := store.GetVisible(ctx, l.enf, l.st.Cases.Coll, caseID, policies.PermStipendsTerms)
	if err != nil {
		return nil, err
	}
	today, err := l.today(ctx, d.HubID)
	if err != nil {
		return nil, err
	}
	ac, at := domain.ActorFrom(ctx), l.now().UTC()
	s, err := casework.NewStipend(&d.Case, t, childUnder(&d.Case), today, ac.UserID, at)
	if err != nil {
		return nil, err
	}
	err = domain.ErrConflict // a change of the stored terms
	if version == 0 {
		err = l.st.Stipends.Insert(ctx, &s)
	}
	if errors.Is(err, domain.ErrConflict) {
		var stored *casework.Stipend
		stored, err = l.st.Stipends.Update(ctx, caseID, func(x *casework.Stipend) error {
			if version != 0 && x.Version != version {
				return domain.Conflictf("The stipend's terms changed since you read them (version %d, now %d). Read them again before changing them.",
					version, x.Version)
			}
			s.Version, s.Checked, s.Created, s.CreatedBy = x.Version, x.Checked, x.Created, x.CreatedBy
			*x = s
			return nil
		})
		if err == nil {
			s = *stored
		}
		if errors.Is(err, domain.ErrNotFound) { // a version of terms never set: the caller read something else
			err = domain.Conflictf("This case has no stipend terms yet (version %d was sent). Send no version to set them.", version)
		}
	}
	if err != nil {
		return nil, err
	}
	if err := l.activity.Record(ctx, "stipends.terms", "case:"+caseID); err != nil {
		return nil, err
	}
	return &s, nil
}

// TermsChoice is what the terms form offers on a case: its code and the
// plan actions the terms may be set on (stipends owned by the supplier).
// It holds no identity: the actions' descriptions are left out, as they
// may name the child or the family.
type TermsChoice struct {
	CaseCode string
	Actions  []casework.PlanAction
}

// StipendChoice reads, for the case worker's terms form, the case's
// supplier-owned stipend actions. Errors: not found out of scope or for
// those who may not set the terms.
func (l *Ledger) StipendChoice(ctx context.Context, caseID string) (*TermsChoice, error) {
	d, err := store.GetVisible(ctx, l.enf, l.st.Cases.Listed(), caseID, policies.PermStipendsTerms) // the summary: no identity, no descriptions
	if err != nil {
		return nil, err
	}
	out := &TermsChoice{CaseCode: d.Code}
	for _, a := range d.Plan {
		if a.Kind == casework.KindStipend && a.Owner == casework.PartySupplier {
			out.Actions = append(out.Actions, casework.PlanAction{ID: a.ID, Kind: a.Kind, Owner: a.Owner, Due: a.Due,
				Status: a.Status, StipendMonthlyPKR: a.StipendMonthlyPKR})
		}
	}
	return out, nil
}

// Stipend returns a case's stipend. Errors: not found out of scope or
// before its terms are set.
func (l *Ledger) Stipend(ctx context.Context, caseID string) (*casework.Stipend, error) {
	return store.GetVisible(ctx, l.enf, l.st.Stipends.Coll, caseID, policies.PermStipendsRead)
}

// MaxLedgers and MaxLedgerMonths bound one Ledgers read.
const (
	MaxLedgers      = 100
	MaxLedgerMonths = 36
)

// Ledgers reads, for a page that shows many cases' stipends at once, the
// stipends of the cases named (keyed by case ID) and, for each, its
// payments (keyed by payment ID) of the latest months months up to this
// month or its end, and of up to three months paid ahead: a payment's ID
// is its case's and its month's, so it is two reads in all, however many
// cases. Stipends out of the caller's scope, and cases without terms, are
// left out, with their payments.
func (l *Ledger) Ledgers(ctx context.Context, caseIDs []string, this casework.Period, months int) (map[string]*casework.Stipend, map[string]*casework.Payment, error) {
	if len(caseIDs) > MaxLedgers || months < 1 || months > MaxLedgerMonths || !this.Valid() {
		return nil, nil, domain.Invalid("", fmt.Sprintf("at most %d cases and %d months at once", MaxLedgers, MaxLedgerMonths))
	}
	ac := domain.ActorFrom(ctx)
	ss, err := l.st.Stipends.GetMany(ctx, caseIDs)
	if err != nil {
		return nil, nil, err
	}
	stipends := make(map[string]*casework.Stipend, len(ss))
	var ids []string
	for _, s := range ss {
		if !l.enf.Can(ac, policies.PermStipendsRead, s) {
			continue
		}
		stipends[s.ID] = s
		last := min(s.End, this)
		for m := max(s.Start, last.Add(1-months)); m <= min(s.End, last.Add(3)); m = m.Add(1) {
			ids = append(ids, casework.PaymentID(s.ID, m))
		}
	}
	pays := make(map[string]*casework.Payment, len(ids))
	for start := 0; start < len(ids); start += docstore.MaxLimit {
		ps, err := l.st.Payments.GetMany(ctx, ids[start:min(start+docstore.MaxLimit, len(ids))])
		if err != nil {
			return nil, nil, err
		}
		for _, p := range ps {
			pays[p.ID] = p
		}
	}
	return stipends, pays, nil
}

// RecordPayment records the supplier's payment of one month. A month has
// one payment: a second record is a conflict (409), but a month the sweep
// flagged missed takes its (late) payment. Errors: not found out of scope
// or without terms; the domain's validation errors.
func (l *Ledger) RecordPayment(ctx context.Context, caseID string, n casework.NewPayment) (*casework.Payment, error) {
	s, err := store.GetVisible(ctx, l.enf, l.st.Stipends.Coll, caseID, policies.PermStipendsRecord)
	if err != nil {
		return nil, err
	}
	today, err := l.today(ctx, s.HubID)
	if err != nil {
		return nil, err
	}
	ac, at := domain.ActorFrom(ctx), l.now().UTC()
	p, err := s.Record(caseID, n, today, ac.UserID, at)
	if err != nil {
		return nil, err
	}
	err = l.st.Payments.Insert(ctx, &p)
	if errors.Is(err, domain.ErrConflict) {
		var stored *casework.Payment
		stored, err = l.st.Payments.Update(ctx, p.ID, func(x *casework.Payment) error { return x.PayMissed(n, ac.UserID, at) })
		if err == nil {
			p = *stored
		}
	}
	if err != nil {
		return nil, err
	}
	if err := l.activity.Record(ctx, "stipends.payment_record", "payment:"+p.ID); err != nil {
		return nil, err
	}
	return &p, nil
}

// Payment returns one payment. Errors: not found out of scope.
func (l *Ledger) Payment(ctx context.Context, id string) (*casework.Payment, error) {
	return store.GetVisible(ctx, l.enf, l.st.Payments.Coll, id, policies.PermStipendsRead)
}

// DecidePayment confirms a recorded payment or disputes it with a reason
// (the case worker). version is the payment's version the decision was
// made on (0: not checked): a payment changed since (a new proof, another
// decision) is a conflict, not a blind decision. Errors: not found; a
// conflict when stale or unless it is recorded.
func (l *Ledger) DecidePayment(ctx context.Context, id string, version int64, confirm bool, reason string) (*casework.Payment, error) {
	if _, err := store.GetVisible(ctx, l.enf, l.st.Payments.Coll, id, policies.PermStipendsConfirm); err != nil {
		return nil, err
	}
	ac, at := domain.ActorFrom(ctx), l.now().UTC()
	p, err := l.st.Payments.Update(ctx, id, func(x *casework.Payment) error {
		if version != 0 && x.Version != version {
			return domain.Conflictf("The payment for %s changed since you read it (version %d, now %d). Read it again before deciding.",
				x.Period, version, x.Version)
		}
		return x.Decide(confirm, reason, ac.UserID, at)
	})
	if err != nil {
		return nil, err
	}
	action := "stipends.payment_dispute"
	if confirm {
		action = "stipends.payment_confirm"
	}
	if err := l.activity.Record(ctx, action, "payment:"+id); err != nil {
		return nil, err
	}
	return p, nil
}

// UploadProof keeps the payment's proof (a receipt or bank slip: PDF or an
// image, told by its first bytes as evidence is), replacing an earlier
// one. A file that shows a person is refused. Errors: not found; a
// conflict once confirmed; the upload's validation errors on "file".
func (l *Ledger) UploadProof(ctx context.Context, id, declared string, showsPerson bool, body io.Reader) (*casework.Payment, error) {
	p, err := store.GetVisible(ctx, l.enf, l.st.Payments.Coll, id, policies.PermStipendsRecord)
	if err != nil {
		return nil, err
	}
	if showsPerson {
		return nil, domain.Invalid("shows_person", "a proof of payment must not show or name the child: black out names first")
	}
	at := l.now().UTC()
	if err := p.AttachProof(audit.Evidence{}, at); err != nil { // the state, before a byte is stored
		return nil, err
	}
	old := ""
	var out *casework.Payment
	_, err = l.keep(ctx, declared, body, func(e audit.Evidence) error {
		out, err = l.st.Payments.Update(ctx, id, func(x *casework.Payment) error {
			if x.Proof != nil {
				old = x.Proof.BlobID
			}
			return x.AttachProof(e, at)
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	if old != "" {
		_ = l.st.Engine.Blobs().Delete(context.WithoutCancel(ctx), old) // the payment no longer names it
	}
	if err := l.activity.Record(ctx, "stipends.proof_upload", "payment:"+id); err != nil {
		return nil, err
	}
	return out, nil
}

// Proof opens a payment's proof for those who read the payment. Errors:
// not found, also when it has none.
func (l *Ledger) Proof(ctx context.Context, id string) (io.ReadCloser, audit.Evidence, error) {
	p, err := store.GetVisible(ctx, l.enf, l.st.Payments.Coll, id, policies.PermStipendsRead)
	if err != nil {
		return nil, audit.Evidence{}, err
	}
	if p.Proof == nil {
		return nil, audit.Evidence{}, domain.NotVisible("file")
	}
	r, _, err := l.st.Engine.Blobs().Open(ctx, p.Proof.BlobID)
	if err != nil {
		return nil, audit.Evidence{}, err
	}
	if err := l.activity.Record(ctx, "stipends.proof_read", "payment:"+id); err != nil {
		r.Close()
		return nil, audit.Evidence{}, err
	}
	return r, *p.Proof, nil
}

// keep sniffs the file's first bytes, streams it into the blobs within the
// evidence limit and attaches it; a file refused at any step leaves
// nothing stored.
func (l *Ledger) keep(ctx context.Context, declared string, body io.Reader, attach func(audit.Evidence) error) (*audit.Evidence, error) {
	first := make([]byte, audit.SniffBytes)
	n, err := io.ReadFull(body, first)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		var v *domain.ValidationError
		if errors.As(err, &v) {
			return nil, v
		}
		return nil, domain.Invalid("file", "could not be read to its end: send it again")
	}
	first = first[:n]
	size := int64(-1)
	if n == 0 {
		size = 0
	}
	ct, err := audit.CheckUpload(first, size, declared)
	if err != nil {
		return nil, err
	}
	info, err := l.st.Engine.Blobs().Put(ctx, ct, io.MultiReader(bytes.NewReader(first), body), audit.MaxEvidenceBytes)
	switch {
	case errors.Is(err, docstore.ErrTooLarge):
		_, err = audit.CheckUpload(first, audit.MaxEvidenceBytes+1, ct)
		return nil, err
	case err != nil:
		return nil, err
	}
	ac := domain.ActorFrom(ctx)
	e := audit.Evidence{BlobID: info.ID, ContentType: ct, Size: info.Size, SHA256: info.SHA256,
		UploaderID: ac.UserID, UploaderOrgID: ac.OrgID, Created: l.now().UTC()}
	if err := attach(e); err != nil {
		_ = l.st.Engine.Blobs().Delete(context.WithoutCancel(ctx), info.ID)
		return nil, err
	}
	return &e, nil
}

// PaymentFilter selects payments: one case's, one supplier's, or (operator
// staff) the hub's late and missed ones.
type PaymentFilter struct {
	CaseID     string
	SupplierID string // a facility's user may omit it for its only facility
	HubID      string // operator staff; may be omitted by staff of one hub
	Flagged    bool   // only late and missed payments
	Cursor     string
	Limit      int
}

// Payments pages through payments, the latest month first. Errors: not
// found for a case or supplier out of scope; a validation error for a
// filter the indexes do not serve.
func (l *Ledger) Payments(ctx context.Context, f PaymentFilter) ([]*casework.Payment, string, error) {
	ac, page := domain.ActorFrom(ctx), store.Page{After: f.Cursor, Limit: f.Limit}
	switch {
	case f.CaseID != "":
		if f.SupplierID != "" || f.Flagged {
			return nil, "", domain.Invalid("case_id", "lists every payment of one case: give no other filter")
		}
		if _, err := store.GetVisible(ctx, l.enf, l.st.Cases.Listed(), f.CaseID, policies.PermStipendsList); err != nil {
			return nil, "", err
		}
		return l.st.Payments.OfCase(ctx, f.CaseID, page)
	case f.SupplierID != "" || ac.OrgKind == domain.KindSupplier:
		id, err := l.facility(ctx, f.SupplierID, policies.PermStipendsList)
		if err != nil {
			return nil, "", err
		}
		return l.st.Payments.OfSupplier(ctx, id, f.Flagged, page)
	case ac.Staff():
		hubID, err := l.enf.HubFor(ac, policies.PermStipendsList, f.HubID, domain.InHub)
		if err != nil {
			return nil, "", err
		}
		if !f.Flagged {
			return nil, "", domain.Invalid("flagged", "the hub's list is of late and missed payments: set flagged, or name a case or supplier")
		}
		return l.st.Payments.Flagged(ctx, hubID, page)
	}
	return nil, "", domain.Invalid("supplier_id", "is required")
}

// StipendFilter selects running stipends: a supplier's, or a hub's.
type StipendFilter struct {
	SupplierID, HubID string
	Cursor            string
	Limit             int
}

// Stipends pages through running stipends, the next deadline first: what
// the supplier must pay next. Errors as Payments.
func (l *Ledger) Stipends(ctx context.Context, f StipendFilter) ([]*casework.Stipend, string, error) {
	ac, page := domain.ActorFrom(ctx), store.Page{After: f.Cursor, Limit: f.Limit}
	if f.SupplierID != "" || ac.OrgKind == domain.KindSupplier {
		id, err := l.facility(ctx, f.SupplierID, policies.PermStipendsList)
		if err != nil {
			return nil, "", err
		}
		return l.st.Stipends.OfSupplier(ctx, id, page)
	}
	hubID, err := l.enf.HubFor(ac, policies.PermStipendsList, f.HubID, domain.InHub)
	if err != nil {
		return nil, "", err
	}
	return l.st.Stipends.InHub(ctx, hubID, page)
}

// facility is the supplier a list names, if the caller reaches it with
// perm, or a facility user's only facility.
func (l *Ledger) facility(ctx context.Context, supplierID string, perm policies.Permission) (string, error) {
	ac := domain.ActorFrom(ctx)
	if supplierID == "" {
		sups, _, err := l.st.Suppliers.OfOrg(ctx, ac.OrgID, store.Listing{}, store.Page{Limit: 2})
		if err != nil {
			return "", err
		}
		if len(sups) != 1 {
			return "", domain.Invalid("supplier_id", "is required when your organisation has several facilities (or none)")
		}
		supplierID = sups[0].ID
	}
	sup, err := l.st.Suppliers.Get(ctx, supplierID)
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return "", err
	}
	if err != nil || !l.enf.Can(ac, perm, domain.Scope{Hubs: []string{sup.HubID}, Suppliers: []string{sup.ID}}) {
		return "", domain.NotVisible("supplier")
	}
	return sup.ID, nil
}

// describe is a payment in words for a message: the case code, never the
// child.
func describe(p *casework.Payment) string {
	if p.Missed && p.PaidOn == "" {
		return fmt.Sprintf("no stipend payment for %s was recorded by %s", p.Period, p.Deadline)
	}
	return fmt.Sprintf("the stipend for %s was paid on %s, after its deadline of %s", p.Period, p.PaidOn, p.Deadline)
}
