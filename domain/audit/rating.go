package audit

import (
	"fmt"

	"github.com/actionhub/actionhub/domain"
)

// Grade is a site's rating band (amfori BSCI's A to E).
type Grade string

// Grades, best first.
const (
	GradeA Grade = "A"
	GradeB Grade = "B"
	GradeC Grade = "C"
	GradeD Grade = "D"
	GradeE Grade = "E"
)

// Grades lists every band, best first.
var Grades = []Grade{GradeA, GradeB, GradeC, GradeD, GradeE}

// maxRequirements bounds a score: no checklist has more requirements.
const maxRequirements = 10_000

// gradeFloors are amfori's bands by the share of requirements met: A 86–100%,
// B 71–85%, C 51–70%, D 30–50%, E 0–29%.
var gradeFloors = []struct {
	floor int
	grade Grade
}{{86, GradeA}, {71, GradeB}, {51, GradeC}, {30, GradeD}, {0, GradeE}}

// Percent is the share of requirements met, in whole percent rounded down:
// the bands are whole numbers, so 85.9% is still B; a site reaches a band
// only by meeting its lower bound.
func (s Score) Percent() int {
	if s.Applicable <= 0 {
		return 0
	}
	return s.Met * 100 / s.Applicable
}

func (s Score) validate(v *domain.ValidationError) {
	switch {
	case s.Applicable < 1 || s.Applicable > maxRequirements:
		v.Add("score.applicable", fmt.Sprintf("must be from 1 to %d", maxRequirements))
	case s.Met < 0 || s.Met > s.Applicable:
		v.Add("score.met", "must be from 0 to score.applicable")
	}
}

// GradeOf is the band of a share of requirements met, in whole percent.
func GradeOf(percent int) Grade {
	for _, b := range gradeFloors {
		if percent >= b.floor {
			return b.grade
		}
	}
	return GradeE
}

// Rating is what a published audit says of the site, and when it must be
// audited next.
type Rating struct {
	Grade   Grade
	Percent int
	// ZeroTolerance: the audit found flagrant child labour, bonded labour, an
	// imminent risk to life or health, or unethical behaviour. amfori reports
	// it beside the grade, not as a grade: the share of requirements met is
	// still true, and the flag, not a letter, sends the next audit at once.
	ZeroTolerance bool
	NextAuditType Type
	NextAuditDue  Date // the next audit must start by this day
}

// Rate rates a site from its score and zero-tolerance flag, with the next
// audit due from the day of publication:
//   - zero tolerance: a follow-up at once (due the day of publication), until
//     every zero-tolerance finding is closed;
//   - A or B: valid two years, then a periodic audit;
//   - C or D: a follow-up within 12 months;
//   - E: amfori counts it failed and asks for a new full audit; the
//     reference gives no interval, so it is due no later than C and D's,
//     as a periodic (full) audit within 12 months.
func Rate(s Score, zeroTolerance bool, published Date) Rating {
	p := s.Percent()
	r := Rating{Grade: GradeOf(p), Percent: p, ZeroTolerance: zeroTolerance}
	switch {
	case zeroTolerance:
		r.NextAuditType, r.NextAuditDue = TypeFollowUp, published
	case r.Grade == GradeA || r.Grade == GradeB:
		r.NextAuditType, r.NextAuditDue = TypePeriodic, published.AddMonths(24)
	case r.Grade == GradeE:
		r.NextAuditType, r.NextAuditDue = TypePeriodic, published.AddMonths(12)
	default:
		r.NextAuditType, r.NextAuditDue = TypeFollowUp, published.AddMonths(12)
	}
	return r
}
