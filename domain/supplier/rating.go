package supplier

import "time"

// SiteRating is the site's current rating as its latest published audit
// gave it, with the next audit that rating asks for. It is a published
// result: whoever may see the supplier may see it.
type SiteRating struct {
	AuditID       string
	Published     time.Time
	Grade         string // amfori's A to E
	Percent       int    // share of requirements met
	ZeroTolerance bool
	NextAuditType string
	NextAuditDue  string // the day the next audit must start by, 2006-01-02
}

// Rate keeps r as the current rating unless a rating from the same or a
// later audit is kept already; false when nothing changed, so that a
// repeated publication step writes nothing.
func (s *Supplier) Rate(r SiteRating) bool {
	if cur := s.Rating; cur != nil && (cur.AuditID == r.AuditID || cur.Published.After(r.Published)) {
		return false
	}
	s.Rating = &r
	return true
}
