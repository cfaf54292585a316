package directory

import (
	"encoding/json"
	"strings"
	"time"
)

// HSDS 3.0 records as the hub publishes and exports them. A service is in
// HSDS's "full service" shape: its organisation, locations, phones,
// schedules, areas, languages, documents and service type are inside it.
//
// The hub's profile adds fields HSDS allows but does not define (its
// schemas forbid no extra property): response_time_days and
// prerequisite_service_id on a service, district and province on a
// location that has no postal address.
type (
	// HSDSOrganization is an HSDS organization.
	HSDSOrganization struct {
		ID            string         `json:"id"`
		Name          string         `json:"name"`
		AlternateName string         `json:"alternate_name,omitempty"`
		Description   string         `json:"description"`
		Email         string         `json:"email,omitempty"`
		Website       string         `json:"website,omitempty"`
		LegalStatus   string         `json:"legal_status,omitempty"`
		Phones        []HSDSPhone    `json:"phones"`
		Contacts      []HSDSContact  `json:"contacts"`
		Extra         map[string]any `json:"-"`
	}
	// HSDSService is an HSDS service, full shape.
	HSDSService struct {
		ID                     string                  `json:"id"`
		OrganizationID         string                  `json:"organization_id"`
		Name                   string                  `json:"name"`
		AlternateName          string                  `json:"alternate_name,omitempty"`
		Description            string                  `json:"description,omitempty"`
		URL                    string                  `json:"url,omitempty"`
		Email                  string                  `json:"email,omitempty"`
		Status                 string                  `json:"status"`
		ApplicationProcess     string                  `json:"application_process,omitempty"`
		FeesDescription        string                  `json:"fees_description,omitempty"`
		EligibilityDescription string                  `json:"eligibility_description,omitempty"`
		MinimumAge             *int                    `json:"minimum_age,omitempty"`
		MaximumAge             *int                    `json:"maximum_age,omitempty"`
		LastModified           time.Time               `json:"last_modified"`
		ResponseTimeDays       *int                    `json:"response_time_days,omitempty" doc:"The hub's promise: days from a referral to the service's answer (the hub's profile)."`
		PrerequisiteServiceID  string                  `json:"prerequisite_service_id,omitempty" doc:"A service the child needs first (the hub's profile)."`
		Organization           *HSDSOrganization       `json:"organization,omitempty"`
		Phones                 []HSDSPhone             `json:"phones"`
		Contacts               []HSDSContact           `json:"contacts"`
		Schedules              []HSDSSchedule          `json:"schedules"`
		ServiceAreas           []HSDSServiceArea       `json:"service_areas"`
		ServiceAtLocations     []HSDSServiceAtLocation `json:"service_at_locations"`
		Languages              []HSDSLanguage          `json:"languages"`
		RequiredDocuments      []HSDSDocument          `json:"required_documents"`
		Attributes             []HSDSAttribute         `json:"attributes"`
		Extra                  map[string]any          `json:"-"`
	}
	// HSDSPhone is an HSDS phone.
	HSDSPhone struct {
		ID          string `json:"id"`
		Number      string `json:"number"`
		Type        string `json:"type,omitempty"`
		Description string `json:"description,omitempty"`
	}
	// HSDSContact is an HSDS contact.
	HSDSContact struct {
		ID         string `json:"id"`
		Name       string `json:"name,omitempty"`
		Title      string `json:"title,omitempty"`
		Department string `json:"department,omitempty"`
		Email      string `json:"email,omitempty"`
	}
	// HSDSSchedule is an HSDS schedule.
	HSDSSchedule struct {
		ID          string `json:"id"`
		Freq        string `json:"freq,omitempty"`
		ByDay       string `json:"byday,omitempty"`
		OpensAt     string `json:"opens_at,omitempty"`
		ClosesAt    string `json:"closes_at,omitempty"`
		Description string `json:"description,omitempty"`
	}
	// HSDSServiceArea is an HSDS service area: a district.
	HSDSServiceArea struct {
		ID          string `json:"id"`
		Name        string `json:"name"`
		Description string `json:"description,omitempty"`
	}
	// HSDSServiceAtLocation links a service to a location.
	HSDSServiceAtLocation struct {
		ID       string       `json:"id"`
		Location HSDSLocation `json:"location"`
	}
	// HSDSLocation is an HSDS location.
	HSDSLocation struct {
		ID           string        `json:"id"`
		LocationType string        `json:"location_type"`
		Name         string        `json:"name,omitempty"`
		Description  string        `json:"description,omitempty"`
		Latitude     *float64      `json:"latitude,omitempty"`
		Longitude    *float64      `json:"longitude,omitempty"`
		Addresses    []HSDSAddress `json:"addresses"`
		District     string        `json:"district,omitempty" doc:"The district, when there is no address (the hub's profile)."`
		Province     string        `json:"province,omitempty" doc:"The province, when there is no address (the hub's profile)."`
	}
	// HSDSAddress is an HSDS address: region is the district.
	HSDSAddress struct {
		ID            string `json:"id"`
		Address1      string `json:"address_1"`
		City          string `json:"city"`
		Region        string `json:"region,omitempty"`
		StateProvince string `json:"state_province"`
		PostalCode    string `json:"postal_code"`
		Country       string `json:"country"`
		AddressType   string `json:"address_type"`
	}
	// HSDSLanguage is an HSDS language.
	HSDSLanguage struct {
		ID   string `json:"id"`
		Name string `json:"name,omitempty"`
		Code string `json:"code,omitempty"`
	}
	// HSDSDocument is an HSDS required document.
	HSDSDocument struct {
		ID       string `json:"id"`
		Document string `json:"document"`
	}
	// HSDSAttribute tags a service with a taxonomy term: its service type.
	HSDSAttribute struct {
		ID             string           `json:"id"`
		LinkID         string           `json:"link_id"`
		LinkType       string           `json:"link_type"`
		LinkEntity     string           `json:"link_entity"`
		TaxonomyTermID string           `json:"taxonomy_term_id"`
		TaxonomyTerm   HSDSTaxonomyTerm `json:"taxonomy_term"`
	}
	// HSDSTaxonomyTerm is an HSDS taxonomy term: one service type.
	HSDSTaxonomyTerm struct {
		ID          string `json:"id"`
		Code        string `json:"code"`
		Name        string `json:"name"`
		Description string `json:"description"`
		Taxonomy    string `json:"taxonomy"`
		TaxonomyID  string `json:"taxonomy_id"`
	}
)

// TaxonomyName names the hub's taxonomy of service types.
const TaxonomyName = "Action Hub service types"

// HSDSTaxonomy is HSDS's taxonomy: a hub has one, its service types.
type HSDSTaxonomy struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

// Taxonomy returns the hub's taxonomy of service types.
func Taxonomy(hubID string) HSDSTaxonomy {
	return HSDSTaxonomy{ID: TaxonomyID(hubID), Name: TaxonomyName,
		Description: "The kinds of service a child found in work can be referred to; one per service."}
}

// Term returns the HSDS taxonomy term of t in a hub.
func Term(hubID string, t ServiceType) HSDSTaxonomyTerm {
	return HSDSTaxonomyTerm{ID: TermID(hubID, t), Code: string(t), Name: t.Name(), Description: t.Description(),
		Taxonomy: TaxonomyName, TaxonomyID: TaxonomyID(hubID)}
}

// MarshalJSON writes the organisation with the fields it came with that
// the hub does not model.
func (o HSDSOrganization) MarshalJSON() ([]byte, error) {
	type plain HSDSOrganization
	return withExtra(plain(o), o.Extra)
}

// MarshalJSON writes the service with the fields it came with that the hub
// does not model.
func (s HSDSService) MarshalJSON() ([]byte, error) {
	type plain HSDSService
	return withExtra(plain(s), s.Extra)
}

func withExtra(v any, extra map[string]any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || len(extra) == 0 {
		return b, err
	}
	m := map[string]any{}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for k, x := range extra {
		if _, ours := m[k]; !ours {
			m[k] = x
		}
	}
	return json.Marshal(m)
}

// OrganizationHSDS is o as an HSDS record.
func OrganizationHSDS(o *Organization) HSDSOrganization {
	h := HSDSOrganization{ID: o.ID, Name: o.Name, AlternateName: o.AlternateName, Description: o.Description,
		Email: o.Email, Website: o.Website, LegalStatus: o.LegalStatus, Phones: phonesHSDS(o.Phones),
		Contacts: contactsHSDS(o.Contacts), Extra: o.Extra}
	return h
}

// ServiceHSDS is s as a full HSDS service record; org is its organisation,
// nil to leave it out.
func ServiceHSDS(s *Service, org *Organization) HSDSService {
	h := HSDSService{ID: s.ID, OrganizationID: s.OrganizationID, Name: s.Name, AlternateName: s.AlternateName,
		Description: s.Description, URL: s.URL, Email: s.Email, Status: string(s.Status),
		ApplicationProcess: s.ApplicationProcess, FeesDescription: s.FeesDescription,
		EligibilityDescription: s.EligibilityDescription, MinimumAge: s.MinimumAge, MaximumAge: s.MaximumAge,
		LastModified: s.Modified.UTC().Truncate(time.Millisecond), PrerequisiteServiceID: s.PrerequisiteServiceID,
		Phones: phonesHSDS(s.Phones), Contacts: contactsHSDS(s.Contacts), Extra: s.Extra,
		Schedules: []HSDSSchedule{}, ServiceAreas: []HSDSServiceArea{}, ServiceAtLocations: []HSDSServiceAtLocation{},
		Languages: []HSDSLanguage{}, RequiredDocuments: []HSDSDocument{}, Attributes: []HSDSAttribute{}}
	if s.ResponseDays > 0 {
		d := s.ResponseDays
		h.ResponseTimeDays = &d
	}
	if org != nil {
		o := OrganizationHSDS(org)
		h.Organization = &o
	}
	for _, x := range s.Schedules {
		h.Schedules = append(h.Schedules, HSDSSchedule(x))
	}
	for _, a := range s.ServiceAreas {
		desc := a.Description
		if desc == "" && a.Province != "" {
			desc = "District " + a.District + ", " + a.Province
		}
		h.ServiceAreas = append(h.ServiceAreas, HSDSServiceArea{ID: a.ID, Name: a.District, Description: desc})
	}
	for _, l := range s.Locations {
		hl := HSDSLocation{ID: l.ID, LocationType: string(l.Type), Name: l.Name, Description: l.Description,
			Latitude: l.Latitude, Longitude: l.Longitude, Addresses: []HSDSAddress{}}
		if l.Address1 != "" {
			hl.Addresses = append(hl.Addresses, HSDSAddress{ID: nameUUID("address", l.ID), Address1: l.Address1, City: l.City,
				Region: l.District, StateProvince: l.Province, PostalCode: l.PostalCode, Country: "PK", AddressType: string(l.Type)})
		} else {
			hl.District, hl.Province = l.District, l.Province
		}
		h.ServiceAtLocations = append(h.ServiceAtLocations, HSDSServiceAtLocation{ID: l.SALID, Location: hl})
	}
	for _, l := range s.Languages {
		h.Languages = append(h.Languages, HSDSLanguage(l))
	}
	for _, d := range s.RequiredDocuments {
		h.RequiredDocuments = append(h.RequiredDocuments, HSDSDocument(d))
	}
	if s.Type != "" {
		t := Term(s.HubID, s.Type)
		h.Attributes = append(h.Attributes, HSDSAttribute{ID: nameUUID("attribute", s.ID), LinkID: s.ID,
			LinkType: "service_type", LinkEntity: "service", TaxonomyTermID: t.ID, TaxonomyTerm: t})
	}
	return h
}

func phonesHSDS(ps []Phone) []HSDSPhone {
	out := make([]HSDSPhone, len(ps))
	for i, p := range ps {
		out[i] = HSDSPhone(p)
	}
	return out
}

func contactsHSDS(cs []Contact) []HSDSContact {
	out := make([]HSDSContact, len(cs))
	for i, c := range cs {
		out[i] = HSDSContact(c)
	}
	return out
}

// Matches reports whether text matches a search: every word of it starts
// a word of the text (case and spacing ignored).
func Matches(text, search string) bool {
	words := strings.Fields(Key(text))
	for _, q := range strings.Fields(Key(search)) {
		found := false
		for _, w := range words {
			if strings.HasPrefix(w, q) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
