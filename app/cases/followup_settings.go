package cases

import (
	"context"
	"errors"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/policies"
)

// settingsOf returns the hub's stored case-work settings, or the defaults
// when its admins never set them; a stored document is filled with the
// defaults too, so a field added later reads its default.
func (s *Service) settingsOf(ctx context.Context, hubID string) (casework.Settings, error) {
	h, err := s.st.CaseSettings.Get(ctx, hubID)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		return casework.DefaultSettings.OrDefaults(), nil
	case err != nil:
		return casework.Settings{}, err
	}
	return h.Settings.OrDefaults(), nil
}

// settingsHub checks that the caller may use perm on the hub's settings
// and that the hub exists.
func (s *Service) settingsHub(ctx context.Context, hubID string, perm policies.Permission) error {
	if !s.enf.Can(domain.ActorFrom(ctx), perm, &casework.HubSettings{HubID: hubID}) {
		return domain.NotVisible("hub")
	}
	_, err := s.st.Hubs.Get(ctx, hubID)
	if errors.Is(err, domain.ErrNotFound) {
		return domain.NotVisible("hub")
	}
	return err
}

// Settings returns a hub's case-work settings, for its operator staff;
// version 0 means the hub uses the defaults. Errors: not found for an
// unknown hub or one out of scope.
func (s *Service) Settings(ctx context.Context, hubID string) (*casework.HubSettings, error) {
	if err := s.settingsHub(ctx, hubID, policies.PermCaseSettingsRead); err != nil {
		return nil, err
	}
	h, err := s.st.CaseSettings.Get(ctx, hubID)
	if errors.Is(err, domain.ErrNotFound) {
		return &casework.HubSettings{HubID: hubID, Settings: casework.DefaultSettings.OrDefaults()}, nil
	}
	if err != nil {
		return nil, err
	}
	h.Settings = h.Settings.OrDefaults()
	return h, nil
}

// SetSettings replaces a hub's case-work settings. Follow-ups already due
// keep their day (the new interval applies from the next visit); the
// retention purge reads the new period at its next run. version, when not
// 0, must be the stored version (0 for the defaults). Errors: not found as
// Settings; a validation error listing the fields at fault;
// domain.ErrConflict for a stale version.
func (s *Service) SetSettings(ctx context.Context, hubID string, set casework.Settings, version int64) (*casework.HubSettings, error) {
	a := domain.ActorFrom(ctx)
	if err := s.settingsHub(ctx, hubID, policies.PermCaseSettingsUpdate); err != nil {
		return nil, err
	}
	if err := set.Validate(); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	h, err := store.SaveVersioned(ctx, s.st.CaseSettings.Coll, hubID, version,
		func(h *casework.HubSettings) int64 { return h.Version },
		func(h *casework.HubSettings) { h.Settings, h.Updated, h.UpdatedBy = set, now, a.UserID },
		func() *casework.HubSettings {
			return &casework.HubSettings{HubID: hubID, Settings: set, Updated: now, UpdatedBy: a.UserID}
		})
	if err != nil {
		return nil, err
	}
	if err := s.activity.Record(ctx, "case_settings.update", policies.HubNode(hubID)); err != nil {
		return nil, err
	}
	return h, nil
}
