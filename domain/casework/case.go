package casework

import (
	"slices"
	"strings"
	"time"

	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/law"
)

// Status is whether a case is open or closed, kept apart from its Stage.
type Status string

// Case statuses.
const (
	StatusOpen   Status = "open"
	StatusClosed Status = "closed"
)

// Statuses lists every status.
var Statuses = []Status{StatusOpen, StatusClosed}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Source is how the child came to the hub's notice.
type Source string

// Case sources.
const (
	SourceFinding   Source = "finding"   // an auditor's finding whose category is case due
	SourceGrievance Source = "grievance" // a grievance (the grievances issue links it)
	SourceOutreach  Source = "outreach"  // the hub's own outreach in the community
)

// Sources lists every source.
var Sources = []Source{SourceFinding, SourceGrievance, SourceOutreach}

// Valid reports whether s is a known source.
func (s Source) Valid() bool { return slices.Contains(Sources, s) }

// AgeMethod is how the age was verified. In one remediation programme 29%
// of notifications involved false identity documents, so the method is
// always recorded (domain reference, "Case work").
type AgeMethod string

// Age verification methods.
const (
	AgeBirthCertificate AgeMethod = "birth_certificate"
	AgeBForm            AgeMethod = "b_form" // NADRA Child Registration Certificate
	AgeSchoolRecord     AgeMethod = "school_record"
	AgeMedicalEstimate  AgeMethod = "medical_estimate"
	AgeInterview        AgeMethod = "interview"
)

// AgeMethods lists every method.
var AgeMethods = []AgeMethod{AgeBirthCertificate, AgeBForm, AgeSchoolRecord, AgeMedicalEstimate, AgeInterview}

// Valid reports whether m is a known method.
func (m AgeMethod) Valid() bool { return slices.Contains(AgeMethods, m) }

// Sex of the child, as the finding's counts split it.
type Sex string

// Sexes.
const (
	SexFemale Sex = "female"
	SexMale   Sex = "male"
	SexOther  Sex = "other"
)

// Sexes lists every sex.
var Sexes = []Sex{SexFemale, SexMale, SexOther}

// Valid reports whether s is a known sex.
func (s Sex) Valid() bool { return slices.Contains(Sexes, s) }

// AgeBand is the band a brand sees instead of an age, the same bands as a
// finding's counts (audit.AgeBands), which meet every province's law.
type AgeBand string

// Age bands.
const (
	BandUnknown AgeBand = "unknown"
	BandUnder14 AgeBand = "under_14"
	Band14      AgeBand = "age_14"
	Band15To17  AgeBand = "age_15_17"
	BandAdult   AgeBand = "adult"
)

// BandOf returns the band of an age in whole years; 0 is not known.
func BandOf(years int) AgeBand {
	switch {
	case years <= 0:
		return BandUnknown
	case years < 14:
		return BandUnder14
	case years == 14:
		return Band14
	case years < 18:
		return Band15To17
	}
	return BandAdult
}

// Identity is who the child is: kept in clear only in memory and sealed by
// the store before it is written. Only the roles policies grant
// identity to (through IdentityScope) receive it, and every such read is
// written to the activity log.
type Identity struct {
	ChildName    string
	GuardianName string // father's or guardian's
	// BirthDate is optional: many children have no document.
	BirthDate       audit.Date
	Address         string
	Phone           string
	PhotoBlobID     string // optional; the photo is a blob read with identity-level access
	FamilySituation string
	SchoolHistory   string
	Languages       []string
}

// Values lists the identity's text values, for tests and checks that look
// for any of them where they must not be.
func (id Identity) Values() []string {
	out := []string{}
	for _, s := range append([]string{id.ChildName, id.GuardianName, string(id.BirthDate), id.Address, id.Phone,
		id.PhotoBlobID, id.FamilySituation, id.SchoolHistory}, id.Languages...) {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// Child is the facts about the child kept in clear: no one can be singled
// out by them.
type Child struct {
	// AgeYears is the age in whole years on the day of identification,
	// estimated or from the date of birth; 0 is not known.
	AgeYears int
	// AgeMethod is how the age was verified; empty until it is.
	AgeMethod AgeMethod
	// SuspectedFalseDocument: the document shown is thought to be false.
	SuspectedFalseDocument bool
	Sex                    Sex
	Schooling              law.Schooling
}

// Work is the child's work at the supplier, as found.
type Work struct {
	// Sector is the supplier's sub-sector code as the law catalogue names it
	// (e.g. leather_tanning), copied when the case is opened so that the
	// classification is reproducible.
	Sector string
	// Tasks are catalogue codes or free text.
	Tasks []law.Task
	// Hazards are observed exposures or processes, as catalogue codes.
	Hazards []string
	// Days are worked days with their shifts; DaysPerWeek 0 is not known.
	Days        []law.Day
	DaysPerWeek int
	// WageMonthlyPKR is what the child earns a month: a stipend below it
	// makes remediation fail (domain reference).
	WageMonthlyPKR   int64
	Since            audit.Date // when the child started; empty if not known
	RecruitedHow     string
	Debt             *law.Debt // an advance (peshgi) or loan; nil if none
	FamilyEnterprise bool
}

// Classification is the case's classification under the pack in force on
// the day of identification, which the case keeps (PackID) even after a new
// pack comes into force.
type Classification struct {
	PackID     string // law.Pack.ID(), e.g. "punjab/1"
	Class      law.Class
	Applies    []law.Class
	Reasons    []string
	Provisions []string
	Notes      []string
	SchoolAge  bool
}

// Hazardous reports whether the class is a worst form or hazardous work by
// a young worker: the child must be out of the work within 24 hours.
func (c Classification) Hazardous() bool {
	return c.Class.WorstForm() || slices.Contains(c.Applies, law.YoungWorkerHazardous)
}

// ConsentAnswer is a consent given or refused.
type ConsentAnswer string

// Consent answers.
const (
	ConsentGiven   ConsentAnswer = "given"
	ConsentRefused ConsentAnswer = "refused"
)

// ConsentAnswers lists both answers.
var ConsentAnswers = []ConsentAnswer{ConsentGiven, ConsentRefused}

// ConsentRecord is one consent: the answer, who gave it as a relation to
// the child ("child", "mother", "guardian": never a name, which is
// identity), who recorded it and when. The zero value is not asked yet.
type ConsentRecord struct {
	Answer     ConsentAnswer
	By         string
	RecordedBy string
	At         time.Time
}

// Given reports whether consent was given.
func (r ConsentRecord) Given() bool { return r.Answer == ConsentGiven }

// Consent holds the two consents the reference names.
type Consent struct {
	Services   ConsentRecord // consent_for_services
	Disclosure ConsentRecord // disclosure_to_other_organisations
}

// RiskLevel is the best-interest assessment's judgement of the risk to the child.
type RiskLevel string

// Risk levels.
const (
	RiskLow      RiskLevel = "low"
	RiskMedium   RiskLevel = "medium"
	RiskHigh     RiskLevel = "high"
	RiskCritical RiskLevel = "critical"
)

// RiskLevels lists every level.
var RiskLevels = []RiskLevel{RiskLow, RiskMedium, RiskHigh, RiskCritical}

// Valid reports whether r is a known level.
func (r RiskLevel) Valid() bool { return slices.Contains(RiskLevels, r) }

// Assessment is the best-interest assessment. Zero until recorded.
type Assessment struct {
	Risk    RiskLevel
	Summary string
	Needs   string
	By      string
	At      time.Time
}

// Recorded reports whether an assessment was recorded.
func (a Assessment) Recorded() bool { return a.Risk != "" }

// ImmediateAction is what was done at once to make the child safe. Zero
// until recorded.
type ImmediateAction struct {
	// RemovedAt is when the child was removed from hazardous work; zero when
	// not (yet) removed or not needed.
	RemovedAt         time.Time
	SafeguardingNotes string
	By                string
	At                time.Time
}

// Recorded reports whether an immediate action was recorded.
func (a ImmediateAction) Recorded() bool { return !a.At.IsZero() }

// Change is one entry of a case's history: who changed which fields, when.
// Field names only: a value may be identity.
type Change struct {
	By     string
	At     time.Time
	What   string   // e.g. "identity", "plan_action", "reopen"
	Fields []string // the field names changed
	Note   string   // a reason given (reopen, rejection); never identity
}

// Case is one child found in work (or a young worker in hazardous work).
type Case struct {
	ID      string
	Version int64
	HubID   string
	// Code is the case's public name, e.g. MUX-2026-00042; everyone who may
	// know of the case sees it.
	Code       string
	SupplierID string
	Source     Source
	SourceID   string // the finding's (or grievance's) ID; empty for outreach
	Status     Status
	Stage      Stage // derived by DeriveStage after every change; never set by hand
	OpenedBy   string
	AssignedTo string // the case worker; empty until assigned
	// Identified is when the child was identified; the pack in force that
	// day classifies the case, and the 24-hour rule counts from it.
	Identified time.Time

	// Identity is nil when not held: in a view without identity, or a case
	// whose identity was purged after retention.
	Identity *Identity

	Child          Child
	Work           Work
	Jurisdiction   law.Jurisdiction // of the supplier's province
	Classification Classification
	Consent        Consent
	Assessment     Assessment
	Immediate      ImmediateAction
	Plan           []PlanAction
	Approvals      Approvals
	Closure        Closure

	// Follow-up facts, maintained by the follow-ups: FollowUps is how many
	// visits were recorded, FollowUpStreak how many consecutive visits found
	// the child out of child labour and in education or permitted work,
	// ContactAttempts how many consecutive tries failed to reach the child.
	FollowUps       int
	FollowUpStreak  int
	ContactAttempts int
	NextFollowUpDue audit.Date
	// FollowUpMade is the due day whose follow-up the schedule sweep made,
	// the sweep's mark: while it differs from NextFollowUpDue the case's
	// next follow-up is still to be made.
	FollowUpMade audit.Date
	// IdentityPurged is when the retention purge cleared the identity;
	// zero while it is held.
	IdentityPurged time.Time
	// StipendLate: a stipend payment is late or missed (the stipend ledger sets it).
	StipendLate bool

	History []Change
	Created time.Time
	Updated time.Time
}

// AgeBand is the band of the child's age.
func (c *Case) AgeBand() AgeBand { return BandOf(c.Child.AgeYears) }

// Record appends a history entry (field names only, a note that is never
// identity) and re-derives the stage: the hook for rules kept elsewhere
// (follow-ups, the stipend ledger) that change FollowUps, FollowUpStreak,
// ContactAttempts, NextFollowUpDue or StipendLate. It refuses a closed
// case with a conflict.
func (c *Case) Record(by string, at time.Time, what, note string, fields ...string) error {
	if err := c.checkOpen(); err != nil {
		return err
	}
	c.record(by, at, what, note, fields...)
	return nil
}

// record appends a history entry and re-derives the stage.
func (c *Case) record(by string, at time.Time, what, note string, fields ...string) {
	c.History = append(c.History, Change{By: by, At: at, What: what, Fields: fields, Note: note})
	c.Updated = at
	c.Stage = DeriveStage(*c)
}
