package casework

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/law"
)

// SectorCode is the law catalogue's sector code for a supplier's
// sub-sector, for Schedules that make a whole sector hazardous (Punjab:
// every leather-tanning process); "" when no pack names the sector.
func SectorCode(subSector string) string {
	if subSector == "tannery" {
		return "leather_tanning"
	}
	return ""
}

// Opening is what a case is opened with.
type Opening struct {
	ID         string
	HubID      string
	Code       string
	SupplierID string
	Source     Source
	SourceID   string
	// Identified is when the child was identified; not in the future.
	Identified time.Time
	// Pack is the law pack in force on the day of identification in the
	// supplier's province (law.PackFor); the case keeps its ID.
	Pack     law.Pack
	Identity Identity
	Child    Child
	Work     Work
}

// Open opens a case, classifies it under the pack and derives its stage.
// It returns a validation error naming every field at fault.
func Open(o Opening, by string, at time.Time) (Case, error) {
	v := &domain.ValidationError{}
	if !o.Source.Valid() {
		v.Add("source", "must be one of "+join(Sources))
	}
	if o.Source != SourceOutreach && o.SourceID == "" {
		v.Add("source_id", "is required for a case from a "+string(o.Source))
	}
	if o.Identified.IsZero() {
		o.Identified = at
	} else if o.Identified.After(at) {
		v.Add("identified", "must not be in the future")
	}
	validateIdentity(v, &o.Identity, o.Identified)
	validateFacts(v, &o.Child, &o.Work)
	if err := v.OrNil(); err != nil {
		return Case{}, err
	}
	id := o.Identity
	c := Case{
		ID: o.ID, HubID: o.HubID, Code: o.Code, SupplierID: o.SupplierID, Source: o.Source, SourceID: o.SourceID,
		Status: StatusOpen, OpenedBy: by, Identified: o.Identified.UTC(), Identity: &id,
		Child: o.Child, Work: o.Work, Jurisdiction: o.Pack.Jurisdiction, Created: at,
	}
	c.deriveAge()
	c.classify(o.Pack)
	c.record(by, at, "opened", "", "case")
	return c, nil
}

// Facts are the clear facts an editor replaces at once.
type Facts struct {
	Child Child
	Work  Work
}

// UpdateFacts replaces the child's clear facts and the work, and
// classifies again under the case's own pack (the one in force on the day
// of identification). It returns a validation error naming every field at
// fault, a conflict on a closed case, and an error if the case's pack is
// not known (a programming error).
func (c *Case) UpdateFacts(f Facts, by string, at time.Time) error {
	if err := c.checkOpen(); err != nil {
		return err
	}
	v := &domain.ValidationError{}
	validateFacts(v, &f.Child, &f.Work)
	if err := v.OrNil(); err != nil {
		return err
	}
	p, err := c.Pack()
	if err != nil {
		return err
	}
	f.Work.Sector = c.Work.Sector // the supplier's, not the editor's
	c.Child, c.Work = f.Child, f.Work
	c.deriveAge()
	c.classify(p)
	c.record(by, at, "facts", "", "child", "work", "classification")
	return nil
}

// SetIdentity replaces the identity. It returns a validation error naming
// every field at fault and a conflict on a closed case.
func (c *Case) SetIdentity(id Identity, by string, at time.Time) error {
	if err := c.checkOpen(); err != nil {
		return err
	}
	v := &domain.ValidationError{}
	validateIdentity(v, &id, c.Identified)
	if err := v.OrNil(); err != nil {
		return err
	}
	if c.Identity != nil {
		id.PhotoBlobID = c.Identity.PhotoBlobID // the photo changes through its upload
	}
	c.Identity = &id
	if c.deriveAge() {
		p, err := c.Pack()
		if err != nil {
			return err
		}
		c.classify(p)
	}
	c.record(by, at, "identity", "", "identity")
	return nil
}

// SetPhoto records the blob ID of the child's photo (empty removes it).
// It returns a conflict on a closed case or one without identity.
func (c *Case) SetPhoto(blobID, by string, at time.Time) error {
	if err := c.checkOpen(); err != nil {
		return err
	}
	if c.Identity == nil {
		return domain.Conflictf("The case holds no identity to add a photo to.")
	}
	c.Identity.PhotoBlobID = blobID
	c.record(by, at, "photo", "", "identity.photo")
	return nil
}

// ConsentKind names one of the two consents.
type ConsentKind string

// Consent kinds (domain reference, "Case work").
const (
	ConsentForServices ConsentKind = "consent_for_services"
	DisclosureToOthers ConsentKind = "disclosure_to_other_organisations"
)

// ConsentKinds lists both kinds.
var ConsentKinds = []ConsentKind{ConsentForServices, DisclosureToOthers}

// RecordConsent records one consent: the answer and who gave it as a
// relation to the child. It returns a validation error and a conflict on a
// closed case.
func (c *Case) RecordConsent(k ConsentKind, answer ConsentAnswer, givenBy, by string, at time.Time) error {
	if err := c.checkOpen(); err != nil {
		return err
	}
	givenBy = strings.TrimSpace(givenBy)
	v := &domain.ValidationError{}
	if k != ConsentForServices && k != DisclosureToOthers {
		v.Add("kind", "must be consent_for_services or disclosure_to_other_organisations")
	}
	if answer != ConsentGiven && answer != ConsentRefused {
		v.Add("answer", "must be given or refused")
	}
	switch {
	case givenBy == "":
		v.Add("by", "says who answered, as a relation to the child (child, mother, father, guardian)")
	case utf8.RuneCountInString(givenBy) > 40:
		v.Add("by", "is a relation to the child, at most 40 characters, not a name")
	}
	if err := v.OrNil(); err != nil {
		return err
	}
	r := ConsentRecord{Answer: answer, By: givenBy, RecordedBy: by, At: at}
	if k == ConsentForServices {
		c.Consent.Services = r
	} else {
		c.Consent.Disclosure = r
	}
	c.record(by, at, "consent", "", "consent."+string(k))
	return nil
}

// RecordAssessment records the best-interest assessment. A changed
// assessment needs approving again, so an earlier approval is cleared (the
// history keeps it). It returns a validation error, and a conflict on a
// closed case or while the assessment waits for a decision.
func (c *Case) RecordAssessment(a Assessment, by string, at time.Time) error {
	if err := c.checkOpen(); err != nil {
		return err
	}
	if c.Approvals.Assessment.State == ApprovalRequested {
		return domain.Conflictf("The assessment waits for approval; it changes after the decision.")
	}
	a.Summary, a.Needs = strings.TrimSpace(a.Summary), strings.TrimSpace(a.Needs)
	v := &domain.ValidationError{}
	if !a.Risk.Valid() {
		v.Add("risk", "must be one of "+join(RiskLevels))
	}
	if a.Summary == "" {
		v.Add("summary", "is required")
	}
	for f, s := range map[string]string{"summary": a.Summary, "needs": a.Needs} {
		if utf8.RuneCountInString(s) > maxText {
			v.Add(f, fmt.Sprintf("must be at most %d characters", maxText))
		}
	}
	if err := v.OrNil(); err != nil {
		return err
	}
	a.By, a.At = by, at
	c.Assessment, c.Approvals.Assessment = a, Approval{}
	c.record(by, at, "assessment", "", "assessment")
	return nil
}

// RecordImmediateAction records what was done at once: when the child was
// removed from hazardous work (not before identification, not in the
// future) and safeguarding notes. It returns a validation error and a
// conflict on a closed case.
func (c *Case) RecordImmediateAction(removedAt time.Time, notes, by string, at time.Time) error {
	if err := c.checkOpen(); err != nil {
		return err
	}
	notes = strings.TrimSpace(notes)
	v := &domain.ValidationError{}
	switch {
	case removedAt.IsZero():
	case removedAt.After(at):
		v.Add("removed_at", "must not be in the future")
	case removedAt.Before(c.Identified.Add(-24 * time.Hour)):
		v.Add("removed_at", "must not be before the child was identified")
	}
	if removedAt.IsZero() && notes == "" {
		v.Add("safeguarding_notes", "say what was done when the child was not removed from work")
	}
	if utf8.RuneCountInString(notes) > maxText {
		v.Add("safeguarding_notes", fmt.Sprintf("must be at most %d characters", maxText))
	}
	if err := v.OrNil(); err != nil {
		return err
	}
	c.Immediate = ImmediateAction{RemovedAt: removedAt.UTC(), SafeguardingNotes: notes, By: by, At: at}
	c.record(by, at, "immediate_action", "", "immediate")
	return nil
}

// Assign makes userID the case's case worker (the caller checks that the
// user is a case worker of the hub). It returns a conflict on a closed case.
func (c *Case) Assign(userID, by string, at time.Time) error {
	if err := c.checkOpen(); err != nil {
		return err
	}
	c.AssignedTo = userID
	c.record(by, at, "assigned", "", "assigned_to")
	return nil
}

// CheckVersion refuses an edit made on a version other than the stored
// one: two field officers editing the same case must not silently
// overwrite each other (Primero's issue #508).
func (c *Case) CheckVersion(read int64) error {
	if read != c.Version {
		return domain.Conflictf("The case changed since you read it (you read version %d; it is now at %d). Read it again and redo your change.", read, c.Version)
	}
	return nil
}

// Pack returns the law pack the case was classified under.
func (c *Case) Pack() (law.Pack, error) {
	j, n, ok := strings.Cut(c.Classification.PackID, "/")
	ver, err := strconv.Atoi(n)
	if !ok || err != nil {
		return law.Pack{}, fmt.Errorf("casework: case %s has no pack (%q)", c.ID, c.Classification.PackID)
	}
	return law.Embedded().Pack(law.Jurisdiction(j), ver)
}

// deriveAge sets the age from the date of birth on the day of
// identification, when the identity gives one; it reports whether the age
// changed.
func (c *Case) deriveAge() bool {
	if c.Identity == nil || c.Identity.BirthDate == "" {
		return false
	}
	s := law.Situation{BirthDate: c.Identity.BirthDate.Start(time.UTC), On: c.Identified}
	years, ok := s.Age()
	if !ok || years == c.Child.AgeYears {
		return false
	}
	c.Child.AgeYears = years
	return true
}

// Situation is the law's view of the case's facts.
func (c *Case) Situation() law.Situation {
	return law.Situation{
		AgeYears: c.Child.AgeYears, On: c.Identified, Sector: c.Work.Sector, Tasks: c.Work.Tasks,
		Hazards: c.Work.Hazards, Days: c.Work.Days, DaysPerWeek: c.Work.DaysPerWeek,
		Schooling: c.Child.Schooling, FamilyEnterprise: c.Work.FamilyEnterprise, Debt: c.Work.Debt,
	}
}

func (c *Case) classify(p law.Pack) {
	r := law.Classify(p, c.Situation())
	c.Classification = Classification{PackID: p.ID(), Class: r.Class, Applies: r.Applies, Reasons: r.Reasons,
		Provisions: r.Provisions, Notes: r.Notes, SchoolAge: r.SchoolAge}
}

func validateIdentity(v *domain.ValidationError, id *Identity, identified time.Time) {
	id.ChildName, id.GuardianName = strings.TrimSpace(id.ChildName), strings.TrimSpace(id.GuardianName)
	id.Address, id.Phone = strings.TrimSpace(id.Address), strings.TrimSpace(id.Phone)
	id.FamilySituation, id.SchoolHistory = strings.TrimSpace(id.FamilySituation), strings.TrimSpace(id.SchoolHistory)
	if id.ChildName == "" {
		v.Add("identity.child_name", "is required")
	}
	for f, s := range map[string]string{"identity.child_name": id.ChildName, "identity.guardian_name": id.GuardianName,
		"identity.address": id.Address, "identity.phone": id.Phone} {
		if utf8.RuneCountInString(s) > maxShortText {
			v.Add(f, fmt.Sprintf("must be at most %d characters", maxShortText))
		}
	}
	for f, s := range map[string]string{"identity.family_situation": id.FamilySituation, "identity.school_history": id.SchoolHistory} {
		if utf8.RuneCountInString(s) > maxText {
			v.Add(f, fmt.Sprintf("must be at most %d characters", maxText))
		}
	}
	if id.BirthDate != "" {
		switch {
		case !id.BirthDate.Valid():
			v.Add("identity.birth_date", "must be a date, 2006-01-02")
		case !identified.IsZero() && id.BirthDate > audit.DateOf(identified, time.UTC):
			v.Add("identity.birth_date", "must not be after the day the child was identified")
		}
	}
	if len(id.Languages) > 10 {
		v.Add("identity.languages", "lists at most 10 languages")
	}
	for i, l := range id.Languages {
		if l = strings.TrimSpace(l); l == "" || utf8.RuneCountInString(l) > 40 {
			v.Add(fmt.Sprintf("identity.languages[%d]", i), "must be 1 to 40 characters")
		}
		id.Languages[i] = strings.TrimSpace(l)
	}
	sortFields(v)
}

func validateFacts(v *domain.ValidationError, ch *Child, w *Work) {
	if ch.AgeYears < 0 || ch.AgeYears > 30 {
		v.Add("child.age_years", "must be from 0 (not known) to 30")
	}
	if ch.AgeMethod != "" && !ch.AgeMethod.Valid() {
		v.Add("child.age_method", "must be one of "+join(AgeMethods))
	}
	if !ch.Sex.Valid() {
		v.Add("child.sex", "must be one of "+join(Sexes))
	}
	w.RecruitedHow = strings.TrimSpace(w.RecruitedHow)
	if utf8.RuneCountInString(w.RecruitedHow) > maxText {
		v.Add("work.recruited_how", fmt.Sprintf("must be at most %d characters", maxText))
	}
	if w.WageMonthlyPKR < 0 {
		v.Add("work.wage_monthly_pkr", "must not be negative")
	}
	if w.Since != "" && !w.Since.Valid() {
		v.Add("work.since", "must be a date, 2006-01-02")
	}
	if len(w.Tasks) > 50 || len(w.Hazards) > 50 || len(w.Days) > 7 {
		v.Add("work", "lists at most 50 tasks, 50 hazards and 7 days")
	}
	s := law.Situation{AgeYears: ch.AgeYears, Tasks: w.Tasks, Days: w.Days, DaysPerWeek: w.DaysPerWeek,
		Schooling: ch.Schooling, Debt: w.Debt}
	if err := s.Validate(""); err != nil {
		if ve, ok := err.(*domain.ValidationError); ok {
			for _, f := range ve.Fields {
				prefix := "work."
				if f.Field == "age_years" || f.Field == "schooling" {
					if f.Field == "age_years" {
						continue // said above
					}
					prefix = "child."
				}
				v.Add(prefix+f.Field, f.Message)
			}
		}
	}
	for i, t := range w.Tasks {
		if utf8.RuneCountInString(t.Code)+utf8.RuneCountInString(t.Text) > maxShortText {
			v.Add(fmt.Sprintf("work.tasks[%d]", i), fmt.Sprintf("must be at most %d characters", maxShortText))
		}
	}
	for i, h := range w.Hazards {
		if h == "" || utf8.RuneCountInString(h) > 100 {
			v.Add(fmt.Sprintf("work.hazards[%d]", i), "must be a catalogue code")
		}
	}
	sortFields(v)
}
