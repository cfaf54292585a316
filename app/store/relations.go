package store

import (
	"context"
	"errors"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/policies"
)

// relationDoc is one stored scope relation. Its ID is "subject|object", so
// storing a relation twice is a duplicate ID, and a relation is found
// without an index.
type relationDoc struct {
	ID      string `json:"id"`
	Subject string `json:"subject"`
	Object  string `json:"object"`
}

// RelationsSpec declares the relations collection; subject and object are
// declared so scope lists can be filtered by either.
var RelationsSpec = docstore.Spec{
	Name: "relations",
	Fields: []docstore.Field{
		{Name: "subject", Kind: docstore.String},
		{Name: "object", Kind: docstore.String},
	},
	Sort: []docstore.Order{{Field: "subject"}},
}

// relationsColl is migrated with the others; NewRelations binds it.
var relationsColl = collection{spec: RelationsSpec, noun: "relation"}

var relationDef = docstore.Def[relationDoc]{
	Spec: RelationsSpec,
	ID:   func(r *relationDoc) string { return r.ID },
	Fields: func(r *relationDoc) map[string]any {
		return map[string]any{"subject": r.Subject, "object": r.Object}
	},
}

// relationsBatch is how many relations a load reads at a time.
const relationsBatch = 1000

// Relations persists the enforcer's scope relations on any engine.
type Relations struct {
	c *docstore.Coll[relationDoc]
}

var _ policies.RelationStore = (*Relations)(nil)

// NewRelations ensures the collection on e and binds it. Errors are the
// engine's (domain.ErrUnavailable when it does not answer).
func NewRelations(ctx context.Context, e docstore.Engine) (*Relations, error) {
	if err := e.Ensure(ctx, RelationsSpec); err != nil {
		return nil, err
	}
	return &Relations{c: docstore.Bind(e, relationDef)}, nil
}

func relationID(r policies.Relation) string { return r.Subject + "|" + r.Object }

// LoadRelations calls fn with every stored relation, in batches; it returns
// the engine's error or fn's.
func (s *Relations) LoadRelations(ctx context.Context, fn func([]policies.Relation) error) error {
	return s.c.Scan(ctx, relationsBatch, func(docs []*relationDoc) error {
		rels := make([]policies.Relation, len(docs))
		for i, d := range docs {
			rels[i] = policies.Relation{Subject: d.Subject, Object: d.Object}
		}
		return fn(rels)
	})
}

// AddRelations stores each relation; one already stored is skipped. On an
// engine error the relations before it are stored and the rest are not:
// adding them again is safe.
func (s *Relations) AddRelations(ctx context.Context, rels ...policies.Relation) error {
	for _, r := range rels {
		d := &relationDoc{ID: relationID(r), Subject: r.Subject, Object: r.Object}
		if err := s.c.Insert(ctx, d); err != nil && !errors.Is(err, domain.ErrConflict) {
			return err
		}
	}
	return nil
}

// RemoveRelations deletes each relation; one not stored is skipped. On an
// engine error the relations before it are deleted and the rest are not:
// removing them again is safe.
func (s *Relations) RemoveRelations(ctx context.Context, rels ...policies.Relation) error {
	for _, r := range rels {
		if err := s.c.Delete(ctx, relationID(r)); err != nil && !errors.Is(err, domain.ErrNotFound) {
			return err
		}
	}
	return nil
}

// HasRelations reports, in order, whether each relation is stored.
func (s *Relations) HasRelations(ctx context.Context, rels ...policies.Relation) ([]bool, error) {
	ids := make([]string, len(rels))
	for i, r := range rels {
		ids[i] = relationID(r)
	}
	docs, err := s.c.GetMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	found := make(map[string]bool, len(docs))
	for _, d := range docs {
		found[d.ID] = true
	}
	out := make([]bool, len(rels))
	for i, id := range ids {
		out[i] = found[id]
	}
	return out, nil
}
