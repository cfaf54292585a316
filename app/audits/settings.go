package audits

import (
	"context"
	"errors"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/policies"
)

// settingsOf returns the hub's stored deadlines, or the defaults when its
// admins never changed them. A stored document is filled with the
// defaults too, so a field added later reads its default.
func (s *Service) settingsOf(ctx context.Context, hubID string) (audit.Settings, error) {
	h, err := s.st.AuditSettings.Get(ctx, hubID)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		return audit.DefaultSettings(), nil
	case err != nil:
		return audit.Settings{}, err
	}
	return h.Settings.OrDefaults(), nil
}

// settingsHub checks that the caller may use perm on the hub's settings
// and that the hub exists: an unknown hub has no settings, not the
// defaults.
func (s *Service) settingsHub(ctx context.Context, hubID string, perm policies.Permission) error {
	if !s.enf.Can(domain.ActorFrom(ctx), perm, &audit.HubSettings{HubID: hubID}) {
		return domain.NotVisible("hub")
	}
	_, err := s.st.Hubs.Get(ctx, hubID)
	if errors.Is(err, domain.ErrNotFound) {
		return domain.NotVisible("hub")
	}
	return err
}

// Settings returns a hub's deadlines for corrective actions, for its
// operator staff; version 0 means the hub uses the defaults. Errors: not
// found for an unknown hub or one out of scope.
func (s *Service) Settings(ctx context.Context, hubID string) (*audit.HubSettings, error) {
	if err := s.settingsHub(ctx, hubID, policies.PermAuditSettingsRead); err != nil {
		return nil, err
	}
	h, err := s.st.AuditSettings.Get(ctx, hubID)
	if errors.Is(err, domain.ErrNotFound) {
		return &audit.HubSettings{HubID: hubID, Settings: audit.DefaultSettings()}, nil
	}
	if err != nil {
		return nil, err
	}
	h.Settings = h.Settings.OrDefaults()
	return h, nil
}

// SetSettings replaces a hub's deadlines; audits published from then on
// use them (actions already made keep their due dates). version, when not
// 0, must be the stored version (0 for the defaults), so two admins
// editing at once do not overwrite each other. Errors: not found as
// Settings; a validation error listing the fields at fault;
// domain.ErrConflict for a stale version.
func (s *Service) SetSettings(ctx context.Context, hubID string, set audit.Settings, version int64) (*audit.HubSettings, error) {
	a := domain.ActorFrom(ctx)
	if err := s.settingsHub(ctx, hubID, policies.PermAuditSettingsUpdate); err != nil {
		return nil, err
	}
	if err := set.Validate(); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	h, err := store.SaveVersioned(ctx, s.st.AuditSettings.Coll, hubID, version,
		func(h *audit.HubSettings) int64 { return h.Version },
		func(h *audit.HubSettings) { h.Settings, h.Updated, h.UpdatedBy = set, now, a.UserID },
		func() *audit.HubSettings {
			return &audit.HubSettings{HubID: hubID, Settings: set, Updated: now, UpdatedBy: a.UserID}
		})
	if err != nil {
		return nil, err
	}
	if err := s.activity.Record(ctx, "audit_settings.update", policies.HubNode(hubID)); err != nil {
		return nil, err
	}
	return h, nil
}
