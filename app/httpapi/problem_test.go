package httpapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/danielgtaylor/huma/v2"
)

// TestProblemSendsTheSentence: the caller reads the domain's sentence; the
// wrapping context and causes go to the log only.
func TestProblemSendsTheSentence(t *testing.T) {
	cases := []struct {
		name   string
		err    error
		status int
		detail string
		logged string // text that must reach the log; "" when nothing is logged
	}{
		{"not found, wrapped", fmt.Errorf("share link: %w", domain.NotFoundf("Brand b is not linked to supplier s.")),
			http.StatusNotFound, "Brand b is not linked to supplier s.", "share link"},
		{"conflict", domain.Conflictf("You cannot disable yourself."), http.StatusConflict, "You cannot disable yourself.", ""},
		{"forbidden", domain.Forbiddenf("Only brands nominate suppliers."), http.StatusForbidden, "Only brands nominate suppliers.", ""},
		{"not visible", domain.NotVisible("supplier"), http.StatusNotFound, "No supplier with that ID is visible to you.", ""},
		{"store duplicate", docstore.Duplicate("users", "email"), http.StatusConflict, "A record with the same email already exists.", "users: email already exists"},
		{"store unknown ID", docstore.NotFound("suppliers", "x1"), http.StatusNotFound, "Nothing with that ID is visible to you.", "suppliers x1"},
		{"bare sentinel", fmt.Errorf("loading key k: %w", domain.ErrUnauthenticated), http.StatusUnauthorized, "Log in first.", "loading key k"},
		{"cause kept for the log", &domain.Error{Kind: domain.ErrConflict, Message: "Try again.", Err: errors.New("dedup key clash")},
			http.StatusConflict, "Try again.", "dedup key clash"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var log bytes.Buffer
			err := problem(context.Background(), slog.New(slog.NewTextHandler(&log, nil)), c.err)
			var em *huma.ErrorModel
			if !errors.As(err, &em) {
				t.Fatalf("problem returned %T", err)
			}
			if em.Status != c.status || em.Detail != c.detail {
				t.Errorf("got %d %q, want %d %q", em.Status, em.Detail, c.status, c.detail)
			}
			if c.logged == "" && log.Len() > 0 {
				t.Errorf("logged %q", log.String())
			}
			if c.logged != "" && !strings.Contains(log.String(), c.logged) {
				t.Errorf("log %q lacks %q", log.String(), c.logged)
			}
		})
	}
}
