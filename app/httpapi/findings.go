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

// Representations of findings and evidence files.
type (
	ageBandsBody struct {
		Under14   int `json:"under_14" minimum:"0" maximum:"100000" required:"false"`
		Age14     int `json:"age_14" minimum:"0" maximum:"100000" required:"false"`
		Age15To17 int `json:"age_15_17" minimum:"0" maximum:"100000" required:"false"`
		Adult     int `json:"adult" minimum:"0" maximum:"100000" required:"false"`
	}
	affectedBody struct {
		Female ageBandsBody `json:"female" required:"false"`
		Male   ageBandsBody `json:"male" required:"false"`
		Other  ageBandsBody `json:"other" required:"false"`
	}
	// FindingFields is the auditor's record of a finding. It is exported so
	// that Huma sees its fields when embedded.
	FindingFields struct {
		Category           enumOf[audit.Category]      `json:"category"`
		Severity           enumOrEmpty[audit.Severity] `json:"severity" required:"false" doc:"Child labour, forced or bonded labour and a young worker in hazardous work are always critical."`
		ZeroTolerance      bool                        `json:"zero_tolerance" required:"false" doc:"Set for child and bonded labour whatever is sent; escalated at once to the linked brands and the hub admins."`
		Description        string                      `json:"description" minLength:"1" maxLength:"5000" doc:"No workers' names: brands read it once published."`
		Location           string                      `json:"location" maxLength:"300" required:"false" example:"stitching hall, second floor"`
		Affected           affectedBody                `json:"affected" required:"false" doc:"Workers affected, by sex and age band."`
		RootCause          string                      `json:"root_cause" maxLength:"5000" required:"false"`
		LegalProvision     string                      `json:"legal_provision" maxLength:"300" required:"false" example:"punjab.child_employment" doc:"A provision ID from the law pack of the supplier's province in force on the audit's day: GET /api/v1/law/provisions?jurisdiction=&on= lists them. A child labour finding cites a child_employment or hazardous_work provision, a young worker in hazardous work a hazardous_work one. On a finding recorded before law packs this holds the free text it was recorded with."`
		LegalProvisionNote string                      `json:"legal_provision_note" maxLength:"300" required:"false" example:"s. 3, read with the Schedule" doc:"Free text on the law: a section, or a law no pack holds."`
		Collaborative      bool                        `json:"collaborative" required:"false" doc:"Collaborative action required: the site cannot fix it alone (no fixed deadline)."`
	}
	evidenceBody struct {
		ID          string    `json:"id" doc:"The file's ID, for the download."`
		ContentType string    `json:"content_type"`
		Size        int64     `json:"size"`
		SHA256      string    `json:"sha256"`
		ShowsPerson bool      `json:"shows_person"`
		UploaderID  string    `json:"uploader_id,omitempty" doc:"Operator staff only."`
		Created     time.Time `json:"created"`
	}
	responseBody struct {
		Kind   enumOf[audit.ResponseKind] `json:"kind"`
		Reason string                     `json:"reason,omitempty"`
		At     time.Time                  `json:"at"`
	}
	findingBody struct {
		ID         string `json:"id"`
		HubID      string `json:"hub_id"`
		AuditID    string `json:"audit_id"`
		SupplierID string `json:"supplier_id"`
		FindingFields
		Evidence               []evidenceBody `json:"evidence"`
		Response               *responseBody  `json:"response,omitempty" doc:"The site's answer, once given."`
		LegalProvisionPack     string         `json:"legal_provision_pack,omitempty" doc:"The law pack the provision was chosen from (e.g. punjab/1); absent on a finding recorded before law packs."`
		LegalProvisionCitation string         `json:"legal_provision_citation,omitempty" doc:"The provision's Act and section; on a finding recorded before law packs, its free text."`
		CaseDue                bool           `json:"case_due" doc:"A case must be opened for the child or young worker found."`
		ZeroToleranceNotified  *time.Time     `json:"zero_tolerance_notified,omitempty" doc:"When the escalation went out."`
		RecordedBy             string         `json:"recorded_by,omitempty" doc:"Operator staff only."`
		Created                time.Time      `json:"created"`
		Version                int64          `json:"version"`
	}
)

func detailsIn(b FindingFields) audit.Details {
	band := func(a ageBandsBody) audit.AgeBands { return audit.AgeBands(a) }
	return audit.Details{Category: audit.Category(b.Category), Severity: audit.Severity(b.Severity), ZeroTolerance: b.ZeroTolerance,
		Description: b.Description, Location: b.Location, RootCause: b.RootCause, LegalProvision: b.LegalProvision, LegalProvisionNote: b.LegalProvisionNote, Collaborative: b.Collaborative,
		Affected: audit.Affected{Female: band(b.Affected.Female), Male: band(b.Affected.Male), Other: band(b.Affected.Other)}}
}

func evidenceOut(es []audit.Evidence) []evidenceBody {
	out := make([]evidenceBody, len(es))
	for i, e := range es {
		out[i] = evidenceBody{ID: e.BlobID, ContentType: e.ContentType, Size: e.Size, SHA256: e.SHA256,
			ShowsPerson: e.ShowsPerson, UploaderID: e.UploaderID, Created: e.Created}
	}
	return out
}

func findingOut(f *audit.Finding) findingBody {
	d := f.Details
	band := func(a audit.AgeBands) ageBandsBody { return ageBandsBody(a) }
	b := findingBody{ID: f.ID, HubID: f.HubID, AuditID: f.AuditID, SupplierID: f.SupplierID,
		FindingFields: FindingFields{Category: enum(d.Category), Severity: enumOrEmpty[audit.Severity](d.Severity), ZeroTolerance: d.ZeroTolerance,
			Description: d.Description, Location: d.Location, RootCause: d.RootCause, LegalProvision: d.LegalProvision, LegalProvisionNote: d.LegalProvisionNote, Collaborative: d.Collaborative,
			Affected: affectedBody{Female: band(d.Affected.Female), Male: band(d.Affected.Male), Other: band(d.Affected.Other)}},
		LegalProvisionPack: d.LegalPack, LegalProvisionCitation: d.Citation(),
		Evidence: evidenceOut(f.Evidence), CaseDue: f.CaseDue, ZeroToleranceNotified: when(f.ZeroToleranceNotified),
		RecordedBy: f.RecordedBy, Created: f.Created, Version: f.Version}
	if f.Response.Kind != "" {
		b.Response = &responseBody{Kind: enum(f.Response.Kind), Reason: f.Response.Reason, At: f.Response.At}
	}
	return b
}

// findingView shapes a finding for the caller (audits.FindingView).
func findingView(ctx context.Context) func(*audit.Finding) findingBody {
	return func(f *audit.Finding) findingBody { return findingOut(audits.FindingView(ctx, f)) }
}

func registerFindings(api huma.API, s *server) {
	type recordIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The audit's ID."`
		Body FindingFields
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/audits/{id}/findings", id: "record-finding", tag: "Findings",
		perm: policies.PermFindingsRecord, summary: "Record a finding on an audit in progress (its team)", status: http.StatusCreated,
		errors:      []int{http.StatusNotFound, http.StatusConflict},
		description: "A zero-tolerance finding is escalated at once, once, to every linked brand's managers and the hub admins."},
		func(ctx context.Context, in *recordIn) (*one[findingBody], error) {
			return reply(findingView(ctx))(s.Audits.RecordFinding(ctx, in.ID, detailsIn(in.Body)))
		})
	type pagedIDIn struct {
		ID string `path:"id" minLength:"1" maxLength:"64" doc:"The object's ID."`
		Paging
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/audits/{id}/findings", id: "list-audit-findings", tag: "Findings",
		perm: policies.PermFindingsRead, summary: "An audit's findings, newest first (the supplier and brands: once published)",
		errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *pagedIDIn) (*page[findingBody], error) {
			return replyPage(findingView(ctx))(s.Audits.AuditFindings(ctx, in.ID, in.Cursor, in.Limit))
		})
	type hubIn struct {
		Paging
		HubID    string                      `query:"hub_id" maxLength:"64" doc:"The hub; may be omitted by staff of one hub."`
		Category enumOrEmpty[audit.Category] `query:"category"`
		Severity enumOrEmpty[audit.Severity] `query:"severity"`
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/findings", id: "list-findings", tag: "Findings",
		perm: policies.PermFindingsList, summary: "A hub's findings by category and severity, newest first (operator staff)",
		errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *hubIn) (*page[findingBody], error) {
			return replyPage(findingView(ctx))(s.Audits.HubFindings(ctx, audits.FindingFilter{HubID: in.HubID,
				Category: audit.Category(in.Category), Severity: audit.Severity(in.Severity), Cursor: in.Cursor, Limit: in.Limit}))
		})
	register(api, s, endpoint{method: http.MethodGet, path: "/findings/{id}", id: "get-finding", tag: "Findings",
		perm: policies.PermFindingsRead, summary: "Get a finding you may see", errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *idPath) (*one[findingBody], error) {
			return reply(findingView(ctx))(s.Audits.Finding(ctx, in.ID))
		})
	type respondIn struct {
		ID   string `path:"id" minLength:"1" maxLength:"64" doc:"The object's ID."`
		Body struct {
			Kind   enumOf[audit.ResponseKind] `json:"kind"`
			Reason string                     `json:"reason" maxLength:"2000" required:"false" doc:"Required to dispute."`
		}
	}
	register(api, s, endpoint{method: http.MethodPost, path: "/findings/{id}/response", id: "respond-to-finding", tag: "Findings",
		perm: policies.PermFindingsRespond, summary: "Agree with or dispute a published finding (the supplier's manager, once)",
		errors: []int{http.StatusNotFound, http.StatusConflict}},
		func(ctx context.Context, in *respondIn) (*one[findingBody], error) {
			return reply(findingView(ctx))(s.Audits.Respond(ctx, in.ID, audit.ResponseKind(in.Body.Kind), in.Body.Reason))
		})
}
