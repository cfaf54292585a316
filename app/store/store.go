// Package store holds the domain's collections on the document-store
// contract, written once for every engine.
package store

import (
	"context"
	"fmt"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/supplier"
)

// Store is every collection of the hub, bound to one engine.
type Store struct {
	Engine   docstore.Engine
	Hubs     *docstore.Coll[domain.Hub]
	Orgs     *docstore.Coll[domain.Organisation]
	OrgHubs  *docstore.Coll[domain.OrgHub]
	Users    *docstore.Coll[domain.User]
	UserHubs *docstore.Coll[domain.UserHub]
	Sessions *docstore.Coll[domain.Session]
	APIKeys  *docstore.Coll[domain.APIKey]
	Audit    *docstore.Coll[domain.AuditEntry]

	Notifications *docstore.Coll[domain.Notification]

	Suppliers     *docstore.Coll[supplier.Supplier]
	SupplierLinks *docstore.Coll[supplier.Link]
	Nominations   *docstore.Coll[supplier.Nomination]
	Uploads       *docstore.Coll[supplier.Upload]
	Prevalence    *docstore.Coll[supplier.HubPrevalence]
}

// Specs lists every collection, for the migrate step.
func Specs() []docstore.Spec {
	return []docstore.Spec{hubDef.Spec, orgDef.Spec, orgHubDef.Spec, userDef.Spec, userHubDef.Spec,
		sessionDef.Spec, apiKeyDef.Spec, auditDef.Spec, notificationDef.Spec, RelationsSpec,
		supplierDef.Spec, linkDef.Spec, nominationDef.Spec, uploadDef.Spec, prevalenceDef.Spec}
}

// Migrate creates every collection and index; it is idempotent.
func Migrate(ctx context.Context, e docstore.Engine) error {
	for _, s := range Specs() {
		if err := e.Ensure(ctx, s); err != nil {
			return fmt.Errorf("migrate %s: %w", s.Name, err)
		}
	}
	return nil
}

// Open migrates and binds every collection.
func Open(ctx context.Context, e docstore.Engine) (*Store, error) {
	if err := Migrate(ctx, e); err != nil {
		return nil, err
	}
	return &Store{
		Engine:   e,
		Hubs:     docstore.Bind(e, hubDef),
		Orgs:     docstore.Bind(e, orgDef),
		OrgHubs:  docstore.Bind(e, orgHubDef),
		Users:    docstore.Bind(e, userDef),
		UserHubs: docstore.Bind(e, userHubDef),
		Sessions: docstore.Bind(e, sessionDef),
		APIKeys:  docstore.Bind(e, apiKeyDef),
		Audit:    docstore.Bind(e, auditDef),

		Notifications: docstore.Bind(e, notificationDef),

		Suppliers:     docstore.Bind(e, supplierDef),
		SupplierLinks: docstore.Bind(e, linkDef),
		Nominations:   docstore.Bind(e, nominationDef),
		Uploads:       docstore.Bind(e, uploadDef),
		Prevalence:    docstore.Bind(e, prevalenceDef),
	}, nil
}
