package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/actionhub/actionhub/app/referrals"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain/referral"
	"github.com/actionhub/actionhub/policies"
	"github.com/danielgtaylor/huma/v2"
)

type (
	webhookBody struct {
		AgencyOrgID string    `json:"agency_org_id"`
		URL         string    `json:"url"`
		Disabled    bool      `json:"disabled"`
		SecretSetAt time.Time `json:"secret_set_at"`
		Secret      string    `json:"secret,omitempty" doc:"Shown once, when the webhook is registered or its secret rotated: keep it to verify signatures."`
		Created     time.Time `json:"created"`
		Updated     time.Time `json:"updated"`
		Version     int64     `json:"version"`
		Signature   string    `json:"signature_header" doc:"The header carrying each delivery's signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">."`
		Tolerance   int       `json:"timestamp_tolerance_seconds" doc:"Refuse a delivery whose t is older (or newer) than this: a replay."`
	}
	deliveryBody struct {
		ID         string                          `json:"id"`
		ReferralID string                          `json:"referral_id"`
		Event      string                          `json:"event"`
		Status     enumOf[referral.DeliveryStatus] `json:"status"`
		Attempts   int                             `json:"attempts"`
		Resends    int                             `json:"resends" doc:"Times an admin sent it again after it failed for good."`
		LastStatus int                             `json:"last_status,omitempty" doc:"The receiver's last HTTP status."`
		LastError  string                          `json:"last_error,omitempty"`
		Created    time.Time                       `json:"created"`
		Delivered  *time.Time                      `json:"delivered,omitempty"`
		Updated    time.Time                       `json:"updated"`
	}
)

func webhookOut(w *referrals.WebhookSecret) webhookBody {
	h := w.Webhook
	return webhookBody{AgencyOrgID: h.ID, URL: h.URL, Disabled: h.Disabled, SecretSetAt: h.SecretSetAt, Secret: w.Secret,
		Created: h.Created, Updated: h.Updated, Version: h.Version, Signature: referral.SignatureHeader,
		Tolerance: int(referral.SignatureTolerance / time.Second)}
}

func deliveryOut(d *referral.Delivery) deliveryBody {
	return deliveryBody{ID: d.ID, ReferralID: d.ReferralID, Event: d.Event, Status: enumOf[referral.DeliveryStatus](d.Status),
		Attempts: d.Attempts, Resends: d.Resends, LastStatus: d.LastStatus, LastError: d.LastError, Created: d.Created, Delivered: when(d.Delivered), Updated: d.Updated}
}

func registerWebhooks(api huma.API, s *server) {
	const tag = "Referral webhooks"
	// WebhookOrgPath is exported so that Huma sees its field when embedded.
	type WebhookOrgPath struct {
		OrgID string `path:"org_id" minLength:"1" maxLength:"64" doc:"The agency organisation's ID."`
	}
	type webhookSetIn struct {
		WebhookOrgPath
		Body struct {
			URL string `json:"url" minLength:"1" maxLength:"2000" doc:"Where referrals are posted (https in production; private and loopback addresses are refused unless WEBHOOK_ALLOW_PRIVATE)."`
		}
	}
	errs := []int{http.StatusNotFound}
	register(api, s, endpoint{method: http.MethodPut, path: "/agencies/{org_id}/webhook", id: "set-agency-webhook", tag: tag,
		perm: policies.PermReferralsWebhooks, errors: errs, secretAnswer: true,
		summary: "Register or change an agency's webhook (hub admins); a new one's secret is shown once",
		description: "Referrals to the agency's services are then posted to the URL as JSON: the referral and the child's minimum view " +
			"for the service type, nothing else of the case, signed with HMAC-SHA256 over \"<t>.<body>\" in the " + referral.SignatureHeader +
			" header. A failed delivery is retried with backoff. The office answers through this API with an API key of one of the agency's officers."},
		func(ctx context.Context, in *webhookSetIn) (*one[webhookBody], error) {
			return reply(webhookOut)(s.Referrals.SetWebhook(ctx, in.OrgID, in.Body.URL))
		})
	register(api, s, endpoint{method: http.MethodGet, path: "/agencies/{org_id}/webhook", id: "get-agency-webhook", tag: tag,
		perm: policies.PermReferralsWebhooks, errors: errs, summary: "Get an agency's webhook (never its secret)"},
		func(ctx context.Context, in *WebhookOrgPath) (*one[webhookBody], error) {
			w, err := s.Referrals.Webhook(ctx, in.OrgID)
			if err != nil {
				return nil, err
			}
			return &one[webhookBody]{webhookOut(&referrals.WebhookSecret{Webhook: w})}, nil
		})
	register(api, s, endpoint{method: http.MethodPost, path: "/agencies/{org_id}/webhook/rotate-secret", id: "rotate-agency-webhook-secret", tag: tag,
		perm: policies.PermReferralsWebhooks, errors: errs, secretAnswer: true,
		summary: "Give an agency's webhook a new secret, shown once; the old one stops signing at once"},
		func(ctx context.Context, in *WebhookOrgPath) (*one[webhookBody], error) {
			return reply(webhookOut)(s.Referrals.RotateSecret(ctx, in.OrgID))
		})
	type webhookDeliveriesIn struct {
		WebhookOrgPath
		Paging
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/agencies/{org_id}/webhook/deliveries", id: "list-agency-webhook-deliveries", tag: tag,
		perm: policies.PermReferralsWebhooks, errors: errs,
		summary: "Read an agency's webhook delivery log, newest first: status, attempts, last error (never the body)"},
		func(ctx context.Context, in *webhookDeliveriesIn) (*page[deliveryBody], error) {
			return replyPage(deliveryOut)(s.Referrals.Deliveries(ctx, in.OrgID, store.Page{After: in.Cursor, Limit: in.Limit}))
		})
	type resendIn struct {
		ID         string `path:"id" minLength:"1" maxLength:"64" doc:"The webhook's ID: its agency organisation's ID."`
		DeliveryID string `path:"delivery_id" minLength:"1" maxLength:"120" doc:"The delivery's ID, from the delivery log."`
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/webhooks/{id}/deliveries/{delivery_id}/resend", id: "resend-webhook-delivery", tag: tag,
		perm: policies.PermReferralsWebhookResend, errors: []int{http.StatusNotFound, http.StatusConflict},
		summary: "Send again a delivery that failed for good (hub admins of the agency's hub)",
		description: "The delivery is made pending for a new round of attempts with the same backoff, its body built from the referral " +
			"as it is now and signed with the webhook's current secret. 409 unless the delivery failed."},
		func(ctx context.Context, in *resendIn) (*one[deliveryBody], error) {
			return reply(deliveryOut)(s.Referrals.Resend(ctx, in.ID, in.DeliveryID))
		})
}
