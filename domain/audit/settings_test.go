package audit

import (
	"slices"
	"testing"
)

func TestSettings(t *testing.T) {
	t.Parallel()
	if err := DefaultSettings().Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	if got := (Settings{MajorDays: 45}).OrDefaults(); got != (Settings{30, 45, 90, 24, 14}) {
		t.Errorf("OrDefaults %+v", got)
	}
	tests := []struct {
		name   string
		s      Settings
		fields []string
	}{
		{"defaults", Settings{30, 60, 90, 24, 14}, nil},
		{"all equal", Settings{30, 30, 30, 1, 30}, nil},
		{"zero", Settings{}, []string{"critical_days", "major_days", "minor_days", "remediation_plan_days", "safeguarding_hours"}},
		{"major before critical", Settings{30, 20, 90, 24, 14}, []string{"major_days"}},
		{"minor before major", Settings{30, 60, 59, 24, 14}, []string{"minor_days"}},
		{"plan after critical", Settings{10, 60, 90, 24, 14}, []string{"remediation_plan_days"}},
		{"safeguarding too slow", Settings{30, 60, 90, 73, 14}, []string{"safeguarding_hours"}},
		{"over a year", Settings{30, 60, 366, 24, 14}, []string{"minor_days"}},
	}
	for _, tt := range tests {
		if got := invalidFields(tt.s.Validate()); !slices.Equal(got, tt.fields) {
			t.Errorf("%s: fields %v, want %v", tt.name, got, tt.fields)
		}
	}
}
