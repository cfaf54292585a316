package httpapi

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/actionhub/actionhub/app/registry"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/actionhub/actionhub/policies"
	"github.com/danielgtaylor/huma/v2"
)

// Representations of the supplier registry.
type (
	workforceBody struct {
		Total         int `json:"total" minimum:"0" maximum:"500000" required:"false"`
		Women         int `json:"women" minimum:"0" maximum:"500000" required:"false"`
		UnderEighteen int `json:"under_18" minimum:"0" maximum:"500000" required:"false" doc:"Workers under 18, as declared."`
	}
	contactBody struct {
		Name  string `json:"name" maxLength:"200" required:"false"`
		Phone string `json:"phone" maxLength:"40" required:"false" example:"+92 21 35071234"`
		Email string `json:"email" maxLength:"254" required:"false"`
	}
	registrationBody struct {
		Kind   string `json:"kind" minLength:"1" maxLength:"20" example:"NTN" doc:"NTN, SECP, EOBI, SESSI, PESSI or another kind."`
		Number string `json:"number" minLength:"1" maxLength:"40"`
	}
	geoBody struct {
		Lat float64 `json:"lat" minimum:"-90" maximum:"90"`
		Lng float64 `json:"lng" minimum:"-180" maximum:"180"`
	}
	// FacilityFields is a facility's data as brands nominate it and staff
	// enter it. It is exported so that Huma sees its fields when embedded.
	FacilityFields struct {
		Name                string                     `json:"name" minLength:"1" maxLength:"200" example:"Al-Karam Textile Mills (Pvt) Ltd"`
		OtherNames          []string                   `json:"other_names" maxItems:"20" required:"false"`
		Address             string                     `json:"address" maxLength:"500" required:"false" example:"Plot 5, Sector 15, Korangi Industrial Area"`
		City                string                     `json:"city" minLength:"1" maxLength:"200" example:"Karachi"`
		Province            string                     `json:"province" maxLength:"200" required:"false" example:"Sindh"`
		Sector              enumOf[supplier.Sector]    `json:"sector"`
		SubSector           enumOf[supplier.SubSector] `json:"sub_sector"`
		Tier                int                        `json:"tier" minimum:"0" maximum:"4" required:"false" doc:"1 (final assembly) to 4 (raw material); 0 when not known."`
		Workforce           workforceBody              `json:"workforce" required:"false"`
		Contact             contactBody                `json:"contact" required:"false"`
		RegistrationNumbers []registrationBody         `json:"registration_numbers" maxItems:"20" required:"false"`
		OSID                string                     `json:"os_id" maxLength:"40" required:"false" doc:"Open Supply Hub ID, e.g. PK2025268ABCDEK."`
	}
	riskReasonBody struct {
		Factor      string `json:"factor"`
		Points      int    `json:"points"`
		Explanation string `json:"explanation"`
	}
	riskBody struct {
		Score   int                    `json:"score" doc:"0 to 100: the sum of the reasons' points."`
		Level   enumOf[supplier.Level] `json:"level"`
		Reasons []riskReasonBody       `json:"reasons"`
	}
	supplierBody struct {
		ID    string `json:"id"`
		HubID string `json:"hub_id"`
		FacilityFields
		Geo                      *geoBody                `json:"geo,omitempty"`
		HomeBasedOrSubcontracted bool                    `json:"home_based_or_subcontracted"`
		Status                   enumOf[supplier.Status] `json:"status"`
		AliasOf                  string                  `json:"alias_of,omitempty" doc:"Set when merged: the supplier that holds this facility now."`
		OrgID                    string                  `json:"org_id,omitempty" doc:"The facility's own organisation, whose users see it."`
		Risk                     riskBody                `json:"risk"`
		Rating                   *siteRatingBody         `json:"rating,omitempty" doc:"The current rating, from the latest published audit; absent until one is."`
		Version                  int64                   `json:"version"`
		Created                  time.Time               `json:"created"`
		Updated                  time.Time               `json:"updated"`
	}
	siteRatingBody struct {
		AuditID       string              `json:"audit_id"`
		Published     time.Time           `json:"published"`
		Grade         enumOf[audit.Grade] `json:"grade" doc:"amfori's band by the share of requirements met."`
		Percent       int                 `json:"percent"`
		ZeroTolerance bool                `json:"zero_tolerance"`
		NextAuditType enumOf[audit.Type]  `json:"next_audit_type"`
		NextAuditDue  string              `json:"next_audit_due" format:"date" doc:"The day the next audit must start by."`
	}
	brandLinkBody struct {
		BrandOrgID string    `json:"brand_org_id"`
		BrandName  string    `json:"brand_name"`
		Shareable  bool      `json:"shareable"`
		Products   string    `json:"products,omitempty"`
		VolumeBand string    `json:"volume_band,omitempty"`
		Since      string    `json:"since,omitempty"`
		Created    time.Time `json:"created"`
	}
)

func facilityIn(b FacilityFields) supplier.Facility {
	regs := make([]supplier.Registration, len(b.RegistrationNumbers))
	for i, r := range b.RegistrationNumbers {
		regs[i] = supplier.Registration(r)
	}
	return supplier.Facility{
		Name: b.Name, OtherNames: b.OtherNames, Address: b.Address, City: b.City, Province: b.Province,
		Sector: supplier.Sector(b.Sector), SubSector: supplier.SubSector(b.SubSector), Tier: b.Tier,
		Workforce: supplier.Workforce(b.Workforce), Contact: supplier.Contact(b.Contact),
		RegistrationNumbers: regs, OSID: b.OSID,
	}
}

func facilityOut(f supplier.Facility) FacilityFields {
	regs := make([]registrationBody, len(f.RegistrationNumbers))
	for i, r := range f.RegistrationNumbers {
		regs[i] = registrationBody(r)
	}
	return FacilityFields{
		Name: f.Name, OtherNames: nonNil(f.OtherNames), Address: f.Address, City: f.City, Province: f.Province,
		Sector: enum(f.Sector), SubSector: enum(f.SubSector), Tier: f.Tier,
		Workforce: workforceBody(f.Workforce), Contact: contactBody(f.Contact),
		RegistrationNumbers: regs, OSID: f.OSID,
	}
}

func supplierOut(s *supplier.Supplier) supplierBody {
	b := supplierBody{ID: s.ID, HubID: s.HubID, FacilityFields: facilityOut(s.Facility()),
		HomeBasedOrSubcontracted: s.HomeBasedOrSubcontracted, Status: enum(s.Status), AliasOf: s.AliasOf,
		OrgID: s.OrgID, Version: s.Version, Created: s.Created, Updated: s.Updated,
		Risk: riskBody{Score: s.Risk.Score, Level: enum(s.Risk.Level), Reasons: make([]riskReasonBody, len(s.Risk.Reasons))}}
	for i, r := range s.Risk.Reasons {
		b.Risk.Reasons[i] = riskReasonBody{Factor: string(r.Factor), Points: r.Points, Explanation: r.Explanation}
	}
	if s.Geo != nil {
		b.Geo = &geoBody{Lat: s.Geo.Lat, Lng: s.Geo.Lng}
	}
	if r := s.Rating; r != nil {
		b.Rating = &siteRatingBody{AuditID: r.AuditID, Published: r.Published, Grade: enum(audit.Grade(r.Grade)), Percent: r.Percent,
			ZeroTolerance: r.ZeroTolerance, NextAuditType: enum(audit.Type(r.NextAuditType)), NextAuditDue: r.NextAuditDue}
	}
	return b
}

func registerSuppliers(api huma.API, s *server) {
	registerSupplierWrites(api, s)
	registerSupplierReads(api, s)
	registerPrevalence(api, s)
	registerNominations(api, s)
	registerUploads(api, s)
}

func registerSupplierWrites(api huma.API, s *server) {
	type createIn struct {
		Body struct {
			HubID string `json:"hub_id" maxLength:"64" required:"false" doc:"The hub; may be omitted by staff of one hub."`
			FacilityFields
			Geo                      *geoBody `json:"geo,omitempty"`
			HomeBasedOrSubcontracted bool     `json:"home_based_or_subcontracted" required:"false"`
			Status                   string   `json:"status" enum:"nominated,active," required:"false" doc:"active when omitted."`
			OrgID                    string   `json:"org_id" maxLength:"64" required:"false" doc:"The facility's own organisation (kind supplier)."`
			ConfirmNew               bool     `json:"confirm_new" required:"false" doc:"Create it even though it matches a registered supplier."`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/suppliers", id: "create-supplier", tag: "Suppliers",
		perm: policies.PermSuppliersCreate, summary: "Register a supplier (operator staff)", status: http.StatusCreated,
		errors:      []int{http.StatusConflict},
		description: "A facility that matches a registered supplier with confidence is refused (409 naming it) unless confirm_new is true."},
		func(ctx context.Context, in *createIn) (*one[supplierBody], error) {
			b := in.Body
			var geo *supplier.GeoPoint
			if b.Geo != nil {
				geo = &supplier.GeoPoint{Lat: b.Geo.Lat, Lng: b.Geo.Lng}
			}
			return reply(supplierOut)(s.Registry.CreateSupplier(ctx, registry.SupplierInput{HubID: b.HubID, Facility: facilityIn(b.FacilityFields),
				Geo: geo, HomeBasedOrSubcontracted: b.HomeBasedOrSubcontracted, Status: supplier.Status(b.Status),
				OrgID: b.OrgID, ConfirmNew: b.ConfirmNew}))
		})

	type patchIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The object's ID."`
		Body struct {
			Version                  int64                       `json:"version,omitempty" doc:"The version you edited; if the supplier changed since, 409."`
			Name                     *string                     `json:"name,omitempty" minLength:"1" maxLength:"200"`
			OtherNames               []string                    `json:"other_names,omitempty" maxItems:"20" doc:"Replaces the list; [] clears it."`
			Address                  *string                     `json:"address,omitempty" maxLength:"500"`
			City                     *string                     `json:"city,omitempty" minLength:"1" maxLength:"200"`
			Province                 *string                     `json:"province,omitempty" maxLength:"200"`
			Sector                   *enumOf[supplier.Sector]    `json:"sector,omitempty"`
			SubSector                *enumOf[supplier.SubSector] `json:"sub_sector,omitempty"`
			Tier                     *int                        `json:"tier,omitempty" minimum:"0" maximum:"4"`
			Workforce                *workforceBody              `json:"workforce,omitempty"`
			HomeBasedOrSubcontracted *bool                       `json:"home_based_or_subcontracted,omitempty"`
			Contact                  *contactBody                `json:"contact,omitempty"`
			RegistrationNumbers      []registrationBody          `json:"registration_numbers,omitempty" maxItems:"20" doc:"Replaces the list; [] clears it."`
			OSID                     *string                     `json:"os_id,omitempty" maxLength:"40"`
			Geo                      *geoBody                    `json:"geo,omitempty"`
			OrgID                    *string                     `json:"org_id,omitempty" maxLength:"64" doc:"The facility's own organisation; \"\" detaches it."`
		}
	}
	register(api, s, endpoint{method: http.MethodPatch, path: "/suppliers/{id}", id: "update-supplier", tag: "Suppliers",
		perm: policies.PermSuppliersUpdate, summary: "Edit a supplier (operator staff); omitted fields stay as they are",
		errors: []int{http.StatusNotFound, http.StatusConflict}},
		func(ctx context.Context, in *patchIn) (*one[supplierBody], error) {
			b := in.Body
			p := registry.SupplierPatch{Version: b.Version, Name: b.Name, Address: b.Address, City: b.City, Province: b.Province,
				OSID: b.OSID, Tier: b.Tier, HomeBasedOrSubcontracted: b.HomeBasedOrSubcontracted, OrgID: b.OrgID}
			if b.OtherNames != nil {
				p.OtherNames = &b.OtherNames
			}
			if b.Sector != nil {
				v := supplier.Sector(*b.Sector)
				p.Sector = &v
			}
			if b.SubSector != nil {
				v := supplier.SubSector(*b.SubSector)
				p.SubSector = &v
			}
			if b.Workforce != nil {
				v := supplier.Workforce(*b.Workforce)
				p.Workforce = &v
			}
			if b.Contact != nil {
				v := supplier.Contact(*b.Contact)
				p.Contact = &v
			}
			if b.RegistrationNumbers != nil {
				regs := facilityIn(FacilityFields{RegistrationNumbers: b.RegistrationNumbers}).RegistrationNumbers
				p.RegistrationNumbers = &regs
			}
			if b.Geo != nil {
				p.Geo = &supplier.GeoPoint{Lat: b.Geo.Lat, Lng: b.Geo.Lng}
			}
			return reply(supplierOut)(s.Registry.UpdateSupplier(ctx, in.ID, p))
		})

	type statusIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The object's ID."`
		Body struct {
			Status  enumOf[supplier.Status] `json:"status"`
			Version int64                   `json:"version,omitempty"`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/suppliers/{id}/status", id: "set-supplier-status", tag: "Suppliers",
		perm: policies.PermSuppliersUpdate, summary: "Move a supplier to another status (operator staff)",
		errors:      []int{http.StatusNotFound, http.StatusConflict},
		description: "nominated → active | exited; active ⇄ suspended; active or suspended → exited; exited → nominated. Other moves answer 409."},
		func(ctx context.Context, in *statusIn) (*one[supplierBody], error) {
			return reply(supplierOut)(s.Registry.SetStatus(ctx, in.ID, supplier.Status(in.Body.Status), in.Body.Version))
		})

	type profileIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The object's ID."`
		Body struct {
			Version                  int64          `json:"version,omitempty"`
			Contact                  *contactBody   `json:"contact,omitempty"`
			Workforce                *workforceBody `json:"workforce,omitempty"`
			HomeBasedOrSubcontracted *bool          `json:"home_based_or_subcontracted,omitempty"`
		}
	}
	register(api, s, endpoint{method: http.MethodPatch, path: "/suppliers/{id}/profile", id: "update-supplier-profile", tag: "Suppliers",
		perm: policies.PermSuppliersUpdateProfile, summary: "Update a facility's contact and workforce (its own users, or operator staff)",
		errors: []int{http.StatusNotFound, http.StatusConflict}},
		func(ctx context.Context, in *profileIn) (*one[supplierBody], error) {
			p := registry.ProfilePatch{Version: in.Body.Version, HomeBasedOrSubcontracted: in.Body.HomeBasedOrSubcontracted}
			if in.Body.Contact != nil {
				v := supplier.Contact(*in.Body.Contact)
				p.Contact = &v
			}
			if in.Body.Workforce != nil {
				v := supplier.Workforce(*in.Body.Workforce)
				p.Workforce = &v
			}
			return reply(supplierOut)(s.Registry.UpdateProfile(ctx, in.ID, p))
		})

	type mergeIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The object's ID."`
		Body struct {
			Into string `json:"into" minLength:"1" maxLength:"64" doc:"The supplier that keeps the facility."`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/suppliers/{id}/merge", id: "merge-supplier", tag: "Suppliers",
		perm: policies.PermSuppliersMerge, summary: "Merge this supplier into another (operator staff)",
		errors: []int{http.StatusNotFound, http.StatusConflict},
		description: "Every brand link, nomination and access moves to the supplier named in into, which also gains this one's names " +
			"and registration numbers; this one stays as an alias (alias_of). Returns the supplier merged into. Repeating it resumes a merge that stopped."},
		func(ctx context.Context, in *mergeIn) (*one[supplierBody], error) {
			return reply(supplierOut)(s.Registry.Merge(ctx, in.ID, in.Body.Into))
		})

	type shareIn struct {
		ID    string `path:"id" minLength:"1" maxLength:"64" doc:"The object's ID."`
		OrgID string `path:"org_id" minLength:"1" maxLength:"64" doc:"The brand."`
		Body  struct {
			Shareable bool `json:"shareable" doc:"Whether other brands linked to this supplier may see this link."`
		}
	}
	type linkOut struct{ Body brandLinkBody }
	register(api, s, endpoint{method: http.MethodPut, path: "/suppliers/{id}/brands/{org_id}/shareable", id: "set-link-shareable", tag: "Suppliers",
		perm: policies.PermSuppliersUpdate, summary: "Let other linked brands see a brand's link to this supplier, or not (operator staff)",
		errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *shareIn) (*linkOut, error) {
			l, err := s.Registry.SetShareable(ctx, in.ID, in.OrgID, in.Body.Shareable)
			if err != nil {
				return nil, err
			}
			return &linkOut{brandLinkOut(registry.BrandLink{Link: *l})}, nil
		})
}

func brandLinkOut(l registry.BrandLink) brandLinkBody {
	return brandLinkBody{BrandOrgID: l.BrandOrgID, BrandName: l.BrandName, Shareable: l.Shareable, Products: l.Products,
		VolumeBand: string(l.VolumeBand), Since: l.Since, Created: l.Created}
}

// SupplierQuery is the filters of the supplier list and export; exported
// so that Huma sees its fields when it is embedded.
type SupplierQuery struct {
	HubID      string                          `query:"hub_id" maxLength:"64" doc:"The hub; may be omitted by people who work in one hub."`
	BrandOrgID string                          `query:"brand_org_id" maxLength:"64" doc:"Operator staff: only the suppliers linked to this brand."`
	City       string                          `query:"city" maxLength:"200" example:"Karachi"`
	Sector     enumOrEmpty[supplier.Sector]    `query:"sector"`
	SubSector  enumOrEmpty[supplier.SubSector] `query:"sub_sector"`
	Status     enumOrEmpty[supplier.Status]    `query:"status"`
	Risk       enumOrEmpty[supplier.Level]     `query:"risk"`
	Q          string                          `query:"q" maxLength:"200" doc:"Names starting with this, compared without legal forms, punctuation or case (\"al karam\" finds Al-Karam Textile Mills); listed in name order only."`
	Sort       string                          `query:"sort" enum:"name,-name,created,-created,risk,-risk," default:"name"`
}

func (q SupplierQuery) filter() registry.SupplierFilter {
	return registry.SupplierFilter{HubID: q.HubID, BrandOrgID: q.BrandOrgID, City: q.City, Sector: supplier.Sector(q.Sector),
		SubSector: supplier.SubSector(q.SubSector), Status: supplier.Status(q.Status), Risk: supplier.Level(q.Risk),
		Query: q.Q, Sort: q.Sort}
}

func registerSupplierReads(api huma.API, s *server) {
	type listIn struct {
		Paging
		SupplierQuery
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/suppliers", id: "list-suppliers", tag: "Suppliers",
		perm: policies.PermSuppliersList, summary: "List the suppliers in your scope", errors: []int{http.StatusNotFound},
		description: "Operator staff list their hub's suppliers; a brand the suppliers it is linked to; a facility's users their own. " +
			"Merged suppliers (aliases) are left out."},
		func(ctx context.Context, in *listIn) (*page[supplierBody], error) {
			f := in.filter()
			f.Cursor, f.Limit = in.Cursor, in.Limit
			return replyPage(supplierOut)(s.Registry.ListSuppliers(ctx, f))
		})
	type exportOut struct {
		ContentType string `header:"Content-Type"`
		Disposition string `header:"Content-Disposition"`
		Body        []byte
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/suppliers.csv", id: "export-suppliers", tag: "Suppliers",
		perm: policies.PermSuppliersList, summary: "Export the suppliers in your scope as CSV",
		errors: []int{http.StatusNotFound},
		description: "The same scope, filters and order as the list, as a spreadsheet (UTF-8 with a byte-order mark, so that Excel shows Urdu; " +
			"header row; at most 50,000 rows). A cell that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or " +
			"a carriage return, other than a plain number) starts with a single quote. " +
			"Columns: " + strings.Join(registry.ExportColumns, ", ") + "."},
		func(ctx context.Context, in *SupplierQuery) (*exportOut, error) {
			var b bytes.Buffer
			if _, err := s.Registry.ExportSuppliers(ctx, in.filter(), &b); err != nil {
				return nil, err
			}
			return &exportOut{ContentType: "text/csv; charset=utf-8", Disposition: `attachment; filename="suppliers.csv"`, Body: b.Bytes()}, nil
		})
	register(api, s, endpoint{method: http.MethodGet, path: "/suppliers/{id}", id: "get-supplier", tag: "Suppliers",
		perm: policies.PermSuppliersRead, summary: "Get a supplier in your scope, with its risk profile and the reasons for it",
		errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *idPath) (*one[supplierBody], error) {
			return reply(supplierOut)(s.Registry.Supplier(ctx, in.ID))
		})
	type brandsOut struct {
		Body struct {
			Items []brandLinkBody `json:"items"`
		}
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/suppliers/{id}/brands", id: "list-supplier-brands", tag: "Suppliers",
		perm: policies.PermSuppliersRead, summary: "The brands linked to a supplier, as far as you may see them",
		errors:      []int{http.StatusNotFound},
		description: "Operator staff see every link; a brand its own and those the operator marked shareable; the facility's users the shareable ones."},
		func(ctx context.Context, in *idPath) (*brandsOut, error) {
			ls, err := s.Registry.Brands(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			out := &brandsOut{}
			out.Body.Items = make([]brandLinkBody, len(ls))
			for i, l := range ls {
				out.Body.Items[i] = brandLinkOut(l)
			}
			return out, nil
		})
	type pagedIdIn struct {
		ID string `path:"id" minLength:"1" maxLength:"64" doc:"The object's ID."`
		Paging
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/suppliers/{id}/nominations", id: "list-supplier-nominations", tag: "Suppliers",
		perm: policies.PermNominationsList, summary: "The nominations linked to a supplier: all for operator staff, your own for a brand",
		errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *pagedIdIn) (*page[nominationBody], error) {
			return replyPage(nominationOut)(s.Registry.SupplierNominations(ctx, in.ID, in.Cursor, in.Limit))
		})
	register(api, s, endpoint{method: http.MethodGet, path: "/suppliers/{id}/timeline", id: "get-supplier-timeline", tag: "Suppliers",
		perm: policies.PermSuppliersRead, summary: "A supplier's history, newest first (who did it: operator staff only)",
		errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *pagedIdIn) (*page[activityEntryBody], error) {
			return replyPage(func(e *domain.ActivityEntry) activityEntryBody { return activityEntryBody(*e) })(s.Registry.Timeline(ctx, in.ID, in.Cursor, in.Limit))
		})
}
