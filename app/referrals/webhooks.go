package referrals

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/actionhub/actionhub/app/sealed"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/referral"
	"github.com/actionhub/actionhub/policies"
)

// WebhookSecret is a webhook with its signing secret, shown once: when the
// webhook is registered and when the secret is rotated.
type WebhookSecret struct {
	Webhook *referral.Webhook
	Secret  string // base64; never stored in clear, never shown again
}

func secretAD(agencyOrgID string) []byte { return sealed.Owner(agencyOrgID, "webhook secret") }

func newSecret() (string, []byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, err
	}
	s := base64.RawURLEncoding.EncodeToString(b)
	return s, []byte(s), nil
}

// agencyWebhook checks that the caller may manage the webhook of the
// agency organisation orgID and returns the organisation. Errors: not
// found for an organisation out of scope or not an agency.
func (s *Service) agencyWebhook(ctx context.Context, orgID string) (*domain.Organisation, error) {
	o, err := s.st.Orgs.Get(ctx, orgID)
	if err != nil || o.Kind != domain.KindAgency ||
		!s.enf.Can(domain.ActorFrom(ctx), policies.PermReferralsWebhooks, &referral.Webhook{ID: o.ID, HubIDs: o.HubIDs}) {
		if err == nil || errors.Is(err, domain.ErrNotFound) {
			return nil, domain.NotVisible("agency")
		}
		return nil, err
	}
	return o, nil
}

// SetWebhook registers (or changes the URL of) an agency's webhook. A new
// webhook gets a secret, returned once; a changed URL keeps its secret.
// Errors: not found for an agency out of scope; validation errors for a
// URL that is not http(s), or names a private address while those are not
// allowed.
func (s *Service) SetWebhook(ctx context.Context, orgID, url string) (*WebhookSecret, error) {
	o, err := s.agencyWebhook(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if err := referral.CheckURL(url); err != nil {
		return nil, err
	}
	if err := checkHost(url, s.opts.AllowPrivate); err != nil {
		return nil, err
	}
	now, ac := s.now().UTC(), domain.ActorFrom(ctx)
	w, err := s.st.Webhooks.Update(ctx, orgID, func(w *store.WebhookDoc) error {
		w.URL, w.HubIDs, w.Updated, w.Disabled = url, o.HubIDs, now, false
		return nil
	})
	var out *WebhookSecret
	switch {
	case errors.Is(err, domain.ErrNotFound):
		plain, raw, err := newSecret()
		if err != nil {
			return nil, err
		}
		sealedSecret, err := s.secrets.Seal(raw, secretAD(orgID))
		if err != nil {
			return nil, err
		}
		d := &store.WebhookDoc{Webhook: referral.Webhook{ID: orgID, HubIDs: o.HubIDs, URL: url, SecretSetAt: now,
			Created: now, CreatedBy: ac.UserID, Updated: now}, SecretSealed: sealedSecret}
		if err := s.st.Webhooks.Insert(ctx, d); err != nil {
			return nil, err
		}
		out = &WebhookSecret{Webhook: &d.Webhook, Secret: plain}
	case err != nil:
		return nil, err
	default:
		out = &WebhookSecret{Webhook: &w.Webhook}
	}
	if err := s.activity.Record(ctx, "referrals.webhook_set", "org:"+orgID); err != nil {
		return nil, err
	}
	return out, nil
}

// RotateSecret gives an agency's webhook a new secret, returned once; the
// old one stops signing at once. Errors: not found for an agency out of
// scope or without a webhook.
func (s *Service) RotateSecret(ctx context.Context, orgID string) (*WebhookSecret, error) {
	if _, err := s.agencyWebhook(ctx, orgID); err != nil {
		return nil, err
	}
	plain, raw, err := newSecret()
	if err != nil {
		return nil, err
	}
	sealedSecret, err := s.secrets.Seal(raw, secretAD(orgID))
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	w, err := s.st.Webhooks.Update(ctx, orgID, func(w *store.WebhookDoc) error {
		w.SecretSealed, w.SecretSetAt, w.Updated = sealedSecret, now, now
		return nil
	})
	if errors.Is(err, domain.ErrNotFound) {
		return nil, domain.NotFoundf("The agency has no webhook: register one first.")
	}
	if err != nil {
		return nil, err
	}
	if err := s.activity.Record(ctx, "referrals.webhook_rotate", "org:"+orgID); err != nil {
		return nil, err
	}
	return &WebhookSecret{Webhook: &w.Webhook, Secret: plain}, nil
}

// Webhook returns an agency's webhook, without its secret. Errors: not
// found for an agency out of scope or without a webhook.
func (s *Service) Webhook(ctx context.Context, orgID string) (*referral.Webhook, error) {
	if _, err := s.agencyWebhook(ctx, orgID); err != nil {
		return nil, err
	}
	w, err := s.st.Webhooks.Get(ctx, orgID)
	if errors.Is(err, domain.ErrNotFound) {
		return nil, domain.NotFoundf("The agency has no webhook.")
	}
	if err != nil {
		return nil, err
	}
	return &w.Webhook, nil
}

// Deliveries pages through an agency's delivery log, newest first.
func (s *Service) Deliveries(ctx context.Context, orgID string, p store.Page) ([]*referral.Delivery, string, error) {
	if _, err := s.agencyWebhook(ctx, orgID); err != nil {
		return nil, "", err
	}
	return s.st.WebhookDeliveries.OfAgency(ctx, orgID, p)
}

// scheduleWebhook records the delivery of event for r when its agency has
// an enabled webhook, and asks a worker to make it. A delivery recorded
// already is left as it is; a queue that does not answer leaves it to the
// deliveries sweep.
func (s *Service) scheduleWebhook(ctx context.Context, r *referral.Referral, event string, now time.Time) error {
	w, err := s.st.Webhooks.Get(ctx, r.AgencyOrgID)
	if errors.Is(err, domain.ErrNotFound) {
		return nil
	}
	if err != nil || w.Disabled {
		return err
	}
	d := &referral.Delivery{ID: referral.DeliveryID(r.ID, event), AgencyOrgID: r.AgencyOrgID, HubIDs: w.HubIDs, ReferralID: r.ID,
		Event: event, Status: referral.DeliveryPending, Created: now, Updated: now}
	if err := s.st.WebhookDeliveries.Insert(ctx, d); err != nil && !errors.Is(err, domain.ErrConflict) {
		return err
	}
	if s.enq != nil {
		if err := s.enq.DeliverWebhook(ctx, d.ID, 0); err != nil {
			s.log.WarnContext(ctx, "webhook delivery stored; the sweep will queue it", "delivery", d.ID, "err", err)
		}
	}
	return nil
}

// PendingDeliveries lists up to limit deliveries still to make, oldest first.
func (s *Service) PendingDeliveries(ctx context.Context, limit int) ([]*referral.Delivery, error) {
	ds, _, err := s.st.WebhookDeliveries.Pending(ctx, store.Page{Limit: min(max(limit, 1), 500)})
	return ds, err
}

// Resend sends again a delivery that failed for good, for a new round of
// attempts, built from the referral as it is now (hub admins of the
// agency's hub). Errors: not found for an agency or delivery out of scope
// (or of another agency); a conflict when the delivery has not failed.
func (s *Service) Resend(ctx context.Context, orgID, deliveryID string) (*referral.Delivery, error) {
	if _, err := s.agencyWebhook(ctx, orgID); err != nil {
		return nil, err
	}
	if _, err := store.GetVisible(ctx, s.enf, s.st.WebhookDeliveries.Coll, deliveryID, policies.PermReferralsWebhookResend); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	d, err := s.st.WebhookDeliveries.Update(ctx, deliveryID, func(d *referral.Delivery) error {
		if d.AgencyOrgID != orgID {
			return domain.NotVisible("delivery")
		}
		return d.Resend(now)
	})
	if err != nil {
		return nil, err
	}
	if err := s.activity.Record(ctx, "referrals.webhook_resend", "org:"+orgID); err != nil {
		return nil, err
	}
	if s.enq != nil {
		if err := s.enq.DeliverWebhook(ctx, d.ID, d.Resends); err != nil {
			s.log.WarnContext(ctx, "webhook delivery sent again; the sweep will queue it", "delivery", d.ID, "err", err)
		}
	}
	return d, nil
}

// payload is what a webhook receives: the referral, how to answer, and the
// child's minimum view for the service type, nothing else of the case.
type payload struct {
	Event      string          `json:"event"`
	DeliveryID string          `json:"delivery_id"`
	Referral   payloadReferral `json:"referral"`
	Child      *ChildBody      `json:"child,omitempty"`
}

type payloadReferral struct {
	ID          string    `json:"id"`
	Version     int64     `json:"version"`
	CaseCode    string    `json:"case_code"`
	ServiceID   string    `json:"service_id"`
	ServiceName string    `json:"service_name"`
	ServiceType string    `json:"service_type"`
	Reason      string    `json:"reason"`
	Urgency     string    `json:"urgency"`
	State       string    `json:"state"`
	Sent        time.Time `json:"sent"`
	Due         time.Time `json:"due"`
	AnswerURL   string    `json:"answer_url"`
}

// ChildBody is the minimum view as it goes over the wire: in a webhook's
// payload and in the agency's answer from the API, the same fields.
type ChildBody struct {
	Fields          []referral.Field `json:"fields" doc:"The fields this service type's view carries; the others are never sent."`
	ChildName       string           `json:"child_name,omitempty"`
	GuardianName    string           `json:"guardian_name,omitempty"`
	AgeYears        int              `json:"age_years,omitempty"`
	Sex             string           `json:"sex,omitempty"`
	Languages       []string         `json:"languages,omitempty"`
	BirthDate       string           `json:"birth_date,omitempty"`
	Address         string           `json:"address,omitempty"`
	Province        string           `json:"province,omitempty"`
	Phone           string           `json:"phone,omitempty"`
	SchoolHistory   string           `json:"school_history,omitempty"`
	Schooling       string           `json:"schooling,omitempty"`
	FamilySituation string           `json:"family_situation,omitempty"`
}

// ChildBodyOf is v on the wire.
func ChildBodyOf(v referral.MinimumView) ChildBody {
	return ChildBody{Fields: v.Fields, ChildName: v.ChildName, GuardianName: v.GuardianName, AgeYears: v.AgeYears, Sex: string(v.Sex),
		Languages: v.Languages, BirthDate: v.BirthDate, Address: v.Address, Province: v.Province, Phone: v.Phone,
		SchoolHistory: v.SchoolHistory, Schooling: v.Schooling, FamilySituation: v.FamilySituation}
}

// Deliver makes one attempt of delivery id and records its outcome. It
// returns nil when delivered (or delivered already, or no longer to make:
// the referral was revoked or the webhook removed), and an error to retry
// otherwise; final marks the last attempt, after which the delivery is
// failed for an admin to read.
func (s *Service) Deliver(ctx context.Context, id string, final bool) error {
	d, err := s.st.WebhookDeliveries.Get(ctx, id)
	if err != nil {
		return err
	}
	if d.Status != referral.DeliveryPending {
		return nil
	}
	ctx = domain.WithActor(ctx, domain.Actor{RequestID: "webhook:" + id})
	body, w, secret, err := s.build(ctx, d)
	if errors.Is(err, errGone) {
		return s.record(ctx, id, referral.DeliveryFailed, 0, "no longer to deliver: "+err.Error())
	}
	if err != nil {
		return err
	}
	status, sendErr := s.post(ctx, w.URL, secret, body)
	switch {
	case sendErr == nil:
		if err := s.record(ctx, id, referral.DeliveryDelivered, status, ""); err != nil {
			return err
		}
		if d.Event != referral.EventSent {
			return nil
		}
		// The delivery carried the child's minimum view to the agency.
		return s.activity.Record(ctx, "referrals.webhook_disclosure", "case:"+caseOf(ctx, s, d.ReferralID))
	case final:
		return errors.Join(sendErr, s.record(ctx, id, referral.DeliveryFailed, status, sendErr.Error()))
	default:
		return errors.Join(sendErr, s.record(ctx, id, referral.DeliveryPending, status, sendErr.Error()))
	}
}

func caseOf(ctx context.Context, s *Service, referralID string) string {
	if r, err := s.st.Referrals.Get(ctx, referralID); err == nil {
		return r.CaseID
	}
	return ""
}

var errGone = errors.New("referral ended or webhook removed")

// build makes the delivery's body from the referral and the case as they
// are now: a referral that ended, or a closed case, is not delivered.
func (s *Service) build(ctx context.Context, d *referral.Delivery) ([]byte, *store.WebhookDoc, []byte, error) {
	w, err := s.st.Webhooks.Get(ctx, d.AgencyOrgID)
	if errors.Is(err, domain.ErrNotFound) || (err == nil && w.Disabled) {
		return nil, nil, nil, errGone
	}
	if err != nil {
		return nil, nil, nil, err
	}
	secret, err := s.secrets.Open(w.SecretSealed, secretAD(w.ID))
	if err != nil {
		return nil, nil, nil, err
	}
	r, err := s.st.Referrals.Get(ctx, d.ReferralID)
	if err != nil {
		return nil, nil, nil, err
	}
	ref := payloadReferral{ID: r.ID, Version: r.Version, CaseCode: r.CaseCode, ServiceID: r.ServiceID, ServiceName: r.ServiceName,
		ServiceType: string(r.ServiceType), Reason: r.Reason, Urgency: string(r.Urgency), State: string(r.State), Sent: r.Sent, Due: r.Due,
		AnswerURL: s.opts.PublicURL + "/api/v1/referrals/" + r.ID}
	if d.Event == referral.EventRevoked {
		// The revocation carries no child: the office is to stop, and to
		// delete what the referral brought.
		b, err := json.Marshal(payload{Event: d.Event, DeliveryID: d.ID, Referral: ref})
		return b, w, secret, err
	}
	cd, err := s.st.Cases.Get(ctx, r.CaseID)
	if err != nil {
		return nil, nil, nil, err
	}
	if !r.State.Open() || cd.Status != casework.StatusOpen {
		return nil, nil, nil, fmt.Errorf("%w: the referral is %s", errGone, r.State)
	}
	c, err := s.vault.Open(cd)
	if err != nil {
		return nil, nil, nil, err
	}
	v := referral.ViewOf(r, c)
	child := ChildBodyOf(v)
	p := payload{Event: d.Event, DeliveryID: d.ID, Referral: ref, Child: &child}
	b, err := json.Marshal(p)
	return b, w, secret, err
}

// post sends body signed; an answer other than 2xx is an error.
func (s *Service) post(ctx context.Context, url string, secret, body []byte) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "ActionHub-Webhook/1")
	req.Header.Set(referral.SignatureHeader, referral.Sign(secret, s.now(), body))
	res, err := s.client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("post: %w", err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return res.StatusCode, fmt.Errorf("the receiver answered %d", res.StatusCode)
	}
	return res.StatusCode, nil
}

// record stores one attempt's outcome. The error kept is short and never
// holds the body.
func (s *Service) record(ctx context.Context, id string, st referral.DeliveryStatus, code int, msg string) error {
	if len(msg) > 300 {
		msg = msg[:300]
	}
	now := s.now().UTC()
	_, err := s.st.WebhookDeliveries.Update(ctx, id, func(d *referral.Delivery) error {
		d.Attempts++
		d.Status, d.LastStatus, d.LastError, d.Updated = st, code, msg, now
		if st == referral.DeliveryDelivered {
			d.Delivered = now
		}
		return nil
	})
	return err
}
