package law

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/actionhub/actionhub/domain"
)

// Class is the classification of a work situation under a pack.
type Class string

// The classes, in precedence order: when several apply, the first is the
// classification and the others are kept in Result.Applies.
//
// Bonded labour and hazardous child labour are worst forms of child labour
// and come first. Bonded labour leads because it binds the whole family, is
// void in law whatever the worker's age (advances, peshgi, are void) and
// needs the District Vigilance Committee (domain reference, "Child labour
// law by province"); a bonded child's hazardous work is still listed. Then
// child labour (any work below the pack's child age), a young worker in
// hazardous work, a young worker over the hour limits, and permitted work.
const (
	BondedLabour         Class = "bonded_labour"
	HazardousChildLabour Class = "hazardous_child_labour"
	ChildLabour          Class = "child_labour"
	YoungWorkerHazardous Class = "young_worker_hazardous"
	YoungWorkerOverHours Class = "young_worker_over_hours"
	PermittedWork        Class = "permitted_work"
	// Undetermined: the age is not known (verify it first; the case's
	// "age verified" stage) or the pack holds no child labour rules.
	Undetermined Class = "undetermined"
)

var precedence = []Class{BondedLabour, HazardousChildLabour, ChildLabour, YoungWorkerHazardous, YoungWorkerOverHours, PermittedWork}

// WorstForm reports whether c is a worst form of child labour.
func (c Class) WorstForm() bool { return c == BondedLabour || c == HazardousChildLabour }

// Schooling is whether the person attends school; empty when not known.
type Schooling string

// The schooling states.
const (
	InSchool    Schooling = "in_school"
	OutOfSchool Schooling = "out_of_school"
)

// Situation is what was found: the person, the work, the hours, the debt.
type Situation struct {
	// AgeYears is the age in whole years, used when BirthDate is zero; 0 is
	// not known.
	AgeYears int
	// BirthDate and On give the exact age on the day of the facts; On is
	// also the day the caller chose the pack by.
	BirthDate, On time.Time
	// Sector is the supplier's sector code (leather_tanning), for Schedules
	// that make a whole sector hazardous.
	Sector string
	Tasks  []Task
	// Hazards are observed exposures or processes, as catalogue codes.
	Hazards []string
	// Days are worked days (observed or reported), each with its shifts.
	Days []Day
	// DaysPerWeek is the number of days worked in a usual week; 0 is not known.
	DaysPerWeek int
	// SchoolHours are the school's hours on days marked SchoolDay; nil if
	// not known.
	SchoolHours *Shift
	Schooling   Schooling
	// FamilyEnterprise: the work is in the family's own enterprise, which
	// every Act treats differently (domain reference).
	FamilyEnterprise bool
	// Training: the work is done as training (Khyber Pakhtunkhwa's light work).
	Training bool
	Debt     *Debt
}

// Task is one task: a catalogue code, or free text when no code fits (then
// it is flagged for a person to check against the Schedule).
type Task struct {
	Code string
	Text string
}

// Day is one day's work.
type Day struct {
	Shifts []Shift
	// SchoolDay: the school is open that day.
	SchoolDay bool
}

// Shift is a span of work from Start to End; an End at or before Start is on
// the next day (a night shift).
type Shift struct{ Start, End Clock }

// span returns the shift as minutes from the day's midnight, End > Start.
func (s Shift) span() (int, int) {
	start, end := int(s.Start), int(s.End)
	if end <= start {
		end += 24 * 60
	}
	return start, end
}

// Debt is an advance (peshgi) or loan between worker or family and employer.
type Debt struct {
	// AmountPKR is what is owed.
	AmountPKR int64
	// RepaidByWork: wages are kept back, or work is done, to repay it.
	RepaidByWork bool
	// RestrictsLeaving: the worker or family may not leave until it is repaid.
	RestrictsLeaving bool
}

// Validate returns a *domain.ValidationError naming every field at fault
// (paths under prefix, e.g. "body.work"), or nil.
func (s Situation) Validate(prefix string) error {
	v := &domain.ValidationError{}
	at := func(name string) string {
		if prefix == "" {
			return name
		}
		return prefix + "." + name
	}
	if s.AgeYears < 0 || s.AgeYears > 120 {
		v.Add(at("age_years"), "must be between 0 (not known) and 120")
	}
	if !s.BirthDate.IsZero() {
		if s.On.IsZero() {
			v.Add(at("on"), "is required with a date of birth")
		} else if day(s.BirthDate).After(day(s.On)) {
			v.Add(at("birth_date"), "must not be after the date of the facts")
		}
	}
	for i, t := range s.Tasks {
		if t.Code == "" && strings.TrimSpace(t.Text) == "" {
			v.Add(at(fmt.Sprintf("tasks[%d]", i)), "needs a code or a description")
		}
	}
	for i, d := range s.Days {
		for j, sh := range d.Shifts {
			if !sh.Start.valid() || !sh.End.valid() || sh.Start == sh.End {
				v.Add(at(fmt.Sprintf("days[%d].shifts[%d]", i, j)), "needs a start and a different end, 00:00 to 23:59")
			}
		}
	}
	if sh := s.SchoolHours; sh != nil && (!sh.Start.valid() || !sh.End.valid() || sh.Start >= sh.End) {
		v.Add(at("school_hours"), "needs a start before the end, 00:00 to 23:59")
	}
	if s.DaysPerWeek < 0 || s.DaysPerWeek > 7 {
		v.Add(at("days_per_week"), "must be between 0 (not known) and 7")
	}
	switch s.Schooling {
	case "", InSchool, OutOfSchool:
	default:
		v.Add(at("schooling"), "must be in_school, out_of_school or empty")
	}
	if s.Debt != nil && s.Debt.AmountPKR < 0 {
		v.Add(at("debt.amount_pkr"), "must not be negative")
	}
	return v.OrNil()
}

// Age returns the age in whole years: from the date of birth on the day On
// when both are given (a person is 14 from the 14th birthday; one born on 29
// February turns a year older on 1 March in other years), else AgeYears.
// ok is false when the age is not known.
func (s Situation) Age() (years int, ok bool) {
	if s.BirthDate.IsZero() {
		return s.AgeYears, s.AgeYears > 0
	}
	if s.On.IsZero() {
		return 0, false
	}
	b, on := day(s.BirthDate), day(s.On)
	years = on.Year() - b.Year()
	if on.Month() < b.Month() || (on.Month() == b.Month() && on.Day() < b.Day()) {
		years--
	}
	return years, years >= 0
}

// Result is a classification with its grounds.
type Result struct {
	// Class is the first of Applies in precedence order.
	Class Class
	// Applies lists every class the facts meet, in precedence order.
	Applies []Class
	// Reasons are plain sentences for the classes that apply.
	Reasons []string
	// Provisions are the IDs, in the pack, of the provisions breached.
	Provisions []string
	// Notes are points a person must check or act on that do not change the
	// class: tasks off the pack's lists, rules the reference marks to verify,
	// a family enterprise, a child of school age out of school.
	Notes []string
	// SchoolAge: the person is of compulsory school age (Article 25-A).
	SchoolAge bool
}

// Classify classifies a situation under a pack. It expects a situation that
// passed Validate; an age it cannot read gives Undetermined (or bonded
// labour, which does not depend on age).
//
// Being of compulsory school age and out of school does not change the
// class: the reference gives Article 25-A as the State's duty to educate, not
// as a breach by the employer. It is a note, for the remediation plan.
// Punjab's "not during school hours" is an hours breach when the school
// hours are recorded.
func Classify(p Pack, s Situation) Result {
	c := classifier{p: p, s: s, applies: map[Class]bool{}}
	c.bonded()
	age, known := s.Age()
	switch {
	case p.ChildUnder == 0:
		c.note(fmt.Sprintf("%s holds no child labour rules: classify the work under the province's pack.", p.Title))
	case !known:
		c.note("The age is not known: verify it before the work can be classified.")
	default:
		c.child(age)
	}
	return c.result()
}

type classifier struct {
	p          Pack
	s          Situation
	applies    map[Class]bool
	reasons    []string
	provisions []string
	notes      []string
	schoolAge  bool
}

func (c *classifier) apply(cl Class, reason string, kinds ...ProvisionKind) {
	c.applies[cl] = true
	c.reasons = append(c.reasons, reason)
	for _, k := range kinds {
		for _, id := range c.p.provisionsOf(k) {
			if !slices.Contains(c.provisions, id) {
				c.provisions = append(c.provisions, id)
			}
		}
	}
}

func (c *classifier) note(n string) {
	if !slices.Contains(c.notes, n) {
		c.notes = append(c.notes, n)
	}
}

// bonded: an advance the work repays, or one that keeps the worker from
// leaving, is bonded labour; the reference says advances (peshgi) are void.
func (c *classifier) bonded() {
	d := c.s.Debt
	if d == nil {
		return
	}
	switch {
	case d.AmountPKR > 0 && (d.RepaidByWork || d.RestrictsLeaving):
		var how []string
		if d.RepaidByWork {
			how = append(how, "the work repays it")
		}
		if d.RestrictsLeaving {
			how = append(how, "the worker may not leave until it is repaid")
		}
		c.apply(BondedLabour, fmt.Sprintf("An advance of %s is owed and %s: this is bonded labour, and the advance (peshgi) is void.",
			pkr(d.AmountPKR), strings.Join(how, " and ")), KindBondedLabour)
	case d.AmountPKR > 0:
		c.note(fmt.Sprintf("An advance of %s is owed but neither repaid by work nor a bar to leaving: not bonded labour on these facts; check it at each follow-up.", pkr(d.AmountPKR)))
	case d.RestrictsLeaving:
		c.note("The worker may not leave, but no debt is recorded: record the debt if there is one; otherwise this is a forced labour indicator the packs do not classify.")
	}
}

func (c *classifier) child(age int) {
	p, s := c.p, c.s
	c.schoolAge = age >= p.SchoolAgeMin && age <= p.SchoolAgeMax
	if c.schoolAge && s.Schooling == OutOfSchool {
		c.note(fmt.Sprintf("At %d the person is of compulsory school age (%s, %d to %d) and not in school: the remediation plan needs education.",
			age, citation(p, KindEducation), p.SchoolAgeMin, p.SchoolAgeMax))
	}

	var hazards []string
	if age < p.HazardousUnder {
		hazards = c.hazards()
	}
	hazardNames := strings.Join(hazards, "; ")
	child := age < p.ChildUnder
	switch {
	case child && len(hazards) > 0:
		c.apply(HazardousChildLabour, fmt.Sprintf("At %d the person is a child under the %s (under %d) and is in hazardous work: %s. This is a worst form of child labour.",
			age, p.Title, p.ChildUnder, hazardNames), KindChildEmployment, KindHazardousWork)
	case child && c.lightWork():
		// Allowed; lightWork wrote the reason and a note.
	case child:
		c.apply(ChildLabour, fmt.Sprintf("At %d the person is a child under the %s (under %d) and may not be employed.",
			age, p.Title, p.ChildUnder), KindChildEmployment)
	case len(hazards) > 0:
		c.apply(YoungWorkerHazardous, fmt.Sprintf("At %d the person may not do hazardous work, which the %s bans under %d: %s.",
			age, p.Title, p.HazardousUnder, hazardNames), KindHazardousWork)
	}
	if s.FamilyEnterprise && !c.applies[PermittedWork] {
		c.note("The work is in a family enterprise, which the Act treats differently; the reference does not say how: check the Act.")
	}
	if !child && age >= p.AdolescentFrom && age < p.AdolescentTo {
		c.hours(age)
	}
}

// hazards returns the names of the hazardous work found, and notes every
// task or hazard the pack cannot judge.
func (c *classifier) hazards() []string {
	p, s := c.p, c.s
	var found []string
	add := func(n string) {
		if !slices.Contains(found, n) {
			found = append(found, n)
		}
	}
	listed := func(code string) (Hazard, bool) {
		for _, h := range p.Hazardous {
			if h.Code == code {
				return h, true
			}
		}
		return Hazard{}, false
	}
	// A whole hazardous sector covers every task in it: one reason for it.
	wholeSector := ""
	if h, ok := listed(s.Sector); ok && h.WholeSector {
		wholeSector = h.Code
		add(fmt.Sprintf("work in %s (%s: on the Schedule)", strings.ToLower(p.codes[h.Code].Name), strings.ToLower(h.Name)))
	}
	judge := func(code, what string) {
		cd, ok := p.codes[code]
		if !ok {
			c.note(fmt.Sprintf("%s has no code in the catalogue: check it against the Schedule of hazardous work.", what))
			return
		}
		if h, ok := listed(code); ok {
			add(strings.ToLower(h.Name) + " (on the Schedule)")
			return
		}
		if h, ok := listed(cd.Sector); ok && h.WholeSector {
			if cd.Sector != wholeSector {
				add(fmt.Sprintf("%s (%s: on the Schedule)", strings.ToLower(cd.Name), strings.ToLower(h.Name)))
			}
			return
		}
		switch {
		case cd.Consensus:
			c.note(fmt.Sprintf("%s is on the national consensus hazardous list but not among the Schedule entries in this pack: check it against the Act's Schedule.", cd.Name))
		case !p.ScheduleComplete:
			c.note(fmt.Sprintf("%s is not among the Schedule entries in this pack, which holds only part of the Schedule: check it against the Act's Schedule.", cd.Name))
		}
	}
	for _, t := range s.Tasks {
		if t.Code == "" {
			c.note(fmt.Sprintf("The task %q has no code: check it against the Schedule of hazardous work.", t.Text))
			continue
		}
		judge(t.Code, fmt.Sprintf("The task %q", t.Code))
	}
	for _, h := range s.Hazards {
		judge(h, fmt.Sprintf("The hazard %q", h))
	}
	if len(found) == 0 && len(s.Tasks) == 0 && len(s.Hazards) == 0 && !p.ScheduleComplete {
		c.note("No tasks are recorded: hazardous work could not be checked.")
	}
	return found
}

// lightWork reports whether a child's work is the pack's allowed light work:
// as training or with family, within the daily limit, no hazard.
func (c *classifier) lightWork() bool {
	lw, s := c.p.LightWork, c.s
	if lw == nil || !(s.FamilyEnterprise || s.Training) || len(s.Days) == 0 {
		return false
	}
	for _, d := range s.Days {
		if worked(d) > lw.MaxDaily {
			return false
		}
	}
	c.note(fmt.Sprintf("Light work up to %s a day as training or with family is allowed to a child under the %s (the reference marks this to verify, and gives no lower age for it).",
		hm(lw.MaxDaily), c.p.Title))
	c.applies[PermittedWork] = true
	c.reasons = append(c.reasons, fmt.Sprintf("The child's work is light work as training or with family, at most %s a day.", hm(lw.MaxDaily)))
	return true
}

func worked(d Day) time.Duration {
	var total int
	for _, sh := range d.Shifts {
		a, b := sh.span()
		total += b - a
	}
	return minutes(total)
}

// hours checks an adolescent's days against the pack's limits.
func (c *classifier) hours(age int) {
	h, s := c.p.Hours, c.s
	if h == nil {
		c.note(fmt.Sprintf("The reference gives no hour limits for adolescents under the %s: check the hours against the Act.", c.p.Title))
		return
	}
	var breaches []string
	for i, d := range s.Days {
		breaches = append(breaches, dayBreaches(h, d, s.SchoolHours, fmt.Sprintf("On day %d", i+1))...)
	}
	if len(s.Days) == 0 {
		c.note("No working hours are recorded: the hour limits could not be checked.")
	}
	if h.WeeklyRestDay {
		switch s.DaysPerWeek {
		case 7:
			breaches = append(breaches, "They work 7 days a week, with no weekly holiday.")
		case 0:
			c.note("The days worked per week are not recorded: the weekly holiday could not be checked.")
		}
	}
	if h.NotDuringSchoolHours && s.SchoolHours == nil && s.Schooling == InSchool {
		c.note("The school hours are not recorded: work during school hours could not be checked.")
	}
	if len(breaches) == 0 {
		return
	}
	c.apply(YoungWorkerOverHours, fmt.Sprintf("At %d the person is an adolescent (%d to under %d) and works beyond the %s's limits: %s",
		age, c.p.AdolescentFrom, c.p.AdolescentTo, c.p.Title, strings.Join(breaches, " ")), KindAdolescentHours)
	if h.Verify {
		c.note("The reference marks these hour limits to verify.")
	}
}

// dayBreaches lists a day's breaches as sentences starting with label.
func dayBreaches(h *Hours, d Day, school *Shift, label string) []string {
	type span struct{ a, b int }
	var spans []span
	for _, sh := range d.Shifts {
		a, b := sh.span()
		spans = append(spans, span{a, b})
	}
	if len(spans) == 0 {
		return nil
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].a < spans[j].a })
	var out []string
	if total := worked(d); h.MaxDaily > 0 && total > h.MaxDaily {
		out = append(out, fmt.Sprintf("%s they worked %s; the limit is %s a day.", label, hm(total), hm(h.MaxDaily)))
	}
	if h.MaxStretch > 0 {
		// Work separated by less than the minimum rest is one stretch.
		longest, cur, end := 0, 0, -1
		for _, sp := range spans {
			if end >= 0 && sp.a-end < int(h.MinRest/time.Minute) {
				cur += sp.b - sp.a
			} else {
				cur = sp.b - sp.a
			}
			end = max(end, sp.b)
			longest = max(longest, cur)
		}
		if minutes(longest) > h.MaxStretch {
			out = append(out, fmt.Sprintf("%s they worked %s without a rest of at least %s; the limit is %s before a rest.",
				label, hm(minutes(longest)), hm(h.MinRest), hm(h.MaxStretch)))
		}
	}
	if h.MaxSpread > 0 {
		last := 0
		for _, sp := range spans {
			last = max(last, sp.b)
		}
		if spread := minutes(last - spans[0].a); spread > h.MaxSpread {
			out = append(out, fmt.Sprintf("%s their day ran %s from start to end; the limit is %s including rest.", label, hm(spread), hm(h.MaxSpread)))
		}
	}
	if h.HasNight {
		// The night window repeated over the two days a shift can touch.
		ns, ne := int(h.NightStart), int(h.NightEnd)
		if ne <= ns {
			ne += 24 * 60
		}
		for _, sp := range spans {
			if first := nightOverlap(sp.a, sp.b, ns, ne); first >= 0 {
				out = append(out, fmt.Sprintf("%s they worked from %s, inside the night window %s to %s.",
					label, Clock(first%(24*60)), h.NightStart, h.NightEnd))
				break
			}
		}
	}
	if h.NotDuringSchoolHours && school != nil && d.SchoolDay {
		for _, sp := range spans {
			if sp.a < int(school.End) && int(school.Start) < sp.b {
				out = append(out, fmt.Sprintf("%s they worked during school hours (%s to %s).", label, school.Start, school.End))
				break
			}
		}
	}
	return out
}

// nightOverlap returns the first minute of [a, b) inside the night window
// [ns, ne) as it falls the day before, the day of and the day after, or -1.
func nightOverlap(a, b, ns, ne int) int {
	first := -1
	for _, off := range []int{-24 * 60, 0, 24 * 60} {
		s, e := max(a, ns+off), min(b, ne+off)
		if s < e && (first < 0 || s < first) {
			first = s
		}
	}
	return first
}

// pkr writes an amount as the reference does: PKR 50,000.
func pkr(n int64) string {
	d := strconv.FormatInt(n, 10)
	for i := len(d) - 3; i > 0; i -= 3 {
		d = d[:i] + "," + d[i:]
	}
	return "PKR " + d
}

// hm writes a duration as "3 h", "45 min" or "3 h 1 min".
func hm(d time.Duration) string {
	m := int(d / time.Minute)
	switch {
	case m%60 == 0:
		return fmt.Sprintf("%d h", m/60)
	case m < 60:
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d h %d min", m/60, m%60)
}

func citation(p Pack, k ProvisionKind) string {
	for _, pr := range p.Provisions {
		if pr.Kind == k {
			return pr.Citation()
		}
	}
	return "Article 25-A"
}

func (c *classifier) result() Result {
	r := Result{Reasons: c.reasons, Provisions: c.provisions, Notes: c.notes, SchoolAge: c.schoolAge}
	for _, cl := range precedence {
		if c.applies[cl] {
			r.Applies = append(r.Applies, cl)
		}
	}
	if len(r.Applies) == 0 {
		cl := PermittedWork
		if age, known := c.s.Age(); c.p.ChildUnder == 0 || !known {
			cl = Undetermined
		} else {
			r.Reasons = append(r.Reasons, fmt.Sprintf("At %d the person may be employed under the %s and no hazardous work, hours breach or bonded labour was found.", age, c.p.Title))
		}
		r.Applies = []Class{cl}
	}
	r.Class = r.Applies[0]
	return r
}
