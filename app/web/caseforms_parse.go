package web

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/law"
)

// The case forms' fields, by form. A form's values come back under these
// names when it is rejected, and the service's field paths are mapped to
// them (formField).
var (
	identityFields = []string{"child_name", "guardian_name", "birth_date", "address", "phone", "family_situation", "school_history", "languages"}
	factsFields    = []string{"age_years", "age_method", "suspected_false_document", "sex", "schooling", "tasks", "hazards", "days",
		"school_days", "days_per_week", "wage_monthly_pkr", "since", "recruited_how", "debt_amount_pkr", "debt_repaid_by_work",
		"debt_restricts_leaving", "family_enterprise"}
)

// caseOptions are the choices the case forms offer, the domain's own lists.
type caseOptions struct {
	AgeMethods     []casework.AgeMethod
	Sexes          []casework.Sex
	Schoolings     []law.Schooling
	ConsentKinds   []casework.ConsentKind
	ConsentAnswers []casework.ConsentAnswer
	Risks          []casework.RiskLevel
	ActionKinds    []casework.ActionKind
	Parties        []casework.Party
	ActionStatuses []casework.ActionStatus
	ClosureReasons []casework.ClosureReason
}

var caseOpts = &caseOptions{AgeMethods: casework.AgeMethods, Sexes: casework.Sexes, Schoolings: []law.Schooling{law.InSchool, law.OutOfSchool},
	ConsentKinds: casework.ConsentKinds, ConsentAnswers: casework.ConsentAnswers, Risks: casework.RiskLevels, ActionKinds: casework.ActionKinds,
	Parties: casework.Parties, ActionStatuses: casework.ActionStatuses, ClosureReasons: casework.ClosureReasons}

// cform is what one form's partial template gets: the printer, a prefix
// that keeps its element IDs apart from the other forms' on the page, its
// values and its messages by field.
type cform struct {
	L *printer
	P string
	V map[string]string
	E map[string]string
	O *caseOptions
}

// formField maps a service's field path to the form's field name:
// identity.child_name → child_name, work.days[0].shifts[1] → days.
func formField(path string) string {
	for _, p := range []string{"identity.", "child.", "work."} {
		if strings.HasPrefix(path, p) {
			path = strings.TrimPrefix(path, p)
			break
		}
	}
	if i := strings.IndexAny(path, "[."); i > 0 {
		path = path[:i]
	}
	if path == "work" || path == "" {
		return "_"
	}
	return path
}

// fieldErrors are a validation error's messages by the form's field names.
func fieldErrors(errs map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range errs {
		f := formField(k)
		if out[f] != "" {
			out[f] += "; "
		}
		out[f] += v
	}
	return out
}

// taskCode is a law catalogue code (sector.task); any other line is the
// task in the worker's words.
var taskCode = regexp.MustCompile(`^[a-z0-9_]+(\.[a-z0-9_]+)+$`)

// lines splits a text field into its non-empty lines (and, with commas,
// its comma-separated items).
func lines(s string, commas bool) []string {
	f := func(r rune) bool { return r == '\n' || r == '\r' || (commas && (r == ',' || r == '،')) }
	var out []string
	for _, p := range strings.FieldsFunc(s, f) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// wholeNumber reads an optional whole number from 0 to max; empty is 0.
func wholeNumber(form map[string]string, name string, max int64, errs map[string]string) int64 {
	s := strings.ReplaceAll(form[name], ",", "")
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > max {
		errs[name] = "must be a whole number from 0 to " + strconv.FormatInt(max, 10)
	}
	return n
}

// factsFromForm reads the child's facts and work from the facts fields.
// The hours are one line per worked day, each with its shifts written
// HH:MM-HH:MM (several on a line separated by spaces or commas); the
// school-day mark applies to every worked day, as the form asks it once.
func factsFromForm(form map[string]string, errs map[string]string) casework.Facts {
	ch := casework.Child{AgeYears: int(wholeNumber(form, "age_years", 30, errs)), AgeMethod: casework.AgeMethod(form["age_method"]),
		SuspectedFalseDocument: form["suspected_false_document"] == "on", Sex: casework.Sex(form["sex"]), Schooling: law.Schooling(form["schooling"])}
	w := casework.Work{Hazards: lines(form["hazards"], true), DaysPerWeek: int(wholeNumber(form, "days_per_week", 7, errs)),
		WageMonthlyPKR: wholeNumber(form, "wage_monthly_pkr", 10_000_000, errs), Since: audit.Date(form["since"]),
		RecruitedHow: form["recruited_how"], FamilyEnterprise: form["family_enterprise"] == "on"}
	for _, t := range lines(form["tasks"], false) {
		if taskCode.MatchString(t) {
			w.Tasks = append(w.Tasks, law.Task{Code: t})
		} else {
			w.Tasks = append(w.Tasks, law.Task{Text: t})
		}
	}
	school := form["school_days"] == "on"
	for _, l := range lines(form["days"], false) {
		day := law.Day{SchoolDay: school}
		for _, s := range strings.FieldsFunc(l, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '،' }) {
			from, to, ok := strings.Cut(s, "-")
			start, err1 := law.ParseClock(strings.TrimSpace(from))
			end, err2 := law.ParseClock(strings.TrimSpace(to))
			if !ok || err1 != nil || err2 != nil {
				errs["days"] = "write each worked day on its own line, its shifts as HH:MM-HH:MM (for example 08:00-14:00)"
				continue
			}
			day.Shifts = append(day.Shifts, law.Shift{Start: start, End: end})
		}
		w.Days = append(w.Days, day)
	}
	debt := wholeNumber(form, "debt_amount_pkr", 100_000_000, errs)
	if debt > 0 || form["debt_repaid_by_work"] == "on" || form["debt_restricts_leaving"] == "on" {
		w.Debt = &law.Debt{AmountPKR: debt, RepaidByWork: form["debt_repaid_by_work"] == "on", RestrictsLeaving: form["debt_restricts_leaving"] == "on"}
	}
	return casework.Facts{Child: ch, Work: w}
}

// factsValues fills the facts fields from a case, for its edit form.
func factsValues(f casework.Facts) map[string]string {
	ch, w := f.Child, f.Work
	m := map[string]string{"age_method": string(ch.AgeMethod), "sex": string(ch.Sex), "schooling": string(ch.Schooling),
		"since": string(w.Since), "recruited_how": w.RecruitedHow, "hazards": strings.Join(w.Hazards, "\n")}
	if ch.AgeYears > 0 {
		m["age_years"] = strconv.Itoa(ch.AgeYears)
	}
	if w.DaysPerWeek > 0 {
		m["days_per_week"] = strconv.Itoa(w.DaysPerWeek)
	}
	if w.WageMonthlyPKR > 0 {
		m["wage_monthly_pkr"] = strconv.FormatInt(w.WageMonthlyPKR, 10)
	}
	for k, on := range map[string]bool{"suspected_false_document": ch.SuspectedFalseDocument, "family_enterprise": w.FamilyEnterprise} {
		if on {
			m[k] = "on"
		}
	}
	var tasks, days []string
	for _, t := range w.Tasks {
		tasks = append(tasks, cmpOr(t.Code, t.Text))
	}
	for _, d := range w.Days {
		var shifts []string
		for _, s := range d.Shifts {
			shifts = append(shifts, s.Start.String()+"-"+s.End.String())
		}
		days = append(days, strings.Join(shifts, " "))
		if d.SchoolDay {
			m["school_days"] = "on"
		}
	}
	m["tasks"], m["days"] = strings.Join(tasks, "\n"), strings.Join(days, "\n")
	if d := w.Debt; d != nil {
		m["debt_amount_pkr"] = strconv.FormatInt(d.AmountPKR, 10)
		if d.RepaidByWork {
			m["debt_repaid_by_work"] = "on"
		}
		if d.RestrictsLeaving {
			m["debt_restricts_leaving"] = "on"
		}
	}
	return m
}

// identityFromForm reads the identity fields; languages are separated by
// commas.
func identityFromForm(form map[string]string) casework.Identity {
	return casework.Identity{ChildName: form["child_name"], GuardianName: form["guardian_name"], BirthDate: audit.Date(form["birth_date"]),
		Address: form["address"], Phone: form["phone"], FamilySituation: form["family_situation"], SchoolHistory: form["school_history"],
		Languages: lines(form["languages"], true)}
}

func identityValues(id *casework.Identity) map[string]string {
	if id == nil {
		return map[string]string{}
	}
	return map[string]string{"child_name": id.ChildName, "guardian_name": id.GuardianName, "birth_date": string(id.BirthDate),
		"address": id.Address, "phone": id.Phone, "family_situation": id.FamilySituation, "school_history": id.SchoolHistory,
		"languages": strings.Join(id.Languages, ", ")}
}

// localTime reads a date-and-time field (2006-01-02T15:04) in the hub's
// time zone, where the person typing it is.
func localTime(s string) (time.Time, bool) {
	t, err := time.ParseInLocation("2006-01-02T15:04", s, hubZone)
	return t, err == nil
}

// endOfDay is the last second of a day field in the hub's time zone: an
// action due on a day may be done until that day's end.
func endOfDay(s string) (time.Time, bool) {
	t, err := time.ParseInLocation("2006-01-02", s, hubZone)
	if err != nil {
		return time.Time{}, false
	}
	return t.Add(24*time.Hour - time.Second), true
}
