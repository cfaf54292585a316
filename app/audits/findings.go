package audits

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/law"
	"github.com/actionhub/actionhub/policies"
)

// RecordFinding records a finding on an audit in progress. A zero-tolerance
// finding is escalated at once. Errors: not found out of scope; the
// domain's (CheckRecording, Details.Normalize).
func (s *Service) RecordFinding(ctx context.Context, auditID string, d audit.Details) (*audit.Finding, error) {
	a, err := s.audit(ctx, auditID, policies.PermFindingsRecord)
	if err != nil {
		return nil, err
	}
	f, err := audit.NewFinding(*a, newID(), d, domain.ActorFrom(ctx), s.now().UTC())
	if err != nil {
		return nil, err
	}
	if err := s.citeProvision(ctx, a, &f.Details); err != nil {
		return nil, err
	}
	if err := s.st.Findings.Insert(ctx, &f); err != nil {
		return nil, err
	}
	if err := s.activity.Record(ctx, "findings.record", "finding:"+f.ID); err != nil {
		return nil, err
	}
	if f.ZeroTolerance {
		return s.escalate(ctx, a, &f)
	}
	return &f, nil
}

// escalate tells every linked brand's managers and the hub admins that a
// zero-tolerance finding was recorded, at once and once: each message's ID
// is derived from the finding and the recipient, and the finding keeps
// when it went out. The message names the supplier and the category only:
// nothing of the people found, and nothing of the audit a brand may not see
// before publication.
func (s *Service) escalate(ctx context.Context, a *audit.Audit, f *audit.Finding) (*audit.Finding, error) {
	if !f.ZeroToleranceNotified.IsZero() {
		return f, nil
	}
	sup, err := s.st.Suppliers.Get(ctx, a.SupplierID)
	if err != nil {
		return nil, err
	}
	to, err := s.escalationRecipients(ctx, a)
	if err != nil {
		return nil, err
	}
	subject := "Zero-tolerance finding at " + sup.Name
	body := "A zero-tolerance finding (" + string(f.Category) + ") was recorded at supplier " + sup.Name +
		" on " + f.Created.Format("2 January 2006") + ". The hub is acting on it now; the audit's results follow when it is published."
	for _, email := range to {
		if err := s.outbox.QueueOnce(ctx, derived("zero-tolerance", f.ID, email), email, subject, body); err != nil {
			return nil, err
		}
	}
	now := s.now().UTC()
	return s.st.Findings.Update(ctx, f.ID, func(x *audit.Finding) error {
		if x.ZeroToleranceNotified.IsZero() {
			x.ZeroToleranceNotified = now
		}
		return nil
	})
}

// escalationRecipients are the enabled managers of every brand linked to
// the supplier and the hub's enabled admins, each address once.
func (s *Service) escalationRecipients(ctx context.Context, a *audit.Audit) ([]string, error) {
	l := s.lookups()
	brands, err := l.brandManagers(ctx, a.SupplierID)
	if err != nil {
		return nil, err
	}
	admins, err := l.hubAdmins(ctx, a.HubID)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(brands)
	for _, to := range admins {
		if !slices.Contains(out, to) {
			out = append(out, to)
		}
	}
	return out, nil
}

// finding loads a finding and its audit for a read or change needing perm.
// A supplier or brand reaches it only once the audit's results are theirs
// to read; until then it is not found.
func (s *Service) finding(ctx context.Context, id string, perm policies.Permission) (*audit.Finding, *audit.Audit, error) {
	f, err := store.GetVisible(ctx, s.enf, s.st.Findings.Coll, id, perm)
	if err != nil {
		return nil, nil, err
	}
	a, err := s.st.Audits.Get(ctx, f.AuditID)
	if err != nil {
		return nil, nil, err
	}
	if !seesResults(partyOf(domain.ActorFrom(ctx)), a) {
		return nil, nil, domain.NotVisible("finding")
	}
	return f, a, nil
}

// FindingView is what the caller may receive of a finding.
func FindingView(ctx context.Context, f *audit.Finding) *audit.Finding {
	ac := domain.ActorFrom(ctx)
	var v audit.Finding
	switch partyOf(ac) {
	case asStaff:
		return f
	case asSupplier:
		v = audit.FindingForSupplier(*f, ac.OrgID)
	default:
		v = audit.FindingForBrand(*f)
	}
	return &v
}

// Finding returns a finding the caller may read.
func (s *Service) Finding(ctx context.Context, id string) (*audit.Finding, error) {
	f, _, err := s.finding(ctx, id, policies.PermFindingsRead)
	return f, err
}

// AuditFindings pages through an audit's findings: every one for staff;
// for the supplier and brands only once published (an empty page before).
func (s *Service) AuditFindings(ctx context.Context, auditID, cursor string, limit int) ([]*audit.Finding, string, error) {
	a, err := s.audit(ctx, auditID, policies.PermFindingsRead)
	if err != nil {
		return nil, "", err
	}
	if !seesResults(partyOf(domain.ActorFrom(ctx)), a) {
		return nil, "", nil
	}
	return s.st.Findings.OfAudit(ctx, auditID, store.Page{After: cursor, Limit: limit})
}

// FindingFilter selects a hub's findings; every field is optional.
type FindingFilter struct {
	HubID    string
	Category audit.Category
	Severity audit.Severity
	Cursor   string
	Limit    int
}

// HubFindings pages through a hub's findings by category and severity,
// newest first (operator staff).
func (s *Service) HubFindings(ctx context.Context, f FindingFilter) ([]*audit.Finding, string, error) {
	v := &domain.ValidationError{}
	if f.Category != "" && !f.Category.Valid() {
		v.Add("category", "is not a category of finding")
	}
	if f.Severity != "" && !f.Severity.Valid() {
		v.Add("severity", "is not a severity")
	}
	if err := v.OrNil(); err != nil {
		return nil, "", err
	}
	hubID, err := s.enf.HubFor(domain.ActorFrom(ctx), policies.PermFindingsList, f.HubID, domain.InHub)
	if err != nil {
		return nil, "", err
	}
	return s.st.Findings.InHub(ctx, hubID, f.Category, f.Severity, store.Page{After: f.Cursor, Limit: f.Limit})
}

// Respond records the site agreeing with or disputing a published finding.
// Errors: not found out of scope; the domain's (audit.Finding.Respond).
func (s *Service) Respond(ctx context.Context, id string, kind audit.ResponseKind, reason string) (*audit.Finding, error) {
	_, a, err := s.finding(ctx, id, policies.PermFindingsRespond)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	f, err := s.st.Findings.Update(ctx, id, func(x *audit.Finding) error {
		return x.Respond(*a, kind, reason, domain.ActorFrom(ctx), now)
	})
	if err != nil {
		return nil, err
	}
	return f, s.activity.Record(ctx, "findings.respond", "finding:"+id)
}

// citeProvision checks the finding's legal provision against the law pack
// of the supplier's province in force on the audit's day: the day it
// started in the hub's time zone, or its window's first day before that.
func (s *Service) citeProvision(ctx context.Context, a *audit.Audit, d *audit.Details) error {
	if d.LegalProvision == "" {
		return d.CiteProvision(nil, "", "")
	}
	sup, err := s.st.Suppliers.Get(ctx, a.SupplierID)
	if err != nil {
		return err
	}
	on := a.Window.From
	if !a.Started.IsZero() {
		loc, err := s.location(ctx, a.HubID)
		if err != nil {
			return err
		}
		on = audit.DateOf(a.Started, loc)
	}
	j, ok := law.JurisdictionOf(sup.Province)
	if !ok {
		return d.CiteProvision(nil, "", on)
	}
	day, err := time.Parse(time.DateOnly, string(on))
	if err != nil {
		return err
	}
	pack, err := law.PackFor(j, day)
	if errors.Is(err, domain.ErrNotFound) {
		return d.CiteProvision(nil, string(j), on)
	}
	if err != nil {
		return err
	}
	return d.CiteProvision(&pack, string(j), on)
}
