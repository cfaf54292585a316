package supplier

import (
	"errors"
	"testing"
	"time"

	"github.com/actionhub/actionhub/domain"
)

func TestValidatePrevalence(t *testing.T) {
	t.Parallel()
	src := "Punjab Child Labour Survey 2019-20"
	cases := []struct {
		name   string
		table  PrevalenceTable
		fields []string
	}{
		{"valid", PrevalenceTable{"Multan": {16, src}, "Karachi": {4, src}}, nil},
		{"empty table", PrevalenceTable{}, nil},
		{"percent out of range", PrevalenceTable{"Multan": {101, src}}, []string{"table.Multan.percent"}},
		{"negative percent", PrevalenceTable{"Multan": {-1, src}}, []string{"table.Multan.percent"}},
		{"no source", PrevalenceTable{"Multan": {5, "  "}}, []string{"table.Multan.source"}},
		{"no city", PrevalenceTable{"--": {5, src}}, []string{"table.--"}},
	}
	for _, c := range cases {
		err := ValidatePrevalence(c.table)
		var ve *domain.ValidationError
		if c.fields == nil {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if !errors.As(err, &ve) || len(ve.Fields) != len(c.fields) || ve.Fields[0].Field != c.fields[0] {
			t.Errorf("%s: got %v, want fields %v", c.name, err, c.fields)
		}
	}
	// two spellings of one city are one row
	err := ValidatePrevalence(PrevalenceTable{"Karachi": {4, src}, "KARACHI": {5, src}})
	if err == nil {
		t.Error("two rows for one city accepted")
	}
	n := PrevalenceTable{"KARACHI ": {4, " " + src + " "}}.Normalized()
	if p, ok := n["karachi"]; !ok || p.Source != src {
		t.Errorf("Normalized: %v", n)
	}
}

func TestListing(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	s := NewSupplier("s1", "h1", Facility{Name: "Al-Karam Textile Mills (Pvt) Ltd", City: "KARACHI",
		Sector: SectorTextile, SubSector: SubWeaving}, at)
	s.Risk = Risk(s, DefaultPrevalence(), FindingSummary{})
	l := s.Listing()
	want := Listing{NameKey: "alkaram textile", City: "karachi", Sector: SectorTextile, SubSector: SubWeaving,
		Status: StatusNominated, RiskLevel: LevelLow, RiskScore: s.Risk.Score, Created: at}
	if !l.Equal(want) {
		t.Fatalf("Listing (-want +got):\n- %+v\n+ %+v", want, l)
	}
	other := want
	other.Created = at.In(time.FixedZone("PKT", 5*3600))
	if !l.Equal(other) {
		t.Error("the same instant in another zone is not equal")
	}
	other.Status = StatusActive
	if l.Equal(other) {
		t.Error("different statuses are equal")
	}
}
