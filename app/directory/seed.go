package directory

import (
	"context"
	"fmt"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/directory"
	"github.com/google/uuid"
)

// The seeded directory holds the real public bodies of the referral
// pathways in Karachi (Sindh) and Multan (Punjab), by name and what they
// do only: no address, e-mail or website is made up, and the one number
// given is the public child protection helpline 1121. Response-time
// promises are defaults for the hub's admins to change.

type seedService struct {
	name, desc string
	typ        directory.ServiceType
	min, max   int // 0, 0: no age limits
	days       int
	districts  []string // "Karachi" (Sindh) and/or "Multan" (Punjab)
	docs       []string
	prereq     string // name of a service seeded before
	helpline   bool
}

type seedOrg struct {
	name, desc string
	agency     string // the platform's agency organisation that edits it
	services   []seedService
}

var (
	both    = []string{"Karachi", "Multan"}
	karachi = []string{"Karachi"}
	multan  = []string{"Multan"}
)

var seedDirectory = []seedOrg{
	{name: "Union Councils (local government)", desc: "Union Council offices register births and issue the birth certificate that NADRA's Child Registration Certificate needs.",
		services: []seedService{{name: "Union Council birth certificate", desc: "Registration of a birth and the Union Council birth certificate.",
			typ: directory.BirthRegistration, days: 14, districts: both}}},
	{name: "National Database and Registration Authority (NADRA)", desc: "Pakistan's national registration authority.",
		services: []seedService{{name: "Child Registration Certificate (B-Form)", desc: "NADRA's Child Registration Certificate for a child under 18, needed before BISP and education stipend registration.",
			typ: directory.BirthRegistration, max: 17, days: 30, districts: both, docs: []string{"Union Council birth certificate", "Parents' CNICs"},
			prereq: "Union Council birth certificate"}}},
	{name: "Benazir Income Support Programme (BISP)", desc: "Pakistan's national social protection programme.",
		services: []seedService{
			{name: "BISP Kafaalat", desc: "Quarterly cash transfer to women of eligible low-income families.",
				typ: directory.CashTransfer, days: 30, districts: both, prereq: "Child Registration Certificate (B-Form)"},
			{name: "Benazir Taleemi Wazaif education stipend", desc: "Quarterly education stipend for children of Kafaalat families on enrolment and at least 70% attendance each quarter.",
				typ: directory.CashTransfer, min: 4, max: 22, days: 30, districts: both, prereq: "Child Registration Certificate (B-Form)"},
		}},
	{name: "Sindh Child Protection Authority", desc: "Sindh's statutory child protection body, working through district Child Protection Units.",
		agency: "Sindh Child Protection Authority",
		services: []seedService{{name: "District Child Protection Unit, Karachi", desc: "Case management and protection of children at risk, including children found in hazardous work.",
			typ: directory.ChildProtection, max: 17, days: 2, districts: karachi, helpline: true}}},
	{name: "Sindh Education Foundation", desc: "Sindh's education foundation: partnership schools and non-formal centres.",
		services: []seedService{
			{name: "Sindh Education Foundation partnership schools", desc: "Free schooling in partnership schools.", typ: directory.Education, min: 5, max: 16, days: 14, districts: karachi},
			{name: "Sindh Education Foundation non-formal centres", desc: "Non-formal education for children who missed school.", typ: directory.NonFormalEducation, min: 9, max: 16, days: 14, districts: karachi},
		}},
	{name: "Sindh Employees' Social Security Institution (SESSI)", desc: "Social security for insured workers in Sindh and their families.",
		services: []seedService{{name: "SESSI medical care for insured workers' families", desc: "Medical care for the families of insured workers.", typ: directory.Health, days: 14, districts: karachi}}},
	{name: "Sindh Technical Education & Vocational Training Authority (STEVTA)", desc: "Sindh's technical and vocational training authority (verify the current programme).",
		services: []seedService{{name: "STEVTA vocational training", desc: "Technical and vocational courses.", typ: directory.VocationalTraining, min: 15, days: 30, districts: karachi}}},
	{name: "Labour & Human Resources Department, Sindh", desc: "Enforces the Sindh Prohibition of Employment of Children Act 2017.",
		services: []seedService{{name: "Labour inspection, Sindh", desc: "Inspection of workplaces employing children or adolescents.", typ: directory.LabourInspection, days: 7, districts: karachi}}},
	{name: "District Vigilance Committee, Karachi", desc: "Acts on bonded labour under the Sindh Bonded Labour System (Abolition) Act 2015.",
		services: []seedService{{name: "Bonded labour release, Karachi", desc: "Release and rehabilitation of bonded labourers; peshgi advances are void.", typ: directory.BondedLabour, days: 7, districts: karachi}}},
	{name: "Child Protection & Welfare Bureau, Multan", desc: "Punjab's child protection bureau, Multan office.",
		agency: "Child Protection & Welfare Bureau, Multan",
		services: []seedService{{name: "Child protection, Multan", desc: "Rescue, case management and protection of children at risk.",
			typ: directory.ChildProtection, max: 17, days: 2, districts: multan, helpline: true}}},
	{name: "Punjab Education Foundation", desc: "Punjab's education foundation, whose voucher scheme pays school fees for out-of-school children.",
		services: []seedService{{name: "Education Voucher Scheme", desc: "School vouchers for out-of-school children aged 6 to 16.", typ: directory.Education, min: 6, max: 16, days: 14, districts: multan}}},
	{name: "Literacy & Non-Formal Basic Education Department, Punjab", desc: "Non-formal basic education in Punjab.",
		services: []seedService{{name: "Non-formal basic education, Multan", desc: "Non-formal basic education for children who missed school.", typ: directory.NonFormalEducation, min: 9, max: 16, days: 14, districts: multan}}},
	{name: "Sehat Sahulat Programme (Sehat card)", desc: "Health insurance for families (verify the current scheme in Punjab).",
		services: []seedService{{name: "Sehat card", desc: "Health insurance card for the family.", typ: directory.Health, days: 30, districts: multan}}},
	{name: "TEVTA Punjab", desc: "Punjab's technical education and vocational training authority.",
		services: []seedService{{name: "TEVTA Punjab vocational training", desc: "Technical and vocational courses.", typ: directory.VocationalTraining, min: 15, days: 30, districts: multan}}},
	{name: "Punjab Vocational Training Council", desc: "Vocational training institutes across Punjab.",
		services: []seedService{{name: "PVTC vocational training", desc: "Skills courses with a stipend.", typ: directory.VocationalTraining, min: 15, days: 30, districts: multan}}},
	{name: "Labour & Human Resource Department, Punjab", desc: "Enforces the Punjab Restriction on Employment of Children Act 2016.",
		services: []seedService{{name: "Labour inspection, Punjab", desc: "Inspection of workplaces employing children or adolescents; an inspector may seal premises for 7 days.", typ: directory.LabourInspection, days: 7, districts: multan}}},
	{name: "District Vigilance Committee, Multan", desc: "Acts on bonded labour under the Bonded Labour System (Abolition) Act 1992 as amended in Punjab.",
		services: []seedService{{name: "Bonded labour release, Multan", desc: "Release and rehabilitation of bonded labourers; peshgi advances are void.", typ: directory.BondedLabour, days: 7, districts: multan}}},
}

var province = map[string]string{"Karachi": "Sindh", "Multan": "Punjab"}

var seedSpace = uuid.MustParse("3d0b5c1a-92e4-4f7e-b8a3-6c21d4e9f051")

func seedID(hubID string, parts ...string) string {
	b := []byte(hubID)
	for _, p := range parts {
		b = append(append(b, 0), p...)
	}
	return uuid.NewSHA1(seedSpace, b).String()
}

// SeedDemo fills a hub's directory with the real providers of Karachi and
// Multan, once: it does nothing when the hub has a directory already.
func (s *Service) SeedDemo(ctx context.Context, hubID string) (bool, error) {
	if os, _, err := s.st.DirectoryOrgs.List(ctx, store.DirectoryFilter{HubID: hubID}, store.Page{Limit: 1}); err != nil || len(os) > 0 {
		return false, err
	}
	agencies, err := s.agencies(ctx, hubID)
	if err != nil {
		return false, err
	}
	now := s.now().UTC()
	ids := map[string]string{}
	for _, so := range seedDirectory {
		o := &directory.Organization{ID: seedID(hubID, "org", so.name), HubID: hubID, AgencyOrgID: agencies[so.agency],
			Name: so.name, Description: so.desc, Created: now, Modified: now}
		if err := s.st.DirectoryOrgs.Insert(ctx, o); err != nil {
			return false, fmt.Errorf("seed organization %s: %w", so.name, err)
		}
		if err := s.indexOrg(ctx, o, false); err != nil {
			return false, err
		}
		for _, ss := range so.services {
			x := &directory.Service{ID: seedID(hubID, "service", ss.name), HubID: hubID, OrganizationID: o.ID,
				AgencyOrgID: o.AgencyOrgID, Name: ss.name, Description: ss.desc, Status: directory.Active, Type: ss.typ,
				ResponseDays: ss.days, PrerequisiteServiceID: ids[ss.prereq], Created: now, Modified: now,
				Languages: []directory.Language{{ID: seedID(hubID, "lang", ss.name, "ur"), Name: "Urdu", Code: "ur"}}}
			if ss.min > 0 {
				x.MinimumAge = &ss.min
			}
			if ss.max > 0 {
				x.MaximumAge = &ss.max
			}
			for _, d := range ss.districts {
				x.ServiceAreas = append(x.ServiceAreas, directory.ServiceArea{ID: seedID(hubID, "area", ss.name, d), District: d, Province: province[d]})
			}
			for _, d := range ss.docs {
				x.RequiredDocuments = append(x.RequiredDocuments, directory.Document{ID: seedID(hubID, "doc", ss.name, d), Document: d})
			}
			if ss.helpline {
				x.Phones = []directory.Phone{{ID: seedID(hubID, "phone", ss.name), Number: "1121", Type: "voice", Description: "Child protection helpline"}}
			}
			if err := directory.CheckService(x, ""); err != nil {
				return false, fmt.Errorf("seed service %s: %w", ss.name, err)
			}
			if err := s.st.DirectoryServices.Insert(ctx, x); err != nil {
				return false, fmt.Errorf("seed service %s: %w", ss.name, err)
			}
			if err := s.index(ctx, x, o.Name); err != nil {
				return false, err
			}
			ids[ss.name] = x.ID
		}
	}
	return true, nil
}

// agencies maps the names of the hub's agency organisations to their IDs.
func (s *Service) agencies(ctx context.Context, hubID string) (map[string]string, error) {
	out := map[string]string{}
	links, _, err := s.st.OrgHubs.OfHub(ctx, hubID, domain.KindAgency, store.Page{Limit: 500})
	if err != nil {
		return nil, err
	}
	orgs, err := s.st.Orgs.OfLinks(ctx, links)
	for _, o := range orgs {
		out[o.Name] = o.ID
	}
	return out, err
}
