package mongo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/actionhub/actionhub/app/store/docstore"
)

// defaultScanBatch is Scan's batch size when the caller gives none.
const defaultScanBatch = 100

// collection is one declared collection; see docstore.Collection for the
// meaning of each method and its errors.
type collection struct {
	e    *Engine
	spec docstore.Spec
	c    *mongo.Collection
	// summaries: reads return the summary as the body and leave the body
	// on the server; writes are refused.
	summaries bool
}

// Summaries is the collection read as summaries (docstore.Collection).
func (c *collection) Summaries() docstore.Collection {
	if !c.spec.Summary {
		panic("mongo: " + c.spec.Name + " keeps no summaries")
	}
	return &collection{e: c.e, spec: c.spec, c: c.c, summaries: true}
}

// readOnly refuses a write through the summaries view.
func (c *collection) readOnly() error {
	if c.summaries {
		return fmt.Errorf("%s: %w", c.spec.Name, docstore.ErrReadOnly)
	}
	return nil
}

// withoutBody is the projection of a summaries read.
var withoutBody = bson.D{{Key: keyBody, Value: 0}}

var _ docstore.Collection = (*collection)(nil)

// byID selects one document. It is the plain {_id: "..."} form, not $eq
// (IDs are strings, so it cannot carry an operator): the one filter FerretDB
// serves without reading the whole collection.
func byID(id string) bson.D {
	return bson.D{{Key: keyID, Value: id}}
}

// Get reads one document by ID: domain.ErrNotFound when there is none.
func (c *collection) Get(ctx context.Context, id string) (docstore.Doc, error) {
	if c.e.closed.Load() {
		return docstore.Doc{}, docstore.ErrClosed
	}
	if c.summaries {
		docs, err := c.find(ctx, byID(id), options.Find().SetLimit(1))
		if err != nil {
			return docstore.Doc{}, c.e.fail(fmt.Sprintf("get %s/%s", c.spec.Name, id), err)
		}
		if len(docs) == 0 {
			return docstore.Doc{}, docstore.NotFound(c.spec.Name, id)
		}
		return docs[0], nil
	}
	raw, err := c.c.FindOne(ctx, byID(id)).Raw()
	if err != nil {
		return docstore.Doc{}, c.e.fail(fmt.Sprintf("get %s/%s", c.spec.Name, id), err)
	}
	return decode(c.spec, raw, false)
}

// GetMany reads the documents among ids in one query and returns them in the
// order of ids, skipping the missing.
func (c *collection) GetMany(ctx context.Context, ids []string) ([]docstore.Doc, error) {
	if c.e.closed.Load() {
		return nil, docstore.ErrClosed
	}
	if len(ids) == 0 {
		return nil, nil
	}
	docs, err := c.find(ctx, bson.D{{Key: keyID, Value: bson.D{{Key: "$in", Value: ids}}}}, nil)
	if err != nil {
		return nil, c.e.fail("get many of "+c.spec.Name, err)
	}
	return docstore.InOrder(ids, docs), nil
}

// Insert stores doc at version 1; domain.ErrConflict naming the ID or the
// unique field when one is taken.
func (c *collection) Insert(ctx context.Context, doc docstore.Doc) error {
	if c.e.closed.Load() {
		return docstore.ErrClosed
	}
	if err := c.readOnly(); err != nil {
		return err
	}
	doc, err := checked(c.spec, doc)
	if err != nil {
		return err
	}
	if _, err := c.c.InsertOne(ctx, encode(c.spec, doc, 1)); err != nil {
		return c.conflict(ctx, "insert into", err, doc)
	}
	return nil
}

// Replace writes doc as version doc.Version+1 if the stored version is still
// doc.Version: docstore.ErrStaleVersion when it moved, domain.ErrNotFound
// when the document is gone, domain.ErrConflict on a unique field clash.
func (c *collection) Replace(ctx context.Context, doc docstore.Doc) error {
	if c.e.closed.Load() {
		return docstore.ErrClosed
	}
	if err := c.readOnly(); err != nil {
		return err
	}
	doc, err := checked(c.spec, doc)
	if err != nil {
		return err
	}
	filter := bson.D{{Key: keyID, Value: doc.ID}, {Key: keyVersion, Value: doc.Version}}
	unlock := c.e.serialise()
	res, err := c.c.ReplaceOne(ctx, filter, encode(c.spec, doc, doc.Version+1))
	unlock()
	if err != nil {
		return c.conflict(ctx, "replace in", err, doc)
	}
	if res.MatchedCount > 0 {
		return nil
	}
	n, err := c.c.CountDocuments(ctx, byID(doc.ID), options.Count().SetLimit(1))
	if err != nil {
		return c.e.fail("replace in "+c.spec.Name, err)
	}
	if n == 0 {
		return docstore.NotFound(c.spec.Name, doc.ID)
	}
	return fmt.Errorf("mongo: replace %s/%s at version %d: %w", c.spec.Name, doc.ID, doc.Version, docstore.ErrStaleVersion)
}

// Delete removes a document: domain.ErrNotFound when there is none.
func (c *collection) Delete(ctx context.Context, id string) error {
	if c.e.closed.Load() {
		return docstore.ErrClosed
	}
	if err := c.readOnly(); err != nil {
		return err
	}
	unlock := c.e.serialise()
	res, err := c.c.DeleteOne(ctx, byID(id))
	unlock()
	if err != nil {
		return c.e.fail("delete from "+c.spec.Name, err)
	}
	if res.DeletedCount == 0 {
		return docstore.NotFound(c.spec.Name, id)
	}
	return nil
}

// Find returns one page sorted by the query's sort (or the default) then
// ID the same way, resuming after q.After. Conditions and sorts on
// undeclared fields return docstore.ErrUndeclared, a sort in mixed
// directions docstore.ErrMixedSort; a foreign cursor a
// *domain.ValidationError.
func (c *collection) Find(ctx context.Context, q docstore.Query) (docstore.Page, error) {
	if c.e.closed.Load() {
		return docstore.Page{}, docstore.ErrClosed
	}
	sort := c.spec.SortOrDefault(q.Sort)
	where, err := validated(c.spec, q.Where, sort)
	if err != nil {
		return docstore.Page{}, err
	}
	var keyset [][]docstore.Cond
	if q.After != "" {
		if keyset, err = c.spec.Keyset(sort, q.After); err != nil {
			return docstore.Page{}, err
		}
	}
	f, err := filter(where, keyset)
	if err != nil {
		return docstore.Page{}, err
	}
	limit := q.Limit
	switch {
	case limit <= 0:
		limit = docstore.DefaultLimit
	case limit > docstore.MaxLimit:
		limit = docstore.MaxLimit
	}
	opts := options.Find().SetSort(sortDoc(sort)).SetLimit(int64(limit) + 1)
	if skip := min(q.Skip, docstore.MaxSkip); skip > 0 {
		opts.SetSkip(int64(skip))
	}
	docs, err := c.find(ctx, f, opts)
	if err != nil {
		return docstore.Page{}, c.e.fail("find in "+c.spec.Name, err)
	}
	var p docstore.Page
	if len(docs) > limit {
		docs = docs[:limit]
		p.Next = docstore.EncodeCursor(sort, docs[limit-1])
	}
	p.Docs = docs
	return p, nil
}

// Count counts the documents matching where.
func (c *collection) Count(ctx context.Context, where []docstore.Cond) (int64, error) {
	if c.e.closed.Load() {
		return 0, docstore.ErrClosed
	}
	where, err := validated(c.spec, where, nil)
	if err != nil {
		return 0, err
	}
	f, err := filter(where, nil)
	if err != nil {
		return 0, err
	}
	n, err := c.c.CountDocuments(ctx, f)
	if err != nil {
		return 0, c.e.fail("count in "+c.spec.Name, err)
	}
	return n, nil
}

// Scan reads the collection in ID order, one query per batch resuming after
// the last ID seen, so it holds no cursor open between batches.
func (c *collection) Scan(ctx context.Context, batch int, fn func([]docstore.Doc) error) error {
	if batch <= 0 {
		batch = defaultScanBatch
	}
	return docstore.ScanByID(batch, func(after string, n int) ([]docstore.Doc, error) {
		if c.e.closed.Load() {
			return nil, docstore.ErrClosed
		}
		f := bson.D{}
		if after != "" {
			f = bson.D{{Key: keyID, Value: bson.D{{Key: "$gt", Value: after}}}}
		}
		docs, err := c.find(ctx, f, options.Find().SetSort(bson.D{{Key: keyID, Value: 1}}).SetLimit(int64(n)))
		if err != nil {
			return nil, c.e.fail("scan "+c.spec.Name, err)
		}
		return docs, nil
	}, fn)
}

// find runs a query and decodes every document it returns; a summaries
// view reads the bodies of documents stored without a summary afterwards.
func (c *collection) find(ctx context.Context, f bson.D, opts *options.FindOptionsBuilder) ([]docstore.Doc, error) {
	if opts == nil {
		opts = options.Find()
	}
	if c.summaries {
		opts.SetProjection(withoutBody)
	}
	cur, err := c.c.Find(ctx, f, opts)
	if err != nil {
		return nil, err
	}
	defer cur.Close(context.WithoutCancel(ctx))
	var docs []docstore.Doc
	var bodiless []string
	for cur.Next(ctx) {
		d, err := decode(c.spec, cur.Current, c.summaries)
		if err != nil {
			return nil, err
		}
		if d.Body == nil {
			bodiless = append(bodiless, d.ID)
		}
		docs = append(docs, d)
	}
	if err := cur.Err(); err != nil || len(bodiless) == 0 {
		return docs, err
	}
	return c.withBodies(ctx, docs, bodiless)
}

// withBodies fills the documents written before the spec kept summaries
// with their bodies, in one more read.
func (c *collection) withBodies(ctx context.Context, docs []docstore.Doc, ids []string) ([]docstore.Doc, error) {
	full := &collection{e: c.e, spec: c.spec, c: c.c}
	found, err := full.find(ctx, bson.D{{Key: keyID, Value: bson.D{{Key: "$in", Value: ids}}}}, nil)
	if err != nil {
		return nil, err
	}
	body := make(map[string][]byte, len(found))
	for _, d := range found {
		body[d.ID] = d.Body
	}
	out := docs[:0]
	for _, d := range docs {
		if d.Body == nil {
			if d.Body = body[d.ID]; d.Body == nil {
				continue // deleted in between
			}
		}
		out = append(out, d)
	}
	return out, nil
}
