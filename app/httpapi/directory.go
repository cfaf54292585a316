package httpapi

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/actionhub/actionhub/app/directory"
	"github.com/actionhub/actionhub/domain"
	dir "github.com/actionhub/actionhub/domain/directory"
	"github.com/actionhub/actionhub/policies"
	"github.com/danielgtaylor/huma/v2"
)

// Representations of the referral directory for the people who keep it:
// the HSDS record itself under "hsds", and what the hub adds beside it.
type (
	dirPhoneIn struct {
		ID          string `json:"id,omitempty" maxLength:"64" doc:"Kept when given (a UUID); made when absent."`
		Number      string `json:"number" minLength:"1" maxLength:"50"`
		Type        string `json:"type,omitempty" maxLength:"50"`
		Description string `json:"description,omitempty" maxLength:"500"`
	}
	dirContactIn struct {
		ID         string `json:"id,omitempty" maxLength:"64"`
		Name       string `json:"name,omitempty" maxLength:"200"`
		Title      string `json:"title,omitempty" maxLength:"200"`
		Department string `json:"department,omitempty" maxLength:"200"`
		Email      string `json:"email,omitempty" maxLength:"254"`
	}
	dirOrgIn struct {
		AgencyOrgID   string         `json:"agency_org_id,omitempty" maxLength:"64" doc:"The agency organisation whose officers edit this entry and its services (hub admins set it; omitted, it stays)."`
		Name          string         `json:"name" minLength:"1" maxLength:"300"`
		AlternateName string         `json:"alternate_name,omitempty" maxLength:"300"`
		Description   string         `json:"description" minLength:"1" maxLength:"5000"`
		Email         string         `json:"email,omitempty" maxLength:"254" doc:"Leave empty unless the body publishes one."`
		Website       string         `json:"website,omitempty" maxLength:"2000"`
		LegalStatus   string         `json:"legal_status,omitempty" maxLength:"200"`
		Phones        []dirPhoneIn   `json:"phones,omitempty" maxItems:"50"`
		Contacts      []dirContactIn `json:"contacts,omitempty" maxItems:"50"`
		Version       int64          `json:"version,omitempty" doc:"On a change: the version you edited; if it changed since, 409."`
	}
	dirLocationIn struct {
		ServiceAtLocationID string                        `json:"service_at_location_id,omitempty" maxLength:"64"`
		ID                  string                        `json:"id,omitempty" maxLength:"64"`
		LocationType        enumOrEmpty[dir.LocationType] `json:"location_type,omitempty" doc:"physical when empty."`
		Name                string                        `json:"name,omitempty" maxLength:"300"`
		Description         string                        `json:"description,omitempty" maxLength:"2000"`
		District            string                        `json:"district,omitempty" maxLength:"100"`
		Province            string                        `json:"province,omitempty" maxLength:"100"`
		Address1            string                        `json:"address_1,omitempty" maxLength:"300"`
		City                string                        `json:"city,omitempty" maxLength:"100"`
		PostalCode          string                        `json:"postal_code,omitempty" maxLength:"20"`
		Latitude            *float64                      `json:"latitude,omitempty" minimum:"-90" maximum:"90"`
		Longitude           *float64                      `json:"longitude,omitempty" minimum:"-180" maximum:"180"`
	}
	dirAreaIn struct {
		ID          string `json:"id,omitempty" maxLength:"64"`
		District    string `json:"district" minLength:"1" maxLength:"300"`
		Province    string `json:"province,omitempty" maxLength:"100"`
		Description string `json:"description,omitempty" maxLength:"2000"`
	}
	dirScheduleIn struct {
		ID          string `json:"id,omitempty" maxLength:"64"`
		Freq        string `json:"freq,omitempty" maxLength:"7" doc:"WEEKLY or MONTHLY."`
		ByDay       string `json:"byday,omitempty" maxLength:"100" example:"MO,TU,WE,TH"`
		OpensAt     string `json:"opens_at,omitempty" maxLength:"8" example:"09:00"`
		ClosesAt    string `json:"closes_at,omitempty" maxLength:"8" example:"16:00"`
		Description string `json:"description,omitempty" maxLength:"2000"`
	}
	dirLanguageIn struct {
		ID   string `json:"id,omitempty" maxLength:"64"`
		Name string `json:"name,omitempty" maxLength:"100"`
		Code string `json:"code,omitempty" maxLength:"20"`
	}
	dirDocumentIn struct {
		ID       string `json:"id,omitempty" maxLength:"64"`
		Document string `json:"document" minLength:"1" maxLength:"500"`
	}
	dirServiceIn struct {
		OrganizationID         string                       `json:"organization_id,omitempty" maxLength:"64" doc:"On adding: the organisation giving it. A change keeps it."`
		Name                   string                       `json:"name" minLength:"1" maxLength:"300"`
		AlternateName          string                       `json:"alternate_name,omitempty" maxLength:"300"`
		Description            string                       `json:"description,omitempty" maxLength:"5000"`
		URL                    string                       `json:"url,omitempty" maxLength:"2000"`
		Email                  string                       `json:"email,omitempty" maxLength:"254"`
		Status                 enumOf[dir.Status]           `json:"status"`
		ServiceType            enumOrEmpty[dir.ServiceType] `json:"service_type,omitempty" doc:"The hub's service type; its HSDS taxonomy term tags the service."`
		EligibilityDescription string                       `json:"eligibility_description,omitempty" maxLength:"5000"`
		MinimumAge             *int                         `json:"minimum_age,omitempty" minimum:"0" maximum:"120"`
		MaximumAge             *int                         `json:"maximum_age,omitempty" minimum:"0" maximum:"120"`
		ApplicationProcess     string                       `json:"application_process,omitempty" maxLength:"5000"`
		FeesDescription        string                       `json:"fees_description,omitempty" maxLength:"2000"`
		RequiredDocuments      []dirDocumentIn              `json:"required_documents,omitempty" maxItems:"50"`
		Languages              []dirLanguageIn              `json:"languages,omitempty" maxItems:"50"`
		ResponseDays           int                          `json:"response_days,omitempty" minimum:"0" maximum:"365" doc:"The hub's promise: days from a referral to the service's answer."`
		PrerequisiteServiceID  string                       `json:"prerequisite_service_id,omitempty" maxLength:"64" doc:"A service of this directory the child needs first."`
		Locations              []dirLocationIn              `json:"locations,omitempty" maxItems:"50"`
		ServiceAreas           []dirAreaIn                  `json:"service_areas,omitempty" maxItems:"50" doc:"The districts served; the search by district reads these and the locations' districts."`
		Phones                 []dirPhoneIn                 `json:"phones,omitempty" maxItems:"50"`
		Contacts               []dirContactIn               `json:"contacts,omitempty" maxItems:"50"`
		Schedules              []dirScheduleIn              `json:"schedules,omitempty" maxItems:"50"`
		Version                int64                        `json:"version,omitempty" doc:"On a change: the version you edited; if it changed since, 409."`
	}
	dirOrgBody struct {
		HSDS        dir.HSDSOrganization `json:"hsds"`
		HubID       string               `json:"hub_id"`
		AgencyOrgID string               `json:"agency_org_id,omitempty"`
		Version     int64                `json:"version"`
	}
	dirServiceBody struct {
		HSDS         dir.HSDSService `json:"hsds"`
		HubID        string          `json:"hub_id"`
		ServiceType  string          `json:"service_type,omitempty"`
		ResponseDays int             `json:"response_days"`
		AgencyOrgID  string          `json:"agency_org_id,omitempty"`
		Version      int64           `json:"version"`
	}
	dirSettingsBody struct {
		HubID     string `json:"hub_id"`
		PublicAPI bool   `json:"public_api" doc:"Whether the hub's HSDS API answers callers without a login."`
		Version   int64  `json:"version"`
	}
	dirImportBody struct {
		Organizations int      `json:"organizations" doc:"Organisations written."`
		Services      int      `json:"services" doc:"Services written."`
		Ignored       []string `json:"ignored" doc:"Where the file had fields that are neither modelled nor kept."`
	}
)

func dirOrgOf(in *dirOrgIn) *dir.Organization {
	o := &dir.Organization{AgencyOrgID: in.AgencyOrgID, Name: in.Name, AlternateName: in.AlternateName,
		Description: in.Description, Email: in.Email, Website: in.Website, LegalStatus: in.LegalStatus}
	for _, p := range in.Phones {
		o.Phones = append(o.Phones, dir.Phone(p))
	}
	for _, c := range in.Contacts {
		o.Contacts = append(o.Contacts, dir.Contact(c))
	}
	return o
}

func dirServiceOf(in *dirServiceIn) *dir.Service {
	x := &dir.Service{OrganizationID: in.OrganizationID, Name: in.Name, AlternateName: in.AlternateName,
		Description: in.Description, URL: in.URL, Email: in.Email, Status: dir.Status(in.Status),
		Type: dir.ServiceType(in.ServiceType), EligibilityDescription: in.EligibilityDescription,
		MinimumAge: in.MinimumAge, MaximumAge: in.MaximumAge, ApplicationProcess: in.ApplicationProcess,
		FeesDescription: in.FeesDescription, ResponseDays: in.ResponseDays, PrerequisiteServiceID: in.PrerequisiteServiceID}
	for _, d := range in.RequiredDocuments {
		x.RequiredDocuments = append(x.RequiredDocuments, dir.Document(d))
	}
	for _, l := range in.Languages {
		x.Languages = append(x.Languages, dir.Language(l))
	}
	for _, l := range in.Locations {
		x.Locations = append(x.Locations, dir.Location{SALID: l.ServiceAtLocationID, ID: l.ID, Type: dir.LocationType(l.LocationType),
			Name: l.Name, Description: l.Description, District: l.District, Province: l.Province, Address1: l.Address1,
			City: l.City, PostalCode: l.PostalCode, Latitude: l.Latitude, Longitude: l.Longitude})
	}
	for _, a := range in.ServiceAreas {
		x.ServiceAreas = append(x.ServiceAreas, dir.ServiceArea(a))
	}
	for _, p := range in.Phones {
		x.Phones = append(x.Phones, dir.Phone(p))
	}
	for _, c := range in.Contacts {
		x.Contacts = append(x.Contacts, dir.Contact(c))
	}
	for _, s := range in.Schedules {
		x.Schedules = append(x.Schedules, dir.Schedule(s))
	}
	return x
}

// bodyFields renames the HSDS positions a service's check reports to the
// fields of the change's body, which flattens a location into its service
// at location and calls an area's name its district.
func bodyFields(err error) error {
	var v *domain.ValidationError
	if !errors.As(err, &v) {
		return err
	}
	out := &domain.ValidationError{}
	for _, f := range v.Fields {
		name := strings.Replace(f.Field, "service_at_locations[", "locations[", 1)
		name = strings.Replace(name, "].location.id", "].id", 1)
		name = strings.Replace(name, "].location.", "].", 1)
		if strings.HasPrefix(name, "locations[") && strings.HasSuffix(name, "].id") && !strings.Contains(f.Field, ".location.") {
			name = strings.TrimSuffix(name, "].id") + "].service_at_location_id"
		}
		if strings.HasPrefix(name, "service_areas[") && strings.HasSuffix(name, "].name") {
			name = strings.TrimSuffix(name, "].name") + "].district"
		}
		out.Add(name, f.Message)
	}
	return out
}

func dirOrgOut(o *dir.Organization) dirOrgBody {
	return dirOrgBody{HSDS: dir.OrganizationHSDS(o), HubID: o.HubID, AgencyOrgID: o.AgencyOrgID, Version: o.Version}
}

func dirServiceOut(x *dir.Service) dirServiceBody {
	return dirServiceBody{HSDS: dir.ServiceHSDS(x, nil), HubID: x.HubID, ServiceType: string(x.Type), ResponseDays: x.ResponseDays,
		AgencyOrgID: x.AgencyOrgID, Version: x.Version}
}

// DirectoryHub is the hub a directory request is about; exported so that
// Huma sees its field when it is embedded.
type DirectoryHub struct {
	HubID string `query:"hub_id" maxLength:"64" doc:"The hub; may be omitted by people of one hub."`
}

// maxDirectoryImport bounds an HSDS file: 5,000 full records fit.
const maxDirectoryImport = 16 << 20

func registerDirectory(api huma.API, s *server) {
	const tag = "Referral directory"
	type createOrgIn struct {
		DirectoryHub
		Body dirOrgIn
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/directory/organizations", id: "create-directory-organization", tag: tag,
		perm: policies.PermDirectoryEdit, summary: "Add an organisation to the hub's referral directory (hub admins)", status: http.StatusCreated},
		func(ctx context.Context, in *createOrgIn) (*one[dirOrgBody], error) {
			o := dirOrgOf(&in.Body)
			o.HubID = in.HubID
			return reply(dirOrgOut)(s.Directory.CreateOrganization(ctx, o))
		})

	type updateOrgIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The organisation's ID."`
		Body dirOrgIn
	}
	register(api, s, endpoint{method: http.MethodPut, path: "/directory/organizations/{id}", id: "update-directory-organization", tag: tag,
		perm: policies.PermDirectoryEdit, summary: "Change an organisation's entry (hub admins; an agency its own)", errors: []int{http.StatusNotFound, http.StatusConflict},
		description: "An agency officer changes only their own organisation's entry; any other answers 404. Only hub admins change agency_org_id."},
		func(ctx context.Context, in *updateOrgIn) (*one[dirOrgBody], error) {
			return reply(dirOrgOut)(s.Directory.UpdateOrganization(ctx, in.ID, in.Body.Version, dirOrgOf(&in.Body)))
		})

	type createServiceIn struct{ Body dirServiceIn }
	register(api, s, endpoint{method: http.MethodPost, path: "/directory/services", id: "create-directory-service", tag: tag,
		perm: policies.PermDirectoryEdit, summary: "Add a service to an organisation (hub admins; an agency to its own)", status: http.StatusCreated,
		errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *createServiceIn) (*one[dirServiceBody], error) {
			x, err := s.Directory.CreateService(ctx, dirServiceOf(&in.Body))
			return reply(dirServiceOut)(x, bodyFields(err))
		})

	type updateServiceIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The service's ID."`
		Body dirServiceIn
	}
	register(api, s, endpoint{method: http.MethodPut, path: "/directory/services/{id}", id: "update-directory-service", tag: tag,
		perm: policies.PermDirectoryEdit, summary: "Change a service (hub admins; an agency its own)", errors: []int{http.StatusNotFound, http.StatusConflict}},
		func(ctx context.Context, in *updateServiceIn) (*one[dirServiceBody], error) {
			x, err := s.Directory.UpdateService(ctx, in.ID, in.Body.Version, dirServiceOf(&in.Body))
			return reply(dirServiceOut)(x, bodyFields(err))
		})

	type searchIn struct {
		DirectoryHub
		Paging
		Type     enumOrEmpty[dir.ServiceType] `query:"service_type" doc:"Only services of this type."`
		District string                       `query:"district" minLength:"1" maxLength:"100" required:"true" doc:"The district the child lives in."`
		Age      int                          `query:"age" minimum:"-1" maximum:"120" default:"-1" doc:"The child's age in years; services whose minimum and maximum age take it. -1: any."`
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/directory/search", id: "search-directory", tag: tag,
		perm: policies.PermDirectoryRead, summary: "Find active services for a child by type, district and age",
		description: "For case workers choosing where to refer a child: one index range, youngest minimum age first."},
		func(ctx context.Context, in *searchIn) (*page[dirServiceBody], error) {
			return replyPage(dirServiceOut)(s.Directory.Search(ctx, directory.SearchInput{HubID: in.HubID, Type: dir.ServiceType(in.Type),
				District: in.District, Age: in.Age, Cursor: in.Cursor, Limit: in.Limit}))
		})

	type settingsIn struct{ DirectoryHub }
	settingsOut := func(st *dir.Settings) dirSettingsBody {
		return dirSettingsBody{HubID: st.HubID, PublicAPI: st.PublicAPI, Version: st.Version}
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/directory/settings", id: "get-directory-settings", tag: tag,
		perm: policies.PermDirectoryRead, summary: "Read the hub's directory settings"},
		func(ctx context.Context, in *settingsIn) (*one[dirSettingsBody], error) {
			return reply(settingsOut)(s.Directory.Settings(ctx, in.HubID))
		})
	type putSettingsIn struct {
		DirectoryHub
		Body struct {
			PublicAPI bool `json:"public_api" doc:"Open the hub's HSDS API to callers without a login."`
		}
	}
	register(api, s, endpoint{method: http.MethodPut, path: "/directory/settings", id: "update-directory-settings", tag: tag,
		perm: policies.PermDirectorySettings, summary: "Open or close the hub's HSDS API to the public (hub admins)"},
		func(ctx context.Context, in *putSettingsIn) (*one[dirSettingsBody], error) {
			return reply(settingsOut)(s.Directory.SetPublicAPI(ctx, in.HubID, in.Body.PublicAPI))
		})

	type exportIn struct{ DirectoryHub }
	register(api, s, endpoint{method: http.MethodGet, path: "/directory/export", id: "export-directory", tag: tag,
		perm: policies.PermDirectoryExport, summary: "Export the hub's whole directory as HSDS 3.0 JSON (hub admins)",
		description: "Organisations, services in HSDS's full shape, and the taxonomy terms of the hub's service types; " +
			"each record validates against the official HSDS 3.0 schema of its kind."},
		func(ctx context.Context, in *exportIn) (*one[directory.Export], error) {
			return reply(func(e *directory.Export) directory.Export { return *e })(s.Directory.Export(ctx, in.HubID))
		})

	type importIn struct {
		DirectoryHub
		RawBody []byte `contentType:"application/json"`
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/directory/import", id: "import-directory", tag: tag,
		perm: policies.PermDirectoryImport, summary: "Import HSDS 3.0 JSON into the hub's directory (hub admins)",
		maxBody: maxDirectoryImport, timeout: uploadTimeout, rawJSON: true,
		description: "The body is an object with organizations and services arrays (as the export writes), an array of services, or one service. " +
			"Everything is checked first; a fault anywhere is a 422 naming its position (body.services[3].status) and nothing is written. " +
			"Records are written by ID, so importing a file again is harmless. Unknown top-level fields of a record are kept; others are listed as ignored."},
		func(ctx context.Context, in *importIn) (*one[dirImportBody], error) {
			return reply(func(r *directory.ImportResult) dirImportBody {
				return dirImportBody{Organizations: r.Organizations, Services: r.Services, Ignored: nonNil(r.Ignored)}
			})(s.Directory.Import(ctx, in.HubID, in.RawBody))
		})
}
