package httpapi

import (
	"io"
	"log/slog"
	"testing"
)

func TestBodyLimitFor(t *testing.T) {
	_, api := New(Deps{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	l := newBodyLimits()
	l.load(api.OpenAPI())
	cases := []struct {
		method, path string
		want         int64
	}{
		{"POST", "/api/v1/auth/login", anonymousBodyLimit},
		{"POST", "/api/v1/organisations", maxBodyBytes},
		{"POST", "/api/v1/nomination-uploads", maxListUpload},
		{"PATCH", "/api/v1/suppliers/0190abc", maxBodyBytes},
		{"POST", "/api/v1/suppliers/0190abc/merge", maxBodyBytes},
		{"POST", "/api/v1/suppliers/0190abc/nothing", anonymousBodyLimit},
		{"POST", "/healthz", anonymousBodyLimit},
		{"GET", "/docs/index.html", anonymousBodyLimit},
		{"PUT", "/api/v1/organisations", anonymousBodyLimit},
	}
	for _, c := range cases {
		if got := l.limitFor(c.method, c.path); got != c.want {
			t.Errorf("%s %s: %d, want %d", c.method, c.path, got, c.want)
		}
	}
}
