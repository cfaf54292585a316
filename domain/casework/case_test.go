package casework

import (
	"errors"
	"testing"
	"time"

	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/law"
)

func TestOpenClassifiesUnderThePackOfTheDay(t *testing.T) {
	c := openTannery(t)
	if c.Child.AgeYears != 14 {
		t.Errorf("age from the date of birth = %d, want 14", c.Child.AgeYears)
	}
	if c.Classification.PackID != "punjab/1" || c.Classification.Class != law.HazardousChildLabour {
		t.Errorf("classification = %s %s, want punjab/1 hazardous_child_labour", c.Classification.PackID, c.Classification.Class)
	}
	if c.Stage != StageAgeVerified || c.Status != StatusOpen {
		t.Errorf("stage, status = %s, %s; want age_verified, open (hazardous: immediate action still due)", c.Stage, c.Status)
	}
	if got, want := c.SafeguardingDue(), identified.Add(24*time.Hour); !got.Equal(want) {
		t.Errorf("SafeguardingDue = %v, want %v", got, want)
	}
	if c.AgeBand() != Band14 {
		t.Errorf("band = %s", c.AgeBand())
	}
}

func TestOpenRefuses(t *testing.T) {
	base := Opening{ID: "c", HubID: "h", Code: "X", SupplierID: "s", Source: SourceFinding, SourceID: "f",
		Identified: identified, Pack: mustPack(t, law.Sindh), Identity: Identity{ChildName: "A"}, Child: Child{Sex: SexFemale}}
	for _, tc := range []struct {
		name  string
		edit  func(*Opening)
		field string
	}{
		{"no name", func(o *Opening) { o.Identity.ChildName = " " }, "identity.child_name"},
		{"unknown source", func(o *Opening) { o.Source = "rumour" }, "source"},
		{"finding without ID", func(o *Opening) { o.SourceID = "" }, "source_id"},
		{"future identification", func(o *Opening) { o.Identified = later.Add(time.Hour) }, "identified"},
		{"birth after identification", func(o *Opening) { o.Identity.BirthDate = "2026-04-01" }, "identity.birth_date"},
		{"bad date", func(o *Opening) { o.Identity.BirthDate = "2026-02-30" }, "identity.birth_date"},
		{"age", func(o *Opening) { o.Child.AgeYears = 31 }, "child.age_years"},
		{"sex", func(o *Opening) { o.Child.Sex = "" }, "child.sex"},
		{"method", func(o *Opening) { o.Child.AgeMethod = "guess" }, "child.age_method"},
		{"wage", func(o *Opening) { o.Work.WageMonthlyPKR = -1 }, "work.wage_monthly_pkr"},
		{"shift", func(o *Opening) { o.Work.Days = []law.Day{{Shifts: []law.Shift{{Start: 60, End: 60}}}} }, "work.days[0].shifts[0]"},
		{"schooling", func(o *Opening) { o.Child.Schooling = "sometimes" }, "child.schooling"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := base
			o.Identity.Languages = nil
			tc.edit(&o)
			_, err := Open(o, "u", later)
			var v *domain.ValidationError
			if !errors.As(err, &v) {
				t.Fatalf("err = %v, want a validation error", err)
			}
			found := false
			for _, f := range v.Fields {
				found = found || f.Field == tc.field
			}
			if !found {
				t.Errorf("fields %v do not name %s", v.Fields, tc.field)
			}
		})
	}
}

func TestKarachi15YearOld(t *testing.T) {
	for _, tc := range []struct {
		name  string
		shift law.Shift
		want  law.Class
	}{
		{"3 h in the day", law.Shift{Start: law.At(9, 0), End: law.At(12, 0)}, law.PermittedWork},
		{"at 9 pm", law.Shift{Start: law.At(19, 0), End: law.At(22, 0)}, law.YoungWorkerOverHours},
	} {
		c, err := Open(Opening{ID: "c", HubID: "h", Code: "KHI-2026-00001", SupplierID: "s", Source: SourceOutreach,
			Identified: identified, Pack: mustPack(t, law.Sindh), Identity: Identity{ChildName: "B"},
			Child: Child{AgeYears: 15, AgeMethod: AgeSchoolRecord, Sex: SexFemale},
			Work:  Work{Tasks: []law.Task{{Code: "garments.thread_cutting"}}, Days: []law.Day{{Shifts: []law.Shift{tc.shift}}}}}, "cw", later)
		must(t, err)
		if c.Classification.Class != tc.want {
			t.Errorf("%s: class = %s, want %s (%v)", tc.name, c.Classification.Class, tc.want, c.Classification.Reasons)
		}
	}
}

func TestCheckVersion(t *testing.T) {
	c := openTannery(t)
	must(t, c.CheckVersion(1))
	if err := c.CheckVersion(0); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("stale version: %v, want a conflict", err)
	}
}

func TestImmediateSafeguardingWithin24Hours(t *testing.T) {
	c := openTannery(t)
	_, err := c.AddAction("a1", NewAction{Kind: KindImmediateSafeguarding, Owner: PartyHub, Due: identified.Add(25 * time.Hour)}, "cw", later)
	var v *domain.ValidationError
	if !errors.As(err, &v) || v.Fields[0].Field != "due" {
		t.Fatalf("due after 24 h: %v, want a validation error on due", err)
	}
	_, err = c.AddAction("a1", NewAction{Kind: KindImmediateSafeguarding, Owner: PartyHub, Due: identified.Add(24 * time.Hour)}, "cw", later)
	must(t, err)
}

func TestActionMoves(t *testing.T) {
	for _, tc := range []struct {
		from, to ActionStatus
		ok       bool
	}{
		{ActionPlanned, ActionInProgress, true},
		{ActionPlanned, ActionDelivered, true},
		{ActionPlanned, ActionCancelled, true},
		{ActionInProgress, ActionDelivered, true},
		{ActionInProgress, ActionPlanned, false},
		{ActionDelivered, ActionInProgress, false},
		{ActionCancelled, ActionPlanned, false},
		{ActionDelivered, ActionDelivered, false},
	} {
		c := openTannery(t)
		_, err := c.AddAction("a", NewAction{Kind: KindEducation, Owner: PartyHub, Due: later}, "cw", later)
		must(t, err)
		c.Plan[0].Status = tc.from
		err = c.SetActionStatus("a", tc.to, "cw", later)
		if (err == nil) != tc.ok {
			t.Errorf("%s → %s: err = %v, want ok %v", tc.from, tc.to, err, tc.ok)
		}
	}
	c := openTannery(t)
	if err := c.SetActionStatus("nope", ActionDelivered, "cw", later); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("unknown action: %v", err)
	}
}

func TestCodes(t *testing.T) {
	for city, want := range map[string]string{"Karachi": "KHI", " multan ": "MUX", "Faisalabad": "FAI", "Sialkot": "SIA", "Uch": "UCH", "Ab": "ABX", "لاہور": "XXX"} {
		if got := CodePrefix(city); got != want {
			t.Errorf("CodePrefix(%q) = %q, want %q", city, got, want)
		}
	}
	if got := FormatCode("KHI", 2026, 42); got != "KHI-2026-00042" {
		t.Errorf("FormatCode = %s", got)
	}
	if SequenceName("KHI", 2026) == SequenceName("MUX", 2026) || SequenceName("KHI", 2026) == SequenceName("KHI", 2027) {
		t.Error("sequences must differ per prefix and year")
	}
}

func TestHistoryNamesFieldsNeverValues(t *testing.T) {
	c := openTannery(t)
	id := tanneryChild()
	id.Phone = "0311-7654321"
	must(t, c.SetIdentity(id, "cw", later))
	last := c.History[len(c.History)-1]
	if last.By != "cw" || last.What != "identity" || len(last.Fields) != 1 || last.Fields[0] != "identity" {
		t.Errorf("history entry = %+v", last)
	}
	for _, h := range c.History {
		for _, v := range id.Values() {
			for _, f := range append(h.Fields, h.Note, h.What) {
				if f == v {
					t.Errorf("history holds an identity value %q", v)
				}
			}
		}
	}
}
