package mongo

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/topology"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
)

// transientCodes are server error codes that mean "not now" rather than
// "never": a node shutting down, stepping down or unreachable.
var transientCodes = []int{
	6,     // HostUnreachable
	7,     // HostNotFound
	89,    // NetworkTimeout
	91,    // ShutdownInProgress
	189,   // PrimarySteppedDown
	9001,  // SocketException
	10107, // NotWritablePrimary
	11600, // InterruptedAtShutdown
	11602, // InterruptedDueToReplStateChange
	13435, // NotPrimaryNoSecondaryOk
	13436, // NotPrimaryOrSecondary
}

// fail maps a driver error to the contract's errors, keeping the cause:
// no document → domain.ErrNotFound, a closed engine → docstore.ErrClosed,
// an unreachable or timed-out server → domain.ErrUnavailable. Duplicate keys
// are mapped by the callers that know the collection (see conflict).
func (e *Engine) fail(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case e.closed.Load() || errors.Is(err, mongo.ErrClientDisconnected):
		return fmt.Errorf("mongo: %s: %w", op, docstore.ErrClosed)
	case errors.Is(err, mongo.ErrNoDocuments):
		return fmt.Errorf("mongo: %s: %w", op, domain.ErrNotFound)
	case unavailable(err):
		return fmt.Errorf("mongo: %s: %s did not answer: %w: %w", op, e.hosts, domain.ErrUnavailable, err)
	}
	return fmt.Errorf("mongo: %s: %w", op, err)
}

func unavailable(err error) bool {
	if mongo.IsTimeout(err) || mongo.IsNetworkError(err) ||
		errors.As(err, &topology.ServerSelectionError{}) ||
		errors.As(err, &topology.ConnectionError{}) ||
		errors.As(err, &topology.WaitQueueTimeoutError{}) {
		return true
	}
	// The driver's own "try again" errors, such as a connection pool
	// cleared when another operation lost the server.
	var retry interface{ Retryable() bool }
	if errors.As(err, &retry) && retry.Retryable() {
		return true
	}
	var se mongo.ServerError
	if errors.As(err, &se) {
		for _, code := range transientCodes {
			if se.HasErrorCode(code) {
				return true
			}
		}
	}
	return false
}

// duplicateKey tells a unique index violation. FerretDB reports one met by
// an update as an internal error carrying SQLite's message.
func duplicateKey(err error) bool {
	var se mongo.ServerError
	return mongo.IsDuplicateKeyError(err) ||
		errors.As(err, &se) && se.HasErrorCodeWithMessage(1, "UNIQUE constraint failed")
}

// indexName finds the index named in a duplicate key message, e.g.
// "E11000 duplicate key error collection: hub.items index: code_1 dup key: ...".
var indexName = regexp.MustCompile(`index: ([A-Za-z0-9_.]+)`)

// conflict maps a write error: a duplicate key becomes domain.ErrConflict
// naming the field at fault (never its value, which may be personal data);
// anything else goes through fail.
func (c *collection) conflict(ctx context.Context, op string, err error, d docstore.Doc) error {
	if !duplicateKey(err) {
		return c.e.fail(op+" "+c.spec.Name, err)
	}
	return docstore.Duplicate(c.spec.Name, c.duplicateField(ctx, err, d))
}

// duplicateField names the unique key a duplicate key error is about: "id",
// a unique declared field, or "unique value" when it cannot tell. MongoDB
// names the index in its message; FerretDB does not, so the stored
// documents are asked (only on this error path).
func (c *collection) duplicateField(ctx context.Context, err error, d docstore.Doc) string {
	msg := err.Error()
	var we mongo.WriteException
	if errors.As(err, &we) && len(we.WriteErrors) > 0 {
		msg = we.WriteErrors[0].Message
	}
	if m := indexName.FindStringSubmatch(msg); m != nil {
		if m[1] == "_id_" {
			return docstore.IDField
		}
		if f, ok := c.spec.Field(strings.TrimSuffix(m[1], "_1")); ok && f.Unique {
			return f.Name
		}
	}
	taken := func(key string, v any) bool {
		filter := bson.D{{Key: key, Value: bson.D{{Key: "$eq", Value: v}}}}
		if key != keyID {
			filter = append(filter, bson.E{Key: keyID, Value: bson.D{{Key: "$ne", Value: d.ID}}})
		}
		n, err := c.c.CountDocuments(ctx, filter, options.Count().SetLimit(1))
		return err == nil && n > 0
	}
	for _, f := range c.spec.Fields {
		if f.Unique && taken(f.Name, d.Fields[f.Name]) {
			return f.Name
		}
	}
	if taken(keyID, d.ID) {
		return docstore.IDField
	}
	return "unique value"
}
