package directory

import (
	"regexp"
	"strings"

	"github.com/actionhub/actionhub/domain"
)

var (
	uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	timePattern = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$`)
)

// IsUUID reports whether id has the shape HSDS asks of every ID.
func IsUUID(id string) bool { return uuidPattern.MatchString(id) }

// checker collects field errors under a prefix (e.g. "services[3].").
type checker struct {
	prefix string
	v      *domain.ValidationError
}

func (c *checker) bad(field, msg string) {
	if c.v == nil {
		c.v = &domain.ValidationError{}
	}
	c.v.Add(c.prefix+field, msg)
}

func (c *checker) required(field, v string, max int) {
	if strings.TrimSpace(v) == "" {
		c.bad(field, "is required")
		return
	}
	c.text(field, v, max)
}

func (c *checker) text(field, v string, max int) {
	if len(v) > max {
		c.bad(field, "is too long")
	}
}

func (c *checker) id(field, v string) {
	if !IsUUID(v) {
		c.bad(field, "must be a UUID")
	}
}

func (c *checker) count(field string, n int) bool {
	if n > MaxItems {
		c.bad(field, "has too many items")
		return false
	}
	return true
}

func (c *checker) email(field, v string) {
	if v != "" && (len(v) > 254 || !strings.Contains(v, "@") || strings.ContainsAny(v, " \t\r\n")) {
		c.bad(field, "must be an e-mail address")
	}
}

func (c *checker) url(field, v string) {
	if v != "" && (len(v) > 2000 || !(strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "http://"))) {
		c.bad(field, "must be an http or https URL")
	}
}

// CheckOrganization lists what is wrong with o, field names under prefix.
func CheckOrganization(o *Organization, prefix string) error {
	c := &checker{prefix: prefix}
	c.id("id", o.ID)
	c.required("name", o.Name, 300)
	c.required("description", o.Description, 5000)
	c.text("alternate_name", o.AlternateName, 300)
	c.text("legal_status", o.LegalStatus, 200)
	c.email("email", o.Email)
	c.url("website", o.Website)
	checkPhones(c, "phones", o.Phones)
	checkContacts(c, "contacts", o.Contacts)
	return c.v.OrNil()
}

// CheckService lists what is wrong with s, field names under prefix.
func CheckService(s *Service, prefix string) error {
	c := &checker{prefix: prefix}
	c.id("id", s.ID)
	c.id("organization_id", s.OrganizationID)
	c.required("name", s.Name, 300)
	c.text("alternate_name", s.AlternateName, 300)
	c.text("description", s.Description, 5000)
	c.url("url", s.URL)
	c.email("email", s.Email)
	if !s.Status.Valid() {
		c.bad("status", "must be one of active, inactive, defunct, temporarily closed")
	}
	if s.Type != "" && !s.Type.Valid() {
		c.bad("service_type", "is not a service type of the hub")
	}
	c.text("eligibility_description", s.EligibilityDescription, 5000)
	c.text("application_process", s.ApplicationProcess, 5000)
	c.text("fees_description", s.FeesDescription, 2000)
	for _, a := range []struct {
		f string
		v *int
	}{{"minimum_age", s.MinimumAge}, {"maximum_age", s.MaximumAge}} {
		if a.v != nil && (*a.v < 0 || *a.v > MaxAge) {
			c.bad(a.f, "must be from 0 to 120")
		}
	}
	if s.MinimumAge != nil && s.MaximumAge != nil && *s.MinimumAge > *s.MaximumAge {
		c.bad("maximum_age", "must not be below minimum_age")
	}
	if s.ResponseDays < 0 || s.ResponseDays > MaxResponseDays {
		c.bad("response_days", "must be from 0 to 365")
	}
	if s.PrerequisiteServiceID != "" {
		c.id("prerequisite_service_id", s.PrerequisiteServiceID)
		if s.PrerequisiteServiceID == s.ID {
			c.bad("prerequisite_service_id", "must name another service")
		}
	}
	if c.count("required_documents", len(s.RequiredDocuments)) {
		for i, d := range s.RequiredDocuments {
			p := at("required_documents", i)
			c.id(p+".id", d.ID)
			c.required(p+".document", d.Document, 500)
		}
	}
	if c.count("languages", len(s.Languages)) {
		for i, l := range s.Languages {
			p := at("languages", i)
			c.id(p+".id", l.ID)
			if l.Name == "" && l.Code == "" {
				c.bad(p+".name", "is required when code is not given")
			}
			c.text(p+".name", l.Name, 100)
			c.text(p+".code", l.Code, 20)
		}
	}
	if c.count("service_at_locations", len(s.Locations)) {
		for i, l := range s.Locations {
			p := at("service_at_locations", i)
			c.id(p+".id", l.SALID)
			c.id(p+".location.id", l.ID)
			if !l.Type.Valid() {
				c.bad(p+".location.location_type", "must be physical, postal or virtual")
			}
			c.text(p+".location.name", l.Name, 300)
			c.text(p+".location.description", l.Description, 2000)
			c.text(p+".location.district", l.District, 100)
			c.text(p+".location.province", l.Province, 100)
			c.text(p+".location.address_1", l.Address1, 300)
			if l.Address1 != "" && (l.City == "" || l.Province == "") {
				c.bad(p+".location.address_1", "needs a city and a province")
			}
			if l.Latitude != nil && (*l.Latitude < -90 || *l.Latitude > 90) {
				c.bad(p+".location.latitude", "must be from -90 to 90")
			}
			if l.Longitude != nil && (*l.Longitude < -180 || *l.Longitude > 180) {
				c.bad(p+".location.longitude", "must be from -180 to 180")
			}
		}
	}
	if c.count("service_areas", len(s.ServiceAreas)) {
		for i, a := range s.ServiceAreas {
			p := at("service_areas", i)
			c.id(p+".id", a.ID)
			c.required(p+".name", a.District, 300)
			c.text(p+".description", a.Description, 2000)
		}
	}
	checkPhones(c, "phones", s.Phones)
	checkContacts(c, "contacts", s.Contacts)
	if c.count("schedules", len(s.Schedules)) {
		for i, sc := range s.Schedules {
			p := at("schedules", i)
			c.id(p+".id", sc.ID)
			if sc.Freq != "" && sc.Freq != "WEEKLY" && sc.Freq != "MONTHLY" {
				c.bad(p+".freq", "must be WEEKLY or MONTHLY")
			}
			for _, t := range []struct{ f, v string }{{"opens_at", sc.OpensAt}, {"closes_at", sc.ClosesAt}} {
				if t.v != "" && !timePattern.MatchString(t.v) {
					c.bad(p+"."+t.f, "must be a time of day, HH:MM")
				}
			}
			c.text(p+".byday", sc.ByDay, 100)
			c.text(p+".description", sc.Description, 2000)
		}
	}
	return c.v.OrNil()
}

func checkPhones(c *checker, field string, ps []Phone) {
	if !c.count(field, len(ps)) {
		return
	}
	for i, ph := range ps {
		p := at(field, i)
		c.id(p+".id", ph.ID)
		c.required(p+".number", ph.Number, 50)
		c.text(p+".type", ph.Type, 50)
		c.text(p+".description", ph.Description, 500)
	}
}

func checkContacts(c *checker, field string, cs []Contact) {
	if !c.count(field, len(cs)) {
		return
	}
	for i, ct := range cs {
		p := at(field, i)
		c.id(p+".id", ct.ID)
		c.text(p+".name", ct.Name, 200)
		c.text(p+".title", ct.Title, 200)
		c.text(p+".department", ct.Department, 200)
		c.email(p+".email", ct.Email)
	}
}

func at(field string, i int) string { return field + "[" + itoa(i) + "]" }

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	for ; i > 0; i /= 10 {
		n--
		b[n] = byte('0' + i%10)
	}
	return string(b[n:])
}

// CheckPrerequisite refuses a prerequisite that is missing from the hub's
// directory (found false) or would make a loop: following prerequisites
// from s must never come back to s. next returns a service's prerequisite.
func CheckPrerequisite(s *Service, found bool, next func(id string) string) error {
	if s.PrerequisiteServiceID == "" {
		return nil
	}
	if !found {
		return domain.Invalid("prerequisite_service_id", "names no service in this hub's directory")
	}
	seen := map[string]bool{s.ID: true}
	for id := s.PrerequisiteServiceID; id != ""; id = next(id) {
		if seen[id] {
			return domain.Invalid("prerequisite_service_id", "would make a loop of prerequisites")
		}
		seen[id] = true
		if len(seen) > 20 {
			return domain.Invalid("prerequisite_service_id", "chain of prerequisites is longer than 20")
		}
	}
	return nil
}
