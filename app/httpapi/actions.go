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

// actionBody is a corrective action.
type actionBody struct {
	ID            string                    `json:"id"`
	HubID         string                    `json:"hub_id"`
	AuditID       string                    `json:"audit_id"`
	FindingID     string                    `json:"finding_id"`
	SupplierID    string                    `json:"supplier_id"`
	Kind          enumOf[audit.ActionKind]  `json:"kind"`
	What          string                    `json:"what"`
	Owner         string                    `json:"owner,omitempty" doc:"Who at the site answers for it (not sent to brands: a person's name)."`
	Due           *time.Time                `json:"due,omitempty" doc:"Absent for a collaborative action: no fixed deadline."`
	Verification  enumOf[audit.Method]      `json:"verification"`
	Collaborative bool                      `json:"collaborative"`
	State         enumOf[audit.ActionState] `json:"state"`
	Overdue       bool                      `json:"overdue" doc:"Past due while waiting on the site."`
	Evidence      []evidenceBody            `json:"evidence"`
	Note          string                    `json:"note,omitempty"`
	RejectReason  string                    `json:"reject_reason,omitempty"`
	Created       time.Time                 `json:"created"`
	Submitted     *time.Time                `json:"submitted,omitempty"`
	Verified      *time.Time                `json:"verified,omitempty"`
	Version       int64                     `json:"version"`
}

func actionOut(a *audit.Action, now time.Time) actionBody {
	return actionBody{ID: a.ID, HubID: a.HubID, AuditID: a.AuditID, FindingID: a.FindingID, SupplierID: a.SupplierID,
		Kind: enum(a.Kind), What: a.What, Owner: a.Owner, Due: when(a.Due), Verification: enum(a.Verification),
		Collaborative: a.Collaborative, State: enum(a.State), Overdue: a.Overdue(now), Evidence: evidenceOut(a.Evidence),
		Note: a.Note, RejectReason: a.RejectReason, Created: a.Created, Submitted: when(a.Submitted), Verified: when(a.Verified), Version: a.Version}
}

// actionView shapes an action for the caller (audits.ActionView).
func actionView(ctx context.Context) func(*audit.Action) actionBody {
	now := time.Now().UTC()
	return func(a *audit.Action) actionBody { return actionOut(audits.ActionView(ctx, a), now) }
}

func registerActions(api huma.API, s *server) {
	type listIn struct {
		Paging
		HubID      string                         `query:"hub_id" maxLength:"64" doc:"Operator staff: the hub; may be omitted by staff of one hub."`
		SupplierID string                         `query:"supplier_id" maxLength:"64" doc:"One supplier's actions (brands must name one)."`
		FindingID  string                         `query:"finding_id" maxLength:"64" doc:"One finding's actions."`
		State      enumOrEmpty[audit.ActionState] `query:"state" doc:"With supplier_id: only actions in this state."`
		Overdue    bool                           `query:"overdue" doc:"Operator staff: the hub's actions past due while waiting on the site, longest overdue first."`
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/actions", id: "list-actions", tag: "Corrective actions",
		perm: policies.PermActionsList, summary: "List corrective actions you may see, soonest due first",
		errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *listIn) (*page[actionBody], error) {
			return replyPage(actionView(ctx))(s.Audits.ListActions(ctx, audits.ActionFilter{HubID: in.HubID, SupplierID: in.SupplierID,
				FindingID: in.FindingID, State: audit.ActionState(in.State), Overdue: in.Overdue, Cursor: in.Cursor, Limit: in.Limit}))
		})
	register(api, s, endpoint{method: http.MethodGet, path: "/actions/{id}", id: "get-action", tag: "Corrective actions",
		perm: policies.PermActionsRead, summary: "Get a corrective action you may see", errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *idPath) (*one[actionBody], error) {
			return reply(actionView(ctx))(s.Audits.Action(ctx, in.ID))
		})
	type textIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The object's ID."`
		Body *struct {
			Text string `json:"text" maxLength:"2000" required:"false" doc:"The owner (owner), a note on the work (submit) or the reason (reject)."`
		} `required:"false"`
	}
	for _, m := range []struct {
		move    audits.ActionMove
		perm    policies.Permission
		summary string
	}{
		{audits.ActionStart, policies.PermActionsUpdate, "Start or resume a corrective action (the supplier's manager)"},
		{audits.ActionOwner, policies.PermActionsUpdate, "Name who at the site answers for a corrective action (the supplier's manager)"},
		{audits.ActionSubmit, policies.PermActionsUpdate, "Say a corrective action is done (the supplier's manager; a desk review needs a file first)"},
		{audits.ActionVerify, policies.PermActionsVerify, "Verify a submitted corrective action (auditors, hub admins)"},
		{audits.ActionReject, policies.PermActionsVerify, "Reject a submitted corrective action with the reason (auditors, hub admins)"},
	} {
		register(api, s, endpoint{method: http.MethodPost, path: "/actions/{id}/" + string(m.move), id: string(m.move) + "-action", tag: "Corrective actions",
			perm: m.perm, summary: m.summary, errors: []int{http.StatusNotFound, http.StatusConflict}},
			func(ctx context.Context, in *textIn) (*one[actionBody], error) {
				var text string
				if in.Body != nil {
					text = in.Body.Text
				}
				return reply(actionView(ctx))(s.Audits.MoveAction(ctx, in.ID, m.move, text))
			})
	}
}
