// Package identity runs hubs, organisations, users, logins and API keys:
// who someone is, which organisation they act for, and which hubs they see.
package identity

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/actionhub/actionhub/app/activity"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/policies"
	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"
)

// Token prefixes tell a login token from an API key at a glance, in logs
// and in secret scanners.
const (
	sessionPrefix = "ahs_"
	apiKeyPrefix  = "ahk_"
)

// Service is the identity service.
type Service struct {
	st       *store.Store
	enf      *policies.Enforcer
	activity *activity.Log
	outbox   Outbox
	throttle throttle
	hash     *hasher
	keys     [][]byte // token hash keys: the current first, then those still accepted during a rotation
	now      func() time.Time
	log      *slog.Logger
	dummy    string // a hash to verify against when the account is unknown, so timing does not tell
}

// Outbox queues a message to a person; delivery is a job's.
type Outbox interface {
	Queue(ctx context.Context, to, subject, body string) (*domain.Notification, error)
}

// New returns the identity service. keys key token hashes: new tokens are
// hashed with the first; tokens hashed with the others (SECRET_KEY_PREVIOUS)
// still sign in, so rotating the secret key ends no session or API key.
// now is the clock.
func New(st *store.Store, enf *policies.Enforcer, al *activity.Log, ob Outbox, rdb redis.UniversalClient, keys [][]byte, now func() time.Time, log *slog.Logger) (*Service, error) {
	if len(keys) == 0 {
		return nil, errors.New("identity: no key for token hashes")
	}
	s := &Service{st: st, enf: enf, activity: al, outbox: ob, throttle: throttle{rdb}, hash: newHasher(2), keys: keys, now: now, log: log}
	d, err := s.hash.Hash(context.Background(), "not a password anyone has")
	if err != nil {
		return nil, err
	}
	s.dummy = d
	return s, nil
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// LoginResult is a new session's token, shown once.
type LoginResult struct {
	Token   string
	Expires time.Time
	User    *domain.User
}

// Login checks the password and opens a session. Wrong e-mail and wrong
// password answer alike (domain.ErrUnauthenticated); too many failures
// answer a *domain.RateLimited with the wait.
func (s *Service) Login(ctx context.Context, email, password, ip string) (*LoginResult, error) {
	email = domain.NormalizeEmail(email)
	if err := s.throttle.reserve(ctx, email, ip); err != nil {
		return nil, err
	}
	u, err := s.userByEmail(ctx, email)
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return nil, err
	}
	hash := s.dummy
	if u != nil {
		hash = u.PasswordHash
	}
	ok, err := s.hash.Verify(ctx, hash, password)
	if err != nil {
		return nil, err
	}
	if !ok || u == nil || u.Disabled { // the reservation stays counted as a failure
		return nil, domain.Unauthenticatedf("The e-mail or password is wrong, or the account is disabled.")
	}
	if err := s.throttle.release(ctx, email, ip); err != nil {
		s.log.WarnContext(ctx, "login throttle: reservation not given back", "err", err)
	}
	now := s.now().UTC()
	secret := newSecret()
	sess := &domain.Session{ID: newID(), UserID: u.ID, SecretHash: keyedHash(s.keys[0], secret), Created: now, Expires: now.Add(domain.SessionLifetime)}
	if err := s.st.Sessions.Insert(ctx, sess); err != nil {
		return nil, err
	}
	// Disabling sets the flag, then ends every session: one opened in between
	// must see the flag here and end itself.
	if again, err := s.st.Users.Get(ctx, u.ID); err != nil || again.Disabled {
		_ = s.st.Sessions.Delete(context.WithoutCancel(ctx), sess.ID)
		if err != nil {
			return nil, err
		}
		return nil, domain.Unauthenticatedf("The e-mail or password is wrong, or the account is disabled.")
	}
	actx := domain.WithActor(ctx, domain.Actor{UserID: u.ID, OrgID: u.OrgID, Role: u.Role, RequestID: domain.ActorFrom(ctx).RequestID, IP: ip})
	if err := s.activity.Record(actx, "auth.login", "user:"+u.ID); err != nil {
		return nil, err
	}
	return &LoginResult{Token: sessionPrefix + sess.ID + "." + secret, Expires: sess.Expires, User: u}, nil
}

// Logout ends the caller's session at once. A call made with an API key has
// no session to end.
func (s *Service) Logout(ctx context.Context) error {
	a := domain.ActorFrom(ctx)
	if a.SessionID == "" {
		return domain.Invalid("authorization", "logout ends a login session; revoke an API key instead")
	}
	if err := s.st.Sessions.Delete(ctx, a.SessionID); err != nil && !errors.Is(err, domain.ErrNotFound) {
		return err
	}
	return s.activity.Record(ctx, "auth.logout", "user:"+a.UserID)
}

// Principal is who a token belongs to: the actor for every decision, and
// the user and organisation as loaded, so a request never reads them twice.
type Principal struct {
	Actor domain.Actor
	User  *domain.User
	Org   *domain.Organisation
}

type principalKey struct{}

// WithPrincipal returns ctx carrying p and its actor.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(domain.WithActor(ctx, p.Actor), principalKey{}, p)
}

// Authenticate turns a bearer token into the principal behind it. Every
// failure is domain.ErrUnauthenticated without saying why, except the store
// being unavailable. Lookups are by ID: a token names its session or key.
func (s *Service) Authenticate(ctx context.Context, token string) (*Principal, error) {
	a, u, org, err := s.authenticate(ctx, token)
	if err != nil {
		return nil, err
	}
	return &Principal{Actor: a, User: u, Org: org}, nil
}

func (s *Service) authenticate(ctx context.Context, token string) (domain.Actor, *domain.User, *domain.Organisation, error) {
	unauth := domain.Unauthenticatedf("The token is missing, expired or revoked. Log in again.")
	var prefix string
	switch {
	case strings.HasPrefix(token, sessionPrefix):
		prefix = sessionPrefix
	case strings.HasPrefix(token, apiKeyPrefix):
		prefix = apiKeyPrefix
	default:
		return domain.Actor{}, nil, nil, unauth
	}
	id, secret, ok := strings.Cut(token[len(prefix):], ".")
	if !ok || id == "" || secret == "" || len(id) > 64 {
		return domain.Actor{}, nil, nil, unauth
	}
	var a domain.Actor
	var userID string
	if prefix == sessionPrefix {
		sess, err := s.st.Sessions.Get(ctx, id)
		if err != nil {
			return domain.Actor{}, nil, nil, notFoundAs(err, unauth)
		}
		if !s.tokenMatches(sess.SecretHash, secret) || !s.now().Before(sess.Expires) {
			return domain.Actor{}, nil, nil, unauth
		}
		userID, a.SessionID = sess.UserID, sess.ID
	} else {
		k, err := s.st.APIKeys.Get(ctx, id)
		if err != nil {
			return domain.Actor{}, nil, nil, notFoundAs(err, unauth)
		}
		expired := !k.Expires.IsZero() && !s.now().Before(k.Expires)
		if k.Revoked || expired || !s.tokenMatches(k.SecretHash, secret) {
			return domain.Actor{}, nil, nil, unauth
		}
		userID, a.APIKeyID = k.UserID, k.ID
	}
	u, err := s.st.Users.Get(ctx, userID)
	if err != nil {
		return domain.Actor{}, nil, nil, notFoundAs(err, unauth)
	}
	org, err := s.st.Orgs.Get(ctx, u.OrgID)
	if err != nil {
		return domain.Actor{}, nil, nil, notFoundAs(err, unauth)
	}
	if u.Disabled || org.Disabled {
		return domain.Actor{}, nil, nil, unauth
	}
	a.UserID, a.OrgID, a.OrgKind, a.Role, a.HubIDs = u.ID, org.ID, org.Kind, u.Role, org.HubIDs
	return a, u, org, nil
}

// notFoundAs turns not found into alt and keeps other errors (unavailable).
func notFoundAs(err, alt error) error {
	if errors.Is(err, domain.ErrNotFound) {
		return alt
	}
	return err
}

func (s *Service) userByEmail(ctx context.Context, email string) (*domain.User, error) {
	return s.st.Users.ByEmail(ctx, email)
}

// DeleteExpiredSessions removes sessions past their expiry; the periodic
// sweep calls it. Expired sessions are already refused; this keeps the
// collection small.
func (s *Service) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	n := 0
	for {
		ss, err := s.st.Sessions.ExpiredBefore(ctx, now, 200)
		if err != nil {
			return n, err
		}
		for _, x := range ss {
			if err := s.st.Sessions.Delete(ctx, x.ID); err != nil && !errors.Is(err, domain.ErrNotFound) {
				return n, err
			}
			n++
		}
		if len(ss) < 200 {
			return n, nil
		}
	}
}
