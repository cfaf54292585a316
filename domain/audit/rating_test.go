package audit

import "testing"

func TestGradeOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		percent int
		want    Grade
	}{
		{100, GradeA}, {86, GradeA}, {85, GradeB}, {71, GradeB}, {70, GradeC}, {51, GradeC},
		{50, GradeD}, {30, GradeD}, {29, GradeE}, {0, GradeE},
	}
	for _, tt := range tests {
		if got := GradeOf(tt.percent); got != tt.want {
			t.Errorf("GradeOf(%d) = %s, want %s", tt.percent, got, tt.want)
		}
	}
	// 85.9% is still B: the share is rounded down.
	if p := (Score{Met: 859, Applicable: 1000}).Percent(); p != 85 || GradeOf(p) != GradeB {
		t.Errorf("85.9%% is %d%%, %s", p, GradeOf(p))
	}
}

func TestRate(t *testing.T) {
	t.Parallel()
	published := Date("2026-03-31")
	tests := []struct {
		score   Score
		zt      bool
		grade   Grade
		typ     Type
		nextDue Date
	}{
		{Score{86, 100}, false, GradeA, TypePeriodic, "2028-03-31"},
		{Score{71, 100}, false, GradeB, TypePeriodic, "2028-03-31"},
		{Score{70, 100}, false, GradeC, TypeFollowUp, "2027-03-31"},
		{Score{30, 100}, false, GradeD, TypeFollowUp, "2027-03-31"},
		{Score{29, 100}, false, GradeE, TypePeriodic, "2027-03-31"},
		{Score{95, 100}, true, GradeA, TypeFollowUp, "2026-03-31"}, // zero tolerance: at once, whatever the grade
		{Score{10, 100}, true, GradeE, TypeFollowUp, "2026-03-31"},
	}
	for _, tt := range tests {
		r := Rate(tt.score, tt.zt, published)
		if r.Grade != tt.grade || r.ZeroTolerance != tt.zt || r.NextAuditType != tt.typ || r.NextAuditDue != tt.nextDue {
			t.Errorf("Rate(%v, %v) = %+v", tt.score, tt.zt, r)
		}
	}
}
