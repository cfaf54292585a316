package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/policies"
	"github.com/danielgtaylor/huma/v2"
)

// settingsPut is a hub's deadlines as an admin sends them. The bounds are
// Settings.Validate's (not the schema's), so that one rule answers with
// the field at fault.
type settingsPut struct {
	CriticalDays        int   `json:"critical_days" doc:"Days to correct a critical finding, 1 to 365."`
	MajorDays           int   `json:"major_days" doc:"Days to correct a major finding, 1 to 365, at least critical_days."`
	MinorDays           int   `json:"minor_days" doc:"Days to correct a minor finding, 1 to 365, at least major_days."`
	SafeguardingHours   int   `json:"safeguarding_hours" doc:"Hours to make a child found at work safe, 1 to 72."`
	RemediationPlanDays int   `json:"remediation_plan_days" doc:"Days to agree a child's remediation plan, 1 to 60, at most critical_days."`
	Version             int64 `json:"version,omitempty" doc:"The version you edited (0 for the defaults); if it changed since, 409."`
}

type auditSettingsBody struct {
	HubID               string     `json:"hub_id"`
	CriticalDays        int        `json:"critical_days"`
	MajorDays           int        `json:"major_days"`
	MinorDays           int        `json:"minor_days"`
	SafeguardingHours   int        `json:"safeguarding_hours"`
	RemediationPlanDays int        `json:"remediation_plan_days"`
	Defaults            bool       `json:"defaults" doc:"True while the hub uses the defaults (nothing stored)."`
	Version             int64      `json:"version" doc:"0 while the hub uses the defaults."`
	Updated             *time.Time `json:"updated,omitempty"`
}

func auditSettingsOut(h *audit.HubSettings) auditSettingsBody {
	v := h.Settings
	b := auditSettingsBody{HubID: h.HubID, CriticalDays: v.CriticalDays, MajorDays: v.MajorDays, MinorDays: v.MinorDays,
		SafeguardingHours: v.SafeguardingHours, RemediationPlanDays: v.RemediationPlanDays, Defaults: h.Version == 0, Version: h.Version}
	b.Updated = when(h.Updated)
	return b
}

func registerAuditSettings(api huma.API, s *server) {
	type settingsOut struct{ Body auditSettingsBody }
	register(api, s, endpoint{method: http.MethodGet, path: "/hubs/{id}/audit-settings", id: "get-audit-settings", tag: "Audits",
		perm: policies.PermAuditSettingsRead, summary: "The hub's deadlines for corrective actions, by severity",
		description: "Operator staff of the hub. A hub that never changed them answers the defaults, marked `defaults`.",
		errors:      []int{http.StatusNotFound}},
		func(ctx context.Context, in *idPath) (*settingsOut, error) {
			h, err := s.Audits.Settings(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			return &settingsOut{auditSettingsOut(h)}, nil
		})
	type settingsIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The object's ID."`
		Body settingsPut
	}
	register(api, s, endpoint{method: http.MethodPut, path: "/hubs/{id}/audit-settings", id: "set-audit-settings", tag: "Audits",
		perm: policies.PermAuditSettingsUpdate, summary: "Replace the hub's deadlines for corrective actions (hub admins)",
		description: "Audits published from then on use them; actions already made keep their due dates.",
		errors:      []int{http.StatusNotFound, http.StatusConflict}},
		func(ctx context.Context, in *settingsIn) (*settingsOut, error) {
			b := in.Body
			h, err := s.Audits.SetSettings(ctx, in.ID, audit.Settings{CriticalDays: b.CriticalDays, MajorDays: b.MajorDays,
				MinorDays: b.MinorDays, SafeguardingHours: b.SafeguardingHours, RemediationPlanDays: b.RemediationPlanDays}, b.Version)
			if err != nil {
				return nil, err
			}
			return &settingsOut{auditSettingsOut(h)}, nil
		})
}
