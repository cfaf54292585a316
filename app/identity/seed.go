package identity

import (
	"context"
	"errors"
	"fmt"

	"github.com/actionhub/actionhub/domain"
)

// DemoHubCode is the demo network's hub.
const DemoHubCode = "PK"

// DemoPassword is every demo user's password. The demo network is for
// trying the system out; production runs with SEED_DEMO=false.
const DemoPassword = "ActionHub-demo-2026"

// DemoLogin is one seeded account, printed at start.
type DemoLogin struct {
	Email string
	Role  domain.Role
	Org   string
}

type demoOrg struct {
	kind  domain.OrgKind
	name  string
	users []DemoLogin
}

// demoNetwork is the Pakistan hub's demo parties: one user per role. The
// agencies are real public bodies named in the referral directory; the
// brands and factories are invented.
var demoNetwork = []demoOrg{
	{domain.KindPlatform, "Action Hub Platform", []DemoLogin{{"admin@actionhub.demo", domain.RolePlatformAdmin, ""}}},
	{domain.KindOperator, "Child Rights Action Hub Pakistan", []DemoLogin{
		{"hub.admin@crah.demo", domain.RoleHubAdmin, ""},
		{"auditor@crah.demo", domain.RoleAuditor, ""},
		{"case.worker@crah.demo", domain.RoleCaseWorker, ""},
	}},
	{domain.KindBrand, "Nordwind Apparel GmbH (demo)", []DemoLogin{
		{"brand.manager@nordwind.demo", domain.RoleBrandManager, ""},
		{"brand.viewer@nordwind.demo", domain.RoleBrandViewer, ""},
	}},
	{domain.KindBrand, "Lakeside Outfitters Ltd (demo)", []DemoLogin{{"brand.manager@lakeside.demo", domain.RoleBrandManager, ""}}},
	{domain.KindSupplier, "Indus Weaving Mills (demo), Karachi", []DemoLogin{{"compliance@indusweaving.demo", domain.RoleSupplierManager, ""}}},
	{domain.KindSupplier, "Multan Leather Works (demo)", []DemoLogin{{"compliance@multanleather.demo", domain.RoleSupplierManager, ""}}},
	{domain.KindAgency, "Sindh Child Protection Authority", []DemoLogin{{"officer@scpa.demo", domain.RoleAgencyOfficer, ""}}},
	{domain.KindAgency, "Child Protection & Welfare Bureau, Multan", []DemoLogin{{"officer@cpwb.demo", domain.RoleAgencyOfficer, ""}}},
}

// SeedDemo creates the demo network on first start: the Pakistan hub
// (Karachi in Sindh, Multan in Punjab), organisations of every kind and one
// user per role, all through the same service calls an admin would make.
// It does nothing when the hub already exists, so a restart seeds nothing
// twice. It returns the demo logins whether it seeded or not.
func (s *Service) SeedDemo(ctx context.Context) (seeded bool, logins []DemoLogin, err error) {
	for _, o := range demoNetwork {
		for _, u := range o.users {
			u.Org = o.name
			logins = append(logins, u)
		}
	}
	if _, err := s.st.Hubs.ByCode(ctx, DemoHubCode); !errors.Is(err, domain.ErrNotFound) {
		return false, logins, err
	}
	ctx = domain.WithActor(ctx, domain.Actor{Role: domain.RolePlatformAdmin, RequestID: "seed"})
	hub, err := s.CreateHub(ctx, NewHub{Code: DemoHubCode, Name: "Pakistan", Country: "PK", TimeZone: "Asia/Karachi",
		Cities: []domain.City{{Name: "Karachi", Province: "Sindh"}, {Name: "Multan", Province: "Punjab"}}})
	if err != nil {
		return false, nil, fmt.Errorf("seed hub: %w", err)
	}
	for _, o := range demoNetwork {
		var hubs []string
		if o.kind != domain.KindPlatform {
			hubs = []string{hub.ID}
		}
		org, err := s.CreateOrg(ctx, NewOrg{Kind: o.kind, Name: o.name, HubIDs: hubs})
		if err != nil {
			return false, nil, fmt.Errorf("seed %s: %w", o.name, err)
		}
		for _, u := range o.users {
			if _, err := s.CreateUser(ctx, NewUser{OrgID: org.ID, Email: u.Email, Name: string(u.Role) + " (demo)",
				Role: u.Role, Password: DemoPassword}); err != nil {
				return false, nil, fmt.Errorf("seed %s: %w", u.Email, err)
			}
		}
	}
	return true, logins, nil
}
