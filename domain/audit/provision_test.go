package audit

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/actionhub/actionhub/domain/law"
)

func TestCiteProvision(t *testing.T) {
	t.Parallel()
	on := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	punjab, err := law.PackFor(law.Punjab, on)
	if err != nil {
		t.Fatal(err)
	}
	withProv := func(c Category, id string) Details {
		d := details(c, Critical)
		d.LegalProvision = id
		return d
	}
	tests := []struct {
		name     string
		pack     *law.Pack
		d        Details
		fields   []string
		msg      string // a substring of the message, if set
		citation string
	}{
		{"no provision", &punjab, withProv(HealthSafety, ""), nil, "", ""},
		{"no provision, no pack", nil, withProv(HealthSafety, ""), nil, "", ""},
		{"a Punjab provision at a Punjab supplier", &punjab, withProv(ChildLabour, "punjab.child_employment"), nil, "", "Punjab Restriction on Employment of Children Act 2016"},
		{"child labour citing the hazardous work ban", &punjab, withProv(ChildLabour, "punjab.hazardous_work"), nil, "", "Punjab Restriction on Employment of Children Act 2016, Schedule"},
		{"a Sindh provision at a Punjab supplier", &punjab, withProv(ChildLabour, "sindh.child_employment"), []string{"legal_provision"}, "GET /api/v1/law/provisions?jurisdiction=punjab&on=2026-03-10", ""},
		{"free text", &punjab, withProv(ChildLabour, "Punjab Act 2016, s. 3"), []string{"legal_provision"}, "not a provision of the punjab/1 law pack", ""},
		{"child labour citing hours", &punjab, withProv(ChildLabour, "punjab.adolescent_hours"), []string{"legal_provision"}, "child_employment or hazardous_work", ""},
		{"child labour citing Article 25-A", &punjab, withProv(ChildLabour, "constitution.article_25a"), []string{"legal_provision"}, "is a education provision", ""},
		{"young worker citing child employment", &punjab, withProv(YoungWorkerHazardous, "punjab.child_employment"), []string{"legal_provision"}, "hazardous_work", ""},
		{"young worker citing the Schedule", &punjab, withProv(YoungWorkerHazardous, "punjab.hazardous_work"), nil, "", "Punjab Restriction on Employment of Children Act 2016, Schedule"},
		{"bonded labour", &punjab, withProv(ForcedBondedLabour, "punjab.bonded_labour"), nil, "", "Bonded Labour System (Abolition) Act 1992, with the Punjab amendments"},
		{"working hours may cite the hours rules", &punjab, withProv(WorkingHours, "punjab.adolescent_hours"), nil, "", "Punjab Restriction on Employment of Children Act 2016"},
		{"a province without a pack", nil, withProv(ChildLabour, "punjab.child_employment"), []string{"legal_provision"}, "legal_provision_note", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := tt.d
			d.LegalPack, d.LegalCitation = "stale/9", "stale" // never kept from the caller
			err := d.CiteProvision(tt.pack, "punjab", "2026-03-10")
			if got := invalidFields(err); !slices.Equal(got, tt.fields) {
				t.Fatalf("fields %v, want %v (%v)", got, tt.fields, err)
			}
			if tt.msg != "" && (err == nil || !strings.Contains(err.Error(), tt.msg)) {
				t.Errorf("error %v lacks %q", err, tt.msg)
			}
			if d.LegalCitation != tt.citation || err == nil && d.Citation() != tt.citation {
				t.Errorf("citation %q / %q, want %q", d.LegalCitation, d.Citation(), tt.citation)
			}
			wantPack := ""
			if tt.citation != "" {
				wantPack = "punjab/1"
			}
			if d.LegalPack != wantPack {
				t.Errorf("pack %q, want %q", d.LegalPack, wantPack)
			}
		})
	}
}

// TestCitationOfAnOldFinding: a finding recorded before law packs keeps
// its free text and reads it as its citation.
func TestCitationOfAnOldFinding(t *testing.T) {
	t.Parallel()
	d := details(ChildLabour, Critical)
	d.LegalProvision = "Punjab Restriction on Employment of Children Act 2016, s. 3"
	if err := d.Normalize(); err != nil {
		t.Fatal(err)
	}
	if got := d.Citation(); got != d.LegalProvision {
		t.Errorf("citation %q, want the free text", got)
	}
}

func TestNormalizeLegalNote(t *testing.T) {
	t.Parallel()
	d := details(Wages, Major)
	d.LegalProvisionNote = "  Punjab Minimum Wages Act 2019, s. 6 "
	if err := d.Normalize(); err != nil || d.LegalProvisionNote != "Punjab Minimum Wages Act 2019, s. 6" {
		t.Errorf("note %q, err %v", d.LegalProvisionNote, err)
	}
	d.LegalProvisionNote = strings.Repeat("x", 301)
	if got := invalidFields(d.Normalize()); !slices.Equal(got, []string{"legal_provision_note"}) {
		t.Errorf("fields %v, want legal_provision_note", got)
	}
}
