package domain_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDomainImportsOnlyTheStandardLibrary keeps the domain free of storage,
// transport and framework code: dependencies point inward.
func TestDomainImportsOnlyTheStandardLibrary(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if !strings.HasPrefix(p, "github.com/actionhub/actionhub/domain") {
			t.Errorf("domain depends on %s", p)
		}
	}
}
