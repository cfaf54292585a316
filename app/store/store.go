// Package store holds the domain's collections on the document-store
// contract, written once for every engine.
//
// Each collection lives in one file: its declaration (fields and indexes),
// a type named for it with the queries services ask (field names are
// spelled there and nowhere else), and its entry for the wiring below.
// Adding a collection touches its own file, one field of Store and one
// line of collections.
package store

import (
	"context"
	"fmt"

	"github.com/actionhub/actionhub/app/store/docstore"
)

// Store is every collection of the hub, bound to one engine.
type Store struct {
	Engine   docstore.Engine
	Hubs     Hubs
	Orgs     Orgs
	OrgHubs  OrgHubs
	Users    Users
	UserHubs UserHubs
	Sessions Sessions
	APIKeys  APIKeys
	Activity ActivityLog

	Notifications Notifications

	Suppliers     Suppliers
	SupplierLinks SupplierLinks
	Nominations   Nominations
	Uploads       Uploads
	Prevalence    PrevalenceTables

	Audits        Audits
	AuditAuditors AuditAuditors
	AuditBrands   AuditBrands
	Findings      Findings
	Actions       Actions
	AuditSettings AuditSettings

	Cases             Cases
	DirectoryOrgs     DirectoryOrgs
	DirectoryServices DirectoryServices
	DirectoryPlaces   DirectoryPlaces
	DirectoryWords    DirectoryWords
	DirectoryMarks    DirectoryMarks
	DirectorySettings DirectorySettings
	Stipends          Stipends
	Payments          Payments
	FollowUps         FollowUps
	CaseSettings      CaseSettings
	Referrals         Referrals
	Webhooks          Webhooks
	WebhookDeliveries WebhookDeliveries
}

// collections wires every collection: its declaration for migrate, and how
// Open binds it into the Store.
var collections = []collection{hubsColl, orgsColl, orgHubsColl, usersColl, userHubsColl,
	sessionsColl, apiKeysColl, activityColl, notificationsColl, relationsColl,
	suppliersColl, supplierLinksColl, nominationsColl, uploadsColl, prevalenceColl,
	auditsColl, auditAuditorsColl, auditBrandsColl, findingsColl, actionsColl, auditSettingsColl,
	casesColl, stipendsColl, paymentsColl, followUpsColl, caseSettingsColl,
	directoryOrgsColl, directoryServicesColl, directoryPlacesColl, directoryWordsColl, directoryMarksColl, directorySettingsColl,
	referralsColl, webhooksColl, webhookDeliveriesColl}

// collection is one collection's wiring.
type collection struct {
	spec    docstore.Spec
	noun    string                                              // what people call one of its objects, for answers about it
	bind    func(*Store, docstore.Engine)                       // nil for collections bound elsewhere (relations)
	reindex func(context.Context, docstore.Engine) (int, error) // nil where bind is
}

// wire declares a collection bound into the Store by set.
func wire[T any](def docstore.Def[T], noun string, set func(*Store, *docstore.Coll[T])) collection {
	return collection{spec: def.Spec, noun: noun,
		bind:    func(s *Store, e docstore.Engine) { set(s, docstore.Bind(e, def)) },
		reindex: func(ctx context.Context, e docstore.Engine) (int, error) { return docstore.Bind(e, def).Reindex(ctx) }}
}

// Page is the cursor and size of one page of a list.
type Page struct {
	After string // the cursor a previous page returned; "" for the first
	Limit int    // 0 means docstore.DefaultLimit
	Skip  int    // documents passed over first, for a numbered page (docstore.MaxSkip at most)
}

func (p Page) query(where []docstore.Cond, sort ...docstore.Order) docstore.Query {
	return docstore.Query{Where: where, Sort: sort, After: p.After, Limit: p.Limit, Skip: p.Skip}
}

// Specs lists every collection, for the migrate step.
func Specs() []docstore.Spec {
	out := make([]docstore.Spec, len(collections))
	for i, c := range collections {
		out[i] = c.spec
	}
	return out
}

// Migrate creates every collection and index, and re-indexes the stored
// documents of a collection whose declared fields changed since they were
// written; it is idempotent.
func Migrate(ctx context.Context, e docstore.Engine) error {
	return migrate(ctx, e, collections)
}

func migrate(ctx context.Context, e docstore.Engine, colls []collection) error {
	for _, c := range append([]collection{schemasColl}, colls...) {
		if err := e.Ensure(ctx, c.spec); err != nil {
			return fmt.Errorf("migrate %s: %w", c.spec.Name, err)
		}
	}
	schemas := docstore.Bind(e, schemaDef)
	for _, c := range colls {
		if c.reindex == nil {
			continue
		}
		if err := reindexed(ctx, schemas, e, c); err != nil {
			return fmt.Errorf("migrate %s: %w", c.spec.Name, err)
		}
	}
	return nil
}

// Open migrates and binds every collection.
func Open(ctx context.Context, e docstore.Engine) (*Store, error) {
	if err := Migrate(ctx, e); err != nil {
		return nil, err
	}
	s := &Store{Engine: e}
	for _, c := range collections {
		if c.bind != nil {
			c.bind(s, e)
		}
	}
	return s, nil
}

// nounOf names the objects of the collection called name.
func nounOf(name string) string {
	for _, c := range collections {
		if c.spec.Name == name {
			return c.noun
		}
	}
	return "object"
}
