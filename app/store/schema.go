package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
)

// schemaDoc records the declared fields a collection's stored documents
// are indexed under, so migrate knows when a new version declares a field
// the stored documents predate.
type schemaDoc struct {
	ID      string `json:"id"`     // the collection's name
	Fields  string `json:"fields"` // its declared fields, name:kind, in order
	Version int64  `json:"version"`
}

var schemaDef = docstore.Def[schemaDoc]{
	Spec:    docstore.Spec{Name: "schemas"},
	ID:      func(d *schemaDoc) string { return d.ID },
	Version: func(d *schemaDoc) *int64 { return &d.Version },
	Fields:  func(*schemaDoc) map[string]any { return nil },
}

// schemasColl is migrated before the others and bound by migrate alone.
var schemasColl = collection{spec: schemaDef.Spec, noun: "collection record"}

// signature names the declared fields and their kinds, and whether the
// documents keep a summary.
func signature(spec docstore.Spec) string {
	var b strings.Builder
	for _, f := range spec.Fields {
		fmt.Fprintf(&b, "%s:%d;", f.Name, f.Kind)
	}
	if spec.Summary {
		b.WriteString("summary;")
	}
	return b.String()
}

// reindexed brings c's stored documents to its declared fields: when the
// record of what they were indexed under differs, every document is
// re-indexed, then the record is updated. A collection met for the first
// time is recorded as it is (its documents were written by the version
// that declared its fields, or there are none).
func reindexed(ctx context.Context, schemas *docstore.Coll[schemaDoc], e docstore.Engine, c collection) error {
	sig := signature(c.spec)
	rec, err := schemas.Get(ctx, c.spec.Name)
	if errors.Is(err, domain.ErrNotFound) {
		err = schemas.Insert(ctx, &schemaDoc{ID: c.spec.Name, Fields: sig})
		if errors.Is(err, domain.ErrConflict) {
			return nil // another process recorded it first
		}
		return err
	}
	if err != nil || rec.Fields == sig {
		return err
	}
	if _, err := c.reindex(ctx, e); err != nil {
		return err
	}
	_, err = schemas.Update(ctx, c.spec.Name, func(d *schemaDoc) error {
		d.Fields = sig
		return nil
	})
	return err
}
