package audits

import (
	"context"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/policies"
)

// action loads a corrective action for a read or change needing perm.
// Actions exist only once their audit is published, so scope alone
// decides.
func (s *Service) action(ctx context.Context, id string, perm policies.Permission) (*audit.Action, error) {
	return store.GetVisible(ctx, s.enf, s.st.Actions.Coll, id, perm)
}

// ActionView is what the caller may receive of a corrective action.
func ActionView(ctx context.Context, a *audit.Action) *audit.Action {
	ac := domain.ActorFrom(ctx)
	var v audit.Action
	switch partyOf(ac) {
	case asStaff:
		return a
	case asSupplier:
		v = audit.ActionForSupplier(*a, ac.OrgID)
	default:
		v = audit.ActionForBrand(*a)
	}
	return &v
}

// Action returns a corrective action the caller may read.
func (s *Service) Action(ctx context.Context, id string) (*audit.Action, error) {
	return s.action(ctx, id, policies.PermActionsRead)
}

// ActionMove names a change of a corrective action.
type ActionMove string

// Action moves: the site starts (or resumes), names the owner and submits;
// the hub verifies or rejects.
const (
	ActionStart  ActionMove = "start"
	ActionOwner  ActionMove = "owner"
	ActionSubmit ActionMove = "submit"
	ActionVerify ActionMove = "verify"
	ActionReject ActionMove = "reject"
)

// MoveAction changes a corrective action. text is the owner, the note or
// the reason, as the move needs. Errors: not found out of scope; the
// domain's (domain.ErrForbidden for the wrong party or an auditor off the
// audit's team verifying, domain.ErrConflict
// naming the current state, a validation error).
func (s *Service) MoveAction(ctx context.Context, id string, m ActionMove, text string) (*audit.Action, error) {
	perm := policies.PermActionsUpdate
	if m == ActionVerify || m == ActionReject {
		perm = policies.PermActionsVerify
	}
	act, err := s.action(ctx, id, perm)
	if err != nil {
		return nil, err
	}
	ac, now := domain.ActorFrom(ctx), s.now().UTC()
	if perm == policies.PermActionsVerify {
		au, err := s.st.Audits.Get(ctx, act.AuditID)
		if err != nil {
			return nil, err
		}
		if err := audit.CheckVerifying(*au, ac); err != nil {
			return nil, err
		}
	}
	a, err := s.st.Actions.Update(ctx, id, func(x *audit.Action) error {
		switch m {
		case ActionStart:
			return x.Start(ac, now)
		case ActionOwner:
			return x.SetOwner(ac, text, now)
		case ActionSubmit:
			return x.Submit(ac, text, now)
		case ActionVerify:
			return x.Verify(ac, now)
		case ActionReject:
			return x.Reject(ac, text, now)
		}
		return domain.Invalid("move", "is not a move of a corrective action")
	})
	if err != nil {
		return nil, err
	}
	return a, s.activity.Record(ctx, "actions."+string(m), "action:"+id)
}

// ActionFilter selects corrective actions; every field is optional.
type ActionFilter struct {
	HubID      string
	SupplierID string
	FindingID  string
	State      audit.ActionState
	Overdue    bool // operator staff: the hub's actions past due while waiting on the site
	Cursor     string
	Limit      int
}

// ListActions lists corrective actions in the caller's scope, soonest due
// first: a finding's (for whoever reads the finding), a supplier's (for
// whoever reaches it), a hub's or its overdue ones (operator staff), or a
// facility's own when its organisation has one.
func (s *Service) ListActions(ctx context.Context, f ActionFilter) ([]*audit.Action, string, error) {
	ac := domain.ActorFrom(ctx)
	page := store.Page{After: f.Cursor, Limit: f.Limit}
	if f.State != "" && !containsState(f.State) {
		return nil, "", domain.Invalid("state", "is not a state of a corrective action")
	}
	switch {
	case f.FindingID != "":
		if _, _, err := s.finding(ctx, f.FindingID, policies.PermActionsList); err != nil {
			return nil, "", err
		}
		return s.st.Actions.OfFinding(ctx, f.FindingID, page)
	case f.SupplierID != "":
		if err := s.reachSupplier(ctx, f.SupplierID, policies.PermActionsList); err != nil {
			return nil, "", err
		}
		return s.st.Actions.OfSupplier(ctx, f.SupplierID, f.State, page)
	case partyOf(ac) == asStaff:
		hubID, err := s.enf.HubFor(ac, policies.PermActionsList, f.HubID, domain.InHub)
		if err != nil {
			return nil, "", err
		}
		if f.State != "" {
			return nil, "", domain.Invalid("state", "filters a supplier's actions: name supplier_id too")
		}
		if f.Overdue {
			return s.st.Actions.Overdue(ctx, hubID, s.now().UTC(), page)
		}
		return s.st.Actions.InHub(ctx, hubID, page)
	case partyOf(ac) == asSupplier:
		id, err := s.ownFacility(ctx, "", policies.PermActionsList)
		if err != nil {
			return nil, "", err
		}
		return s.st.Actions.OfSupplier(ctx, id, f.State, page)
	}
	return nil, "", domain.Invalid("supplier_id", "is required: name one of your suppliers")
}

func containsState(st audit.ActionState) bool {
	for _, x := range audit.ActionStates {
		if x == st {
			return true
		}
	}
	return false
}
