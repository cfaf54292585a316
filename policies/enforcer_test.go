package policies

import (
	"context"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/actionhub/actionhub/domain"
)

var quiet = WithLogger(slog.New(slog.DiscardHandler))

func mustNew(tb testing.TB, s RelationStore, opts ...Option) *Enforcer {
	tb.Helper()
	e, err := New(context.Background(), s, append([]Option{quiet}, opts...)...)
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return e
}

// granted is the expected grant table, written out role by role; every
// other (role, permission) pair must be refused.
var granted = map[domain.Role][]Permission{
	domain.RolePlatformAdmin: {
		PermHubsCreate, PermHubsRead, PermHubsList,
		PermOrganisationsCreate, PermOrganisationsRead, PermOrganisationsList, PermOrganisationsDisable,
		PermUsersCreate, PermUsersRead, PermUsersList, PermUsersDisable,
		PermAPIKeysManage, PermActivityRead, PermJobsMonitor, PermMeRead, PermMeUpdate, PermRelationsManage,
		PermSuppliersCreate, PermSuppliersRead, PermSuppliersList, PermSuppliersUpdate, PermSuppliersUpdateProfile, PermSuppliersMerge,
		PermNominationsRead, PermNominationsList, PermNominationsDecide, PermPrevalenceRead, PermPrevalenceUpdate,
		PermAuditsSchedule, PermAuditsRead, PermAuditsList, PermAuditsStart, PermAuditsPublish, PermAuditsCancel,
		PermFindingsRead, PermFindingsList, PermActionsRead, PermActionsList, PermActionsVerify, PermEvidenceRead,
		PermAuditSettingsRead, PermAuditSettingsUpdate,
		PermCasesOpen, PermCasesRead, PermCasesList, PermCasesExport, PermCasesReadIdentity, PermCasesUpdate, PermCasesUpdateIdentity, PermCasesAssign, PermCasesRequestApproval, PermCasesApprove, PermCasesReopen,
		PermStipendsRead, PermStipendsList, PermStipendsTerms, PermStipendsRecord, PermStipendsConfirm, PermObligationsList, PermObligationsReport, PermObligationsConfirm,
		PermFollowUpsRead, PermFollowUpsRecord, PermFollowUpsListDue, PermCaseSettingsRead, PermCaseSettingsUpdate,
		PermLawRead, PermLawClassify,
		PermDirectoryRead, PermDirectoryEdit, PermDirectoryImport, PermDirectoryExport, PermDirectorySettings,
		PermReferralsCreate, PermReferralsRead, PermReferralsList, PermReferralsReadView, PermReferralsAnswer, PermReferralsRevoke,
		PermReferralsOverrideConsent, PermReferralsWebhooks, PermReferralsWebhookResend,
	},
	domain.RoleHubAdmin: {
		PermHubsRead, PermHubsList,
		PermOrganisationsCreate, PermOrganisationsRead, PermOrganisationsList, PermOrganisationsDisable,
		PermUsersCreate, PermUsersRead, PermUsersList, PermUsersDisable,
		PermAPIKeysManage, PermMeRead, PermMeUpdate, PermRelationsManage,
		PermSuppliersCreate, PermSuppliersRead, PermSuppliersList, PermSuppliersUpdate, PermSuppliersUpdateProfile, PermSuppliersMerge,
		PermNominationsRead, PermNominationsList, PermNominationsDecide, PermPrevalenceRead, PermPrevalenceUpdate,
		PermAuditsSchedule, PermAuditsRead, PermAuditsList, PermAuditsStart, PermAuditsPublish, PermAuditsCancel,
		PermFindingsRead, PermFindingsList, PermActionsRead, PermActionsList, PermActionsVerify, PermEvidenceRead,
		PermAuditSettingsRead, PermAuditSettingsUpdate,
		PermCasesRead, PermCasesList, PermCasesExport, PermCasesAssign, PermCasesApprove, PermCasesReopen,
		PermStipendsRead, PermStipendsList, PermObligationsList,
		PermFollowUpsRead, PermFollowUpsListDue, PermCaseSettingsRead, PermCaseSettingsUpdate,
		PermLawRead, PermLawClassify,
		PermDirectoryRead, PermDirectoryEdit, PermDirectoryImport, PermDirectoryExport, PermDirectorySettings,
		PermReferralsCreate, PermReferralsRead, PermReferralsList, PermReferralsRevoke, PermReferralsOverrideConsent, PermReferralsWebhooks, PermReferralsWebhookResend,
	},
	domain.RoleBrandManager: {
		PermHubsRead, PermOrganisationsRead, PermUsersRead, PermUsersList, PermAPIKeysManage, PermMeRead, PermMeUpdate,
		PermSuppliersRead, PermSuppliersList,
		PermNominationsCreate, PermNominationsRead, PermNominationsList, PermNominationsWithdraw,
		PermAuditsRead, PermAuditsList, PermFindingsRead, PermActionsRead, PermActionsList, PermEvidenceRead,
		PermCasesRead, PermCasesList,
		PermLawRead,
		PermDirectoryRead,
	},
	domain.RoleBrandViewer: {
		PermHubsRead, PermOrganisationsRead, PermMeRead, PermMeUpdate,
		PermSuppliersRead, PermSuppliersList, PermNominationsRead, PermNominationsList,
		PermAuditsRead, PermAuditsList, PermFindingsRead, PermActionsRead, PermActionsList, PermEvidenceRead,
		PermCasesRead, PermCasesList,
		PermLawRead,
		PermDirectoryRead,
	},
	domain.RoleAuditor: {
		PermHubsRead, PermOrganisationsRead, PermUsersRead, PermAPIKeysManage, PermMeRead, PermMeUpdate,
		PermSuppliersRead, PermSuppliersList, PermNominationsRead, PermNominationsList, PermPrevalenceRead,

		PermAuditsRead, PermAuditsList, PermAuditsStart, PermAuditsSubmit, PermFindingsRecord, PermFindingsRead, PermFindingsList,
		PermActionsRead, PermActionsList, PermActionsVerify, PermEvidenceUpload, PermEvidenceRead, PermAuditSettingsRead,
		PermCasesOpen, PermCasesRead, PermCasesList, PermCasesExport, PermCasesReadIdentity, PermCasesUpdate, PermCasesUpdateIdentity, PermCasesRequestApproval,
		PermFollowUpsRead, PermCaseSettingsRead,
		PermLawRead, PermLawClassify,
		PermDirectoryRead,
	},
	domain.RoleCaseWorker: {
		PermHubsRead, PermOrganisationsRead, PermUsersRead, PermAPIKeysManage, PermMeRead, PermMeUpdate,
		PermSuppliersRead, PermSuppliersList, PermNominationsRead, PermNominationsList, PermPrevalenceRead,

		PermAuditsRead, PermAuditsList, PermFindingsRead, PermFindingsList, PermActionsRead, PermActionsList, PermEvidenceRead,
		PermAuditSettingsRead,
		PermCasesOpen, PermCasesRead, PermCasesList, PermCasesExport, PermCasesReadIdentity, PermCasesUpdate, PermCasesUpdateIdentity, PermCasesAssign, PermCasesRequestApproval, PermCasesReopen,
		PermStipendsRead, PermStipendsList, PermStipendsTerms, PermStipendsConfirm, PermObligationsList, PermObligationsConfirm,
		PermFollowUpsRead, PermFollowUpsRecord, PermFollowUpsListDue, PermCaseSettingsRead,
		PermLawRead, PermLawClassify,
		PermDirectoryRead,
		PermReferralsCreate, PermReferralsRead, PermReferralsList, PermReferralsReadView, PermReferralsAnswer, PermReferralsRevoke,
	},
	domain.RoleSupplierManager: {
		PermHubsRead, PermOrganisationsRead, PermUsersRead, PermAPIKeysManage, PermMeRead, PermMeUpdate,
		PermSuppliersRead, PermSuppliersList, PermSuppliersUpdateProfile,
		PermAuditsRead, PermAuditsList, PermFindingsRead, PermFindingsRespond, PermActionsRead, PermActionsList, PermActionsUpdate,
		PermEvidenceUpload, PermEvidenceRead,
		PermCasesRead, PermCasesList,
		PermStipendsRead, PermStipendsList, PermStipendsRecord, PermObligationsList, PermObligationsReport,
		PermLawRead,
		PermDirectoryRead,
	},
	domain.RoleAgencyOfficer: {
		PermHubsRead, PermOrganisationsRead, PermUsersRead, PermAPIKeysManage, PermMeRead, PermMeUpdate,
		PermDirectoryRead, PermDirectoryEdit,
		PermReferralsRead, PermReferralsList, PermReferralsReadView, PermReferralsAnswer,
	},
}

// TestEveryRoleEveryPermission decides every role × permission, through the
// route check and through a scoped decision on a reachable object, and
// compares both with the table. The grants carry no p rule, so it also
// shows Casbin allows without one.
func TestEveryRoleEveryPermission(t *testing.T) {
	t.Parallel()
	e := mustNew(t, newMemStore(Relation{UserNode("u1"), OrgNode("o1")}))
	if len(granted) != len(domain.Roles) {
		t.Fatalf("table covers %d roles, domain has %d", len(granted), len(domain.Roles))
	}
	decisions := 0
	for _, role := range domain.Roles {
		for _, p := range All() {
			want := slices.Contains(granted[role], p)
			ok, err := e.decide("", role, p, AnyObject)
			if err != nil {
				t.Fatalf("decide(%s, %s): %v", role, p, err)
			}
			if ok != want || e.Allowed(role, p) != want {
				t.Errorf("Allowed(%s, %s) = %v, want %v", role, p, ok, want)
			}
			if got := e.Decide(UserNode("u1"), role, p, OrgNode("o1")); got != want {
				t.Errorf("Decide(u1, %s, %s, org:o1) = %v, want %v", role, p, got, want)
			}
			decisions++
		}
	}
	if want := len(domain.Roles) * len(All()); decisions != want {
		t.Fatalf("decided %d pairs, want %d", decisions, want)
	}
}

func TestPermissionsOf(t *testing.T) {
	t.Parallel()
	e := mustNew(t, newMemStore())
	for _, role := range domain.Roles {
		if got, want := e.PermissionsOf(role), granted[role]; !slices.Equal(got, want) {
			t.Errorf("PermissionsOf(%s) (-want +got):\n- %v\n+ %v", role, want, got)
		}
	}
	if got := e.PermissionsOf("janitor"); len(got) != 0 {
		t.Errorf("unknown role holds %v", got)
	}
}

func TestRefusesUnknownAndMalformed(t *testing.T) {
	t.Parallel()
	e := mustNew(t, newMemStore(Relation{UserNode("u1"), OrgNode("o1")}))
	cases := []struct {
		name string
		sub  string
		role domain.Role
		perm Permission
		obj  string
	}{
		{"unknown role", UserNode("u1"), "janitor", PermMeRead, AnyObject},
		{"empty role", UserNode("u1"), "", PermMeRead, AnyObject},
		{"unknown permission", UserNode("u1"), domain.RolePlatformAdmin, "hubs:delete", AnyObject},
		{"permission named as role", UserNode("u1"), domain.Role("me:read"), PermMeRead, AnyObject},
		{"role named as permission", UserNode("u1"), domain.RoleHubAdmin, Permission("hub_admin"), AnyObject},
		{"empty object", UserNode("u1"), domain.RolePlatformAdmin, PermMeRead, ""},
		{"empty subject", "", domain.RolePlatformAdmin, PermMeRead, OrgNode("o1")},
		{"empty subject and object alike", "", domain.RolePlatformAdmin, PermMeRead, ""},
	}
	for _, c := range cases {
		if e.Decide(c.sub, c.role, c.perm, c.obj) {
			t.Errorf("%s: allowed", c.name)
		}
	}
	if e.Reaches("", "") || e.Reaches(UserNode("u1"), AnyObject) || e.Reaches(UserNode("u1"), "") {
		t.Error("Reaches accepted an empty or wildcard node")
	}
}

// TestPolicyFiles guards the files themselves: every grant line is
// well-formed (New would fail otherwise), every role holds something, and
// the matcher reads no p rule, which keeps decisions in microseconds.
func TestPolicyFiles(t *testing.T) {
	t.Parallel()
	g, err := grants()
	if err != nil {
		t.Fatal(err)
	}
	if len(g) == 0 {
		t.Fatal("no grants")
	}
	var matcher string
	for _, line := range strings.Split(modelText, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "m =") {
			matcher = line
		}
	}
	if matcher == "" {
		t.Fatal("no matcher in model.conf")
	}
	if regexp.MustCompile(`\bp[._]`).MatchString(matcher) {
		t.Errorf("matcher reads p rules: %s", matcher)
	}
	if strings.Contains(matcher, "#") {
		t.Errorf("matcher holds a '#', which Casbin reads as a comment: %s", matcher)
	}
	for _, p := range All() {
		if !p.Valid() || p.Resource() == "" || p.Action() == "" {
			t.Errorf("permission %q is not resource:action", p)
		}
	}
}
