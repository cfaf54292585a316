package law

import (
	"errors"
	"slices"
	"testing"

	"github.com/actionhub/actionhub/domain"
)

func TestCheckCodes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		s      Situation
		fields []string
	}{
		{Situation{Sector: "leather_tanning", Tasks: []Task{{Code: "leather_tanning.liming"}, {Text: "sweeping"}}, Hazards: []string{"chromium"}}, nil},
		{Situation{Sector: "leather_tanning.liming"}, []string{"w.sector"}},
		{Situation{Sector: "brick_kilns", Tasks: []Task{{Code: "brick_moulding"}, {Code: "construction"}}, Hazards: []string{"chromium", "noise"}},
			[]string{"w.sector", "w.tasks[0].code", "w.hazards[1]"}},
	}
	for i, c := range cases {
		var got []string
		var ve *domain.ValidationError
		if err := Embedded().CheckCodes(c.s, "w"); errors.As(err, &ve) {
			for _, f := range ve.Fields {
				got = append(got, f.Field)
			}
		} else if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if !slices.Equal(got, c.fields) {
			t.Errorf("case %d: fields %v, want %v", i, got, c.fields)
		}
	}
}

// TestListsMatchTheRules: every class the classifier gives, kind a pack
// may hold and jurisdiction with a pack is in the lists the API documents.
func TestListsMatchTheRules(t *testing.T) {
	t.Parallel()
	if !slices.Equal(Classes[:len(precedence)], precedence) || Classes[len(Classes)-1] != Undetermined {
		t.Errorf("Classes %v, want the precedence then undetermined", Classes)
	}
	for _, k := range ProvisionKinds {
		if !k.valid() {
			t.Errorf("kind %s is listed but not valid", k)
		}
	}
	for _, j := range Embedded().Jurisdictions() {
		if !slices.Contains(Jurisdictions, j) {
			t.Errorf("jurisdiction %s has a pack but is not listed", j)
		}
	}
	if codes := Embedded().Codes(); len(codes) == 0 || codes[0].Code != "leather_tanning" {
		t.Errorf("codes not in the catalogue's order: %v", codes)
	}
}
