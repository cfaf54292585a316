package httpapi

import (
	"context"
	"io"
	"net/http"
	"time"

	"github.com/actionhub/actionhub/app/cases"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/policies"
	"github.com/danielgtaylor/huma/v2"
)

// stipendBody is a case's stipend schedule.
type stipendBody struct {
	CaseID     string `json:"case_id"`
	CaseCode   string `json:"case_code"`
	SupplierID string `json:"supplier_id"`
	ActionID   string `json:"action_id" doc:"The stipend plan action."`
	MonthlyPKR int64  `json:"monthly_pkr"`
	DueDay     int    `json:"due_day" doc:"Day of the month the stipend is due."`
	GraceDays  int    `json:"grace_days" doc:"Days after the due day a payment is still on time."`
	Start      string `json:"start" doc:"First month, 2006-01."`
	End        string `json:"end" doc:"Last month, 2006-01."`
	Checked    string `json:"checked,omitempty" doc:"The last month whose deadline passed and was checked."`
	NextDue    string `json:"next_deadline,omitempty" doc:"The deadline of the first month not yet checked; absent once the stipend is over."`
	Version    int64  `json:"version"`
}

func stipendOut(s *casework.Stipend) stipendBody {
	return stipendBody{CaseID: s.ID, CaseCode: s.CaseCode, SupplierID: s.SupplierID, ActionID: s.ActionID, MonthlyPKR: s.MonthlyPKR,
		DueDay: s.DueDay, GraceDays: s.GraceDays, Start: string(s.Start), End: string(s.End), Checked: string(s.Checked),
		NextDue: string(s.NextDeadline()), Version: s.Version}
}

// paymentBody is one month of a stipend: never the child's identity, the
// case code only.
type paymentBody struct {
	ID            string                        `json:"id"`
	CaseID        string                        `json:"case_id"`
	CaseCode      string                        `json:"case_code"`
	SupplierID    string                        `json:"supplier_id"`
	Period        string                        `json:"period" doc:"The month, 2006-01."`
	AmountPKR     int64                         `json:"amount_pkr,omitempty"`
	ExpectedPKR   int64                         `json:"expected_pkr"`
	PaidOn        string                        `json:"paid_on,omitempty"`
	Due           string                        `json:"due"`
	Deadline      string                        `json:"deadline" doc:"The due day plus the grace: paid after it is late."`
	Late          bool                          `json:"late"`
	Missed        bool                          `json:"missed" doc:"No payment was recorded by the deadline."`
	State         enumOf[casework.PaymentState] `json:"state"`
	Proof         *evidenceBody                 `json:"proof,omitempty"`
	Recorded      *time.Time                    `json:"recorded,omitempty"`
	Decided       *time.Time                    `json:"decided,omitempty"`
	DisputeReason string                        `json:"dispute_reason,omitempty"`
	Escalated     bool                          `json:"escalated" doc:"The operator and the linked brands were told it was late or missed."`
	Version       int64                         `json:"version"`
}

func paymentOut(p *casework.Payment) paymentBody {
	b := paymentBody{ID: p.ID, CaseID: p.CaseID, CaseCode: p.CaseCode, SupplierID: p.SupplierID, Period: string(p.Period),
		AmountPKR: p.AmountPKR, ExpectedPKR: p.ExpectedPKR, PaidOn: string(p.PaidOn), Due: string(p.Due), Deadline: string(p.Deadline),
		Late: p.Late, Missed: p.Missed, State: enum(p.State), Recorded: when(p.Recorded), Decided: when(p.Decided),
		DisputeReason: p.DisputeReason, Escalated: !p.Escalated.IsZero(), Version: p.Version}
	if p.Proof != nil {
		e := evidenceOut([]audit.Evidence{*p.Proof})[0]
		b.Proof = &e
	}
	return b
}

// progressBody is the supplier's report on an obligation.
type progressBody struct {
	Status       enumOf[casework.ObligationStatus] `json:"status"`
	Note         string                            `json:"note,omitempty"`
	Evidence     []evidenceBody                    `json:"evidence"`
	Reported     time.Time                         `json:"reported"`
	RejectReason string                            `json:"reject_reason,omitempty" doc:"Why the case worker sent it back."`
}

// obligationBody is one supplier-owned plan action, with the case code
// and never the case worker's description or the child.
type obligationBody struct {
	ActionID          string                        `json:"action_id"`
	Kind              enumOf[casework.ActionKind]   `json:"kind"`
	Due               time.Time                     `json:"due"`
	Status            enumOf[casework.ActionStatus] `json:"status"`
	StipendMonthlyPKR int64                         `json:"stipend_monthly_pkr,omitempty"`
	Progress          *progressBody                 `json:"progress,omitempty"`
}

// caseObligationsBody is a case's obligations on the supplier's list.
type caseObligationsBody struct {
	CaseID      string                  `json:"case_id"`
	CaseCode    string                  `json:"case_code"`
	SupplierID  string                  `json:"supplier_id"`
	Status      enumOf[casework.Status] `json:"status"`
	Obligations []obligationBody        `json:"obligations"`
}

func caseObligationsOut(c *cases.CaseObligations) caseObligationsBody {
	b := caseObligationsBody{CaseID: c.CaseID, CaseCode: c.CaseCode, SupplierID: c.SupplierID, Status: enum(c.Status), Obligations: []obligationBody{}}
	for _, o := range c.Obligations {
		ob := obligationBody{ActionID: o.ActionID, Kind: enum(o.Kind), Due: o.Due, Status: enum(o.Status), StipendMonthlyPKR: o.StipendMonthlyPKR}
		if p := o.Progress; p != nil {
			ob.Progress = &progressBody{Status: enum(p.Status), Note: p.Note, Evidence: evidenceOut(p.Evidence), Reported: p.Reported, RejectReason: p.RejectReason}
		}
		b.Obligations = append(b.Obligations, ob)
	}
	return b
}

func registerStipends(api huma.API, s *server) {
	const tag = "Stipends and obligations"
	type termsIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The case's ID."`
		Body struct {
			ActionID   string `json:"action_id" minLength:"1" maxLength:"64" doc:"The plan action: a stipend owned by the supplier."`
			MonthlyPKR int64  `json:"monthly_pkr" minimum:"0" maximum:"1000000" required:"false" doc:"Omit for the plan action's amount; at least the child's lost wage."`
			DueDay     int    `json:"due_day" minimum:"1" maximum:"28" doc:"Day of the month it is due."`
			GraceDays  *int   `json:"grace_days,omitempty" minimum:"0" maximum:"27" required:"false" doc:"Days after the due day still on time; default 5."`
			Start      string `json:"start,omitempty" maxLength:"7" required:"false" doc:"First month, 2006-01; default the next month."`
			End        string `json:"end,omitempty" maxLength:"7" required:"false" doc:"Last month, 2006-01; default the month before the child reaches the higher of the province's working age and 16 (Article 25-A)."`
			Version    int64  `json:"version,omitempty" minimum:"0" required:"false" doc:"The version of the terms you change; if they changed since, 409 and nothing changes. Omit it (or 0) when setting the first terms or to change them as they are."`
		}
	}
	edits := []int{http.StatusNotFound, http.StatusConflict}
	register(api, s, endpoint{method: http.MethodPut, path: "/cases/{id}/stipend", id: "set-case-stipend", tag: tag, perm: policies.PermStipendsTerms,
		summary: "Set or change the terms of a case's stipend (case workers)", errors: edits},
		func(ctx context.Context, in *termsIn) (*one[stipendBody], error) {
			b, grace := in.Body, -1
			if b.GraceDays != nil {
				grace = *b.GraceDays
			}
			return reply(stipendOut)(s.Ledger.SetStipend(ctx, in.ID, b.Version, casework.StipendTerms{ActionID: b.ActionID, MonthlyPKR: b.MonthlyPKR,
				DueDay: b.DueDay, GraceDays: grace, Start: casework.Period(b.Start), End: casework.Period(b.End)}))
		})
	register(api, s, endpoint{method: http.MethodGet, path: "/cases/{id}/stipend", id: "get-case-stipend", tag: tag, perm: policies.PermStipendsRead,
		summary: "Get a case's stipend terms (case staff and the supplier)", errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *idPath) (*one[stipendBody], error) {
			return reply(stipendOut)(s.Ledger.Stipend(ctx, in.ID))
		})
	type stipendsIn struct {
		Paging
		HubID      string `query:"hub_id" maxLength:"64" doc:"Operator staff: the hub; may be omitted by staff of one hub."`
		SupplierID string `query:"supplier_id" maxLength:"64" doc:"One supplier's stipends; a facility's user may omit it."`
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/stipends", id: "list-stipends", tag: tag, perm: policies.PermStipendsList,
		summary: "List running stipends, the next deadline first: what is due", errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *stipendsIn) (*page[stipendBody], error) {
			return replyPage(stipendOut)(s.Ledger.Stipends(ctx, cases.StipendFilter{HubID: in.HubID, SupplierID: in.SupplierID, Cursor: in.Cursor, Limit: in.Limit}))
		})

	type recordIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The case's ID."`
		Body struct {
			Period    string `json:"period" minLength:"7" maxLength:"7" doc:"The month paid, 2006-01."`
			AmountPKR int64  `json:"amount_pkr" minimum:"1" maximum:"1000000"`
			PaidOn    string `json:"paid_on" minLength:"10" maxLength:"10" doc:"The day it was paid, 2006-01-02."`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/cases/{id}/stipend/payments", id: "record-stipend-payment", tag: tag,
		perm: policies.PermStipendsRecord, status: http.StatusCreated, errors: edits,
		summary:     "Record the stipend paid for a month (the supplier)",
		description: "One payment per case and month: a second record for the same month is a 409. A month flagged missed takes its late payment. Upload the proof next."},
		func(ctx context.Context, in *recordIn) (*one[paymentBody], error) {
			b := in.Body
			return reply(paymentOut)(s.Ledger.RecordPayment(ctx, in.ID, casework.NewPayment{Period: casework.Period(b.Period),
				AmountPKR: b.AmountPKR, PaidOn: audit.Date(b.PaidOn)}))
		})
	type casePaymentsIn struct {
		Paging
		ID string `path:"id" minLength:"1" maxLength:"64" doc:"The case's ID."`
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/cases/{id}/stipend/payments", id: "list-case-stipend-payments", tag: tag,
		perm: policies.PermStipendsList, summary: "List a case's stipend payments, the latest month first", errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *casePaymentsIn) (*page[paymentBody], error) {
			return replyPage(paymentOut)(s.Ledger.Payments(ctx, cases.PaymentFilter{CaseID: in.ID, Cursor: in.Cursor, Limit: in.Limit}))
		})
	type paymentsIn struct {
		Paging
		HubID      string `query:"hub_id" maxLength:"64" doc:"Operator staff: the hub (with flagged); may be omitted by staff of one hub."`
		SupplierID string `query:"supplier_id" maxLength:"64" doc:"One supplier's payments; a facility's user may omit it."`
		Flagged    bool   `query:"flagged" doc:"Only late and missed payments (required for the hub's list)."`
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/stipend-payments", id: "list-stipend-payments", tag: tag,
		perm: policies.PermStipendsList, summary: "List a supplier's stipend payments, or the hub's late and missed ones, the latest month first",
		errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *paymentsIn) (*page[paymentBody], error) {
			return replyPage(paymentOut)(s.Ledger.Payments(ctx, cases.PaymentFilter{HubID: in.HubID, SupplierID: in.SupplierID,
				Flagged: in.Flagged, Cursor: in.Cursor, Limit: in.Limit}))
		})
	register(api, s, endpoint{method: http.MethodGet, path: "/stipend-payments/{id}", id: "get-stipend-payment", tag: tag,
		perm: policies.PermStipendsRead, summary: "Get a stipend payment", errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *idPath) (*one[paymentBody], error) {
			return reply(paymentOut)(s.Ledger.Payment(ctx, in.ID))
		})
	type decideIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The payment's ID."`
		Body *struct {
			Reason  string `json:"reason" maxLength:"2000" required:"false" doc:"Why it is disputed (required to dispute)."`
			Version int64  `json:"version,omitempty" minimum:"0" required:"false" doc:"The payment's version you decided on; if it changed since (a new proof, another decision), 409 and nothing changes. Omit it (or 0) to decide on the payment as it is."`
		} `required:"false"`
	}
	for _, d := range []struct {
		verb    string
		confirm bool
		summary string
	}{
		{"confirm", true, "Confirm a recorded stipend payment (case workers)"},
		{"dispute", false, "Dispute a recorded stipend payment with the reason (case workers)"},
	} {
		register(api, s, endpoint{method: http.MethodPost, path: "/stipend-payments/{id}/" + d.verb, id: d.verb + "-stipend-payment", tag: tag,
			perm: policies.PermStipendsConfirm, summary: d.summary, errors: edits},
			func(ctx context.Context, in *decideIn) (*one[paymentBody], error) {
				reason, version := "", int64(0)
				if in.Body != nil {
					reason, version = in.Body.Reason, in.Body.Version
				}
				return reply(paymentOut)(s.Ledger.DecidePayment(ctx, in.ID, version, d.confirm, reason))
			})
	}
	uploadDoc := "Send the file as the body with its Content-Type, or as the field file of a multipart form: PDF, JPEG, PNG, WebP " +
		"or HEIC, recognised by their first bytes; at most 25 MB. A file that shows or names a person is refused."
	binary := &huma.MediaType{Schema: &huma.Schema{Type: "string", Format: "binary"}}
	uploadBody := &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{
		"application/pdf": binary, "image/jpeg": binary, "image/png": binary, "image/webp": binary, "image/heic": binary,
		"multipart/form-data": {Schema: &huma.Schema{Type: "object", Required: []string{"file"},
			Properties: map[string]*huma.Schema{"file": {Type: "string", Format: "binary", Description: "The file."}}}},
	}}
	register(api, s, endpoint{method: http.MethodPost, path: "/stipend-payments/{id}/proof", id: "upload-stipend-proof", tag: tag,
		perm: policies.PermStipendsRecord, summary: "Upload a stipend payment's proof (the supplier), replacing an earlier one",
		description: uploadDoc, maxBody: maxEvidenceUpload, timeout: uploadTimeout,
		errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusRequestEntityTooLarge}},
		func(ctx context.Context, in *evidenceIn) (*one[paymentBody], error) {
			up, err := in.upload()
			if err != nil {
				return nil, err
			}
			return reply(paymentOut)(s.Ledger.UploadProof(ctx, in.ID, up.Declared, up.ShowsPerson, up.Body))
		})
	api.OpenAPI().Paths["/api/v1/stipend-payments/{id}/proof"].Post.RequestBody = uploadBody
	register(api, s, endpoint{method: http.MethodGet, path: "/stipend-payments/{id}/proof", id: "download-stipend-proof", tag: tag,
		perm: policies.PermStipendsRead, summary: "Download a stipend payment's proof", errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *idPath) (*huma.StreamResponse, error) {
			r, e, err := s.Ledger.Proof(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			return download(r, e), nil
		})

	type obligationsIn struct {
		Paging
		SupplierID string `query:"supplier_id" maxLength:"64" doc:"The supplier; a facility's user may omit it."`
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/obligations", id: "list-obligations", tag: tag, perm: policies.PermObligationsList,
		summary: "List a supplier's obligations in its cases' plans, newest case first (case code, never the child)",
		description: "The supplier's part of its corrective-action list: corrective actions from audits are at /actions, " +
			"the plan actions it owes in child labour cases here. Each item is a case with its code and the supplier-owned actions.",
		errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *obligationsIn) (*page[caseObligationsBody], error) {
			return replyPage(caseObligationsOut)(s.Ledger.Obligations(ctx, cases.ObligationFilter{SupplierID: in.SupplierID, Cursor: in.Cursor, Limit: in.Limit}))
		})
	type progressIn struct {
		ID       string `path:"id" minLength:"1" maxLength:"64" doc:"The case's ID."`
		ActionID string `path:"action_id" minLength:"1" maxLength:"64" doc:"The plan action's ID."`
		Body     struct {
			Status enumOf[casework.ObligationStatus] `json:"status"`
			Note   string                            `json:"note,omitempty" maxLength:"5000" required:"false" doc:"What was done (required for done)."`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/cases/{id}/obligations/{action_id}/progress", id: "report-obligation", tag: tag,
		perm: policies.PermObligationsReport, summary: "Report progress on an obligation: in progress, or done for the case worker to confirm (the supplier)", errors: edits},
		func(ctx context.Context, in *progressIn) (*one[caseObligationsBody], error) {
			return reply(caseObligationsOut)(s.Ledger.ReportObligation(ctx, in.ID, in.ActionID, casework.ObligationStatus(in.Body.Status), in.Body.Note))
		})
	type confirmIn struct {
		ID       string `path:"id" minLength:"1" maxLength:"64" doc:"The case's ID."`
		ActionID string `path:"action_id" minLength:"1" maxLength:"64" doc:"The plan action's ID."`
		Body     *struct {
			Reason string `json:"reason" maxLength:"2000" required:"false" doc:"Why it is sent back (required to send back)."`
		} `required:"false"`
	}
	for _, d := range []struct {
		verb    string
		confirm bool
		summary string
	}{
		{"confirm", true, "Confirm an obligation the supplier reported done: the action is delivered (case workers)"},
		{"send-back", false, "Send an obligation reported done back to the supplier with the reason (case workers)"},
	} {
		register(api, s, endpoint{method: http.MethodPost, path: "/cases/{id}/obligations/{action_id}/" + d.verb, id: d.verb + "-obligation", tag: tag,
			perm: policies.PermObligationsConfirm, summary: d.summary, errors: edits},
			func(ctx context.Context, in *confirmIn) (*one[caseObligationsBody], error) {
				reason := ""
				if in.Body != nil {
					reason = in.Body.Reason
				}
				return reply(caseObligationsOut)(s.Ledger.ConfirmObligation(ctx, in.ID, in.ActionID, d.confirm, reason))
			})
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/cases/{id}/obligations/{action_id}/evidence", id: "upload-obligation-evidence", tag: tag,
		perm: policies.PermObligationsReport, summary: "Attach an evidence file to an obligation (the supplier)", status: http.StatusCreated,
		description: uploadDoc, maxBody: maxEvidenceUpload, timeout: uploadTimeout,
		errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusRequestEntityTooLarge}},
		func(ctx context.Context, in *obligationFileIn) (*one[caseObligationsBody], error) {
			up, err := (&evidenceIn{ContentType: in.ContentType, ShowsPerson: in.ShowsPerson, body: in.body}).upload()
			if err != nil {
				return nil, err
			}
			return reply(caseObligationsOut)(s.Ledger.AddObligationFile(ctx, in.ID, in.ActionID, up.Declared, up.ShowsPerson, up.Body))
		})
	api.OpenAPI().Paths["/api/v1/cases/{id}/obligations/{action_id}/evidence"].Post.RequestBody = uploadBody
	type obligationDownloadIn struct {
		ID       string `path:"id" minLength:"1" maxLength:"64" doc:"The case's ID."`
		ActionID string `path:"action_id" minLength:"1" maxLength:"64" doc:"The plan action's ID."`
		FileID   string `path:"file_id" minLength:"1" maxLength:"64" doc:"The file's ID."`
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/cases/{id}/obligations/{action_id}/evidence/{file_id}", id: "download-obligation-evidence",
		tag: tag, perm: policies.PermObligationsList, summary: "Download an obligation's evidence file (the supplier and the hub's case staff)",
		errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *obligationDownloadIn) (*huma.StreamResponse, error) {
			r, e, err := s.Ledger.ObligationFile(ctx, in.ID, in.ActionID, in.FileID)
			if err != nil {
				return nil, err
			}
			return download(r, e), nil
		})
}

// obligationFileIn is an evidence file on an obligation, as the raw body
// or the field file of a multipart form, kept as a stream.
type obligationFileIn struct {
	ID          string `path:"id" minLength:"1" maxLength:"64" doc:"The case's ID."`
	ActionID    string `path:"action_id" minLength:"1" maxLength:"64" doc:"The plan action's ID."`
	ShowsPerson bool   `query:"shows_person" doc:"The file shows or names a person: refused on an obligation."`
	ContentType string `header:"Content-Type"`
	body        io.Reader
}

// Resolve keeps the request body's stream for the handler.
func (in *obligationFileIn) Resolve(ctx huma.Context) []error {
	in.body = ctx.BodyReader()
	return nil
}
