package casework

import (
	"errors"
	"testing"
	"time"

	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
)

func share(f float64) *float64 { return &f }

var (
	inSchool  = Visit{Contacted: true, InSchool: true, Attendance: share(0.9), StipendReceived: true, Wellbeing: WellbeingGood}
	permitted = Visit{Contacted: true, BackInWork: true, WorkWhere: "a tailoring shop", WorkWhat: "buttons, 2 hours after school",
		WorkPermitted: true, Wellbeing: WellbeingGood}
	backAtWork = Visit{Contacted: true, BackInWork: true, WorkWhere: "the tannery", WorkWhat: "liming", Wellbeing: WellbeingAtRisk}
	outOfAll   = Visit{Contacted: true, Wellbeing: WellbeingConcerns} // neither in school nor in work
	noContact  = Visit{Notes: "House locked; neighbours say the family is in the village."}
)

func TestOutOfChildLabour(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		v    Visit
		want bool
	}{
		{"in school", inSchool, true},
		{"in permitted work", permitted, true},
		{"in school and permitted work", Visit{Contacted: true, InSchool: true, BackInWork: true, WorkWhat: "x", WorkPermitted: true}, true},
		{"in school but back at the tannery", Visit{Contacted: true, InSchool: true, BackInWork: true, WorkWhat: "liming"}, false},
		{"back at work", backAtWork, false},
		{"home, neither school nor work", outOfAll, false},
		{"not reached", noContact, false},
	} {
		if got := tc.v.OutOfChildLabour(); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// Each row records visits in order on a fresh case and checks the counts.
func TestCountFollowUps(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name                      string
		visits                    []Visit
		count, streak, tries      int
		nextDue                   audit.Date
		remediable, lostContactOK bool
	}{
		{"one in school", []Visit{inSchool}, 1, 1, 0, "2026-05-01", false, false},
		{"two in school", []Visit{inSchool, inSchool}, 2, 2, 0, "2026-05-01", true, false},
		{"school then permitted work", []Visit{inSchool, permitted}, 2, 2, 0, "2026-05-01", true, false},
		{"back at work resets", []Visit{inSchool, backAtWork}, 2, 0, 0, "2026-05-01", false, false},
		{"reset then two good", []Visit{inSchool, backAtWork, inSchool, inSchool}, 4, 2, 0, "2026-05-01", true, false},
		{"neither school nor work resets", []Visit{inSchool, outOfAll}, 2, 0, 0, "2026-05-01", false, false},
		{"a failed try breaks the streak", []Visit{inSchool, noContact, inSchool}, 2, 1, 0, "2026-05-01", false, false},
		{"a failed try is retried in a week", []Visit{inSchool, noContact}, 1, 0, 1, "2026-04-08", false, false},
		{"three failed tries allow lost contact", []Visit{noContact, noContact, noContact}, 0, 0, 3, "2026-04-08", false, true},
		{"a visit resets the failed tries", []Visit{noContact, noContact, inSchool}, 1, 1, 0, "2026-05-01", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := readyForApproval(t)
			for i, v := range tc.visits {
				v.VisitedOn, v.By = "2026-04-01", "cw-1"
				f := NewFollowUp("fu-"+string(rune('a'+i)), &c, c.NextFollowUpDue, later)
				must(t, f.Record(v, "cw-1", later))
				must(t, c.CountFollowUp(f, DefaultSettings, later))
				must(t, c.CountFollowUp(f, DefaultSettings, later)) // counted once only
			}
			if c.FollowUps != tc.count || c.FollowUpStreak != tc.streak || c.ContactAttempts != tc.tries || c.NextFollowUpDue != tc.nextDue {
				t.Errorf("count %d streak %d tries %d next %s, want %d %d %d %s", c.FollowUps, c.FollowUpStreak, c.ContactAttempts,
					c.NextFollowUpDue, tc.count, tc.streak, tc.tries, tc.nextDue)
			}
			err := c.RequestClosure(Closure{Reason: ClosedRemediated}, DefaultSettings, "", "cw-1", later)
			if (err == nil) != tc.remediable {
				t.Errorf("remediated closure: %v, want allowed %v", err, tc.remediable)
			}
			if err == nil {
				return
			}
			err = c.RequestClosure(Closure{Reason: ClosedLostContact, Note: "Not found."}, DefaultSettings, "", "cw-1", later)
			if (err == nil) != tc.lostContactOK {
				t.Errorf("lost contact closure: %v, want allowed %v", err, tc.lostContactOK)
			}
		})
	}
}

func TestFollowUpOnceAndClosedCase(t *testing.T) {
	t.Parallel()
	c := readyForApproval(t)
	f := NewFollowUp("fu-1", &c, "2026-04-10", later)
	v := inSchool
	v.VisitedOn = "2026-04-10"
	must(t, f.Record(v, "cw-1", later))
	if err := f.Record(v, "cw-1", later); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("second visit on one follow-up: %v", err)
	}
	c.Status = StatusClosed
	if err := c.CanFollowUp(); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("visit on a closed case: %v", err)
	}
	must(t, c.CountFollowUp(f, DefaultSettings, later))
	if c.FollowUps != 0 {
		t.Errorf("a closed case counted a visit")
	}
}

func TestLostContactRecheckedOnApproval(t *testing.T) {
	t.Parallel()
	c := readyForApproval(t)
	c.ContactAttempts = 3
	must(t, c.RequestClosure(Closure{Reason: ClosedLostContact, Note: "Not found."}, DefaultSettings, "", "cw-1", later))
	c.ContactAttempts = 0 // a visit reached the child meanwhile
	if err := c.Decide(SubjectClosure, true, "", "sup-1", later); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("approval after the child was reached: %v", err)
	}
}

func TestVisitValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		v      Visit
		fields []string
	}{
		{"in school", inSchool, nil},
		{"no contact", noContact, nil},
		{"no day", Visit{Contacted: true, Wellbeing: WellbeingGood}, []string{"visited_on"}},
		{"future", Visit{Contacted: true, Wellbeing: WellbeingGood, VisitedOn: "2026-06-01"}, []string{"visited_on"}},
		{"before identification", Visit{Contacted: true, Wellbeing: WellbeingGood, VisitedOn: "2026-03-01"}, []string{"visited_on"}},
		{"attendance above 1", Visit{Contacted: true, InSchool: true, Attendance: share(1.5), Wellbeing: WellbeingGood}, []string{"attendance"}},
		{"attendance out of school", Visit{Contacted: true, Attendance: share(0.5), Wellbeing: WellbeingGood}, []string{"attendance"}},
		{"no wellbeing", Visit{Contacted: true, InSchool: true}, []string{"wellbeing"}},
		{"work without back in work", Visit{Contacted: true, WorkWhat: "x", Wellbeing: WellbeingGood}, []string{"back_in_work"}},
		{"back in work without what", Visit{Contacted: true, BackInWork: true, Wellbeing: WellbeingGood}, []string{"work_what"}},
		{"failed try with findings", Visit{InSchool: true}, []string{"contacted"}},
	} {
		v := tc.v
		if v.VisitedOn == "" && tc.name != "no day" {
			v.VisitedOn = "2026-04-01"
		}
		err := v.Validate("2026-03-10", "2026-05-01")
		var ve *domain.ValidationError
		if tc.fields == nil {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if !errors.As(err, &ve) {
			t.Errorf("%s: %v, want a validation error", tc.name, err)
			continue
		}
		var got []string
		for _, f := range ve.Fields {
			got = append(got, f.Field)
		}
		if len(got) != len(tc.fields) || got[0] != tc.fields[0] {
			t.Errorf("%s: fields %v, want %v", tc.name, got, tc.fields)
		}
	}
}

func TestRetention(t *testing.T) {
	t.Parallel()
	c := readyForApproval(t)
	c.Identity = &Identity{ChildName: "x"}
	now := time.Date(2031, 5, 1, 0, 0, 0, 0, time.UTC)
	if c.PurgeDue(DefaultSettings, now) {
		t.Error("an open case is due for purge")
	}
	c.Status, c.Closure.ClosedAt = StatusClosed, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		years int
		at    time.Time
		want  bool
	}{
		{0, now.Add(-time.Second), false}, {0, now, true}, {1, time.Date(2027, 5, 1, 0, 0, 0, 0, time.UTC), true},
		{1, time.Date(2027, 4, 30, 0, 0, 0, 0, time.UTC), false},
	} {
		if got := c.PurgeDue(Settings{RetentionYears: tc.years}, tc.at); got != tc.want {
			t.Errorf("retention %d years at %v: %v, want %v", tc.years, tc.at, got, tc.want)
		}
	}
	code, n := c.Code, len(c.History)
	if !c.PurgeIdentity("system", now) || c.Identity != nil || c.IdentityPurged.IsZero() || c.Code != code || len(c.History) != n+1 {
		t.Errorf("purge: %+v", c.Identity)
	}
	if c.PurgeIdentity("system", now) || len(c.History) != n+1 {
		t.Error("a second purge changed the case")
	}
}

func TestAnonymiseVisit(t *testing.T) {
	t.Parallel()
	c := readyForApproval(t)
	f := NewFollowUp("fu-1", &c, "2026-04-01", later)
	v := backAtWork
	v.Notes, v.VisitedOn = "His uncle took him back.", "2026-04-01"
	must(t, f.Record(v, "cw-1", later))
	if !f.Anonymise(later) || f.Visit.Notes != "" || f.Visit.WorkWhere != "" || f.Visit.WorkWhat != "liming" || f.Visit.Wellbeing != WellbeingAtRisk {
		t.Errorf("anonymised: %+v", f.Visit)
	}
	if f.Anonymise(later) {
		t.Error("a second pass changed the visit")
	}
	if due := NewFollowUp("fu-2", &c, "2026-05-01", later); due.Anonymise(later) {
		t.Error("a due follow-up changed")
	}
}
