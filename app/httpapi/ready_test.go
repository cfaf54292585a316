package httpapi

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestReadyTellsNoCause: an anonymous caller learns only that the service
// is not ready; the cause (paths, addresses) goes to the log.
func TestReadyTellsNoCause(t *testing.T) {
	var logged strings.Builder
	cause := errors.New("store: open /srv/actionhub/data/actionhub.db: permission denied (redis 10.0.3.7:6379)")
	app, _ := New(Deps{Log: slog.New(slog.NewTextHandler(&logged, nil)), Ready: func(context.Context) error { return cause }})
	res, err := app.Test(httptest.NewRequest(http.MethodGet, "/readyz", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Fatalf("answer %d %v", res.StatusCode, res.Header)
	}
	for _, leak := range []string{"/srv", "10.0.3.7", "permission", "store", "redis"} {
		if strings.Contains(string(body), leak) {
			t.Fatalf("the answer tells %q: %s", leak, body)
		}
	}
	if !strings.Contains(logged.String(), "permission denied") {
		t.Fatalf("the cause was not logged: %s", logged.String())
	}
}
