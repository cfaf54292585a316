package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/actionhub/actionhub/app/referrals"
	"github.com/actionhub/actionhub/domain/referral"
	"github.com/actionhub/actionhub/policies"
	"github.com/danielgtaylor/huma/v2"
)

// Representations of referrals. The child's minimum view is its own
// resource (/referrals/{id}/child), never part of a referral.
type (
	referralServiceBody struct {
		What       string    `json:"what"`
		On         time.Time `json:"on"`
		GivenBy    string    `json:"given_by"`
		RecordedBy string    `json:"recorded_by"`
		At         time.Time `json:"at"`
	}
	referralEventBody struct {
		State string    `json:"state"`
		By    string    `json:"by"`
		At    time.Time `json:"at"`
		Note  string    `json:"note,omitempty"`
	}
	referralOverrideBody struct {
		Reason string    `json:"reason" doc:"The emergency that justified it; \"recorded\" for the agency."`
		By     string    `json:"by"`
		At     time.Time `json:"at"`
	}
	referralBody struct {
		ID                  string                   `json:"id"`
		Version             int64                    `json:"version"`
		HubID               string                   `json:"hub_id"`
		CaseID              string                   `json:"case_id"`
		CaseCode            string                   `json:"case_code"`
		PlanActionID        string                   `json:"plan_action_id,omitempty"`
		ServiceID           string                   `json:"service_id"`
		ServiceName         string                   `json:"service_name"`
		ServiceType         string                   `json:"service_type,omitempty"`
		ProviderID          string                   `json:"provider_id"`
		ProviderName        string                   `json:"provider_name,omitempty"`
		AgencyOrgID         string                   `json:"agency_org_id,omitempty" doc:"The organisation whose officers answer; absent when no one logs in for the provider."`
		ChildAgeYears       int                      `json:"child_age_years,omitempty"`
		ChildSex            string                   `json:"child_sex,omitempty"`
		Reason              string                   `json:"reason"`
		Urgency             enumOf[referral.Urgency] `json:"urgency"`
		ConsentOverride     *referralOverrideBody    `json:"consent_override,omitempty" doc:"Present when the referral was sent without recorded consent, in an emergency."`
		PrerequisiteWarning string                   `json:"prerequisite_warning,omitempty"`
		State               enumOf[referral.State]   `json:"state"`
		DeclineReason       string                   `json:"decline_reason,omitempty"`
		Outcome             string                   `json:"outcome,omitempty"`
		Services            []referralServiceBody    `json:"services"`
		SentBy              string                   `json:"sent_by"`
		Sent                time.Time                `json:"sent"`
		Due                 time.Time                `json:"due" doc:"The agency's answer is due: the service's response-time promise, shortened by urgency."`
		Reminded            *time.Time               `json:"reminded,omitempty"`
		Escalated           *time.Time               `json:"escalated,omitempty"`
		History             []referralEventBody      `json:"history"`
		Updated             time.Time                `json:"updated"`
	}
	minimumViewBody struct {
		ReferralID string `json:"referral_id"`
		CaseCode   string `json:"case_code"`
		referrals.ChildBody
	}
)

func referralOut(r *referral.Referral) referralBody {
	b := referralBody{ID: r.ID, Version: r.Version, HubID: r.HubID, CaseID: r.CaseID, CaseCode: r.CaseCode, PlanActionID: r.PlanActionID,
		ServiceID: r.ServiceID, ServiceName: r.ServiceName, ServiceType: string(r.ServiceType), ProviderID: r.ProviderID,
		ProviderName: r.ProviderName, AgencyOrgID: r.AgencyOrgID, ChildAgeYears: r.ChildAgeYears, ChildSex: string(r.ChildSex),
		Reason: r.Reason, Urgency: enumOf[referral.Urgency](r.Urgency), PrerequisiteWarning: r.PrerequisiteWarning,
		State: enumOf[referral.State](r.State), DeclineReason: r.DeclineReason, Outcome: r.Outcome, Services: []referralServiceBody{},
		SentBy: r.SentBy, Sent: r.Sent, Due: r.Due, Reminded: when(r.Reminded), Escalated: when(r.Escalated),
		History: []referralEventBody{}, Updated: r.Updated}
	if r.Override.Recorded() {
		b.ConsentOverride = &referralOverrideBody{Reason: r.Override.Reason, By: r.Override.By, At: r.Override.At}
	}
	for _, s := range r.Services {
		b.Services = append(b.Services, referralServiceBody{What: s.What, On: s.On, GivenBy: s.GivenBy, RecordedBy: s.RecordedBy, At: s.At})
	}
	for _, e := range r.History {
		b.History = append(b.History, referralEventBody{State: string(e.State), By: e.By, At: e.At, Note: e.Note})
	}
	return b
}

var referralReply = reply(referralOut)

// ReferralVersion is the version every answer sends back. Exported so that
// Huma sees its field when embedded.
type ReferralVersion struct {
	Version int64 `json:"version" minimum:"1" doc:"The referral's version you read: a stale one is a 409, and nothing changes."`
}

func registerReferrals(api huma.API, s *server) {
	const tag = "Referrals"
	type referralCreateIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The case's ID."`
		Body struct {
			ServiceID      string                   `json:"service_id" minLength:"1" maxLength:"64" doc:"A directory service of the case's hub."`
			Reason         string                   `json:"reason" minLength:"1" maxLength:"2000"`
			Urgency        enumOf[referral.Urgency] `json:"urgency"`
			PlanActionID   string                   `json:"plan_action_id" maxLength:"64" required:"false" doc:"The plan action the referral delivers once completed."`
			OverrideReason string                   `json:"override_reason" maxLength:"2000" required:"false" doc:"Only without recorded consent, by those allowed to override: the emergency that justifies it (activity-logged)."`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/cases/{id}/referrals", id: "create-referral", tag: tag,
		perm: policies.PermReferralsCreate, status: http.StatusCreated, errors: []int{http.StatusNotFound, http.StatusConflict},
		summary: "Refer the case's child to a directory service (case workers, hub admins)",
		description: "Needs consent_for_services and disclosure_to_other_organisations recorded on the case (a 422 names what is missing), " +
			"unless a user allowed to override consent (hub admins) gives override_reason in an emergency. The answer is due after the " +
			"service's response-time promise (urgent: at most 3 days; emergency: 1). A service whose prerequisite has no completed referral " +
			"for the case is referred with a prerequisite_warning. The agency addressed reads the referral at once and the child's minimum " +
			"view once it accepts; an agency with a webhook receives it signed."},
		func(ctx context.Context, in *referralCreateIn) (*one[referralBody], error) {
			b := in.Body
			return referralReply(s.Referrals.Create(ctx, in.ID, referral.NewReferral{ServiceID: b.ServiceID, Reason: b.Reason,
				Urgency: referral.Urgency(b.Urgency), PlanActionID: b.PlanActionID, OverrideReason: b.OverrideReason}))
		})
	type referralListIn struct {
		Paging
		HubID  string                      `query:"hub_id" maxLength:"64" doc:"Operator staff: the hub; may be omitted by staff of one hub."`
		CaseID string                      `query:"case_id" maxLength:"64" doc:"Operator staff: one case's referrals."`
		State  enumOrEmpty[referral.State] `query:"state" doc:"Not with case_id."`
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/referrals", id: "list-referrals", tag: tag, perm: policies.PermReferralsList,
		summary: "List referrals, newest first: an agency's inbox, a case's or a hub's", errors: []int{http.StatusNotFound},
		description: "An agency officer: the referrals addressed to their organisation (by state). Operator staff: a case's (case_id) or the hub's (by state)."},
		func(ctx context.Context, in *referralListIn) (*page[referralBody], error) {
			return replyPage(referralOut)(s.Referrals.List(ctx, referrals.ListInput{HubID: in.HubID, CaseID: in.CaseID,
				State: referral.State(in.State), Cursor: in.Cursor, Limit: in.Limit}))
		})
	register(api, s, endpoint{method: http.MethodGet, path: "/referrals/{id}", id: "get-referral", tag: tag, perm: policies.PermReferralsRead,
		summary: "Get a referral (never the child's details)", errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *idPath) (*one[referralBody], error) {
			return referralReply(s.Referrals.Get(ctx, in.ID))
		})
	register(api, s, endpoint{method: http.MethodGet, path: "/referrals/{id}/child", id: "get-referral-child", tag: tag,
		perm: policies.PermReferralsReadView, errors: []int{http.StatusNotFound},
		summary: "Read the child's minimum view for the referral's service type",
		description: "Identity basics (name, guardian, age, sex, languages) plus what the service type needs, never the whole case. " +
			"The agency reads it only while it handles the referral (accepted or in service) and the case is open: 404 otherwise. " +
			"Every read is an identity read of the case in the activity log."},
		func(ctx context.Context, in *idPath) (*one[minimumViewBody], error) {
			v, r, err := s.Referrals.View(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			return &one[minimumViewBody]{minimumViewBody{ReferralID: r.ID, CaseCode: v.CaseCode, ChildBody: referrals.ChildBodyOf(*v)}}, nil
		})

	edits := []int{http.StatusNotFound, http.StatusConflict}
	type referralVersionIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The referral's ID."`
		Body struct {
			ReferralVersion
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/referrals/{id}/accept", id: "accept-referral", tag: tag,
		perm: policies.PermReferralsAnswer, errors: edits, summary: "Accept a referral (the agency): its officers then read the child's minimum view"},
		func(ctx context.Context, in *referralVersionIn) (*one[referralBody], error) {
			return referralReply(s.Referrals.Accept(ctx, in.ID, in.Body.Version))
		})
	type referralReasonIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The referral's ID."`
		Body struct {
			ReferralVersion
			Reason string `json:"reason" minLength:"1" maxLength:"2000"`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/referrals/{id}/decline", id: "decline-referral", tag: tag,
		perm: policies.PermReferralsAnswer, errors: edits, summary: "Decline a referral with the reason (the agency); the case worker is told"},
		func(ctx context.Context, in *referralReasonIn) (*one[referralBody], error) {
			return referralReply(s.Referrals.Decline(ctx, in.ID, in.Body.Version, in.Body.Reason))
		})
	type referralServiceIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The referral's ID."`
		Body struct {
			ReferralVersion
			What    string    `json:"what" minLength:"1" maxLength:"2000" doc:"The service given."`
			On      time.Time `json:"on" doc:"When it was given."`
			GivenBy string    `json:"given_by" minLength:"1" maxLength:"300" doc:"Who gave it: a name or post at the agency."`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/referrals/{id}/services", id: "record-referral-service", tag: tag,
		perm: policies.PermReferralsAnswer, errors: edits, summary: "Record a service given (what, when, by whom): the referral is in service"},
		func(ctx context.Context, in *referralServiceIn) (*one[referralBody], error) {
			b := in.Body
			return referralReply(s.Referrals.RecordService(ctx, in.ID, b.Version, referral.ServiceGiven{What: b.What, On: b.On, GivenBy: b.GivenBy}))
		})
	type referralNoteIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The referral's ID."`
		Body struct {
			ReferralVersion
			Note string `json:"note" maxLength:"2000" required:"false" doc:"The outcome; required to fail."`
		}
	}
	for _, f := range []struct {
		verb    string
		to      referral.State
		summary string
	}{
		{"complete", referral.Completed, "Complete a referral in service: its plan action is marked delivered; the agency's access ends"},
		{"fail", referral.Failed, "Fail a referral with the reason; the agency's access ends"},
	} {
		register(api, s, endpoint{method: http.MethodPost, path: "/referrals/{id}/" + f.verb, id: f.verb + "-referral", tag: tag,
			perm: policies.PermReferralsAnswer, errors: edits, summary: f.summary},
			func(ctx context.Context, in *referralNoteIn) (*one[referralBody], error) {
				return referralReply(s.Referrals.Finish(ctx, in.ID, in.Body.Version, f.to, in.Body.Note))
			})
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/referrals/{id}/revoke", id: "revoke-referral", tag: tag,
		perm: policies.PermReferralsRevoke, errors: edits, summary: "Revoke an open referral with the reason (the sender's side); the agency's access ends"},
		func(ctx context.Context, in *referralReasonIn) (*one[referralBody], error) {
			return referralReply(s.Referrals.Revoke(ctx, in.ID, in.Body.Version, in.Body.Reason))
		})
}
