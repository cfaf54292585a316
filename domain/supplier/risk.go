package supplier

import (
	"fmt"
	"math"
)

// Level is a risk band the operator orders audits by.
type Level string

// Risk levels, by score: low below 25, medium below 50, high below 75.
const (
	LevelLow      Level = "low"
	LevelMedium   Level = "medium"
	LevelHigh     Level = "high"
	LevelVeryHigh Level = "very_high"
)

// Levels lists every risk level, lowest first.
var Levels = []Level{LevelLow, LevelMedium, LevelHigh, LevelVeryHigh}

// LevelOf returns the band a score falls in.
func LevelOf(score int) Level {
	switch {
	case score >= 75:
		return LevelVeryHigh
	case score >= 50:
		return LevelHigh
	case score >= 25:
		return LevelMedium
	}
	return LevelLow
}

// Factor names what a reason is about.
type Factor string

// Risk factors.
const (
	FactorSubSector        Factor = "sub_sector"
	FactorPrevalence       Factor = "district_prevalence"
	FactorYoungWorkers     Factor = "workers_under_18"
	FactorHomeBased        Factor = "home_based_or_subcontracted"
	FactorChildLabourFound Factor = "child_labour_found"
	FactorOpenCritical     Factor = "open_critical_findings"
	FactorOpenMajor        Factor = "open_major_findings"
	FactorCap              Factor = "cap"
)

// Reason is one part of a score, explained for a brand manager.
type Reason struct {
	Factor      Factor
	Points      int
	Explanation string
}

// Profile is a supplier's risk: a score from 0 to 100 that is the sum of its
// reasons' points, and the level it falls in.
type Profile struct {
	Score   int
	Level   Level
	Reasons []Reason
}

// Prevalence is one district's share of children in child labour, with where
// the figure comes from, so that a profile never passes off a placeholder as
// a statistic.
type Prevalence struct {
	Percent float64
	Source  string
}

// PrevalenceTable maps a city or district, as NormalizeCity writes it, to its
// prevalence. The hub edits it.
type PrevalenceTable map[string]Prevalence

// Lookup finds a city's prevalence, comparing names as NormalizeCity writes
// them, so "Karachi" and "KARACHI" find the same row.
func (t PrevalenceTable) Lookup(city string) (Prevalence, bool) {
	c := NormalizeCity(city)
	if p, ok := t[c]; ok {
		return p, true
	}
	for k, p := range t {
		if NormalizeCity(k) == c {
			return p, true
		}
	}
	return Prevalence{}, false
}

// PlaceholderSource marks a prevalence nobody has entered yet.
const PlaceholderSource = "placeholder: replace with the district figure of the latest provincial child labour survey"

// DefaultPrevalence returns the table a new hub starts with: the same
// placeholder figure for Karachi and Multan, marked as such, until the hub
// enters the figures of the provincial child labour surveys. It is not a
// statistic.
func DefaultPrevalence() PrevalenceTable {
	return PrevalenceTable{
		"karachi": {Percent: 10, Source: PlaceholderSource},
		"multan":  {Percent: 10, Source: PlaceholderSource},
	}
}

// FindingSummary is what audits found at a supplier and is not yet closed.
type FindingSummary struct {
	OpenCritical     int
	OpenMajor        int
	ChildLabourFound bool // a child found at the supplier, whether or not the case is closed
}

// hazardPoints ranks sub-sectors by the hazardous work the law bans for
// under-18s (domain-reference.md): every leather-tanning process is on
// Punjab's schedule, and the national hazardous list names dyeing and
// finishing with benzidine dyes, chromium and formaldehyde; leather goods,
// footwear and gloves handle tanned leather and use power-driven cutting
// machinery, also on the schedule; spinning, weaving, knitting, garments and
// home textiles run power-driven machinery too and often subcontract
// stitching.
var hazardPoints = map[SubSector]int{
	SubTannery: 30, SubDyeingFinishing: 30,
	SubFootwear: 20, SubLeatherGoods: 20, SubGlovesSportswear: 20,
	SubSpinning: 12, SubWeaving: 12, SubKnitting: 12, SubGarments: 12, SubHomeTextiles: 12,
	SubOther: 10,
}

var hazardWhy = map[SubSector]string{
	SubTannery:          "Tanning processes (soaking, liming, chrome tanning, pickling) are hazardous work that the law bans for everyone under 18.",
	SubDyeingFinishing:  "Dyeing and finishing is on the national hazardous work list: exposure to benzidine dyes, chromium and formaldehyde.",
	SubFootwear:         "Footwear work handles tanned leather and power-driven cutting machinery, which are hazardous work for under-18s.",
	SubLeatherGoods:     "Leather goods work handles tanned leather and power-driven cutting machinery, which are hazardous work for under-18s.",
	SubGlovesSportswear: "Glove and sportswear work handles leather and power-driven cutting machinery, and hand stitching is often given out to homes.",
	SubOther:            "The kind of work is not one of the listed sub-sectors, so a middle value is used.",
}

const textileWhy = "Textile work runs power-driven machinery that is hazardous for under-18s, and stitching is often subcontracted."

// Risk computes a supplier's risk profile. The score adds transparent points:
// the sub-sector's hazard (10 to 30), the district's child-labour prevalence
// (1 point per percent, at most 20), declared workers under 18 (10, plus 1
// per percent of the workforce, at most 20), home-based or subcontracted work
// (15), a child found in an audit (30), open critical (10 each, at most 20)
// and major (3 each, at most 10) findings. Above 100 a last reason takes the
// excess off, so the reasons always add up to the score.
func Risk(s Supplier, prevalence PrevalenceTable, findings FindingSummary) Profile {
	var rs []Reason
	add := func(f Factor, points int, why string) { rs = append(rs, Reason{f, points, why}) }

	if p, ok := hazardPoints[s.SubSector]; ok {
		why, ok := hazardWhy[s.SubSector]
		if !ok {
			why = textileWhy
		}
		add(FactorSubSector, p, why)
	}

	if p, ok := prevalence.Lookup(s.City); ok {
		why := fmt.Sprintf("In %s, %.1f%% of children are estimated to be in child labour", s.City, p.Percent)
		if p.Source != "" {
			why += " (" + p.Source + ")"
		}
		add(FactorPrevalence, min(int(math.Round(p.Percent)), 20), why+".")
	} else {
		add(FactorPrevalence, 0, fmt.Sprintf("The hub has no child-labour prevalence figure for %s yet, so the district adds nothing.", s.City))
	}

	if w := s.Workforce; w.UnderEighteen > 0 {
		share := 0.0
		if w.Total > 0 {
			share = 100 * float64(w.UnderEighteen) / float64(w.Total)
		}
		add(FactorYoungWorkers, min(10+int(math.Round(share)), 20), fmt.Sprintf(
			"The supplier declares %d workers under 18 (%.1f%% of %d): they must be kept out of hazardous work and within the hours the law allows.",
			w.UnderEighteen, share, w.Total))
	}
	if s.HomeBasedOrSubcontracted {
		add(FactorHomeBased, 15, "Part of the work is given out to homes or subcontractors, where children most often work unseen by factory audits.")
	}
	if findings.ChildLabourFound {
		add(FactorChildLabourFound, 30, "An audit found a child working at this supplier.")
	}
	if n := findings.OpenCritical; n > 0 {
		add(FactorOpenCritical, min(10*n, 20), fmt.Sprintf("%d critical audit findings are still open.", n))
	}
	if n := findings.OpenMajor; n > 0 {
		add(FactorOpenMajor, min(3*n, 10), fmt.Sprintf("%d major audit findings are still open.", n))
	}

	total := 0
	for _, r := range rs {
		total += r.Points
	}
	if total > 100 {
		add(FactorCap, 100-total, "The score stops at 100.")
		total = 100
	}
	return Profile{Score: total, Level: LevelOf(total), Reasons: rs}
}
