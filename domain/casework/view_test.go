package casework

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

var exactDate = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)

// Every view but the full one, marshalled to JSON, holds no identity value
// and, for brands, no exact date.
func TestViewsNeverLeakIdentity(t *testing.T) {
	c := readyForApproval(t)
	must(t, c.SetActionStatus("a", ActionDelivered, "cw-1", later))
	now := identified.Add(40*24*time.Hour + time.Hour)
	views := map[string]any{"hub admin": WithoutIdentity(c)}
	// Free text the case worker writes may name the child: the hub's staff
	// read it, the supplier and brands never do.
	c.Plan[0].Description = "Enrol Ahmad Raza at the school in Basti Khudadad"
	c.Plan[1].Description = "Pay Ahmad Raza's mother PKR 9,000 a month"
	views["supplier"], views["brand"] = ForSupplier(c), ForBrand(c, now)
	for name, v := range views {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range tanneryChild().Values() {
			if strings.Contains(string(b), s) {
				t.Errorf("%s view holds identity value %q: %s", name, s, b)
			}
		}
	}
	full, _ := json.Marshal(c)
	if !strings.Contains(string(full), "Ahmad Raza") {
		t.Error("the full view lacks the identity: the check above proves nothing")
	}
	brand, _ := json.Marshal(ForBrand(c, now))
	if exactDate.Match(brand) || strings.Contains(string(brand), "9000") {
		t.Errorf("brand view holds an exact date or the stipend: %s", brand)
	}
}

func TestBrandView(t *testing.T) {
	c := readyForApproval(t)
	must(t, c.SetActionStatus("a", ActionDelivered, "cw-1", later))
	must(t, c.SetActionStatus("c", ActionInProgress, "cw-1", later))
	c.StipendLate = true
	got := ForBrand(c, identified.Add(40*24*time.Hour+time.Hour))
	want := BrandView{Code: "MUX-2026-00001", AgeBand: Band14, Sex: SexMale, Classification: "hazardous_child_labour",
		Stage: c.Stage, Status: StatusOpen, SupportReceived: []ActionKind{KindEducation}, StipendPaidOnTime: false, DaysSinceIdentified: 40}
	if !equalBrand(got, want) {
		t.Errorf("ForBrand = %+v, want %+v", got, want)
	}
}

func equalBrand(a, b BrandView) bool {
	return a.Code == b.Code && a.AgeBand == b.AgeBand && a.Sex == b.Sex && a.Classification == b.Classification &&
		a.Stage == b.Stage && a.Status == b.Status && slices.Equal(a.SupportReceived, b.SupportReceived) &&
		a.StipendPaidOnTime == b.StipendPaidOnTime && a.DaysSinceIdentified == b.DaysSinceIdentified
}

func TestSupplierSeesOnlyItsObligations(t *testing.T) {
	c := readyForApproval(t)
	v := ForSupplier(c)
	if v.Code != c.Code || len(v.Obligations) != 1 || v.Obligations[0].Kind != KindStipend || v.Obligations[0].StipendMonthlyPKR != 9000 {
		t.Errorf("ForSupplier = %+v", v)
	}
}

func TestBandOf(t *testing.T) {
	for age, want := range map[int]AgeBand{0: BandUnknown, 9: BandUnder14, 13: BandUnder14, 14: Band14, 15: Band15To17, 17: Band15To17, 18: BandAdult} {
		if got := BandOf(age); got != want {
			t.Errorf("BandOf(%d) = %s, want %s", age, got, want)
		}
	}
}

// An obligation is the supplier's to do until it is reported done or the
// action ends; a report sent back counts only while the action is open.
func TestObligationToDoAndSentBack(t *testing.T) {
	back := &Progress{Status: ObligationInProgress, RejectReason: "no receipt"}
	for _, c := range []struct {
		o              Obligation
		toDo, sentBack bool
	}{
		{Obligation{Status: ActionPlanned}, true, false},
		{Obligation{Status: ActionInProgress, Progress: &Progress{Status: ObligationInProgress}}, true, false},
		{Obligation{Status: ActionInProgress, Progress: &Progress{Status: ObligationDone}}, false, false},
		{Obligation{Status: ActionInProgress, Progress: back}, true, true},
		{Obligation{Status: ActionDelivered, Progress: back}, false, false},
		{Obligation{Status: ActionCancelled}, false, false},
	} {
		if c.o.ToDo() != c.toDo || c.o.SentBack() != c.sentBack {
			t.Errorf("%s %+v: to do %v, sent back %v; want %v, %v", c.o.Status, c.o.Progress, c.o.ToDo(), c.o.SentBack(), c.toDo, c.sentBack)
		}
	}
}
