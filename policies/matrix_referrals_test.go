package policies

import (
	"time"

	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/referral"
)

// referralEntities: a referral is reached by the hub's case workers and
// admins and by the agency it is addressed to; the child's minimum view by
// the hub's case workers, and by the agency only while it handles the
// referral and the case is open; webhooks by the hub's admins.
func referralEntities() []entity {
	at := func(p placement, st referral.State) *referral.Referral {
		return &referral.Referral{ID: "r", HubID: hubFor(p), AgencyOrgID: orgFor(domain.KindAgency, p), State: st}
	}
	objPerms := []Permission{PermReferralsRead, PermReferralsAnswer, PermReferralsRevoke}
	view := []Permission{PermReferralsReadView}
	closedView := func(name string, st referral.State, caseOpen bool) entity {
		return entity{name: name, perms: view,
			make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
				return at(p, st).ViewObject(caseOpen), nil
			},
			allow: []allowed{
				{platformOnly, everywhere, view},
				{roles(domain.RoleCaseWorker), inOwnHub, view},
			}}
	}
	return []entity{
		{name: "a referral", perms: objPerms,
			make: func(c domain.Role, p placement) (domain.Scoped, []Relation) { return at(p, referral.Sent), nil },
			allow: []allowed{
				{platformOnly, everywhere, objPerms},
				{hubAdmins, inOwnHub, []Permission{PermReferralsRead, PermReferralsRevoke}},
				{roles(domain.RoleCaseWorker), inOwnHub, objPerms},
				{roles(domain.RoleAgencyOfficer), ownOnly, []Permission{PermReferralsRead, PermReferralsAnswer}},
			}},
		{name: "the minimum view of an accepted referral", perms: view,
			make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
				return at(p, referral.Accepted).ViewObject(true), nil
			},
			allow: []allowed{
				{platformOnly, everywhere, view},
				{roles(domain.RoleCaseWorker), inOwnHub, view},
				{roles(domain.RoleAgencyOfficer), ownOnly, view},
			}},
		closedView("the minimum view of a referral not yet accepted", referral.Sent, true),
		closedView("the minimum view of a completed referral", referral.Completed, true),
		closedView("the minimum view of a declined referral", referral.Declined, true),
		closedView("the minimum view of a revoked referral", referral.Revoked, true),
		closedView("the minimum view of an accepted referral of a closed case", referral.InService, false),
		{name: "a case, to refer from", perms: []Permission{PermReferralsCreate, PermReferralsOverrideConsent},
			make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
				return &casework.Case{ID: "c", HubID: hubFor(p), SupplierID: "s-" + string(c), OpenedBy: "u-other", Created: time.Time{}}, nil
			},
			allow: []allowed{
				{platformOnly, everywhere, []Permission{PermReferralsCreate, PermReferralsOverrideConsent}},
				{hubAdmins, inOwnHub, []Permission{PermReferralsCreate, PermReferralsOverrideConsent}},
				{roles(domain.RoleCaseWorker), inOwnHub, []Permission{PermReferralsCreate}},
			}},
		{name: "an agency's webhook delivery", perms: []Permission{PermReferralsWebhookResend},
			make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
				return &referral.Delivery{ID: "r:referral.sent", AgencyOrgID: orgFor(domain.KindAgency, p), HubIDs: []string{hubFor(p)}}, nil
			},
			allow: []allowed{
				{platformOnly, everywhere, []Permission{PermReferralsWebhookResend}},
				{hubAdmins, inOwnHub, []Permission{PermReferralsWebhookResend}},
			}},
		{name: "an agency's webhook", perms: []Permission{PermReferralsWebhooks},
			make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
				return &referral.Webhook{ID: orgFor(domain.KindAgency, p), HubIDs: []string{hubFor(p)}}, nil
			},
			allow: []allowed{
				{platformOnly, everywhere, []Permission{PermReferralsWebhooks}},
				{hubAdmins, inOwnHub, []Permission{PermReferralsWebhooks}},
			}},
	}
}
