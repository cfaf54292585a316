// Package domain holds Action Hub's business types, rules and typed errors.
// It imports only the standard library, so every layer can depend on it.
package domain

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Sentinel errors. Return them through NotFoundf, Conflictf, Forbiddenf or
// Unauthenticatedf, which carry a sentence for the caller; wrapping with
// fmt.Errorf("...: %w", err) adds context for the log only. The HTTP layer
// maps them to problems with errors.Is.
var (
	// ErrNotFound: the object does not exist, or the caller may not know it does.
	ErrNotFound = errors.New("not found")
	// ErrConflict: a duplicate, a lost update race or a refused state change.
	ErrConflict = errors.New("conflict")
	// ErrUnavailable: a backing service (database, Redis) did not answer in time.
	ErrUnavailable = errors.New("service unavailable")
	// ErrUnauthenticated: no valid credentials.
	ErrUnauthenticated = errors.New("unauthenticated")
	// ErrForbidden: authenticated, but the role may not do this at all.
	ErrForbidden = errors.New("forbidden")
	// ErrTooManyRequests: the caller must slow down (login throttling).
	ErrTooManyRequests = errors.New("too many requests")
)

// FieldError names one input field at fault.
type FieldError struct {
	Field   string // bare path, e.g. "email" or "facility.city"; "" for the request as a whole; the HTTP layer adds where it is ("body.", "query.")
	Message string
}

// ValidationError lists every field at fault in one input.
type ValidationError struct {
	Fields []FieldError
}

// Invalid builds a ValidationError from field/message pairs.
func Invalid(field, message string) *ValidationError {
	return &ValidationError{Fields: []FieldError{{Field: field, Message: message}}}
}

// Add appends a field error and returns the receiver, for chaining.
func (e *ValidationError) Add(field, message string) *ValidationError {
	e.Fields = append(e.Fields, FieldError{Field: field, Message: message})
	return e
}

// OrNil returns nil when no field is at fault, so callers can `return v.OrNil()`.
func (e *ValidationError) OrNil() error {
	if e == nil || len(e.Fields) == 0 {
		return nil
	}
	return e
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Error is a domain error told apart for two readers: Message is the
// sentence the person calling reads (a capital first letter, a full stop at
// the end, no error chain), Err any cause kept for the log only. Kind is the
// sentinel it matches with errors.Is (ErrNotFound, ErrConflict, ...), which
// picks the HTTP status.
type Error struct {
	Kind    error
	Message string
	Err     error // nil when there is no cause beyond Message
}

// Error is Message, with the cause after it for the log.
func (e *Error) Error() string {
	if e.Err == nil {
		return e.Message
	}
	return e.Message + " (" + e.Err.Error() + ")"
}

// Is makes errors.Is(err, e.Kind) true.
func (e *Error) Is(target error) bool { return target == e.Kind }

// Unwrap returns the cause, so errors.Is and errors.As see through it.
func (e *Error) Unwrap() error { return e.Err }

// NotFoundf returns an ErrNotFound whose message for the caller is the
// formatted sentence.
func NotFoundf(format string, args ...any) error {
	return &Error{Kind: ErrNotFound, Message: fmt.Sprintf(format, args...)}
}

// Conflictf returns an ErrConflict whose message for the caller is the
// formatted sentence.
func Conflictf(format string, args ...any) error {
	return &Error{Kind: ErrConflict, Message: fmt.Sprintf(format, args...)}
}

// Forbiddenf returns an ErrForbidden whose message for the caller is the
// formatted sentence.
func Forbiddenf(format string, args ...any) error {
	return &Error{Kind: ErrForbidden, Message: fmt.Sprintf(format, args...)}
}

// Unauthenticatedf returns an ErrUnauthenticated whose message for the
// caller is the formatted sentence.
func Unauthenticatedf(format string, args ...any) error {
	return &Error{Kind: ErrUnauthenticated, Message: fmt.Sprintf(format, args...)}
}

// RateLimited is ErrTooManyRequests with the wait until a new attempt may succeed.
type RateLimited struct{ Wait time.Duration }

func (e *RateLimited) Error() string {
	return "too many attempts; wait " + e.Wait.Round(time.Second).String()
}

// Is makes errors.Is(err, ErrTooManyRequests) true.
func (e *RateLimited) Is(target error) bool { return target == ErrTooManyRequests }
