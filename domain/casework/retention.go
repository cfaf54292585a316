package casework

import "time"

// RetentionEnds is when a closed case's identity is to be purged: the
// hub's retention period after it closed. The zero time for an open case.
func (c *Case) RetentionEnds(set Settings) time.Time {
	if c.Status != StatusClosed || c.Closure.ClosedAt.IsZero() {
		return time.Time{}
	}
	return c.Closure.ClosedAt.AddDate(set.OrDefaults().RetentionYears, 0, 0)
}

// PurgeDue reports whether the case's identity is to be purged at now.
func (c *Case) PurgeDue(set Settings, now time.Time) bool {
	end := c.RetentionEnds(set)
	return !end.IsZero() && !now.Before(end)
}

// Anonymise clears a follow-up's free text that may name the child, the
// family or a place (the notes, where the child was found working) for
// the retention purge, keeping the facts (in school, attendance, what
// work, wellbeing, the day). It reports whether anything changed.
func (f *FollowUp) Anonymise(at time.Time) bool {
	if f.Visit == nil || (f.Visit.Notes == "" && f.Visit.WorkWhere == "") {
		return false
	}
	v := *f.Visit
	v.Notes, v.WorkWhere = "", ""
	f.Visit, f.Updated = &v, at
	return true
}

// PurgeIdentity clears the child's identity (the photo's blob is the
// caller's to delete first), keeping the anonymised facts, counts, plan,
// visits and history. It reports whether there was anything to clear, so
// a second purge changes nothing.
func (c *Case) PurgeIdentity(by string, at time.Time) bool {
	if c.Identity == nil {
		return false
	}
	c.Identity = nil
	c.IdentityPurged = at
	c.record(by, at, "identity_purged", "retention", "identity")
	return true
}
