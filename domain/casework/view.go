package casework

import (
	"slices"
	"time"
)

// Audience is which view of a case a caller receives. The service picks
// it from the caller's organisation kind and the one identity decision in
// policies, never field by field.
type Audience int

// Audiences.
const (
	// AudienceNone: agencies, until referrals give them a view.
	AudienceNone Audience = iota
	// AudienceFull: everything, identity included (case workers of the hub,
	// the auditor who opened the case, the platform).
	AudienceFull
	// AudienceStaff: everything but identity (hub admins).
	AudienceStaff
	// AudienceSupplier: the code and the supplier's obligations.
	AudienceSupplier
	// AudienceBrand: the code and anonymised progress.
	AudienceBrand
)

// WithoutIdentity is the case with no identity, for operator staff who may
// not read it (hub admins). The plan, approvals and history carry no
// identity; the history names fields, never values.
// The plan and history are copies, so a view cannot alter the record.
func WithoutIdentity(c Case) Case {
	c.Identity = nil
	c.Plan, c.History = slices.Clone(c.Plan), slices.Clone(c.History)
	return c
}

// Obligation is a supplier-owned plan action as the supplier sees it:
// without the case worker's description, which may name the family.
type Obligation struct {
	ActionID string
	Kind     ActionKind
	Due      time.Time
	Status   ActionStatus
	// StipendMonthlyPKR is the stipend the supplier pays, for stipend actions.
	StipendMonthlyPKR int64
	// Progress is the supplier's own report; nil until it reports.
	Progress *Progress
}

// Ended reports whether the action was delivered or cancelled: nothing is
// left to do or to report on it.
func (o Obligation) Ended() bool { return o.Status == ActionDelivered || o.Status == ActionCancelled }

// ToDo reports whether the supplier still has to act on it: not ended, and
// not reported done (which waits on the case worker, not the supplier).
func (o Obligation) ToDo() bool {
	return !o.Ended() && (o.Progress == nil || o.Progress.Status != ObligationDone)
}

// SentBack reports whether the case worker sent the supplier's report
// back and the action is still open.
func (o Obligation) SentBack() bool {
	return !o.Ended() && o.Progress != nil && o.Progress.RejectReason != ""
}

// SupplierView is what the supplier receives of a case: its code and the
// obligations addressed to it, nothing else.
type SupplierView struct {
	Code        string
	Obligations []Obligation
}

// ForSupplier is the supplier's view of a case.
func ForSupplier(c Case) SupplierView {
	return SupplierView{Code: c.Code, Obligations: ObligationsOf(c)}
}

// ObligationsOf lists the supplier-owned plan actions, for the supplier's
// view and its corrective-action list.
func ObligationsOf(c Case) []Obligation {
	out := []Obligation{}
	for _, a := range c.Plan {
		if a.Owner == PartySupplier {
			out = append(out, Obligation{ActionID: a.ID, Kind: a.Kind, Due: a.Due,
				Status: a.Status, StipendMonthlyPKR: a.StipendMonthlyPKR, Progress: a.Progress})
		}
	}
	return out
}

// BrandView is what a linked brand receives of a case: anonymised
// progress. Never identity, photo, address, phone or exact dates: the
// time since identification is in whole days.
type BrandView struct {
	Code                string
	AgeBand             AgeBand
	Sex                 Sex
	Classification      string
	Stage               Stage
	Status              Status
	SupportReceived     []ActionKind
	StipendPaidOnTime   bool
	DaysSinceIdentified int
}

// ForBrand is a linked brand's view of a case on the day of now.
// Descriptions of plan actions stay out: the case worker writes them and
// they may name the family.
func ForBrand(c Case, now time.Time) BrandView {
	support := c.Delivered()
	if support == nil {
		support = []ActionKind{}
	}
	days := 0
	if d := now.Sub(c.Identified); d > 0 {
		days = int(d / (24 * time.Hour))
	}
	return BrandView{Code: c.Code, AgeBand: c.AgeBand(), Sex: c.Child.Sex, Classification: string(c.Classification.Class),
		Stage: c.Stage, Status: c.Status, SupportReceived: support, StipendPaidOnTime: !c.StipendLate, DaysSinceIdentified: days}
}
