package httpapi

import (
	"fmt"

	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/directory"
	"github.com/actionhub/actionhub/domain/law"
	"github.com/actionhub/actionhub/domain/referral"
	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/danielgtaylor/huma/v2"
)

// enumOf is a field holding one of the domain's values of T. Its schema
// lists them from the domain's own list, so a value added there is
// documented and accepted without a change here.
type enumOf[T ~string] string

// TransformSchema sets the schema's enum to the domain's list of T.
func (enumOf[T]) TransformSchema(_ huma.Registry, s *huma.Schema) *huma.Schema {
	s.Enum = enumValues[T]()
	return s
}

// enumOrEmpty is enumOf that also accepts "": an optional query filter
// (?status= means any) or an optional body field.
type enumOrEmpty[T ~string] string

// TransformSchema sets the schema's enum to the domain's list of T and "".
func (enumOrEmpty[T]) TransformSchema(_ huma.Registry, s *huma.Schema) *huma.Schema {
	s.Enum = append(enumValues[T](), "")
	return s
}

// enumValues returns the domain's list of T's values as plain strings,
// which is what Huma compares a decoded value with. A type without a list
// here panics when the API is built, so it fails at start-up, never later.
func enumValues[T ~string]() []any {
	var list any
	switch any(T("")).(type) {
	case domain.OrgKind:
		list = domain.OrgKinds
	case domain.Role:
		list = domain.Roles
	case domain.Language:
		list = domain.Languages
	case supplier.Sector:
		list = supplier.Sectors
	case supplier.SubSector:
		list = supplier.SubSectors
	case supplier.Status:
		list = supplier.Statuses
	case supplier.Level:
		list = supplier.Levels
	case supplier.VolumeBand:
		list = supplier.VolumeBands
	case supplier.NominationStatus:
		list = supplier.NominationStatuses
	case supplier.MatchState:
		list = supplier.MatchStates
	case supplier.RowOutcome:
		list = supplier.RowOutcomes
	case audit.Type:
		list = audit.Types
	case audit.Mode:
		list = audit.Modes
	case audit.State:
		list = audit.States
	case audit.Category:
		list = audit.Categories
	case audit.Severity:
		list = audit.Severities
	case audit.ResponseKind:
		list = audit.ResponseKinds
	case audit.ActionKind:
		list = audit.ActionKinds
	case audit.Method:
		list = audit.Methods
	case audit.ActionState:
		list = audit.ActionStates
	case audit.Grade:
		list = audit.Grades
	case casework.Source:
		list = casework.Sources
	case casework.AgeMethod:
		list = casework.AgeMethods
	case casework.Sex:
		list = casework.Sexes
	case casework.RiskLevel:
		list = casework.RiskLevels
	case casework.ActionKind:
		list = casework.ActionKinds
	case casework.Party:
		list = casework.Parties
	case casework.ActionStatus:
		list = casework.ActionStatuses
	case casework.Subject:
		list = casework.Subjects
	case casework.ClosureReason:
		list = casework.ClosureReasons
	case casework.Stage:
		list = casework.Stages
	case casework.ConsentKind:
		list = casework.ConsentKinds
	case casework.ConsentAnswer:
		list = casework.ConsentAnswers
	case casework.Status:
		list = casework.Statuses
	case casework.PaymentState:
		list = casework.PaymentStates
	case casework.ObligationStatus:
		list = casework.ObligationStatuses
	case casework.Wellbeing:
		list = casework.Wellbeings
	case casework.FollowUpState:
		list = casework.FollowUpStates
	case referral.State:
		list = referral.States
	case referral.Urgency:
		list = referral.Urgencies
	case referral.DeliveryStatus:
		list = referral.DeliveryStatuses
	case law.Jurisdiction:
		list = law.Jurisdictions
	case law.Class:
		list = law.Classes
	case law.ProvisionKind:
		list = law.ProvisionKinds
	case law.Schooling:
		list = law.Schoolings
	case directory.ServiceType:
		list = directory.ServiceTypes
	case directory.Status:
		list = directory.Statuses
	case directory.LocationType:
		list = directory.LocationTypes
	}
	xs, ok := list.([]T)
	if !ok {
		panic(fmt.Sprintf("httpapi: no list of %T values for an enum field", T("")))
	}
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// enum is the representation of a domain value v.
func enum[T ~string](v T) enumOf[T] { return enumOf[T](v) }
