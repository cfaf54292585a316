// Package policies decides who may do what on which object. Casbin evaluates
// the model (model.conf) with the role grants (policy.csv), both embedded;
// the scope relations are held in memory beside it and searched by the
// matcher's reach function. A RelationStore persists the relations and
// Redis pub/sub carries changes between API replicas.
//
// A decision reads no p rule, so Casbin evaluates the matcher once, and the
// scope search touches only the nodes near the subject and the object: a
// few microseconds at 100k relations, with no decision cache to go stale.
package policies

import (
	"context"
	_ "embed"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	defaultrolemanager "github.com/casbin/casbin/v2/rbac/default-role-manager"
	"github.com/google/uuid"

	"github.com/actionhub/actionhub/domain"
)

//go:embed model.conf
var modelText string

// Depths of the searches. Grants are one link (role → permission; two
// leave room for a role that includes another). Scope chains are short
// today (user → org → hub or supplier is two links); four leave room, and
// a refusal at 100k relations still costs under 2 µs.
const (
	roleDepth  = 2
	scopeDepth = 4
)

// DefaultChannel is the Redis channel replicas announce relation changes on.
const DefaultChannel = "actionhub:relations"

// DefaultReloadEvery is how often Sync reloads every relation from the store,
// to repair any change whose announcement was lost.
const DefaultReloadEvery = 5 * time.Minute

type options struct {
	channel     string
	reloadEvery time.Duration
	log         *slog.Logger
}

// Option tunes an Enforcer.
type Option func(*options)

// WithChannel sets the Redis channel (DefaultChannel otherwise). Replicas of
// one deployment must share it.
func WithChannel(name string) Option { return func(o *options) { o.channel = name } }

// WithReloadEvery sets how often Sync reloads from the store; zero or less
// turns the periodic reload off (reloads on reconnect remain).
func WithReloadEvery(d time.Duration) Option { return func(o *options) { o.reloadEvery = d } }

// WithLogger sets where warnings go (slog.Default otherwise).
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.log = l } }

// state is one loaded enforcer; a reload builds a new one and swaps it in.
type state struct {
	ce    *casbin.Enforcer
	scope *graph // behind the matcher's reach()
}

// Enforcer makes every authorization decision. It is safe for concurrent
// use.
type Enforcer struct {
	store  RelationStore
	opts   options
	origin string // tells this replica's announcements from others'

	// mu guards st: decisions read under it; relation changes and the swap
	// of a reload write under it.
	mu sync.RWMutex
	st state

	// writeMu orders each store write with its in-memory change, so a
	// replica's memory follows its store writes in the same order; reloads
	// and applying others' announcements take it too.
	writeMu sync.Mutex

	pub     atomic.Pointer[publisher] // set while Sync runs
	reloads atomic.Int64              // completed reloads, for tests to wait on

	// perms lists each role's permissions, and held is the same as a set
	// for Can. The grants are embedded and never change while running, so
	// they are worked out once.
	perms map[domain.Role][]Permission
	held  map[domain.Role]map[Permission]bool
}

// New builds the enforcer from the embedded model and grants and loads every
// relation from store. It fails if policy.csv grants an unknown role or
// permission, or if the store cannot be read.
func New(ctx context.Context, store RelationStore, opts ...Option) (*Enforcer, error) {
	e := &Enforcer{
		store:  store,
		opts:   options{channel: DefaultChannel, reloadEvery: DefaultReloadEvery, log: slog.Default()},
		origin: uuid.NewString(),
	}
	for _, o := range opts {
		o(&e.opts)
	}
	st, err := e.load(ctx)
	if err != nil {
		return nil, err
	}
	e.st = st
	e.perms = make(map[domain.Role][]Permission, len(domain.Roles))
	e.held = make(map[domain.Role]map[Permission]bool, len(domain.Roles))
	for _, r := range domain.Roles {
		e.held[r] = map[Permission]bool{}
		for _, p := range all {
			if e.Allowed(r, p) {
				e.perms[r] = append(e.perms[r], p)
				e.held[r][p] = true
			}
		}
	}
	return e, nil
}

// load builds a fresh Casbin enforcer with the grants, and a scope graph
// with every stored relation behind the matcher's reach function.
// Relations stay out of Casbin's policy list, which would double the memory
// and make each removal linear in its length.
func (e *Enforcer) load(ctx context.Context) (state, error) {
	g, err := grants()
	if err != nil {
		return state{}, err
	}
	m, err := model.NewModelFromString(modelText)
	if err != nil {
		return state{}, fmt.Errorf("policies: model: %w", err)
	}
	ce, err := casbin.NewEnforcer(m)
	if err != nil {
		return state{}, fmt.Errorf("policies: enforcer: %w", err)
	}
	ce.SetRoleManager(defaultrolemanager.NewRoleManagerImpl(roleDepth))
	for _, r := range g {
		if err := m.AddPolicy("g", "g", r); err != nil {
			return state{}, fmt.Errorf("policies: grant %v: %w", r, err)
		}
	}
	if err := ce.BuildRoleLinks(); err != nil {
		return state{}, fmt.Errorf("policies: grants: %w", err)
	}
	scope := newGraph(scopeDepth)
	ce.AddFunction("reach", func(args ...any) (any, error) {
		if len(args) != 2 {
			return false, fmt.Errorf("policies: reach takes 2 arguments, got %d", len(args))
		}
		sub, _ := args[0].(string)
		obj, _ := args[1].(string)
		return obj == AnyObject || scope.reach(sub, obj), nil
	})
	skipped := 0
	err = e.store.LoadRelations(ctx, func(rels []Relation) error {
		for _, r := range rels {
			if r.Check() != nil {
				skipped++
				continue
			}
			scope.add(r.Subject, r.Object)
		}
		return nil
	})
	if err != nil {
		return state{}, fmt.Errorf("policies: load relations: %w", err)
	}
	if skipped > 0 {
		e.opts.log.Warn("policies: stored relations ignored as malformed", "count", skipped)
	}
	return state{ce: ce, scope: scope}, nil
}

// Reload replaces every relation in memory with the store's. Decisions go
// on against the old set until the new one is ready; relation changes wait.
func (e *Enforcer) Reload(ctx context.Context) error {
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	st, err := e.load(ctx)
	if err != nil {
		return err
	}
	e.mu.Lock()
	e.st = st
	e.mu.Unlock()
	e.reloads.Add(1)
	return nil
}

// Allowed reports whether the role holds the permission: the route-level
// check, before any object is known. Unknown roles and permissions are
// refused.
func (e *Enforcer) Allowed(role domain.Role, perm Permission) bool {
	return e.Decide("", role, perm, AnyObject)
}

// Decide reports whether sub, holding role, may use perm on obj: the role
// must hold the permission and sub must reach obj through the relations.
// obj AnyObject skips the scope check. Anything malformed is refused.
func (e *Enforcer) Decide(sub string, role domain.Role, perm Permission, obj string) bool {
	ok, err := e.decide(sub, role, perm, obj)
	if err != nil {
		e.opts.log.Error("policies: decision failed; refused", "err", err)
		return false
	}
	return ok
}

func (e *Enforcer) decide(sub string, role domain.Role, perm Permission, obj string) (bool, error) {
	if !role.Valid() || !perm.Valid() || obj == "" || (obj != AnyObject && sub == "") {
		return false, nil
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.st.ce.Enforce(sub, string(role), string(perm), obj)
}

// Reaches reports whether sub reaches obj through the relations, e.g. a
// user its organisation's hub. A node reaches itself.
func (e *Enforcer) Reaches(sub, obj string) bool {
	if sub == "" || obj == "" || obj == AnyObject {
		return false
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.st.scope.reach(sub, obj)
}

// PermissionsOf lists the permissions the role holds, in the order of All,
// for GET /me.
func (e *Enforcer) PermissionsOf(role domain.Role) []Permission {
	return slices.Clone(e.perms[role])
}

// Add stores the relations, then makes them effective here, then announces
// them to the other replicas. A malformed relation fails the whole call
// before anything is written; on a store error nothing changes in memory
// and the error is returned as is (adding again is safe).
func (e *Enforcer) Add(ctx context.Context, rels ...Relation) error {
	return e.change(ctx, opAdd, rels)
}

// Remove deletes the relations from the store, then here, then announces
// it; the very next decision here is refused. Removing a relation that does
// not exist is not an error. On a store error the relations are dropped
// here all the same, since refusing is the safe side, and the error is
// returned: a retry completes the removal, and until then a reload may
// bring back what the store still holds.
func (e *Enforcer) Remove(ctx context.Context, rels ...Relation) error {
	return e.change(ctx, opRemove, rels)
}

func (e *Enforcer) change(ctx context.Context, op string, rels []Relation) error {
	if len(rels) == 0 {
		return nil
	}
	for _, r := range rels {
		if err := r.Check(); err != nil {
			return err
		}
	}
	e.writeMu.Lock()
	var err error
	if op == opAdd {
		err = e.store.AddRelations(ctx, rels...)
	} else {
		err = e.store.RemoveRelations(ctx, rels...)
	}
	if err == nil || op == opRemove {
		e.apply(rels, func(int) bool { return op == opAdd })
	}
	e.writeMu.Unlock()
	if err != nil {
		return err
	}
	e.announce(ctx, op, rels)
	return nil
}

// apply sets each relation present or absent in memory as present(i) says.
func (e *Enforcer) apply(rels []Relation, present func(i int) bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, r := range rels {
		if present(i) {
			e.st.scope.add(r.Subject, r.Object)
		} else {
			e.st.scope.remove(r.Subject, r.Object)
		}
	}
}
