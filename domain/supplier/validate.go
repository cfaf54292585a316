package supplier

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/actionhub/actionhub/domain"
)

// Limits on declared data: beyond them the input is a typing error.
const (
	MaxWorkforce  = 500_000
	MaxOtherNames = 20
	maxAddress    = 500
	maxShortText  = 200
	maxReason     = 2000
)

var (
	// An OS ID is a country code, year and day of year (7 digits), five
	// random characters and a check character: PK2025268XXXXXK.
	osidPattern = regexp.MustCompile(`^[A-Z]{2}[0-9]{7}[A-Z0-9]{6}$`)
	regKind     = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9 -]{1,19}$`)
	regNumber   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ./-]{0,39}$`)
	phoneChars  = regexp.MustCompile(`^\+?[0-9 ()-]+$`)
	yearMonth   = regexp.MustCompile(`^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$`)
)

// NormalizeOSID upper-cases an Open Supply Hub ID and drops the spaces and
// hyphens people type into it.
func NormalizeOSID(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(s)))
}

// at joins a field path: at("facility", "city") is "facility.city"; an
// empty prefix gives the bare name. Paths are bare: the HTTP layer says
// where in the request they are.
func at(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// ValidateFacility adds to v every field of f at fault, under prefix (e.g.
// "" or "facility"): name, city, sector and sub-sector required, the
// sub-sector within the sector, numbers within bounds, women and under-18s no
// more than the total, e-mail, phone, registration numbers and OS ID shapes.
func ValidateFacility(prefix string, f Facility, v *domain.ValidationError) {
	domain.ValidateName(at(prefix, "name"), f.Name, v)
	if len(f.OtherNames) > MaxOtherNames {
		v.Add(at(prefix, "other_names"), fmt.Sprintf("must be at most %d names", MaxOtherNames))
	}
	for i, n := range f.OtherNames {
		domain.ValidateName(at(prefix, fmt.Sprintf("other_names[%d]", i)), n, v)
	}
	maxLen(v, at(prefix, "address"), f.Address, maxAddress)
	domain.ValidateName(at(prefix, "city"), f.City, v)
	maxLen(v, at(prefix, "province"), f.Province, maxShortText)
	validateSectors(prefix, f.Sector, f.SubSector, v)
	if f.Tier < 0 || f.Tier > 4 {
		v.Add(at(prefix, "tier"), "must be 1 to 4, or 0 when not known")
	}
	validateWorkforce(at(prefix, "workforce"), f.Workforce, v)
	validateContact(at(prefix, "contact"), f.Contact, v)
	for i, r := range f.RegistrationNumbers {
		p := at(prefix, fmt.Sprintf("registration_numbers[%d]", i))
		if !regKind.MatchString(r.Kind) {
			v.Add(p+".kind", "must be a kind such as NTN, SECP, EOBI or SESSI")
		}
		if !regNumber.MatchString(r.Number) {
			v.Add(p+".number", "must be 1 to 40 letters, digits, spaces, dots, slashes or hyphens")
		}
	}
	if f.OSID != "" && !osidPattern.MatchString(NormalizeOSID(f.OSID)) {
		v.Add(at(prefix, "os_id"), "is not an Open Supply Hub ID (15 characters, e.g. PK2025268ABCDEK)")
	}
}

func validateSectors(prefix string, sec Sector, sub SubSector, v *domain.ValidationError) {
	switch {
	case sec == "":
		v.Add(at(prefix, "sector"), "is required")
	case !sec.Valid():
		v.Add(at(prefix, "sector"), "must be textile or leather")
	}
	switch {
	case sub == "":
		v.Add(at(prefix, "sub_sector"), "is required")
	case !sub.Valid():
		v.Add(at(prefix, "sub_sector"), "is not a known sub-sector")
	case sec.Valid() && !sub.In(sec):
		v.Add(at(prefix, "sub_sector"), fmt.Sprintf("%s belongs to the %s sector, not %s", sub, sub.Sector(), sec))
	}
}

func validateWorkforce(prefix string, w Workforce, v *domain.ValidationError) {
	for _, n := range []struct {
		field string
		n     int
	}{{"total", w.Total}, {"women", w.Women}, {"under_18", w.UnderEighteen}} {
		if n.n < 0 || n.n > MaxWorkforce {
			v.Add(at(prefix, n.field), fmt.Sprintf("must be 0 to %d", MaxWorkforce))
		}
	}
	if w.Women > w.Total {
		v.Add(at(prefix, "women"), "must not exceed the total")
	}
	if w.UnderEighteen > w.Total {
		v.Add(at(prefix, "under_18"), "must not exceed the total")
	}
}

func validateContact(prefix string, c Contact, v *domain.ValidationError) {
	maxLen(v, at(prefix, "name"), c.Name, maxShortText)
	if c.Phone != "" {
		digits := 0
		for _, r := range c.Phone {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		if !phoneChars.MatchString(c.Phone) || digits < 7 || digits > 15 {
			v.Add(at(prefix, "phone"), "must be 7 to 15 digits, with an optional +, spaces, hyphens or brackets")
		}
	}
	if c.Email != "" {
		domain.ValidateEmail(at(prefix, "email"), domain.NormalizeEmail(c.Email), v)
	}
}

// ValidateRelationship adds to v every field of r at fault, under prefix.
func ValidateRelationship(prefix string, r Relationship, v *domain.ValidationError) {
	maxLen(v, at(prefix, "products"), r.Products, maxAddress)
	if r.VolumeBand != "" && !r.VolumeBand.Valid() {
		v.Add(at(prefix, "volume_band"), "must be under_100k, 100k_to_1m, 1m_to_10m or over_10m")
	}
	if r.Since != "" && !yearMonth.MatchString(r.Since) {
		v.Add(at(prefix, "since"), "must be a year and month, e.g. 2019-04")
	}
}

// Validate checks a supplier before it is stored. The error, when not nil,
// is a *domain.ValidationError naming bare fields.
func (s Supplier) Validate() error {
	v := &domain.ValidationError{}
	ValidateFacility("", s.Facility(), v)
	if s.Geo != nil && (s.Geo.Lat < -90 || s.Geo.Lat > 90 || s.Geo.Lng < -180 || s.Geo.Lng > 180) {
		v.Add("geo", "must be a latitude from -90 to 90 and a longitude from -180 to 180")
	}
	if !s.Status.Valid() {
		v.Add("status", "is not a known status")
	}
	return v.OrNil()
}

// Validate checks a nomination before it is stored: the proposed facility
// unless it names an existing supplier, the reason and the relationship. The
// error, when not nil, is a *domain.ValidationError naming bare fields.
func (n Nomination) Validate() error {
	v := &domain.ValidationError{}
	if n.SupplierID == "" || n.Proposed.Name != "" {
		ValidateFacility("facility", n.Proposed, v)
	}
	maxLen(v, "reason", n.Reason, maxReason)
	ValidateRelationship("relationship", n.Relationship, v)
	return v.OrNil()
}

func maxLen(v *domain.ValidationError, field, s string, n int) {
	if utf8.RuneCountInString(s) > n {
		v.Add(field, fmt.Sprintf("must be at most %d characters", n))
	}
}
