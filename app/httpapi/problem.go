package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"
)

// problemType is the media type of every error body (RFC 9457).
const problemType = "application/problem+json"

// invalidFields is the detail of every validation problem; errors lists the fields.
const invalidFields = "The request has invalid fields, listed in errors."

// Details that more than one place answers with.
const (
	internalDetail    = "Internal error. Quote the request ID to support."
	unavailableDetail = "The service is briefly unavailable. Try again shortly."
)

// init makes every Huma error a problem that never echoes the rejected
// value: a rejected password or token must not come back in a response.
func init() {
	huma.NewError = func(status int, msg string, errs ...error) huma.StatusError {
		details := make([]*huma.ErrorDetail, 0, len(errs))
		for _, e := range errs {
			if e == nil {
				continue
			}
			var d *huma.ErrorDetail
			if errors.As(e, &d) {
				details = append(details, &huma.ErrorDetail{Message: d.Message, Location: d.Location})
				continue
			}
			details = append(details, &huma.ErrorDetail{Message: e.Error()})
		}
		switch {
		case msg == "":
			msg = http.StatusText(status) + "."
		case status == http.StatusUnprocessableEntity && len(details) > 0:
			msg = invalidFields // one wording for schema and domain validation alike
		case status == http.StatusRequestEntityTooLarge:
			msg = "The request body is too large."
		case humaSentences[msg] != "":
			msg = humaSentences[msg]
		}
		return &huma.ErrorModel{Status: status, Title: http.StatusText(status), Detail: msg, Errors: details}
	}
}

// humaSentences rewords the problems Huma raises itself as sentences.
var humaSentences = map[string]string{
	"validation failed":         "The request body cannot be parsed. The errors list says where.",
	"request body is required":  "The request body is required.",
	"request body read timeout": "The request body took too long to arrive.",
	"cannot read request body":  "The request body could not be read.",
}

// retryAfter adds a Retry-After header to a 429 or 503 problem. It wraps
// rather than embeds the problem so that the problem alone is written.
type retryAfter struct {
	err  huma.StatusError
	wait time.Duration
}

func (e retryAfter) Error() string { return e.err.Error() }

func (e retryAfter) GetHeaders() http.Header {
	secs := int(e.wait.Round(time.Second) / time.Second)
	if secs < 1 {
		secs = 1
	}
	return http.Header{"Retry-After": []string{strconv.Itoa(secs)}}
}

func (e retryAfter) Unwrap() error { return e.err }

// problem is the one mapping from domain errors to HTTP problems. Anything
// unexpected is a 500 that says only "internal error", logged with the
// request ID.
func problem(ctx context.Context, log *slog.Logger, err error) error {
	var se huma.StatusError
	var ve *domain.ValidationError
	var rl *domain.RateLimited
	var de *domain.Error
	switch {
	case errors.As(err, &se):
		return err
	case errors.As(err, &ve):
		details := make([]error, len(ve.Fields))
		for i, f := range ve.Fields {
			details[i] = &huma.ErrorDetail{Message: f.Message, Location: f.Field}
		}
		return huma.NewError(http.StatusUnprocessableEntity, invalidFields, details...)
	case errors.As(err, &rl):
		return retryAfter{huma.NewError(http.StatusTooManyRequests, "Too many failed attempts. Wait "+rl.Wait.Round(time.Second).String()+" and try again."), rl.Wait}
	case errors.Is(err, domain.ErrUnavailable), errors.Is(err, context.DeadlineExceeded), errors.Is(err, docstore.ErrClosed):
		log.WarnContext(ctx, "store or queue unavailable", "err", err, "request_id", domain.ActorFrom(ctx).RequestID)
		return retryAfter{huma.NewError(http.StatusServiceUnavailable, unavailableDetail), 2 * time.Second}
	case errors.Is(err, context.Canceled):
		return huma.NewError(499, "The client closed the request.")
	}
	for _, k := range refusals {
		if !errors.Is(err, k.kind) {
			continue
		}
		// The caller reads the domain's sentence; the chain of causes and
		// wrapping context goes to the log only.
		detail := k.detail
		if errors.As(err, &de) && de.Kind == k.kind {
			detail = de.Message
		}
		if err.Error() != detail {
			log.InfoContext(ctx, "request refused", "status", k.status, "err", err, "request_id", domain.ActorFrom(ctx).RequestID)
		}
		return huma.NewError(k.status, detail)
	}
	log.ErrorContext(ctx, "internal error", "err", err, "request_id", domain.ActorFrom(ctx).RequestID)
	return huma.NewError(http.StatusInternalServerError, internalDetail)
}

// refusals maps the domain's sentinels to statuses, with the sentence sent
// when the error carries none of its own (a bare sentinel).
var refusals = []struct {
	kind   error
	status int
	detail string
}{
	{domain.ErrNotFound, http.StatusNotFound, "Nothing with that ID is visible to you."},
	{domain.ErrConflict, http.StatusConflict, "The object has changed or its state refuses this. Read it again and retry."},
	{domain.ErrUnauthenticated, http.StatusUnauthorized, "Log in first."},
	{domain.ErrForbidden, http.StatusForbidden, "Your role may not do this."},
}

// fiberErrorHandler answers Fiber's own errors (unknown route, wrong method,
// body too large, panics) as problems too.
func fiberErrorHandler(log *slog.Logger) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		status := http.StatusInternalServerError
		detail := internalDetail
		var fe *fiber.Error
		if errors.As(err, &fe) {
			status = fe.Code
			switch status {
			case http.StatusNotFound:
				detail = "There is no endpoint " + c.Method() + " " + c.Path() + "."
			case http.StatusMethodNotAllowed:
				detail = "Method " + c.Method() + " is not allowed on " + c.Path() + "."
			case http.StatusRequestEntityTooLarge:
				detail = "The request body is too large."
			default:
				detail = strings.TrimSuffix(fe.Message, ".") + "."
			}
		} else {
			log.Error("internal error", "err", err, "path", c.Path(), "request_id", c.GetRespHeader(fiber.HeaderXRequestID))
		}
		return writeProblem(c, status, detail)
	}
}

func writeProblem(c *fiber.Ctx, status int, detail string) error {
	setSecurityHeaders(c) // errors raised before the middleware ran are marked too
	c.Set(fiber.HeaderContentType, problemType)
	return c.Status(status).JSON(huma.ErrorModel{Status: status, Title: http.StatusText(status), Detail: detail}, problemType)
}
