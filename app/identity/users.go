package identity

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/policies"
)

func itoa(i int) string { return strconv.Itoa(i) }

// NewUser is the input to CreateUser.
type NewUser struct {
	OrgID, Email, Name, Password string
	Role                         domain.Role
}

// CreateUser adds a person to an organisation in the caller's scope, with a
// role that fits the organisation's kind.
func (s *Service) CreateUser(ctx context.Context, in NewUser) (*domain.User, error) {
	a := domain.ActorFrom(ctx)
	in.Email = domain.NormalizeEmail(in.Email)
	v := &domain.ValidationError{}
	domain.ValidateEmail("email", in.Email, v)
	domain.ValidateName("name", in.Name, v)
	domain.ValidatePassword("password", in.Password, v)
	org, err := store.GetVisible(ctx, s.enf, s.st.Orgs.Coll, in.OrgID, policies.PermUsersCreate)
	if errors.Is(err, domain.ErrNotFound) {
		v.Add("org_id", "is not an organisation you can add people to")
	} else if err != nil {
		return nil, err
	} else {
		domain.CheckRoleFitsOrg(in.Role, org.Kind, v)
		if in.Role == domain.RolePlatformAdmin && a.Role != domain.RolePlatformAdmin {
			v.Add("role", "only the platform can add platform admins")
		}
		if org.Disabled {
			v.Add("org_id", "the organisation is disabled")
		}
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	hash, err := s.hash.Hash(ctx, in.Password)
	if err != nil {
		return nil, err
	}
	u := &domain.User{ID: newID(), Email: in.Email, Name: strings.TrimSpace(in.Name), Role: in.Role, OrgID: org.ID,
		HubIDs: org.HubIDs, PasswordHash: hash, Created: s.now().UTC(), CreatedBy: a.UserID}
	if err := s.st.Users.Insert(ctx, u); err != nil {
		if errors.Is(err, domain.ErrConflict) {
			return nil, domain.Conflictf("A user with e-mail %s already exists.", u.Email)
		}
		return nil, err
	}
	if err := s.enf.Add(ctx, policies.Relation{Subject: policies.UserNode(u.ID), Object: policies.OrgNode(org.ID)}); err != nil {
		return nil, err
	}
	for _, h := range org.HubIDs {
		link := &domain.UserHub{ID: u.ID + "|" + h, UserID: u.ID, HubID: h, OrgID: org.ID, Role: u.Role, Created: u.Created}
		if err := s.st.UserHubs.Insert(ctx, link); err != nil {
			return nil, err
		}
	}
	if _, err := s.outbox.Queue(ctx, u.Email, "Your Action Hub account",
		"An Action Hub account was opened for you at "+org.Name+" with the role "+string(u.Role)+".\n"+
			"Your administrator gives you your first password. Log in with this e-mail address."); err != nil {
		return nil, err
	}
	return u, s.activity.Record(ctx, "users.create", "user:"+u.ID)
}

// GetUser returns a user whose organisation is in the caller's scope.
func (s *Service) GetUser(ctx context.Context, id string) (*domain.User, error) {
	return store.GetVisible(ctx, s.enf, s.st.Users.Coll, id, policies.PermUsersRead)
}

// UserFilter selects people to list.
type UserFilter struct {
	OrgID  string      // one organisation in the caller's scope
	HubID  string      // every person of a hub (operator staff and the platform)
	Role   domain.Role // with HubID: only this role
	Cursor string
	Limit  int
}

// ListUsers lists people in the caller's scope, oldest first: one
// organisation's when OrgID is given; a hub's when HubID is given (operator
// staff of that hub, the platform); otherwise the caller's own organisation.
func (s *Service) ListUsers(ctx context.Context, f UserFilter) ([]*domain.User, string, error) {
	a := domain.ActorFrom(ctx)
	if f.Role != "" && !f.Role.Valid() {
		return nil, "", domain.Invalid("role", "is not a known role")
	}
	if f.HubID != "" && f.OrgID == "" {
		if _, err := s.enf.HubFor(a, policies.PermUsersList, f.HubID, domain.InHub); err != nil {
			return nil, "", err
		}
		links, next, err := s.st.UserHubs.OfHub(ctx, f.HubID, f.Role, store.Page{After: f.Cursor, Limit: f.Limit})
		if err != nil {
			return nil, "", err
		}
		ids := make([]string, len(links))
		for i, l := range links {
			ids[i] = l.UserID
		}
		us, err := s.st.Users.GetMany(ctx, ids)
		return us, next, err
	}
	if f.OrgID == "" {
		f.OrgID = a.OrgID
	}
	if _, err := store.GetVisible(ctx, s.enf, s.st.Orgs.Coll, f.OrgID, policies.PermUsersList); err != nil {
		return nil, "", err
	}
	return s.st.Users.OfOrg(ctx, f.OrgID, f.Role, store.Page{After: f.Cursor, Limit: f.Limit})
}

// SetUserDisabled disables or re-enables a user. Disabling ends the
// user's sessions and revokes their API keys for good: enabling them again
// does not bring old credentials back.
func (s *Service) SetUserDisabled(ctx context.Context, id string, disabled bool) (*domain.User, error) {
	if _, err := store.GetVisible(ctx, s.enf, s.st.Users.Coll, id, policies.PermUsersDisable); err != nil {
		return nil, err
	}
	if id == domain.ActorFrom(ctx).UserID {
		return nil, domain.Conflictf("You cannot disable yourself.")
	}
	u, err := s.st.Users.Update(ctx, id, func(u *domain.User) error {
		u.Disabled = disabled
		return nil
	})
	if err != nil {
		return nil, err
	}
	if disabled {
		if err := s.endCredentials(ctx, id); err != nil {
			return nil, err
		}
	}
	action := "users.enable"
	if disabled {
		action = "users.disable"
	}
	return u, s.activity.Record(ctx, action, "user:"+id)
}

// endCredentials deletes every session of the user and revokes every API
// key. It runs after the user is marked disabled, so a login racing with it
// either is swept here or sees the flag itself.
func (s *Service) endCredentials(ctx context.Context, userID string) error {
	for {
		ss, err := s.st.Sessions.OfUser(ctx, userID, 200)
		if err != nil {
			return err
		}
		for _, x := range ss {
			if err := s.st.Sessions.Delete(ctx, x.ID); err != nil && !errors.Is(err, domain.ErrNotFound) {
				return err
			}
		}
		if len(ss) < 200 {
			break
		}
	}
	now := s.now().UTC()
	for after := ""; ; {
		ks, next, err := s.st.APIKeys.OfUser(ctx, userID, store.Page{After: after, Limit: 200})
		if err != nil {
			return err
		}
		for _, k := range ks {
			if k.Revoked {
				continue
			}
			if _, err := s.st.APIKeys.Update(ctx, k.ID, func(k *domain.APIKey) error {
				if !k.Revoked {
					k.Revoked, k.RevokedAt = true, now
				}
				return nil
			}); err != nil && !errors.Is(err, domain.ErrNotFound) {
				return err
			}
		}
		if next == "" {
			return nil
		}
		after = next
	}
}

// Me returns the caller's user and organisation, as loaded when the
// caller's token was checked.
func (s *Service) Me(ctx context.Context) (*domain.User, *domain.Organisation, error) {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	if p == nil {
		return nil, nil, domain.ErrUnauthenticated
	}
	return p.User, p.Org, nil
}

// NewAPIKeyResult is a new key; Key is shown once and never again.
type NewAPIKeyResult struct {
	APIKey *domain.APIKey
	Key    string
}

// NewAPIKey is the input to CreateAPIKey. At most one of ExpiresAt and
// ExpiresInDays is set; neither means the key lasts until revoked.
type NewAPIKey struct {
	Name          string
	ExpiresAt     time.Time
	ExpiresInDays int
}

// CreateAPIKey issues a key acting as the caller. Only a login session may
// make keys (domain.ErrForbidden for a call made with a key): a stolen key
// must not be able to mint others that outlive its revocation.
func (s *Service) CreateAPIKey(ctx context.Context, in NewAPIKey) (*NewAPIKeyResult, error) {
	a := domain.ActorFrom(ctx)
	if a.SessionID == "" {
		return nil, domain.Forbiddenf("API keys are made from a login session, not with another API key.")
	}
	now := s.now().UTC()
	v := &domain.ValidationError{}
	domain.ValidateName("name", in.Name, v)
	var expires time.Time
	switch {
	case !in.ExpiresAt.IsZero() && in.ExpiresInDays != 0:
		v.Add("expires_at", "give expires_at or expires_in_days, not both")
	case in.ExpiresInDays != 0:
		if in.ExpiresInDays < 1 || in.ExpiresInDays > int(domain.MaxAPIKeyLifetime/(24*time.Hour)) {
			v.Add("expires_in_days", "must be 1 to 365")
		}
		expires = now.AddDate(0, 0, in.ExpiresInDays)
	case !in.ExpiresAt.IsZero():
		if expires = in.ExpiresAt.UTC(); !expires.After(now) || expires.Sub(now) > domain.MaxAPIKeyLifetime {
			v.Add("expires_at", "must be in the future and at most a year away")
		}
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	secret := newSecret()
	k := &domain.APIKey{ID: newID(), UserID: a.UserID, OrgID: a.OrgID, Name: strings.TrimSpace(in.Name),
		SecretHash: keyedHash(s.keys[0], secret), Created: now, Expires: expires}
	if err := s.st.APIKeys.Insert(ctx, k); err != nil {
		return nil, err
	}
	return &NewAPIKeyResult{APIKey: k, Key: apiKeyPrefix + k.ID + "." + secret}, s.activity.Record(ctx, "api_keys.create", "api_key:"+k.ID)
}

// ListAPIKeys lists the caller's keys, newest last.
func (s *Service) ListAPIKeys(ctx context.Context, cursor string, limit int) ([]*domain.APIKey, string, error) {
	return s.st.APIKeys.OfUser(ctx, domain.ActorFrom(ctx).UserID, store.Page{After: cursor, Limit: limit})
}

// RevokeAPIKey revokes one of the caller's keys; it stops working at once.
func (s *Service) RevokeAPIKey(ctx context.Context, id string) error {
	a := domain.ActorFrom(ctx)
	_, err := s.st.APIKeys.Update(ctx, id, func(k *domain.APIKey) error {
		if k.UserID != a.UserID {
			return domain.ErrNotFound
		}
		if !k.Revoked {
			k.Revoked, k.RevokedAt = true, s.now().UTC()
		}
		return nil
	})
	if errors.Is(err, domain.ErrNotFound) {
		return domain.NotFoundf("You have no API key with ID %s.", id)
	}
	if err != nil {
		return err
	}
	return s.activity.Record(ctx, "api_keys.revoke", "api_key:"+id)
}

// SetLanguage keeps the language the caller chose for the pages on their
// user, so signing in on another device brings it back. Only the caller's
// own user: a preference, not an administrator's setting.
func (s *Service) SetLanguage(ctx context.Context, lang domain.Language) (*domain.User, error) {
	a := domain.ActorFrom(ctx)
	if !lang.Valid() {
		return nil, domain.Invalid("language", "must be en or ur")
	}
	if a.UserID == "" {
		return nil, domain.ErrUnauthenticated
	}
	u, err := s.st.Users.Update(ctx, a.UserID, func(u *domain.User) error {
		u.Language = lang
		return nil
	})
	if err != nil {
		return nil, err
	}
	return u, s.activity.Record(ctx, "users.language", "user:"+u.ID)
}
