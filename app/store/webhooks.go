package store

import (
	"context"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain/referral"
)

// WebhookDoc is an agency's webhook as stored: the signing secret sealed
// (app/sealed), bound to the webhook's ID, so a copied value does not open.
type WebhookDoc struct {
	referral.Webhook
	SecretSealed []byte
}

// webhookDef: one document per agency organisation, read by ID only.
var webhookDef = docstore.Def[WebhookDoc]{
	Spec: docstore.Spec{
		Name:   "webhooks",
		Fields: []docstore.Field{{Name: "updated", Kind: docstore.Time}},
		Sort:   []docstore.Order{{Field: "updated"}},
	},
	ID:      func(w *WebhookDoc) string { return w.ID },
	Version: func(w *WebhookDoc) *int64 { return &w.Version },
	Fields:  func(w *WebhookDoc) map[string]any { return map[string]any{"updated": w.Updated} },
}

// Webhooks is the agencies' webhooks, by agency organisation ID.
type Webhooks struct{ *docstore.Coll[WebhookDoc] }

var webhooksColl = wire(webhookDef, "webhook", func(s *Store, c *docstore.Coll[WebhookDoc]) { s.Webhooks = Webhooks{c} })

// webhookDeliveryDef: an agency's delivery log, newest first; the sweep
// reads pending deliveries oldest first.
var webhookDeliveryDef = docstore.Def[referral.Delivery]{
	Spec: docstore.Spec{
		Name: "webhook_deliveries",
		Fields: []docstore.Field{
			{Name: "agency_org_id", Kind: docstore.String},
			{Name: "status", Kind: docstore.String},
			{Name: "created", Kind: docstore.Time},
		},
		Indexes: [][]string{{"agency_org_id", "created"}, {"status", "created"}},
		Sort:    []docstore.Order{{Field: "created", Desc: true}},
	},
	ID:      func(d *referral.Delivery) string { return d.ID },
	Version: func(d *referral.Delivery) *int64 { return &d.Version },
	Fields: func(d *referral.Delivery) map[string]any {
		return map[string]any{"agency_org_id": d.AgencyOrgID, "status": string(d.Status), "created": d.Created}
	},
}

// WebhookDeliveries is the log of webhook deliveries.
type WebhookDeliveries struct {
	*docstore.Coll[referral.Delivery]
}

var webhookDeliveriesColl = wire(webhookDeliveryDef, "webhook delivery", func(s *Store, c *docstore.Coll[referral.Delivery]) {
	s.WebhookDeliveries = WebhookDeliveries{c}
})

// OfAgency pages through an agency's deliveries, newest first.
func (c WebhookDeliveries) OfAgency(ctx context.Context, agencyOrgID string, p Page) ([]*referral.Delivery, string, error) {
	return c.Find(ctx, p.query([]docstore.Cond{docstore.EqCond("agency_org_id", agencyOrgID)}))
}

// Pending pages through deliveries still to make, oldest first.
func (c WebhookDeliveries) Pending(ctx context.Context, p Page) ([]*referral.Delivery, string, error) {
	return c.Find(ctx, p.query([]docstore.Cond{docstore.EqCond("status", string(referral.DeliveryPending))}, docstore.Order{Field: "created"}))
}
