package mongo

import (
	"fmt"
	"regexp"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/actionhub/actionhub/app/store/docstore"
)

// operators maps the contract's comparisons to query operators.
var operators = map[docstore.Op]string{
	docstore.Eq:  "$eq",
	docstore.Gt:  "$gt",
	docstore.Gte: "$gte",
	docstore.Lt:  "$lt",
	docstore.Lte: "$lte",
}

// key maps a contract field name to the stored key.
func key(field string) string {
	if field == docstore.IDField {
		return keyID
	}
	return field
}

// condition translates one validated condition. Prefixes are quoted, so
// ".", "*", "[" or "(" in them match themselves.
func condition(c docstore.Cond) (bson.D, error) {
	var expr bson.D
	switch c.Op {
	case docstore.In:
		set := c.Set
		if set == nil {
			set = []any{} // $in needs an array; an empty one matches nothing
		}
		expr = bson.D{{Key: "$in", Value: set}}
	case docstore.Prefix:
		p, ok := c.Value.(string)
		if !ok {
			return nil, fmt.Errorf("mongo: prefix on %s is a %T, not a string", c.Field, c.Value)
		}
		expr = bson.D{{Key: "$regex", Value: "^" + regexp.QuoteMeta(p)}}
	default:
		op, ok := operators[c.Op]
		if !ok {
			return nil, fmt.Errorf("mongo: unknown operator %d on %s", c.Op, c.Field)
		}
		expr = bson.D{{Key: op, Value: c.Value}}
	}
	return bson.D{{Key: key(c.Field), Value: expr}}, nil
}

// filter builds the AND of where and, when a cursor is given, the OR of its
// keyset ANDs plus the first key's bound alone (a <= va when descending),
// so the server seeks to the cursor in the index instead of reading every
// branch of the OR from the start.
func filter(where []docstore.Cond, keyset [][]docstore.Cond) (bson.D, error) {
	if len(keyset) > 1 {
		bound := keyset[0][0]
		if bound.Op == docstore.Gt {
			bound.Op = docstore.Gte
		} else {
			bound.Op = docstore.Lte
		}
		where = append(where[:len(where):len(where)], bound)
	}
	clauses := make(bson.A, 0, len(where)+1)
	for _, c := range where {
		d, err := condition(c)
		if err != nil {
			return nil, err
		}
		clauses = append(clauses, d)
	}
	if len(keyset) > 0 {
		or := make(bson.A, 0, len(keyset))
		for _, and := range keyset {
			conds := make(bson.A, 0, len(and))
			for _, c := range and {
				d, err := condition(c)
				if err != nil {
					return nil, err
				}
				conds = append(conds, d)
			}
			or = append(or, bson.D{{Key: "$and", Value: conds}})
		}
		clauses = append(clauses, bson.D{{Key: "$or", Value: or}})
	}
	switch len(clauses) {
	case 0:
		return bson.D{}, nil
	case 1:
		return clauses[0].(bson.D), nil
	}
	return bson.D{{Key: "$and", Value: clauses}}, nil
}

// sortDoc orders by the sort keys, then by ID the same way, which keyset
// cursors rely on. An ascending index serves it read either way.
func sortDoc(sort []docstore.Order) bson.D {
	d := make(bson.D, 0, len(sort)+1)
	for _, o := range sort {
		dir := 1
		if o.Desc {
			dir = -1
		}
		d = append(d, bson.E{Key: key(o.Field), Value: dir})
	}
	dir := 1
	if docstore.Descending(sort) {
		dir = -1
	}
	return append(d, bson.E{Key: keyID, Value: dir})
}

// validated returns a copy of where, checked and normalised by the spec, so
// the caller's conditions stay as they were.
func validated(spec docstore.Spec, where []docstore.Cond, sort []docstore.Order) ([]docstore.Cond, error) {
	out := make([]docstore.Cond, len(where))
	for i, c := range where {
		if c.Set != nil {
			c.Set = append([]any(nil), c.Set...)
		}
		out[i] = c
	}
	if err := spec.Validate(out, sort); err != nil {
		return nil, err
	}
	return out, nil
}
