package web

import (
	"net/url"
	"time"

	"github.com/actionhub/actionhub/app/cases"
	"github.com/actionhub/actionhub/app/httpapi"
	"github.com/actionhub/actionhub/app/identity"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/policies"
	"github.com/gofiber/fiber/v2"
)

// photoPageMaxBytes bounds the photo form's body: the API's photo upload's
// (cases.MaxPhotoBytes and the form around it), so a phone's photo goes
// through the page.
const photoPageMaxBytes = httpapi.PhotoUploadBytes

func init() { BodyLimits["/cases/{id}/photo"] = photoPageMaxBytes }

// mountCaseForms adds the case worker's and auditor's forms; /cases/new
// comes before /cases/:id.
func (h *Handler) mountCaseForms(g pages) {
	g.Get("/cases/new", h.signedIn(policies.PermCasesOpen), h.openCaseForm)
	g.Post("/cases", h.signedIn(policies.PermCasesOpen), h.openCase)
	g.Post("/cases/:id/identity", h.signedIn(policies.PermCasesUpdateIdentity), h.updateIdentity)
	g.Upload("/cases/:id/photo", policies.PermCasesUpdateIdentity, h.uploadPhoto)
	g.Get("/cases/:id/photo", h.signedIn(policies.PermCasesRead), h.photo)
	g.Post("/cases/:id/facts", h.signedIn(policies.PermCasesUpdate), h.updateFacts)
	g.Post("/cases/:id/consent", h.signedIn(policies.PermCasesUpdate), h.recordConsent)
	g.Post("/cases/:id/assessment", h.signedIn(policies.PermCasesUpdate), h.recordAssessment)
	g.Post("/cases/:id/immediate-action", h.signedIn(policies.PermCasesUpdate), h.recordImmediate)
	g.Post("/cases/:id/plan/actions", h.signedIn(policies.PermCasesUpdate), h.addPlanAction)
	g.Post("/cases/:id/plan/actions/:action/status", h.signedIn(policies.PermCasesUpdate), h.movePlanAction)
	g.Post("/cases/:id/assign", h.signedIn(policies.PermCasesAssign), h.assignCase)
	g.Post("/cases/:id/closure", h.signedIn(policies.PermCasesRequestApproval), h.requestClosure)
	g.Post("/cases/:id/reopen", h.signedIn(policies.PermCasesReopen), h.reopenCase)
}

// F is one form of the case page: its values (the case's, or those of the
// form just rejected) and its messages.
func (v *caseView) F(name string) *cform {
	return &cform{L: v.L, P: "cf-" + name + "-", V: v.vals[name], E: v.errs[name], O: caseOpts}
}

// fillForms gives each edit form of an open case its current values.
func (v *caseView) fillForms() {
	v.vals, v.errs = map[string]map[string]string{}, map[string]map[string]string{}
	c := v.V.Case
	if c == nil {
		return
	}
	v.vals["facts"] = factsValues(casework.Facts{Child: c.Child, Work: c.Work})
	if v.Full {
		v.vals["identity"] = identityValues(c.Identity)
	}
	v.vals["assessment"] = map[string]string{"risk": string(c.Assessment.Risk), "summary": c.Assessment.Summary, "needs": c.Assessment.Needs}
	imm := map[string]string{"safeguarding_notes": c.Immediate.SafeguardingNotes}
	if !c.Immediate.RemovedAt.IsZero() {
		imm["removed_at"] = c.Immediate.RemovedAt.In(hubZone).Format("2006-01-02T15:04")
	}
	v.vals["immediate"] = imm
	v.vals["assign"] = map[string]string{"user_id": c.AssignedTo}
}

// caseWorkers are the people the assign form offers: the hub's case
// workers for those who may list them, else the signed-in case worker alone.
func (h *Handler) caseWorkers(c *fiber.Ctx, hubID string) []*domain.User {
	p := principal(c)
	if h.Enforcer.Allowed(p.Actor.Role, policies.PermUsersList) {
		us, _, err := h.Identity.ListUsers(c.UserContext(), identity.UserFilter{HubID: hubID, Role: domain.RoleCaseWorker, Limit: 200})
		if err == nil {
			out := us[:0]
			for _, u := range us {
				if !u.Disabled {
					out = append(out, u)
				}
			}
			return out
		}
	}
	if p.User.Role == domain.RoleCaseWorker {
		return []*domain.User{p.User}
	}
	return nil
}

// caseFormRejected shows the case page again with one form's values and
// its messages by field (422); the other forms keep the case's values.
func (h *Handler) caseFormRejected(c *fiber.Ctx, name string, form, errs map[string]string) error {
	v, err := h.caseView(c)
	if err != nil {
		return h.fail(c, err)
	}
	fe := fieldErrors(errs)
	v.vals[name], v.errs[name] = form, fe
	return h.invalid(c, "case", v, nil, errs)
}

// caseChanged ends a case form's post: back to the case, its own fields'
// messages on a validation error, a problem page (409 for a stale
// version) for anything else.
func (h *Handler) caseChanged(c *fiber.Ctx, name string, form map[string]string, err error) error {
	if errs, ok := formErrors(err); ok {
		return h.caseFormRejected(c, name, form, errs)
	}
	if err != nil {
		return h.fail(c, err)
	}
	return h.backToCase(c)
}

func (h *Handler) updateIdentity(c *fiber.Ctx) error {
	form := formValues(c, append([]string{"version"}, identityFields...)...)
	_, err := h.Cases.UpdateIdentity(c.UserContext(), c.Params("id"), version(form), identityFromForm(form))
	return h.caseChanged(c, "identity", form, err)
}

func (h *Handler) updateFacts(c *fiber.Ctx) error {
	form := formValues(c, append([]string{"version"}, factsFields...)...)
	errs := map[string]string{}
	f := factsFromForm(form, errs)
	if len(errs) > 0 {
		return h.caseFormRejected(c, "facts", form, errs)
	}
	_, err := h.Cases.UpdateFacts(c.UserContext(), c.Params("id"), version(form), f)
	return h.caseChanged(c, "facts", form, err)
}

func (h *Handler) recordConsent(c *fiber.Ctx) error {
	form := formValues(c, "version", "kind", "answer", "by")
	_, err := h.Cases.RecordConsent(c.UserContext(), c.Params("id"), version(form), casework.ConsentKind(form["kind"]),
		casework.ConsentAnswer(form["answer"]), form["by"])
	return h.caseChanged(c, "consent", form, err)
}

func (h *Handler) recordAssessment(c *fiber.Ctx) error {
	form := formValues(c, "version", "risk", "summary", "needs")
	_, err := h.Cases.RecordAssessment(c.UserContext(), c.Params("id"), version(form), casework.Assessment{Risk: casework.RiskLevel(form["risk"]),
		Summary: form["summary"], Needs: form["needs"]})
	return h.caseChanged(c, "assessment", form, err)
}

func (h *Handler) recordImmediate(c *fiber.Ctx) error {
	form := formValues(c, "version", "removed_at", "safeguarding_notes")
	var at time.Time
	if s := form["removed_at"]; s != "" {
		t, ok := localTime(s)
		if !ok {
			return h.caseFormRejected(c, "immediate", form, map[string]string{"removed_at": "must be a day and time, 2006-01-02T15:04"})
		}
		at = t
	}
	_, err := h.Cases.RecordImmediateAction(c.UserContext(), c.Params("id"), version(form), at, form["safeguarding_notes"])
	return h.caseChanged(c, "immediate", form, err)
}

func (h *Handler) addPlanAction(c *fiber.Ctx) error {
	form := formValues(c, "version", "kind", "owner", "description", "due", "stipend_monthly_pkr")
	errs := map[string]string{}
	n := casework.NewAction{Kind: casework.ActionKind(form["kind"]), Owner: casework.Party(form["owner"]), Description: form["description"],
		StipendMonthlyPKR: wholeNumber(form, "stipend_monthly_pkr", casework.MaxStipendPKR, errs)}
	if s := form["due"]; s != "" {
		if t, ok := endOfDay(s); ok {
			n.Due = t
		} else {
			errs["due"] = "must be a day, 2006-01-02"
		}
	}
	if len(errs) > 0 {
		return h.caseFormRejected(c, "plan", form, errs)
	}
	_, err := h.Cases.AddAction(c.UserContext(), c.Params("id"), version(form), n)
	return h.caseChanged(c, "plan", form, err)
}

// movePlanAction moves one plan action; its messages show on its own row.
func (h *Handler) movePlanAction(c *fiber.Ctx) error {
	form := formValues(c, "version", "status")
	_, err := h.Cases.SetActionStatus(c.UserContext(), c.Params("id"), version(form), c.Params("action"), casework.ActionStatus(form["status"]))
	return h.caseChanged(c, "act-"+c.Params("action"), form, err)
}

func (h *Handler) assignCase(c *fiber.Ctx) error {
	form := formValues(c, "version", "user_id")
	_, err := h.Cases.Assign(c.UserContext(), c.Params("id"), version(form), form["user_id"])
	return h.caseChanged(c, "assign", form, err)
}

func (h *Handler) requestClosure(c *fiber.Ctx) error {
	form := formValues(c, "version", "reason", "note", "transferred_to", "comment")
	_, err := h.Cases.RequestClosure(c.UserContext(), c.Params("id"), version(form), casework.Closure{Reason: casework.ClosureReason(form["reason"]),
		Note: form["note"], TransferredTo: form["transferred_to"]}, form["comment"])
	return h.caseChanged(c, "closure", form, err)
}

func (h *Handler) reopenCase(c *fiber.Ctx) error {
	form := formValues(c, "version", "reason")
	_, err := h.Cases.Reopen(c.UserContext(), c.Params("id"), version(form), form["reason"])
	return h.caseChanged(c, "reopen", form, err)
}

// uploadPhoto takes the child's photo from a multipart form's field file.
func (h *Handler) uploadPhoto(c *fiber.Ctx) error {
	form := formValues(c, "version")
	fh, err := c.FormFile("file")
	if err != nil {
		return h.caseFormRejected(c, "photo", form, map[string]string{"file": "choose a photo: JPEG, PNG, WebP or HEIC"})
	}
	f, err := fh.Open()
	if err != nil {
		return h.caseFormRejected(c, "photo", form, map[string]string{"file": "could not be read: send it again"})
	}
	defer f.Close()
	_, err = h.Cases.UploadPhoto(c.UserContext(), c.Params("id"), version(form), fh.Header.Get(fiber.HeaderContentType), f)
	return h.caseChanged(c, "photo", form, err)
}

// photo serves the child's photo through the service, which lets only
// those who may read the identity through and logs each read.
func (h *Handler) photo(c *fiber.Ctx) error {
	r, info, err := h.Cases.Photo(c.UserContext(), c.Params("id"))
	if err != nil {
		return h.fail(c, err)
	}
	c.Set(fiber.HeaderContentType, info.ContentType)
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderContentDisposition, "inline")
	return c.SendStream(r, int(info.Size)) // closed once sent
}

// caseOpenView is the form that opens a case: from a finding (Finding
// set) or from outreach at a supplier.
type caseOpenView struct {
	Finding *audit.Finding
	Form    *cform
}

func (h *Handler) openView(c *fiber.Ctx, findingID string, form, errs map[string]string) (*caseOpenView, error) {
	v := &caseOpenView{Form: &cform{L: h.lang(c), P: "cf-open-", V: form, E: errs, O: caseOpts}}
	if findingID == "" {
		return v, nil
	}
	f, err := h.Audits.Finding(c.UserContext(), findingID)
	if err != nil {
		return nil, err
	}
	v.Finding = f
	return v, nil
}

// openCaseForm is the empty form: ?finding_id= for a finding that calls
// for a case (its case's page once one is open), else outreach, with
// ?supplier_id= filled in when given.
func (h *Handler) openCaseForm(c *fiber.Ctx) error {
	v, err := h.openView(c, c.Query("finding_id"), map[string]string{"supplier_id": c.Query("supplier_id")}, nil)
	if err != nil {
		return h.fail(c, err)
	}
	if f := v.Finding; f != nil && f.CaseID != "" {
		return redirect(c, "/cases/"+url.PathEscape(f.CaseID))
	}
	return h.render(c, fiber.StatusOK, "caseopen", v)
}

// openCase opens the case and shows its page; a rejected form comes back
// with everything typed and the messages beside their fields.
func (h *Handler) openCase(c *fiber.Ctx) error {
	names := append(append([]string{"source", "finding_id", "supplier_id", "identified"}, identityFields...), factsFields...)
	form := formValues(c, names...)
	errs := map[string]string{}
	f := factsFromForm(form, errs)
	in := cases.OpenInput{Source: casework.SourceOutreach, SupplierID: form["supplier_id"], Identity: identityFromForm(form), Child: f.Child, Work: f.Work}
	if form["finding_id"] != "" {
		in.Source, in.FindingID, in.SupplierID = casework.SourceFinding, form["finding_id"], ""
	}
	if s := form["identified"]; s != "" && s != time.Now().In(hubZone).Format("2006-01-02") {
		// An earlier day: noon there, so the day is the same wherever it is read.
		t, err := time.ParseInLocation("2006-01-02", s, hubZone)
		if err != nil {
			errs["identified"] = "must be a day, 2006-01-02"
		}
		in.Identified = t.Add(12 * time.Hour)
	}
	var (
		v   *cases.View
		err error
	)
	if len(errs) == 0 {
		v, err = h.Cases.Open(c.UserContext(), in)
		if fe, ok := formErrors(err); ok {
			errs = fieldErrors(fe)
		} else if err != nil {
			return h.fail(c, err)
		}
	}
	if len(errs) > 0 {
		ov, verr := h.openView(c, in.FindingID, form, errs)
		if verr != nil {
			return h.fail(c, verr)
		}
		return h.invalid(c, "caseopen", ov, nil, errs)
	}
	return redirect(c, "/cases/"+url.PathEscape(v.Case.ID))
}

// Act is the status form of one plan action, its messages on its own row.
func (v *caseView) Act(id string) *cform { return v.F("act-" + id) }

// WorkerName is the name of the case's case worker when the assign form
// lists them; empty otherwise (the page then says only that it is assigned).
func (v *caseView) WorkerName(id string) string {
	for _, u := range v.Workers {
		if u.ID == id {
			return u.Name
		}
	}
	return ""
}
