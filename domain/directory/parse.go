package directory

import (
	"encoding/json"
	"math"
	"slices"
	"strings"

	"github.com/actionhub/actionhub/domain"
)

// Batch is what an HSDS file holds, read and checked, ready to write.
type Batch struct {
	Organizations []*Organization
	Services      []*Service
	// Ignored lists where the file had fields the hub neither models nor
	// keeps (unknown fields inside nested records), by position.
	Ignored []string
}

// MaxImport bounds the records of one import.
const MaxImport = 5000

// ParseHSDS reads an HSDS 3.0 document into hubID's directory: an object
// with "organizations" and "services" arrays (as Export writes), an array
// of services, or one service record. Services come in the full shape or
// flat; an organisation inside a service is imported with it. Every fault
// is reported by position (e.g. services[3].status) and nothing is
// returned when there is one. Top-level unknown fields of organisations
// and services are kept in Extra; unknown nested fields are listed in
// Ignored. A taxonomy term of the hub's (by ID, or by code) sets the
// service type; other terms are reported as ignored.
func ParseHSDS(data []byte, hubID string) (*Batch, error) {
	var root any
	if err := json.Unmarshal(data, &root); err != nil {
		return nil, domain.Invalid("", "is not JSON: "+err.Error())
	}
	p := &parser{hub: hubID, b: &Batch{}, errs: &domain.ValidationError{}, orgs: map[string]int{}}
	switch r := root.(type) {
	case []any:
		p.services(r, "services")
	case map[string]any:
		if _, ok := r["organizations"]; ok || r["services"] != nil {
			orgs, _ := r["organizations"].([]any)
			if _, ok := r["organizations"]; ok && orgs == nil && r["organizations"] != nil {
				p.bad("organizations", "must be an array")
			}
			svcs, _ := r["services"].([]any)
			if r["services"] != nil && svcs == nil {
				p.bad("services", "must be an array")
			}
			if len(orgs)+len(svcs) > MaxImport {
				return nil, domain.Invalid("", "holds more than 5000 records: split it")
			}
			for i, o := range orgs {
				p.organization(o, at("organizations", i), true)
			}
			p.services(svcs, "services")
			for k := range r {
				if k != "organizations" && k != "services" {
					p.b.Ignored = append(p.b.Ignored, k)
				}
			}
		} else {
			p.service(r, "")
		}
	default:
		return nil, domain.Invalid("", "must be an object or an array of services")
	}
	if err := p.errs.OrNil(); err != nil {
		return nil, err
	}
	p.checkRefs()
	if err := p.errs.OrNil(); err != nil {
		return nil, err
	}
	slices.Sort(p.b.Ignored)
	return p.b, nil
}

type parser struct {
	hub  string
	b    *Batch
	errs *domain.ValidationError
	orgs map[string]int // organisation ID → index in b.Organizations
}

func (p *parser) bad(field, msg string) { p.errs.Add(field, msg) }

func (p *parser) services(list []any, field string) {
	if len(list) > MaxImport {
		p.bad(field, "holds more than 5000 records: split it")
		return
	}
	for i, s := range list {
		p.service(s, at(field, i))
	}
}

// rec reads one JSON object's fields, noting type faults by position and
// which keys were read.
type rec struct {
	p      *parser
	m      map[string]any
	prefix string
	used   map[string]bool
}

func (p *parser) rec(v any, prefix string) *rec {
	m, ok := v.(map[string]any)
	if !ok {
		p.bad(strings.TrimSuffix(prefix, "."), "must be an object")
		return nil
	}
	return &rec{p: p, m: m, prefix: prefix, used: map[string]bool{}}
}

func (r *rec) str(k string) string {
	r.used[k] = true
	switch x := r.m[k].(type) {
	case nil:
		return ""
	case string:
		return x
	}
	r.p.bad(r.prefix+k, "must be a string")
	return ""
}

func (r *rec) num(k string) *float64 {
	r.used[k] = true
	switch x := r.m[k].(type) {
	case nil:
		return nil
	case float64:
		return &x
	case string: // HSDS examples and CSV-born files carry numbers as text
		var f float64
		if err := json.Unmarshal([]byte(x), &f); err == nil {
			return &f
		}
	}
	r.p.bad(r.prefix+k, "must be a number")
	return nil
}

func (r *rec) age(k string) *int {
	f := r.num(k)
	if f == nil {
		return nil
	}
	if *f != math.Trunc(*f) {
		r.p.bad(r.prefix+k, "must be a whole number of years")
		return nil
	}
	n := int(*f)
	return &n
}

func (r *rec) list(k string) []any {
	r.used[k] = true
	switch x := r.m[k].(type) {
	case nil:
		return nil
	case []any:
		return x
	}
	r.p.bad(r.prefix+k, "must be an array")
	return nil
}

func (r *rec) each(k string, fn func(*rec)) {
	for i, v := range r.list(k) {
		if c := r.p.rec(v, r.prefix+at(k, i)+"."); c != nil {
			fn(c)
			c.ignoreRest()
		}
	}
}

// extra returns the fields not read, to keep.
func (r *rec) extra() map[string]any {
	var out map[string]any
	for k, v := range r.m {
		if !r.used[k] {
			if out == nil {
				out = map[string]any{}
			}
			out[k] = v
		}
	}
	return out
}

// ignoreRest notes the fields not read as ignored. metadata and
// attributes of nested records are HSDS bookkeeping the hub rebuilds.
func (r *rec) ignoreRest() {
	for k := range r.m {
		if !r.used[k] {
			r.p.b.Ignored = append(r.p.b.Ignored, r.prefix+k)
		}
	}
}

func (p *parser) organization(v any, prefix string, top bool) string {
	r := p.rec(v, prefix+".")
	if r == nil {
		return ""
	}
	o := &Organization{HubID: p.hub, ID: r.str("id"), Name: r.str("name"), AlternateName: r.str("alternate_name"),
		Description: r.str("description"), Email: r.str("email"), Website: r.str("website"), LegalStatus: r.str("legal_status")}
	o.Phones = r.phones("phones")
	o.Contacts = r.contacts("contacts")
	o.Extra = r.extra()
	if err := CheckOrganization(o, prefix+"."); err != nil {
		p.add(err)
		return o.ID
	}
	if i, dup := p.orgs[o.ID]; dup {
		if top {
			p.bad(prefix+".id", "repeats organizations["+itoa(i)+"]")
		}
		return o.ID
	}
	p.orgs[o.ID] = len(p.b.Organizations)
	p.b.Organizations = append(p.b.Organizations, o)
	return o.ID
}

func (p *parser) add(err error) {
	v, ok := err.(*domain.ValidationError)
	if !ok {
		return
	}
	for _, f := range v.Fields {
		// a field of the wrong type was read as empty: say so once
		if !slices.ContainsFunc(p.errs.Fields, func(e domain.FieldError) bool { return e.Field == f.Field }) {
			p.errs.Fields = append(p.errs.Fields, f)
		}
	}
}

func (r *rec) phones(k string) []Phone {
	var out []Phone
	r.each(k, func(c *rec) {
		out = append(out, Phone{ID: c.str("id"), Number: c.str("number"), Type: c.str("type"), Description: c.str("description")})
	})
	return out
}

func (r *rec) contacts(k string) []Contact {
	var out []Contact
	r.each(k, func(c *rec) {
		out = append(out, Contact{ID: c.str("id"), Name: c.str("name"), Title: c.str("title"),
			Department: c.str("department"), Email: c.str("email")})
	})
	return out
}

func (p *parser) service(v any, prefix string) {
	dot := prefix + "."
	if prefix == "" {
		dot = ""
	}
	r := p.rec(v, dot)
	if r == nil {
		return
	}
	s := &Service{HubID: p.hub, ID: r.str("id"), OrganizationID: r.str("organization_id"), Name: r.str("name"),
		AlternateName: r.str("alternate_name"), Description: r.str("description"), URL: r.str("url"), Email: r.str("email"),
		Status: Status(r.str("status")), ApplicationProcess: r.str("application_process"),
		FeesDescription: r.str("fees_description"), EligibilityDescription: r.str("eligibility_description"),
		MinimumAge: r.age("minimum_age"), MaximumAge: r.age("maximum_age"),
		PrerequisiteServiceID: r.str("prerequisite_service_id")}
	r.used["last_modified"] = true // the hub stamps its own time of change
	if d := r.age("response_time_days"); d != nil {
		s.ResponseDays = *d
	}
	if org, ok := r.m["organization"]; ok && org != nil {
		r.used["organization"] = true
		id := p.organization(org, dot+"organization", false)
		if s.OrganizationID == "" {
			s.OrganizationID = id
		} else if id != "" && id != s.OrganizationID {
			p.bad(dot+"organization.id", "differs from organization_id")
		}
	}
	s.Phones = r.phones("phones")
	s.Contacts = r.contacts("contacts")
	r.each("schedules", func(c *rec) {
		s.Schedules = append(s.Schedules, Schedule{ID: c.str("id"), Freq: c.str("freq"), ByDay: c.str("byday"),
			OpensAt: c.str("opens_at"), ClosesAt: c.str("closes_at"), Description: c.str("description")})
	})
	r.each("service_areas", func(c *rec) {
		s.ServiceAreas = append(s.ServiceAreas, ServiceArea{ID: c.str("id"), District: c.str("name"), Description: c.str("description")})
	})
	r.each("languages", func(c *rec) {
		s.Languages = append(s.Languages, Language{ID: c.str("id"), Name: c.str("name"), Code: c.str("code")})
	})
	r.each("required_documents", func(c *rec) {
		s.RequiredDocuments = append(s.RequiredDocuments, Document{ID: c.str("id"), Document: c.str("document")})
	})
	r.each("service_at_locations", func(c *rec) {
		l := Location{SALID: c.str("id")}
		c.str("service_id")
		locID := c.str("location_id")
		if lv, ok := c.m["location"]; ok && lv != nil {
			c.used["location"] = true
			if lr := p.rec(lv, c.prefix+"location."); lr != nil {
				l.ID, l.Type, l.Name = lr.str("id"), LocationType(lr.str("location_type")), lr.str("name")
				l.Description, l.District, l.Province = lr.str("description"), lr.str("district"), lr.str("province")
				l.Latitude, l.Longitude = lr.num("latitude"), lr.num("longitude")
				lr.each("addresses", func(a *rec) {
					if l.Address1 != "" {
						a.ignoreRest()
						return
					}
					a.str("id")
					a.str("address_type")
					a.str("country")
					l.Address1, l.City, l.PostalCode = a.str("address_1"), a.str("city"), a.str("postal_code")
					if d := a.str("region"); d != "" {
						l.District = d
					}
					if pr := a.str("state_province"); pr != "" {
						l.Province = pr
					}
				})
				lr.ignoreRest()
			}
		} else {
			l.ID, l.Type = locID, Physical
		}
		if locID != "" && l.ID != "" && locID != l.ID {
			p.bad(c.prefix+"location_id", "differs from location.id")
		}
		s.Locations = append(s.Locations, l)
	})
	r.each("attributes", func(c *rec) {
		c.str("id")
		c.str("link_id")
		c.str("link_entity")
		c.str("link_type")
		termID := c.str("taxonomy_term_id")
		code := ""
		if tv, ok := c.m["taxonomy_term"].(map[string]any); ok {
			c.used["taxonomy_term"] = true
			code, _ = tv["code"].(string)
			if id, _ := tv["id"].(string); termID == "" {
				termID = id
			}
		}
		if t, ok := TypeOfTerm(p.hub, termID); ok && s.Type == "" {
			s.Type = t
		} else if ServiceType(code).Valid() && s.Type == "" {
			s.Type = ServiceType(code)
		} else {
			c.used["taxonomy_term"] = false // another taxonomy's: reported, not kept
		}
	})
	s.Extra = r.extra()
	if err := CheckService(s, dot); err != nil {
		p.add(err)
		return
	}
	p.b.Services = append(p.b.Services, s)
}

// checkRefs checks what spans records: an organisation for every service
// (in the file, or already in the hub: the caller checks those), no
// service twice.
func (p *parser) checkRefs() {
	seen := map[string]int{}
	for i, s := range p.b.Services {
		if j, dup := seen[s.ID]; dup {
			p.bad(at("services", i)+".id", "repeats services["+itoa(j)+"]")
		}
		seen[s.ID] = i
	}
}
