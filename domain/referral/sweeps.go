package referral

import "time"

// ReminderDue reports whether the agency is to be reminded at now of an
// unanswered referral: half way to its due date, once, and not once it was
// escalated already.
func (r *Referral) ReminderDue(now time.Time) bool {
	return r.State == Sent && r.Reminded.IsZero() && r.Escalated.IsZero() && !now.Before(r.RemindAt)
}

// EscalationDue reports whether the case worker and the hub's admins are to
// be told at now that the referral is past its due date unanswered: once.
func (r *Referral) EscalationDue(now time.Time) bool {
	return r.State == Sent && r.Escalated.IsZero() && now.After(r.Due)
}

// DeclineNoticeDue reports whether the case worker still has to be told of
// a decline.
func (r *Referral) DeclineNoticeDue() bool { return r.State == Declined && r.DeclineNotified.IsZero() }

// ActionDeliveryDue reports whether a completed referral still has to mark
// its plan action delivered.
func (r *Referral) ActionDeliveryDue() bool {
	return r.State == Completed && r.PlanActionID != "" && r.ActionDelivered.IsZero()
}

// WebhookDue reports whether the referral's agency webhook (if it has one)
// is still to be looked up and its delivery recorded.
func (r *Referral) WebhookDue() bool { return r.AgencyOrgID != "" && r.WebhookScheduled.IsZero() }

// EffectsDue reports whether an effect on another document or a message
// waits: the sweep of effects reads only these.
func (r *Referral) EffectsDue() bool {
	return r.DeclineNoticeDue() || r.ActionDeliveryDue() || r.WebhookDue() || r.WebhookRevokeDue()
}

// WebhookRevokeDue reports whether a revoked referral is still to be
// posted as revoked to the agency's webhook (if the referral went there).
func (r *Referral) WebhookRevokeDue() bool {
	return r.State == Revoked && r.AgencyOrgID != "" && r.WebhookRevoked.IsZero()
}

// MarkWebhookRevoked sets the revocation's mark; false when set already.
func (r *Referral) MarkWebhookRevoked(now time.Time) bool {
	if !r.WebhookRevoked.IsZero() {
		return false
	}
	r.WebhookRevoked = now
	return true
}

// MarkWebhookScheduled sets the webhook's mark; false when set already.
func (r *Referral) MarkWebhookScheduled(now time.Time) bool {
	if !r.WebhookScheduled.IsZero() {
		return false
	}
	r.WebhookScheduled = now
	return true
}

// MarkReminded sets the reminder's mark; false when set already.
func (r *Referral) MarkReminded(now time.Time) bool {
	if !r.Reminded.IsZero() {
		return false
	}
	r.Reminded = now
	return true
}

// MarkEscalated sets the escalation's mark; false when set already.
func (r *Referral) MarkEscalated(now time.Time) bool {
	if !r.Escalated.IsZero() {
		return false
	}
	r.Escalated = now
	return true
}

// MarkDeclineNotified sets the decline notice's mark; false when set already.
func (r *Referral) MarkDeclineNotified(now time.Time) bool {
	if !r.DeclineNotified.IsZero() {
		return false
	}
	r.DeclineNotified = now
	return true
}

// MarkActionDelivered sets the plan action's mark; false when set already.
func (r *Referral) MarkActionDelivered(now time.Time) bool {
	if !r.ActionDelivered.IsZero() {
		return false
	}
	r.ActionDelivered = now
	return true
}
