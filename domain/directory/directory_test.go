package directory

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/actionhub/actionhub/domain"
)

const (
	svcID = "1a1d3a0e-3b8e-4d0c-9a51-0b7c2f1e4d11"
	orgID = "6f1d3a0e-3b8e-4d0c-9a51-0b7c2f1e4d11"
	othID = "2a1d3a0e-3b8e-4d0c-9a51-0b7c2f1e4d12"
)

func ptr(i int) *int { return &i }

func fields(err error) []string {
	var v *domain.ValidationError
	if !errors.As(err, &v) {
		return nil
	}
	var out []string
	for _, f := range v.Fields {
		out = append(out, f.Field)
	}
	return out
}

func TestCheckService(t *testing.T) {
	t.Parallel()
	ok := func() Service {
		return Service{ID: svcID, OrganizationID: orgID, Name: "Stipend", Status: Active, Type: CashTransfer}
	}
	tests := []struct {
		name   string
		change func(*Service)
		want   []string
	}{
		{"valid", func(*Service) {}, nil},
		{"status required", func(s *Service) { s.Status = "" }, []string{"status"}},
		{"status from HSDS's list", func(s *Service) { s.Status = "open" }, []string{"status"}},
		{"temporarily closed is HSDS's spelling", func(s *Service) { s.Status = TemporarilyClosed }, nil},
		{"IDs are UUIDs", func(s *Service) { s.ID, s.OrganizationID = "svc-1", "" }, []string{"id", "organization_id"}},
		{"name required", func(s *Service) { s.Name = "  " }, []string{"name"}},
		{"unknown type", func(s *Service) { s.Type = "circus" }, []string{"service_type"}},
		{"no type is allowed (imported)", func(s *Service) { s.Type = "" }, nil},
		{"ages within 0..120", func(s *Service) { s.MinimumAge, s.MaximumAge = ptr(-1), ptr(121) }, []string{"minimum_age", "maximum_age"}},
		{"max not below min", func(s *Service) { s.MinimumAge, s.MaximumAge = ptr(10), ptr(9) }, []string{"maximum_age"}},
		{"same min and max", func(s *Service) { s.MinimumAge, s.MaximumAge = ptr(10), ptr(10) }, nil},
		{"response days", func(s *Service) { s.ResponseDays = 366 }, []string{"response_days"}},
		{"prerequisite not itself", func(s *Service) { s.PrerequisiteServiceID = svcID }, []string{"prerequisite_service_id"}},
		{"prerequisite a UUID", func(s *Service) { s.PrerequisiteServiceID = "b-form" }, []string{"prerequisite_service_id"}},
		{"nested positions", func(s *Service) {
			s.Locations = []Location{{SALID: svcID, ID: othID, Type: Physical}, {SALID: svcID, ID: othID, Type: "house"}}
			s.Phones = []Phone{{ID: othID}}
			s.Schedules = []Schedule{{ID: othID, OpensAt: "25:00", Freq: "DAILY"}}
		}, []string{"service_at_locations[1].location.location_type", "phones[0].number", "schedules[0].freq", "schedules[0].opens_at"}},
		{"address needs city and province", func(s *Service) {
			s.Locations = []Location{{SALID: svcID, ID: othID, Type: Physical, Address1: "1 Road"}}
		}, []string{"service_at_locations[0].location.address_1"}},
		{"too many phones", func(s *Service) { s.Phones = make([]Phone, MaxItems+1) }, []string{"phones"}},
		{"bad e-mail and URL", func(s *Service) { s.Email, s.URL = "nobody", "ftp://x" }, []string{"url", "email"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := ok()
			tt.change(&s)
			if got := fields(CheckService(&s, "")); !slices.Equal(got, tt.want) {
				t.Errorf("fields at fault %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCheckOrganization(t *testing.T) {
	t.Parallel()
	tests := []struct {
		org  Organization
		want []string
	}{
		{Organization{ID: orgID, Name: "NADRA", Description: "Registration."}, nil},
		{Organization{ID: orgID, Name: "NADRA"}, []string{"description"}},
		{Organization{ID: "x", Description: "d", Website: "nadra.gov.pk"}, []string{"id", "name", "website"}},
	}
	for i, tt := range tests {
		if got := fields(CheckOrganization(&tt.org, "organizations[2].")); !slices.Equal(got, prefixed("organizations[2].", tt.want)) {
			t.Errorf("%d: fields at fault %v, want %v", i, got, tt.want)
		}
	}
}

func prefixed(p string, xs []string) []string {
	var out []string
	for _, x := range xs {
		out = append(out, p+x)
	}
	return out
}

func TestServesAndDistricts(t *testing.T) {
	t.Parallel()
	s := Service{MinimumAge: ptr(6), MaximumAge: ptr(16),
		ServiceAreas: []ServiceArea{{District: "Multan"}, {District: " multan "}},
		Locations:    []Location{{District: "Dera  Ghazi Khan"}, {District: ""}}}
	for age, want := range map[int]bool{5: false, 6: true, 16: true, 17: false} {
		if s.Serves(age) != want {
			t.Errorf("Serves(%d) = %v", age, !want)
		}
	}
	if got := s.Districts(); !slices.Equal(got, []string{"multan", "dera ghazi khan"}) {
		t.Errorf("Districts() = %q", got)
	}
	open := Service{}
	if lo, hi := open.AgeBounds(); lo != 0 || hi != MaxAge || !open.Serves(0) || !open.Serves(MaxAge) {
		t.Errorf("a service with no ages: %d..%d", lo, hi)
	}
}

func TestTermIDs(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, hub := range []string{"h1", "h2"} {
		for _, st := range ServiceTypes {
			id := TermID(hub, st)
			if !IsUUID(id) || seen[id] || id != TermID(hub, st) || id[14] != '5' {
				t.Errorf("TermID(%s, %s) = %s: not a stable, distinct version 5 UUID", hub, st, id)
			}
			seen[id] = true
			if got, ok := TypeOfTerm(hub, id); !ok || got != st {
				t.Errorf("TypeOfTerm(%s) = %s, %v", id, got, ok)
			}
		}
	}
	if _, ok := TypeOfTerm("h2", TermID("h1", Education)); ok {
		t.Error("a term of another hub was taken")
	}
}

func TestCheckPrerequisite(t *testing.T) {
	t.Parallel()
	chain := map[string]string{"a": "b", "b": "c", "c": ""}
	loop := map[string]string{"a": "b", "b": svcID}
	tests := []struct {
		name  string
		pre   string
		found bool
		next  map[string]string
		fails bool
	}{
		{"none", "", false, nil, false},
		{"missing", "a", false, chain, true},
		{"a chain", "a", true, chain, false},
		{"back to itself", "a", true, loop, true},
	}
	for _, tt := range tests {
		s := &Service{ID: svcID, PrerequisiteServiceID: tt.pre}
		err := CheckPrerequisite(s, tt.found, func(id string) string { return tt.next[id] })
		if (err != nil) != tt.fails {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

func TestParseHSDS(t *testing.T) {
	t.Parallel()
	org := `{"id":"` + orgID + `","name":"P","description":"D"}`
	svc := func(extra string) string {
		return `{"id":"` + svcID + `","organization_id":"` + orgID + `","name":"S","status":"active"` + extra + `}`
	}
	tests := []struct {
		name    string
		doc     string
		want    []string // fields at fault; nil: it parses
		ignored []string
	}{
		{"export shape", `{"organizations":[` + org + `],"services":[` + svc("") + `]}`, nil, nil},
		{"one service", svc(`,"organization":` + org), nil, nil},
		{"a list of services", `[` + svc("") + `]`, nil, nil},
		{"position of a bad status", `{"organizations":[` + org + `],"services":[` + svc("") + `,` +
			strings.Replace(svc(`,"status":"open"`), svcID, othID, 1) + `]}`, []string{"services[1].status"}, nil},
		{"types by position", `{"services":[` + svc(`,"minimum_age":"ten","phones":[{"id":"x","number":5}]`) + `]}`,
			[]string{"services[0].minimum_age", "services[0].phones[0].number", "services[0].phones[0].id"}, nil},
		{"numbers as text are numbers", `[` + svc(`,"minimum_age":"12"`) + `]`, nil, nil},
		{"a service twice", `[` + svc("") + `,` + svc("") + `]`, []string{"services[1].id"}, nil},
		{"not JSON", `{"services":`, []string{""}, nil},
		{"not records", `"hello"`, []string{""}, nil},
		{"nested unknowns are reported", `[` + svc(`,"phones":[{"id":"`+othID+`","number":"1121","extension":7}]`) + `]`,
			nil, []string{"services[0].phones[0].extension"}},
		{"the hub's term sets the type", `[` + svc(`,"attributes":[{"id":"`+othID+`","taxonomy_term_id":"`+TermID("h1", Health)+`"}]`) + `]`, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := ParseHSDS([]byte(tt.doc), "h1")
			got := fields(err)
			slices.Sort(got)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(got, want) || (tt.want == nil && err != nil) {
				t.Fatalf("faults %v (%v), want %v", got, err, tt.want)
			}
			if err != nil {
				if b != nil {
					t.Error("a refused file returned records")
				}
				return
			}
			if !slices.Equal(b.Ignored, tt.ignored) {
				t.Errorf("ignored %v, want %v", b.Ignored, tt.ignored)
			}
			if len(b.Services) == 0 || b.Services[0].HubID != "h1" {
				t.Errorf("services %+v", b.Services)
			}
		})
	}
	b, err := ParseHSDS([]byte(`[`+svc(`,"wait_time":"2 weeks","attributes":[{"id":"`+othID+`","taxonomy_term_id":"`+TermID("h1", Health)+`"}]`)+`]`), "h1")
	if err != nil || b.Services[0].Type != Health || b.Services[0].Extra["wait_time"] != "2 weeks" {
		t.Errorf("type and kept fields: %+v %v", b, err)
	}
}

func TestWords(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   []string
		want []string
	}{
		{[]string{"Non-Formal Education, Multan"}, []string{"education", "formal", "multan", "non"}},
		{[]string{"B-Form  (CRC) for a child", "child's B-form"}, []string{"child", "crc", "for", "form"}},
		{[]string{"بچوں کی تعلیم", "تعليم"}, []string{"بچوں", "تعلیم", "کی"}},
		{[]string{"تَعْلِیم"}, []string{"تعلیم"}},
		{[]string{"", " - "}, nil},
	} {
		if got := Words(c.in...); !slices.Equal(got, c.want) {
			t.Errorf("Words(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
