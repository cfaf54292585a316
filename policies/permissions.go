package policies

import "strings"

// Permission is one resource:action pair that a role may hold. Every route
// declares the permission it needs; policy.csv grants them to roles.
type Permission string

// Permissions, one per resource and action.
const (
	PermHubsCreate Permission = "hubs:create"
	PermHubsRead   Permission = "hubs:read"
	PermHubsList   Permission = "hubs:list"

	PermOrganisationsCreate  Permission = "organisations:create"
	PermOrganisationsRead    Permission = "organisations:read"
	PermOrganisationsList    Permission = "organisations:list"
	PermOrganisationsDisable Permission = "organisations:disable"

	PermUsersCreate  Permission = "users:create"
	PermUsersRead    Permission = "users:read"
	PermUsersList    Permission = "users:list"
	PermUsersDisable Permission = "users:disable"

	// PermAPIKeysManage covers a user's own API keys: create, list, revoke.
	PermAPIKeysManage Permission = "api_keys:manage"
	// PermActivityRead reads the activity log.
	PermActivityRead Permission = "activity:read"
	// PermJobsMonitor opens the job queue dashboard.
	PermJobsMonitor Permission = "jobs:monitor"
	// PermMeRead reads the caller's own profile and permissions.
	PermMeRead Permission = "me:read"
	// PermMeUpdate changes the caller's own preferences (the pages' language).
	PermMeUpdate Permission = "me:update"
	// PermRelationsManage adds and removes scope relations.
	PermRelationsManage Permission = "relations:manage"

	// Suppliers: read and list within scope; operator staff create, edit,
	// change status, share links and merge; a facility's own users update
	// its contact and workforce.
	PermSuppliersCreate        Permission = "suppliers:create"
	PermSuppliersRead          Permission = "suppliers:read"
	PermSuppliersList          Permission = "suppliers:list"
	PermSuppliersUpdate        Permission = "suppliers:update"
	PermSuppliersUpdateProfile Permission = "suppliers:update_profile"
	PermSuppliersMerge         Permission = "suppliers:merge"

	// Nominations: brands create (one or a list) and withdraw; operator
	// staff decide (accept, decline, resolve a doubtful match).
	PermNominationsCreate   Permission = "nominations:create"
	PermNominationsRead     Permission = "nominations:read"
	PermNominationsList     Permission = "nominations:list"
	PermNominationsDecide   Permission = "nominations:decide"
	PermNominationsWithdraw Permission = "nominations:withdraw"

	// Prevalence: the hub's district child-labour prevalence table.
	PermPrevalenceRead   Permission = "prevalence:read"
	PermPrevalenceUpdate Permission = "prevalence:update"

	// Audit settings: the hub's deadlines for corrective actions.
	PermAuditSettingsRead   Permission = "audit_settings:read"
	PermAuditSettingsUpdate Permission = "audit_settings:update"

	// Audits: hub admins schedule, publish (or send back) and cancel; the
	// team starts and submits (the domain checks who is on the team);
	// everyone in scope reads what audit.SupplierSees and BrandSees allow.
	PermAuditsSchedule Permission = "audits:schedule"
	PermAuditsRead     Permission = "audits:read"
	PermAuditsList     Permission = "audits:list"
	PermAuditsStart    Permission = "audits:start"
	PermAuditsSubmit   Permission = "audits:submit"
	PermAuditsPublish  Permission = "audits:publish"
	PermAuditsCancel   Permission = "audits:cancel"
	// Findings: auditors record; the site responds once published; the
	// hub-wide list by category and severity is the operator's.
	PermFindingsRecord  Permission = "findings:record"
	PermFindingsRead    Permission = "findings:read"
	PermFindingsList    Permission = "findings:list"
	PermFindingsRespond Permission = "findings:respond"
	// Corrective actions: the site updates its progress, the hub verifies.
	PermActionsRead   Permission = "actions:read"
	PermActionsList   Permission = "actions:list"
	PermActionsUpdate Permission = "actions:update"
	PermActionsVerify Permission = "actions:verify"
	// Evidence files of findings and actions; the views decide which file
	// reaches whom.
	PermEvidenceUpload Permission = "evidence:upload"
	PermEvidenceRead   Permission = "evidence:read"

	// Cases: auditors and case workers open them from findings; the one
	// scope decision lets case workers and hub admins reach every case of
	// the hub, an auditor the cases they opened, the supplier and its
	// brands through the supplier link (their views restrict the fields).
	// A child's identity needs cases:read_identity on the case's identity
	// scope. Asking for a supervisor's approval and giving it are apart,
	// and nobody approves their own request (the domain refuses).
	PermCasesOpen            Permission = "cases:open"
	PermCasesRead            Permission = "cases:read"
	PermCasesList            Permission = "cases:list"
	PermCasesExport          Permission = "cases:export"
	PermCasesReadIdentity    Permission = "cases:read_identity"
	PermCasesUpdate          Permission = "cases:update"
	PermCasesUpdateIdentity  Permission = "cases:update_identity"
	PermCasesAssign          Permission = "cases:assign"
	PermCasesRequestApproval Permission = "cases:request_approval"
	PermCasesApprove         Permission = "cases:approve"
	PermCasesReopen          Permission = "cases:reopen"
	// Stipends and obligations: the supplier records its payments and
	// reports on what it owes; case workers set the terms and confirm;
	// hub admins read. Brands hold none of them: they read "stipend paid
	// on time" in their view of the case.
	PermStipendsRead       Permission = "stipends:read"
	PermStipendsList       Permission = "stipends:list"
	PermStipendsTerms      Permission = "stipends:terms"
	PermStipendsRecord     Permission = "stipends:record"
	PermStipendsConfirm    Permission = "stipends:confirm"
	PermObligationsList    Permission = "obligations:list"
	PermObligationsReport  Permission = "obligations:report"
	PermObligationsConfirm Permission = "obligations:confirm"
	// Follow-ups of cases, decided on the case's scope: operator staff
	// read a case's visits, case workers record them; the hub's list of
	// due follow-ups is its case workers' and admins'. Brands and the
	// supplier get nothing of the visits beyond their views of the case.
	PermFollowUpsRead    Permission = "followups:read"
	PermFollowUpsRecord  Permission = "followups:record"
	PermFollowUpsListDue Permission = "followups:list_due"
	// A hub's case-work settings (follow-up interval, failed tries before
	// lost contact, retention): its staff read them, its admins set them.
	PermCaseSettingsRead   Permission = "case_settings:read"
	PermCaseSettingsUpdate Permission = "case_settings:update"
	// Law: the law packs and their provisions are public law, read by
	// every party but agencies; classifying a situation is operator staff's.
	PermLawRead     Permission = "law:read"
	PermLawClassify Permission = "law:classify"
	// Referral directory (HSDS 3.0): everyone working in a hub reads it and
	// searches it; hub admins edit it, import, export and set whether its
	// HSDS API is public; an agency officer edits its own organisation's
	// entries (the entry's scope names the agency).
	PermDirectoryRead     Permission = "directory:read"
	PermDirectoryEdit     Permission = "directory:edit"
	PermDirectoryImport   Permission = "directory:import"
	PermDirectoryExport   Permission = "directory:export"
	PermDirectorySettings Permission = "directory:settings"
	// Referrals: case workers and hub admins refer a case's child to a
	// directory service (an override of missing consent is a permission of
	// its own, the hub admins'); the agency addressed reads and answers it,
	// and reads the child's minimum view while it handles it; case workers
	// also answer for offices that do not log in, and revoke. Hub admins
	// register agencies' webhooks and read their delivery logs.
	PermReferralsCreate          Permission = "referrals:create"
	PermReferralsRead            Permission = "referrals:read"
	PermReferralsList            Permission = "referrals:list"
	PermReferralsReadView        Permission = "referrals:read_view"
	PermReferralsAnswer          Permission = "referrals:answer"
	PermReferralsRevoke          Permission = "referrals:revoke"
	PermReferralsOverrideConsent Permission = "referrals:override_consent"
	PermReferralsWebhooks        Permission = "referrals:webhooks"
	// PermReferralsWebhookResend sends again a delivery that failed for good.
	PermReferralsWebhookResend Permission = "referrals:webhook_resend"
)

var all = []Permission{
	PermHubsCreate, PermHubsRead, PermHubsList,
	PermOrganisationsCreate, PermOrganisationsRead, PermOrganisationsList, PermOrganisationsDisable,
	PermUsersCreate, PermUsersRead, PermUsersList, PermUsersDisable,
	PermAPIKeysManage, PermActivityRead, PermJobsMonitor, PermMeRead, PermMeUpdate, PermRelationsManage,
	PermSuppliersCreate, PermSuppliersRead, PermSuppliersList, PermSuppliersUpdate, PermSuppliersUpdateProfile, PermSuppliersMerge,
	PermNominationsCreate, PermNominationsRead, PermNominationsList, PermNominationsDecide, PermNominationsWithdraw,
	PermPrevalenceRead, PermPrevalenceUpdate,
	PermAuditsSchedule, PermAuditsRead, PermAuditsList, PermAuditsStart, PermAuditsSubmit, PermAuditsPublish, PermAuditsCancel,
	PermFindingsRecord, PermFindingsRead, PermFindingsList, PermFindingsRespond,
	PermActionsRead, PermActionsList, PermActionsUpdate, PermActionsVerify,
	PermEvidenceUpload, PermEvidenceRead,
	PermAuditSettingsRead, PermAuditSettingsUpdate,
	PermCasesOpen, PermCasesRead, PermCasesList, PermCasesExport, PermCasesReadIdentity, PermCasesUpdate,
	PermCasesUpdateIdentity, PermCasesAssign, PermCasesRequestApproval, PermCasesApprove, PermCasesReopen,
	PermStipendsRead, PermStipendsList, PermStipendsTerms, PermStipendsRecord, PermStipendsConfirm,
	PermObligationsList, PermObligationsReport, PermObligationsConfirm,
	PermFollowUpsRead, PermFollowUpsRecord, PermFollowUpsListDue, PermCaseSettingsRead, PermCaseSettingsUpdate,
	PermLawRead, PermLawClassify,
	PermDirectoryRead, PermDirectoryEdit, PermDirectoryImport, PermDirectoryExport, PermDirectorySettings,
	PermReferralsCreate, PermReferralsRead, PermReferralsList, PermReferralsReadView, PermReferralsAnswer, PermReferralsRevoke,
	PermReferralsOverrideConsent, PermReferralsWebhooks, PermReferralsWebhookResend,
}

var known = func() map[Permission]bool {
	m := make(map[Permission]bool, len(all))
	for _, p := range all {
		m[p] = true
	}
	return m
}()

// All lists every permission, so start-up checks can refuse a route that
// declares an unknown one.
func All() []Permission { return append([]Permission(nil), all...) }

// Valid reports whether p is a known permission.
func (p Permission) Valid() bool { return known[p] }

// Resource returns the part before the colon, e.g. "organisations".
func (p Permission) Resource() string {
	r, _, _ := strings.Cut(string(p), ":")
	return r
}

// Action returns the part after the colon, e.g. "create".
func (p Permission) Action() string {
	_, a, _ := strings.Cut(string(p), ":")
	return a
}
