package casework

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/actionhub/actionhub/domain"
)

// ActionKind is the kind of support a plan action gives.
type ActionKind string

// Plan action kinds (domain reference, "Case work"; issue 15, item 3).
const (
	KindImmediateSafeguarding ActionKind = "immediate_safeguarding"
	KindEducation             ActionKind = "education"
	KindStipend               ActionKind = "stipend"
	KindBirthRegistration     ActionKind = "birth_registration"
	KindFamilyIncomeSupport   ActionKind = "family_income_support"
	KindHealth                ActionKind = "health"
	KindSkillsTraining        ActionKind = "skills_training"
	KindAdultJob              ActionKind = "adult_job"
	KindYoungWorkerMoved      ActionKind = "young_worker_moved"
)

// ActionKinds lists every kind.
var ActionKinds = []ActionKind{KindImmediateSafeguarding, KindEducation, KindStipend, KindBirthRegistration,
	KindFamilyIncomeSupport, KindHealth, KindSkillsTraining, KindAdultJob, KindYoungWorkerMoved}

// Valid reports whether k is a known kind.
func (k ActionKind) Valid() bool { return slices.Contains(ActionKinds, k) }

// Party is who owns a plan action. Supplier-owned actions are obligations
// of the supplier: they reach its corrective-action list with the case code
// only (ObligationsOf).
type Party string

// Owners of plan actions.
const (
	PartyHub      Party = "hub"
	PartySupplier Party = "supplier"
	PartyFamily   Party = "family"
	PartyBrand    Party = "brand"
	PartyService  Party = "service" // a service provider, through a referral
)

// Parties lists every owner.
var Parties = []Party{PartyHub, PartySupplier, PartyFamily, PartyBrand, PartyService}

// Valid reports whether p is a known owner.
func (p Party) Valid() bool { return slices.Contains(Parties, p) }

// ActionStatus is where a plan action stands.
type ActionStatus string

// Plan action statuses.
const (
	ActionPlanned    ActionStatus = "planned"
	ActionInProgress ActionStatus = "in_progress"
	ActionDelivered  ActionStatus = "delivered"
	ActionCancelled  ActionStatus = "cancelled"
)

// ActionStatuses lists every status.
var ActionStatuses = []ActionStatus{ActionPlanned, ActionInProgress, ActionDelivered, ActionCancelled}

// Valid reports whether s is a known status.
func (s ActionStatus) Valid() bool { return slices.Contains(ActionStatuses, s) }

// actionMoves are the moves a plan action may make: delivered and
// cancelled are final (a new action replaces a cancelled one).
var actionMoves = map[ActionStatus][]ActionStatus{
	ActionPlanned:    {ActionInProgress, ActionDelivered, ActionCancelled},
	ActionInProgress: {ActionDelivered, ActionCancelled},
}

// Moves lists the statuses an action in status s may move to; none once
// it is delivered or cancelled.
func (s ActionStatus) Moves() []ActionStatus { return slices.Clone(actionMoves[s]) }

// PlanAction is one action of the remediation plan.
type PlanAction struct {
	ID          string
	Kind        ActionKind
	Owner       Party
	Description string
	Due         time.Time // when it must be done; immediate safeguarding within 24 h
	Status      ActionStatus
	// StipendMonthlyPKR is the stipend's monthly amount, for stipend actions.
	StipendMonthlyPKR int64
	Created           time.Time
	CreatedBy         string
	Updated           time.Time
	UpdatedBy         string

	// Progress is the supplier's report on a supplier-owned action (obligation.go).
	Progress *Progress
}

// SafeguardingWithin is how soon after identification a child in hazardous
// work or a worst form must be out of it.
const SafeguardingWithin = 24 * time.Hour

// MaxPlanActions bounds a plan; a real plan has a handful.
const MaxPlanActions = 50

const (
	maxText      = 5000
	maxShortText = 300
)

// NewAction is what an editor gives to add a plan action.
type NewAction struct {
	Kind              ActionKind
	Owner             Party
	Description       string
	Due               time.Time
	StipendMonthlyPKR int64
}

// SafeguardingDue is when immediate safeguarding is due: 24 hours after
// identification for hazardous work or a worst form, zero otherwise.
func (c *Case) SafeguardingDue() time.Time {
	if !c.Classification.Hazardous() {
		return time.Time{}
	}
	return c.Identified.Add(SafeguardingWithin)
}

// AddAction adds a plan action with the given ID. It returns a validation
// error for a bad kind, owner, due date or text, and a conflict on a
// closed case or a full plan. An immediate safeguarding action on a case of
// hazardous work must be due within 24 hours of identification.
func (c *Case) AddAction(id string, n NewAction, by string, at time.Time) (PlanAction, error) {
	if err := c.checkOpen(); err != nil {
		return PlanAction{}, err
	}
	if len(c.Plan) >= MaxPlanActions {
		return PlanAction{}, domain.Conflictf("The plan holds at most %d actions.", MaxPlanActions)
	}
	n.Description = strings.TrimSpace(n.Description)
	v := &domain.ValidationError{}
	if !n.Kind.Valid() {
		v.Add("kind", "must be one of "+join(ActionKinds))
	}
	if !n.Owner.Valid() {
		v.Add("owner", "must be one of "+join(Parties))
	}
	if n.Due.IsZero() {
		v.Add("due", "is required")
	} else if due := c.SafeguardingDue(); n.Kind == KindImmediateSafeguarding && !due.IsZero() && n.Due.After(due) {
		v.Add("due", "must be within 24 hours of identification: the child is in hazardous work")
	}
	if utf8.RuneCountInString(n.Description) > maxText {
		v.Add("description", fmt.Sprintf("must be at most %d characters", maxText))
	}
	switch {
	case n.StipendMonthlyPKR < 0:
		v.Add("stipend_monthly_pkr", "must not be negative")
	case n.StipendMonthlyPKR > 0 && n.Kind != KindStipend:
		v.Add("stipend_monthly_pkr", "is for stipend actions only")
	}
	if err := v.OrNil(); err != nil {
		return PlanAction{}, err
	}
	a := PlanAction{ID: id, Kind: n.Kind, Owner: n.Owner, Description: n.Description, Due: n.Due.UTC(),
		Status: ActionPlanned, StipendMonthlyPKR: n.StipendMonthlyPKR, Created: at, CreatedBy: by, Updated: at, UpdatedBy: by}
	c.Plan = append(c.Plan, a)
	c.record(by, at, "plan_action_added", "", "plan")
	return a, nil
}

// Action returns the plan action with the ID.
func (c *Case) Action(id string) (*PlanAction, bool) {
	for i := range c.Plan {
		if c.Plan[i].ID == id {
			return &c.Plan[i], true
		}
	}
	return nil, false
}

// SetActionStatus moves a plan action. It returns domain.ErrNotFound for an
// unknown action, a validation error for an unknown status, and a conflict
// for a move the action does not allow or a closed case.
func (c *Case) SetActionStatus(id string, s ActionStatus, by string, at time.Time) error {
	if err := c.checkOpen(); err != nil {
		return err
	}
	a, ok := c.Action(id)
	if !ok {
		return domain.NotVisible("plan action")
	}
	if !s.Valid() {
		return domain.Invalid("status", "must be one of "+join(ActionStatuses))
	}
	if !slices.Contains(actionMoves[a.Status], s) {
		return domain.Conflictf("The action is %s and cannot become %s.", a.Status, s)
	}
	a.Status, a.Updated, a.UpdatedBy = s, at, by
	c.record(by, at, "plan_action_status", "", "plan")
	return nil
}

// Delivered lists the kinds of support delivered, each once, in plan order:
// what a brand sees of the plan.
func (c *Case) Delivered() []ActionKind {
	var out []ActionKind
	for _, a := range c.Plan {
		if a.Status == ActionDelivered && !slices.Contains(out, a.Kind) {
			out = append(out, a.Kind)
		}
	}
	return out
}

func join[T ~string](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}
