package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/actionhub/actionhub/domain"
	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"
	"github.com/redis/go-redis/v9"
)

// Idempotency-Key lets a client on a poor connection (an auditor on a
// factory floor) repeat a POST without creating twice: the first successful
// answer is kept for a day and replayed to a repeat with the same key,
// caller, method, path, query string and body. Keys live in Redis with a
// TTL: they are a delivery aid, not a record; if the in-process Redis
// restarts, a repeat runs again.
//
// What is never kept: answers to anonymous calls (login), answers that are
// not a success, and answers that carry a secret shown once (a new API
// key's) or that are too large; for the last two only the fact that the
// request succeeded is kept, and a repeat is told so (409).
const (
	idempotencyHeader = "Idempotency-Key"
	idempotencyTTL    = 24 * time.Hour
	pendingTTL        = 5 * time.Minute // longer than any request may run
	maxKeptAnswer     = 256 << 10
	idempotencyPrefix = "actionhub:idempotency:"
)

// kept is a stored answer, or a request still running (Status 0). Withheld
// marks a success whose answer was not kept.
type kept struct {
	Fingerprint string `json:"fp"`
	Status      int    `json:"status,omitempty"`
	ContentType string `json:"ct,omitempty"`
	Body        []byte `json:"body,omitempty"`
	Withheld    bool   `json:"withheld,omitempty"`
}

// keyParam documents the header on every authenticated POST operation.
var keyParam = &huma.Param{
	Name: idempotencyHeader, In: "header", Required: false,
	Description: "Any unique string up to 200 characters. Repeating the request (same method, path, query and body) with the same key " +
		"and the same token replays the first successful answer (for 24 hours) instead of doing it twice; the same key with a different body " +
		"is refused (422). An answer that carries a secret (a new API key) is never kept: its repeat answers 409.",
	Schema: &huma.Schema{Type: huma.TypeString, MaxLength: ptr(200)},
}

func ptr[T any](v T) *T { return &v }

// idempotent is the Huma middleware that keeps and replays answers. It runs
// after authenticate, so a replay goes only to a caller who is still
// logged in, enabled and allowed the operation.
func (s *server) idempotent(ctx huma.Context, next func(huma.Context)) {
	op := ctx.Operation()
	key := ctx.Header(idempotencyHeader)
	a := domain.ActorFrom(ctx.Context())
	if key == "" || op.Method != http.MethodPost || !a.Authenticated() {
		next(ctx)
		return
	}
	if len(key) > 200 || !visible(key) {
		s.fail(ctx, huma.NewError(http.StatusUnprocessableEntity, "Idempotency-Key must be 1 to 200 visible ASCII characters."))
		return
	}
	fc := humafiber.Unwrap(ctx)
	body, err := bufferBody(fc, op.MaxBodyBytes)
	if err != nil {
		s.fail(ctx, err)
		return
	}
	// The credential, not just the user: a key used under one login is not
	// replayed to another.
	scope := sha256.Sum256([]byte(a.UserID + "\n" + a.SessionID + a.APIKeyID + "\n" + op.Method + "\n" + fc.OriginalURL() + "\n" + key))
	rkey := idempotencyPrefix + hex.EncodeToString(scope[:])
	sum := sha256.Sum256(body)
	fp := hex.EncodeToString(sum[:])
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx.Context()), 2*time.Second)
	defer cancel()

	pending, _ := json.Marshal(kept{Fingerprint: fp})
	fresh, err := s.Redis.SetNX(rctx, rkey, pending, pendingTTL).Result()
	if err != nil {
		s.Log.WarnContext(rctx, "idempotency keys unavailable", "err", err)
		s.fail(ctx, problem(rctx, s.Log, domain.ErrUnavailable))
		return
	}
	if !fresh {
		s.replay(ctx, rctx, rkey, fp)
		return
	}
	next(ctx)
	status := fc.Response().StatusCode()
	if status < 200 || status > 299 { // a repeat runs again
		s.Redis.Del(rctx, rkey)
		return
	}
	k := kept{Fingerprint: fp, Status: status, Withheld: true}
	if secret, _ := op.Metadata[metaSecretAnswer].(bool); !secret && !fc.Response().IsBodyStream() && len(fc.Response().Body()) <= maxKeptAnswer {
		k.ContentType, k.Body, k.Withheld = string(fc.Response().Header.ContentType()), fc.Response().Body(), false
	}
	done, _ := json.Marshal(k)
	if err := s.Redis.Set(rctx, rkey, done, idempotencyTTL).Err(); err != nil {
		s.Log.WarnContext(rctx, "answer not kept for its Idempotency-Key", "err", err)
	}
}

// replay answers a repeated key from what was kept.
func (s *server) replay(ctx huma.Context, rctx context.Context, rkey, fp string) {
	raw, err := s.Redis.Get(rctx, rkey).Bytes()
	if errors.Is(err, redis.Nil) {
		s.fail(ctx, huma.NewError(http.StatusConflict, "A request with this Idempotency-Key just finished without a kept answer. Send it again."))
		return
	}
	if err != nil {
		s.fail(ctx, problem(rctx, s.Log, domain.ErrUnavailable))
		return
	}
	var k kept
	if err := json.Unmarshal(raw, &k); err != nil {
		s.fail(ctx, problem(rctx, s.Log, err))
		return
	}
	switch {
	case k.Fingerprint != fp:
		s.fail(ctx, huma.NewError(http.StatusUnprocessableEntity, "This Idempotency-Key was used with a different request body. Use a new key."))
		return
	case k.Status == 0:
		s.fail(ctx, retryAfter{huma.NewError(http.StatusConflict, "A request with this Idempotency-Key is still running. Try again shortly."), time.Second})
		return
	case k.Withheld:
		s.fail(ctx, huma.NewError(http.StatusConflict, "A request with this Idempotency-Key already succeeded. Its answer is not kept "+
			"(it carried a secret shown only once, or was too large), so look the result up instead. "+
			"For an API key, list your keys and revoke any whose key you did not receive."))
		return
	}
	ctx.SetHeader("Idempotent-Replayed", "true")
	ctx.SetHeader("Content-Type", k.ContentType)
	ctx.SetStatus(k.Status)
	_, _ = ctx.BodyWriter().Write(k.Body)
}

// bufferBody reads the whole request body, up to limit, and puts it back
// for the handler to read again. Over the limit it returns a 413 problem.
func bufferBody(c *fiber.Ctx, limit int64) ([]byte, error) {
	r := c.Request().BodyStream()
	if r == nil {
		b := c.Request().Body()
		if int64(len(b)) > limit {
			return nil, huma.NewError(http.StatusRequestEntityTooLarge, "The request body is too large.")
		}
		return b, nil
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, huma.NewError(http.StatusBadRequest, "The request body could not be read.")
	}
	if int64(len(b)) > limit {
		closeAfter(c) // the rest stays unread
		return nil, huma.NewError(http.StatusRequestEntityTooLarge, "The request body is too large.")
	}
	c.Request().SetBodyStream(bytes.NewReader(b), len(b))
	return b, nil
}

func visible(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
