package mongo

import (
	"fmt"
	"maps"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/actionhub/actionhub/app/store/docstore"
)

// checked returns a copy of d whose fields are checked and normalised by the
// spec, leaving the caller's map untouched.
func checked(spec docstore.Spec, d docstore.Doc) (docstore.Doc, error) {
	d.Fields = maps.Clone(d.Fields)
	if err := spec.CheckDoc(&d); err != nil {
		return docstore.Doc{}, err
	}
	return d, nil
}

// encode lays d out as a stored document at the given version.
func encode(spec docstore.Spec, d docstore.Doc, version int64) bson.D {
	out := make(bson.D, 0, len(spec.Fields)+3)
	out = append(out, bson.E{Key: keyID, Value: d.ID}, bson.E{Key: keyVersion, Value: version})
	for _, f := range spec.Fields {
		out = append(out, bson.E{Key: f.Name, Value: d.Fields[f.Name]})
	}
	if len(d.Summary) > 0 {
		out = append(out, bson.E{Key: keySummary, Value: string(d.Summary)})
	}
	return append(out, bson.E{Key: keyBody, Value: string(d.Body)})
}

// decode reads a stored document, or with summaries its summary as the
// body (nil when the document has none: read without its body, it needs a
// second read). Field values come back with the contract's
// Go types whatever numeric type the server kept (int32, int64, double); a
// field missing from an older document reads as its zero value.
func decode(spec docstore.Spec, raw bson.Raw, summaries bool) (docstore.Doc, error) {
	id, ok := raw.Lookup(keyID).StringValueOK()
	if !ok {
		return docstore.Doc{}, fmt.Errorf("mongo: %s holds a document whose _id is not a string", spec.Name)
	}
	d := docstore.Doc{
		ID:      id,
		Version: raw.Lookup(keyVersion).AsInt64(),
		Fields:  make(map[string]any, len(spec.Fields)),
	}
	if summaries {
		if sum, ok := raw.Lookup(keySummary).StringValueOK(); ok {
			d.Body = []byte(sum)
		}
	} else {
		body, ok := raw.Lookup(keyBody).StringValueOK()
		if !ok {
			return docstore.Doc{}, fmt.Errorf("mongo: %s/%s has no body", spec.Name, id)
		}
		d.Body = []byte(body)
	}
	for _, f := range spec.Fields {
		v, err := fieldValue(f, raw.Lookup(f.Name))
		if err != nil {
			return docstore.Doc{}, fmt.Errorf("mongo: %s/%s: %w", spec.Name, id, err)
		}
		d.Fields[f.Name] = v
	}
	return d, nil
}

func fieldValue(f docstore.Field, rv bson.RawValue) (any, error) {
	if rv.IsZero() || rv.Type == bson.TypeNull {
		return docstore.Normalize(f, nil)
	}
	var (
		v  any
		ok bool
	)
	switch f.Kind {
	case docstore.String:
		v, ok = rv.StringValueOK()
	case docstore.Int, docstore.Time:
		v, ok = rv.AsInt64OK()
	case docstore.Float:
		v, ok = rv.AsFloat64OK()
	case docstore.Bool:
		v, ok = rv.BooleanOK()
	}
	if !ok {
		return nil, fmt.Errorf("field %s holds a %s, not kind %d", f.Name, rv.Type, f.Kind)
	}
	return v, nil
}
