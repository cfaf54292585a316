package httpapi

import (
	"errors"
	"net/http"
	"strings"

	"github.com/actionhub/actionhub/domain"
	"github.com/danielgtaylor/huma/v2"
)

// locator says where in a request a field the domain names is: the domain
// and the services report bare names ("hub_id", "facility.city"), and the
// operation's declaration knows which are query or path parameters.
type locator struct {
	params map[string]string // parameter name → "query", "path", "header"
	body   bool              // the operation takes a request body
}

func locatorFor(op *huma.Operation) locator {
	l := locator{params: map[string]string{}}
	if op == nil {
		return l
	}
	for _, p := range op.Parameters {
		l.params[p.Name] = p.In
	}
	l.body = op.RequestBody != nil
	return l
}

// registered returns the operation Huma registered for method and path.
func registered(api huma.API, method, path string) *huma.Operation {
	item := api.OpenAPI().Paths[path]
	if item == nil {
		return nil
	}
	switch method {
	case http.MethodGet:
		return item.Get
	case http.MethodPost:
		return item.Post
	case http.MethodPut:
		return item.Put
	case http.MethodPatch:
		return item.Patch
	case http.MethodDelete:
		return item.Delete
	}
	return nil
}

// locate returns err with every field of a validation error prefixed with
// where it is ("query.hub_id", "body.facility.city"); other errors as they are.
func (l locator) locate(err error) error {
	var ve *domain.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	out := &domain.ValidationError{Fields: make([]domain.FieldError, len(ve.Fields))}
	for i, f := range ve.Fields {
		out.Fields[i] = domain.FieldError{Field: l.field(f.Field), Message: f.Message}
	}
	return out
}

// field prefixes one bare field: a declared parameter with its location,
// anything else with "body." when the operation takes a body. "" is the
// request as a whole: its body, or its query when it has none.
func (l locator) field(f string) string {
	name := f
	if i := strings.IndexAny(f, ".["); i >= 0 {
		name = f[:i]
	}
	if in, ok := l.params[name]; ok && name != "" {
		return in + "." + f
	}
	switch {
	case f == "" && l.body:
		return "body"
	case f == "":
		return "query"
	case l.body:
		return "body." + f
	}
	return f
}
