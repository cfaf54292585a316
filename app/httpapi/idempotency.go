package httpapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"
	"github.com/redis/go-redis/v9"
)

// Idempotency-Key lets a client on a poor connection (an auditor on a
// factory floor) repeat a POST without creating twice: the first answer is
// kept for a day and replayed to a repeat with the same key, caller and
// body. Keys live in Redis with a TTL: they are a delivery aid, not a
// record; if the in-process Redis restarts, a repeat runs again.
const (
	idempotencyHeader = "Idempotency-Key"
	idempotencyTTL    = 24 * time.Hour
	idempotencyPrefix = "actionhub:idempotency:"
)

// kept is a stored answer, or a request still running (Status 0).
type kept struct {
	Fingerprint string `json:"fp"`
	Status      int    `json:"status,omitempty"`
	ContentType string `json:"ct,omitempty"`
	Body        []byte `json:"body,omitempty"`
}

// keyParam documents the header on every POST operation.
var keyParam = &huma.Param{
	Name: idempotencyHeader, In: "header", Required: false,
	Description: "Any unique string up to 200 characters. Repeating the request with the same key replays the first answer " +
		"(for 24 hours) instead of doing it twice; the same key with a different body is refused (422).",
	Schema: &huma.Schema{Type: huma.TypeString, MaxLength: ptr(200)},
}

func ptr[T any](v T) *T { return &v }

// idempotency is the Fiber middleware that keeps and replays answers.
func idempotency(rdb redis.UniversalClient, log *slog.Logger) fiber.Handler {
	return func(c *fiber.Ctx) error {
		key := c.Get(idempotencyHeader)
		auth := c.Get(fiber.HeaderAuthorization)
		if key == "" || c.Method() != fiber.MethodPost || auth == "" {
			return c.Next()
		}
		if len(key) > 200 || !visible(key) {
			return writeProblem(c, http.StatusUnprocessableEntity, "Idempotency-Key must be 1 to 200 visible ASCII characters")
		}
		scope := sha256.Sum256([]byte(auth + "\n" + c.Path() + "\n" + key))
		rkey := idempotencyPrefix + hex.EncodeToString(scope[:])
		body := sha256.Sum256(c.Body())
		fp := hex.EncodeToString(body[:])
		ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
		defer cancel()

		pending, _ := json.Marshal(kept{Fingerprint: fp})
		fresh, err := rdb.SetNX(ctx, rkey, pending, idempotencyTTL).Result()
		if err != nil {
			log.WarnContext(ctx, "idempotency keys unavailable", "err", err)
			c.Set(fiber.HeaderRetryAfter, "2")
			return writeProblem(c, http.StatusServiceUnavailable, "the service is briefly unavailable; try again shortly")
		}
		if !fresh {
			return replay(ctx, c, rdb, rkey, fp)
		}
		if err := c.Next(); err != nil {
			rdb.Del(context.WithoutCancel(ctx), rkey) // the error handler answers; let a repeat run again
			return err
		}
		status := c.Response().StatusCode()
		if !keepable(status) {
			rdb.Del(context.WithoutCancel(ctx), rkey)
			return nil
		}
		done, _ := json.Marshal(kept{Fingerprint: fp, Status: status,
			ContentType: string(c.Response().Header.ContentType()), Body: c.Response().Body()})
		if err := rdb.Set(context.WithoutCancel(ctx), rkey, done, idempotencyTTL).Err(); err != nil {
			log.WarnContext(ctx, "answer not kept for its Idempotency-Key", "err", err)
		}
		return nil
	}
}

// replay answers a repeated key from what was kept.
func replay(ctx context.Context, c *fiber.Ctx, rdb redis.UniversalClient, rkey, fp string) error {
	raw, err := rdb.Get(ctx, rkey).Bytes()
	if errors.Is(err, redis.Nil) {
		return writeProblem(c, http.StatusConflict, "a request with this Idempotency-Key just finished without a kept answer; send it again")
	}
	if err != nil {
		c.Set(fiber.HeaderRetryAfter, "2")
		return writeProblem(c, http.StatusServiceUnavailable, "the service is briefly unavailable; try again shortly")
	}
	var k kept
	if err := json.Unmarshal(raw, &k); err != nil {
		return err
	}
	switch {
	case k.Fingerprint != fp:
		return writeProblem(c, http.StatusUnprocessableEntity, "this Idempotency-Key was used with a different request body; use a new key")
	case k.Status == 0:
		c.Set(fiber.HeaderRetryAfter, "1")
		return writeProblem(c, http.StatusConflict, "a request with this Idempotency-Key is still running; try again shortly")
	}
	c.Set("Idempotent-Replayed", "true")
	c.Set(fiber.HeaderContentType, k.ContentType)
	return c.Status(k.Status).Send(k.Body)
}

// keepable: answers that are the request's outcome. Answers that depend on
// the moment (unauthenticated, throttled, timed out, server errors) are not
// kept, so a repeat runs again.
func keepable(status int) bool {
	switch status {
	case http.StatusUnauthorized, http.StatusRequestTimeout, http.StatusTooManyRequests:
		return false
	}
	return status < 500
}

func visible(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
