package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/actionhub/actionhub/app/audits"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/policies"
	"github.com/danielgtaylor/huma/v2"
)

// Representations of audits.
type (
	windowBody struct {
		From string `json:"from" format:"date" example:"2026-12-07" doc:"First day, in the hub's time zone."`
		To   string `json:"to" format:"date" example:"2026-12-09" doc:"Last day, included."`
	}
	scoreBody struct {
		Met        int `json:"met" minimum:"0" maximum:"10000" doc:"Requirements met."`
		Applicable int `json:"applicable" minimum:"1" maximum:"10000" doc:"Requirements that apply."`
	}
	ratingBody struct {
		Grade         enumOf[audit.Grade] `json:"grade"`
		Percent       int                 `json:"percent"`
		ZeroTolerance bool                `json:"zero_tolerance"`
		NextAuditType enumOf[audit.Type]  `json:"next_audit_type"`
		NextAuditDue  string              `json:"next_audit_due" format:"date"`
	}
	auditBody struct {
		ID            string              `json:"id"`
		HubID         string              `json:"hub_id"`
		SupplierID    string              `json:"supplier_id"`
		Type          enumOf[audit.Type]  `json:"type"`
		Mode          enumOf[audit.Mode]  `json:"mode"`
		Window        windowBody          `json:"window"`
		LeadAuditorID string              `json:"lead_auditor_id,omitempty" doc:"Operator staff and the supplier only."`
		TeamIDs       []string            `json:"team_ids,omitempty" doc:"Operator staff and the supplier only."`
		BrandOrgIDs   []string            `json:"brand_org_ids,omitempty" doc:"A brand sees only itself here."`
		State         enumOf[audit.State] `json:"state"`
		Score         *scoreBody          `json:"score,omitempty"`
		Summary       string              `json:"summary,omitempty"`
		Rating        *ratingBody         `json:"rating,omitempty" doc:"Set on publishing; it sets when the next audit is due."`
		ReturnReason  string              `json:"return_reason,omitempty" doc:"Operator staff only."`
		CancelReason  string              `json:"cancel_reason,omitempty"`
		Created       time.Time           `json:"created"`
		Started       *time.Time          `json:"started,omitempty"`
		Submitted     *time.Time          `json:"submitted,omitempty"`
		Published     *time.Time          `json:"published,omitempty"`
		Cancelled     *time.Time          `json:"cancelled,omitempty"`
		Version       int64               `json:"version"`
	}
)

func auditOut(a *audit.Audit) auditBody {
	b := auditBody{ID: a.ID, HubID: a.HubID, SupplierID: a.SupplierID, Type: enum(a.Type), Mode: enum(a.Mode),
		Window: windowBody{From: string(a.Window.From), To: string(a.Window.To)}, LeadAuditorID: a.LeadAuditorID,
		TeamIDs: a.TeamIDs, BrandOrgIDs: a.BrandOrgIDs, State: enum(a.State), Summary: a.Summary,
		ReturnReason: a.ReturnReason, CancelReason: a.CancelReason, Created: a.Created, Started: when(a.Started),
		Submitted: when(a.Submitted), Published: when(a.Published), Cancelled: when(a.Cancelled), Version: a.Version}
	if a.Score.Applicable > 0 {
		b.Score = &scoreBody{Met: a.Score.Met, Applicable: a.Score.Applicable}
	}
	if a.Rating.Grade != "" {
		r := a.Rating
		b.Rating = &ratingBody{Grade: enum(r.Grade), Percent: r.Percent, ZeroTolerance: r.ZeroTolerance,
			NextAuditType: enum(r.NextAuditType), NextAuditDue: string(r.NextAuditDue)}
	}
	return b
}

// auditReply shapes an audit for the caller (audits.View) before it is sent.
func auditReply(ctx context.Context) func(*audit.Audit, error) (*one[auditBody], error) {
	return reply(func(a *audit.Audit) auditBody { return auditOut(audits.View(ctx, a)) })
}

func registerAudits(api huma.API, s *server) {
	type scheduleIn struct {
		Body struct {
			HubID         string             `json:"hub_id" maxLength:"64" required:"false" doc:"The hub; may be omitted by staff of one hub."`
			SupplierID    string             `json:"supplier_id" minLength:"1" maxLength:"64"`
			Type          enumOf[audit.Type] `json:"type"`
			Mode          enumOf[audit.Mode] `json:"mode"`
			Window        windowBody         `json:"window"`
			LeadAuditorID string             `json:"lead_auditor_id" minLength:"1" maxLength:"64"`
			TeamIDs       []string           `json:"team_ids" minItems:"1" maxItems:"20" doc:"Every auditor on the audit, the lead among them."`
			BrandOrgIDs   []string           `json:"brand_org_ids" maxItems:"200" required:"false" doc:"Linked brands whose interest the audit serves."`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/audits", id: "schedule-audit", tag: "Audits",
		perm: policies.PermAuditsSchedule, summary: "Schedule an audit at an active supplier (hub admins)", status: http.StatusCreated,
		errors: []int{http.StatusConflict},
		description: "A window is whole days in the hub's time zone, from today, at most 31 days and starting within 730 days. " +
			"An auditor already on an audit that shares a day, or a supplier with an open audit of the same type, is a 409."},
		func(ctx context.Context, in *scheduleIn) (*one[auditBody], error) {
			b := in.Body
			return auditReply(ctx)(s.Audits.Schedule(ctx, audits.ScheduleInput{HubID: b.HubID, Plan: audit.Plan{
				SupplierID: b.SupplierID, Type: audit.Type(b.Type), Mode: audit.Mode(b.Mode),
				Window:        audit.Window{From: audit.Date(b.Window.From), To: audit.Date(b.Window.To)},
				LeadAuditorID: b.LeadAuditorID, TeamIDs: b.TeamIDs, BrandOrgIDs: b.BrandOrgIDs}}))
		})

	type listIn struct {
		Paging
		HubID      string                   `query:"hub_id" maxLength:"64" doc:"Operator staff: the hub; may be omitted by staff of one hub."`
		SupplierID string                   `query:"supplier_id" maxLength:"64" doc:"Only this supplier's audits."`
		AuditorID  string                   `query:"auditor_id" maxLength:"64" doc:"Operator staff: the audits this auditor is on."`
		State      enumOrEmpty[audit.State] `query:"state" doc:"Only audits in this state."`
		From       string                   `query:"from" maxLength:"10" doc:"Only audits whose window opens on this day (2006-01-02, the hub's time zone) or later."`
		To         string                   `query:"to" maxLength:"10" doc:"Only audits whose window opens on this day or earlier; not before from."`
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/audits", id: "list-audits", tag: "Audits",
		perm: policies.PermAuditsList, summary: "List the audits you may see, latest window first",
		description: "Operator staff: the hub's, by state, supplier or auditor. A supplier: its announced audits, and unannounced ones once started. " +
			"A brand: published audits of its suppliers (name supplier_id for one supplier's)."},
		func(ctx context.Context, in *listIn) (*page[auditBody], error) {
			return replyPage(func(a *audit.Audit) auditBody { return auditOut(audits.View(ctx, a)) })(s.Audits.ListAudits(ctx, audits.AuditFilter{
				HubID: in.HubID, SupplierID: in.SupplierID, AuditorID: in.AuditorID, State: audit.State(in.State), From: in.From, To: in.To, Cursor: in.Cursor, Limit: in.Limit}))
		})

	register(api, s, endpoint{method: http.MethodGet, path: "/audits/{id}", id: "get-audit", tag: "Audits",
		perm: policies.PermAuditsRead, summary: "Get an audit you may see", errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *idPath) (*one[auditBody], error) {
			return auditReply(ctx)(s.Audits.Audit(ctx, in.ID))
		})

	type submitIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The object's ID."`
		Body struct {
			Score   scoreBody `json:"score"`
			Summary string    `json:"summary" minLength:"1" maxLength:"5000" doc:"Shown to the supplier and the linked brands once published."`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/audits/{id}/submit", id: "submit-audit", tag: "Audits",
		perm: policies.PermAuditsSubmit, summary: "Submit an audit in progress for review (its team)",
		errors: []int{http.StatusNotFound, http.StatusConflict}},
		func(ctx context.Context, in *submitIn) (*one[auditBody], error) {
			return auditReply(ctx)(s.Audits.Move(ctx, in.ID, audit.MoveSubmit, audits.MoveInput{
				Score: audit.Score{Met: in.Body.Score.Met, Applicable: in.Body.Score.Applicable}, Summary: in.Body.Summary}))
		})
	for _, m := range []struct {
		move    audit.Move
		perm    policies.Permission
		summary string
	}{
		{audit.MoveStart, policies.PermAuditsStart, "Start a scheduled audit on site (its team, or a hub admin)"},
		{audit.MovePublish, policies.PermAuditsPublish, "Publish a submitted audit: rate the site and make the corrective actions (hub admins)"},
	} {
		register(api, s, endpoint{method: http.MethodPost, path: "/audits/{id}/" + string(m.move), id: string(m.move) + "-audit", tag: "Audits",
			perm: m.perm, summary: m.summary, errors: []int{http.StatusNotFound, http.StatusConflict}},
			func(ctx context.Context, in *idPath) (*one[auditBody], error) {
				return auditReply(ctx)(s.Audits.Move(ctx, in.ID, m.move, audits.MoveInput{}))
			})
	}
	type reasonIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The object's ID."`
		Body struct {
			Reason string `json:"reason" minLength:"1" maxLength:"2000"`
		}
	}
	for _, m := range []struct {
		move    audit.Move
		perm    policies.Permission
		summary string
	}{
		{audit.MoveReturn, policies.PermAuditsPublish, "Send a submitted audit back to its team, with the reason (hub admins)"},
		{audit.MoveCancel, policies.PermAuditsCancel, "Cancel a scheduled or in-progress audit, with the reason (hub admins)"},
	} {
		register(api, s, endpoint{method: http.MethodPost, path: "/audits/{id}/" + string(m.move), id: string(m.move) + "-audit", tag: "Audits",
			perm: m.perm, summary: m.summary, errors: []int{http.StatusNotFound, http.StatusConflict}},
			func(ctx context.Context, in *reasonIn) (*one[auditBody], error) {
				return auditReply(ctx)(s.Audits.Move(ctx, in.ID, m.move, audits.MoveInput{Reason: in.Body.Reason}))
			})
	}
	registerFindings(api, s)
	registerActions(api, s)
	registerEvidence(api, s)
}
