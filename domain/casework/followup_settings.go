package casework

import (
	"fmt"
	"time"

	"github.com/actionhub/actionhub/domain"
)

// OrDefaults fills every zero field with its default, so a hub that set
// only some settings (or a field added later) reads the defaults.
func (s Settings) OrDefaults() Settings {
	fill := func(v *int, def int) {
		if *v == 0 {
			*v = def
		}
	}
	fill(&s.LostContactTries, DefaultSettings.LostContactTries)
	fill(&s.FollowUpMonths, DefaultSettings.FollowUpMonths)
	fill(&s.RetentionYears, DefaultSettings.RetentionYears)
	return s
}

// Validate returns a validation error listing every field at fault. A
// follow-up at most every 6 months still sees a child twice a year; a
// retention of at least 1 year leaves time to reopen a case that closed
// too soon, and at most 25 covers a child identified at 5 until 30.
func (s Settings) Validate() error {
	v := &domain.ValidationError{}
	within := func(field string, n, lo, hi int) {
		if n < lo || n > hi {
			v.Add(field, fmt.Sprintf("must be from %d to %d", lo, hi))
		}
	}
	within("lost_contact_tries", s.LostContactTries, 1, 12)
	within("follow_up_months", s.FollowUpMonths, 1, 6)
	within("retention_years", s.RetentionYears, 1, 25)
	return v.OrNil()
}

// HubSettings is a hub's stored Settings, one document per hub, set by its
// admins; a hub without one uses DefaultSettings.
type HubSettings struct {
	HubID     string
	Version   int64
	Settings  Settings
	Updated   time.Time
	UpdatedBy string
}

// Scope is the hub's: its operator staff read the settings, its admins
// change them.
func (h *HubSettings) Scope() domain.Scope { return domain.InHub(h.HubID) }
