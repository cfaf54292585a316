package referrals

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/referral"
)

// Effects of a referral on other documents and people, each made once:
//  1. the effect itself is idempotent (a notification or delivery whose ID
//     derives from the referral and the occasion; a plan action moved only
//     when it is not delivered yet);
//  2. then its mark is set in the referral through a versioned update,
//     which takes it out of the effects sweep's index range.
// A change settles its effects at once; the sweep makes up those a stopped
// process or a failing store left, so Redis holds none of this.

// errMarked ends an update whose mark is set already.
var errMarked = errors.New("mark already set")

// mark sets a mark on referral id; false when another run set it first.
func (s *Service) mark(ctx context.Context, id string, set func(*referral.Referral) bool) (*referral.Referral, bool, error) {
	r, err := s.st.Referrals.Update(ctx, id, func(r *referral.Referral) error {
		if !set(r) {
			return errMarked
		}
		return nil
	})
	if errors.Is(err, errMarked) {
		return nil, false, nil
	}
	return r, err == nil, err
}

// settle makes the effects due on r and returns it as stored after them.
// A failure is logged and left to the sweep: the change itself stands.
func (s *Service) settle(ctx context.Context, r *referral.Referral) *referral.Referral {
	out, err := s.effects(ctx, r, s.now().UTC())
	if err != nil {
		s.log.WarnContext(ctx, "referral effect left to the sweep", "referral", r.ID, "err", err)
		return r
	}
	return out
}

// effects makes every effect due on r at now.
func (s *Service) effects(ctx context.Context, r *referral.Referral, now time.Time) (*referral.Referral, error) {
	if r.WebhookDue() {
		if err := s.scheduleWebhook(ctx, r, referral.EventSent, now); err != nil {
			return r, err
		}
		if x, ok, err := s.mark(ctx, r.ID, func(x *referral.Referral) bool { return x.MarkWebhookScheduled(now) }); err != nil {
			return r, err
		} else if ok {
			r = x
		}
	}
	if r.WebhookRevokeDue() {
		// Only an office that received the referral hears of its revocation.
		if _, err := s.st.WebhookDeliveries.Get(ctx, referral.DeliveryID(r.ID, referral.EventSent)); err == nil {
			if err := s.scheduleWebhook(ctx, r, referral.EventRevoked, now); err != nil {
				return r, err
			}
		} else if !errors.Is(err, domain.ErrNotFound) {
			return r, err
		}
		if x, ok, err := s.mark(ctx, r.ID, func(x *referral.Referral) bool { return x.MarkWebhookRevoked(now) }); err != nil {
			return r, err
		} else if ok {
			r = x
		}
	}
	if r.DeclineNoticeDue() {
		to, err := s.caseWorkers(ctx, r)
		if err != nil {
			return r, err
		}
		subject := "Referral of case " + r.CaseCode + " declined"
		body := fmt.Sprintf("%s declined the referral of case %s to %s. Read the reason in Action Hub and refer the child elsewhere.",
			or(r.ProviderName, "The agency"), r.CaseCode, r.ServiceName)
		if err := s.queueOnce(ctx, to, subject, body, "referral-declined", r.ID); err != nil {
			return r, err
		}
		if x, ok, err := s.mark(ctx, r.ID, func(x *referral.Referral) bool { return x.MarkDeclineNotified(now) }); err != nil {
			return r, err
		} else if ok {
			r = x
		}
	}
	if r.ActionDeliveryDue() {
		if err := s.deliverAction(ctx, r, now); err != nil {
			return r, err
		}
		if x, ok, err := s.mark(ctx, r.ID, func(x *referral.Referral) bool { return x.MarkActionDelivered(now) }); err != nil {
			return r, err
		} else if ok {
			r = x
		}
	}
	return r, nil
}

// deliverAction marks the referral's plan action delivered: a completed
// referral is the service implemented. An action delivered or cancelled
// already, gone, or on a closed case is left as it is.
func (s *Service) deliverAction(ctx context.Context, r *referral.Referral, now time.Time) error {
	by := r.SentBy
	if n := len(r.History); n > 0 {
		by = r.History[n-1].By
	}
	_, err := s.vault.Update(ctx, r.CaseID, func(c *casework.Case) error {
		a, ok := c.Action(r.PlanActionID)
		if !ok || c.Status != casework.StatusOpen || a.Status == casework.ActionDelivered || a.Status == casework.ActionCancelled {
			return errMarked
		}
		return c.SetActionStatus(a.ID, casework.ActionDelivered, by, now)
	})
	if errors.Is(err, errMarked) || errors.Is(err, domain.ErrNotFound) {
		return nil
	}
	return err
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// queueOnce queues one message per address, its ID derived from the cause.
func (s *Service) queueOnce(ctx context.Context, to []string, subject, body string, cause ...string) error {
	for _, email := range to {
		if err := s.outbox.QueueOnce(ctx, derived(append(cause, email)...), email, subject, body); err != nil {
			return err
		}
	}
	return nil
}

// caseWorkers are the addresses of who sent the referral and the case's
// case worker, when enabled.
func (s *Service) caseWorkers(ctx context.Context, r *referral.Referral) ([]string, error) {
	ids := []string{r.SentBy}
	if d, err := s.st.Cases.Get(ctx, r.CaseID); err == nil && d.AssignedTo != "" && d.AssignedTo != r.SentBy {
		ids = append(ids, d.AssignedTo)
	} else if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return nil, err
	}
	us, err := s.st.Users.GetMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, u := range us {
		if u != nil && !u.Disabled && !slices.Contains(out, u.Email) {
			out = append(out, u.Email)
		}
	}
	return out, nil
}

// hubAdmins are the enabled admins of the hub.
func (s *Service) hubAdmins(ctx context.Context, hubID string) ([]string, error) {
	return s.st.EnabledEmails(ctx, hubID, domain.RoleHubAdmin)
}

// officers are the enabled officers of an agency.
func (s *Service) officers(ctx context.Context, orgID string) ([]string, error) {
	var out []string
	p := store.Page{Limit: docstore.MaxLimit}
	for {
		us, next, err := s.st.Users.OfOrg(ctx, orgID, domain.RoleAgencyOfficer, p)
		if err != nil {
			return nil, err
		}
		for _, u := range us {
			if !u.Disabled && !slices.Contains(out, u.Email) {
				out = append(out, u.Email)
			}
		}
		if next == "" {
			return out, nil
		}
		p.After = next
	}
}

const dayLayout = "2 January 2006"

// RemindUnanswered reminds the agency's officers, once, of each referral
// still unanswered half way to its due date. An agency without officers
// (an office that does not log in) is marked without a message: the
// escalation tells the hub. It returns how many referrals it marked.
func (s *Service) RemindUnanswered(ctx context.Context, now time.Time, limit int) (int, error) {
	now = now.UTC()
	return store.Sweep(limit, func(p store.Page) ([]*referral.Referral, string, error) {
		return s.st.Referrals.RemindersDue(ctx, now, p)
	}, func(r *referral.Referral) (bool, error) {
		if !r.ReminderDue(now) {
			return false, nil
		}
		if r.AgencyOrgID != "" {
			to, err := s.officers(ctx, r.AgencyOrgID)
			if err != nil {
				return false, err
			}
			subject := "Referral " + r.CaseCode + " waits for your answer"
			body := fmt.Sprintf("A %s referral of case %s to %s, sent on %s, waits for your answer by %s. Accept or decline it in Action Hub.",
				r.Urgency, r.CaseCode, r.ServiceName, r.Sent.Format(dayLayout), r.Due.Format(dayLayout+" 15:04 MST"))
			if err := s.queueOnce(ctx, to, subject, body, "referral-reminder", r.ID); err != nil {
				return false, err
			}
		}
		_, ok, err := s.mark(ctx, r.ID, func(x *referral.Referral) bool { return x.ReminderDue(now) && x.MarkReminded(now) })
		return ok, err
	})
}

// EscalateOverdue tells the case worker and the hub's admins, once, of
// each referral past its due date unanswered. It returns how many
// referrals it marked.
func (s *Service) EscalateOverdue(ctx context.Context, now time.Time, limit int) (int, error) {
	now = now.UTC()
	admins := map[string][]string{}
	return store.Sweep(limit, func(p store.Page) ([]*referral.Referral, string, error) {
		return s.st.Referrals.EscalationsDue(ctx, now, p)
	}, func(r *referral.Referral) (bool, error) {
		if !r.EscalationDue(now) {
			return false, nil
		}
		to, err := s.caseWorkers(ctx, r)
		if err != nil {
			return false, err
		}
		if _, ok := admins[r.HubID]; !ok {
			if admins[r.HubID], err = s.hubAdmins(ctx, r.HubID); err != nil {
				return false, err
			}
		}
		for _, a := range admins[r.HubID] {
			if !slices.Contains(to, a) {
				to = append(to, a)
			}
		}
		subject := "Referral of case " + r.CaseCode + " unanswered past its due date"
		body := fmt.Sprintf("The %s referral of case %s to %s (%s), sent on %s, was due for an answer on %s and is still unanswered. "+
			"Call the agency, or revoke it and refer elsewhere.", r.Urgency, r.CaseCode, r.ServiceName, or(r.ProviderName, "no provider named"),
			r.Sent.Format(dayLayout), r.Due.Format(dayLayout+" 15:04 MST"))
		if err := s.queueOnce(ctx, to, subject, body, "referral-overdue", r.ID); err != nil {
			return false, err
		}
		_, ok, err := s.mark(ctx, r.ID, func(x *referral.Referral) bool { return x.EscalationDue(now) && x.MarkEscalated(now) })
		return ok, err
	})
}

// SettleEffects makes the effects a stopped process left undone: decline
// notices, plan actions delivered, webhook deliveries recorded. It returns
// how many referrals it settled.
func (s *Service) SettleEffects(ctx context.Context, now time.Time, limit int) (int, error) {
	now = now.UTC()
	return store.Sweep(limit, func(p store.Page) ([]*referral.Referral, string, error) {
		return s.st.Referrals.EffectsDue(ctx, p)
	}, func(r *referral.Referral) (bool, error) {
		if !r.EffectsDue() {
			return false, nil
		}
		_, err := s.effects(ctx, r, now)
		return err == nil, err
	})
}
