package cases

import (
	"context"
	"slices"
	"time"

	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/policies"
)

// Every change below takes the version the editor read: a stale one is a
// conflict (409), so a colleague's edit is never overwritten. Errors: not
// found out of scope; the domain's rules (validation errors, conflicts for
// a move not allowed or a closed case, forbidden for self-approval).

// UpdateFacts replaces the clear facts (child, work) and classifies again
// under the case's pack.
func (s *Service) UpdateFacts(ctx context.Context, id string, version int64, f casework.Facts) (*View, error) {
	return s.change(ctx, id, policies.PermCasesUpdate, version, "cases.update_facts", func(c *casework.Case, by string, at time.Time) error {
		return c.UpdateFacts(f, by, at)
	})
}

// UpdateIdentity replaces the child's identity (the photo changes through
// its upload). It needs the identity decision too.
func (s *Service) UpdateIdentity(ctx context.Context, id string, version int64, idn casework.Identity) (*View, error) {
	return s.change(ctx, id, policies.PermCasesUpdateIdentity, version, "cases.update_identity", func(c *casework.Case, by string, at time.Time) error {
		return c.SetIdentity(idn, by, at)
	})
}

// RecordConsent records one of the two consents.
func (s *Service) RecordConsent(ctx context.Context, id string, version int64, k casework.ConsentKind, answer casework.ConsentAnswer, givenBy string) (*View, error) {
	return s.change(ctx, id, policies.PermCasesUpdate, version, "cases.consent", func(c *casework.Case, by string, at time.Time) error {
		return c.RecordConsent(k, answer, givenBy, by, at)
	})
}

// RecordAssessment records the best-interest assessment.
func (s *Service) RecordAssessment(ctx context.Context, id string, version int64, a casework.Assessment) (*View, error) {
	return s.change(ctx, id, policies.PermCasesUpdate, version, "cases.assessment", func(c *casework.Case, by string, at time.Time) error {
		return c.RecordAssessment(a, by, at)
	})
}

// RecordImmediateAction records what was done at once.
func (s *Service) RecordImmediateAction(ctx context.Context, id string, version int64, removedAt time.Time, notes string) (*View, error) {
	return s.change(ctx, id, policies.PermCasesUpdate, version, "cases.immediate_action", func(c *casework.Case, by string, at time.Time) error {
		return c.RecordImmediateAction(removedAt, notes, by, at)
	})
}

// AddAction adds a plan action.
func (s *Service) AddAction(ctx context.Context, id string, version int64, n casework.NewAction) (*View, error) {
	actionID := newID()
	return s.change(ctx, id, policies.PermCasesUpdate, version, "cases.plan_action_add", func(c *casework.Case, by string, at time.Time) error {
		_, err := c.AddAction(actionID, n, by, at)
		return err
	})
}

// SetActionStatus moves a plan action.
func (s *Service) SetActionStatus(ctx context.Context, id string, version int64, actionID string, st casework.ActionStatus) (*View, error) {
	return s.change(ctx, id, policies.PermCasesUpdate, version, "cases.plan_action_status", func(c *casework.Case, by string, at time.Time) error {
		return c.SetActionStatus(actionID, st, by, at)
	})
}

// Assign makes a case worker of the case's hub its case worker.
func (s *Service) Assign(ctx context.Context, id string, version int64, userID string) (*View, error) {
	u, err := s.st.Users.Get(ctx, userID)
	if err != nil {
		return nil, notVisibleAsInvalid(err, "user_id", "is not a case worker of the case's hub")
	}
	return s.followed(ctx)(s.change(ctx, id, policies.PermCasesAssign, version, "cases.assign", func(c *casework.Case, by string, at time.Time) error {
		if u.Role != domain.RoleCaseWorker || u.Disabled || !slices.Contains(u.HubIDs, c.HubID) {
			return domain.Invalid("user_id", "is not a case worker of the case's hub")
		}
		return c.Assign(u.ID, by, at)
	}))
}

// RequestApproval asks a supervisor to approve the assessment or the plan.
func (s *Service) RequestApproval(ctx context.Context, id string, version int64, subj casework.Subject, comment string) (*View, error) {
	return s.change(ctx, id, policies.PermCasesRequestApproval, version, "cases.approval_request", func(c *casework.Case, by string, at time.Time) error {
		return c.RequestApproval(subj, comment, by, at)
	})
}

// RequestClosure asks a supervisor to approve closing the case for a reason.
func (s *Service) RequestClosure(ctx context.Context, id string, version int64, cl casework.Closure, comment string) (*View, error) {
	return s.change(ctx, id, policies.PermCasesRequestApproval, version, "cases.closure_request", func(c *casework.Case, by string, at time.Time) error {
		set, err := s.settingsOf(ctx, c.HubID)
		if err != nil {
			return err
		}
		return c.RequestClosure(cl, set, comment, by, at)
	})
}

// Decide approves or rejects a pending request; approving a closure closes
// the case. Nobody decides their own request.
func (s *Service) Decide(ctx context.Context, id string, version int64, subj casework.Subject, approve bool, comment string) (*View, error) {
	action := "cases.approval_reject"
	if approve {
		action = "cases.approval_approve"
	}
	return s.followed(ctx)(s.change(ctx, id, policies.PermCasesApprove, version, action, func(c *casework.Case, by string, at time.Time) error {
		if err := c.Decide(subj, approve, comment, by, at); err != nil || !approve || subj != casework.SubjectPlan {
			return err
		}
		return s.scheduleFollowUps(ctx, c, at) // the approved plan starts the visits
	}))
}

// Reopen reopens a closed case with a reason.
func (s *Service) Reopen(ctx context.Context, id string, version int64, reason string) (*View, error) {
	return s.followed(ctx)(s.change(ctx, id, policies.PermCasesReopen, version, "cases.reopen", func(c *casework.Case, by string, at time.Time) error {
		return c.Reopen(reason, by, at)
	}))
}
