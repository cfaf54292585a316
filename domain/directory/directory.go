// Package directory is the hub's referral directory in the shape of Open
// Referral's Human Services Data Specification (HSDS) 3.0: organisations,
// the services they give, where and to whom, tagged with the hub's service
// types. Each service also carries what HSDS leaves out and referrals need:
// the hub's response-time promise and the service that must come first.
//
// The package holds the entities and their rules only; storage, the HSDS
// API and import/export run in app/directory.
package directory

import (
	"crypto/sha1"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/actionhub/actionhub/domain"
)

// ServiceType is one of the hub's service types, published as an HSDS
// taxonomy term.
type ServiceType string

// Service types.
const (
	Education          ServiceType = "education"
	NonFormalEducation ServiceType = "non_formal_education"
	BirthRegistration  ServiceType = "birth_registration"
	CashTransfer       ServiceType = "cash_transfer"
	SocialProtection   ServiceType = "social_protection"
	Health             ServiceType = "health"
	ChildProtection    ServiceType = "child_protection"
	Psychosocial       ServiceType = "psychosocial"
	LegalAid           ServiceType = "legal_aid"
	VocationalTraining ServiceType = "vocational_training"
	Livelihoods        ServiceType = "livelihoods"
	LabourInspection   ServiceType = "labour_inspection"
	BondedLabour       ServiceType = "bonded_labour"
)

// ServiceTypes lists every service type, in the order the taxonomy lists them.
var ServiceTypes = []ServiceType{Education, NonFormalEducation, BirthRegistration, CashTransfer, SocialProtection,
	Health, ChildProtection, Psychosocial, LegalAid, VocationalTraining, Livelihoods, LabourInspection, BondedLabour}

var typeNames = map[ServiceType][2]string{
	Education:          {"Education", "Schooling, enrolment and education stipends for children out of school or at risk."},
	NonFormalEducation: {"Non-formal education", "Accelerated and non-formal basic education for children who missed school."},
	BirthRegistration:  {"Birth registration", "Union Council birth certificate and NADRA Child Registration Certificate (B-Form)."},
	CashTransfer:       {"Cash transfer", "Cash support to the family, conditional or not, e.g. stipends on school attendance."},
	SocialProtection:   {"Social protection", "Enrolment in social protection schemes for the family."},
	Health:             {"Health", "Medical care and health insurance for the child and family."},
	ChildProtection:    {"Child protection", "Case management, rescue and protection of children at risk."},
	Psychosocial:       {"Psychosocial support", "Counselling and psychosocial support for the child and family."},
	LegalAid:           {"Legal aid", "Legal advice and representation."},
	VocationalTraining: {"Vocational training", "Skills training and apprenticeships for adolescents of working age."},
	Livelihoods:        {"Livelihoods", "Work and income for adult family members."},
	LabourInspection:   {"Labour inspection", "Inspection of workplaces under the provincial child labour laws."},
	BondedLabour:       {"Bonded labour", "Release from bonded labour: District Vigilance Committees, police, legal aid."},
}

// Valid reports whether t is a known service type.
func (t ServiceType) Valid() bool { return slices.Contains(ServiceTypes, t) }

// Name is the type's name as its taxonomy term shows it.
func (t ServiceType) Name() string { return typeNames[t][0] }

// Description is the taxonomy term's description.
func (t ServiceType) Description() string { return typeNames[t][1] }

// TaxonomyID is the ID of the hub's service-type taxonomy, the same on every
// start, so that published term IDs never change.
func TaxonomyID(hubID string) string { return nameUUID("taxonomy", hubID) }

// TermID is the ID of the taxonomy term for t in a hub: a name-based UUID
// (version 5), so every hub publishes stable, distinct term IDs.
func TermID(hubID string, t ServiceType) string { return nameUUID("term", hubID, string(t)) }

// TypeOfTerm returns the service type whose term in hubID has the ID id.
func TypeOfTerm(hubID, id string) (ServiceType, bool) {
	for _, t := range ServiceTypes {
		if TermID(hubID, t) == id {
			return t, true
		}
	}
	return "", false
}

// namespace of the name-based IDs above (a random UUID, fixed forever).
var namespace = [16]byte{0x5c, 0x2e, 0x8a, 0x1f, 0x43, 0x7d, 0x4b, 0x90, 0xa1, 0x6e, 0x0d, 0x27, 0x93, 0xc4, 0x58, 0xb2}

func nameUUID(parts ...string) string {
	h := sha1.New()
	h.Write(namespace[:])
	h.Write([]byte(strings.Join(parts, "\x00")))
	s := h.Sum(nil)
	s[6] = (s[6] & 0x0f) | 0x50
	s[8] = (s[8] & 0x3f) | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", s[0:4], s[4:6], s[6:8], s[8:10], s[10:16])
}

// Status is a service's HSDS status.
type Status string

// Statuses, as HSDS spells them.
const (
	Active            Status = "active"
	Inactive          Status = "inactive"
	Defunct           Status = "defunct"
	TemporarilyClosed Status = "temporarily closed"
)

// Statuses lists every status.
var Statuses = []Status{Active, Inactive, Defunct, TemporarilyClosed}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// LocationType is an HSDS location's kind.
type LocationType string

// Location types.
const (
	Physical LocationType = "physical"
	Postal   LocationType = "postal"
	Virtual  LocationType = "virtual"
)

// LocationTypes lists every location type.
var LocationTypes = []LocationType{Physical, Postal, Virtual}

// Valid reports whether l is a known location type.
func (l LocationType) Valid() bool { return slices.Contains(LocationTypes, l) }

// Limits on what one entry holds.
const (
	MaxAge          = 120
	MaxResponseDays = 365
	MaxItems        = 50 // phones, contacts, locations, ... per entry
)

// Organization is a provider in the directory. AgencyOrgID is the
// platform organisation (kind agency) whose officers edit it and its
// services; empty when only the hub's admins do.
type Organization struct {
	ID            string
	HubID         string
	AgencyOrgID   string
	Name          string
	AlternateName string
	Description   string
	Email         string
	Website       string
	LegalStatus   string
	Phones        []Phone
	Contacts      []Contact
	Extra         map[string]any // fields HSDS or others carry that the hub does not model: kept, exported as they came
	Created       time.Time
	Modified      time.Time
	Version       int64
}

// Service is one service an organisation gives.
type Service struct {
	ID                     string
	HubID                  string
	OrganizationID         string
	AgencyOrgID            string // copied from the organisation: who besides the hub's admins edits it
	Name                   string
	AlternateName          string
	Description            string
	URL                    string
	Email                  string
	Status                 Status
	Type                   ServiceType // empty for imported services of another taxonomy
	EligibilityDescription string
	MinimumAge             *int
	MaximumAge             *int
	ApplicationProcess     string
	FeesDescription        string
	RequiredDocuments      []Document
	Languages              []Language
	ResponseDays           int    // the hub's promise: days from a referral to the service's answer; 0 = none made
	PrerequisiteServiceID  string // a service the child needs first (a B-Form before a stipend)
	Locations              []Location
	ServiceAreas           []ServiceArea
	Phones                 []Phone
	Contacts               []Contact
	Schedules              []Schedule
	Extra                  map[string]any
	Created                time.Time
	Modified               time.Time
	Version                int64
}

// Document is a document a service asks for.
type Document struct {
	ID       string
	Document string
}

// Language is a language a service is given in.
type Language struct {
	ID   string
	Name string
	Code string // ISO 639, e.g. "ur"
}

// Location is where a service is given: an HSDS location joined to the
// service through a service_at_location (SALID). District and Province
// are the hub's; HSDS carries them in the address (region and
// state_province) when there is one.
type Location struct {
	SALID       string
	ID          string
	Type        LocationType
	Name        string
	Description string
	District    string
	Province    string
	Address1    string
	City        string
	PostalCode  string
	Latitude    *float64
	Longitude   *float64
}

// ServiceArea is a district a service serves.
type ServiceArea struct {
	ID          string
	District    string
	Province    string
	Description string
}

// Phone is a telephone number.
type Phone struct {
	ID          string
	Number      string
	Type        string
	Description string
}

// Contact is a person or office to ask for.
type Contact struct {
	ID         string
	Name       string
	Title      string
	Department string
	Email      string
}

// Schedule is when a service is open, in HSDS's iCal-like fields.
type Schedule struct {
	ID          string
	Freq        string // WEEKLY or MONTHLY
	ByDay       string // e.g. MO,TU,WE,TH
	OpensAt     string // HH:MM
	ClosesAt    string
	Description string
}

// Scope of an organisation's entry: the hub's admins, and the officers of
// the agency it belongs to. Reads are hub-wide and ask about the hub
// itself (domain.HubWide), not the entry.
func (o *Organization) Scope() domain.Scope { return editScope(o.HubID, o.AgencyOrgID) }

// Scope of a service: as its organisation's.
func (s *Service) Scope() domain.Scope { return editScope(s.HubID, s.AgencyOrgID) }

func editScope(hubID, agencyOrgID string) domain.Scope {
	sc := domain.InHub(hubID)
	if agencyOrgID != "" {
		sc.Orgs = []string{agencyOrgID}
	}
	return sc
}

// Districts lists the districts where the service is found: its service
// areas and its locations, each once, in the form Key gives.
func (s *Service) Districts() []string {
	var out []string
	add := func(d string) {
		if k := Key(d); k != "" && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	for _, a := range s.ServiceAreas {
		add(a.District)
	}
	for _, l := range s.Locations {
		add(l.District)
	}
	return out
}

// Serves reports whether the service takes a child of age years: within
// its minimum and maximum age where it sets them.
func (s *Service) Serves(age int) bool {
	return (s.MinimumAge == nil || *s.MinimumAge <= age) && (s.MaximumAge == nil || age <= *s.MaximumAge)
}

// AgeBounds returns the ages a service takes, 0 and MaxAge where it sets none.
func (s *Service) AgeBounds() (lo, hi int) {
	lo, hi = 0, MaxAge
	if s.MinimumAge != nil {
		lo = *s.MinimumAge
	}
	if s.MaximumAge != nil {
		hi = *s.MaximumAge
	}
	return lo, hi
}

// Brief is the service as a case worker's search shows and checks it: who
// gives it, its name, status and type, the ages it takes, its promise and
// prerequisite, and the districts of its areas and locations; nothing else.
func (s *Service) Brief() *Service {
	b := &Service{ID: s.ID, HubID: s.HubID, OrganizationID: s.OrganizationID, AgencyOrgID: s.AgencyOrgID, Name: s.Name,
		Status: s.Status, Type: s.Type, MinimumAge: s.MinimumAge, MaximumAge: s.MaximumAge, ResponseDays: s.ResponseDays,
		PrerequisiteServiceID: s.PrerequisiteServiceID, Created: s.Created, Modified: s.Modified}
	for _, a := range s.ServiceAreas {
		b.ServiceAreas = append(b.ServiceAreas, ServiceArea{District: a.District})
	}
	for _, l := range s.Locations {
		b.Locations = append(b.Locations, Location{District: l.District})
	}
	return b
}

// Searchable reports whether case workers find the service when they look
// for somewhere to refer a child: it is active.
func (s *Service) Searchable() bool { return s.Status == Active }

// Key is the form names and districts are compared and sorted in: lower
// case, single spaces.
func Key(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

// Settings are a hub's directory settings.
type Settings struct {
	HubID string
	// PublicAPI opens the hub's HSDS read API to anyone; off, it asks for
	// a login token or an API key of someone working in the hub.
	PublicAPI bool
	Updated   time.Time
	Version   int64
}
