package httpapi

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/actionhub/actionhub/app/cases"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/law"
	"github.com/actionhub/actionhub/policies"
	"github.com/danielgtaylor/huma/v2"
)

// Representations of cases. One body serves every view: the fields a
// view leaves out are absent, and identity is present only in the full view.
type (
	// CaseIdentityFields is the child's identity. Exported so that Huma sees
	// its fields when embedded.
	CaseIdentityFields struct {
		ChildName       string   `json:"child_name" minLength:"1" maxLength:"300"`
		GuardianName    string   `json:"guardian_name" maxLength:"300" required:"false" doc:"Father's or guardian's name."`
		BirthDate       string   `json:"birth_date" maxLength:"10" required:"false" doc:"2006-01-02; sets the age on the day of identification."`
		Address         string   `json:"address" maxLength:"300" required:"false"`
		Phone           string   `json:"phone" maxLength:"300" required:"false"`
		FamilySituation string   `json:"family_situation" maxLength:"5000" required:"false"`
		SchoolHistory   string   `json:"school_history" maxLength:"5000" required:"false"`
		Languages       []string `json:"languages" maxItems:"10" required:"false"`
	}
	caseIdentityBody struct {
		CaseIdentityFields
		PhotoBlobID string `json:"photo_blob_id,omitempty"`
	}
	// CaseChildFields are the child's facts kept in clear.
	CaseChildFields struct {
		AgeYears               int                             `json:"age_years" minimum:"0" maximum:"30" required:"false" doc:"Whole years, estimated or from the date of birth; 0 is not known."`
		AgeMethod              enumOrEmpty[casework.AgeMethod] `json:"age_method" required:"false" doc:"How the age was verified."`
		SuspectedFalseDocument bool                            `json:"suspected_false_document" required:"false"`
		Sex                    enumOf[casework.Sex]            `json:"sex"`
		Schooling              string                          `json:"schooling" maxLength:"20" required:"false" doc:"in_school, out_of_school, or empty when not known."`
	}
	caseTaskBody struct {
		Code string `json:"code" maxLength:"100" required:"false" doc:"A law catalogue code, e.g. leather_tanning.liming."`
		Text string `json:"text" maxLength:"200" required:"false" doc:"What the child does, when no code fits."`
	}
	caseShiftBody struct {
		Start string `json:"start" maxLength:"5" example:"08:00"`
		End   string `json:"end" maxLength:"5" example:"14:00" doc:"At or before start: the next day."`
	}
	caseDayBody struct {
		Shifts    []caseShiftBody `json:"shifts" maxItems:"6"`
		SchoolDay bool            `json:"school_day" required:"false"`
	}
	caseDebtBody struct {
		AmountPKR        int64 `json:"amount_pkr" minimum:"0"`
		RepaidByWork     bool  `json:"repaid_by_work" required:"false"`
		RestrictsLeaving bool  `json:"restricts_leaving" required:"false"`
	}
	// CaseWorkFields are the child's work at the supplier.
	CaseWorkFields struct {
		Tasks            []caseTaskBody `json:"tasks" maxItems:"50" required:"false"`
		Hazards          []string       `json:"hazards" maxItems:"50" required:"false" doc:"Law catalogue codes of exposures or processes."`
		Days             []caseDayBody  `json:"days" maxItems:"7" required:"false" doc:"Worked days, each with its shifts."`
		DaysPerWeek      int            `json:"days_per_week" minimum:"0" maximum:"7" required:"false"`
		WageMonthlyPKR   int64          `json:"wage_monthly_pkr" minimum:"0" required:"false"`
		Since            string         `json:"since" maxLength:"10" required:"false" doc:"2006-01-02"`
		RecruitedHow     string         `json:"recruited_how" maxLength:"5000" required:"false"`
		Debt             *caseDebtBody  `json:"debt,omitempty" required:"false" doc:"An advance (peshgi) or loan."`
		FamilyEnterprise bool           `json:"family_enterprise" required:"false"`
	}
	caseClassificationBody struct {
		PackID     string   `json:"pack_id" doc:"The law pack in force on the day of identification, kept by the case."`
		Class      string   `json:"class"`
		Applies    []string `json:"applies"`
		Reasons    []string `json:"reasons"`
		Provisions []string `json:"provisions"`
		Notes      []string `json:"notes"`
		SchoolAge  bool     `json:"school_age"`
	}
	consentRecordBody struct {
		Answer     string     `json:"answer,omitempty"`
		By         string     `json:"by,omitempty" doc:"Who answered, as a relation to the child."`
		RecordedBy string     `json:"recorded_by,omitempty"`
		At         *time.Time `json:"at,omitempty"`
	}
	caseConsentBody struct {
		Services   consentRecordBody `json:"consent_for_services"`
		Disclosure consentRecordBody `json:"disclosure_to_other_organisations"`
	}
	caseAssessmentBody struct {
		Risk    string     `json:"risk,omitempty"`
		Summary string     `json:"summary,omitempty"`
		Needs   string     `json:"needs,omitempty"`
		By      string     `json:"by,omitempty"`
		At      *time.Time `json:"at,omitempty"`
	}
	caseImmediateBody struct {
		RemovedAt         *time.Time `json:"removed_at,omitempty"`
		SafeguardingNotes string     `json:"safeguarding_notes,omitempty"`
		By                string     `json:"by,omitempty"`
		At                *time.Time `json:"at,omitempty"`
	}
	planActionBody struct {
		ID                string                        `json:"id"`
		Kind              enumOf[casework.ActionKind]   `json:"kind"`
		Owner             enumOf[casework.Party]        `json:"owner,omitempty"`
		Description       string                        `json:"description,omitempty"`
		Due               time.Time                     `json:"due"`
		Status            enumOf[casework.ActionStatus] `json:"status"`
		StipendMonthlyPKR int64                         `json:"stipend_monthly_pkr,omitempty"`
	}
	approvalBody struct {
		State           string     `json:"state,omitempty" doc:"requested, approved or rejected; absent when never requested."`
		RequestedBy     string     `json:"requested_by,omitempty"`
		RequestedAt     *time.Time `json:"requested_at,omitempty"`
		RequestComment  string     `json:"request_comment,omitempty"`
		DecidedBy       string     `json:"decided_by,omitempty"`
		DecidedAt       *time.Time `json:"decided_at,omitempty"`
		DecisionComment string     `json:"decision_comment,omitempty"`
	}
	caseApprovalsBody struct {
		Assessment approvalBody `json:"assessment"`
		Plan       approvalBody `json:"plan"`
		Closure    approvalBody `json:"closure"`
	}
	caseClosureBody struct {
		Reason        string     `json:"reason,omitempty"`
		Note          string     `json:"note,omitempty"`
		TransferredTo string     `json:"transferred_to,omitempty"`
		ClosedAt      *time.Time `json:"closed_at,omitempty"`
		ClosedBy      string     `json:"closed_by,omitempty"`
	}
	caseChangeBody struct {
		By     string    `json:"by"`
		At     time.Time `json:"at"`
		What   string    `json:"what"`
		Fields []string  `json:"fields"`
		Note   string    `json:"note,omitempty"`
	}
	caseBody struct {
		View string `json:"view" enum:"full,staff,supplier,brand" doc:"Which view of the case this is: full (with the child's identity), staff (without it), supplier, brand."`
		ID   string `json:"id"`
		Code string `json:"code"`
		// staff and full views
		HubID           string                  `json:"hub_id,omitempty"`
		SupplierID      string                  `json:"supplier_id,omitempty"`
		Source          string                  `json:"source,omitempty"`
		SourceID        string                  `json:"source_id,omitempty"`
		Status          string                  `json:"status,omitempty"`
		Stage           string                  `json:"stage,omitempty"`
		OpenedBy        string                  `json:"opened_by,omitempty"`
		AssignedTo      string                  `json:"assigned_to,omitempty"`
		Identified      *time.Time              `json:"identified,omitempty"`
		Identity        *caseIdentityBody       `json:"identity,omitempty" doc:"Only to case workers of the hub, the auditor who opened the case and the platform; every answer with it is in the activity log."`
		Child           *CaseChildFields        `json:"child,omitempty"`
		AgeBand         string                  `json:"age_band,omitempty"`
		Work            *CaseWorkFields         `json:"work,omitempty"`
		Jurisdiction    string                  `json:"jurisdiction,omitempty"`
		Classification  *caseClassificationBody `json:"classification,omitempty"`
		Consent         *caseConsentBody        `json:"consent,omitempty"`
		Assessment      *caseAssessmentBody     `json:"assessment,omitempty"`
		ImmediateAction *caseImmediateBody      `json:"immediate_action,omitempty"`
		SafeguardingDue *time.Time              `json:"safeguarding_due,omitempty" doc:"Hazardous work or a worst form: out of it within 24 hours of identification."`
		Plan            []planActionBody        `json:"plan,omitempty"`
		Approvals       *caseApprovalsBody      `json:"approvals,omitempty"`
		Closure         *caseClosureBody        `json:"closure,omitempty"`
		FollowUps       *int                    `json:"follow_ups,omitempty"`
		FollowUpStreak  *int                    `json:"follow_up_streak,omitempty"`
		ContactAttempts *int                    `json:"contact_attempts,omitempty"`
		NextFollowUpDue string                  `json:"next_follow_up_due,omitempty"`
		StipendLate     *bool                   `json:"stipend_late,omitempty"`
		History         []caseChangeBody        `json:"history,omitempty"`
		Created         *time.Time              `json:"created,omitempty"`
		Updated         *time.Time              `json:"updated,omitempty"`
		Version         int64                   `json:"version,omitempty" doc:"Send it back with every change: a stale one is a 409."`
		// the supplier's view
		Obligations []planActionBody `json:"obligations,omitempty" doc:"The supplier's view: the plan actions it owes."`
		// the brand's view
		Classification1     string   `json:"classification_class,omitempty" doc:"The brand's view: the classification only."`
		SupportReceived     []string `json:"support_received,omitempty" doc:"The brand's view: kinds of support delivered."`
		StipendPaidOnTime   *bool    `json:"stipend_paid_on_time,omitempty"`
		DaysSinceIdentified *int     `json:"days_since_identified,omitempty"`
		Sex                 string   `json:"sex,omitempty"`
	}
)

// caseListItemBody is a case as a list shows it: operator staff a summary
// (never identity, never the case's bodies, read on the case itself); a
// supplier and a brand the same view as GET /cases/{id} gives them.
type caseListItemBody struct {
	View string `json:"view" enum:"staff,supplier,brand" doc:"Which view of the case this is: staff (a summary, without identity), supplier, brand."`
	ID   string `json:"id"`
	Code string `json:"code"`
	// the staff summary
	HubID           string     `json:"hub_id,omitempty"`
	SupplierID      string     `json:"supplier_id,omitempty"`
	Status          string     `json:"status,omitempty"`
	Stage           string     `json:"stage,omitempty"`
	Classification  string     `json:"classification_class,omitempty" doc:"The classification's class."`
	AgeYears        int        `json:"age_years,omitempty" doc:"Staff: whole years; absent when not known."`
	AgeBand         string     `json:"age_band,omitempty"`
	Sex             string     `json:"sex,omitempty"`
	AssignedTo      string     `json:"assigned_to,omitempty"`
	OpenedBy        string     `json:"opened_by,omitempty"`
	Identified      *time.Time `json:"identified,omitempty"`
	NextFollowUpDue string     `json:"next_follow_up_due,omitempty"`
	StipendLate     *bool      `json:"stipend_late,omitempty"`
	FollowUps       *int       `json:"follow_ups,omitempty"`
	FollowUpStreak  *int       `json:"follow_up_streak,omitempty"`
	PlanActions     *int       `json:"plan_actions,omitempty" doc:"Staff: how many actions the plan holds."`
	Updated         *time.Time `json:"updated,omitempty"`
	Version         int64      `json:"version,omitempty" doc:"Staff: the case's version, for a change made from the list."`
	// the supplier's view
	Obligations []planActionBody `json:"obligations,omitempty" doc:"The supplier's view: the plan actions it owes."`
	// the brand's view
	SupportReceived     []string `json:"support_received,omitempty" doc:"The brand's view: kinds of support delivered."`
	StipendPaidOnTime   *bool    `json:"stipend_paid_on_time,omitempty"`
	DaysSinceIdentified *int     `json:"days_since_identified,omitempty"`
}

func caseListItem(v *cases.ListItem) caseListItemBody {
	switch v.Audience {
	case casework.AudienceSupplier:
		return caseListItemBody{View: "supplier", Code: v.Supplier.Code, Obligations: obligationsOut(v.Supplier.Obligations)}
	case casework.AudienceBrand:
		bv := v.Brand
		return caseListItemBody{View: "brand", Code: bv.Code, AgeBand: string(bv.AgeBand), Sex: string(bv.Sex), Classification: bv.Classification,
			Stage: string(bv.Stage), Status: string(bv.Status), SupportReceived: supportOut(bv.SupportReceived),
			StipendPaidOnTime: ptr(bv.StipendPaidOnTime), DaysSinceIdentified: ptr(bv.DaysSinceIdentified)}
	}
	c := v.Summary
	return caseListItemBody{View: "staff", ID: c.ID, Code: c.Code, HubID: c.HubID, SupplierID: c.SupplierID, Status: string(c.Status),
		Stage: string(c.Stage), Classification: string(c.Class), AgeYears: c.AgeYears, AgeBand: string(c.AgeBand), Sex: string(c.Sex),
		AssignedTo: c.AssignedTo, OpenedBy: c.OpenedBy, Identified: when(c.Identified), NextFollowUpDue: string(c.NextFollowUpDue),
		StipendLate: ptr(c.StipendLate), FollowUps: ptr(c.FollowUps), FollowUpStreak: ptr(c.FollowUpStreak), PlanActions: ptr(c.PlanActions),
		Updated: when(c.Updated), Version: c.Version}
}

// obligationsOut and supportOut are the supplier's and the brand's view
// fields, alike in a case and in a list.
func obligationsOut(obs []casework.Obligation) []planActionBody {
	out := []planActionBody{}
	for _, o := range obs {
		out = append(out, planActionBody{ID: o.ActionID, Kind: enum(o.Kind), Due: o.Due, Status: enum(o.Status),
			StipendMonthlyPKR: o.StipendMonthlyPKR})
	}
	return out
}

func supportOut(kinds []casework.ActionKind) []string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = string(k)
	}
	return out
}

func caseOut(v *cases.View) caseBody {
	switch v.Audience {
	case casework.AudienceSupplier:
		return caseBody{View: "supplier", Code: v.Supplier.Code, Obligations: obligationsOut(v.Supplier.Obligations)}
	case casework.AudienceBrand:
		bv := v.Brand
		return caseBody{View: "brand", Code: bv.Code, AgeBand: string(bv.AgeBand), Sex: string(bv.Sex), Classification1: bv.Classification,
			Stage: string(bv.Stage), Status: string(bv.Status), SupportReceived: supportOut(bv.SupportReceived), StipendPaidOnTime: ptr(bv.StipendPaidOnTime),
			DaysSinceIdentified: ptr(bv.DaysSinceIdentified)}
	}
	c := v.Case
	b := caseBody{View: "staff", ID: c.ID, Code: c.Code, HubID: c.HubID, SupplierID: c.SupplierID, Source: string(c.Source), SourceID: c.SourceID,
		Status: string(c.Status), Stage: string(c.Stage), OpenedBy: c.OpenedBy, AssignedTo: c.AssignedTo, Identified: when(c.Identified),
		Child: &CaseChildFields{AgeYears: c.Child.AgeYears, AgeMethod: enumOrEmpty[casework.AgeMethod](c.Child.AgeMethod),
			SuspectedFalseDocument: c.Child.SuspectedFalseDocument, Sex: enum(c.Child.Sex), Schooling: string(c.Child.Schooling)},
		AgeBand: string(c.AgeBand()), Work: workOut(c.Work), Jurisdiction: string(c.Jurisdiction),
		Classification: &caseClassificationBody{PackID: c.Classification.PackID, Class: string(c.Classification.Class),
			Applies: classes(c.Classification.Applies), Reasons: nonNil(c.Classification.Reasons), Provisions: nonNil(c.Classification.Provisions),
			Notes: nonNil(c.Classification.Notes), SchoolAge: c.Classification.SchoolAge},
		Consent: &caseConsentBody{Services: consentOut(c.Consent.Services), Disclosure: consentOut(c.Consent.Disclosure)},
		Assessment: &caseAssessmentBody{Risk: string(c.Assessment.Risk), Summary: c.Assessment.Summary, Needs: c.Assessment.Needs,
			By: c.Assessment.By, At: when(c.Assessment.At)},
		ImmediateAction: &caseImmediateBody{RemovedAt: when(c.Immediate.RemovedAt), SafeguardingNotes: c.Immediate.SafeguardingNotes,
			By: c.Immediate.By, At: when(c.Immediate.At)},
		SafeguardingDue: when(c.SafeguardingDue()), Plan: []planActionBody{},
		Approvals: &caseApprovalsBody{Assessment: approvalOut(c.Approvals.Assessment), Plan: approvalOut(c.Approvals.Plan),
			Closure: approvalOut(c.Approvals.Closure)},
		Closure: &caseClosureBody{Reason: string(c.Closure.Reason), Note: c.Closure.Note, TransferredTo: c.Closure.TransferredTo,
			ClosedAt: when(c.Closure.ClosedAt), ClosedBy: c.Closure.ClosedBy},
		FollowUps: ptr(c.FollowUps), FollowUpStreak: ptr(c.FollowUpStreak), ContactAttempts: ptr(c.ContactAttempts),
		NextFollowUpDue: string(c.NextFollowUpDue), StipendLate: ptr(c.StipendLate), History: []caseChangeBody{},
		Created: when(c.Created), Updated: when(c.Updated), Version: c.Version}
	for _, a := range c.Plan {
		b.Plan = append(b.Plan, planActionBody{ID: a.ID, Kind: enum(a.Kind), Owner: enum(a.Owner), Description: a.Description, Due: a.Due,
			Status: enum(a.Status), StipendMonthlyPKR: a.StipendMonthlyPKR})
	}
	for _, h := range c.History {
		b.History = append(b.History, caseChangeBody{By: h.By, At: h.At, What: h.What, Fields: nonNil(h.Fields), Note: h.Note})
	}
	if v.Audience == casework.AudienceFull && c.Identity != nil {
		id := c.Identity
		b.View = "full"
		b.Identity = &caseIdentityBody{CaseIdentityFields: CaseIdentityFields{ChildName: id.ChildName, GuardianName: id.GuardianName,
			BirthDate: string(id.BirthDate), Address: id.Address, Phone: id.Phone, FamilySituation: id.FamilySituation,
			SchoolHistory: id.SchoolHistory, Languages: nonNil(id.Languages)}, PhotoBlobID: id.PhotoBlobID}
	} else if v.Audience == casework.AudienceFull {
		b.View = "full"
	}
	return b
}

func classes(cs []law.Class) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out
}

func consentOut(r casework.ConsentRecord) consentRecordBody {
	return consentRecordBody{Answer: string(r.Answer), By: r.By, RecordedBy: r.RecordedBy, At: when(r.At)}
}

func approvalOut(a casework.Approval) approvalBody {
	return approvalBody{State: string(a.State), RequestedBy: a.RequestedBy, RequestedAt: when(a.RequestedAt), RequestComment: a.RequestComment,
		DecidedBy: a.DecidedBy, DecidedAt: when(a.DecidedAt), DecisionComment: a.DecisionComment}
}

func workOut(w casework.Work) *CaseWorkFields {
	b := &CaseWorkFields{Tasks: []caseTaskBody{}, Hazards: nonNil(w.Hazards), Days: []caseDayBody{}, DaysPerWeek: w.DaysPerWeek,
		WageMonthlyPKR: w.WageMonthlyPKR, Since: string(w.Since), RecruitedHow: w.RecruitedHow, FamilyEnterprise: w.FamilyEnterprise}
	for _, t := range w.Tasks {
		b.Tasks = append(b.Tasks, caseTaskBody{Code: t.Code, Text: t.Text})
	}
	for _, d := range w.Days {
		db := caseDayBody{SchoolDay: d.SchoolDay, Shifts: []caseShiftBody{}}
		for _, s := range d.Shifts {
			db.Shifts = append(db.Shifts, caseShiftBody{Start: s.Start.String(), End: s.End.String()})
		}
		b.Days = append(b.Days, db)
	}
	if w.Debt != nil {
		b.Debt = &caseDebtBody{AmountPKR: w.Debt.AmountPKR, RepaidByWork: w.Debt.RepaidByWork, RestrictsLeaving: w.Debt.RestrictsLeaving}
	}
	return b
}

// workIn reads the work, naming any clock or date it cannot read under prefix.
func workIn(b CaseWorkFields, prefix string, v *domain.ValidationError) casework.Work {
	w := casework.Work{Hazards: b.Hazards, DaysPerWeek: b.DaysPerWeek, WageMonthlyPKR: b.WageMonthlyPKR,
		Since: audit.Date(b.Since), RecruitedHow: b.RecruitedHow, FamilyEnterprise: b.FamilyEnterprise}
	for _, t := range b.Tasks {
		w.Tasks = append(w.Tasks, law.Task{Code: strings.TrimSpace(t.Code), Text: t.Text})
	}
	for i, d := range b.Days {
		day := law.Day{SchoolDay: d.SchoolDay}
		for j, s := range d.Shifts {
			start, err1 := law.ParseClock(s.Start)
			end, err2 := law.ParseClock(s.End)
			if err1 != nil || err2 != nil {
				v.Add(fmt.Sprintf("%s.days[%d].shifts[%d]", prefix, i, j), "needs start and end as HH:MM, 00:00 to 23:59")
				continue
			}
			day.Shifts = append(day.Shifts, law.Shift{Start: start, End: end})
		}
		w.Days = append(w.Days, day)
	}
	if b.Debt != nil {
		w.Debt = &law.Debt{AmountPKR: b.Debt.AmountPKR, RepaidByWork: b.Debt.RepaidByWork, RestrictsLeaving: b.Debt.RestrictsLeaving}
	}
	return w
}

func childIn(b CaseChildFields) casework.Child {
	return casework.Child{AgeYears: b.AgeYears, AgeMethod: casework.AgeMethod(b.AgeMethod), SuspectedFalseDocument: b.SuspectedFalseDocument,
		Sex: casework.Sex(b.Sex), Schooling: law.Schooling(b.Schooling)}
}

func identityIn(b CaseIdentityFields) casework.Identity {
	return casework.Identity{ChildName: b.ChildName, GuardianName: b.GuardianName, BirthDate: audit.Date(b.BirthDate), Address: b.Address,
		Phone: b.Phone, FamilySituation: b.FamilySituation, SchoolHistory: b.SchoolHistory, Languages: b.Languages}
}

// caseReply shapes a case view for the caller.
var caseReply = reply(caseOut)

// CaseVersion is the version every change sends back. Exported so that
// Huma sees its field when embedded.
type CaseVersion struct {
	Version int64 `json:"version" minimum:"1" doc:"The case's version you read: a stale one is a 409, and nothing changes."`
}

func registerCases(api huma.API, s *server) {
	const tag = "Cases"
	type openIn struct {
		Body struct {
			HubID      string                  `json:"hub_id" maxLength:"64" required:"false" doc:"The hub; may be omitted by staff of one hub."`
			Source     enumOf[casework.Source] `json:"source" doc:"finding (with finding_id) or outreach (with supplier_id)."`
			FindingID  string                  `json:"finding_id" maxLength:"64" required:"false" doc:"A finding that calls for a case (child labour, a young worker in hazardous work)."`
			SupplierID string                  `json:"supplier_id" maxLength:"64" required:"false" doc:"Outreach only: where the child works."`
			Identified *time.Time              `json:"identified,omitempty" required:"false" doc:"When the child was identified; now when absent. The law pack in force that day classifies the case."`
			Identity   CaseIdentityFields      `json:"identity"`
			Child      CaseChildFields         `json:"child"`
			Work       CaseWorkFields          `json:"work" required:"false"`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/cases", id: "open-case", tag: tag, perm: policies.PermCasesOpen,
		summary: "Open a case for a child found at a supplier (auditors, case workers)", status: http.StatusCreated,
		errors: []int{http.StatusNotFound, http.StatusConflict},
		description: "From a finding that calls for a case, in the finding's hub; a second case from the same finding is a 409 naming the first's code. " +
			"The case is classified under the law pack of the supplier's province in force on the day of identification, and numbered " +
			"CITY-YEAR-NNNNN. The child's identity is sealed at rest."},
		func(ctx context.Context, in *openIn) (*one[caseBody], error) {
			b := in.Body
			v := &domain.ValidationError{}
			work := workIn(b.Work, "work", v)
			if err := v.OrNil(); err != nil {
				return nil, err
			}
			var at time.Time
			if b.Identified != nil {
				at = *b.Identified
			}
			return caseReply(s.Cases.Open(ctx, cases.OpenInput{HubID: b.HubID, Source: casework.Source(b.Source), FindingID: b.FindingID,
				SupplierID: b.SupplierID, Identified: at, Identity: identityIn(b.Identity), Child: childIn(b.Child), Work: work}))
		})

	// CaseQuery is exported so that Huma sees its fields when embedded.
	type CaseQuery struct {
		HubID             string                      `query:"hub_id" maxLength:"64" doc:"Operator staff: the hub; may be omitted by staff of one hub."`
		Stage             enumOrEmpty[casework.Stage] `query:"stage"`
		SupplierID        string                      `query:"supplier_id" maxLength:"64" doc:"A brand lists one linked supplier's cases at a time."`
		AssignedTo        string                      `query:"assigned_to" maxLength:"64" doc:"Operator staff: the cases of this case worker."`
		OpenedBy          string                      `query:"opened_by" maxLength:"64" doc:"Operator staff: the cases this person opened (an auditor's own, always)."`
		FollowUpDueBefore string                      `query:"follow_up_due_before" maxLength:"10" doc:"Open cases whose next follow-up is due before this day (2006-01-02), soonest first."`
	}
	filter := func(q CaseQuery) cases.Filter {
		return cases.Filter{HubID: q.HubID, Stage: casework.Stage(q.Stage), SupplierID: q.SupplierID, AssignedTo: q.AssignedTo,
			OpenedBy: q.OpenedBy, FollowUpDueBefore: q.FollowUpDueBefore}
	}
	type listIn struct {
		Paging
		CaseQuery
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/cases", id: "list-cases", tag: tag, perm: policies.PermCasesList,
		summary: "List the cases you may see, newest first (never with identity)", errors: []int{http.StatusNotFound},
		description: "Operator staff: the hub's cases (an auditor: those they opened), by one of stage, supplier, case worker, opener " +
			"(an auditor's stage with their own) or due follow-up, each as a summary (code, stage, status, classification, age, sex, " +
			"case worker, next follow-up, stipend late, counts, version); the whole case is GET /cases/{id}. A supplier: its facility's " +
			"cases, code and obligations only. A brand: one linked supplier's cases (supplier_id), anonymised. A supplier's and a brand's " +
			"items are the same view as GET /cases/{id} gives them."},
		func(ctx context.Context, in *listIn) (*page[caseListItemBody], error) {
			f := filter(in.CaseQuery)
			f.Cursor, f.Limit = in.Cursor, in.Limit
			return replyPage(caseListItem)(s.Cases.List(ctx, f))
		})
	type exportOut struct {
		ContentType string `header:"Content-Type"`
		Disposition string `header:"Content-Disposition"`
		Body        []byte
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/cases.csv", id: "export-cases", tag: tag, perm: policies.PermCasesExport,
		summary: "Export the hub's cases as CSV (operator staff): codes and facts, never identity", errors: []int{http.StatusNotFound},
		description: "The list's scope, filters and order (at most 50,000 rows; UTF-8 with a byte-order mark). Columns: " +
			strings.Join(cases.ExportColumns, ", ") + "."},
		func(ctx context.Context, in *CaseQuery) (*exportOut, error) {
			var b bytes.Buffer
			if _, err := s.Cases.Export(ctx, filter(*in), &b); err != nil {
				return nil, err
			}
			return &exportOut{ContentType: "text/csv; charset=utf-8", Disposition: `attachment; filename="cases.csv"`, Body: b.Bytes()}, nil
		})
	register(api, s, endpoint{method: http.MethodGet, path: "/cases/{id}", id: "get-case", tag: tag, perm: policies.PermCasesRead,
		summary: "Get your view of a case", errors: []int{http.StatusNotFound},
		description: "Case workers of the hub, the auditor who opened it and the platform: everything, with the child's identity (the read " +
			"is in the activity log). Hub admins: everything but identity. The supplier: the code and its obligations. A linked brand: " +
			"code, age band, sex, classification, stage, status, support received, stipend on time, days since identification."},
		func(ctx context.Context, in *idPath) (*one[caseBody], error) {
			return caseReply(s.Cases.Case(ctx, in.ID))
		})

	edits := []int{http.StatusNotFound, http.StatusConflict}
	type factsIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The case's ID."`
		Body struct {
			CaseVersion
			Child CaseChildFields `json:"child"`
			Work  CaseWorkFields  `json:"work"`
		}
	}
	register(api, s, endpoint{method: http.MethodPut, path: "/cases/{id}/facts", id: "update-case-facts", tag: tag, perm: policies.PermCasesUpdate,
		summary: "Replace the child's facts and work; the case is classified again under its own pack", errors: edits},
		func(ctx context.Context, in *factsIn) (*one[caseBody], error) {
			v := &domain.ValidationError{}
			work := workIn(in.Body.Work, "work", v)
			if err := v.OrNil(); err != nil {
				return nil, err
			}
			return caseReply(s.Cases.UpdateFacts(ctx, in.ID, in.Body.Version, casework.Facts{Child: childIn(in.Body.Child), Work: work}))
		})
	type identityReq struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The case's ID."`
		Body struct {
			CaseVersion
			Identity CaseIdentityFields `json:"identity"`
		}
	}
	register(api, s, endpoint{method: http.MethodPut, path: "/cases/{id}/identity", id: "update-case-identity", tag: tag,
		perm: policies.PermCasesUpdateIdentity, summary: "Replace the child's identity (those who may read it)", errors: edits},
		func(ctx context.Context, in *identityReq) (*one[caseBody], error) {
			return caseReply(s.Cases.UpdateIdentity(ctx, in.ID, in.Body.Version, identityIn(in.Body.Identity)))
		})
	type consentIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The case's ID."`
		Body struct {
			CaseVersion
			Kind   enumOf[casework.ConsentKind]   `json:"kind"`
			Answer enumOf[casework.ConsentAnswer] `json:"answer"`
			By     string                         `json:"by" minLength:"1" maxLength:"40" doc:"Who answered, as a relation to the child (child, mother, father, guardian), never a name."`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/cases/{id}/consent", id: "record-case-consent", tag: tag,
		perm: policies.PermCasesUpdate, summary: "Record consent for services, or for disclosure to other organisations", errors: edits},
		func(ctx context.Context, in *consentIn) (*one[caseBody], error) {
			b := in.Body
			return caseReply(s.Cases.RecordConsent(ctx, in.ID, b.Version, casework.ConsentKind(b.Kind), casework.ConsentAnswer(b.Answer), b.By))
		})
	type assessmentIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The case's ID."`
		Body struct {
			CaseVersion
			Risk    enumOf[casework.RiskLevel] `json:"risk"`
			Summary string                     `json:"summary" minLength:"1" maxLength:"5000"`
			Needs   string                     `json:"needs" maxLength:"5000" required:"false"`
		}
	}
	register(api, s, endpoint{method: http.MethodPut, path: "/cases/{id}/assessment", id: "record-case-assessment", tag: tag,
		perm: policies.PermCasesUpdate, summary: "Record the best-interest assessment (a change needs approving again)", errors: edits},
		func(ctx context.Context, in *assessmentIn) (*one[caseBody], error) {
			b := in.Body
			return caseReply(s.Cases.RecordAssessment(ctx, in.ID, b.Version, casework.Assessment{Risk: casework.RiskLevel(b.Risk), Summary: b.Summary, Needs: b.Needs}))
		})
	type immediateIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The case's ID."`
		Body struct {
			CaseVersion
			RemovedAt         *time.Time `json:"removed_at,omitempty" required:"false" doc:"When the child was removed from hazardous work."`
			SafeguardingNotes string     `json:"safeguarding_notes" maxLength:"5000" required:"false"`
		}
	}
	register(api, s, endpoint{method: http.MethodPut, path: "/cases/{id}/immediate-action", id: "record-case-immediate-action", tag: tag,
		perm: policies.PermCasesUpdate, summary: "Record the immediate action: removal from hazardous work, safeguarding", errors: edits},
		func(ctx context.Context, in *immediateIn) (*one[caseBody], error) {
			var at time.Time
			if in.Body.RemovedAt != nil {
				at = *in.Body.RemovedAt
			}
			return caseReply(s.Cases.RecordImmediateAction(ctx, in.ID, in.Body.Version, at, in.Body.SafeguardingNotes))
		})
	type addActionIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The case's ID."`
		Body struct {
			CaseVersion
			Kind              enumOf[casework.ActionKind] `json:"kind"`
			Owner             enumOf[casework.Party]      `json:"owner" doc:"Supplier-owned actions are the supplier's obligations."`
			Description       string                      `json:"description" maxLength:"5000" required:"false" doc:"Staff only: the supplier and brands never read it."`
			Due               time.Time                   `json:"due" doc:"Immediate safeguarding in hazardous work: within 24 hours of identification."`
			StipendMonthlyPKR int64                       `json:"stipend_monthly_pkr" minimum:"0" required:"false" doc:"Stipend actions: at least the child's lost wage."`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/cases/{id}/plan/actions", id: "add-case-plan-action", tag: tag,
		perm: policies.PermCasesUpdate, summary: "Add an action to the remediation plan", status: http.StatusCreated, errors: edits},
		func(ctx context.Context, in *addActionIn) (*one[caseBody], error) {
			b := in.Body
			return caseReply(s.Cases.AddAction(ctx, in.ID, b.Version, casework.NewAction{Kind: casework.ActionKind(b.Kind),
				Owner: casework.Party(b.Owner), Description: b.Description, Due: b.Due, StipendMonthlyPKR: b.StipendMonthlyPKR}))
		})
	type actionStatusIn struct {
		ID       string `path:"id" minLength:"1" maxLength:"64" doc:"The case's ID."`
		ActionID string `path:"action_id" minLength:"1" maxLength:"64" doc:"The plan action's ID."`
		Body     struct {
			CaseVersion
			Status enumOf[casework.ActionStatus] `json:"status"`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/cases/{id}/plan/actions/{action_id}/status", id: "move-case-plan-action", tag: tag,
		perm: policies.PermCasesUpdate, summary: "Move a plan action: planned → in_progress → delivered, or cancelled", errors: edits},
		func(ctx context.Context, in *actionStatusIn) (*one[caseBody], error) {
			return caseReply(s.Cases.SetActionStatus(ctx, in.ID, in.Body.Version, in.ActionID, casework.ActionStatus(in.Body.Status)))
		})
	type assignIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The case's ID."`
		Body struct {
			CaseVersion
			UserID string `json:"user_id" minLength:"1" maxLength:"64" doc:"A case worker of the case's hub."`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/cases/{id}/assign", id: "assign-case", tag: tag,
		perm: policies.PermCasesAssign, summary: "Assign the case to a case worker of its hub", errors: edits},
		func(ctx context.Context, in *assignIn) (*one[caseBody], error) {
			return caseReply(s.Cases.Assign(ctx, in.ID, in.Body.Version, in.Body.UserID))
		})
	type approvalIn struct {
		ID      string                   `path:"id" minLength:"1" maxLength:"64" doc:"The case's ID."`
		Subject enumOf[casework.Subject] `path:"subject" doc:"assessment or plan to request; any to decide (a closure is requested with its reason)."`
		Body    struct {
			CaseVersion
			Comment string `json:"comment" maxLength:"5000" required:"false" doc:"Required to reject."`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/cases/{id}/approvals/{subject}/request", id: "request-case-approval", tag: tag,
		perm: policies.PermCasesRequestApproval, summary: "Ask a supervisor to approve the assessment or the plan", errors: edits},
		func(ctx context.Context, in *approvalIn) (*one[caseBody], error) {
			return caseReply(s.Cases.RequestApproval(ctx, in.ID, in.Body.Version, casework.Subject(in.Subject), in.Body.Comment))
		})
	for _, d := range []struct {
		verb    string
		approve bool
		summary string
	}{
		{"approve", true, "Approve a pending request (not your own); approving a closure closes the case"},
		{"reject", false, "Reject a pending request with a comment (not your own)"},
	} {
		register(api, s, endpoint{method: http.MethodPost, path: "/cases/{id}/approvals/{subject}/" + d.verb, id: d.verb + "-case-approval", tag: tag,
			perm: policies.PermCasesApprove, summary: d.summary, errors: edits},
			func(ctx context.Context, in *approvalIn) (*one[caseBody], error) {
				return caseReply(s.Cases.Decide(ctx, in.ID, in.Body.Version, casework.Subject(in.Subject), d.approve, in.Body.Comment))
			})
	}
	type closureIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The case's ID."`
		Body struct {
			CaseVersion
			Reason        enumOf[casework.ClosureReason] `json:"reason"`
			Note          string                         `json:"note" maxLength:"5000" required:"false" doc:"Required for every reason but remediated."`
			TransferredTo string                         `json:"transferred_to" maxLength:"300" required:"false" doc:"transferred: the hub the case goes to."`
			Comment       string                         `json:"comment" maxLength:"5000" required:"false" doc:"For the supervisor."`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/cases/{id}/closure", id: "request-case-closure", tag: tag,
		perm: policies.PermCasesRequestApproval, summary: "Ask for the case to close, with the reason; a supervisor's approval closes it", errors: edits,
		description: "remediated needs two consecutive follow-ups finding the child out of child labour (checked again on approval); " +
			"lost_contact needs three failed tries; the other reasons need a note."},
		func(ctx context.Context, in *closureIn) (*one[caseBody], error) {
			b := in.Body
			return caseReply(s.Cases.RequestClosure(ctx, in.ID, b.Version, casework.Closure{Reason: casework.ClosureReason(b.Reason),
				Note: b.Note, TransferredTo: b.TransferredTo}, b.Comment))
		})
	type reopenIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The case's ID."`
		Body struct {
			CaseVersion
			Reason string `json:"reason" minLength:"1" maxLength:"5000"`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/cases/{id}/reopen", id: "reopen-case", tag: tag,
		perm: policies.PermCasesReopen, summary: "Reopen a closed case with the reason (kept in its history)", errors: edits},
		func(ctx context.Context, in *reopenIn) (*one[caseBody], error) {
			return caseReply(s.Cases.Reopen(ctx, in.ID, in.Body.Version, in.Body.Reason))
		})
	registerCasePhoto(api, s)
}
