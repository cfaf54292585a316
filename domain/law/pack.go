package law

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Jurisdiction names whose law a pack holds: a province, or the federation
// for the Bonded Labour System (Abolition) Act 1992.
type Jurisdiction string

// The jurisdictions with a pack.
const (
	Sindh             Jurisdiction = "sindh"
	Punjab            Jurisdiction = "punjab"
	KhyberPakhtunkhwa Jurisdiction = "khyber_pakhtunkhwa"
	Federal           Jurisdiction = "federal"
)

// JurisdictionOf returns the jurisdiction of a province as the supplier
// registry writes it ("Sindh", "Punjab", "Khyber Pakhtunkhwa", "KP"), and
// false for a province without a pack (Balochistan, Islamabad and the others
// are not in the reference).
func JurisdictionOf(province string) (Jurisdiction, bool) {
	switch strings.Join(strings.Fields(strings.ToLower(strings.ReplaceAll(province, "-", " "))), " ") {
	case "sindh":
		return Sindh, true
	case "punjab":
		return Punjab, true
	case "khyber pakhtunkhwa", "kp", "kpk":
		return KhyberPakhtunkhwa, true
	}
	return "", false
}

// Pack is one version of a jurisdiction's rules, in force from EffectiveFrom
// until the day before EffectiveTo.
type Pack struct {
	Jurisdiction Jurisdiction
	Version      int
	// Title is the main Act the pack holds.
	Title string
	// EffectiveFrom is the first day in force; EffectiveTo the first day no
	// longer in force, zero while the pack is the current one.
	EffectiveFrom, EffectiveTo time.Time
	// Notes say where the reference was silent or marked a figure to verify.
	Notes []string

	// ChildUnder is the age under which a person is a child and may not be
	// employed; zero in a pack without child labour rules (the federal one).
	ChildUnder int
	// Adolescents are AdolescentFrom up to, not including, AdolescentTo.
	AdolescentFrom, AdolescentTo int
	// HazardousUnder is the age under which hazardous work is banned.
	HazardousUnder int
	// SchoolAgeMin and SchoolAgeMax bound compulsory schooling, both
	// included (Article 25-A: "from 5 to 16").
	SchoolAgeMin, SchoolAgeMax int

	// ScheduleComplete is true when Hazardous holds the whole Schedule; when
	// false a task not listed is left for a person to check.
	ScheduleComplete bool
	Hazardous        []Hazard
	// Hours holds adolescents' limits; nil where the reference gives none.
	Hours *Hours
	// LightWork is the allowance of light work for a child; nil if none.
	LightWork *LightWork
	// Provisions are the sections a finding or a classification cites.
	Provisions []Provision

	codes map[string]Code // the catalogue the pack was loaded with
}

// ID names the pack for a case to keep, e.g. "punjab/1".
func (p Pack) ID() string { return string(p.Jurisdiction) + "/" + strconv.Itoa(p.Version) }

// InForce reports whether the pack is in force on the day of t.
func (p Pack) InForce(t time.Time) bool {
	d := day(t)
	return !d.Before(p.EffectiveFrom) && (p.EffectiveTo.IsZero() || d.Before(p.EffectiveTo))
}

// Provision returns the provision with the ID, if the pack has it.
func (p Pack) Provision(id string) (Provision, bool) {
	for _, pr := range p.Provisions {
		if pr.ID == id {
			return pr, true
		}
	}
	return Provision{}, false
}

// provisionsOf returns the IDs of the pack's provisions of a kind.
func (p Pack) provisionsOf(k ProvisionKind) []string {
	var ids []string
	for _, pr := range p.Provisions {
		if pr.Kind == k {
			ids = append(ids, pr.ID)
		}
	}
	return ids
}

// Hazard is one entry of an Act's Schedule of hazardous work.
type Hazard struct {
	// Code is a catalogue code (see Code).
	Code string
	// Name is the Schedule's wording.
	Name string
	// WholeSector marks a sector every process of which is hazardous (Punjab:
	// every leather-tanning process), so any work in it is hazardous.
	WholeSector bool
}

// Hours are adolescents' limits on working time. A zero duration is no limit.
type Hours struct {
	// MaxDaily caps the hours worked in a day (Sindh: 3 h).
	MaxDaily time.Duration
	// MaxStretch is the most worked before a rest of at least MinRest
	// (Punjab: 3 h, then at least 1 h).
	MaxStretch, MinRest time.Duration
	// MaxSpread caps the day from first start to last end, rest included
	// (Punjab: 7 h).
	MaxSpread time.Duration
	// NightStart to NightEnd is the window with no work (7 pm to 8 am);
	// HasNight is false when the pack has none.
	NightStart, NightEnd Clock
	HasNight             bool
	// WeeklyRestDay requires a day off each week (Punjab: a weekly holiday).
	WeeklyRestDay bool
	// NotDuringSchoolHours bars work in school hours (Punjab).
	NotDuringSchoolHours bool
	// Verify is true when the reference marks the limits "(verify)".
	Verify bool
}

// LightWork is the light work a child may do (Khyber Pakhtunkhwa: up to 2 h a
// day as training or with family).
type LightWork struct {
	MaxDaily time.Duration
	Verify   bool
}

// ProvisionKind says which breach a provision concerns, so the classifier
// and a finding pick provisions from any pack alike.
type ProvisionKind string

// The provision kinds.
const (
	KindChildEmployment ProvisionKind = "child_employment"
	KindHazardousWork   ProvisionKind = "hazardous_work"
	KindAdolescentHours ProvisionKind = "adolescent_hours"
	KindBondedLabour    ProvisionKind = "bonded_labour"
	KindEducation       ProvisionKind = "education"
)

func (k ProvisionKind) valid() bool {
	switch k {
	case KindChildEmployment, KindHazardousWork, KindAdolescentHours, KindBondedLabour, KindEducation:
		return true
	}
	return false
}

// Provision is a section of an Act as a finding cites it. Section and
// Penalty are empty where the reference does not give them.
type Provision struct {
	ID      string
	Kind    ProvisionKind
	Act     string
	Section string
	Summary string
	Penalty string
	// Verify is true when the reference marks the rule "(verify)".
	Verify bool
}

// Citation is the Act and, when known, the section.
func (p Provision) Citation() string {
	if p.Section == "" {
		return p.Act
	}
	return p.Act + ", " + p.Section
}

// Code is an occupation, process, sector or exposure that tasks, observed
// hazards and Schedules refer to; one catalogue serves every pack, so the
// same task is judged under each province's law.
type Code struct {
	Code string
	Kind string // sector, process, occupation or exposure
	// Sector is the sector a process belongs to (leather_tanning).
	Sector string
	Name   string
	// Consensus marks an entry named on the national consensus hazardous
	// list, which the reference cites as guidance, not as a Schedule.
	Consensus bool
}

// Clock is a time of day in minutes after midnight.
type Clock int

// ParseClock reads "HH:MM" (00:00 to 23:59).
func ParseClock(s string) (Clock, error) {
	h, m, ok := strings.Cut(s, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || len(h) != 2 || len(m) != 2 || err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return 0, fmt.Errorf("time of day %q: want HH:MM", s)
	}
	return Clock(hh*60 + mm), nil
}

// At is the clock time h:m.
func At(h, m int) Clock { return Clock(h*60 + m) }

func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

func (c Clock) valid() bool { return c >= 0 && c < 24*60 }

// day is the calendar day of t, as a UTC midnight, so dates compare the
// same whatever location they were written in.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
