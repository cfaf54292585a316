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
