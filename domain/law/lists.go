package law

import (
	"fmt"

	"github.com/actionhub/actionhub/domain"
)

// Jurisdictions lists the jurisdictions a pack may be for.
var Jurisdictions = []Jurisdiction{Sindh, Punjab, KhyberPakhtunkhwa, Federal}

// Classes lists every class, in precedence order, Undetermined last.
var Classes = []Class{BondedLabour, HazardousChildLabour, ChildLabour, YoungWorkerHazardous, YoungWorkerOverHours, PermittedWork, Undetermined}

// ProvisionKinds lists every kind of provision.
var ProvisionKinds = []ProvisionKind{KindChildEmployment, KindHazardousWork, KindAdolescentHours, KindBondedLabour, KindEducation}

// Schoolings lists the known schooling states.
var Schoolings = []Schooling{InSchool, OutOfSchool}

// Codes lists the catalogue, in the order of codes.json.
func (s *Set) Codes() []Code {
	out := make([]Code, 0, len(s.codeOrder))
	for _, c := range s.codeOrder {
		out = append(out, s.codes[c])
	}
	return out
}

// Packs lists every pack of a jurisdiction, oldest first.
func (s *Set) Packs(j Jurisdiction) []Pack { return append([]Pack(nil), s.packs[j]...) }

// CheckCodes returns a *domain.ValidationError naming every code of the
// situation the catalogue lacks (paths under prefix, as Validate): a sector
// that is not a sector code, a task code, an observed hazard. A task
// without a code is free text and left to Classify's notes.
func (s *Set) CheckCodes(sit Situation, prefix string) error {
	v := &domain.ValidationError{}
	at := func(name string) string {
		if prefix == "" {
			return name
		}
		return prefix + "." + name
	}
	const where = "is not in the catalogue of codes (GET /api/v1/law/packs lists them)"
	if sit.Sector != "" && s.codes[sit.Sector].Kind != "sector" {
		v.Add(at("sector"), "is not a sector code: "+where)
	}
	for i, t := range sit.Tasks {
		if _, ok := s.codes[t.Code]; t.Code != "" && !ok {
			v.Add(at(fmt.Sprintf("tasks[%d].code", i)), where)
		}
	}
	for i, h := range sit.Hazards {
		if _, ok := s.codes[h]; !ok {
			v.Add(at(fmt.Sprintf("hazards[%d]", i)), where)
		}
	}
	return v.OrNil()
}
