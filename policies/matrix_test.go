package policies

import (
	"errors"
	"slices"
	"testing"

	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/supplier"
)

// The scope matrix: for every entity, every role, every permission that
// services check on that entity, and an object placed in three ways
// relative to the caller, Can must answer as the table below says, and
// refuse everything the table leaves out. The objects are the domain's own
// types, so the matrix exercises their scope declarations; a loosened
// grant, relation rule or declaration turns a refused cell into an allowed
// one and fails.

// placement is where an object sits relative to the caller.
type placement string

const (
	own       placement = "own"       // the caller's hub, and the caller's organisation's (or linked to it)
	neighbour placement = "neighbour" // the caller's hub, another organisation's
	foreign   placement = "foreign"   // another hub, another organisation's
)

var placements = []placement{own, neighbour, foreign}

// The matrix network: hubs h1 (the callers') and h2; for each party kind,
// the callers' organisation K-1 and a neighbour K-2 in h1, and K-3 in h2;
// the platform's organisation in no hub. One user per role.
const hubOwn, hubForeign = "h1", "h2"

func orgFor(kind domain.OrgKind, p placement) string {
	switch p {
	case neighbour:
		return string(kind) + "-2"
	case foreign:
		return string(kind) + "-3"
	}
	return string(kind) + "-1"
}

func hubFor(p placement) string {
	if p == foreign {
		return hubForeign
	}
	return hubOwn
}

func actorOf(r domain.Role) domain.Actor {
	a := domain.Actor{UserID: "u-" + string(r), OrgID: orgFor(r.KindOf(), own), OrgKind: r.KindOf(), Role: r}
	if r.KindOf() != domain.KindPlatform {
		a.HubIDs = []string{hubOwn}
	}
	return a
}

func matrixNetwork() []Relation {
	var rels []Relation
	for _, k := range domain.OrgKinds {
		if k == domain.KindPlatform {
			continue
		}
		for _, p := range placements {
			rels = append(rels, Relation{OrgNode(orgFor(k, p)), HubNode(hubFor(p))})
		}
	}
	for _, r := range domain.Roles {
		a := actorOf(r)
		rels = append(rels, Relation{UserNode(a.UserID), OrgNode(a.OrgID)})
	}
	return rels
}

// entity declares, for one kind of object, the permissions services check
// on one of its objects, how to make one placed relative to a caller (with
// the relations such an object brings), and which cells are allowed.
type entity struct {
	name  string
	perms []Permission
	make  func(caller domain.Role, p placement) (domain.Scoped, []Relation)
	allow []allowed
}

// allowed lists cells the table allows: each role × place × permission.
type allowed struct {
	roles  []domain.Role
	places []placement
	perms  []Permission
}

var (
	everywhere   = placements
	inOwnHub     = []placement{own, neighbour}
	ownOnly      = []placement{own}
	staff        = []domain.Role{domain.RoleHubAdmin, domain.RoleAuditor, domain.RoleCaseWorker}
	platformOnly = []domain.Role{domain.RolePlatformAdmin}
	hubAdmins    = []domain.Role{domain.RoleHubAdmin}
	brands       = []domain.Role{domain.RoleBrandManager, domain.RoleBrandViewer}
)

func roles(rs ...domain.Role) []domain.Role { return rs }

// party is the organisation an object of the placement belongs to: the
// caller's own, or one of the same kind elsewhere.
func party(caller domain.Role, p placement) string { return orgFor(caller.KindOf(), p) }

var entities = []entity{
	{
		name:  "suppliers",
		perms: []Permission{PermSuppliersRead, PermSuppliersUpdate, PermSuppliersUpdateProfile, PermSuppliersMerge, PermNominationsCreate, PermNominationsList},
		make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
			// The caller's organisation is linked to its own facility, as a
			// brand to its supplier or a facility's organisation to itself.
			s := &supplier.Supplier{ID: "s-" + string(c) + "-" + string(p), HubID: hubFor(p)}
			return s, []Relation{{OrgNode(party(c, p)), SupplierNode(s.ID)}}
		},
		allow: []allowed{
			{platformOnly, everywhere, []Permission{PermSuppliersRead, PermSuppliersUpdate, PermSuppliersUpdateProfile, PermSuppliersMerge, PermNominationsList}},
			{hubAdmins, inOwnHub, []Permission{PermSuppliersRead, PermSuppliersUpdate, PermSuppliersUpdateProfile, PermSuppliersMerge, PermNominationsList}},
			{staff, inOwnHub, []Permission{PermSuppliersRead, PermNominationsList}},
			{roles(domain.RoleBrandManager), ownOnly, []Permission{PermSuppliersRead, PermNominationsCreate, PermNominationsList}},
			{roles(domain.RoleBrandViewer), ownOnly, []Permission{PermSuppliersRead, PermNominationsList}},
			{roles(domain.RoleSupplierManager), ownOnly, []Permission{PermSuppliersRead, PermSuppliersUpdateProfile}},
		},
	},
	{
		name:  "an alias of a supplier",
		perms: []Permission{PermSuppliersRead, PermSuppliersUpdateProfile},
		make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
			// Merged: its links went to the supplier it was merged into.
			s := &supplier.Supplier{ID: "alias-" + string(c) + "-" + string(p), AliasOf: "s-" + string(c) + "-" + string(p), HubID: hubFor(p)}
			return s, []Relation{{OrgNode(party(c, p)), SupplierNode(s.AliasOf)}}
		},
		allow: []allowed{
			{platformOnly, everywhere, []Permission{PermSuppliersRead, PermSuppliersUpdateProfile}},
			{hubAdmins, inOwnHub, []Permission{PermSuppliersUpdateProfile}},
			{staff, inOwnHub, []Permission{PermSuppliersRead}},
			{brands, ownOnly, []Permission{PermSuppliersRead}},
			{roles(domain.RoleSupplierManager), ownOnly, []Permission{PermSuppliersRead, PermSuppliersUpdateProfile}},
		},
	},
	{
		name:  "nominations",
		perms: []Permission{PermNominationsRead, PermNominationsDecide, PermNominationsWithdraw},
		make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
			return &supplier.Nomination{ID: "n", HubID: hubFor(p), BrandOrgID: party(c, p)}, nil
		},
		allow: []allowed{
			{platformOnly, everywhere, []Permission{PermNominationsRead, PermNominationsDecide}},
			{hubAdmins, inOwnHub, []Permission{PermNominationsDecide}},
			{staff, inOwnHub, []Permission{PermNominationsRead}},
			{roles(domain.RoleBrandManager), ownOnly, []Permission{PermNominationsRead, PermNominationsWithdraw}},
			{roles(domain.RoleBrandViewer), ownOnly, []Permission{PermNominationsRead}},
		},
	},
	{
		name:  "a nomination naming the caller's supplier",
		perms: []Permission{PermNominationsRead, PermNominationsWithdraw},
		make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
			// Another brand's nomination of a facility the caller is linked
			// to: the link must not open it.
			n := &supplier.Nomination{ID: "n", HubID: hubFor(p), BrandOrgID: "brand-other", SupplierID: "s-shared"}
			return n, []Relation{{OrgNode(party(c, p)), SupplierNode("s-shared")}}
		},
		allow: []allowed{
			{platformOnly, everywhere, []Permission{PermNominationsRead}},
			{staff, inOwnHub, []Permission{PermNominationsRead}},
		},
	},
	{
		name:  "list uploads",
		perms: []Permission{PermNominationsRead},
		make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
			return &supplier.Upload{ID: "up", HubID: hubFor(p), BrandOrgID: party(c, p)}, nil
		},
		allow: []allowed{
			{platformOnly, everywhere, []Permission{PermNominationsRead}},
			{staff, inOwnHub, []Permission{PermNominationsRead}},
			{brands, ownOnly, []Permission{PermNominationsRead}},
		},
	},
	{
		name:  "organisations",
		perms: []Permission{PermOrganisationsRead, PermOrganisationsDisable, PermUsersCreate, PermUsersList},
		make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
			return &domain.Organisation{ID: party(c, p), Kind: c.KindOf(), HubIDs: []string{hubFor(p)}}, nil
		},
		allow: []allowed{
			{platformOnly, everywhere, []Permission{PermOrganisationsRead, PermOrganisationsDisable, PermUsersCreate, PermUsersList}},
			{hubAdmins, inOwnHub, []Permission{PermOrganisationsDisable, PermUsersCreate, PermUsersList}},
			{staff, inOwnHub, []Permission{PermOrganisationsRead}},
			{roles(domain.RoleBrandManager), ownOnly, []Permission{PermOrganisationsRead, PermUsersList}},
			{roles(domain.RoleBrandViewer, domain.RoleSupplierManager, domain.RoleAgencyOfficer), ownOnly, []Permission{PermOrganisationsRead}},
		},
	},
	{
		name:  "users",
		perms: []Permission{PermUsersRead, PermUsersDisable},
		make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
			return &domain.User{ID: "colleague", OrgID: party(c, p), HubIDs: []string{hubFor(p)}}, nil
		},
		allow: []allowed{
			{platformOnly, everywhere, []Permission{PermUsersRead, PermUsersDisable}},
			{hubAdmins, inOwnHub, []Permission{PermUsersDisable}},
			{staff, inOwnHub, []Permission{PermUsersRead}},
			{roles(domain.RoleBrandManager, domain.RoleSupplierManager, domain.RoleAgencyOfficer), ownOnly, []Permission{PermUsersRead}},
		},
	},
	{
		name:  "activity log entries",
		perms: []Permission{PermActivityRead},
		make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
			return &domain.ActivityEntry{ID: "e", ActorID: "u-" + string(c), OrgID: party(c, p), Object: "org:" + party(c, p)}, nil
		},
		allow: []allowed{{platformOnly, everywhere, []Permission{PermActivityRead}}},
	},
	{
		name:  "hubs",
		perms: []Permission{PermHubsRead, PermNominationsCreate},
		make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
			return &domain.Hub{ID: hubFor(p)}, nil
		},
		allow: []allowed{
			{platformOnly, everywhere, []Permission{PermHubsRead}},
			{domain.Roles, inOwnHub, []Permission{PermHubsRead}},
			{roles(domain.RoleBrandManager), inOwnHub, []Permission{PermNominationsCreate}},
		},
	},
	{
		name: "what a hub's operator keeps",
		perms: []Permission{PermSuppliersList, PermSuppliersCreate, PermNominationsList, PermOrganisationsList, PermOrganisationsCreate,
			PermUsersList, PermPrevalenceRead, PermPrevalenceUpdate},
		make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
			return domain.InHub(hubFor(p)), nil
		},
		allow: []allowed{
			{platformOnly, everywhere, []Permission{PermSuppliersList, PermSuppliersCreate, PermNominationsList, PermOrganisationsList,
				PermOrganisationsCreate, PermUsersList, PermPrevalenceRead, PermPrevalenceUpdate}},
			{hubAdmins, inOwnHub, []Permission{PermSuppliersCreate, PermOrganisationsList, PermOrganisationsCreate, PermUsersList, PermPrevalenceUpdate}},
			{staff, inOwnHub, []Permission{PermSuppliersList, PermNominationsList, PermPrevalenceRead}},
		},
	},
	{
		name:  "prevalence tables",
		perms: []Permission{PermPrevalenceRead, PermPrevalenceUpdate},
		make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
			return &supplier.HubPrevalence{HubID: hubFor(p)}, nil
		},
		allow: []allowed{
			{platformOnly, everywhere, []Permission{PermPrevalenceRead, PermPrevalenceUpdate}},
			{hubAdmins, inOwnHub, []Permission{PermPrevalenceUpdate}},
			{staff, inOwnHub, []Permission{PermPrevalenceRead}},
		},
	},
}

// auditEntities are an audit, a finding and a corrective action at a
// supplier placed like the suppliers above: each has the audit's scope (its
// hub and its supplier), so one table serves all three. Publication and the
// team are the domain's to check (audit.SupplierSees, BrandSees, CanMove);
// Can decides who reaches the object at all.
func auditEntities() []entity {
	readPerms := []Permission{PermAuditsRead, PermFindingsRead, PermActionsRead, PermEvidenceRead}
	adminPerms := []Permission{PermAuditsStart, PermAuditsPublish, PermAuditsCancel, PermActionsVerify}
	auditorPerms := []Permission{PermAuditsStart, PermAuditsSubmit, PermFindingsRecord, PermActionsVerify, PermEvidenceUpload}
	sitePerms := []Permission{PermFindingsRespond, PermActionsUpdate, PermEvidenceUpload}
	perms := slices.Concat(readPerms, adminPerms, auditorPerms, sitePerms)
	allow := []allowed{
		{platformOnly, everywhere, slices.Concat(readPerms, adminPerms)},
		{hubAdmins, inOwnHub, adminPerms},
		{staff, inOwnHub, readPerms},
		{roles(domain.RoleAuditor), inOwnHub, auditorPerms},
		{brands, ownOnly, readPerms},
		{roles(domain.RoleSupplierManager), ownOnly, slices.Concat(readPerms, sitePerms)},
	}
	at := func(c domain.Role, p placement) (string, string, []Relation) {
		sup := "s-" + string(c) + "-" + string(p)
		return hubFor(p), sup, []Relation{{OrgNode(party(c, p)), SupplierNode(sup)}}
	}
	return []entity{
		{name: "audits", perms: perms, allow: allow, make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
			hub, sup, rels := at(c, p)
			return &audit.Audit{ID: "a", HubID: hub, Plan: audit.Plan{SupplierID: sup}}, rels
		}},
		{name: "findings", perms: perms, allow: allow, make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
			hub, sup, rels := at(c, p)
			return &audit.Finding{ID: "f", HubID: hub, SupplierID: sup}, rels
		}},
		{name: "corrective actions", perms: perms, allow: allow, make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
			hub, sup, rels := at(c, p)
			return &audit.Action{ID: "ca", HubID: hub, SupplierID: sup}, rels
		}},
		{
			name:  "what a hub's operator keeps of audits",
			perms: []Permission{PermAuditsSchedule, PermAuditsList, PermFindingsList, PermActionsList},
			make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
				return domain.InHub(hubFor(p)), nil
			},
			allow: []allowed{
				{platformOnly, everywhere, []Permission{PermAuditsSchedule, PermAuditsList, PermFindingsList, PermActionsList}},
				{hubAdmins, inOwnHub, []Permission{PermAuditsSchedule}},
				{staff, inOwnHub, []Permission{PermAuditsList, PermFindingsList, PermActionsList}},
			},
		},
		{
			name:  "audit settings",
			perms: []Permission{PermAuditSettingsRead, PermAuditSettingsUpdate},
			make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
				return &audit.HubSettings{HubID: hubFor(p)}, nil
			},
			allow: []allowed{
				{platformOnly, everywhere, []Permission{PermAuditSettingsRead, PermAuditSettingsUpdate}},
				{hubAdmins, inOwnHub, []Permission{PermAuditSettingsUpdate}},
				{staff, inOwnHub, []Permission{PermAuditSettingsRead}},
			},
		},
		{
			name:  "case settings",
			perms: []Permission{PermCaseSettingsRead, PermCaseSettingsUpdate},
			make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
				return &casework.HubSettings{HubID: hubFor(p)}, nil
			},
			allow: []allowed{
				{platformOnly, everywhere, []Permission{PermCaseSettingsRead, PermCaseSettingsUpdate}},
				{hubAdmins, inOwnHub, []Permission{PermCaseSettingsUpdate}},
				{staff, inOwnHub, []Permission{PermCaseSettingsRead}},
			},
		},
	}
}

// caseEntities are cases at a supplier placed like the audits above,
// opened by someone else or by the caller, and their identity. Case
// workers and hub admins reach every case of their hub; an auditor only
// the cases they opened, and only while in the hub; the supplier and its
// brands through the supplier link. Identity: case workers of the hub,
// the auditor who opened the case, the platform.
func caseEntities() []entity {
	objPerms := []Permission{PermCasesRead, PermCasesUpdate, PermCasesUpdateIdentity, PermCasesAssign,
		PermCasesRequestApproval, PermCasesApprove, PermCasesReopen, PermFollowUpsRead, PermFollowUpsRecord}
	keeper := []Permission{PermCasesRead, PermCasesUpdate, PermCasesUpdateIdentity, PermCasesRequestApproval, PermFollowUpsRead}
	supervisor := []Permission{PermCasesRead, PermCasesApprove, PermCasesAssign, PermCasesReopen, PermFollowUpsRead}
	worker := []Permission{PermCasesRead, PermCasesUpdate, PermCasesUpdateIdentity, PermCasesAssign, PermCasesRequestApproval, PermCasesReopen,
		PermFollowUpsRead, PermFollowUpsRecord}
	at := func(c domain.Role, p placement, openedBy string) *casework.Case {
		return &casework.Case{ID: "c", HubID: hubFor(p), SupplierID: "s-" + string(c) + "-" + string(p), OpenedBy: openedBy}
	}
	rels := func(c domain.Role, p placement) []Relation {
		return []Relation{{OrgNode(party(c, p)), SupplierNode("s-" + string(c) + "-" + string(p))}}
	}
	return []entity{
		{name: "a case someone else opened", perms: objPerms,
			make: func(c domain.Role, p placement) (domain.Scoped, []Relation) { return at(c, p, "u-other"), rels(c, p) },
			allow: []allowed{
				{platformOnly, everywhere, objPerms},
				{hubAdmins, inOwnHub, supervisor},
				{roles(domain.RoleCaseWorker), inOwnHub, worker},
				{brands, ownOnly, []Permission{PermCasesRead}},
				{roles(domain.RoleSupplierManager), ownOnly, []Permission{PermCasesRead}},
			}},
		{name: "a case the caller opened", perms: objPerms,
			make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
				return at(c, p, "u-"+string(c)), rels(c, p)
			},
			allow: []allowed{
				{platformOnly, everywhere, objPerms},
				{hubAdmins, inOwnHub, supervisor},
				{roles(domain.RoleCaseWorker), inOwnHub, worker},
				{roles(domain.RoleAuditor), inOwnHub, keeper},
				{brands, ownOnly, []Permission{PermCasesRead}},
				{roles(domain.RoleSupplierManager), ownOnly, []Permission{PermCasesRead}},
			}},
		{name: "the identity of a case someone else opened", perms: []Permission{PermCasesReadIdentity},
			make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
				return at(c, p, "u-other").IdentityObject(), rels(c, p)
			},
			allow: []allowed{
				{platformOnly, everywhere, []Permission{PermCasesReadIdentity}},
				{roles(domain.RoleCaseWorker), inOwnHub, []Permission{PermCasesReadIdentity}},
			}},
		{name: "the identity of a case the caller opened", perms: []Permission{PermCasesReadIdentity},
			make: func(c domain.Role, p placement) (domain.Scoped, []Relation) {
				return at(c, p, "u-"+string(c)).IdentityObject(), rels(c, p)
			},
			allow: []allowed{
				{platformOnly, everywhere, []Permission{PermCasesReadIdentity}},
				{roles(domain.RoleCaseWorker, domain.RoleAuditor), inOwnHub, []Permission{PermCasesReadIdentity}},
			}},
		{name: "what a hub's operator keeps of cases",
			perms: []Permission{PermCasesOpen, PermCasesList, PermCasesExport, PermFollowUpsListDue},
			make:  func(c domain.Role, p placement) (domain.Scoped, []Relation) { return domain.InHub(hubFor(p)), nil },
			allow: []allowed{
				{platformOnly, everywhere, []Permission{PermCasesOpen, PermCasesList, PermCasesExport, PermFollowUpsListDue}},
				{hubAdmins, inOwnHub, []Permission{PermCasesList, PermCasesExport, PermFollowUpsListDue}},
				{roles(domain.RoleCaseWorker), inOwnHub, []Permission{PermFollowUpsListDue}},
				{roles(domain.RoleCaseWorker, domain.RoleAuditor), inOwnHub, []Permission{PermCasesOpen, PermCasesList, PermCasesExport}},
			}},
	}
}

func (en entity) allows(r domain.Role, p placement, perm Permission) bool {
	for _, a := range en.allow {
		if slices.Contains(a.roles, r) && slices.Contains(a.places, p) && slices.Contains(a.perms, perm) {
			return true
		}
	}
	return false
}

func TestScopeMatrix(t *testing.T) {
	t.Parallel()
	for _, en := range slices.Concat(entities, auditEntities(), caseEntities(), stipendEntities(), referralEntities()) {
		t.Run(en.name, func(t *testing.T) {
			t.Parallel()
			cells := 0
			for _, r := range domain.Roles {
				for _, p := range placements {
					obj, rels := en.make(r, p)
					e := mustNew(t, newMemStore(append(matrixNetwork(), rels...)...))
					for _, perm := range en.perms {
						want := en.allows(r, p, perm)
						if got := e.Can(actorOf(r), perm, obj); got != want {
							t.Errorf("%s, %s object, %s: Can = %v, want %v", r, p, perm, got, want)
						}
						if want {
							cells++
						}
					}
				}
			}
			if cells == 0 {
				t.Error("the table allows nothing: the matrix would pass whatever Can does")
			}
		})
	}
}

// A caller nobody knows, or one without a role, reaches nothing; nor does a
// stale actor whose relation was removed.
func TestCanRefusesStrangers(t *testing.T) {
	t.Parallel()
	e := mustNew(t, newMemStore(matrixNetwork()...))
	org := &domain.Organisation{ID: "brand-1", HubIDs: []string{hubOwn}}
	for _, a := range []domain.Actor{
		{},
		{UserID: "nobody", Role: domain.RoleBrandManager, OrgID: "brand-1"},
		{UserID: "u-brand_manager", OrgID: "brand-1"},
		{Role: domain.RoleHubAdmin, OrgID: "operator-1"},
	} {
		if e.Can(a, PermOrganisationsRead, org) {
			t.Errorf("%+v reads an organisation", a)
		}
	}
	bm := actorOf(domain.RoleBrandManager)
	if !e.Can(bm, PermOrganisationsRead, org) {
		t.Fatal("a brand manager does not read its own organisation")
	}
	if err := e.Remove(t.Context(), Relation{UserNode(bm.UserID), OrgNode(bm.OrgID)}); err != nil {
		t.Fatal(err)
	}
	if e.Can(bm, PermOrganisationsRead, org) {
		t.Error("a removed membership still reaches the organisation")
	}
}

func TestHubFor(t *testing.T) {
	t.Parallel()
	e := mustNew(t, newMemStore(matrixNetwork()...))
	admin, brand, root := actorOf(domain.RoleHubAdmin), actorOf(domain.RoleBrandManager), actorOf(domain.RolePlatformAdmin)
	two := admin
	two.HubIDs = []string{hubOwn, hubForeign}
	cases := []struct {
		name  string
		a     domain.Actor
		perm  Permission
		hub   string
		scope func(string) domain.Scope
		want  string
		err   error // nil, ErrNotFound, or a validation error (any non-nil other)
	}{
		{"staff, hub left out", admin, PermSuppliersList, "", domain.InHub, hubOwn, nil},
		{"staff, own hub", admin, PermSuppliersList, hubOwn, domain.InHub, hubOwn, nil},
		{"staff, another hub", admin, PermSuppliersList, hubForeign, domain.InHub, "", domain.ErrNotFound},
		{"staff of two hubs must name one", two, PermSuppliersList, "", domain.InHub, "", errInvalid},
		{"a brand in its hub, as the operator", brand, PermUsersList, hubOwn, domain.InHub, "", domain.ErrNotFound},
		{"a brand nominating in its hub", brand, PermNominationsCreate, "", domain.HubWide, hubOwn, nil},
		{"a brand nominating elsewhere", brand, PermNominationsCreate, hubForeign, domain.HubWide, "", domain.ErrNotFound},
		{"the platform must name a hub", root, PermSuppliersList, "", domain.InHub, "", errInvalid},
		{"the platform anywhere", root, PermSuppliersList, hubForeign, domain.InHub, hubForeign, nil},
	}
	for _, c := range cases {
		got, err := e.HubFor(c.a, c.perm, c.hub, c.scope)
		switch {
		case got != c.want:
			t.Errorf("%s: hub %q, want %q", c.name, got, c.want)
		case c.err == nil && err != nil, c.err == domain.ErrNotFound && !isNotFound(err), c.err == errInvalid && !isInvalid(err):
			t.Errorf("%s: error %v", c.name, err)
		}
	}
}

var errInvalid = errors.New("a validation error")

func isNotFound(err error) bool { return errors.Is(err, domain.ErrNotFound) }

func isInvalid(err error) bool {
	var v *domain.ValidationError
	return errors.As(err, &v)
}
