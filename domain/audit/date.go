package audit

import "time"

// Date is a calendar day in the hub's time zone, written "2006-01-02".
// Audit windows are days, not instants: an auditor is booked for whole days
// where the supplier is, so comparing days avoids time-zone edges. The
// string form sorts in date order, so the store can index and compare it.
type Date string

const dateLayout = "2006-01-02"

// ParseDate reads a "2006-01-02" day; ok is false for anything else.
func ParseDate(s string) (d Date, ok bool) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return "", false
	}
	return Date(t.Format(dateLayout)), true
}

// DateOf is the day t falls on in loc (the hub's time zone).
func DateOf(t time.Time, loc *time.Location) Date {
	return Date(t.In(loc).Format(dateLayout))
}

// Valid reports whether d is a real day in the "2006-01-02" form.
func (d Date) Valid() bool {
	p, ok := ParseDate(string(d))
	return ok && p == d
}

// AddDays returns the day n days after d (before when n < 0). d must be valid.
func (d Date) AddDays(n int) Date {
	t, _ := time.Parse(dateLayout, string(d))
	return Date(t.AddDate(0, 0, n).Format(dateLayout))
}

// AddMonths returns the day n months after d, normalised as time.AddDate
// does (31 January plus one month is 3 March).
func (d Date) AddMonths(n int) Date {
	t, _ := time.Parse(dateLayout, string(d))
	return Date(t.AddDate(0, n, 0).Format(dateLayout))
}

// Start is the first instant of d in loc.
func (d Date) Start(loc *time.Location) time.Time {
	t, _ := time.ParseInLocation(dateLayout, string(d), loc)
	return t
}

// Window is the days an audit may take place, both included.
type Window struct {
	From Date
	To   Date
}

// Overlaps reports whether w and o share at least one day. Both ends are
// included, so a window ending on the day another starts overlaps it: an
// auditor cannot be at two factories on one day.
func (w Window) Overlaps(o Window) bool { return w.From <= o.To && o.From <= w.To }

// Days is the number of days in w, both ends included.
func (w Window) Days() int {
	f, _ := time.Parse(dateLayout, string(w.From))
	t, _ := time.Parse(dateLayout, string(w.To))
	return int(t.Sub(f).Hours()/24) + 1
}
