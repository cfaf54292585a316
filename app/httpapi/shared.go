package httpapi

import "time"

// Representations (the *Body types beside each entity's handlers) are the
// API's contract, apart from the domain types, so a new internal field
// never leaks by accident.

// Shared inputs and outputs.
type (
	// Paging is exported so that Huma sees its fields when it is embedded.
	Paging struct {
		Cursor string `query:"cursor" maxLength:"1000" doc:"The next_cursor of the previous page; omit for the first page."`
		Limit  int    `query:"limit" minimum:"1" maximum:"500" default:"50" doc:"Items per page."`
	}
	idPath struct {
		ID string `path:"id" minLength:"1" maxLength:"64" doc:"The object's ID."`
	}
	page[T any] struct {
		Body struct {
			Items      []T    `json:"items"`
			NextCursor string `json:"next_cursor,omitempty" doc:"Pass as cursor to get the next page; absent on the last page."`
		}
	}
)

func pageOf[T, B any](xs []*T, next string, f func(*T) B) *page[B] {
	p := &page[B]{}
	p.Body.Items, p.Body.NextCursor = mapAll(xs, f), next
	return p
}

// one is a response whose body is one representation.
type one[B any] struct{ Body B }

// reply turns a service's result into a response: its error as is, or its
// value through the representation f. Handlers end in
// `return reply(orgOut)(s.Identity.GetOrg(ctx, id))`.
func reply[T, B any](f func(*T) B) func(*T, error) (*one[B], error) {
	return func(v *T, err error) (*one[B], error) {
		if err != nil {
			return nil, err
		}
		return &one[B]{f(v)}, nil
	}
}

// replyPage is reply for a page of a list.
func replyPage[T, B any](f func(*T) B) func([]*T, string, error) (*page[B], error) {
	return func(xs []*T, next string, err error) (*page[B], error) {
		if err != nil {
			return nil, err
		}
		return pageOf(xs, next, f), nil
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func mapAll[T, B any](xs []*T, f func(*T) B) []B {
	out := make([]B, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// when is a time for a representation: absent when not set.
func when(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
