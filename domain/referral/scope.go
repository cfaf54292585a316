package referral

import "github.com/actionhub/actionhub/domain"

// Scope of a referral: the hub's case workers and admins (as the case's),
// and the agency it is addressed to, whatever its state, so its inbox keeps
// what it answered. Other agencies, suppliers and brands never reach it.
func (r *Referral) Scope() domain.Scope {
	sc := domain.Scope{Hubs: []string{r.HubID}, StaffRoles: []domain.Role{domain.RoleHubAdmin, domain.RoleCaseWorker}}
	if r.AgencyOrgID != "" {
		sc.Orgs = []string{r.AgencyOrgID}
	}
	return sc
}

// ViewScope is who reaches the child's minimum view through the referral:
// the hub's case workers (who read the whole identity anyway), and the
// agency's officers only while the agency handles the referral (accepted or
// in service) and the case is open. A declined, completed, failed or revoked
// referral, or a closed case, ends the agency's access on the next request.
func (r *Referral) ViewScope(caseOpen bool) domain.Scope {
	sc := domain.Scope{Hubs: []string{r.HubID}, StaffRoles: []domain.Role{domain.RoleCaseWorker}}
	if r.AgencyOrgID != "" && caseOpen && r.State.Handling() {
		sc.Orgs = []string{r.AgencyOrgID}
	}
	return sc
}

// viewObject makes ViewScope a Scoped object for policies.Can.
type viewObject struct {
	r    *Referral
	open bool
}

func (v viewObject) Scope() domain.Scope { return v.r.ViewScope(v.open) }

// ViewObject is the referral as the object of the minimum-view decision:
// enf.Can(actor, PermReferralsReadView, r.ViewObject(caseOpen)).
func (r *Referral) ViewObject(caseOpen bool) domain.Scoped { return viewObject{r, caseOpen} }
