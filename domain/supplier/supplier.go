package supplier

import (
	"slices"
	"time"

	"github.com/actionhub/actionhub/domain"
)

// Sector is the supply chain a facility works in.
type Sector string

// Sectors the hubs cover.
const (
	SectorTextile Sector = "textile"
	SectorLeather Sector = "leather"
)

// Sectors lists every sector, for validation and documentation.
var Sectors = []Sector{SectorTextile, SectorLeather}

// Valid reports whether s is a known sector.
func (s Sector) Valid() bool { return slices.Contains(Sectors, s) }

// SubSector is the kind of work done at a facility; it drives the hazard
// part of the risk profile.
type SubSector string

// Sub-sectors. Each belongs to one sector, except SubOther which fits both.
const (
	SubSpinning         SubSector = "spinning"
	SubWeaving          SubSector = "weaving"
	SubKnitting         SubSector = "knitting"
	SubDyeingFinishing  SubSector = "dyeing_finishing"
	SubGarments         SubSector = "garments"
	SubHomeTextiles     SubSector = "home_textiles"
	SubTannery          SubSector = "tannery"
	SubLeatherGoods     SubSector = "leather_goods"
	SubFootwear         SubSector = "footwear"
	SubGlovesSportswear SubSector = "gloves_sportswear"
	SubOther            SubSector = "other"
)

// SubSectors lists every sub-sector, textile first, then leather, then other.
var SubSectors = []SubSector{
	SubSpinning, SubWeaving, SubKnitting, SubDyeingFinishing, SubGarments, SubHomeTextiles,
	SubTannery, SubLeatherGoods, SubFootwear, SubGlovesSportswear, SubOther,
}

// Valid reports whether s is a known sub-sector.
func (s SubSector) Valid() bool { return slices.Contains(SubSectors, s) }

// Sector returns the sector s belongs to, or "" for SubOther (either).
// Gloves and sportswear count as leather: in Pakistan they are mostly
// leather gloves and stitched balls from the Sialkot leather cluster.
func (s SubSector) Sector() Sector {
	switch s {
	case SubSpinning, SubWeaving, SubKnitting, SubDyeingFinishing, SubGarments, SubHomeTextiles:
		return SectorTextile
	case SubTannery, SubLeatherGoods, SubFootwear, SubGlovesSportswear:
		return SectorLeather
	}
	return ""
}

// In reports whether s may be declared under sector sec.
func (s SubSector) In(sec Sector) bool {
	return (s == SubOther && sec.Valid()) || (s.Sector() == sec && sec != "")
}

// Status is a supplier's standing in the hub.
type Status string

// Supplier statuses.
const (
	StatusNominated Status = "nominated" // named by a brand, not yet accepted by the operator
	StatusActive    Status = "active"    // in the hub: audited, followed, linked to brands
	StatusSuspended Status = "suspended" // on hold, e.g. refuses audits; may come back
	StatusExited    Status = "exited"    // left the hub; kept for the record
)

// Statuses lists every supplier status.
var Statuses = []Status{StatusNominated, StatusActive, StatusSuspended, StatusExited}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// moves holds the allowed status changes. An exited supplier comes back only
// through a new nomination, so it returns to nominated, never straight to active.
var moves = map[Status][]Status{
	StatusNominated: {StatusActive, StatusExited},
	StatusActive:    {StatusSuspended, StatusExited},
	StatusSuspended: {StatusActive, StatusExited},
	StatusExited:    {StatusNominated},
}

// CanMove reports whether a supplier may go from one status to another.
func CanMove(from, to Status) bool { return slices.Contains(moves[from], to) }

// GeoPoint is a facility's position in WGS 84 degrees.
type GeoPoint struct {
	Lat float64
	Lng float64
}

// Workforce is what the facility declares; under-18s are young workers who
// may work, but never in hazardous work.
type Workforce struct {
	Total         int
	Women         int
	UnderEighteen int
}

// Contact is the facility's contact person.
type Contact struct {
	Name  string
	Phone string
	Email string
}

// Registration is one official number of the facility or its company.
type Registration struct {
	Kind   string // see the Reg* constants; others are accepted
	Number string
}

// Registration kinds common in Pakistan.
const (
	RegNTN   = "NTN"   // National Tax Number (FBR), per company
	RegSECP  = "SECP"  // company incorporation number
	RegEOBI  = "EOBI"  // Employees' Old-Age Benefits Institution, per employer
	RegSESSI = "SESSI" // Sindh Employees' Social Security Institution
	RegPESSI = "PESSI" // Punjab Employees' Social Security Institution
)

// Supplier is one facility in a hub's registry. A merged supplier keeps its
// record with AliasOf naming the one it was merged into.
type Supplier struct {
	ID                       string
	Version                  int64
	HubID                    string
	Name                     string
	OtherNames               []string
	Address                  string
	City                     string
	Province                 string
	Geo                      *GeoPoint
	Sector                   Sector
	SubSector                SubSector
	Tier                     int // 1 (final assembly) to 4 (raw material); 0 when not known
	Workforce                Workforce
	HomeBasedOrSubcontracted bool
	Contact                  Contact
	RegistrationNumbers      []Registration
	OSID                     string // Open Supply Hub ID, optional cross-reference
	Status                   Status
	AliasOf                  string
	OrgID                    string      // the facility's own organisation, whose users see it and update its profile
	Risk                     Profile     // Risk's result, recomputed on every write so lists can filter by level
	Rating                   *SiteRating // from the latest published audit; nil until one is
	Created                  time.Time
	Updated                  time.Time
}

// NewSupplier makes a nominated supplier from the facility data a brand gave,
// with the e-mail address and OS ID in their normal forms.
func NewSupplier(id, hubID string, f Facility, at time.Time) Supplier {
	return Supplier{
		ID: id, HubID: hubID,
		Name: f.Name, OtherNames: slices.Clone(f.OtherNames),
		Address: f.Address, City: f.City, Province: f.Province,
		Sector: f.Sector, SubSector: f.SubSector, Tier: f.Tier,
		Workforce:           f.Workforce,
		Contact:             Contact{Name: f.Contact.Name, Phone: f.Contact.Phone, Email: domain.NormalizeEmail(f.Contact.Email)},
		RegistrationNumbers: slices.Clone(f.RegistrationNumbers),
		OSID:                NormalizeOSID(f.OSID),
		Status:              StatusNominated,
		Created:             at, Updated: at,
	}
}

// Facility returns the part of s that matching compares.
func (s Supplier) Facility() Facility {
	return Facility{
		Name: s.Name, OtherNames: s.OtherNames,
		Address: s.Address, City: s.City, Province: s.Province,
		Sector: s.Sector, SubSector: s.SubSector, Tier: s.Tier,
		Workforce: s.Workforce, Contact: s.Contact,
		RegistrationNumbers: s.RegistrationNumbers, OSID: s.OSID,
	}
}

// Move changes the status. It returns an error wrapping domain.ErrConflict
// when the move is not allowed or s is an alias of another supplier.
func (s *Supplier) Move(to Status, at time.Time) error {
	if s.AliasOf != "" {
		return domain.Conflictf("Supplier %s was merged into %s.", s.ID, s.AliasOf)
	}
	if !CanMove(s.Status, to) {
		return domain.Conflictf("A supplier cannot move from %s to %s.", s.Status, to)
	}
	s.Status, s.Updated = to, at
	return nil
}

// MergeInto makes s an alias of target, which keeps the facility from now on;
// the caller moves links and records. It returns an error wrapping
// domain.ErrConflict when s is target, either is already an alias, or they
// are in different hubs.
func (s *Supplier) MergeInto(target Supplier, at time.Time) error {
	switch {
	case s.ID == target.ID:
		return domain.Conflictf("A supplier cannot be merged into itself.")
	case s.AliasOf != "":
		return domain.Conflictf("Supplier %s was already merged into %s.", s.ID, s.AliasOf)
	case target.AliasOf != "":
		return domain.Conflictf("Supplier %s is an alias of %s. Merge into that one.", target.ID, target.AliasOf)
	case s.HubID != target.HubID:
		return domain.Conflictf("Suppliers of different hubs cannot be merged.")
	}
	s.AliasOf, s.Updated = target.ID, at
	return nil
}
