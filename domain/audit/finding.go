package audit

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/actionhub/actionhub/domain"
)

// Category is what a finding is about (design §2, step 3).
type Category string

// Finding categories.
const (
	ChildLabour              Category = "child_labour"
	YoungWorkerHazardous     Category = "young_worker_hazardous" // hazardous work by a worker under 18
	ForcedBondedLabour       Category = "forced_bonded_labour"
	Wages                    Category = "wages"
	WorkingHours             Category = "working_hours"
	HarassmentGBV            Category = "harassment_gbv"
	DiscriminationUnequalPay Category = "discrimination_unequal_pay"
	HealthSafety             Category = "health_safety"
	AgeVerification          Category = "age_verification"
	GrievanceMechanism       Category = "grievance_mechanism"
	OtherCategory            Category = "other"
)

// Categories lists every finding category.
var Categories = []Category{ChildLabour, YoungWorkerHazardous, ForcedBondedLabour, Wages, WorkingHours,
	HarassmentGBV, DiscriminationUnequalPay, HealthSafety, AgeVerification, GrievanceMechanism, OtherCategory}

// Valid reports whether c is a known category.
func (c Category) Valid() bool { return slices.Contains(Categories, c) }

// AlwaysCritical reports whether findings of c are critical whatever the
// auditor judges: child labour and forced or bonded labour (design §2), and
// hazardous work by a young worker, a worst form of child labour (ILO
// C182, art. 3(d)) that every provincial Act bans under 18 with its
// heaviest penalty.
func (c Category) AlwaysCritical() bool {
	return c == ChildLabour || c == ForcedBondedLabour || c == YoungWorkerHazardous
}

// AlwaysZeroTolerance reports whether findings of c always carry the
// zero-tolerance flag (amfori: flagrant child labour, bonded labour). For a
// young worker in hazardous work, and for other categories (an imminent
// risk to life, bribery of the auditor), the auditor sets it.
func (c Category) AlwaysZeroTolerance() bool { return c == ChildLabour || c == ForcedBondedLabour }

// CaseDue reports whether a finding of c must open a case for the child or
// young worker found (design §2, step 5).
func (c Category) CaseDue() bool { return c == ChildLabour || c == YoungWorkerHazardous }

// Severity is how grave a finding is (SMETA), observation being a note of
// good practice to improve, not a breach.
type Severity string

// Severities, gravest first.
const (
	Critical    Severity = "critical"
	Major       Severity = "major"
	Minor       Severity = "minor"
	Observation Severity = "observation"
)

// Severities lists every severity, gravest first.
var Severities = []Severity{Critical, Major, Minor, Observation}

// Valid reports whether s is a known severity.
func (s Severity) Valid() bool { return slices.Contains(Severities, s) }

// AgeBands counts workers by age. The bands meet every province's law: under
// 14 is a child everywhere; 14 is a child in Punjab and an adolescent in
// Sindh and Khyber Pakhtunkhwa; 15 to 17 is an adolescent everywhere, barred
// from hazardous work.
type AgeBands struct {
	Under14   int
	Age14     int
	Age15To17 int
	Adult     int // 18 and over
}

// Total is the number of workers in every band.
func (b AgeBands) Total() int { return b.Under14 + b.Age14 + b.Age15To17 + b.Adult }

// Under18 is the number of children and adolescents.
func (b AgeBands) Under18() int { return b.Under14 + b.Age14 + b.Age15To17 }

// Affected counts the workers a finding concerns, by sex and age band, so
// that indicators can be split both ways.
type Affected struct {
	Female AgeBands
	Male   AgeBands
	Other  AgeBands
}

// Total is the number of workers affected.
func (a Affected) Total() int { return a.Female.Total() + a.Male.Total() + a.Other.Total() }

// Details are the auditor's record of a finding.
type Details struct {
	Category      Category
	Severity      Severity // left empty, an always-critical category fills it
	ZeroTolerance bool     // set automatically for child and bonded labour
	Description   string
	Location      string // where in the facility, e.g. "stitching hall, second floor"
	Affected      Affected
	RootCause     string
	// LegalProvision is the ID of the provision breached, from the law pack
	// of the supplier's province in force on the audit's day
	// ("punjab.child_employment"); see CiteProvision. A finding recorded
	// before law packs holds free text here and LegalPack is empty.
	LegalProvision string
	// LegalProvisionNote is the auditor's free text on the law: a section,
	// or a law no pack holds (minimum wages, safety).
	LegalProvisionNote string
	// LegalPack and LegalCitation are what CiteProvision found: the pack
	// (e.g. "punjab/1") and the provision's citation, kept so the finding
	// reads the same when a later pack replaces this one.
	LegalPack, LegalCitation string
	// Collaborative: "collaborative action required" (SMETA 7): the site
	// cannot fix it alone, so its correction has no fixed deadline and is
	// shared with the linked brands.
	Collaborative bool
}

// Limits on a finding's text and counts.
const (
	maxDescription = 5000
	maxShortText   = 300
	maxCount       = 100_000
	maxEvidence    = 50
)

// Normalize fills what the category decides and returns a validation error
// listing every field at fault. An always-critical category with no
// severity becomes critical; with a lower one it is refused rather than
// raised, because a lower severity shows the auditor misread the category
// and a silent change would hide it. A zero-tolerance finding must be
// critical: it is escalated at once.
func (d *Details) Normalize() error {
	v := &domain.ValidationError{}
	if !d.Category.Valid() {
		v.Add("category", "must be one of "+join(Categories))
	}
	if d.Severity == "" && d.Category.AlwaysCritical() {
		d.Severity = Critical
	}
	switch {
	case !d.Severity.Valid():
		v.Add("severity", "must be one of "+join(Severities))
	case d.Category.AlwaysCritical() && d.Severity != Critical:
		v.Add("severity", fmt.Sprintf("must be critical: %s is always critical", d.Category))
	}
	if d.Category.AlwaysZeroTolerance() {
		d.ZeroTolerance = true
	}
	if d.ZeroTolerance && !d.Category.AlwaysCritical() && d.Severity.Valid() && d.Severity != Critical {
		v.Add("zero_tolerance", "is only for critical findings")
	}
	d.Description = strings.TrimSpace(d.Description)
	d.Location = strings.TrimSpace(d.Location)
	d.RootCause = strings.TrimSpace(d.RootCause)
	d.LegalProvision = strings.TrimSpace(d.LegalProvision)
	d.LegalProvisionNote = strings.TrimSpace(d.LegalProvisionNote)
	switch {
	case d.Description == "":
		v.Add("description", "is required")
	case utf8.RuneCountInString(d.Description) > maxDescription:
		v.Add("description", fmt.Sprintf("must be at most %d characters", maxDescription))
	}
	if utf8.RuneCountInString(d.RootCause) > maxDescription {
		v.Add("root_cause", fmt.Sprintf("must be at most %d characters", maxDescription))
	}
	for field, s := range map[string]string{"location": d.Location, "legal_provision": d.LegalProvision, "legal_provision_note": d.LegalProvisionNote} {
		if utf8.RuneCountInString(s) > maxShortText {
			v.Add(field, fmt.Sprintf("must be at most %d characters", maxShortText))
		}
	}
	for sex, b := range map[string]AgeBands{"female": d.Affected.Female, "male": d.Affected.Male, "other": d.Affected.Other} {
		for band, n := range map[string]int{"under_14": b.Under14, "age_14": b.Age14, "age_15_17": b.Age15To17, "adult": b.Adult} {
			if n < 0 || n > maxCount {
				v.Add("affected."+sex+"."+band, fmt.Sprintf("must be from 0 to %d", maxCount))
			}
		}
	}
	if d.Collaborative && d.Severity == Observation {
		v.Add("collaborative", "is for findings that need a correction, not observations")
	}
	sortFields(v)
	return v.OrNil()
}

// sortFields keeps field errors in a stable order, since some were found
// walking maps.
func sortFields(v *domain.ValidationError) {
	slices.SortStableFunc(v.Fields, func(a, b domain.FieldError) int { return strings.Compare(a.Field, b.Field) })
}

// ResponseKind is the site's position on a published finding.
type ResponseKind string

// Site responses.
const (
	Agree   ResponseKind = "agree"
	Dispute ResponseKind = "dispute"
)

// ResponseKinds lists the site's possible positions.
var ResponseKinds = []ResponseKind{Agree, Dispute}

// Response is the site's answer to a finding.
type Response struct {
	Kind   ResponseKind
	Reason string // required to dispute
	By     string
	At     time.Time
}

// Finding is one thing an audit found at the supplier.
type Finding struct {
	ID         string
	Version    int64
	HubID      string
	AuditID    string
	SupplierID string
	Details
	Evidence   []Evidence
	Response   Response // zero until the site answers
	CaseDue    bool     // a case must be opened for the child or young worker found
	CaseID     string   // the case opened from it, once it is
	RecordedBy string
	// ZeroToleranceNotified is when the escalation of a zero-tolerance
	// finding went out, so that it goes out once.
	ZeroToleranceNotified time.Time
	Created               time.Time
	Updated               time.Time
}

// CheckRecording returns nil when by may record findings and their evidence
// on a: an auditor on its team while it is in progress. Otherwise an error
// wrapping domain.ErrForbidden for anyone else, or domain.ErrConflict
// naming the audit's state.
func CheckRecording(a Audit, by domain.Actor) error {
	if by.Role != domain.RoleAuditor || !a.OnTeam(by.UserID) {
		return forbidden("Only an auditor on this audit's team records its findings.")
	}
	if a.State != StateInProgress {
		return domain.Conflictf("The audit is %s, and findings are recorded only while it is in_progress.", a.State)
	}
	return nil
}

// NewFinding records a finding on audit a. It returns the errors of
// CheckRecording and Details.Normalize.
func NewFinding(a Audit, id string, d Details, by domain.Actor, at time.Time) (Finding, error) {
	if err := CheckRecording(a, by); err != nil {
		return Finding{}, err
	}
	if err := d.Normalize(); err != nil {
		return Finding{}, err
	}
	return Finding{
		ID: id, HubID: a.HubID, AuditID: a.ID, SupplierID: a.SupplierID, Details: d,
		CaseDue: d.Category.CaseDue(), RecordedBy: by.UserID, Created: at, Updated: at,
	}, nil
}

// Revise replaces the auditor's record, under the same rules as NewFinding.
func (f *Finding) Revise(a Audit, d Details, by domain.Actor, at time.Time) error {
	if err := CheckRecording(a, by); err != nil {
		return err
	}
	if err := d.Normalize(); err != nil {
		return err
	}
	f.Details, f.CaseDue, f.Updated = d, d.Category.CaseDue(), at
	return nil
}

// AddEvidence attaches a file the auditor uploaded, under CheckRecording's
// rules; a validation error when the finding has its fill of files.
func (f *Finding) AddEvidence(a Audit, e Evidence, by domain.Actor) error {
	if err := CheckRecording(a, by); err != nil {
		return err
	}
	if len(f.Evidence) >= maxEvidence {
		return domain.Invalid("file", fmt.Sprintf("a finding holds at most %d files", maxEvidence))
	}
	f.Evidence = append(f.Evidence, e)
	f.Updated = e.Created
	return nil
}

// Respond records the site agreeing with or disputing a finding of a, which
// must be published: the site answers results it has seen. Only the
// supplier's manager answers, once; a change of mind goes through the hub.
// It returns domain.ErrForbidden for another role, domain.ErrConflict
// before publication or after an answer, and a validation error for an
// unknown kind or a dispute without a reason.
func (f *Finding) Respond(a Audit, kind ResponseKind, reason string, by domain.Actor, at time.Time) error {
	if by.Role != domain.RoleSupplierManager {
		return forbidden("Only the supplier's manager answers a finding.")
	}
	if a.State != StatePublished {
		return domain.Conflictf("The audit is %s, and a finding is answered once published.", a.State)
	}
	if f.Response.Kind != "" {
		return domain.Conflictf("The site already answered %s to this finding.", f.Response.Kind)
	}
	reason = strings.TrimSpace(reason)
	switch {
	case kind != Agree && kind != Dispute:
		return domain.Invalid("kind", "must be agree or dispute")
	case kind == Dispute && reason == "":
		return domain.Invalid("reason", "is required to dispute a finding")
	case utf8.RuneCountInString(reason) > maxReason:
		return domain.Invalid("reason", fmt.Sprintf("must be at most %d characters", maxReason))
	}
	f.Response, f.Updated = Response{Kind: kind, Reason: reason, By: by.UserID, At: at}, at
	return nil
}
