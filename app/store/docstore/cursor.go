package docstore

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/actionhub/actionhub/domain"
)

// cursor is the keyset position after the last document of a page: its sort
// values and its ID. It is opaque to callers (base64 JSON).
type cursor struct {
	V  []any  `json:"v"`
	ID string `json:"id"`
}

// EncodeCursor returns the cursor that resumes after d under sort.
func EncodeCursor(sort []Order, d Doc) string {
	c := cursor{ID: d.ID, V: make([]any, len(sort))}
	for i, o := range sort {
		v := d.Fields[o.Field]
		if n, ok := v.(int64); ok {
			v = strconv.FormatInt(n, 10) // JSON numbers lose int64 precision
		}
		c.V[i] = v
	}
	b, _ := json.Marshal(c) // values are scalars: cannot fail
	return base64.RawURLEncoding.EncodeToString(b)
}

// Keyset turns a cursor into the conditions that select documents after it:
// an OR of ANDs, e.g. for sort (a desc, b desc) then ID descending:
//
//	a < va  OR  (a = va AND b < vb)  OR  (a = va AND b = vb AND id < vid)
//
// which is the row comparison (a, b, id) < (va, vb, vid): an engine may
// seek to it in an index read backwards.
//
// A cursor that does not decode, or does not fit the sort, is the caller's
// bad input: a *domain.ValidationError on the field "cursor".
func (s Spec) Keyset(sort []Order, after string) ([][]Cond, error) {
	bad := domain.Invalid("cursor", "is not a cursor returned by this list; start again without it")
	raw, err := base64.RawURLEncoding.DecodeString(after)
	if err != nil {
		return nil, bad
	}
	var c cursor
	if err := json.Unmarshal(raw, &c); err != nil || len(c.V) != len(sort) || c.ID == "" {
		return nil, bad
	}
	vals := make([]any, len(sort))
	for i, o := range sort {
		f, ok := s.Field(o.Field)
		if !ok {
			return nil, fmt.Errorf("%w: %s.%s in a sort", ErrUndeclared, s.Name, o.Field)
		}
		v, err := fromJSON(f, c.V[i])
		if err != nil {
			return nil, bad
		}
		vals[i] = v
	}
	var or [][]Cond
	for i := 0; i <= len(sort); i++ {
		and := make([]Cond, 0, i+1)
		for j := 0; j < i; j++ {
			and = append(and, Cond{Field: sort[j].Field, Op: Eq, Value: vals[j]})
		}
		if i < len(sort) {
			op := Gt
			if sort[i].Desc {
				op = Lt
			}
			and = append(and, Cond{Field: sort[i].Field, Op: op, Value: vals[i]})
		} else {
			op := Gt
			if Descending(sort) {
				op = Lt
			}
			and = append(and, Cond{Field: IDField, Op: op, Value: c.ID})
		}
		or = append(or, and)
	}
	return or, nil
}

// fromJSON converts a value decoded from a cursor back to the field's kind.
func fromJSON(f Field, v any) (any, error) {
	switch f.Kind {
	case Int, Time:
		if x, ok := v.(float64); ok {
			return int64(x), nil
		}
		if x, ok := v.(string); ok {
			return strconv.ParseInt(x, 10, 64)
		}
	case Float:
		if x, ok := v.(float64); ok {
			return x, nil
		}
	case String:
		if x, ok := v.(string); ok {
			return x, nil
		}
	case Bool:
		if x, ok := v.(bool); ok {
			return x, nil
		}
	}
	return nil, fmt.Errorf("docstore: cursor value %v does not fit %s", v, f.Name)
}
