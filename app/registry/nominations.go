package registry

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/actionhub/actionhub/policies"
)

// NominationInput is a brand's nomination: the facility's data, or the ID
// of a supplier the brand can see.
type NominationInput struct {
	HubID        string // may be omitted by brands in one hub
	SupplierID   string
	Facility     supplier.Facility
	Reason       string
	Relationship supplier.Relationship
}

// Nominate records a brand's nomination and matches it against the
// registry: a confident match names the supplier it will link to, a
// doubtful one waits for the operator's review. Nominating the same
// facility again returns the earlier nomination (open, accepted or
// declined: a decision is not asked twice) and created false. Errors: a
// validation error, domain.ErrForbidden for callers who are not a brand,
// domain.ErrConflict when the brand is already linked to that supplier.
func (s *Service) Nominate(ctx context.Context, in NominationInput) (n *supplier.Nomination, created bool, err error) {
	a := domain.ActorFrom(ctx)
	if a.OrgKind != domain.KindBrand {
		return nil, false, domain.Forbiddenf("Only brands nominate suppliers.")
	}
	hubID, err := s.enf.HubFor(a, policies.PermNominationsCreate, in.HubID, domain.HubWide)
	if errors.Is(err, domain.ErrNotFound) {
		return nil, false, domain.Invalid("hub_id", "is not a hub you work in")
	}
	if err != nil {
		return nil, false, err
	}
	n = &supplier.Nomination{ID: newID(), HubID: hubID, BrandOrgID: a.OrgID, Proposed: in.Facility,
		Reason: strings.TrimSpace(in.Reason), Relationship: in.Relationship, Status: supplier.NominationPending,
		Created: s.now().UTC()}
	n.Proposed.Contact.Email = domain.NormalizeEmail(n.Proposed.Contact.Email)
	n.Proposed.OSID = supplier.NormalizeOSID(n.Proposed.OSID)
	if in.SupplierID != "" {
		sup, err := s.supplier(ctx, in.SupplierID, policies.PermNominationsCreate)
		if errors.Is(err, domain.ErrNotFound) || (err == nil && (sup.HubID != hubID || sup.AliasOf != "")) {
			return nil, false, domain.Invalid("supplier_id", "is not a supplier you can see in this hub")
		}
		if err != nil {
			return nil, false, err
		}
		if n.Proposed.Name == "" {
			n.Proposed = sup.Facility()
		}
		n.SupplierID = sup.ID
		n.Match = supplier.Match{CandidateID: sup.ID, Score: 1, State: supplier.MatchConfirmed}
	}
	if err := s.withProvince(ctx, hubID, &n.Proposed); err != nil {
		return nil, false, err
	}
	if err := n.Validate(); err != nil {
		return nil, false, err
	}
	if n.SupplierID == "" {
		if err := n.ApplyMatch(s.index(hubID).Match(n.Proposed)); err != nil {
			return nil, false, err
		}
	}
	if s.linked(a, n.SupplierID) {
		return nil, false, domain.Conflictf("Supplier %s is already one of your suppliers.", n.SupplierID)
	}
	n.DedupKey = supplier.DedupKey(a.OrgID, n.Proposed)
	if err := s.st.Nominations.Insert(ctx, n); err != nil {
		if !errors.Is(err, domain.ErrConflict) {
			return nil, false, err
		}
		prev, err := s.openNominations(ctx, []string{n.DedupKey})
		if err != nil || len(prev) == 0 {
			return nil, false, &domain.Error{Kind: domain.ErrConflict, Message: "This facility was nominated at the same moment. Try again.", Err: err}
		}
		return s.view(a, prev[0]), false, nil
	}
	return s.view(a, n), true, s.activity.Record(ctx, "nominations.create", "nomination:"+n.ID)
}

// openNominations returns the nominations holding the keys: every one but
// the withdrawn, which free theirs.
func (s *Service) openNominations(ctx context.Context, keys []string) ([]*supplier.Nomination, error) {
	return s.st.Nominations.ByDedupKeys(ctx, keys)
}

// view is the nomination as the caller may see it. A brand sees its
// nomination's progress, never the registry's matching: a doubtful match
// shows as pending and the candidate is not named, since it may be another
// brand's supplier. The supplier is named once the brand is linked to it.
func (s *Service) view(a domain.Actor, n *supplier.Nomination) *supplier.Nomination {
	if a.Staff() {
		return n
	}
	v := *n
	v.Match, v.DecidedBy = supplier.Match{}, ""
	if v.Status == supplier.NominationMatchReview {
		v.Status = supplier.NominationPending
	}
	if v.Status != supplier.NominationAccepted && !s.linked(a, v.SupplierID) {
		v.SupplierID = ""
	}
	return &v
}

// nomination loads a nomination for a read or change that needs perm: the
// operator staff of its hub, or the brand that made it, as policies decide.
func (s *Service) nomination(ctx context.Context, id string, perm policies.Permission) (*supplier.Nomination, error) {
	return store.GetVisible(ctx, s.enf, s.st.Nominations.Coll, id, perm)
}

// Nomination returns a nomination in the caller's scope, as the caller may see it.
func (s *Service) Nomination(ctx context.Context, id string) (*supplier.Nomination, error) {
	n, err := s.nomination(ctx, id, policies.PermNominationsRead)
	if err != nil {
		return nil, err
	}
	return s.view(domain.ActorFrom(ctx), n), nil
}

// NominationFilter selects nominations to list; every field is optional.
type NominationFilter struct {
	HubID      string
	BrandOrgID string // operator staff only
	SupplierID string
	Status     supplier.NominationStatus
	Cursor     string
	Limit      int
}

// ListNominations lists nominations newest first: operator staff their
// hub's, a brand its own. For a brand, pending includes those whose match
// is in review, which it does not see as such.
func (s *Service) ListNominations(ctx context.Context, f NominationFilter) ([]*supplier.Nomination, string, error) {
	a := domain.ActorFrom(ctx)
	if f.Status != "" && !f.Status.Valid() {
		return nil, "", domain.Invalid("status", "is not a known nomination status")
	}
	q, page := store.NominationQuery{SupplierID: f.SupplierID}, store.Page{After: f.Cursor, Limit: f.Limit}
	var (
		ns    []*supplier.Nomination
		next  string
		hubID string
		err   error
	)
	switch {
	case a.Staff():
		if hubID, err = s.enf.HubFor(a, policies.PermNominationsList, f.HubID, domain.InHub); err != nil {
			return nil, "", err
		}
		q.BrandOrgID = f.BrandOrgID
		if f.Status != "" {
			q.Statuses = []supplier.NominationStatus{f.Status}
		}
		ns, next, err = s.st.Nominations.ByHub(ctx, hubID, q, page)
	case a.OrgKind == domain.KindBrand:
		if f.BrandOrgID != "" && f.BrandOrgID != a.OrgID {
			return nil, "", domain.Invalid("brand_org_id", "is for operator staff: you see your own nominations")
		}
		// Its own nominations may name a matched supplier it cannot see:
		// filtering by one must not confirm the match.
		if f.SupplierID != "" && !s.linked(a, f.SupplierID) {
			return nil, "", nil
		}
		q.HubID = f.HubID
		switch f.Status {
		case "":
		case supplier.NominationPending:
			q.Statuses = []supplier.NominationStatus{supplier.NominationPending, supplier.NominationMatchReview}
		case supplier.NominationMatchReview:
			return nil, "", nil
		default:
			q.Statuses = []supplier.NominationStatus{f.Status}
		}
		ns, next, err = s.st.Nominations.ByBrand(ctx, a.OrgID, q, page)
	default:
		return nil, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	for i, n := range ns {
		ns[i] = s.view(a, n)
	}
	return ns, next, nil
}

// SupplierNominations lists the nominations linked to a supplier in the
// caller's scope: all of them for operator staff, a brand's own for a brand.
func (s *Service) SupplierNominations(ctx context.Context, supplierID, cursor string, limit int) ([]*supplier.Nomination, string, error) {
	sup, err := s.supplier(ctx, supplierID, policies.PermNominationsList)
	if err != nil {
		return nil, "", err
	}
	return s.ListNominations(ctx, NominationFilter{HubID: sup.HubID, SupplierID: sup.ID, Cursor: cursor, Limit: limit})
}

// ResolveMatch records the operator's answer to a doubtful match: the same
// facility (the nomination will link to the candidate) or another one (a
// new supplier will be made). domain.ErrConflict unless it is in review.
func (s *Service) ResolveMatch(ctx context.Context, id string, same bool) (*supplier.Nomination, error) {
	if _, err := s.nomination(ctx, id, policies.PermNominationsDecide); err != nil {
		return nil, err
	}
	n, err := s.st.Nominations.Update(ctx, id, func(n *supplier.Nomination) error { return n.ResolveMatch(same) })
	if err != nil {
		return nil, err
	}
	action := "nominations.match_confirm"
	if !same {
		action = "nominations.match_reject"
	}
	return n, s.activity.Record(ctx, action, "nomination:"+id)
}

// Decline records the operator's no with the reason the brand is told, and
// tells the brand's managers.
func (s *Service) Decline(ctx context.Context, id, reason string) (*supplier.Nomination, error) {
	if _, err := s.nomination(ctx, id, policies.PermNominationsDecide); err != nil {
		return nil, err
	}
	a, now := domain.ActorFrom(ctx), s.now().UTC()
	n, err := s.st.Nominations.Update(ctx, id, func(n *supplier.Nomination) error { return n.Decline(reason, a.UserID, now) })
	if err != nil {
		return nil, err
	}
	if err := s.activity.Record(ctx, "nominations.decline", "nomination:"+id); err != nil {
		return nil, err
	}
	return n, s.tellBrand(ctx, n, "declined", "The hub declined it: "+n.DeclineReason)
}

// Withdraw takes back a brand's own open nomination.
func (s *Service) Withdraw(ctx context.Context, id string) (*supplier.Nomination, error) {
	a := domain.ActorFrom(ctx)
	if _, err := s.nomination(ctx, id, policies.PermNominationsWithdraw); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	n, err := s.st.Nominations.Update(ctx, id, func(n *supplier.Nomination) error { return n.Withdraw(a.UserID, now) })
	if err != nil {
		return nil, err
	}
	return s.view(a, n), s.activity.Record(ctx, "nominations.withdraw", "nomination:"+id)
}

// tellBrand queues a message about a decision to the brand's managers.
func (s *Service) tellBrand(ctx context.Context, n *supplier.Nomination, outcome, detail string) error {
	users, _, err := s.st.Users.OfOrg(ctx, n.BrandOrgID, domain.RoleBrandManager, store.Page{Limit: docstore.MaxLimit})
	if err != nil {
		return err
	}
	subject := fmt.Sprintf("Your nomination of %s was %s", n.Proposed.Name, outcome)
	body := fmt.Sprintf("%s\n\nNomination %s, made on %s.\n%s", subject, n.ID, n.Created.Format("2 January 2006"), detail)
	for _, u := range users {
		if u.Role != domain.RoleBrandManager || u.Disabled {
			continue
		}
		if _, err := s.outbox.Queue(ctx, u.Email, subject, body); err != nil {
			return err
		}
	}
	return nil
}
