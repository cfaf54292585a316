// Package referrals runs referrals of a case's child to directory
// services on the rules of domain/referral: sending (with the consent
// check), the agency's answers, the child's minimum view, the sweeps that
// remind and escalate, and the webhooks that post referrals to offices
// that do not log in.
//
// Every read or change of one referral asks store.GetVisible (the one
// scope decision on the referral's scope); the minimum view is the same
// decision on the referral's view scope (referrals:read_view), which the
// agency reaches only while it handles the referral and the case is open,
// and every read of it writes "cases.identity_read" on the case to the
// activity log. Effects on other documents (a decline notice, the plan
// action delivered, the webhook delivery) are marks in the referral that
// the effects sweep makes up when a process stopped before them.
package referrals

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/actionhub/actionhub/app/activity"
	"github.com/actionhub/actionhub/app/sealed"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/referral"
	"github.com/actionhub/actionhub/policies"
	"github.com/google/uuid"
)

// Outbox stores notifications to deliver, once per ID.
type Outbox interface {
	QueueOnce(ctx context.Context, id, to, subject, body string) error
}

// Enqueuer asks a worker to make a webhook delivery now: round is 0 for
// the first, one more each time an admin sends it again.
type Enqueuer interface {
	DeliverWebhook(ctx context.Context, deliveryID string, round int) error
}

// Options are the settings of outbound webhook requests.
type Options struct {
	// AllowPrivate lets webhooks reach private, loopback and link-local
	// addresses; off in production.
	AllowPrivate bool
	// PublicURL is the API's base URL, for the answer link in deliveries.
	PublicURL string
	// Client overrides the HTTP client (nil: one that refuses private
	// addresses unless AllowPrivate, follows no redirect, and times out).
	Client *http.Client
}

// Service runs referrals.
type Service struct {
	st       *store.Store
	vault    store.CaseVault
	secrets  *sealed.Sealer
	enf      *policies.Enforcer
	activity *activity.Log
	outbox   Outbox
	enq      Enqueuer
	client   *http.Client
	opts     Options
	log      *slog.Logger
	now      func() time.Time
}

// WebhookSecrets is the purpose of the keys sealing webhook secrets.
const WebhookSecrets sealed.Purpose = "actionhub webhook secret v1"

// New returns the service. caseSealer opens case identities (purpose
// sealed.CaseIdentity); secretSealer seals webhook secrets (WebhookSecrets).
func New(st *store.Store, enf *policies.Enforcer, al *activity.Log, caseSealer, secretSealer *sealed.Sealer, outbox Outbox,
	enq Enqueuer, opts Options, log *slog.Logger, now func() time.Time) *Service {
	s := &Service{st: st, vault: st.Cases.Vault(caseSealer), secrets: secretSealer, enf: enf, activity: al, outbox: outbox,
		enq: enq, opts: opts, log: log, now: now}
	s.client = opts.Client
	if s.client == nil {
		s.client = outboundClient(opts.AllowPrivate)
	}
	return s
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

var derivedSpace = uuid.MustParse("9b0f4d1e-6a53-4c2d-8e7f-21a4c6b3d590")

// derived is an ID made from the cause of a message, so a repeat is one message.
func derived(parts ...string) string {
	var b []byte
	for _, p := range parts {
		b = append(append(b, p...), 0)
	}
	return uuid.NewSHA1(derivedSpace, b).String()
}

// shape is the referral as the caller reads it: the override's reason is
// the hub's, not the agency's, to read.
func shape(ctx context.Context, r *referral.Referral) *referral.Referral {
	if !domain.ActorFrom(ctx).Staff() && r.Override.Recorded() {
		c := *r
		c.Override.Reason = "recorded"
		return &c
	}
	return r
}

// Create refers a case's child to a directory service. Errors: not found
// for a case out of scope; validation errors for the service, reason,
// urgency, plan action, and missing consent (naming which) unless the
// caller may override and gives the reason; forbidden for an override by
// someone who may not; a conflict for a closed case.
func (s *Service) Create(ctx context.Context, caseID string, n referral.NewReferral) (*referral.Referral, error) {
	d, err := store.GetVisible(ctx, s.enf, s.st.Cases.Coll, caseID, policies.PermReferralsCreate)
	if err != nil {
		return nil, err
	}
	svc, err := s.st.DirectoryServices.Get(ctx, n.ServiceID)
	if errors.Is(err, domain.ErrNotFound) || (err == nil && svc.HubID != d.HubID) {
		return nil, domain.Invalid("service_id", "is not a service of the case's hub directory")
	}
	if err != nil {
		return nil, err
	}
	provider := ""
	if o, err := s.st.DirectoryOrgs.Get(ctx, svc.OrganizationID); err == nil {
		provider = o.Name
	} else if !errors.Is(err, domain.ErrNotFound) {
		return nil, err
	}
	prereqDone, prereqName, err := s.prerequisite(ctx, caseID, svc.PrerequisiteServiceID)
	if err != nil {
		return nil, err
	}
	ac := domain.ActorFrom(ctx)
	canOverride := s.enf.Can(ac, policies.PermReferralsOverrideConsent, &d.Case)
	now := s.now().UTC()
	r, err := referral.New(newID(), n, &d.Case, svc, provider, canOverride, prereqDone, prereqName, ac.UserID, now)
	if err != nil {
		return nil, err
	}
	if err := s.st.Referrals.Insert(ctx, r); err != nil {
		return nil, err
	}
	if r.Override.Recorded() {
		if err := s.activity.Record(ctx, "referrals.consent_override", "case:"+caseID); err != nil {
			return nil, err
		}
	}
	if err := s.activity.Record(ctx, "referrals.create", "referral:"+r.ID); err != nil {
		return nil, err
	}
	return s.settle(ctx, r), nil
}

// prerequisite reports whether the case has a completed referral to the
// prerequisite service, and its name. A referral is only warned of, not
// refused, when it is missing: an office often takes both at once (a
// Union Council certificate and the B-Form), and an emergency must not wait.
func (s *Service) prerequisite(ctx context.Context, caseID, serviceID string) (bool, string, error) {
	if serviceID == "" {
		return true, "", nil
	}
	name := "another service"
	if p, err := s.st.DirectoryServices.Get(ctx, serviceID); err == nil {
		name = p.Name
	} else if !errors.Is(err, domain.ErrNotFound) {
		return false, "", err
	}
	rs, _, err := s.st.Referrals.OfCaseToService(ctx, caseID, serviceID, store.Page{Limit: 500})
	if err != nil {
		return false, "", err
	}
	for _, r := range rs {
		if r.State == referral.Completed {
			return true, name, nil
		}
	}
	return false, name, nil
}

// Get returns a referral the caller reaches. Errors: not found out of scope.
func (s *Service) Get(ctx context.Context, id string) (*referral.Referral, error) {
	r, err := store.GetVisible(ctx, s.enf, s.st.Referrals.Coll, id, policies.PermReferralsRead)
	if err != nil {
		return nil, err
	}
	return shape(ctx, r), nil
}

// ListInput narrows a list of referrals.
type ListInput struct {
	HubID  string // operator staff: the hub; may be omitted by staff of one hub
	CaseID string // one case's referrals (operator staff)
	State  referral.State
	Cursor string
	Limit  int
}

// List pages through the referrals the caller may see, newest first: an
// agency's officers those addressed to their organisation; operator staff
// a case's (CaseID) or the hub's. Errors: not found for a case or hub out
// of scope; validation errors for a filter the caller cannot use.
func (s *Service) List(ctx context.Context, in ListInput) ([]*referral.Referral, string, error) {
	ac := domain.ActorFrom(ctx)
	p := store.Page{After: in.Cursor, Limit: in.Limit}
	if in.State != "" && !in.State.Valid() {
		return nil, "", domain.Invalid("state", "is not a referral state")
	}
	var (
		rs   []*referral.Referral
		next string
		err  error
	)
	switch {
	case ac.OrgKind == domain.KindAgency:
		if in.CaseID != "" || in.HubID != "" {
			return nil, "", domain.Invalid("case_id", "an agency lists the referrals addressed to it only")
		}
		if !s.enf.Allowed(ac.Role, policies.PermReferralsList) {
			return nil, "", domain.Forbiddenf("You may not list referrals.")
		}
		rs, next, err = s.st.Referrals.ToAgency(ctx, ac.OrgID, in.State, p)
	case in.CaseID != "":
		if in.State != "" {
			return nil, "", domain.Invalid("state", "a case's referrals are listed whole")
		}
		if _, err := store.GetVisible(ctx, s.enf, s.st.Cases.Listed(), in.CaseID, policies.PermReferralsList); err != nil {
			return nil, "", err
		}
		rs, next, err = s.st.Referrals.OfCase(ctx, in.CaseID, p)
	default:
		hub, herr := s.enf.HubFor(ac, policies.PermReferralsList, in.HubID, staffOf)
		if herr != nil {
			return nil, "", herr
		}
		rs, next, err = s.st.Referrals.InHub(ctx, hub, in.State, p)
	}
	if err != nil {
		return nil, "", err
	}
	for i := range rs {
		rs[i] = shape(ctx, rs[i])
	}
	return rs, next, nil
}

// staffOf is what a hub's case workers and admins keep of referrals.
func staffOf(hubID string) domain.Scope {
	return domain.Scope{Hubs: []string{hubID}, StaffRoles: []domain.Role{domain.RoleHubAdmin, domain.RoleCaseWorker}}
}

// View is the child's minimum view through a referral, for its agency's
// officers while they handle it (and the hub's case workers). The read is
// logged as an identity read of the case. Errors: not found for a
// referral out of scope, and for a view the caller does not (or no
// longer) reach: a referral not yet accepted or ended, or a closed case.
func (s *Service) View(ctx context.Context, id string) (*referral.MinimumView, *referral.Referral, error) {
	r, err := store.GetVisible(ctx, s.enf, s.st.Referrals.Coll, id, policies.PermReferralsRead)
	if err != nil {
		return nil, nil, err
	}
	d, err := s.st.Cases.Get(ctx, r.CaseID)
	if err != nil {
		return nil, nil, err
	}
	if !s.enf.Can(domain.ActorFrom(ctx), policies.PermReferralsReadView, r.ViewObject(d.Status == casework.StatusOpen)) {
		return nil, nil, domain.NotFoundf("The child's details of this referral are not visible to you. An agency reads them only while it handles an accepted referral of an open case.")
	}
	c, err := s.vault.Open(d)
	if err != nil {
		return nil, nil, err
	}
	v := referral.ViewOf(r, c)
	if err := s.activity.Record(ctx, "cases.identity_read", "case:"+r.CaseID); err != nil {
		return nil, nil, err
	}
	return &v, shape(ctx, r), nil
}

// change applies fn to a referral the caller reaches with perm, on the
// version the caller read (a stale one is a conflict), logs action, and
// settles the effects the change calls for.
func (s *Service) change(ctx context.Context, id string, perm policies.Permission, version int64, action string,
	fn func(r *referral.Referral, by string, at time.Time) error) (*referral.Referral, error) {
	if _, err := store.GetVisible(ctx, s.enf, s.st.Referrals.Coll, id, perm); err != nil {
		return nil, err
	}
	ac, now := domain.ActorFrom(ctx), s.now().UTC()
	r, err := s.st.Referrals.Update(ctx, id, func(r *referral.Referral) error {
		if err := r.CheckVersion(version); err != nil {
			return err
		}
		return fn(r, ac.UserID, now)
	})
	if err != nil {
		return nil, err
	}
	if err := s.activity.Record(ctx, action, "referral:"+id); err != nil {
		return nil, err
	}
	return shape(ctx, s.settle(ctx, r)), nil
}

// Accept is the agency's acceptance: its officers reach the minimum view.
func (s *Service) Accept(ctx context.Context, id string, version int64) (*referral.Referral, error) {
	return s.change(ctx, id, policies.PermReferralsAnswer, version, "referrals.accept", func(r *referral.Referral, by string, at time.Time) error {
		return r.Accept(by, at)
	})
}

// Decline refuses the referral with a reason; the case worker is told.
func (s *Service) Decline(ctx context.Context, id string, version int64, reason string) (*referral.Referral, error) {
	return s.change(ctx, id, policies.PermReferralsAnswer, version, "referrals.decline", func(r *referral.Referral, by string, at time.Time) error {
		return r.Decline(reason, by, at)
	})
}

// RecordService records a service given (what, when, by whom).
func (s *Service) RecordService(ctx context.Context, id string, version int64, g referral.ServiceGiven) (*referral.Referral, error) {
	return s.change(ctx, id, policies.PermReferralsAnswer, version, "referrals.service", func(r *referral.Referral, by string, at time.Time) error {
		return r.RecordService(g, by, at)
	})
}

// Finish completes or fails the referral; a completed referral marks its
// plan action delivered.
func (s *Service) Finish(ctx context.Context, id string, version int64, to referral.State, note string) (*referral.Referral, error) {
	return s.change(ctx, id, policies.PermReferralsAnswer, version, "referrals."+string(to), func(r *referral.Referral, by string, at time.Time) error {
		return r.Finish(to, note, by, at)
	})
}

// Revoke withdraws the referral (the sender's side); the agency loses the view.
func (s *Service) Revoke(ctx context.Context, id string, version int64, reason string) (*referral.Referral, error) {
	return s.change(ctx, id, policies.PermReferralsRevoke, version, "referrals.revoke", func(r *referral.Referral, by string, at time.Time) error {
		return r.Revoke(reason, by, at)
	})
}
