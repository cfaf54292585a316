package httpapi

import (
	"testing"

	"github.com/actionhub/actionhub/policies"
	"github.com/danielgtaylor/huma/v2"
)

// TestOperationWithoutPermissionFailsAtStart: authorization fails closed.
func TestOperationWithoutPermissionFailsAtStart(t *testing.T) {
	cases := []struct {
		name   string
		meta   map[string]any
		panics bool
	}{
		{"no metadata", nil, true},
		{"empty", map[string]any{}, true},
		{"permission as a plain string", map[string]any{metaPermission: "me:read"}, true},
		{"public false", map[string]any{metaPublic: false}, true},
		{"permission", map[string]any{metaPermission: policies.PermMeRead}, false},
		{"public", map[string]any{metaPublic: true}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				if got := recover() != nil; got != c.panics {
					t.Fatalf("panicked=%v, want %v", got, c.panics)
				}
			}()
			requirePermission(nil, &huma.Operation{Method: "GET", Path: "/x", Metadata: c.meta})
		})
	}
}

func TestEndpointsDeclareSecurity(t *testing.T) {
	open := endpoint{method: "POST", path: "/auth/login", id: "login", public: true}.operation()
	if len(open.Security) != 1 || len(open.Security[0]) != 0 {
		t.Fatalf("public operation security: %v", open.Security)
	}
	closed := endpoint{method: "GET", path: "/me", id: "me", perm: policies.PermMeRead}.operation()
	if _, ok := closed.Security[0]["bearer"]; !ok || closed.Metadata[metaPermission] != policies.PermMeRead {
		t.Fatalf("protected operation: %+v", closed)
	}
}
