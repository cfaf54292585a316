package referral

import (
	"slices"

	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/directory"
)

// Field is one fact of the child a minimum view may carry.
type Field string

// The fields a minimum view chooses from.
const (
	FieldChildName       Field = "child_name"
	FieldGuardianName    Field = "guardian_name"
	FieldAge             Field = "age_years"
	FieldSex             Field = "sex"
	FieldLanguages       Field = "languages"
	FieldBirthDate       Field = "birth_date"
	FieldAddress         Field = "address"
	FieldProvince        Field = "province"
	FieldPhone           Field = "phone"
	FieldSchoolHistory   Field = "school_history"
	FieldSchooling       Field = "schooling"
	FieldFamilySituation Field = "family_situation"
)

// basics are what every service needs to know whom it serves (identity
// basics: name, guardian, age, sex, languages).
var basics = []Field{FieldChildName, FieldGuardianName, FieldAge, FieldSex, FieldLanguages}

// needs are what each service type needs beyond the basics: a birth
// registration office the date of birth and where the family lives; a
// school the schooling history; a cash transfer or livelihood programme
// how to reach the family; protection and psychosocial services the family
// situation. Never the work, the supplier, the assessment or the plan.
var needs = map[directory.ServiceType][]Field{
	directory.Education:          {FieldSchoolHistory, FieldSchooling},
	directory.NonFormalEducation: {FieldSchoolHistory, FieldSchooling},
	directory.BirthRegistration:  {FieldBirthDate, FieldAddress, FieldProvince},
	directory.CashTransfer:       {FieldAddress, FieldProvince, FieldPhone, FieldSchooling},
	directory.SocialProtection:   {FieldAddress, FieldProvince, FieldPhone},
	directory.Health:             {FieldBirthDate, FieldPhone},
	directory.ChildProtection:    {FieldAddress, FieldProvince, FieldPhone, FieldFamilySituation},
	directory.Psychosocial:       {FieldPhone, FieldFamilySituation},
	directory.LegalAid:           {FieldPhone, FieldFamilySituation},
	directory.VocationalTraining: {FieldSchoolHistory, FieldSchooling, FieldPhone},
	directory.Livelihoods:        {FieldAddress, FieldProvince, FieldPhone},
	directory.LabourInspection:   {FieldProvince},
	directory.BondedLabour:       {FieldAddress, FieldProvince, FieldFamilySituation},
}

// FieldsFor lists the fields of the minimum view for a service type: the
// basics, plus what the type needs (nothing more for a type of another
// taxonomy).
func FieldsFor(t directory.ServiceType) []Field {
	return append(slices.Clone(basics), needs[t]...)
}

// MinimumView is what the receiving agency reads of the child: the case's
// code and the fields its service type needs. Empty fields are not part
// of the view (or not known).
type MinimumView struct {
	CaseCode        string
	Fields          []Field // the fields this view may carry
	ChildName       string
	GuardianName    string
	AgeYears        int
	Sex             casework.Sex
	Languages       []string
	BirthDate       string
	Address         string
	Province        string
	Phone           string
	SchoolHistory   string
	Schooling       string
	FamilySituation string
}

// ViewOf builds the minimum view of case c (its identity opened) for the
// referral's service type. A case whose identity was purged gives the
// clear facts only.
func ViewOf(r *Referral, c *casework.Case) MinimumView {
	fs := FieldsFor(r.ServiceType)
	v := MinimumView{CaseCode: c.Code, Fields: fs}
	id := casework.Identity{}
	if c.Identity != nil {
		id = *c.Identity
	}
	for _, f := range fs {
		switch f {
		case FieldChildName:
			v.ChildName = id.ChildName
		case FieldGuardianName:
			v.GuardianName = id.GuardianName
		case FieldAge:
			v.AgeYears = c.Child.AgeYears
		case FieldSex:
			v.Sex = c.Child.Sex
		case FieldLanguages:
			v.Languages = slices.Clone(id.Languages)
		case FieldBirthDate:
			v.BirthDate = string(id.BirthDate)
		case FieldAddress:
			v.Address = id.Address
		case FieldProvince:
			v.Province = string(c.Jurisdiction)
		case FieldPhone:
			v.Phone = id.Phone
		case FieldSchoolHistory:
			v.SchoolHistory = id.SchoolHistory
		case FieldSchooling:
			v.Schooling = string(c.Child.Schooling)
		case FieldFamilySituation:
			v.FamilySituation = id.FamilySituation
		}
	}
	return v
}
