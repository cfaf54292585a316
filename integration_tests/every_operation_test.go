package integration_tests

import (
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"
)

var pathParam = regexp.MustCompile(`\{[^}]+\}`)

// TestEveryOperation walks the OpenAPI document, so operations added later
// are covered too: each one refuses an anonymous caller unless it is public
// by design, and none answers 5xx to an empty or malformed request from any
// role.
func TestEveryOperation(t *testing.T) {
	ta := startApp(t)
	spec := ta.do("GET", "/openapi.json", "", nil)
	paths, _ := spec.Body["paths"].(map[string]any)
	if len(paths) == 0 {
		t.Fatal("no paths in the OpenAPI document")
	}
	tokens := map[string]string{}
	for _, email := range []string{"admin@actionhub.demo", "hub.admin@crah.demo", "brand.viewer@nordwind.demo",
		"compliance@indusweaving.demo", "officer@scpa.demo"} {
		tokens[email] = ta.login(email)
	}
	names := make([]string, 0, len(paths))
	for p := range paths {
		names = append(names, p)
	}
	sort.Strings(names)
	checked := 0
	for _, p := range names {
		ops, _ := paths[p].(map[string]any)
		for method, raw := range ops {
			op, _ := raw.(map[string]any)
			method = strings.ToUpper(method)
			if op == nil || p == "/api/v1/auth/logout" {
				continue // logging out would end the tokens the loop still uses
			}
			url := pathParam.ReplaceAllString(p, "no-such-object")
			public := isPublic(op)
			r := ta.do(method, url, "", "{}")
			if !public && r.Status != http.StatusUnauthorized {
				t.Errorf("%s %s without a token: %d, want 401", method, p, r.Status)
			}
			for who, tok := range tokens {
				for _, body := range []string{"{}", `{"id": [1, {"$gt": ""}], "name": null}`, "not json"} {
					if r := ta.do(method, url, tok, body); r.Status >= 500 {
						t.Errorf("%s %s as %s with %q: %d %s", method, p, who, body, r.Status, r.Raw)
					}
				}
			}
			checked++
		}
	}
	t.Logf("%d operations checked", checked)
}

// isPublic: an operation whose security is one empty requirement.
func isPublic(op map[string]any) bool {
	sec, _ := op["security"].([]any)
	if len(sec) != 1 {
		return false
	}
	req, _ := sec[0].(map[string]any)
	return len(req) == 0
}
