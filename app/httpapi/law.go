package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/law"
	"github.com/actionhub/actionhub/policies"
	"github.com/danielgtaylor/huma/v2"
)

// Representations of the law packs and of a classification. The packs are
// public law: they name no one, so every party that reads them gets them whole.
type (
	hazardBody struct {
		Code        string `json:"code"`
		Name        string `json:"name" doc:"The Schedule's wording."`
		WholeSector bool   `json:"whole_sector" doc:"Every process of the sector is hazardous (Punjab: leather tanning)."`
	}
	hoursBody struct {
		MaxDailyMinutes      int    `json:"max_daily_minutes,omitempty"`
		MaxStretchMinutes    int    `json:"max_stretch_minutes,omitempty" doc:"The most worked before a rest of min_rest_minutes."`
		MinRestMinutes       int    `json:"min_rest_minutes,omitempty"`
		MaxSpreadMinutes     int    `json:"max_spread_minutes,omitempty" doc:"First start to last end, rest included."`
		NightStart           string `json:"night_start,omitempty" example:"19:00"`
		NightEnd             string `json:"night_end,omitempty" example:"08:00"`
		WeeklyRestDay        bool   `json:"weekly_rest_day"`
		NotDuringSchoolHours bool   `json:"not_during_school_hours"`
		Verify               bool   `json:"verify" doc:"The reference marks these limits to verify."`
	}
	packBody struct {
		ID             string                   `json:"id" example:"punjab/1" doc:"What a case keeps: the pack of its identification date."`
		Jurisdiction   enumOf[law.Jurisdiction] `json:"jurisdiction"`
		Version        int                      `json:"version"`
		Title          string                   `json:"title"`
		EffectiveFrom  string                   `json:"effective_from" example:"2016-01-01"`
		EffectiveTo    string                   `json:"effective_to,omitempty" doc:"The first day no longer in force; absent while current."`
		InForce        bool                     `json:"in_force" doc:"In force today (UTC)."`
		ChildUnder     int                      `json:"child_under,omitempty" doc:"The age under which a person is a child; absent in a pack without child labour rules."`
		AdolescentFrom int                      `json:"adolescent_from,omitempty"`
		AdolescentTo   int                      `json:"adolescent_to,omitempty" doc:"Adolescents are adolescent_from up to, not including, this age."`
		HazardousUnder int                      `json:"hazardous_under,omitempty"`
		SchoolAgeMin   int                      `json:"school_age_min,omitempty"`
		SchoolAgeMax   int                      `json:"school_age_max,omitempty"`
		Hazardous      []hazardBody             `json:"hazardous"`
		Hours          *hoursBody               `json:"hours,omitempty" doc:"Adolescents' limits; absent where the reference gives none."`
		Notes          []string                 `json:"notes"`
	}
	codeBody struct {
		Code      string `json:"code"`
		Kind      string `json:"kind" doc:"sector, process, occupation or exposure."`
		Sector    string `json:"sector,omitempty"`
		Name      string `json:"name"`
		Consensus bool   `json:"consensus" doc:"On the national consensus hazardous list (guidance, not a Schedule)."`
	}
	packsBody struct {
		Packs []packBody `json:"packs"`
		Codes []codeBody `json:"codes" doc:"The catalogue that tasks, hazards and Schedules use."`
	}
	provisionBody struct {
		ID       string                    `json:"id" example:"punjab.child_employment" doc:"What a finding's legal_provision takes."`
		Kind     enumOf[law.ProvisionKind] `json:"kind"`
		Act      string                    `json:"act"`
		Section  string                    `json:"section,omitempty"`
		Citation string                    `json:"citation"`
		Summary  string                    `json:"summary"`
		Penalty  string                    `json:"penalty,omitempty"`
		Verify   bool                      `json:"verify" doc:"The reference marks the rule to verify."`
	}
	provisionsBody struct {
		PackID       string                   `json:"pack_id"`
		Jurisdiction enumOf[law.Jurisdiction] `json:"jurisdiction"`
		On           string                   `json:"on"`
		Provisions   []provisionBody          `json:"provisions"`
	}
	shiftBody struct {
		Start string `json:"start" pattern:"^([01][0-9]|2[0-3]):[0-5][0-9]$" patternDescription:"HH:MM, 00:00 to 23:59" example:"09:00"`
		End   string `json:"end" pattern:"^([01][0-9]|2[0-3]):[0-5][0-9]$" patternDescription:"HH:MM, 00:00 to 23:59" example:"12:00" doc:"At or before start: the next day (a night shift)."`
	}
	dayBody struct {
		Shifts    []shiftBody `json:"shifts" maxItems:"12"`
		SchoolDay bool        `json:"school_day" required:"false" doc:"The school is open that day."`
	}
	taskBody struct {
		Code string `json:"code" maxLength:"100" required:"false" doc:"A catalogue code (GET /api/v1/law/packs)."`
		Text string `json:"text" maxLength:"300" required:"false" doc:"What the task is, when no code fits: left for a person to check."`
	}
	debtBody struct {
		AmountPKR        int64 `json:"amount_pkr" minimum:"0" maximum:"1000000000"`
		RepaidByWork     bool  `json:"repaid_by_work" required:"false"`
		RestrictsLeaving bool  `json:"restricts_leaving" required:"false"`
	}
	situationBody struct {
		Jurisdiction     enumOf[law.Jurisdiction]   `json:"jurisdiction" doc:"The supplier's province (federal: bonded labour only)."`
		On               string                     `json:"on" required:"false" pattern:"^[0-9]{4}-[0-9]{2}-[0-9]{2}$" example:"2026-03-01" doc:"The day of the facts, which chooses the pack; today (UTC) if absent."`
		AgeYears         int                        `json:"age_years" required:"false" minimum:"0" maximum:"120" doc:"Age in whole years when the date of birth is not known; 0 is not known."`
		BirthDate        string                     `json:"birth_date" required:"false" pattern:"^[0-9]{4}-[0-9]{2}-[0-9]{2}$" doc:"Not kept: the answer holds only the age."`
		Sector           string                     `json:"sector" required:"false" maxLength:"100" example:"leather_tanning" doc:"The supplier's sector code."`
		Tasks            []taskBody                 `json:"tasks" required:"false" maxItems:"50"`
		Hazards          []string                   `json:"hazards" required:"false" maxItems:"50" doc:"Observed exposures or processes, as catalogue codes."`
		Days             []dayBody                  `json:"days" required:"false" maxItems:"31" doc:"Worked days, each with its shifts."`
		DaysPerWeek      int                        `json:"days_per_week" required:"false" minimum:"0" maximum:"7" doc:"0 is not known."`
		SchoolHours      *shiftBody                 `json:"school_hours,omitempty" required:"false"`
		Schooling        enumOrEmpty[law.Schooling] `json:"schooling" required:"false"`
		FamilyEnterprise bool                       `json:"family_enterprise" required:"false"`
		Training         bool                       `json:"training" required:"false"`
		Debt             *debtBody                  `json:"debt,omitempty" required:"false" doc:"An advance (peshgi) or loan between the worker or family and the employer."`
	}
	classificationBody struct {
		Class      enumOf[law.Class]   `json:"class"`
		Applies    []enumOf[law.Class] `json:"applies" doc:"Every class the facts meet, in precedence order."`
		Reasons    []string            `json:"reasons"`
		Provisions []provisionBody     `json:"provisions" doc:"The provisions breached."`
		Notes      []string            `json:"notes" doc:"Points to check or act on that do not change the class."`
		SchoolAge  bool                `json:"school_age" doc:"Of compulsory school age (Article 25-A)."`
		PackID     string              `json:"pack_id" example:"sindh/1"`
	}
)

func dateOut(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func packOut(p law.Pack, today time.Time) packBody {
	b := packBody{ID: p.ID(), Jurisdiction: enum(p.Jurisdiction), Version: p.Version, Title: p.Title,
		EffectiveFrom: dateOut(p.EffectiveFrom), EffectiveTo: dateOut(p.EffectiveTo), InForce: p.InForce(today),
		ChildUnder: p.ChildUnder, AdolescentFrom: p.AdolescentFrom, AdolescentTo: p.AdolescentTo, HazardousUnder: p.HazardousUnder,
		SchoolAgeMin: p.SchoolAgeMin, SchoolAgeMax: p.SchoolAgeMax, Hazardous: []hazardBody{}, Notes: append([]string{}, p.Notes...)}
	for _, h := range p.Hazardous {
		b.Hazardous = append(b.Hazardous, hazardBody(h))
	}
	if h := p.Hours; h != nil {
		b.Hours = &hoursBody{MaxDailyMinutes: int(h.MaxDaily / time.Minute), MaxStretchMinutes: int(h.MaxStretch / time.Minute),
			MinRestMinutes: int(h.MinRest / time.Minute), MaxSpreadMinutes: int(h.MaxSpread / time.Minute),
			WeeklyRestDay: h.WeeklyRestDay, NotDuringSchoolHours: h.NotDuringSchoolHours, Verify: h.Verify}
		if h.HasNight {
			b.Hours.NightStart, b.Hours.NightEnd = h.NightStart.String(), h.NightEnd.String()
		}
	}
	return b
}

func provisionOut(p law.Provision) provisionBody {
	return provisionBody{ID: p.ID, Kind: enum(p.Kind), Act: p.Act, Section: p.Section, Citation: p.Citation(),
		Summary: p.Summary, Penalty: p.Penalty, Verify: p.Verify}
}

// dayIn reads an optional "YYYY-MM-DD" field; absent is today (UTC).
func dayIn(field, s string) (time.Time, error) {
	if s == "" {
		return time.Now().UTC().Truncate(24 * time.Hour), nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, domain.Invalid(field, "must be a calendar date, YYYY-MM-DD")
	}
	return t, nil
}

// situationIn turns the body into the domain's situation. Huma has checked
// the clock patterns, so a clock that fails here is a bug reported as the
// field at fault, never a 500.
func situationIn(b situationBody, on time.Time) (law.Situation, error) {
	v := &domain.ValidationError{}
	s := law.Situation{AgeYears: b.AgeYears, On: on, Sector: b.Sector, Hazards: b.Hazards, DaysPerWeek: b.DaysPerWeek,
		Schooling: law.Schooling(b.Schooling), FamilyEnterprise: b.FamilyEnterprise, Training: b.Training}
	if b.BirthDate != "" {
		t, err := dayIn("birth_date", b.BirthDate)
		if err != nil {
			return s, err
		}
		s.BirthDate = t
	}
	shift := func(field string, sb shiftBody) law.Shift {
		start, err1 := law.ParseClock(sb.Start)
		end, err2 := law.ParseClock(sb.End)
		if err1 != nil || err2 != nil {
			v.Add(field, "needs a start and an end, HH:MM from 00:00 to 23:59")
		}
		return law.Shift{Start: start, End: end}
	}
	for _, t := range b.Tasks {
		s.Tasks = append(s.Tasks, law.Task(t))
	}
	for i, d := range b.Days {
		day := law.Day{SchoolDay: d.SchoolDay}
		for j, sb := range d.Shifts {
			day.Shifts = append(day.Shifts, shift(fieldAt("days", i)+"."+fieldAt("shifts", j), sb))
		}
		s.Days = append(s.Days, day)
	}
	if b.SchoolHours != nil {
		sh := shift("school_hours", *b.SchoolHours)
		s.SchoolHours = &sh
	}
	if b.Debt != nil {
		s.Debt = &law.Debt{AmountPKR: b.Debt.AmountPKR, RepaidByWork: b.Debt.RepaidByWork, RestrictsLeaving: b.Debt.RestrictsLeaving}
	}
	if err := v.OrNil(); err != nil {
		return s, err
	}
	if err := s.Validate(""); err != nil {
		return s, err
	}
	return s, law.Embedded().CheckCodes(s, "")
}

func fieldAt(name string, i int) string { return name + "[" + strconv.Itoa(i) + "]" }

func registerLaw(api huma.API, s *server) {
	type packsOut struct{ Body packsBody }
	register(api, s, endpoint{method: http.MethodGet, path: "/law/packs", id: "list-law-packs", tag: "Law",
		perm: policies.PermLawRead, summary: "Every law pack: jurisdictions, versions, effective dates, rules, and the catalogue of codes"},
		func(ctx context.Context, _ *struct{}) (*packsOut, error) {
			set, today := law.Embedded(), time.Now().UTC()
			out := &packsOut{packsBody{Packs: []packBody{}, Codes: []codeBody{}}}
			for _, j := range set.Jurisdictions() {
				for _, p := range set.Packs(j) {
					out.Body.Packs = append(out.Body.Packs, packOut(p, today))
				}
			}
			for _, c := range set.Codes() {
				out.Body.Codes = append(out.Body.Codes, codeBody(c))
			}
			return out, nil
		})
	type provisionsIn struct {
		Jurisdiction enumOf[law.Jurisdiction] `query:"jurisdiction" required:"true" doc:"The supplier's province."`
		On           string                   `query:"on" pattern:"^[0-9]{4}-[0-9]{2}-[0-9]{2}$" example:"2026-03-01" doc:"The audit's day; today (UTC) if absent."`
	}
	type provisionsOut struct{ Body provisionsBody }
	register(api, s, endpoint{method: http.MethodGet, path: "/law/provisions", id: "list-law-provisions", tag: "Law",
		perm: policies.PermLawRead, summary: "The provisions a finding cites: those of the jurisdiction's pack in force on a day",
		errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *provisionsIn) (*provisionsOut, error) {
			on, err := dayIn("on", in.On)
			if err != nil {
				return nil, err
			}
			p, err := law.PackFor(law.Jurisdiction(in.Jurisdiction), on)
			if err != nil {
				return nil, err
			}
			out := &provisionsOut{provisionsBody{PackID: p.ID(), Jurisdiction: in.Jurisdiction, On: on.Format(time.DateOnly), Provisions: []provisionBody{}}}
			for _, pr := range p.Provisions {
				out.Body.Provisions = append(out.Body.Provisions, provisionOut(pr))
			}
			return out, nil
		})
	type classifyIn struct{ Body situationBody }
	type classifyOut struct{ Body classificationBody }
	register(api, s, endpoint{method: http.MethodPost, path: "/law/classify", id: "classify-situation", tag: "Law",
		perm: policies.PermLawClassify, summary: "Classify a work situation under the law pack in force (operator staff)",
		errors:      []int{http.StatusNotFound},
		description: "Nothing is stored. The answer is the class, every class that applied, the reasons, the provisions breached and notes for a person to check."},
		func(ctx context.Context, in *classifyIn) (*classifyOut, error) {
			on, err := dayIn("on", in.Body.On)
			if err != nil {
				return nil, err
			}
			sit, err := situationIn(in.Body, on)
			if err != nil {
				return nil, err
			}
			p, err := law.PackFor(law.Jurisdiction(in.Body.Jurisdiction), on)
			if err != nil {
				return nil, err
			}
			r := law.Classify(p, sit)
			out := classificationBody{Class: enum(r.Class), Applies: []enumOf[law.Class]{}, Reasons: nonNil(r.Reasons),
				Provisions: []provisionBody{}, Notes: nonNil(r.Notes), SchoolAge: r.SchoolAge, PackID: p.ID()}
			for _, c := range r.Applies {
				out.Applies = append(out.Applies, enum(c))
			}
			for _, id := range r.Provisions {
				if pr, ok := p.Provision(id); ok {
					out.Provisions = append(out.Provisions, provisionOut(pr))
				}
			}
			return &classifyOut{out}, nil
		})
}
