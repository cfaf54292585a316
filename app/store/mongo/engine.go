// Package mongo is the MongoDB storage engine: the document-store contract
// (package docstore) on MongoDB 6+ through the official driver. It is used
// when MONGODB_URI is set, and sticks to the query subset that MongoDB and
// FerretDB (the test stand-in) both serve alike.
//
// A document is stored as
//
//	{_id: ID, _v: version, <declared field>: <normalised value>..., _body: "<JSON>"}
//
// The declared fields are real BSON values (string, int64, double, bool; times
// as int64 Unix nanoseconds) so they can be indexed and queried; the body
// stays JSON text so both engines share one codec and round-trip identically.
package mongo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/connstring"

	"github.com/actionhub/actionhub/app/store/docstore"
)

// Timeouts that bound how long a call waits for an unreachable server, so the
// API answers 503 within a second instead of hanging (a primary election
// then shows as brief 503s with Retry-After). A URI that sets
// serverSelectionTimeoutMS or connectTimeoutMS overrides them.
const (
	serverSelectionTimeout = 800 * time.Millisecond
	connectTimeout         = 800 * time.Millisecond
	disconnectTimeout      = 5 * time.Second
)

// Reserved keys of a stored document. Declared field names start with a
// letter, so they never clash with these.
const (
	keyID      = "_id"
	keyVersion = "_v"
	keyBody    = "_body"
	keySummary = "_sum" // the summary body, in collections that keep one
)

// sequences is the collection of named counters used by Next.
const sequences = "_sequences"

// Engine is the MongoDB engine. It is safe for concurrent use; the driver
// pools connections and reconnects by itself after an outage.
type Engine struct {
	client *mongo.Client
	db     *mongo.Database
	hosts  string // for error messages: never the credentials
	closed atomic.Bool

	mu    sync.RWMutex
	colls map[string]*collection

	blobs *blobs

	// serial is set on FerretDB, which runs a conditional update as a read
	// then a write, so two racing updates both "match": the engine then
	// serialises its own conditional writes (Replace, Delete, Next). That is
	// enough for the tests, the one place FerretDB is used; MongoDB applies
	// each update atomically and needs no lock.
	serial *sync.Mutex
}

var _ docstore.Engine = (*Engine)(nil)

// Open connects to the MongoDB at uri and checks that it answers. database
// names the database; when empty, the one in the URI's path is used.
// A server that does not answer within about two seconds (or ctx's deadline)
// gives an error wrapping domain.ErrUnavailable that names the hosts, never
// the credentials.
func Open(ctx context.Context, uri, database string) (*Engine, error) {
	cs, err := connstring.ParseAndValidate(uri)
	if err != nil {
		// The parser's message may quote the URI, password included.
		return nil, errors.New("mongo: MONGODB_URI is not a valid mongodb:// or mongodb+srv:// URI")
	}
	if database == "" {
		database = cs.Database
	}
	if database == "" {
		return nil, errors.New("mongo: no database named, neither by the caller nor in the URI path")
	}
	hosts := strings.Join(cs.Hosts, ",")
	if cs.Scheme == connstring.SchemeMongoDBSRV {
		hosts = "srv:" + hosts
	}
	opts := options.Client().
		SetServerSelectionTimeout(serverSelectionTimeout).
		SetConnectTimeout(connectTimeout).
		ApplyURI(uri)
	client, err := mongo.Connect(opts)
	if err != nil {
		return nil, fmt.Errorf("mongo: connect to %s: %w", hosts, err)
	}
	e := &Engine{
		client: client,
		db:     client.Database(database),
		hosts:  hosts,
		colls:  map[string]*collection{},
	}
	e.blobs = newBlobs(e)
	if err := e.Ping(ctx); err != nil {
		_ = client.Disconnect(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("mongo: open database %q: %w", database, err)
	}
	info, err := e.db.RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Raw()
	if err != nil {
		_ = client.Disconnect(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("mongo: open database %q: %w", database, e.fail("build info", err))
	}
	if _, err := info.LookupErr("ferretdbVersion"); err == nil {
		e.serial = new(sync.Mutex)
	}
	return e, nil
}

// serialise takes the FerretDB write lock, if any, and returns its release.
func (e *Engine) serialise() (unlock func()) {
	if e.serial == nil {
		return func() {}
	}
	e.serial.Lock()
	return e.serial.Unlock
}

// Ensure declares the collection and creates its indexes: {field, _id} for
// each declared field ({field} unique for unique ones, none for NoIndex
// ones, whose index an earlier spec left is dropped) and each compound
// index followed by _id. It is idempotent; callers run it for every spec at
// start and in the migrate step. Errors: a bad spec, an existing index of the
// same name with another uniqueness (drop it first), ErrUnavailable, ErrClosed.
func (e *Engine) Ensure(ctx context.Context, spec docstore.Spec) error {
	if err := spec.Check(); err != nil {
		return err
	}
	if e.closed.Load() {
		return docstore.ErrClosed
	}
	coll := e.db.Collection(spec.Name)
	existing, err := indexes(ctx, coll)
	if err != nil {
		return e.fail("list indexes of "+spec.Name, err)
	}
	// Only missing indexes are sent: FerretDB 1.24 breaks the connection
	// when one createIndexes names several that exist already.
	var missing []mongo.IndexModel
	for _, want := range wantedIndexes(spec) {
		unique, ok := existing[want.name]
		switch {
		case !ok:
			opts := options.Index().SetName(want.name)
			if want.unique {
				opts.SetUnique(true)
			}
			missing = append(missing, mongo.IndexModel{Keys: want.keys, Options: opts})
		case unique != want.unique:
			return fmt.Errorf("mongo: index %s.%s exists with unique=%t, want %t: drop it and run Ensure again",
				spec.Name, want.name, unique, want.unique)
		}
	}
	if len(missing) > 0 {
		if _, err := coll.Indexes().CreateMany(ctx, missing); err != nil {
			return e.fail("create indexes of "+spec.Name, err)
		}
	}
	for _, name := range unwantedIndexes(spec) {
		if _, ok := existing[name]; ok {
			if err := coll.Indexes().DropOne(ctx, name); err != nil {
				return e.fail("drop index "+spec.Name+"."+name, err)
			}
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.colls[spec.Name] = &collection{e: e, spec: spec, c: coll}
	return nil
}

// C returns the collection declared by Ensure; it panics on an unknown name,
// a wiring bug.
func (e *Engine) C(name string) docstore.Collection {
	e.mu.RLock()
	c, ok := e.colls[name]
	e.mu.RUnlock()
	if !ok {
		panic(fmt.Sprintf("mongo: collection %q used before Ensure", name))
	}
	return c
}

// Next returns the next number of the named sequence, starting at 1, with
// one atomic upsert. Errors: ErrUnavailable, ErrClosed.
func (e *Engine) Next(ctx context.Context, sequence string) (int64, error) {
	if e.closed.Load() {
		return 0, docstore.ErrClosed
	}
	coll := e.db.Collection(sequences)
	opts := options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)
	update := bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: int64(1)}}}}
	var err error
	// Two first calls may race to insert the counter; the loser's upsert
	// fails on the _id index and succeeds on a second try.
	for attempt := 0; attempt < 2; attempt++ {
		var raw bson.Raw
		unlock := e.serialise()
		raw, err = coll.FindOneAndUpdate(ctx, bson.D{{Key: keyID, Value: sequence}}, update, opts).Raw()
		unlock()
		if err == nil {
			n, ok := raw.Lookup("n").AsInt64OK()
			if !ok {
				return 0, fmt.Errorf("mongo: sequence %q holds no number", sequence)
			}
			return n, nil
		}
		if !mongo.IsDuplicateKeyError(err) {
			break
		}
	}
	return 0, e.fail("next of sequence "+sequence, err)
}

// Blobs returns the GridFS file store (bucket "blobs").
func (e *Engine) Blobs() docstore.Blobs { return e.blobs }

// Ping checks that the primary answers. Errors: ErrUnavailable, ErrClosed.
func (e *Engine) Ping(ctx context.Context) error {
	if e.closed.Load() {
		return docstore.ErrClosed
	}
	return e.fail("ping", e.client.Ping(ctx, readpref.Primary()))
}

// Close disconnects; later calls return docstore.ErrClosed. Closing twice is
// harmless.
func (e *Engine) Close() error {
	if !e.closed.CompareAndSwap(false, true) {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), disconnectTimeout)
	defer cancel()
	if err := e.client.Disconnect(ctx); err != nil {
		return fmt.Errorf("mongo: disconnect from %s: %w", e.hosts, err)
	}
	return nil
}
