package domain

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// OrgKind is the kind of party an organisation is (design §1).
type OrgKind string

// Organisation kinds.
const (
	KindOperator OrgKind = "operator" // the NGO running the hub
	KindBrand    OrgKind = "brand"
	KindSupplier OrgKind = "supplier" // a factory's own organisation
	KindAgency   OrgKind = "agency"   // a government agency or service provider
	KindPlatform OrgKind = "platform" // the platform's own staff
)

// OrgKinds lists every kind, for validation and documentation.
var OrgKinds = []OrgKind{KindOperator, KindBrand, KindSupplier, KindAgency, KindPlatform}

// Role is a user's one role. Each role belongs to one organisation kind.
type Role string

// Roles.
const (
	RoleHubAdmin        Role = "hub_admin"
	RoleAuditor         Role = "auditor"
	RoleCaseWorker      Role = "case_worker"
	RoleBrandManager    Role = "brand_manager"
	RoleBrandViewer     Role = "brand_viewer"
	RoleSupplierManager Role = "supplier_manager"
	RoleAgencyOfficer   Role = "agency_officer"
	RolePlatformAdmin   Role = "platform_admin"
)

// Roles lists every role.
var Roles = []Role{RoleHubAdmin, RoleAuditor, RoleCaseWorker, RoleBrandManager, RoleBrandViewer,
	RoleSupplierManager, RoleAgencyOfficer, RolePlatformAdmin}

// KindOf returns the organisation kind a role belongs to.
func (r Role) KindOf() OrgKind {
	switch r {
	case RoleHubAdmin, RoleAuditor, RoleCaseWorker:
		return KindOperator
	case RoleBrandManager, RoleBrandViewer:
		return KindBrand
	case RoleSupplierManager:
		return KindSupplier
	case RoleAgencyOfficer:
		return KindAgency
	case RolePlatformAdmin:
		return KindPlatform
	}
	return ""
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Valid reports whether k is a known organisation kind.
func (k OrgKind) Valid() bool { return slices.Contains(OrgKinds, k) }

// Hub is one Child Rights Action Hub network member (e.g. Pakistan), with its
// cities and the provinces whose law applies there.
type Hub struct {
	ID        string
	Version   int64
	Code      string // short unique code, e.g. "PK"; prefixes case and grievance codes
	Name      string
	Country   string // ISO 3166-1 alpha-2
	TimeZone  string // IANA name, e.g. Asia/Karachi: used for display and due dates
	Cities    []City
	Created   time.Time
	CreatedBy string
}

// City is a hub city and the province whose law applies.
type City struct {
	Name     string
	Province string
}

// Organisation is a party: the operator, a brand, a supplier's own
// organisation, an agency or the platform.
type Organisation struct {
	ID        string
	Version   int64
	Kind      OrgKind
	Name      string
	HubIDs    []string // the hubs it works in; empty only for the platform
	Disabled  bool
	Created   time.Time
	CreatedBy string
}

// User is a person with one role in one organisation.
type User struct {
	ID           string
	Version      int64
	Email        string // lower-cased; unique
	Name         string
	Role         Role
	OrgID        string
	HubIDs       []string // copied from the organisation, for scope filters
	PasswordHash string   // argon2id, PHC string; never leaves the store layer
	Disabled     bool
	Created      time.Time
	CreatedBy    string
	// Language is the language the person chose for the pages, kept so a
	// sign-in on another device finds it; "" for people who never chose.
	Language Language `json:",omitempty"`
}

// Language is a language the pages are written in.
type Language string

// The pages' languages.
const (
	LangEnglish Language = "en"
	LangUrdu    Language = "ur"
)

// Languages lists the pages' languages, English (the fallback) first.
var Languages = []Language{LangEnglish, LangUrdu}

// Valid reports whether l is one of the pages' languages.
func (l Language) Valid() bool { return slices.Contains(Languages, l) }

var (
	emailPattern   = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	hubCodePattern = regexp.MustCompile(`^[A-Z]{2,5}$`)
)

// NormalizeEmail lower-cases and trims an e-mail address.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidateName checks a display name: 1 to 200 characters after trimming.
func ValidateName(field, s string, v *ValidationError) {
	n := utf8.RuneCountInString(strings.TrimSpace(s))
	if n == 0 {
		v.Add(field, "is required")
	} else if n > 200 {
		v.Add(field, "must be at most 200 characters")
	} else if strings.ContainsFunc(s, unicode.IsControl) {
		// A name goes into e-mail subjects, file names and exports as it is.
		v.Add(field, "must be one line, without control characters")
	}
}

// ValidateEmail checks an address after NormalizeEmail.
func ValidateEmail(field, s string, v *ValidationError) {
	if len(s) > 254 || !emailPattern.MatchString(s) {
		v.Add(field, "is not an e-mail address")
	}
}

// ValidatePassword enforces a minimum length; long passphrases beat rules.
func ValidatePassword(field, s string, v *ValidationError) {
	n := utf8.RuneCountInString(s)
	if n < 12 {
		v.Add(field, "must be at least 12 characters")
	} else if n > 256 {
		v.Add(field, "must be at most 256 characters")
	}
}

// ValidateHubCode checks a hub code: 2 to 5 upper-case letters.
func ValidateHubCode(field, s string, v *ValidationError) {
	if !hubCodePattern.MatchString(s) {
		v.Add(field, "must be 2 to 5 upper-case letters")
	}
}

// CheckRoleFitsOrg refuses a role that does not belong to the organisation's kind
// (an auditor must work for the operator, a brand manager for a brand).
func CheckRoleFitsOrg(role Role, org OrgKind, v *ValidationError) {
	if !role.Valid() {
		v.Add("role", "is not a known role")
		return
	}
	if role.KindOf() != org {
		v.Add("role", "role "+string(role)+" cannot belong to a "+string(org)+" organisation")
	}
}

// Session is a logged-in user's bearer token. The token is "<ID>.<secret>";
// only a keyed hash of the secret is stored, and the session is found by ID,
// never by scanning. Deleting it logs the user out at once.
type Session struct {
	ID         string
	Version    int64
	UserID     string
	SecretHash string
	Created    time.Time
	Expires    time.Time
}

// APIKey is a machine client's credential, acting as its user. Shown once at
// creation; stored as a keyed hash; revocable.
type APIKey struct {
	ID         string
	Version    int64
	UserID     string
	OrgID      string
	Name       string
	SecretHash string
	Created    time.Time
	Revoked    bool
	RevokedAt  time.Time
	Expires    time.Time // zero: no expiry
}

// Session and token lifetimes.
const (
	SessionLifetime = 12 * time.Hour
	// MaxAPIKeyLifetime bounds an API key's expiry, so no key is forgotten
	// forever once someone chooses to give it one.
	MaxAPIKeyLifetime = 365 * 24 * time.Hour
)

// ActivityEntry is one line of the activity log: every write, and every read of
// a child's identity.
type ActivityEntry struct {
	ID        string // time-ordered
	Time      time.Time
	ActorID   string // user ID, or "" for the public and the system
	OrgID     string // the actor's organisation
	Action    string // e.g. "organisations.create"
	Object    string // e.g. "org:0190…"
	RequestID string
	IP        string
}

// OrgHub links an organisation to a hub it works in. Organisations of a hub
// are listed through these links (an array cannot be indexed portably).
type OrgHub struct {
	ID      string // OrgID + "|" + HubID
	OrgID   string
	HubID   string
	Kind    OrgKind
	Name    string // the organisation's, for a search by name within the hub
	Created time.Time
}

// UserHub links a person to a hub their organisation works in, so hub
// admins can list the people of their hub by role.
type UserHub struct {
	ID      string // UserID + "|" + HubID
	UserID  string
	HubID   string
	OrgID   string
	Role    Role
	Created time.Time
}

// Notification is a message to a person, kept in an outbox: written with the
// change that causes it, delivered by a job, retried by a sweep until sent.
type Notification struct {
	ID       string
	Version  int64
	To       string // e-mail address
	Subject  string
	Body     string
	Status   string // pending, sent, failed
	Attempts int
	Created  time.Time
	SentAt   time.Time
	LastErr  string
	// ClaimedUntil: a delivery is sending it until then (see notify.Outbox.Deliver).
	ClaimedUntil time.Time
}

// Notification statuses.
const (
	NotificationPending = "pending"
	NotificationSent    = "sent"
	NotificationFailed  = "failed" // gave up after repeated delivery errors
)
