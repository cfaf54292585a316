// Package audits runs HRDD audits of suppliers on the rules of
// domain/audit: scheduling without double booking, the audit's moves,
// findings (a zero-tolerance one escalated at once), corrective actions
// made on publishing, and evidence files.
//
// Every read or change of one object asks store.GetVisible (the one scope
// decision, policies.Enforcer.Can), then what scope nodes cannot say: the
// supplier knows an audit when audit.SupplierSees, its results once
// published; a brand only published audits (audit.BrandSees). What each
// party receives is the domain's view (AuditForBrand, FindingForSupplier,
// ...). Lists filter by the same scope in their queries.
package audits

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/actionhub/actionhub/app/activity"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/actionhub/actionhub/policies"
	"github.com/google/uuid"
)

// Outbox queues a message to a person once per id; delivery is a job's.
type Outbox interface {
	QueueOnce(ctx context.Context, id, to, subject, body string) error
}

// Locker takes a lock shared by every process and returns its release.
type Locker interface {
	Lock(ctx context.Context, key string) (func(), error)
}

// Service runs audits, findings, corrective actions and their evidence.
type Service struct {
	st       *store.Store
	enf      *policies.Enforcer
	activity *activity.Log
	outbox   Outbox
	locks    Locker // schedules one booking at a time per hub
	now      func() time.Time
}

// New returns the service. Locks may be nil only for a service that
// schedules no audit (a sweeper).
func New(st *store.Store, enf *policies.Enforcer, al *activity.Log, ob Outbox, locks Locker, now func() time.Time) *Service {
	return &Service{st: st, enf: enf, activity: al, outbox: ob, locks: locks, now: now}
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// derived makes an ID from its cause, the same on every attempt, so that a
// repeated step finds what an earlier attempt wrote.
var derivedSpace = uuid.MustParse("0b8f7c1e-6a43-4d2b-9a55-3c1f2e7d9b40")

func derived(parts ...string) string {
	var b []byte
	for _, p := range parts {
		b = append(append(b, p...), 0)
	}
	return uuid.NewSHA1(derivedSpace, b).String()
}

// location is the hub's time zone, for windows and due dates; UTC when the
// hub names none or an unknown one.
func (s *Service) location(ctx context.Context, hubID string) (*time.Location, error) {
	h, err := s.st.Hubs.Get(ctx, hubID)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(h.TimeZone)
	if err != nil || h.TimeZone == "" {
		return time.UTC, nil
	}
	return loc, nil
}

// party is how the caller stands to an object it reaches.
type party int

const (
	asStaff    party = iota + 1 // operator staff or the platform: everything in scope
	asSupplier                  // the facility's own organisation
	asBrand                     // a linked brand
)

func partyOf(a domain.Actor) party {
	switch {
	case a.Staff():
		return asStaff
	case a.OrgKind == domain.KindSupplier:
		return asSupplier
	case a.OrgKind == domain.KindBrand:
		return asBrand
	}
	return 0
}

// sees reports whether the caller may know of audit a at all, once Can let
// it through.
func sees(p party, a *audit.Audit) bool {
	switch p {
	case asStaff:
		return true
	case asSupplier:
		return audit.SupplierSees(*a)
	case asBrand:
		return audit.BrandSees(*a)
	}
	return false
}

// seesResults reports whether the caller may read a's findings and actions.
func seesResults(p party, a *audit.Audit) bool {
	switch p {
	case asStaff:
		return true
	case asSupplier:
		return audit.SupplierSeesResults(*a)
	case asBrand:
		return audit.BrandSees(*a)
	}
	return false
}

// audit loads an audit for a read or change needing perm: out of scope, or
// not yet known to the caller's party, it is not found.
func (s *Service) audit(ctx context.Context, id string, perm policies.Permission) (*audit.Audit, error) {
	a, err := store.GetVisible(ctx, s.enf, s.st.Audits.Coll, id, perm)
	if err != nil {
		return nil, err
	}
	if !sees(partyOf(domain.ActorFrom(ctx)), a) {
		return nil, domain.NotVisible("audit")
	}
	return a, nil
}

// View is what the caller may receive of an audit.
func View(ctx context.Context, a *audit.Audit) *audit.Audit {
	ac := domain.ActorFrom(ctx)
	var v audit.Audit
	switch partyOf(ac) {
	case asStaff:
		return a
	case asSupplier:
		v = audit.AuditForSupplier(*a)
	default:
		v = audit.AuditForBrand(*a, ac.OrgID)
	}
	return &v
}

// ScheduleInput is the operator's plan, in a hub.
type ScheduleInput struct {
	HubID string // may be omitted by staff of one hub
	audit.Plan
}

// Schedule books an audit at an active supplier of the hub, with a team of
// the hub's auditors, for brands linked to the supplier. Errors: a
// validation error naming each field at fault (a supplier, auditor or
// brand that does not fit is one), domain.ErrForbidden for a role that may
// not schedule, domain.ErrConflict when an auditor is booked on a day of
// the window or the supplier has an open audit of the type.
func (s *Service) Schedule(ctx context.Context, in ScheduleInput) (*audit.Audit, error) {
	ac := domain.ActorFrom(ctx)
	hubID, err := s.enf.HubFor(ac, policies.PermAuditsSchedule, in.HubID, domain.InHub)
	if errors.Is(err, domain.ErrNotFound) {
		return nil, domain.Invalid("hub_id", "is not a hub you work in")
	}
	if err != nil {
		return nil, err
	}
	loc, err := s.location(ctx, hubID)
	if err != nil {
		return nil, err
	}
	a, err := audit.Schedule(newID(), hubID, in.Plan, ac, s.now().UTC(), loc)
	if err != nil {
		return nil, err
	}
	v := &domain.ValidationError{}
	if err := s.checkPlan(ctx, &a, v); err != nil {
		return nil, err
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	// The check and the booking run one at a time in the hub, or two
	// schedulers could each find the auditor free and both book.
	unlock, err := s.locks.Lock(ctx, "audits:schedule:"+hubID)
	if err != nil {
		return nil, err
	}
	defer unlock()
	others, err := s.booked(ctx, &a)
	if err != nil {
		return nil, err
	}
	if err := audit.Clash(a, others); err != nil {
		return nil, err
	}
	if err := s.st.Audits.Insert(ctx, &a); err != nil {
		return nil, err
	}
	for _, u := range a.TeamIDs {
		l := &store.AuditAuditor{ID: store.AuditAuditorID(a.ID, u), AuditID: a.ID, UserID: u, HubID: hubID, WindowFrom: a.Window.From}
		if err := s.st.AuditAuditors.Insert(ctx, l); err != nil && !errors.Is(err, domain.ErrConflict) {
			return nil, err
		}
	}
	return &a, s.activity.Record(ctx, "audits.schedule", "audit:"+a.ID)
}

// checkPlan checks what a pure function cannot: the supplier is active in
// the hub, the team are enabled auditors of the hub, the brands are linked
// to the supplier.
func (s *Service) checkPlan(ctx context.Context, a *audit.Audit, v *domain.ValidationError) error {
	sup, err := s.st.Suppliers.Get(ctx, a.SupplierID)
	switch {
	case errors.Is(err, domain.ErrNotFound) || err == nil && (sup.HubID != a.HubID || sup.AliasOf != ""):
		v.Add("supplier_id", "is not a supplier of the hub")
	case err != nil:
		return err
	case sup.Status != supplier.StatusActive:
		v.Add("supplier_id", fmt.Sprintf("is %s: audits are scheduled at active suppliers", sup.Status))
	}
	users, err := s.st.Users.GetMany(ctx, a.TeamIDs)
	if err != nil {
		return err
	}
	ok := 0
	for _, u := range users {
		if u.Role == domain.RoleAuditor && !u.Disabled && slices.Contains(u.HubIDs, a.HubID) {
			ok++
		}
	}
	if ok != len(a.TeamIDs) {
		v.Add("team_ids", "must name enabled auditors of the hub")
	}
	for _, b := range a.BrandOrgIDs {
		if _, err := s.st.SupplierLinks.Get(ctx, supplier.LinkID(b, a.SupplierID)); errors.Is(err, domain.ErrNotFound) {
			v.Add("brand_org_ids", "must name brands linked to the supplier")
			break
		} else if err != nil {
			return err
		}
	}
	return nil
}

// booked returns the audits a could clash with: those of its team whose
// window can share a day with a's, and the supplier's open audits of a's
// type.
func (s *Service) booked(ctx context.Context, a *audit.Audit) ([]audit.Audit, error) {
	var ids []string
	for _, u := range a.TeamIDs {
		ls, err := s.st.AuditAuditors.Booked(ctx, u, a.Window.From.AddDays(-(audit.MaxWindowDays - 1)), a.Window.To)
		if err != nil {
			return nil, err
		}
		for _, l := range ls {
			ids = append(ids, l.AuditID)
		}
	}
	var out []audit.Audit
	for start := 0; start < len(ids); start += docstore.MaxLimit {
		as, err := s.st.Audits.GetMany(ctx, ids[start:min(start+docstore.MaxLimit, len(ids))])
		if err != nil {
			return nil, err
		}
		for _, x := range as {
			out = append(out, *x)
		}
	}
	open, err := s.st.Audits.OpenOfType(ctx, a.SupplierID, a.Type)
	if err != nil {
		return nil, err
	}
	for _, x := range open {
		out = append(out, *x)
	}
	return out, nil
}

// Audit returns an audit the caller may know of.
func (s *Service) Audit(ctx context.Context, id string) (*audit.Audit, error) {
	return s.audit(ctx, id, policies.PermAuditsRead)
}

// MoveInput carries what a move needs: a score and summary to submit, a
// reason to send back or cancel.
type MoveInput struct {
	Score   audit.Score
	Summary string
	Reason  string
}

var movePerms = map[audit.Move]policies.Permission{
	audit.MoveStart: policies.PermAuditsStart, audit.MoveSubmit: policies.PermAuditsSubmit,
	audit.MoveReturn: policies.PermAuditsPublish, audit.MovePublish: policies.PermAuditsPublish,
	audit.MoveCancel: policies.PermAuditsCancel,
}

// Move makes move m on an audit. Publishing rates the site, makes each
// finding's corrective actions and tells the linked brands' lists. Errors:
// not found out of scope; the domain's (domain.ErrForbidden for a role or
// an auditor off the team, domain.ErrConflict naming the current state, a
// validation error for a missing score, summary or reason).
func (s *Service) Move(ctx context.Context, id string, m audit.Move, in MoveInput) (*audit.Audit, error) {
	ac := domain.ActorFrom(ctx)
	perm, ok := movePerms[m]
	if !ok {
		return nil, domain.Invalid("move", "is not a move of an audit")
	}
	a, err := s.audit(ctx, id, perm)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	var findings []audit.Finding
	var loc *time.Location
	if m == audit.MovePublish {
		if findings, err = s.allFindings(ctx, id); err != nil {
			return nil, err
		}
		if loc, err = s.location(ctx, a.HubID); err != nil {
			return nil, err
		}
	}
	a, err = s.st.Audits.Update(ctx, id, func(x *audit.Audit) error {
		switch m {
		case audit.MoveStart:
			return x.Start(ac, now)
		case audit.MoveSubmit:
			return x.Submit(ac, in.Score, in.Summary, now)
		case audit.MoveReturn:
			return x.Return(ac, in.Reason, now)
		case audit.MovePublish:
			return x.Publish(ac, findings, now, loc)
		default:
			return x.Cancel(ac, in.Reason, now)
		}
	})
	if err != nil {
		return nil, err
	}
	if err := s.activity.Record(ctx, "audits."+string(m), "audit:"+id); err != nil {
		return nil, err
	}
	if m == audit.MovePublish {
		return s.finishPublication(ctx, a, findings, loc)
	}
	return a, nil
}

// published makes what a publication brings, each step safe to repeat
// (IDs derived from their cause): every finding's corrective actions, due
// by the hub's settings (read once here), and the audit's record for each
// brand linked to the supplier now.
func (s *Service) published(ctx context.Context, a *audit.Audit, findings []audit.Finding, loc *time.Location) error {
	set, err := s.settingsOf(ctx, a.HubID)
	if err != nil {
		return err
	}
	for _, f := range findings {
		for i, act := range audit.ActionsFor(f, a.Published, set, loc) {
			act.ID = derived("action", f.ID, fmt.Sprint(i))
			if err := s.st.Actions.Insert(ctx, &act); err != nil && !errors.Is(err, domain.ErrConflict) {
				return err
			}
		}
	}
	p := store.Page{Limit: docstore.MaxLimit}
	for {
		links, next, err := s.st.SupplierLinks.OfSupplier(ctx, a.SupplierID, false, p)
		if err != nil {
			return err
		}
		for _, l := range links {
			r := &store.AuditBrand{ID: store.AuditBrandID(a.ID, l.BrandOrgID), AuditID: a.ID, BrandOrgID: l.BrandOrgID,
				SupplierID: a.SupplierID, Published: a.Published}
			if err := s.st.AuditBrands.Insert(ctx, r); err != nil && !errors.Is(err, domain.ErrConflict) {
				return err
			}
		}
		if next == "" {
			return nil
		}
		p.After = next
	}
}

// allFindings reads every finding of an audit.
func (s *Service) allFindings(ctx context.Context, auditID string) ([]audit.Finding, error) {
	var out []audit.Finding
	p := store.Page{Limit: docstore.MaxLimit}
	for {
		fs, next, err := s.st.Findings.OfAudit(ctx, auditID, p)
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			out = append(out, *f)
		}
		if next == "" {
			return out, nil
		}
		p.After = next
	}
}

// AuditFilter selects audits to list; every field is optional.
type AuditFilter struct {
	HubID      string
	SupplierID string
	AuditorID  string // operator staff: the audits this auditor is on
	State      audit.State
	From, To   string // "2006-01-02": windows opening from From to To, both included, in the hub's days
	Cursor     string
	Limit      int
}

// days checks the filter's dates: real days, from not after to.
func (f AuditFilter) days() (store.Days, error) {
	v := &domain.ValidationError{}
	var d store.Days
	for _, x := range []struct {
		field, in string
		out       *audit.Date
	}{{"from", f.From, &d.From}, {"to", f.To, &d.To}} {
		if x.in == "" {
			continue
		}
		if day, ok := audit.ParseDate(x.in); ok && string(day) == x.in {
			*x.out = day
		} else {
			v.Add(x.field, "must be a day written 2006-01-02")
		}
	}
	if d.From != "" && d.To != "" && d.To < d.From {
		v.Add("to", "must not be before from")
	}
	return d, v.OrNil()
}

// ListAudits lists the audits in the caller's scope, latest window first,
// those whose window opens from f.From to f.To when set:
// operator staff their hub's (by state, supplier or auditor); a supplier's
// organisation those of its facility it may know of; a brand the audits
// published to it, or one linked supplier's published audits.
func (s *Service) ListAudits(ctx context.Context, f AuditFilter) ([]*audit.Audit, string, error) {
	return s.listAudits(ctx, f, s.st.Audits)
}

// ListAuditBriefs is ListAudits returning each audit's brief
// (audit.Audit.Brief), all a list shows.
func (s *Service) ListAuditBriefs(ctx context.Context, f AuditFilter) ([]*audit.Audit, string, error) {
	return s.listAudits(ctx, f, s.st.Audits.Briefs())
}

// listAudits lists through coll, which reads whole audits or briefs.
func (s *Service) listAudits(ctx context.Context, f AuditFilter, coll store.Audits) ([]*audit.Audit, string, error) {
	ac := domain.ActorFrom(ctx)
	page := store.Page{After: f.Cursor, Limit: f.Limit}
	if f.State != "" && !f.State.Valid() {
		return nil, "", domain.Invalid("state", "is not a state of an audit")
	}
	days, err := f.days()
	if err != nil {
		return nil, "", err
	}
	switch partyOf(ac) {
	case asStaff:
		hubID, err := s.enf.HubFor(ac, policies.PermAuditsList, f.HubID, domain.InHub)
		if err != nil {
			return nil, "", err
		}
		switch {
		case f.AuditorID != "":
			if f.State != "" || f.SupplierID != "" {
				return nil, "", domain.Invalid("auditor_id", "cannot be combined with state or supplier_id")
			}
			ls, next, err := s.st.AuditAuditors.OfUser(ctx, f.AuditorID, days, page)
			if err != nil {
				return nil, "", err
			}
			var ids []string
			for _, l := range ls {
				if l.HubID == hubID { // an auditor works in one hub's operator; this only guards the platform's view
					ids = append(ids, l.AuditID)
				}
			}
			as, err := coll.GetMany(ctx, ids)
			return as, next, err
		case f.SupplierID != "":
			sup, err := s.st.Suppliers.Briefs().Get(ctx, f.SupplierID) // its hub is all the check needs
			if errors.Is(err, domain.ErrNotFound) || err == nil && sup.HubID != hubID {
				return nil, "", domain.Invalid("supplier_id", "is not a supplier of the hub")
			}
			if err != nil {
				return nil, "", err
			}
			return supplierAudits(ctx, coll, f.SupplierID, f.State, days, page)
		}
		return coll.InHub(ctx, hubID, f.State, days, page)
	case asSupplier:
		id, err := s.ownFacility(ctx, f.SupplierID, policies.PermAuditsList)
		if err != nil {
			return nil, "", err
		}
		return supplierAudits(ctx, coll, id, f.State, days, page)
	case asBrand:
		if f.SupplierID != "" {
			if err := s.reachSupplier(ctx, f.SupplierID, policies.PermAuditsList); err != nil {
				return nil, "", err
			}
			return supplierAudits(ctx, coll, f.SupplierID, f.State, days, page)
		}
		rs, next, err := s.st.AuditBrands.OfBrand(ctx, ac.OrgID, page)
		if err != nil {
			return nil, "", err
		}
		ids := make([]string, len(rs))
		for i, r := range rs {
			ids[i] = r.AuditID
		}
		as, err := coll.GetMany(ctx, ids)
		return filterDays(filterState(as, f.State), days), next, err
	}
	return nil, "", nil
}

// supplierAudits lists the audits of a supplier the caller reaches, in
// state when set, as the caller's party knows them: operator staff every
// one, the facility those it may know of, a brand the published ones.
func supplierAudits(ctx context.Context, coll store.Audits, supplierID string, st audit.State, days store.Days, page store.Page) ([]*audit.Audit, string, error) {
	switch partyOf(domain.ActorFrom(ctx)) {
	case asStaff:
		return coll.OfSupplier(ctx, supplierID, st, days, page)
	case asSupplier:
		as, next, err := coll.KnownToSupplier(ctx, supplierID, days, page)
		return filterState(as, st), next, err
	case asBrand:
		if st != "" && st != audit.StatePublished {
			return nil, "", nil // a brand knows published audits only
		}
		return coll.OfSupplier(ctx, supplierID, audit.StatePublished, days, page)
	}
	return nil, "", nil
}

// SupplierAudits is what a supplier's page shows of its audits (briefs)
// and corrective actions: the latest of each the caller may list, none
// where it may list neither.
type SupplierAudits struct {
	Audits  []*audit.Audit
	Actions []*audit.Action
}

// OfSupplier returns a supplier's latest audits and corrective actions,
// up to limit of each, as ListAuditBriefs and ListActions would with
// supplier_id, reading the supplier once for both.
func (s *Service) OfSupplier(ctx context.Context, supplierID string, limit int) (*SupplierAudits, error) {
	scope, err := s.supplierScope(ctx, supplierID)
	if err != nil {
		return nil, err
	}
	ac, page := domain.ActorFrom(ctx), store.Page{Limit: limit}
	out := &SupplierAudits{}
	if s.enf.Can(ac, policies.PermAuditsList, scope) {
		if out.Audits, _, err = supplierAudits(ctx, s.st.Audits.Briefs(), supplierID, "", store.Days{}, page); err != nil {
			return nil, err
		}
	}
	if s.enf.Can(ac, policies.PermActionsList, scope) {
		if out.Actions, _, err = s.st.Actions.OfSupplier(ctx, supplierID, "", page); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// filterState keeps the audits in state (all when it is empty). The
// supplier's list is one facility's audits, a handful a year, so the state
// is checked on the page rather than by another index.
func filterState(as []*audit.Audit, st audit.State) []*audit.Audit {
	if st == "" {
		return as
	}
	return slices.DeleteFunc(as, func(a *audit.Audit) bool { return a.State != st })
}

// filterDays keeps the audits opening on days. A brand's list across its
// suppliers is read from its publication records, which hold no window, so
// the days are checked on the page (a page may come back short); with
// supplier_id the days are a range in the query.
func filterDays(as []*audit.Audit, d store.Days) []*audit.Audit {
	return slices.DeleteFunc(as, func(a *audit.Audit) bool {
		return d.From != "" && a.Window.From < d.From || d.To != "" && a.Window.From > d.To
	})
}

// reachSupplier answers not found unless the caller reaches the supplier
// with perm (a brand its linked suppliers, a facility itself).
func (s *Service) reachSupplier(ctx context.Context, supplierID string, perm policies.Permission) error {
	scope, err := s.supplierScope(ctx, supplierID)
	if err != nil {
		return err
	}
	if !s.enf.Can(domain.ActorFrom(ctx), perm, scope) {
		return domain.NotVisible("supplier")
	}
	return nil
}

// supplierScope is the scope of a supplier the caller may read, from its
// brief, which holds what the scope needs: the supplier's ID and hub.
func (s *Service) supplierScope(ctx context.Context, supplierID string) (domain.Scope, error) {
	sup, err := store.GetVisible(ctx, s.enf, s.st.Suppliers.Briefs().Coll, supplierID, policies.PermSuppliersRead)
	if err != nil {
		return domain.Scope{}, err
	}
	return domain.Scope{Hubs: []string{sup.HubID}, Suppliers: []string{sup.ID}}, nil
}

// ownFacility is the supplier a facility's user lists: the one named, if
// it reaches it, or its organisation's only facility.
func (s *Service) ownFacility(ctx context.Context, supplierID string, perm policies.Permission) (string, error) {
	if supplierID != "" {
		return supplierID, s.reachSupplier(ctx, supplierID, perm)
	}
	sups, _, err := s.st.Suppliers.OfOrg(ctx, domain.ActorFrom(ctx).OrgID, store.Listing{}, store.Page{Limit: 2})
	if err != nil {
		return "", err
	}
	if len(sups) != 1 {
		return "", domain.Invalid("supplier_id", "is required when your organisation has several facilities (or none)")
	}
	return sups[0].ID, nil
}
