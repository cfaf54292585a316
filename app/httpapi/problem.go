package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"
)

// problemType is the media type of every error body (RFC 9457).
const problemType = "application/problem+json"

// invalidFields is the detail of every validation problem; errors lists the fields.
const invalidFields = "the request has invalid fields; see errors"

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
			msg = http.StatusText(status)
		case status == http.StatusUnprocessableEntity && len(details) > 0:
			msg = invalidFields // one wording for schema and domain validation alike
		}
		return &huma.ErrorModel{Status: status, Title: http.StatusText(status), Detail: msg, Errors: details}
	}
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
	switch {
	case errors.As(err, &se):
		return err
	case errors.As(err, &ve):
		details := make([]error, len(ve.Fields))
		for i, f := range ve.Fields {
			details[i] = &huma.ErrorDetail{Message: f.Message, Location: f.Field}
		}
		return huma.NewError(http.StatusUnprocessableEntity, invalidFields, details...)
	case errors.Is(err, domain.ErrNotFound):
		return huma.NewError(http.StatusNotFound, err.Error())
	case errors.Is(err, domain.ErrConflict):
		return huma.NewError(http.StatusConflict, err.Error())
	case errors.Is(err, domain.ErrUnauthenticated):
		return huma.NewError(http.StatusUnauthorized, err.Error())
	case errors.Is(err, domain.ErrForbidden):
		return huma.NewError(http.StatusForbidden, err.Error())
	case errors.As(err, &rl):
		return retryAfter{huma.NewError(http.StatusTooManyRequests, "too many failed attempts; wait "+rl.Wait.Round(time.Second).String()+" and try again"), rl.Wait}
	case errors.Is(err, domain.ErrUnavailable), errors.Is(err, context.DeadlineExceeded), errors.Is(err, docstore.ErrClosed):
		log.WarnContext(ctx, "store or queue unavailable", "err", err, "request_id", domain.ActorFrom(ctx).RequestID)
		return retryAfter{huma.NewError(http.StatusServiceUnavailable, "the service is briefly unavailable; try again shortly"), 2 * time.Second}
	case errors.Is(err, context.Canceled):
		return huma.NewError(499, "the client closed the request")
	}
	log.ErrorContext(ctx, "internal error", "err", err, "request_id", domain.ActorFrom(ctx).RequestID)
	return huma.NewError(http.StatusInternalServerError, "internal error; quote the request ID to support")
}

// fiberErrorHandler answers Fiber's own errors (unknown route, wrong method,
// body too large, panics) as problems too.
func fiberErrorHandler(log *slog.Logger) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		status := http.StatusInternalServerError
		detail := "internal error; quote the request ID to support"
		var fe *fiber.Error
		if errors.As(err, &fe) {
			status = fe.Code
			switch status {
			case http.StatusNotFound:
				detail = "no such endpoint: " + c.Method() + " " + c.Path()
			case http.StatusMethodNotAllowed:
				detail = "method " + c.Method() + " is not allowed on " + c.Path()
			case http.StatusRequestEntityTooLarge:
				detail = "the request body is too large"
			default:
				detail = fe.Message
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
