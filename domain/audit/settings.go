package audit

import (
	"fmt"
	"time"

	"github.com/actionhub/actionhub/domain"
)

// Settings are a hub's deadlines for corrective actions, counted from the
// audit's publication. A zero field takes its default (OrDefaults), so a hub
// that never changed its settings needs nothing stored.
type Settings struct {
	CriticalDays        int // a critical finding's correction
	MajorDays           int
	MinorDays           int
	SafeguardingHours   int // a child's (or a young worker's) immediate safeguarding
	RemediationPlanDays int // a child's remediation plan agreed with the hub
}

// HubSettings is a hub's stored Settings, one document per hub, edited by
// its admins; a hub without one uses DefaultSettings.
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

// DefaultSettings are the deadlines a hub starts with:
// critical 30 days, major 60, minor 90; for a child, safeguarding within 24
// hours and a remediation plan within 14 days. Observations get no action.
func DefaultSettings() Settings {
	return Settings{CriticalDays: 30, MajorDays: 60, MinorDays: 90, SafeguardingHours: 24, RemediationPlanDays: 14}
}

// OrDefaults fills every zero field with its default.
func (s Settings) OrDefaults() Settings {
	d := DefaultSettings()
	fill := func(v *int, def int) {
		if *v == 0 {
			*v = def
		}
	}
	fill(&s.CriticalDays, d.CriticalDays)
	fill(&s.MajorDays, d.MajorDays)
	fill(&s.MinorDays, d.MinorDays)
	fill(&s.SafeguardingHours, d.SafeguardingHours)
	fill(&s.RemediationPlanDays, d.RemediationPlanDays)
	return s
}

// Validate returns a validation error listing every field at fault: each
// deadline within bounds, a more severe finding never given more time than
// a less severe one, and a child's safeguarding at most 72 hours, because
// a child found at work must be made safe at once.
func (s Settings) Validate() error {
	v := &domain.ValidationError{}
	within := func(field string, n, lo, hi int) bool {
		if n < lo || n > hi {
			v.Add(field, fmt.Sprintf("must be from %d to %d", lo, hi))
			return false
		}
		return true
	}
	c := within("critical_days", s.CriticalDays, 1, 365)
	m := within("major_days", s.MajorDays, 1, 365)
	n := within("minor_days", s.MinorDays, 1, 365)
	within("safeguarding_hours", s.SafeguardingHours, 1, 72)
	p := within("remediation_plan_days", s.RemediationPlanDays, 1, 60)
	if c && m && s.MajorDays < s.CriticalDays {
		v.Add("major_days", "must be at least critical_days")
	}
	if m && n && s.MinorDays < s.MajorDays {
		v.Add("minor_days", "must be at least major_days")
	}
	if c && p && s.RemediationPlanDays > s.CriticalDays {
		v.Add("remediation_plan_days", "must be at most critical_days")
	}
	return v.OrNil()
}
