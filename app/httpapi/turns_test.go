package httpapi

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestReadsTakeTurns: an API read waits for a turn and, when none comes in
// time, gets 503 with Retry-After as problem+json; a write takes none; a
// turn given back lets the next read through.
func TestReadsTakeTurns(t *testing.T) {
	turns := NewReadTurns(1, 50*time.Millisecond)
	app, _ := New(Deps{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Turns: turns})
	if !turns.Take() {
		t.Fatal("the only turn was not free")
	}
	res, err := app.Test(httptest.NewRequest(http.MethodGet, "/api/v1/me", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") != "2" ||
		!strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") {
		t.Fatalf("a read with every turn taken: %d %v", res.StatusCode, res.Header)
	}
	req := httptest.NewRequest(http.MethodPost, "/api/v1/auth/login", strings.NewReader(`{}`))
	req.Header.Set("Content-Type", "application/json")
	if res, err = app.Test(req, -1); err != nil || res.StatusCode == http.StatusServiceUnavailable {
		t.Fatalf("a write waited for a read's turn: %v %v", res, err)
	}
	turns.Release()
	if res, err = app.Test(httptest.NewRequest(http.MethodGet, "/api/v1/me", nil), -1); err != nil || res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a read after the turn was given back: %v %v", res, err)
	}
}
