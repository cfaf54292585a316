package mongo

import (
	"context"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/actionhub/actionhub/app/store/docstore"
)

// index is one index a spec asks for.
type index struct {
	name   string // the server's default name for the keys, e.g. "owner_1__id_1"
	keys   bson.D
	unique bool
}

// wantedIndexes lists the spec's indexes: each declared field then _id
// (a unique field alone, unique; none for a NoIndex field), and each
// compound index then _id, so every sort "by fields then ID" is served by
// an index.
func wantedIndexes(spec docstore.Spec) []index {
	var out []index
	for _, f := range spec.Fields {
		switch {
		case f.Unique:
			out = append(out, newIndex(true, f.Name))
		case !f.NoIndex:
			out = append(out, newIndex(false, f.Name, keyID))
		}
	}
	for _, idx := range spec.Indexes {
		out = append(out, newIndex(false, append(append([]string(nil), idx...), keyID)...))
	}
	return out
}

// unwantedIndexes names the own indexes of the spec's NoIndex fields, which
// an earlier declaration may have left.
func unwantedIndexes(spec docstore.Spec) []string {
	var out []string
	for _, f := range spec.Fields {
		if f.NoIndex {
			out = append(out, newIndex(false, f.Name, keyID).name)
		}
	}
	return out
}

func newIndex(unique bool, fields ...string) index {
	keys := make(bson.D, len(fields))
	names := make([]string, len(fields))
	for i, f := range fields {
		keys[i] = bson.E{Key: f, Value: 1}
		names[i] = f + "_1"
	}
	return index{name: strings.Join(names, "_"), keys: keys, unique: unique}
}

// indexes returns the collection's index names and whether each is unique;
// none for a collection that does not exist yet.
func indexes(ctx context.Context, coll *mongo.Collection) (map[string]bool, error) {
	cur, err := coll.Indexes().List(ctx)
	if err != nil {
		return nil, err
	}
	var specs []struct {
		Name   string `bson:"name"`
		Unique bool   `bson:"unique"`
	}
	if err := cur.All(ctx, &specs); err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(specs))
	for _, s := range specs {
		out[s.Name] = s.Unique
	}
	return out, nil
}
