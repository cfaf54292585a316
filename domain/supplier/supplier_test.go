package supplier

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/actionhub/actionhub/domain"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func TestCanMove(t *testing.T) {
	t.Parallel()
	allowed := map[[2]Status]bool{
		{StatusNominated, StatusActive}: true, {StatusNominated, StatusExited}: true,
		{StatusActive, StatusSuspended}: true, {StatusActive, StatusExited}: true,
		{StatusSuspended, StatusActive}: true, {StatusSuspended, StatusExited}: true,
		{StatusExited, StatusNominated}: true,
	}
	for _, from := range append(Statuses, "bogus") {
		for _, to := range append(Statuses, "bogus") {
			if got := CanMove(from, to); got != allowed[[2]Status{from, to}] {
				t.Errorf("CanMove(%s, %s) = %v", from, to, got)
			}
		}
	}
}

func TestCanMoveNomination(t *testing.T) {
	t.Parallel()
	allowed := map[[2]NominationStatus]bool{}
	for _, to := range []NominationStatus{NominationAccepted, NominationDeclined, NominationWithdrawn, NominationMatchReview} {
		allowed[[2]NominationStatus{NominationPending, to}] = true
	}
	for _, to := range []NominationStatus{NominationPending, NominationAccepted, NominationDeclined, NominationWithdrawn} {
		allowed[[2]NominationStatus{NominationMatchReview, to}] = true
	}
	for _, from := range NominationStatuses {
		for _, to := range NominationStatuses {
			if got := CanMoveNomination(from, to); got != allowed[[2]NominationStatus{from, to}] {
				t.Errorf("CanMoveNomination(%s, %s) = %v", from, to, got)
			}
		}
	}
}

func TestSubSectorsBelongToASector(t *testing.T) {
	t.Parallel()
	for _, sub := range SubSectors {
		fits := 0
		for _, sec := range Sectors {
			if sub.In(sec) {
				fits++
			}
		}
		if want := map[bool]int{true: 2, false: 1}[sub == SubOther]; fits != want {
			t.Errorf("%s fits %d sectors, want %d", sub, fits, want)
		}
	}
	if SubTannery.In(SectorTextile) || !SubTannery.In(SectorLeather) || SubOther.In("") {
		t.Error("tannery or other misplaced")
	}
}

func TestSupplierMoveAndMerge(t *testing.T) {
	t.Parallel()
	s := NewSupplier("s1", "pk", fac("Alkaram Textile", "Plot 5", "Karachi"), t0)
	if s.Status != StatusNominated {
		t.Fatalf("new supplier is %s", s.Status)
	}
	if err := s.Move(StatusSuspended, t0); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("nominated → suspended: %v", err)
	}
	later := t0.Add(time.Hour)
	if err := s.Move(StatusActive, later); err != nil || s.Status != StatusActive || !s.Updated.Equal(later) {
		t.Errorf("nominated → active: %v, %+v", err, s)
	}
	target := NewSupplier("s2", "pk", fac("Al-Karam Textile Mills", "Plot 5", "Karachi"), t0)
	for _, bad := range []Supplier{s, {ID: "s3", HubID: "bd"}, {ID: "s4", HubID: "pk", AliasOf: "s9"}} {
		if err := s.MergeInto(bad, t0); !errors.Is(err, domain.ErrConflict) {
			t.Errorf("merge into %+v: %v", bad, err)
		}
	}
	if err := s.MergeInto(target, t0); err != nil || s.AliasOf != "s2" {
		t.Fatalf("merge: %v, alias of %q", err, s.AliasOf)
	}
	if err := s.Move(StatusExited, t0); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("an alias moved: %v", err)
	}
	if err := s.MergeInto(target, t0); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("merged twice: %v", err)
	}
}

func TestNominationFlow(t *testing.T) {
	t.Parallel()
	n := Nomination{ID: "n1", BrandOrgID: "b1", Status: NominationPending}
	if err := n.ApplyMatch(Match{CandidateID: "s1", Score: 0.7, State: MatchPending}); err != nil || n.Status != NominationMatchReview || n.SupplierID != "" {
		t.Fatalf("doubtful match: %v, %+v", err, n)
	}
	if err := n.ResolveMatch(true); err != nil || n.Status != NominationPending || n.SupplierID != "s1" || n.Match.State != MatchConfirmed {
		t.Fatalf("confirm: %v, %+v", err, n)
	}
	if err := n.ResolveMatch(false); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("resolved twice: %v", err)
	}
	var ve *domain.ValidationError
	if err := n.Decline("  ", "op", t0); !errors.As(err, &ve) || n.Status != NominationPending {
		t.Errorf("decline without reason: %v, %s", err, n.Status)
	}
	if err := n.Accept("", "op", t0); !errors.As(err, &ve) {
		t.Errorf("accept without supplier: %v", err)
	}
	if err := n.Accept("s1", "op", t0); err != nil || n.Status != NominationAccepted || n.DecidedBy != "op" || !n.Decided.Equal(t0) {
		t.Fatalf("accept: %v, %+v", err, n)
	}
	for name, err := range map[string]error{
		"accept":   n.Accept("s1", "op", t0),
		"decline":  n.Decline("late", "op", t0),
		"withdraw": n.Withdraw("b", t0),
		"match":    n.ApplyMatch(Match{State: MatchNew}),
	} {
		if !errors.Is(err, domain.ErrConflict) {
			t.Errorf("%s after accept: %v", name, err)
		}
	}
	link := NewLink(n, t0)
	if link.ID != LinkID("b1", "s1") || link.ID != "b1|s1" || link.SupplierID != "s1" || link.Shareable {
		t.Errorf("link: %+v", link)
	}

	m := Nomination{Status: NominationPending}
	if err := m.ApplyMatch(Match{CandidateID: "s2", Score: 0.9, State: MatchAutomatic}); err != nil || m.SupplierID != "s2" || m.Status != NominationPending {
		t.Errorf("automatic match: %v, %+v", err, m)
	}
	if err := m.ApplyMatch(Match{CandidateID: "s3", Score: 0.6, State: MatchPending}); err != nil || m.SupplierID != "" || m.Status != NominationMatchReview {
		t.Errorf("rematch to doubtful: %v, %+v", err, m)
	}
	if err := m.ResolveMatch(false); err != nil || m.SupplierID != "" || m.Match.State != MatchRejected {
		t.Errorf("reject: %v, %+v", err, m)
	}
	if err := m.Decline("not a supplier of the brand", "op", t0); err != nil || m.DeclineReason != "not a supplier of the brand" {
		t.Errorf("decline: %v, %+v", err, m)
	}
	w := Nomination{Status: NominationMatchReview}
	if err := w.Withdraw("b", t0); err != nil || w.Status != NominationWithdrawn {
		t.Errorf("withdraw in review: %v, %+v", err, w)
	}
}

func validFacility() Facility {
	return Facility{
		Name: "Al-Karam Textile Mills", OtherNames: []string{"الکرم ٹیکسٹائل"},
		Address: "Plot 5, Korangi", City: "Karachi", Province: "Sindh",
		Sector: SectorTextile, SubSector: SubDyeingFinishing, Tier: 2,
		Workforce:           Workforce{Total: 1200, Women: 300, UnderEighteen: 4},
		Contact:             Contact{Name: "Hina", Phone: "+92 21 3500-0000", Email: "Compliance@Example.PK"},
		RegistrationNumbers: []Registration{{RegNTN, "1234567-8"}, {RegSESSI, "KHI/12/3456"}},
		OSID:                "pk2025268abcdek",
	}
}

func TestValidateFacility(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		change func(*Facility)
		fields []string
	}{
		{"valid", func(*Facility) {}, nil},
		{"blank name and city", func(f *Facility) { f.Name, f.City = " ", "" }, []string{"name", "city"}},
		{"no sector", func(f *Facility) { f.Sector, f.SubSector = "", "" }, []string{"sector", "sub_sector"}},
		{"unknown sector", func(f *Facility) { f.Sector = "plastics" }, []string{"sector"}},
		{"sub-sector of the other sector", func(f *Facility) { f.SubSector = SubTannery }, []string{"sub_sector"}},
		{"other fits", func(f *Facility) { f.SubSector = SubOther }, nil},
		{"tier", func(f *Facility) { f.Tier = 5 }, []string{"tier"}},
		{"negative workers", func(f *Facility) { f.Workforce.Total = -1 }, []string{"workforce.total", "workforce.women", "workforce.under_18"}},
		{"more women than workers", func(f *Facility) { f.Workforce.Women = 1201 }, []string{"workforce.women"}},
		{"more under-18s than workers", func(f *Facility) { f.Workforce.UnderEighteen = 1201 }, []string{"workforce.under_18"}},
		{"e-mail", func(f *Facility) { f.Contact.Email = "hina@" }, []string{"contact.email"}},
		{"phone", func(f *Facility) { f.Contact.Phone = "call 021" }, []string{"contact.phone"}},
		{"registration", func(f *Facility) { f.RegistrationNumbers[1] = Registration{"", "<script>"} },
			[]string{"registration_numbers[1].kind", "registration_numbers[1].number"}},
		{"OS ID too short", func(f *Facility) { f.OSID = "PK2025268" }, []string{"os_id"}},
		{"OS ID bad charset", func(f *Facility) { f.OSID = "PK2025268ABCD!K" }, []string{"os_id"}},
		{"other name blank", func(f *Facility) { f.OtherNames = []string{"ok", ""} }, []string{"other_names[1]"}},
		{"long address", func(f *Facility) { f.Address = strings.Repeat("a", 501) }, []string{"address"}},
	}
	for _, c := range cases {
		f := validFacility()
		f.RegistrationNumbers = slices.Clone(f.RegistrationNumbers)
		c.change(&f)
		v := &domain.ValidationError{}
		ValidateFacility("", f, v)
		var got []string
		for _, fe := range v.Fields {
			got = append(got, fe.Field)
		}
		if !slices.Equal(got, c.fields) {
			t.Errorf("%s: fields %v, want %v (%v)", c.name, got, c.fields, v.OrNil())
		}
	}
}

func TestValidateSupplierAndNomination(t *testing.T) {
	t.Parallel()
	s := NewSupplier("s1", "pk", validFacility(), t0)
	if err := s.Validate(); err != nil {
		t.Errorf("valid supplier: %v", err)
	}
	if s.OSID != "PK2025268ABCDEK" {
		t.Errorf("OS ID not normalised: %q", s.OSID)
	}
	s.Geo, s.Status = &GeoPoint{Lat: 91, Lng: 67}, "closed"
	var ve *domain.ValidationError
	if err := s.Validate(); !errors.As(err, &ve) || len(ve.Fields) != 2 {
		t.Errorf("bad geo and status: %v", err)
	}

	n := Nomination{SupplierID: "s1", Relationship: Relationship{VolumeBand: Volume1MTo10M, Since: "2019-04"}}
	if err := n.Validate(); err != nil {
		t.Errorf("nomination of an existing supplier: %v", err)
	}
	n = Nomination{Proposed: Facility{Name: "X"}, Relationship: Relationship{VolumeBand: "huge", Since: "April 2019"}}
	err := n.Validate()
	if !errors.As(err, &ve) {
		t.Fatalf("bad nomination: %v", err)
	}
	for _, want := range []string{"facility.city", "facility.sector", "relationship.volume_band", "relationship.since"} {
		if !slices.ContainsFunc(ve.Fields, func(f domain.FieldError) bool { return f.Field == want }) {
			t.Errorf("missing %s in %v", want, err)
		}
	}
}
