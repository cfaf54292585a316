package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/actionhub/actionhub/app/cases"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/policies"
	"github.com/danielgtaylor/huma/v2"
)

// Representations of follow-ups: operator staff's only (brands and the
// supplier see a case's progress through their views of the case).
type (
	followUpVisitBody struct {
		Contacted       bool                            `json:"contacted" doc:"false records a failed try to reach the child: only the day and notes then."`
		InSchool        bool                            `json:"in_school" required:"false"`
		Attendance      *float64                        `json:"attendance,omitempty" minimum:"0" maximum:"1" required:"false" doc:"Share of school days attended since the last visit, 0 to 1."`
		BackInWork      bool                            `json:"back_in_work" required:"false"`
		WorkWhere       string                          `json:"work_where" maxLength:"300" required:"false"`
		WorkWhat        string                          `json:"work_what" maxLength:"300" required:"false"`
		WorkPermitted   bool                            `json:"work_permitted" required:"false" doc:"The work found is permitted under the case's law (keeps the streak)."`
		StipendReceived bool                            `json:"stipend_received" required:"false"`
		Wellbeing       enumOrEmpty[casework.Wellbeing] `json:"wellbeing" required:"false" doc:"Required when the child was reached."`
		Notes           string                          `json:"notes" maxLength:"5000" required:"false"`
		VisitedOn       string                          `json:"visited_on" maxLength:"10" doc:"The day of the visit or try, 2006-01-02, in the hub's time zone."`
		By              string                          `json:"by,omitempty" doc:"Who recorded it."`
	}
	followUpBody struct {
		ID         string                         `json:"id"`
		CaseID     string                         `json:"case_id"`
		CaseCode   string                         `json:"case_code"`
		HubID      string                         `json:"hub_id"`
		AssignedTo string                         `json:"assigned_to,omitempty"`
		Due        string                         `json:"due" doc:"The day the follow-up fell due."`
		State      enumOf[casework.FollowUpState] `json:"state"`
		Visit      *followUpVisitBody             `json:"visit,omitempty"`
		Counted    bool                           `json:"counted" doc:"The case counted the visit (the repair job counts one left uncounted)."`
		Created    time.Time                      `json:"created"`
		Updated    time.Time                      `json:"updated"`
	}
	followUpCaseBody struct {
		ID              string `json:"id"`
		Code            string `json:"code"`
		Stage           string `json:"stage"`
		Status          string `json:"status"`
		FollowUps       int    `json:"follow_ups"`
		FollowUpStreak  int    `json:"follow_up_streak"`
		ContactAttempts int    `json:"contact_attempts"`
		NextFollowUpDue string `json:"next_follow_up_due,omitempty"`
		Version         int64  `json:"version"`
	}
	followUpRecordedBody struct {
		FollowUp followUpBody     `json:"follow_up"`
		Case     followUpCaseBody `json:"case" doc:"The case's follow-up counts after the visit."`
	}
)

func followUpOut(f *casework.FollowUp) followUpBody {
	b := followUpBody{ID: f.ID, CaseID: f.CaseID, CaseCode: f.CaseCode, HubID: f.HubID, AssignedTo: f.AssignedTo, Due: string(f.Due),
		State: enum(f.State), Counted: f.Applied, Created: f.Created, Updated: f.Updated}
	if v := f.Visit; v != nil {
		b.Visit = &followUpVisitBody{Contacted: v.Contacted, InSchool: v.InSchool, Attendance: v.Attendance, BackInWork: v.BackInWork,
			WorkWhere: v.WorkWhere, WorkWhat: v.WorkWhat, WorkPermitted: v.WorkPermitted, StipendReceived: v.StipendReceived,
			Wellbeing: enumOrEmpty[casework.Wellbeing](v.Wellbeing), Notes: v.Notes, VisitedOn: string(v.VisitedOn), By: v.By}
	}
	return b
}

func registerFollowUps(api huma.API, s *server) {
	const tag = "Follow-ups"
	type listIn struct {
		ID string `path:"id" minLength:"1" maxLength:"64" doc:"The case's ID."`
		Paging
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/cases/{id}/follow-ups", id: "list-case-follow-ups", tag: tag,
		perm: policies.PermFollowUpsRead, summary: "List a case's follow-ups, earliest due first (operator staff)",
		errors:      []int{http.StatusNotFound},
		description: "Due ones and recorded visits or failed tries. Case workers and hub admins of the hub, the auditor who opened the case."},
		func(ctx context.Context, in *listIn) (*page[followUpBody], error) {
			return replyPage(followUpOut)(s.Cases.FollowUps(ctx, in.ID, in.Cursor, in.Limit))
		})
	type recordIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The case's ID."`
		Body followUpVisitBody
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/cases/{id}/follow-ups", id: "record-case-follow-up", tag: tag,
		perm: policies.PermFollowUpsRecord, status: http.StatusCreated, errors: []int{http.StatusNotFound, http.StatusConflict},
		summary: "Record a follow-up visit, or a failed try to reach the child (case workers)",
		description: "The visit goes on the case's follow-up due next and the case counts it: visits, the streak of consecutive visits " +
			"that find the child out of child labour and in school or permitted work (any other result resets it; two allow a " +
			"remediated closure), failed tries (a closure as lost_contact needs the hub's number), and the next due day (one interval " +
			"after the visit, a week after a failed try). A closed case is a 409."},
		func(ctx context.Context, in *recordIn) (*one[followUpRecordedBody], error) {
			b := in.Body
			f, c, err := s.Cases.RecordVisit(ctx, in.ID, casework.Visit{Contacted: b.Contacted, InSchool: b.InSchool, Attendance: b.Attendance,
				BackInWork: b.BackInWork, WorkWhere: b.WorkWhere, WorkWhat: b.WorkWhat, WorkPermitted: b.WorkPermitted,
				StipendReceived: b.StipendReceived, Wellbeing: casework.Wellbeing(b.Wellbeing), Notes: b.Notes,
				VisitedOn: audit.Date(b.VisitedOn)})
			if err != nil {
				return nil, err
			}
			return &one[followUpRecordedBody]{followUpRecordedBody{FollowUp: followUpOut(f), Case: followUpCaseBody{ID: c.ID, Code: c.Code,
				Stage: string(c.Stage), Status: string(c.Status), FollowUps: c.FollowUps, FollowUpStreak: c.FollowUpStreak,
				ContactAttempts: c.ContactAttempts, NextFollowUpDue: string(c.NextFollowUpDue), Version: c.Version}}}, nil
		})
	type dueIn struct {
		Paging
		HubID      string `query:"hub_id" maxLength:"64" doc:"The hub; may be omitted by staff of one hub."`
		AssignedTo string `query:"assigned_to" maxLength:"64" doc:"One case worker's follow-ups."`
		Through    string `query:"through" maxLength:"10" doc:"Due on or before this day (2006-01-02); every due one when absent."`
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/follow-ups/due", id: "list-due-follow-ups", tag: tag,
		perm: policies.PermFollowUpsListDue, errors: []int{http.StatusNotFound},
		summary:     "List the hub's follow-ups still due, soonest first (case workers, hub admins)",
		description: "The follow-up job makes each case's follow-up on its due day; a recorded visit takes it off this list."},
		func(ctx context.Context, in *dueIn) (*page[followUpBody], error) {
			return replyPage(followUpOut)(s.Cases.DueFollowUps(ctx, cases.DueFilter{HubID: in.HubID, AssignedTo: in.AssignedTo,
				Through: in.Through, Cursor: in.Cursor, Limit: in.Limit}))
		})
}

// caseSettingsPut is a hub's case-work settings as an admin sends them;
// the bounds are Settings.Validate's, so one rule answers with the field.
type caseSettingsPut struct {
	FollowUpMonths   int   `json:"follow_up_months" doc:"Months between follow-up visits, 1 to 6 (1: monthly)."`
	LostContactTries int   `json:"lost_contact_tries" doc:"Failed tries to reach the child before a closure as lost_contact, 1 to 12."`
	RetentionYears   int   `json:"retention_years" doc:"Years a closed case keeps the child's identity before it is purged, 1 to 25."`
	Version          int64 `json:"version,omitempty" doc:"The version you edited (0 for the defaults); if it changed since, 409."`
}

type caseSettingsBody struct {
	HubID            string     `json:"hub_id"`
	FollowUpMonths   int        `json:"follow_up_months"`
	LostContactTries int        `json:"lost_contact_tries"`
	RetentionYears   int        `json:"retention_years"`
	Defaults         bool       `json:"defaults" doc:"True while the hub uses the defaults (nothing stored)."`
	Version          int64      `json:"version" doc:"0 while the hub uses the defaults."`
	Updated          *time.Time `json:"updated,omitempty"`
}

func caseSettingsOut(h *casework.HubSettings) caseSettingsBody {
	v := h.Settings
	return caseSettingsBody{HubID: h.HubID, FollowUpMonths: v.FollowUpMonths, LostContactTries: v.LostContactTries,
		RetentionYears: v.RetentionYears, Defaults: h.Version == 0, Version: h.Version, Updated: when(h.Updated)}
}

func registerCaseSettings(api huma.API, s *server) {
	type settingsOut struct{ Body caseSettingsBody }
	register(api, s, endpoint{method: http.MethodGet, path: "/hubs/{id}/case-settings", id: "get-case-settings", tag: "Cases",
		perm: policies.PermCaseSettingsRead, summary: "The hub's case-work settings: follow-up interval, failed tries, retention",
		description: "Operator staff of the hub. A hub that never changed them answers the defaults (monthly, 3 tries, 5 years), marked `defaults`.",
		errors:      []int{http.StatusNotFound}},
		func(ctx context.Context, in *idPath) (*settingsOut, error) {
			h, err := s.Cases.Settings(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			return &settingsOut{caseSettingsOut(h)}, nil
		})
	type settingsIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The hub's ID."`
		Body caseSettingsPut
	}
	register(api, s, endpoint{method: http.MethodPut, path: "/hubs/{id}/case-settings", id: "set-case-settings", tag: "Cases",
		perm: policies.PermCaseSettingsUpdate, summary: "Replace the hub's case-work settings (hub admins)",
		description: "A new interval applies from each case's next visit; a new retention period at the purge's next run.",
		errors:      []int{http.StatusNotFound, http.StatusConflict}},
		func(ctx context.Context, in *settingsIn) (*settingsOut, error) {
			b := in.Body
			h, err := s.Cases.SetSettings(ctx, in.ID, casework.Settings{FollowUpMonths: b.FollowUpMonths,
				LostContactTries: b.LostContactTries, RetentionYears: b.RetentionYears}, b.Version)
			if err != nil {
				return nil, err
			}
			return &settingsOut{caseSettingsOut(h)}, nil
		})
}
