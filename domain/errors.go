// Package domain holds Action Hub's business types, rules and typed errors.
// It imports only the standard library, so every layer can depend on it.
package domain

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Sentinel errors. Wrap them with fmt.Errorf("...: %w", ErrX) to add context;
// the HTTP layer maps them to problems with errors.Is.
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
	Field   string // JSON path, e.g. "body.email"
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

// Conflictf returns an error wrapping ErrConflict with a message for the caller.
func Conflictf(format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), ErrConflict)
}

// NotFoundf returns an error wrapping ErrNotFound with a message for the caller.
func NotFoundf(format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), ErrNotFound)
}

// RateLimited is ErrTooManyRequests with the wait until a new attempt may succeed.
type RateLimited struct{ Wait time.Duration }

func (e *RateLimited) Error() string {
	return "too many attempts; wait " + e.Wait.Round(time.Second).String()
}

// Is makes errors.Is(err, ErrTooManyRequests) true.
func (e *RateLimited) Is(target error) bool { return target == ErrTooManyRequests }
