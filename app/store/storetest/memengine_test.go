package storetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
)

// memEngine is a plain in-memory engine, kept only so that the suite tests
// itself: every subtest must pass on a straightforward implementation of
// the contract. One mutex serialises everything.
type memEngine struct {
	mu     sync.Mutex
	closed bool
	colls  map[string]*memColl
	seqs   map[string]int64
	blobs  map[string]memBlob
	nextID int
}

type memBlob struct {
	info docstore.BlobInfo
	data []byte
}

type memColl struct {
	e    *memEngine
	spec docstore.Spec
	docs map[string]docstore.Doc
}

func newMemEngine(t *testing.T) docstore.Engine {
	e := &memEngine{colls: map[string]*memColl{}, seqs: map[string]int64{}, blobs: map[string]memBlob{}}
	t.Cleanup(func() { _ = e.Close() })
	return e
}

func TestRunOnMemory(t *testing.T) { Run(t, newMemEngine) }

// lock takes the engine's lock after checking the context and Close.
func (e *memEngine) lock(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return docstore.ErrClosed
	}
	return nil
}

func (e *memEngine) Ensure(ctx context.Context, spec docstore.Spec) error {
	if err := spec.Check(); err != nil {
		return err
	}
	if err := e.lock(ctx); err != nil {
		return err
	}
	defer e.mu.Unlock()
	if e.colls[spec.Name] == nil {
		e.colls[spec.Name] = &memColl{e: e, spec: spec, docs: map[string]docstore.Doc{}}
	}
	e.colls[spec.Name].spec = spec // a later version's declaration
	return nil
}

func (e *memEngine) C(name string) docstore.Collection {
	e.mu.Lock()
	defer e.mu.Unlock()
	c, ok := e.colls[name]
	if !ok {
		panic("memengine: undeclared collection " + name)
	}
	return c
}

func (e *memEngine) Next(ctx context.Context, name string) (int64, error) {
	if err := e.lock(ctx); err != nil {
		return 0, err
	}
	defer e.mu.Unlock()
	e.seqs[name]++
	return e.seqs[name], nil
}

func (e *memEngine) Blobs() docstore.Blobs { return e }

func (e *memEngine) Ping(ctx context.Context) error {
	if err := e.lock(ctx); err != nil {
		return err
	}
	e.mu.Unlock()
	return nil
}

func (e *memEngine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.closed = true
	return nil
}

func (e *memEngine) Put(ctx context.Context, contentType string, r io.Reader, maxSize int64) (docstore.BlobInfo, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxSize+1))
	if err != nil {
		return docstore.BlobInfo{}, err
	}
	if int64(len(data)) > maxSize {
		return docstore.BlobInfo{}, docstore.ErrTooLarge
	}
	if err := e.lock(ctx); err != nil {
		return docstore.BlobInfo{}, err
	}
	defer e.mu.Unlock()
	e.nextID++
	sum := sha256.Sum256(data)
	info := docstore.BlobInfo{ID: fmt.Sprintf("blob-%d", e.nextID), ContentType: contentType,
		Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), Created: time.Now().UTC()}
	e.blobs[info.ID] = memBlob{info, data}
	return info, nil
}

func (e *memEngine) Open(ctx context.Context, id string) (io.ReadCloser, docstore.BlobInfo, error) {
	if err := e.lock(ctx); err != nil {
		return nil, docstore.BlobInfo{}, err
	}
	defer e.mu.Unlock()
	b, ok := e.blobs[id]
	if !ok {
		return nil, docstore.BlobInfo{}, domain.NotFoundf("blob %s", id)
	}
	return io.NopCloser(bytes.NewReader(b.data)), b.info, nil
}

func (e *memEngine) Delete(ctx context.Context, id string) error {
	if err := e.lock(ctx); err != nil {
		return err
	}
	defer e.mu.Unlock()
	if _, ok := e.blobs[id]; !ok {
		return domain.NotFoundf("blob %s", id)
	}
	delete(e.blobs, id)
	return nil
}

// copyDoc detaches a document from the caller's or the store's memory.
func copyDoc(d docstore.Doc) docstore.Doc {
	d.Fields = maps.Clone(d.Fields)
	d.Body = bytes.Clone(d.Body)
	d.Summary = bytes.Clone(d.Summary)
	return d
}

func (c *memColl) Get(ctx context.Context, id string) (docstore.Doc, error) {
	if err := c.e.lock(ctx); err != nil {
		return docstore.Doc{}, err
	}
	defer c.e.mu.Unlock()
	d, ok := c.docs[id]
	if !ok {
		return docstore.Doc{}, domain.NotFoundf("%s %s", c.spec.Name, id)
	}
	return copyDoc(d), nil
}

func (c *memColl) GetMany(ctx context.Context, ids []string) ([]docstore.Doc, error) {
	if err := c.e.lock(ctx); err != nil {
		return nil, err
	}
	defer c.e.mu.Unlock()
	var out []docstore.Doc
	for _, id := range ids {
		if d, ok := c.docs[id]; ok {
			out = append(out, copyDoc(d))
		}
	}
	return out, nil
}

// write checks d and stores it unless a unique value is taken by another.
func (c *memColl) write(d docstore.Doc) error {
	for _, f := range c.spec.Fields {
		if !f.Unique {
			continue
		}
		for _, o := range c.docs {
			if o.ID != d.ID && o.Fields[f.Name] == d.Fields[f.Name] {
				return domain.Conflictf("%s: %s taken", c.spec.Name, f.Name)
			}
		}
	}
	c.docs[d.ID] = d
	return nil
}

func (c *memColl) Insert(ctx context.Context, doc docstore.Doc) error {
	doc = copyDoc(doc)
	if err := c.spec.CheckDoc(&doc); err != nil {
		return err
	}
	if err := c.e.lock(ctx); err != nil {
		return err
	}
	defer c.e.mu.Unlock()
	if _, ok := c.docs[doc.ID]; ok {
		return domain.Conflictf("%s: id taken", c.spec.Name)
	}
	doc.Version = 1
	return c.write(doc)
}

func (c *memColl) Replace(ctx context.Context, doc docstore.Doc) error {
	doc = copyDoc(doc)
	if err := c.spec.CheckDoc(&doc); err != nil {
		return err
	}
	if err := c.e.lock(ctx); err != nil {
		return err
	}
	defer c.e.mu.Unlock()
	old, ok := c.docs[doc.ID]
	switch {
	case !ok:
		return domain.NotFoundf("%s %s", c.spec.Name, doc.ID)
	case old.Version != doc.Version:
		return docstore.ErrStaleVersion
	}
	doc.Version++
	return c.write(doc)
}

func (c *memColl) Delete(ctx context.Context, id string) error {
	if err := c.e.lock(ctx); err != nil {
		return err
	}
	defer c.e.mu.Unlock()
	if _, ok := c.docs[id]; !ok {
		return domain.NotFoundf("%s %s", c.spec.Name, id)
	}
	delete(c.docs, id)
	return nil
}

// value returns a document's value for a condition or sort field.
func value(d docstore.Doc, field string) any {
	if field == docstore.IDField {
		return d.ID
	}
	return d.Fields[field]
}

func holds(d docstore.Doc, c docstore.Cond) bool {
	v := value(d, c.Field)
	switch c.Op {
	case docstore.In:
		for _, s := range c.Set {
			if compareValues(v, s) == 0 {
				return true
			}
		}
		return false
	case docstore.Prefix:
		return strings.HasPrefix(v.(string), c.Value.(string))
	}
	o := compareValues(v, c.Value)
	return map[docstore.Op]bool{docstore.Eq: o == 0, docstore.Gt: o > 0, docstore.Gte: o >= 0, docstore.Lt: o < 0, docstore.Lte: o <= 0}[c.Op]
}

func holdsAll(d docstore.Doc, where []docstore.Cond) bool {
	for _, c := range where {
		if !holds(d, c) {
			return false
		}
	}
	return true
}

// selectDocs returns copies of the documents matching where and any one
// branch of keyset (when given), sorted by sort then ID the same way.
func (c *memColl) selectDocs(where []docstore.Cond, keyset [][]docstore.Cond, sort []docstore.Order) []docstore.Doc {
	var out []docstore.Doc
	for _, d := range c.docs {
		if holdsAll(d, where) && (keyset == nil || slices.ContainsFunc(keyset, func(and []docstore.Cond) bool { return holdsAll(d, and) })) {
			out = append(out, copyDoc(d))
		}
	}
	slices.SortFunc(out, func(a, b docstore.Doc) int {
		for _, o := range sort {
			if r := compareValues(value(a, o.Field), value(b, o.Field)); r != 0 {
				if o.Desc {
					return -r
				}
				return r
			}
		}
		if docstore.Descending(sort) {
			return strings.Compare(b.ID, a.ID)
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

func (c *memColl) Find(ctx context.Context, q docstore.Query) (docstore.Page, error) {
	sort := c.spec.SortOrDefault(q.Sort)
	where := cloneConds(q.Where)
	if err := c.spec.Validate(where, sort); err != nil {
		return docstore.Page{}, err
	}
	var keyset [][]docstore.Cond
	if q.After != "" {
		var err error
		if keyset, err = c.spec.Keyset(sort, q.After); err != nil {
			return docstore.Page{}, err
		}
	}
	limit := min(q.Limit, docstore.MaxLimit)
	if limit <= 0 {
		limit = docstore.DefaultLimit
	}
	if err := c.e.lock(ctx); err != nil {
		return docstore.Page{}, err
	}
	defer c.e.mu.Unlock()
	docs := c.selectDocs(where, keyset, sort)
	docs = docs[min(max(q.Skip, 0), docstore.MaxSkip, len(docs)):]
	if len(docs) <= limit {
		return docstore.Page{Docs: docs}, nil
	}
	return docstore.Page{Docs: docs[:limit], Next: docstore.EncodeCursor(sort, docs[limit-1])}, nil
}

func (c *memColl) Count(ctx context.Context, where []docstore.Cond) (int64, error) {
	where = cloneConds(where)
	if err := c.spec.Validate(where, nil); err != nil {
		return 0, err
	}
	if err := c.e.lock(ctx); err != nil {
		return 0, err
	}
	defer c.e.mu.Unlock()
	return int64(len(c.selectDocs(where, nil, nil))), nil
}

func (c *memColl) Scan(ctx context.Context, batch int, fn func([]docstore.Doc) error) error {
	if err := c.e.lock(ctx); err != nil {
		return err
	}
	docs := c.selectDocs(nil, nil, nil)
	c.e.mu.Unlock()
	for len(docs) > 0 {
		n := min(batch, len(docs))
		if err := fn(docs[:n]); err != nil {
			return err
		}
		docs = docs[n:]
	}
	return nil
}

func (c *memColl) Summaries() docstore.Collection {
	if !c.spec.Summary {
		panic("memengine: " + c.spec.Name + " keeps no summaries")
	}
	return memSummaries{c}
}

// memSummaries reads a memColl's summaries as bodies and refuses writes.
type memSummaries struct{ c *memColl }

func asSummary(d docstore.Doc) docstore.Doc {
	if len(d.Summary) > 0 {
		d.Body = d.Summary
	}
	d.Summary = nil
	return d
}

func asSummaries(docs []docstore.Doc) []docstore.Doc {
	out := make([]docstore.Doc, len(docs))
	for i, d := range docs {
		out[i] = asSummary(d)
	}
	return out
}

func (s memSummaries) Get(ctx context.Context, id string) (docstore.Doc, error) {
	d, err := s.c.Get(ctx, id)
	return asSummary(d), err
}

func (s memSummaries) GetMany(ctx context.Context, ids []string) ([]docstore.Doc, error) {
	docs, err := s.c.GetMany(ctx, ids)
	return asSummaries(docs), err
}

func (s memSummaries) Find(ctx context.Context, q docstore.Query) (docstore.Page, error) {
	p, err := s.c.Find(ctx, q)
	p.Docs = asSummaries(p.Docs)
	return p, err
}

func (s memSummaries) Count(ctx context.Context, where []docstore.Cond) (int64, error) {
	return s.c.Count(ctx, where)
}

func (s memSummaries) Scan(ctx context.Context, batch int, fn func([]docstore.Doc) error) error {
	return s.c.Scan(ctx, batch, func(docs []docstore.Doc) error { return fn(asSummaries(docs)) })
}

func (s memSummaries) Insert(context.Context, docstore.Doc) error  { return docstore.ErrReadOnly }
func (s memSummaries) Replace(context.Context, docstore.Doc) error { return docstore.ErrReadOnly }
func (s memSummaries) Delete(context.Context, string) error        { return docstore.ErrReadOnly }
func (s memSummaries) Summaries() docstore.Collection              { return s }
