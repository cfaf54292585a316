package web

import (
	"cmp"
	"context"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/actionhub/actionhub/app/httpapi"
	"github.com/actionhub/actionhub/app/registry"
	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/actionhub/actionhub/policies"
	"github.com/gofiber/fiber/v2"
)

func (h *Handler) mountNominations(g pages) {
	g.Get("/nominations", h.signedIn(policies.PermNominationsList), h.nominations)
	g.Get("/nominations/:id", h.signedIn(policies.PermNominationsRead), h.nominationPage)
	g.Post("/nominations/:id/accept", h.signedIn(policies.PermNominationsDecide), h.accept)
	g.Post("/nominations/:id/decline", h.signedIn(policies.PermNominationsDecide), h.decline)
	g.Post("/nominations/:id/match", h.signedIn(policies.PermNominationsDecide), h.resolveMatch)
	g.Post("/nominations/:id/withdraw", h.signedIn(policies.PermNominationsWithdraw), h.withdraw)
	g.Get("/nominate", h.signedIn(policies.PermNominationsCreate), h.nominateForm)
	g.Post("/nominate", h.signedIn(policies.PermNominationsCreate), h.nominate)
	g.Get("/upload", h.signedIn(policies.PermNominationsCreate), h.uploadForm)
	g.Upload("/upload", policies.PermNominationsCreate, h.uploadDryRun)
	g.Post("/upload/commit", h.signedIn(policies.PermNominationsCreate), h.uploadCommit)
}

type nominationList struct {
	Rows     template.HTML // the table's rows (nominationRows)
	Next     string
	Status   string
	Statuses []supplier.NominationStatus
	// CanDecide: the reader decides nominations, and reads each one's
	// match score in a column of its own.
	CanDecide bool
}

// nominationRows writes the list's rows in the reader's language, with
// the match score's cell when decide is set.
func nominationRows(l *printer, xs []*supplier.Nomination, decide bool) template.HTML {
	var r tableRows
	for _, n := range xs {
		r.row()
		r.link("/nominations/"+url.PathEscape(n.ID), "", n.Proposed.Name, true)
		r.name(n.Proposed.City)
		r.text(l.E("nstatus", n.Status))
		r.text(l.D(n.Created))
		if decide {
			score := ""
			if n.Match.State != "" {
				score = l.Score(n.Match.Score)
			}
			r.cell(` class="num"`, score)
		}
	}
	return r.html()
}

func (h *Handler) nominations(c *fiber.Ctx) error {
	st := c.Query("status")
	data := &nominationList{Status: st, Statuses: supplier.NominationStatuses,
		CanDecide: h.Enforcer.Allowed(principal(c).Actor.Role, policies.PermNominationsDecide)}
	hub, err := h.hubParam(c)
	if err != nil {
		return h.fail(c, err)
	}
	items, next, err := h.Registry.ListNominations(c.UserContext(), registry.NominationFilter{HubID: hub,
		Status: supplier.NominationStatus(st), Cursor: c.Query("cursor"), Limit: pageSize})
	if errs, ok := formErrors(err); ok {
		return h.invalid(c, "nominations", data, nil, errs)
	}
	if err != nil {
		return h.fail(c, err)
	}
	data.Rows, data.Next = nominationRows(h.lang(c), items, data.CanDecide), next
	return h.render(c, fiber.StatusOK, "nominations", data)
}

// difference is one field of match review: the nominated facility's value
// beside the candidate's.
type difference struct {
	Field, Nominated, Candidate string
	Enum                        string // the values are this enum's, shown translated
	Same                        bool
}

type nominationView struct {
	N           *supplier.Nomination
	Candidate   *supplier.Supplier
	Differences []difference
	Review      bool // a doubtful match waits for a person
}

func (h *Handler) nominationPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	n, err := h.Registry.Nomination(ctx, c.Params("id"))
	if err != nil {
		return h.fail(c, err)
	}
	v := &nominationView{N: n, Review: n.Status == supplier.NominationMatchReview}
	if n.Match.CandidateID != "" && h.Enforcer.Allowed(principal(c).Actor.Role, policies.PermNominationsDecide) {
		if v.Candidate, err = h.Registry.Supplier(ctx, n.Match.CandidateID); err != nil && !refused(err) {
			return h.fail(c, err)
		}
		if v.Candidate != nil {
			v.Differences = differences(n.Proposed, v.Candidate.Facility())
		}
	}
	return h.render(c, fiber.StatusOK, "nomination", v)
}

// differences lines up the fields a person compares to tell whether two
// records are one facility.
func differences(a, b supplier.Facility) []difference {
	regs := func(f supplier.Facility) string {
		var s []string
		for _, r := range f.RegistrationNumbers {
			s = append(s, r.Kind+" "+r.Number)
		}
		return strings.Join(s, ", ")
	}
	rows := []difference{
		{Field: "name", Nominated: a.Name, Candidate: b.Name},
		{Field: "other_names", Nominated: strings.Join(a.OtherNames, ", "), Candidate: strings.Join(b.OtherNames, ", ")},
		{Field: "address", Nominated: a.Address, Candidate: b.Address},
		{Field: "city", Nominated: a.City, Candidate: b.City},
		{Field: "sector", Nominated: string(a.Sector), Candidate: string(b.Sector), Enum: "sector"},
		{Field: "sub_sector", Nominated: string(a.SubSector), Candidate: string(b.SubSector), Enum: "sub"},
		{Field: "workforce", Nominated: strconv.Itoa(a.Workforce.Total), Candidate: strconv.Itoa(b.Workforce.Total)},
		{Field: "contact_phone", Nominated: a.Contact.Phone, Candidate: b.Contact.Phone},
		{Field: "registration_numbers", Nominated: regs(a), Candidate: regs(b)},
		{Field: "os_id", Nominated: a.OSID, Candidate: b.OSID},
	}
	for i := range rows {
		rows[i].Same = strings.EqualFold(strings.TrimSpace(rows[i].Nominated), strings.TrimSpace(rows[i].Candidate))
	}
	return rows
}

func (h *Handler) decided(c *fiber.Ctx, n *supplier.Nomination, err error) error {
	if err != nil {
		return h.fail(c, err)
	}
	return redirect(c, "/nominations/"+url.PathEscape(n.ID))
}

func (h *Handler) accept(c *fiber.Ctx) error {
	n, err := h.Registry.Accept(c.UserContext(), c.Params("id"), strings.TrimSpace(c.FormValue("supplier_id")))
	return h.decided(c, n, err)
}

func (h *Handler) decline(c *fiber.Ctx) error {
	reason := strings.TrimSpace(c.FormValue("reason"))
	if reason == "" {
		return h.problemDetail(c, fiber.StatusUnprocessableEntity, "", "reason: is required")
	}
	n, err := h.Registry.Decline(c.UserContext(), c.Params("id"), reason)
	return h.decided(c, n, err)
}

func (h *Handler) resolveMatch(c *fiber.Ctx) error {
	n, err := h.Registry.ResolveMatch(c.UserContext(), c.Params("id"), c.FormValue("same") == "true")
	return h.decided(c, n, err)
}

func (h *Handler) withdraw(c *fiber.Ctx) error {
	n, err := h.Registry.Withdraw(c.UserContext(), c.Params("id"))
	return h.decided(c, n, err)
}

// nominationFields are the nomination form's fields.
var nominationFields = []string{"name", "address", "city", "province", "sector", "sub_sector", "total", "women", "under_18",
	"contact_name", "contact_phone", "contact_email", "reason", "products", "since"}

func (h *Handler) nominateForm(c *fiber.Ctx) error {
	return h.renderPage(c, fiber.StatusOK, "nominate", &page{Data: choices, Form: map[string]string{}})
}

func (h *Handler) nominate(c *fiber.Ctx) error {
	form := formValues(c, nominationFields...)
	errs := map[string]string{}
	f := supplier.Facility{Name: form["name"], Address: form["address"], City: form["city"], Province: form["province"],
		Sector: supplier.Sector(form["sector"]), SubSector: supplier.SubSector(form["sub_sector"]),
		Workforce: supplier.Workforce{Total: number(form, "total", errs), Women: number(form, "women", errs), UnderEighteen: number(form, "under_18", errs)},
		Contact:   supplier.Contact{Name: form["contact_name"], Phone: form["contact_phone"], Email: form["contact_email"]}}
	if len(errs) > 0 {
		return h.invalid(c, "nominate", choices, form, errs)
	}
	n, _, err := h.Registry.Nominate(c.UserContext(), registry.NominationInput{Facility: f, Reason: form["reason"],
		Relationship: supplier.Relationship{Products: form["products"], Since: form["since"]}})
	if fe, ok := formErrors(err); ok {
		return h.invalid(c, "nominate", choices, form, prefixed(fe))
	}
	if err != nil {
		return h.fail(c, err)
	}
	return redirect(c, "/nominations/"+url.PathEscape(n.ID))
}

// A list waits between its dry run and its commit in Redis, for the
// person who uploaded it only, so the browser need not send it twice.
const (
	pendingTTL      = time.Hour
	webListMaxBytes = httpapi.ListUploadBytes // the page's body limit, the API's list upload's
)

// BodyLimits are the form posts that take more than a sign-in form's 64 KB,
// each the API's limit for the same file: a supplier list, file or pasted,
// a stipend payment's proof and (caseforms.go) a child's photo. The
// server's body limit applies them before anything is read; these routes
// are added with pages.Upload, which checks the session before the body.
var BodyLimits = map[string]int64{"/upload": webListMaxBytes, "/stipends/{case}/payments": proofMaxBytes,
	"/stipend-payments/{id}/proof": proofMaxBytes}

func pendingKey(userID, id string) string { return "actionhub:web:upload:" + userID + ":" + id }

type uploadView struct {
	Report    *supplier.Upload
	Committed bool
	Pending   string
	Columns   []string
}

func (h *Handler) uploadForm(c *fiber.Ctx) error {
	return h.render(c, fiber.StatusOK, "upload", &uploadView{Columns: supplier.ListColumns})
}

// uploadDryRun reads the chosen file (or pasted text), reports it row by
// row without writing anything, and keeps it for the commit.
func (h *Handler) uploadDryRun(c *fiber.Ctx) error {
	var data []byte
	if fh, err := c.FormFile("file"); err == nil && fh.Size > 0 {
		f, err := fh.Open()
		if err != nil {
			return h.fail(c, err)
		}
		defer f.Close()
		if data, err = io.ReadAll(io.LimitReader(f, webListMaxBytes)); err != nil {
			return h.fail(c, err)
		}
	} else {
		data = []byte(c.FormValue("text"))
	}
	view := &uploadView{Columns: supplier.ListColumns}
	if len(strings.TrimSpace(string(data))) == 0 {
		return h.invalid(c, "upload", view, nil, map[string]string{"file": "choose a CSV file or paste the list"})
	}
	ctx := c.UserContext()
	rep, err := h.Registry.Upload(ctx, registry.UploadInput{Data: data, DryRun: true})
	if fe, ok := formErrors(err); ok {
		return h.invalid(c, "upload", view, nil, map[string]string{"file": joinErrors(fe)})
	}
	if err != nil {
		return h.fail(c, err)
	}
	id := randomToken()
	if err := h.Redis.Set(ctx, pendingKey(principal(c).Actor.UserID, id), data, pendingTTL).Err(); err != nil {
		return h.fail(c, err)
	}
	view.Report, view.Pending = rep, id
	return h.render(c, fiber.StatusOK, "upload", view)
}

func (h *Handler) uploadCommit(c *fiber.Ctx) error {
	ctx := c.UserContext()
	key := pendingKey(principal(c).Actor.UserID, c.FormValue("pending"))
	data, err := h.Redis.Get(ctx, key).Bytes()
	if err != nil {
		return h.problem(c, fiber.StatusConflict, "upload")
	}
	rep, err := h.Registry.Upload(ctx, registry.UploadInput{Data: data})
	if err != nil {
		return h.fail(c, err)
	}
	h.Redis.Del(context.WithoutCancel(ctx), key)
	return h.render(c, fiber.StatusOK, "upload", &uploadView{Report: rep, Committed: true, Columns: supplier.ListColumns})
}

func joinErrors(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %s", k, m[k])
	}
	return strings.Join(parts, "; ")
}

func sortBy[T any](xs []T, key func(T) string) {
	slices.SortFunc(xs, func(a, b T) int { return cmp.Compare(key(a), key(b)) })
}
