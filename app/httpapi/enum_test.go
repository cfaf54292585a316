package httpapi

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"testing"

	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/directory"
	"github.com/actionhub/actionhub/domain/law"
	"github.com/actionhub/actionhub/domain/referral"
	"github.com/actionhub/actionhub/domain/supplier"
)

// TestEnumsComeFromTheDomain adds a value to every domain list, builds the
// API and walks its OpenAPI document: every enum must be one of those lists
// (with "" where a field is optional), new value included, so a value added
// in the domain is documented and accepted without a change here.
func TestEnumsComeFromTheDomain(t *testing.T) {
	lists := map[string][]any{
		"domain.OrgKinds":             grow(t, &domain.OrgKinds),
		"domain.Roles":                grow(t, &domain.Roles),
		"domain.Languages":            grow(t, &domain.Languages),
		"supplier.Sectors":            grow(t, &supplier.Sectors),
		"supplier.SubSectors":         grow(t, &supplier.SubSectors),
		"supplier.Statuses":           grow(t, &supplier.Statuses),
		"supplier.Levels":             grow(t, &supplier.Levels),
		"supplier.VolumeBands":        grow(t, &supplier.VolumeBands),
		"supplier.NominationStatuses": grow(t, &supplier.NominationStatuses),
		"supplier.MatchStates":        grow(t, &supplier.MatchStates),
		"supplier.RowOutcomes":        grow(t, &supplier.RowOutcomes),
		"audit.Types":                 grow(t, &audit.Types),
		"audit.Modes":                 grow(t, &audit.Modes),
		"audit.States":                grow(t, &audit.States),
		"audit.Categories":            grow(t, &audit.Categories),
		"audit.Severities":            grow(t, &audit.Severities),
		"audit.ResponseKinds":         grow(t, &audit.ResponseKinds),
		"audit.ActionKinds":           grow(t, &audit.ActionKinds),
		"audit.Methods":               grow(t, &audit.Methods),
		"audit.ActionStates":          grow(t, &audit.ActionStates),
		"audit.Grades":                grow(t, &audit.Grades),
		"casework.Sources":            grow(t, &casework.Sources),
		"referral.States":             grow(t, &referral.States),
		"referral.Urgencies":          grow(t, &referral.Urgencies),
		"referral.DeliveryStatuses":   grow(t, &referral.DeliveryStatuses),
		"casework.AgeMethods":         grow(t, &casework.AgeMethods),
		"casework.Sexes":              grow(t, &casework.Sexes),
		"casework.RiskLevels":         grow(t, &casework.RiskLevels),
		"casework.ActionKinds":        grow(t, &casework.ActionKinds),
		"casework.Parties":            grow(t, &casework.Parties),
		"casework.ActionStatuses":     grow(t, &casework.ActionStatuses),
		"casework.Subjects":           grow(t, &casework.Subjects),
		"casework.ClosureReasons":     grow(t, &casework.ClosureReasons),
		"casework.Stages":             grow(t, &casework.Stages),
		"casework.ConsentKinds":       grow(t, &casework.ConsentKinds),
		"casework.ConsentAnswers":     grow(t, &casework.ConsentAnswers),
		"casework.PaymentStates":      grow(t, &casework.PaymentStates),
		"casework.Statuses":           grow(t, &casework.Statuses),
		"casework.ObligationStatuses": grow(t, &casework.ObligationStatuses),
		"casework.Wellbeings":         grow(t, &casework.Wellbeings),
		"casework.FollowUpStates":     grow(t, &casework.FollowUpStates),
		"law.Jurisdictions":           grow(t, &law.Jurisdictions),
		"law.Classes":                 grow(t, &law.Classes),
		"law.ProvisionKinds":          grow(t, &law.ProvisionKinds),
		"law.Schoolings":              grow(t, &law.Schoolings),
		"directory.ServiceTypes":      grow(t, &directory.ServiceTypes),
		"directory.Statuses":          grow(t, &directory.Statuses),
		"directory.LocationTypes":     grow(t, &directory.LocationTypes),
	}
	// Enums that are the endpoint's own choice, not a domain list.
	own := [][]any{
		{"name", "-name", "created", "-created", "risk", "-risk", ""}, // the supplier list's orders
		{"nominated", "active", ""},                                   // the statuses a new supplier may start in
		{"full", "staff", "supplier", "brand"},                        // the views of a case
		{"staff", "supplier", "brand"},                                // the views of a case in a list
	}

	_, api := New(Deps{Log: slog.New(slog.DiscardHandler)})
	b, err := json.Marshal(api.OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	used := map[string]int{}
	walkEnums(doc, "#", func(at string, enum []any) {
		if slices.ContainsFunc(own, func(e []any) bool { return slices.Equal(e, enum) }) {
			return
		}
		for name, l := range lists {
			if slices.Equal(enum, l) || slices.Equal(enum, append(slices.Clip(l), "")) {
				used[name]++
				return
			}
		}
		t.Errorf("%s: enum %v is not a domain list (or one it spells out lacks the value just added)", at, enum)
	})
	for name := range lists {
		if used[name] == 0 {
			t.Errorf("no field lists %s: drop it from enumValues, or use it", name)
		}
	}
}

// grow adds a value to a domain list for the test's duration and returns
// the list as the document should spell it.
func grow[T ~string](t *testing.T, list *[]T) []any {
	old := *list
	*list = append(slices.Clip(old), "value_added_in_the_domain")
	t.Cleanup(func() { *list = old })
	out := make([]any, len(*list))
	for i, v := range *list {
		out[i] = string(v)
	}
	return out
}

// walkEnums calls f with every "enum" in a decoded JSON document and where it is.
func walkEnums(v any, at string, f func(at string, enum []any)) {
	switch v := v.(type) {
	case map[string]any:
		if e, ok := v["enum"].([]any); ok {
			f(at, e)
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			walkEnums(v[k], at+"/"+k, f)
		}
	case []any:
		for i, x := range v {
			walkEnums(x, fmt.Sprintf("%s/%d", at, i), f)
		}
	}
}
