package law

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/actionhub/actionhub/domain"
)

// sh is a shift "HH:MM-HH:MM".
func sh(s string) Shift {
	a, b, _ := strings.Cut(s, "-")
	start, err1 := ParseClock(a)
	end, err2 := ParseClock(b)
	if err1 != nil || err2 != nil {
		panic(s)
	}
	return Shift{start, end}
}

// days is one day with the given shifts.
func days(shifts ...string) []Day {
	d := Day{}
	for _, s := range shifts {
		d.Shifts = append(d.Shifts, sh(s))
	}
	return []Day{d}
}

var packing = []Task{{Text: "packing finished garments"}}

func TestClassify(t *testing.T) {
	t.Parallel()
	const on = "2026-03-01"
	cases := []struct {
		name   string
		j      Jurisdiction
		s      Situation
		class  Class
		also   []Class  // the rest of Applies, after class
		provs  []string // provisions breached, in order
		reason string   // a substring of the reasons, if set
		note   string   // a substring of the notes, if set
	}{
		// The acceptance cases.
		{"14 at a Multan tannery", Punjab, Situation{AgeYears: 14, Sector: "leather_tanning", Tasks: []Task{{Text: "carrying hides"}}, Days: days("09:00-12:00")},
			HazardousChildLabour, nil, []string{"punjab.child_employment", "punjab.hazardous_work"}, "worst form", ""},
		{"15 in Karachi, 3 h in the day", Sindh, Situation{AgeYears: 15, Tasks: packing, Days: days("09:00-12:00")},
			PermittedWork, nil, nil, "may be employed", "check it against the Schedule"},
		{"15 in Karachi, 3 h from 9 pm", Sindh, Situation{AgeYears: 15, Tasks: packing, Days: days("21:00-00:00")},
			YoungWorkerOverHours, nil, []string{"sindh.adolescent_hours"}, "from 21:00, inside the night window 19:00 to 08:00", "to verify"},

		// Ages around each pack's child age and 18.
		{"13 in Sindh", Sindh, Situation{AgeYears: 13, Tasks: packing, Days: days("09:00-11:00")}, ChildLabour, nil, []string{"sindh.child_employment"}, "under 14", ""},
		{"14 in Sindh", Sindh, Situation{AgeYears: 14, Tasks: packing, Days: days("09:00-11:00")}, PermittedWork, nil, nil, "", ""},
		{"14 in Punjab", Punjab, Situation{AgeYears: 14, Tasks: packing, Days: days("09:00-11:00")}, ChildLabour, nil, []string{"punjab.child_employment"}, "under 15", ""},
		{"15 in Punjab", Punjab, Situation{AgeYears: 15, Tasks: packing, Days: days("09:00-11:00"), DaysPerWeek: 6}, PermittedWork, nil, nil, "", ""},
		{"17 cleaning wool in Punjab", Punjab, Situation{AgeYears: 17, Tasks: []Task{{Code: "wool_cleaning"}}, Days: days("09:00-11:00"), DaysPerWeek: 6},
			YoungWorkerHazardous, nil, []string{"punjab.hazardous_work"}, "wool cleaning (on the Schedule)", ""},
		{"18 cleaning wool in Punjab", Punjab, Situation{AgeYears: 18, Tasks: []Task{{Code: "wool_cleaning"}}, Days: days("20:00-06:00"), DaysPerWeek: 7},
			PermittedWork, nil, nil, "At 18", ""},
		{"13 in Punjab", Punjab, Situation{AgeYears: 13, Tasks: packing, Days: days("09:00-11:00")}, ChildLabour, nil, []string{"punjab.child_employment"}, "under 15", ""},
		{"17 in Sindh, 3 h in the day", Sindh, Situation{AgeYears: 17, Tasks: packing, Days: days("09:00-12:00")}, PermittedWork, nil, nil, "At 17", ""},
		{"17 in Sindh at night", Sindh, Situation{AgeYears: 17, Tasks: packing, Days: days("19:00-21:00")}, YoungWorkerOverHours, nil, []string{"sindh.adolescent_hours"}, "from 19:00", ""},
		{"18 in Sindh at night, 8 h", Sindh, Situation{AgeYears: 18, Tasks: packing, Days: days("20:00-04:00")}, PermittedWork, nil, nil, "At 18", ""},
		{"13 in KP", KhyberPakhtunkhwa, Situation{AgeYears: 13, Tasks: packing, Days: days("09:00-11:00")}, ChildLabour, nil, []string{"khyber_pakhtunkhwa.child_employment"}, "under 14", ""},
		{"14 in KP", KhyberPakhtunkhwa, Situation{AgeYears: 14, Tasks: packing, Days: days("09:00-11:00")}, PermittedWork, nil, nil, "At 14", "gives no hour limits"},
		{"15 in KP", KhyberPakhtunkhwa, Situation{AgeYears: 15, Tasks: packing, Days: days("09:00-12:00")}, PermittedWork, nil, nil, "At 15", ""},
		{"17 in KP", KhyberPakhtunkhwa, Situation{AgeYears: 17, Tasks: []Task{{Code: "construction"}}, Days: days("09:00-12:00")}, PermittedWork, nil, nil, "At 17", "Construction is not among the Schedule entries"},
		{"18 in KP", KhyberPakhtunkhwa, Situation{AgeYears: 18, Tasks: packing, Days: days("09:00-18:00")}, PermittedWork, nil, nil, "At 18", ""},
		{"age not known", Punjab, Situation{Tasks: []Task{{Code: "wool_cleaning"}}}, Undetermined, nil, nil, "", "age is not known"},
		{"age not known, bonded", Punjab, Situation{Debt: &Debt{AmountPKR: 40000, RepaidByWork: true}}, BondedLabour, nil, []string{"punjab.bonded_labour"}, "PKR 40,000", "age is not known"},

		// The exact birthday.
		{"day before the 15th birthday", Punjab, Situation{BirthDate: date("2011-03-01"), On: date("2026-02-28"), Tasks: packing, Days: days("09:00-11:00")},
			ChildLabour, nil, []string{"punjab.child_employment"}, "At 14", ""},
		{"on the 15th birthday", Punjab, Situation{BirthDate: date("2011-03-01"), On: date("2026-03-01"), Tasks: packing, Days: days("09:00-11:00"), DaysPerWeek: 6},
			PermittedWork, nil, nil, "At 15", ""},
		{"29 February, the day before 18 in a common year", Punjab, Situation{BirthDate: date("2008-02-29"), On: date("2026-02-28"), Tasks: []Task{{Code: "construction"}}},
			YoungWorkerHazardous, nil, []string{"punjab.hazardous_work"}, "At 17", ""},
		{"29 February, 18 on 1 March", Punjab, Situation{BirthDate: date("2008-02-29"), On: date("2026-03-01"), Tasks: []Task{{Code: "construction"}}},
			PermittedWork, nil, nil, "At 18", ""},

		// Sindh: 3 h a day.
		{"Sindh 3 h in two shifts", Sindh, Situation{AgeYears: 16, Tasks: packing, Days: days("09:00-10:30", "14:00-15:30")}, PermittedWork, nil, nil, "", ""},
		{"Sindh 3 h 1 min", Sindh, Situation{AgeYears: 16, Tasks: packing, Days: days("09:00-10:30", "14:00-15:31")},
			YoungWorkerOverHours, nil, []string{"sindh.adolescent_hours"}, "worked 3 h 1 min; the limit is 3 h a day", ""},
		// The night window's edges, one minute inside and outside.
		{"Sindh ends at 19:00", Sindh, Situation{AgeYears: 16, Tasks: packing, Days: days("16:00-19:00")}, PermittedWork, nil, nil, "", ""},
		{"Sindh ends at 19:01", Sindh, Situation{AgeYears: 16, Tasks: packing, Days: days("16:01-19:01")}, YoungWorkerOverHours, nil, []string{"sindh.adolescent_hours"}, "from 19:00", ""},
		{"Sindh starts at 08:00", Sindh, Situation{AgeYears: 16, Tasks: packing, Days: days("08:00-11:00")}, PermittedWork, nil, nil, "", ""},
		{"Sindh starts at 07:59", Sindh, Situation{AgeYears: 16, Tasks: packing, Days: days("07:59-10:59")}, YoungWorkerOverHours, nil, []string{"sindh.adolescent_hours"}, "from 07:59", ""},
		{"Sindh over midnight", Sindh, Situation{AgeYears: 16, Tasks: packing, Days: days("23:30-00:30")}, YoungWorkerOverHours, nil, []string{"sindh.adolescent_hours"}, "from 23:30", ""},
		{"Punjab starts at 07:59", Punjab, Situation{AgeYears: 16, Tasks: packing, Days: days("07:59-09:00"), DaysPerWeek: 6}, YoungWorkerOverHours, nil, []string{"punjab.adolescent_hours"}, "from 07:59", ""},
		{"Punjab ends at 19:01", Punjab, Situation{AgeYears: 16, Tasks: packing, Days: days("17:01-19:01"), DaysPerWeek: 6}, YoungWorkerOverHours, nil, []string{"punjab.adolescent_hours"}, "from 19:00", ""},
		{"Punjab starts at 08:00", Punjab, Situation{AgeYears: 16, Tasks: packing, Days: days("08:00-11:00"), DaysPerWeek: 6}, PermittedWork, nil, nil, "", ""},
		{"Sindh 3 h 1 min ending at 19:00", Sindh, Situation{AgeYears: 16, Tasks: packing, Days: days("15:59-19:00")},
			YoungWorkerOverHours, nil, []string{"sindh.adolescent_hours"}, "worked 3 h 1 min; the limit is 3 h a day", ""},
		{"Punjab ends at 19:00", Punjab, Situation{AgeYears: 16, Tasks: packing, Days: days("17:00-19:00"), DaysPerWeek: 6}, PermittedWork, nil, nil, "", ""},

		// Punjab: 3 h then 1 h rest; 7 h a day including rest.
		{"Punjab rest of 1 h", Punjab, Situation{AgeYears: 16, Tasks: packing, Days: days("09:00-10:00", "11:00-13:01"), DaysPerWeek: 6}, PermittedWork, nil, nil, "", ""},
		{"Punjab 3 h at a stretch", Punjab, Situation{AgeYears: 16, Tasks: packing, Days: days("09:00-12:00"), DaysPerWeek: 6}, PermittedWork, nil, nil, "", ""},
		{"Punjab 3 h 1 min at a stretch", Punjab, Situation{AgeYears: 16, Tasks: packing, Days: days("09:00-12:01"), DaysPerWeek: 6},
			YoungWorkerOverHours, nil, []string{"punjab.adolescent_hours"}, "worked 3 h 1 min without a rest of at least 1 h", ""},
		{"Punjab rest of 59 min", Punjab, Situation{AgeYears: 16, Tasks: packing, Days: days("09:00-10:00", "10:59-13:00"), DaysPerWeek: 6},
			YoungWorkerOverHours, nil, []string{"punjab.adolescent_hours"}, "worked 3 h 1 min without", ""},
		{"Punjab 3 h, 1 h rest, 3 h: 7 h", Punjab, Situation{AgeYears: 16, Tasks: packing, Days: days("09:00-12:00", "13:00-16:00"), DaysPerWeek: 6}, PermittedWork, nil, nil, "", ""},
		{"Punjab a day of 7 h 1 min", Punjab, Situation{AgeYears: 16, Tasks: packing, Days: days("09:00-12:00", "13:00-15:00", "16:00-16:01"), DaysPerWeek: 6},
			YoungWorkerOverHours, nil, []string{"punjab.adolescent_hours"}, "ran 7 h 1 min from start to end; the limit is 7 h", ""},
		// Weekly rest.
		{"Punjab 6 days a week", Punjab, Situation{AgeYears: 16, Tasks: packing, Days: days("09:00-12:00"), DaysPerWeek: 6}, PermittedWork, nil, nil, "", ""},
		{"Punjab 7 days a week", Punjab, Situation{AgeYears: 16, Tasks: packing, Days: days("09:00-12:00"), DaysPerWeek: 7},
			YoungWorkerOverHours, nil, []string{"punjab.adolescent_hours"}, "no weekly holiday", ""},
		{"Punjab days a week not known", Punjab, Situation{AgeYears: 16, Tasks: packing, Days: days("09:00-12:00")}, PermittedWork, nil, nil, "", "weekly holiday could not be checked"},
		{"Sindh has no weekly rest rule", Sindh, Situation{AgeYears: 16, Tasks: packing, Days: days("09:00-12:00"), DaysPerWeek: 7}, PermittedWork, nil, nil, "", ""},
		// Punjab: not during school hours.
		{"Punjab during school hours", Punjab, Situation{AgeYears: 16, Tasks: packing, Days: []Day{{Shifts: []Shift{sh("12:00-14:00")}, SchoolDay: true}},
			SchoolHours: &Shift{At(8, 0), At(13, 0)}, Schooling: InSchool, DaysPerWeek: 6},
			YoungWorkerOverHours, nil, []string{"punjab.adolescent_hours"}, "during school hours (08:00 to 13:00)", ""},
		{"Punjab after school", Punjab, Situation{AgeYears: 16, Tasks: packing, Days: []Day{{Shifts: []Shift{sh("13:00-15:00")}, SchoolDay: true}},
			SchoolHours: &Shift{At(8, 0), At(13, 0)}, Schooling: InSchool, DaysPerWeek: 6}, PermittedWork, nil, nil, "", ""},
		{"Punjab school closed that day", Punjab, Situation{AgeYears: 16, Tasks: packing, Days: days("10:00-12:00"),
			SchoolHours: &Shift{At(8, 0), At(13, 0)}, Schooling: InSchool, DaysPerWeek: 6}, PermittedWork, nil, nil, "", ""},

		// Tanneries: the Punjab Schedule covers every tanning process; the
		// reference gives no Sindh Schedule, so a person checks it.
		{"16 chrome tanning in Punjab", Punjab, Situation{AgeYears: 16, Tasks: []Task{{Code: "leather_tanning.chrome_tanning"}}, Hazards: []string{"chromium"}, Days: days("09:00-12:00"), DaysPerWeek: 6},
			YoungWorkerHazardous, nil, []string{"punjab.hazardous_work"}, "chrome tanning (every leather-tanning process: on the Schedule)", "Exposure to chromium is on the national consensus hazardous list"},
		{"16 sweeping at a Punjab tannery", Punjab, Situation{AgeYears: 16, Sector: "leather_tanning", Tasks: []Task{{Text: "sweeping the yard"}}, Days: days("09:00-12:00"), DaysPerWeek: 6},
			YoungWorkerHazardous, nil, []string{"punjab.hazardous_work"}, "work in leather tanning", ""},
		{"17 printing cloth at a Punjab tannery", Punjab, Situation{AgeYears: 17, Sector: "leather_tanning", Tasks: []Task{{Code: "cloth_printing"}}, Days: days("09:00-12:00"), DaysPerWeek: 6},
			YoungWorkerHazardous, nil, []string{"punjab.hazardous_work"}, "work in leather tanning", ""},
		{"18 at a Punjab tannery", Punjab, Situation{AgeYears: 18, Sector: "leather_tanning", Tasks: []Task{{Code: "leather_tanning.liming"}}, Days: days("09:00-17:00"), DaysPerWeek: 6},
			PermittedWork, nil, nil, "At 18", ""},
		{"16 chrome tanning in Sindh", Sindh, Situation{AgeYears: 16, Sector: "leather_tanning", Tasks: []Task{{Code: "leather_tanning.chrome_tanning"}}, Hazards: []string{"chromium"}, Days: days("09:00-12:00")},
			PermittedWork, nil, nil, "", "Chrome tanning is not among the Schedule entries in this pack"},
		{"13 chrome tanning in Sindh", Sindh, Situation{AgeYears: 13, Sector: "leather_tanning", Tasks: []Task{{Code: "leather_tanning.chrome_tanning"}}},
			ChildLabour, nil, []string{"sindh.child_employment"}, "", "check it against the Act's Schedule"},
		{"an unknown code", Punjab, Situation{AgeYears: 16, Tasks: []Task{{Code: "brick_moulding"}}, Days: days("09:00-12:00"), DaysPerWeek: 6},
			PermittedWork, nil, nil, "", `"brick_moulding" has no code in the catalogue`},

		// Precedence: several classes at once.
		{"hazardous and over hours", Punjab, Situation{AgeYears: 16, Tasks: []Task{{Code: "construction"}}, Days: days("06:00-12:00"), DaysPerWeek: 7},
			YoungWorkerHazardous, []Class{YoungWorkerOverHours}, []string{"punjab.hazardous_work", "punjab.adolescent_hours"}, "", ""},
		{"a child's hours are not an hours breach", Punjab, Situation{AgeYears: 12, Tasks: packing, Days: days("20:00-23:00")},
			ChildLabour, nil, []string{"punjab.child_employment"}, "", ""},

		// Debt or advance.
		{"an adult repaying an advance by work", Sindh, Situation{AgeYears: 30, Debt: &Debt{AmountPKR: 50000, RepaidByWork: true}},
			BondedLabour, nil, []string{"sindh.bonded_labour"}, "the work repays it: this is bonded labour", ""},
		{"an advance that bars leaving", KhyberPakhtunkhwa, Situation{AgeYears: 30, Debt: &Debt{AmountPKR: 20000, RestrictsLeaving: true}},
			BondedLabour, nil, []string{"khyber_pakhtunkhwa.bonded_labour"}, "may not leave until it is repaid", ""},
		{"an advance neither repaid by work nor binding", Sindh, Situation{AgeYears: 30, Debt: &Debt{AmountPKR: 50000}},
			PermittedWork, nil, nil, "", "not bonded labour on these facts"},
		{"a bar on leaving without a debt", Sindh, Situation{AgeYears: 30, Debt: &Debt{RestrictsLeaving: true}},
			PermittedWork, nil, nil, "", "forced labour indicator"},
		{"a 14-year-old repaying a family peshgi in Sindh", Sindh, Situation{AgeYears: 14, Tasks: packing, Days: days("09:00-11:00"), Debt: &Debt{AmountPKR: 30000, RepaidByWork: true}},
			BondedLabour, nil, []string{"sindh.bonded_labour"}, "advance (peshgi) is void", ""},
		{"a 13-year-old repaying a peshgi in KP", KhyberPakhtunkhwa, Situation{AgeYears: 13, Tasks: packing, Days: days("09:00-11:00"), Debt: &Debt{AmountPKR: 30000, RepaidByWork: true}},
			BondedLabour, []Class{ChildLabour}, []string{"khyber_pakhtunkhwa.bonded_labour", "khyber_pakhtunkhwa.child_employment"}, "", ""},
		{"a bonded child at a tannery", Punjab, Situation{AgeYears: 13, Sector: "leather_tanning", Debt: &Debt{AmountPKR: 80000, RepaidByWork: true, RestrictsLeaving: true}},
			BondedLabour, []Class{HazardousChildLabour}, []string{"punjab.bonded_labour", "punjab.child_employment", "punjab.hazardous_work"}, "", ""},

		// Khyber Pakhtunkhwa: light work (to verify) and no hour limits.
		{"13 with family 2 h in KP", KhyberPakhtunkhwa, Situation{AgeYears: 13, FamilyEnterprise: true, Tasks: packing, Days: days("16:00-18:00")},
			PermittedWork, nil, nil, "light work", "to verify"},
		{"13 with family 2 h 1 min in KP", KhyberPakhtunkhwa, Situation{AgeYears: 13, FamilyEnterprise: true, Tasks: packing, Days: days("16:00-18:01")},
			ChildLabour, nil, []string{"khyber_pakhtunkhwa.child_employment"}, "", ""},
		{"13 employed 1 h in KP", KhyberPakhtunkhwa, Situation{AgeYears: 13, Tasks: packing, Days: days("16:00-17:00")},
			ChildLabour, nil, []string{"khyber_pakhtunkhwa.child_employment"}, "", ""},
		{"15 at night in KP", KhyberPakhtunkhwa, Situation{AgeYears: 15, Tasks: packing, Days: days("21:00-23:00")},
			PermittedWork, nil, nil, "", "gives no hour limits for adolescents"},

		// Schooling is a note, not a class.
		{"15 out of school", Sindh, Situation{AgeYears: 15, Tasks: packing, Days: days("09:00-12:00"), Schooling: OutOfSchool},
			PermittedWork, nil, nil, "", "compulsory school age (Constitution of Pakistan, Article 25-A, 5 to 16) and not in school"},
		{"family enterprise in Sindh", Sindh, Situation{AgeYears: 15, Tasks: packing, Days: days("09:00-12:00"), FamilyEnterprise: true},
			PermittedWork, nil, nil, "", "family enterprise"},

		{"family enterprise in Punjab, 14", Punjab, Situation{AgeYears: 14, Tasks: packing, Days: days("16:00-17:00"), FamilyEnterprise: true},
			ChildLabour, nil, []string{"punjab.child_employment"}, "", "family enterprise"},
		{"family enterprise in KP, 14 at night", KhyberPakhtunkhwa, Situation{AgeYears: 14, Tasks: packing, Days: days("20:00-22:00"), FamilyEnterprise: true},
			PermittedWork, nil, nil, "", "family enterprise"},

		// The federal pack classifies bonded labour only.
		{"a child under the federal pack", Federal, Situation{AgeYears: 12, Tasks: packing}, Undetermined, nil, nil, "", "holds no child labour rules"},
		{"bonded under the federal pack", Federal, Situation{AgeYears: 12, Debt: &Debt{AmountPKR: 1000, RepaidByWork: true}},
			BondedLabour, nil, []string{"federal.bonded_labour"}, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if err := c.s.Validate(""); err != nil {
				t.Fatalf("the case's situation is invalid: %v", err)
			}
			r := Classify(mustPack(t, c.j, on), c.s)
			if r.Class != c.class {
				t.Errorf("class = %s, want %s\nreasons: %q\nnotes: %q", r.Class, c.class, r.Reasons, r.Notes)
			}
			if want := append([]Class{c.class}, c.also...); !slices.Equal(r.Applies, want) {
				t.Errorf("applies = %v, want %v", r.Applies, want)
			}
			if !slices.Equal(r.Provisions, c.provs) {
				t.Errorf("provisions = %q, want %q", r.Provisions, c.provs)
			}
			if len(r.Reasons) == 0 && r.Class != Undetermined {
				t.Error("no reasons")
			}
			if c.reason != "" && !strings.Contains(strings.Join(r.Reasons, "\n"), c.reason) {
				t.Errorf("reasons %q lack %q", r.Reasons, c.reason)
			}
			if c.note != "" && !strings.Contains(strings.Join(r.Notes, "\n"), c.note) {
				t.Errorf("notes %q lack %q", r.Notes, c.note)
			}
		})
	}
}

// TestClassifyKeepsThePackOfTheDay: the same facts judged under the pack a
// case recorded and under another jurisdiction's give each law's answer.
func TestClassifyKeepsThePackOfTheDay(t *testing.T) {
	t.Parallel()
	s := Situation{BirthDate: date("2012-01-10"), On: date("2026-03-01"), Tasks: packing, Days: days("09:00-11:00")}
	for j, want := range map[Jurisdiction]Class{Sindh: PermittedWork, Punjab: ChildLabour} {
		p := mustPack(t, j, "2026-03-01")
		if got := Classify(p, s).Class; got != want {
			t.Errorf("14-year-old under %s = %s, want %s", p.ID(), got, want)
		}
	}
}

func TestSchoolAge(t *testing.T) {
	t.Parallel()
	p := mustPack(t, Punjab, "2026-03-01")
	for age, want := range map[int]bool{4: false, 5: true, 16: true, 17: false} {
		if got := Classify(p, Situation{AgeYears: age}).SchoolAge; got != want {
			t.Errorf("SchoolAge at %d = %v, want %v", age, got, want)
		}
	}
}

func TestSituationValidate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		s      Situation
		fields []string
	}{
		{Situation{AgeYears: 15, Days: days("09:00-12:00")}, nil},
		{Situation{AgeYears: -1}, []string{"w.age_years"}},
		{Situation{BirthDate: date("2012-01-01")}, []string{"w.on"}},
		{Situation{BirthDate: date("2027-01-01"), On: date("2026-01-01")}, []string{"w.birth_date"}},
		{Situation{AgeYears: 15, Tasks: []Task{{}}}, []string{"w.tasks[0]"}},
		{Situation{AgeYears: 15, Days: []Day{{Shifts: []Shift{{At(9, 0), At(9, 0)}, {At(9, 0), Clock(24 * 60)}}}}}, []string{"w.days[0].shifts[0]", "w.days[0].shifts[1]"}},
		{Situation{AgeYears: 15, SchoolHours: &Shift{At(13, 0), At(8, 0)}}, []string{"w.school_hours"}},
		{Situation{AgeYears: 15, DaysPerWeek: 8, Schooling: "sometimes", Debt: &Debt{AmountPKR: -5}}, []string{"w.days_per_week", "w.schooling", "w.debt.amount_pkr"}},
	}
	for i, c := range cases {
		err := c.s.Validate("w")
		var got []string
		var ve *domain.ValidationError
		if errors.As(err, &ve) {
			for _, f := range ve.Fields {
				got = append(got, f.Field)
			}
		} else if err != nil {
			t.Errorf("case %d: error %v is not a ValidationError", i, err)
		}
		if !slices.Equal(got, c.fields) {
			t.Errorf("case %d: fields at fault = %v, want %v", i, got, c.fields)
		}
	}
}

func TestAge(t *testing.T) {
	t.Parallel()
	pkt := time.FixedZone("PKT", 5*3600)
	cases := []struct {
		s    Situation
		want int
		ok   bool
	}{
		{Situation{AgeYears: 14}, 14, true},
		{Situation{}, 0, false},
		{Situation{BirthDate: date("2012-03-01"), On: date("2026-02-28")}, 13, true},
		{Situation{BirthDate: date("2012-03-01"), On: date("2026-03-01")}, 14, true},
		{Situation{BirthDate: date("2012-03-01"), On: time.Date(2026, 3, 1, 0, 10, 0, 0, pkt)}, 14, true},
		{Situation{BirthDate: date("2012-03-01")}, 0, false},
	}
	for _, c := range cases {
		got, ok := c.s.Age()
		if got != c.want || ok != c.ok {
			t.Errorf("Age(%v, %v) = %d, %v; want %d, %v", c.s.BirthDate, c.s.On, got, ok, c.want, c.ok)
		}
	}
}
