// Package docstore is the document-store contract that every storage engine
// implements (SQLite by default, MongoDB for scale). The domain's stores are
// written once against it, in package store.
//
// A collection declares its indexed fields in code. Every filter and sort
// names declared fields only; anything else is a programming error reported
// as ErrUndeclared, never a silent full scan.
package docstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"time"

	"github.com/actionhub/actionhub/domain"
)

// Errors beyond the domain's (domain.ErrNotFound, ErrConflict, ErrUnavailable),
// which engines return wrapped.
var (
	// ErrUndeclared: a filter, sort or value names a field the collection did not declare.
	ErrUndeclared = errors.New("docstore: field not declared")
	// ErrStaleVersion: Replace lost an optimistic-version race. Coll.Update retries on it.
	ErrStaleVersion = errors.New("docstore: stale version")
	// ErrClosed: the engine was closed.
	ErrClosed = errors.New("docstore: engine closed")
	// ErrTooLarge: a blob exceeded its size limit.
	ErrTooLarge = errors.New("docstore: blob too large")
	// ErrReadOnly: a write through a collection's Summaries view.
	ErrReadOnly = errors.New("docstore: summaries are read-only")
	// ErrMixedSort: a sort mixes ascending and descending keys. An index is
	// walked in one direction, forwards or backwards, so such a sort would
	// be sorted row by row instead of read in order.
	ErrMixedSort = errors.New("docstore: sort keys in mixed directions")
)

// NotFound is an engine's answer for an ID it does not hold. The caller
// reads the same sentence as for an object outside their scope (so the
// two answer alike); the log reads which collection and ID.
func NotFound(coll, id string) error {
	return &domain.Error{Kind: domain.ErrNotFound, Message: "Nothing with that ID is visible to you.",
		Err: fmt.Errorf("%s %s not found", coll, id)}
}

// Duplicate is an engine's answer for a unique value already stored. It
// names the field, never the value, which may be personal data.
func Duplicate(coll, field string) error {
	return &domain.Error{Kind: domain.ErrConflict, Message: "A record with the same " + field + " already exists.",
		Err: fmt.Errorf("%s: %s already exists", coll, field)}
}

// Kind is the type of a declared field. Values are normalised to these Go
// types before they reach an engine: String→string, Int→int64, Float→float64,
// Bool→bool, Time→int64 Unix nanoseconds (UTC), so both engines compare,
// sort and round-trip them identically.
type Kind int

// IDField names the document ID in conditions built by Keyset; it is not
// a declared field and may not be declared.
const IDField = "id"

// Field kinds.
const (
	String Kind = iota + 1
	Int
	Float
	Bool
	Time
)

// Field declares one scalar field of a collection, indexed unless NoIndex.
type Field struct {
	Name   string // a lower-case identifier, e.g. "hub_id"; the key in Doc.Fields
	Kind   Kind
	Unique bool // unique fields must never be the zero value
	// NoIndex: the field has no index of its own, as it is only filtered
	// on within the compound indexes that begin with it, or never; every
	// write then updates one index fewer. An engine drops the field's own
	// index when an earlier declaration left one.
	NoIndex bool
}

// Order is one sort key. The keys of one sort all go the same way, and the
// ID that breaks ties goes that way too, so every sort is one index read
// forwards or backwards.
type Order struct {
	Field string
	Desc  bool
}

// Descending reports whether sort runs newest (largest) first, and so
// whether its ID tie-break does; an empty sort is ID ascending.
func Descending(sort []Order) bool {
	return len(sort) > 0 && sort[len(sort)-1].Desc
}

// Spec declares a collection: its indexed fields, extra compound indexes
// (each also ends in the ID, so sorting "then by ID", either way, is served
// by it), and its default sort.
type Spec struct {
	Name    string
	Fields  []Field
	Indexes [][]string // compound indexes over declared fields, in order
	Sort    []Order    // default sort, one direction; ID breaks ties the same way
	// Summary: each document also stores a summary body (Doc.Summary),
	// which the collection's Summaries view reads instead of the body, so
	// a list of large documents reads a few hundred bytes an item.
	Summary bool
}

// Doc is what an engine stores: the ID, an optimistic version, the values of
// the declared fields (normalised, every declared field present), and the
// document body as JSON. Engines never interpret Body.
type Doc struct {
	ID      string
	Version int64
	Fields  map[string]any
	Body    []byte
	Summary []byte // a JSON summary of Body, when the spec keeps one
}

// Op is a filter operator.
type Op int

// Filter operators.
const (
	Eq Op = iota + 1
	In
	Gt
	Gte
	Lt
	Lte
	Prefix // strings only
)

// Cond is one condition; a filter is the AND of its conditions.
type Cond struct {
	Field string // a declared field (IDField only in conditions built by Keyset)
	Op    Op
	Value any   // for every operator but In
	Set   []any // for In
}

// Query selects a page of documents.
type Query struct {
	Where []Cond
	Sort  []Order // empty: the collection's default sort; one direction, ID breaks ties the same way
	After string  // opaque cursor from a previous Page.Next
	Limit int     // at most MaxLimit; 0 means DefaultLimit
	// Skip passes over that many documents first (after After, if set), at
	// most MaxSkip: a numbered page is one read of the index, its cost
	// growing with the rows passed over, so callers bound the depth.
	Skip int
}

// Page limits.
const (
	DefaultLimit = 50
	MaxLimit     = 500
	MaxSkip      = 10_000
)

// Page is one page of a Find. Next is empty on the last page.
type Page struct {
	Docs []Doc
	Next string
}

// BlobInfo describes a stored blob.
type BlobInfo struct {
	ID          string
	ContentType string
	Size        int64
	SHA256      string // hex
	Created     time.Time
}

// Engine is one storage engine. Every method honours its context's deadline;
// a backing service that does not answer yields an error wrapping
// domain.ErrUnavailable.
type Engine interface {
	// Ensure creates the collection's table or collection and its indexes.
	// It is idempotent (the migrate step calls it for every spec).
	Ensure(ctx context.Context, spec Spec) error
	// C returns a declared collection. It panics on an unknown name: that is a
	// wiring bug caught by the first test that touches it.
	C(name string) Collection
	// Next returns the next number of a named sequence, starting at 1. No two
	// callers ever get the same number.
	Next(ctx context.Context, sequence string) (int64, error)
	// Blobs stores files.
	Blobs() Blobs
	// Ping checks that the store answers.
	Ping(ctx context.Context) error
	// Close releases the engine; later calls return ErrClosed.
	Close() error
}

// Collection is the engine's side of one collection.
type Collection interface {
	// Get returns domain.ErrNotFound when no document has the ID.
	Get(ctx context.Context, id string) (Doc, error)
	// GetMany returns the documents found, in the order of ids; missing ones are skipped.
	GetMany(ctx context.Context, ids []string) ([]Doc, error)
	// Insert stores a new document at version 1. A duplicate ID or unique
	// field value returns domain.ErrConflict.
	Insert(ctx context.Context, doc Doc) error
	// Replace writes doc if the stored version is still doc.Version, and
	// stores it as doc.Version+1. ErrStaleVersion when the version moved,
	// domain.ErrNotFound when the document is gone, domain.ErrConflict on a
	// unique field clash.
	Replace(ctx context.Context, doc Doc) error
	// Delete returns domain.ErrNotFound when no document has the ID.
	Delete(ctx context.Context, id string) error
	// Find returns one page sorted by q.Sort then ID in the sort's
	// direction. A sort in mixed directions is ErrMixedSort.
	Find(ctx context.Context, q Query) (Page, error)
	// Count counts the documents matching the conditions.
	Count(ctx context.Context, where []Cond) (int64, error)
	// Scan calls fn with batches of documents in ID order until all are seen
	// or fn returns an error, which Scan returns.
	Scan(ctx context.Context, batch int, fn func([]Doc) error) error
	// Summaries is the collection read as summaries: every read returns
	// each document's summary as its Body (its body while it has none,
	// having been written before the spec kept one), and every write is
	// refused. Its documents' Fields may hold only the fields Find's
	// cursor is made of. It panics unless the spec keeps summaries: a
	// wiring bug.
	Summaries() Collection
}

// Blobs stores files by ID.
type Blobs interface {
	// Put streams r into a new blob. It fails with ErrTooLarge (storing
	// nothing) when more than maxSize bytes arrive.
	Put(ctx context.Context, contentType string, r io.Reader, maxSize int64) (BlobInfo, error)
	// Open returns the blob's content; domain.ErrNotFound when unknown.
	Open(ctx context.Context, id string) (io.ReadCloser, BlobInfo, error)
	// Delete removes the blob; domain.ErrNotFound when unknown.
	Delete(ctx context.Context, id string) error
}

var namePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// Check validates the declaration itself: names are lower-case identifiers
// (engines use them as table, column and key names as they are), no field is
// called IDField, indexes and sorts name declared fields, and the default
// sort goes one way.
func (s Spec) Check() error {
	if !namePattern.MatchString(s.Name) {
		return fmt.Errorf("docstore: bad collection name %q", s.Name)
	}
	seen := map[string]bool{}
	for _, f := range s.Fields {
		if !namePattern.MatchString(f.Name) || f.Name == IDField || seen[f.Name] || f.Kind < String || f.Kind > Time {
			return fmt.Errorf("docstore: bad field %q in %s", f.Name, s.Name)
		}
		if f.Unique && f.NoIndex {
			return fmt.Errorf("docstore: unique field %q in %s needs its index", f.Name, s.Name)
		}
		seen[f.Name] = true
	}
	for _, idx := range s.Indexes {
		for _, name := range idx {
			if !seen[name] {
				return fmt.Errorf("%w: %s.%s in an index", ErrUndeclared, s.Name, name)
			}
		}
	}
	for _, o := range s.Sort {
		if !seen[o.Field] {
			return fmt.Errorf("%w: %s.%s in the default sort", ErrUndeclared, s.Name, o.Field)
		}
	}
	if err := oneWay(s.Name, s.Sort); err != nil {
		return err
	}
	return nil
}

// oneWay refuses a sort whose keys do not all go the same way.
func oneWay(name string, sort []Order) error {
	for _, o := range sort {
		if o.Desc != sort[0].Desc {
			return fmt.Errorf("%w: %s sorted by %s then %s", ErrMixedSort, name, sort[0].Field, o.Field)
		}
	}
	return nil
}

// Field returns the declared field named name.
func (s Spec) Field(name string) (Field, bool) {
	for _, f := range s.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// SortOrDefault returns q's sort, or the spec's default when q has none.
func (s Spec) SortOrDefault(sort []Order) []Order {
	if len(sort) > 0 {
		return sort
	}
	return s.Sort
}

// Validate checks that every condition and sort key names a declared field
// with a value of the right kind, and normalises values in place; a sort in
// mixed directions is ErrMixedSort. Engines call it before building a query.
func (s Spec) Validate(where []Cond, sort []Order) error {
	for i := range where {
		c := &where[i]
		f, ok := s.Field(c.Field)
		if !ok {
			return fmt.Errorf("%w: %s.%s in a filter", ErrUndeclared, s.Name, c.Field)
		}
		switch c.Op {
		case In:
			for j, v := range c.Set {
				n, err := Normalize(f, v)
				if err != nil {
					return err
				}
				c.Set[j] = n
			}
		case Prefix:
			if f.Kind != String {
				return fmt.Errorf("docstore: prefix on non-string field %s.%s", s.Name, f.Name)
			}
			fallthrough
		case Eq, Gt, Gte, Lt, Lte:
			n, err := Normalize(f, c.Value)
			if err != nil {
				return err
			}
			c.Value = n
		default:
			return fmt.Errorf("docstore: unknown operator %d on %s.%s", c.Op, s.Name, c.Field)
		}
	}
	for _, o := range sort {
		if _, ok := s.Field(o.Field); !ok {
			return fmt.Errorf("%w: %s.%s in a sort", ErrUndeclared, s.Name, o.Field)
		}
	}
	return oneWay(s.Name, sort)
}

// CheckDoc checks a document before it is written: an ID, every declared
// field present with the right kind (normalised in place), no undeclared
// field, and no unique field at its zero value.
func (s Spec) CheckDoc(d *Doc) error {
	if d.ID == "" {
		return fmt.Errorf("docstore: %s document without ID", s.Name)
	}
	if s.Summary != (len(d.Summary) > 0) {
		return fmt.Errorf("docstore: %s keeps summaries: %t, document %s has one: %t", s.Name, s.Summary, d.ID, len(d.Summary) > 0)
	}
	for name := range d.Fields {
		if _, ok := s.Field(name); !ok {
			return fmt.Errorf("%w: %s.%s in a document", ErrUndeclared, s.Name, name)
		}
	}
	if d.Fields == nil {
		d.Fields = make(map[string]any, len(s.Fields))
	}
	for _, f := range s.Fields {
		n, err := Normalize(f, d.Fields[f.Name])
		if err != nil {
			return err
		}
		if f.Unique && isZero(n) {
			return fmt.Errorf("docstore: unique field %s.%s must be set", s.Name, f.Name)
		}
		d.Fields[f.Name] = n
	}
	return nil
}

// Normalize converts v to the field's canonical Go type; nil becomes the zero value.
func Normalize(f Field, v any) (any, error) {
	bad := func() (any, error) {
		return nil, fmt.Errorf("docstore: field %s wants kind %d, got %T", f.Name, f.Kind, v)
	}
	switch f.Kind {
	case String:
		switch x := v.(type) {
		case nil:
			return "", nil
		case string:
			return x, nil
		case fmt.Stringer:
			return x.String(), nil
		}
		return bad()
	case Int:
		switch x := v.(type) {
		case nil:
			return int64(0), nil
		case int:
			return int64(x), nil
		case int32:
			return int64(x), nil
		case int64:
			return x, nil
		}
		return bad()
	case Float:
		switch x := v.(type) {
		case nil:
			return float64(0), nil
		case float64:
			return x, nil
		case float32:
			return float64(x), nil
		case int:
			return float64(x), nil
		case int64:
			return float64(x), nil
		}
		return bad()
	case Bool:
		switch x := v.(type) {
		case nil:
			return false, nil
		case bool:
			return x, nil
		}
		return bad()
	case Time:
		switch x := v.(type) {
		case nil:
			return int64(0), nil
		case time.Time:
			if x.IsZero() {
				return int64(0), nil
			}
			return x.UTC().UnixNano(), nil
		case int64:
			return x, nil
		}
		return bad()
	}
	return nil, fmt.Errorf("docstore: field %s has no kind", f.Name)
}

func isZero(v any) bool {
	switch x := v.(type) {
	case string:
		return x == ""
	case int64:
		return x == 0
	case float64:
		return x == 0
	case bool:
		return !x
	}
	return v == nil
}
