package policies

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"strings"

	"github.com/actionhub/actionhub/domain"
)

//go:embed policy.csv
var policyText string

// grants parses policy.csv into g rules, refusing any line that is not
// "g, role, permission" with a known role and permission, so a typo fails
// at start-up instead of silently denying.
func grants() ([][]string, error) {
	var out [][]string
	for n, line := range strings.Split(policyText, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		r := csv.NewReader(strings.NewReader(line))
		r.TrimLeadingSpace = true
		f, err := r.Read()
		if err != nil || len(f) != 3 || f[0] != "g" {
			return nil, fmt.Errorf("policies: policy.csv line %d: want \"g, role, permission\"", n+1)
		}
		if !domain.Role(f[1]).Valid() {
			return nil, fmt.Errorf("policies: policy.csv line %d: unknown role %q", n+1, f[1])
		}
		if !Permission(f[2]).Valid() {
			return nil, fmt.Errorf("policies: policy.csv line %d: unknown permission %q", n+1, f[2])
		}
		out = append(out, f[1:])
	}
	return out, nil
}
