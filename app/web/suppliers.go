package web

import (
	"bytes"
	"errors"
	"html"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/actionhub/actionhub/app/registry"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/actionhub/actionhub/policies"
	"github.com/gofiber/fiber/v2"
)

// pageSize is how many rows a list page shows.
const pageSize = 20

func (h *Handler) mountRegistry(g pages) {
	g.Get("/suppliers", h.signedIn(policies.PermSuppliersList), h.suppliers)
	g.Get("/suppliers.csv", h.signedIn(policies.PermSuppliersList), h.suppliersCSV)
	g.Get("/suppliers/:id", h.signedIn(policies.PermSuppliersRead), h.supplierPage)
	g.Get("/suppliers/:id/profile", h.signedIn(policies.PermSuppliersUpdateProfile), h.profilePage)
	g.Post("/suppliers/:id/profile", h.signedIn(policies.PermSuppliersUpdateProfile), h.saveProfile)
	g.Post("/suppliers/:id/merge", h.signedIn(policies.PermSuppliersMerge), h.merge)
	g.Get("/prevalence", h.signedIn(policies.PermPrevalenceRead), h.prevalence)
	h.mountNominations(g)
}

// options are the choices of the list filters and forms.
type options struct {
	Sectors    []supplier.Sector
	SubSectors []supplier.SubSector
	Statuses   []supplier.Status
	Levels     []supplier.Level
	Sorts      []string
}

var choices = options{Sectors: supplier.Sectors, SubSectors: supplier.SubSectors, Statuses: supplier.Statuses,
	Levels: supplier.Levels, Sorts: []string{"name", "-name", "risk", "-risk", "created", "-created"}}

// supplierFilter reads the list's filters from the query, named as the
// API's list names them.
func supplierFilter(c *fiber.Ctx) (registry.SupplierFilter, url.Values) {
	q := url.Values{}
	for _, k := range []string{"hub_id", "brand_org_id", "city", "sector", "sub_sector", "status", "risk", "q", "sort"} {
		if v := strings.TrimSpace(c.Query(k)); v != "" {
			q.Set(k, v)
		}
	}
	return registry.SupplierFilter{HubID: q.Get("hub_id"), BrandOrgID: q.Get("brand_org_id"), City: q.Get("city"),
		Sector: supplier.Sector(q.Get("sector")), SubSector: supplier.SubSector(q.Get("sub_sector")),
		Status: supplier.Status(q.Get("status")), Risk: supplier.Level(q.Get("risk")), Query: q.Get("q"), Sort: q.Get("sort")}, q
}

type supplierList struct {
	Rows    template.HTML // the table's rows (tableRows)
	Next    string
	Query   url.Values
	Filters []filter
	Hubs    []*domain.Hub // the platform chooses a hub
}

// filter is one select of a list's filter form, its choices labelled.
type filter struct {
	Name, Label string
	Any         bool // offers "all"
	Options     []option
}

type option struct {
	Value, Label string
	Selected     bool
}

// optionsHTML writes a select's choices. The supplier list's five selects
// hold about 40 of them, and written by the template they were a quarter
// of its rendering (three actions each); values and labels are escaped.
func optionsHTML(opts []option) template.HTML {
	var b strings.Builder
	for _, o := range opts {
		b.WriteString(`<option value="`)
		b.WriteString(html.EscapeString(o.Value))
		b.WriteString(`"`)
		if o.Selected {
			b.WriteString(" selected")
		}
		b.WriteString(">")
		b.WriteString(html.EscapeString(o.Label))
		b.WriteString("</option>")
	}
	return template.HTML(b.String())
}

// selectOf builds a select's choices from an enum's values.
func selectOf[T ~string](l *printer, name, label, kind string, values []T, chosen string, any bool) filter {
	return filter{Name: name, Label: l.T(label), Any: any, Options: enumOptions(l, kind, values, chosen)}
}

// enumOptions are an enum's values labelled as E names them, the one
// equal to chosen selected.
func enumOptions[T ~string](l *printer, kind string, values []T, chosen string) []option {
	opts := make([]option, len(values))
	for i, v := range values {
		opts[i] = option{Value: string(v), Label: l.E(kind, v), Selected: string(v) == chosen}
	}
	return opts
}

func supplierFilters(l *printer, q url.Values) []filter {
	return []filter{
		selectOf(l, "sector", "f.sector", "sector", choices.Sectors, q.Get("sector"), true),
		selectOf(l, "sub_sector", "f.sub_sector", "sub", choices.SubSectors, q.Get("sub_sector"), true),
		selectOf(l, "status", "f.status", "sstatus", choices.Statuses, q.Get("status"), true),
		selectOf(l, "risk", "f.risk", "level", choices.Levels, q.Get("risk"), true),
		selectOf(l, "sort", "s.sort", "sort", choices.Sorts, q.Get("sort"), false),
	}
}

// supplierRows writes the list's rows in the reader's language.
func supplierRows(l *printer, xs []*supplier.Supplier) template.HTML {
	var r tableRows
	for _, s := range xs {
		r.row()
		r.link("/suppliers/"+url.PathEscape(s.ID), "", s.Name, true)
		r.name(s.City)
		r.text(l.E("sub", s.SubSector))
		r.risk(string(s.Risk.Level), l.E("level", s.Risk.Level), l.N(s.Risk.Score))
		r.text(l.E("sstatus", s.Status))
		r.cell(` class="num"`, l.N(s.Workforce.Total))
	}
	return r.html()
}

func (h *Handler) suppliers(c *fiber.Ctx) error {
	f, q := supplierFilter(c)
	f.Cursor, f.Limit = c.Query("cursor"), pageSize
	l := h.lang(c)
	data := &supplierList{Query: q}
	// The platform works in no hub: it picks one, the first by default.
	if principal(c).Actor.Role == domain.RolePlatformAdmin {
		hubs, _, err := h.Identity.ListHubs(c.UserContext(), "", 100)
		if err != nil {
			return h.fail(c, err)
		}
		data.Hubs = hubs
		if f.HubID == "" && len(hubs) > 0 {
			f.HubID = hubs[0].ID
			q.Set("hub_id", f.HubID)
		}
	}
	data.Filters = supplierFilters(l, q)
	items, next, err := h.Registry.ListSupplierBriefs(c.UserContext(), f)
	if errs, ok := formErrors(err); ok {
		return h.invalid(c, "suppliers", data, nil, errs)
	}
	if err != nil {
		return h.fail(c, err)
	}
	data.Rows, data.Next = supplierRows(l, items), next
	return h.render(c, fiber.StatusOK, "suppliers", data)
}

// suppliersCSV is the API's export with the page's filters, for a person
// signed in with a cookie rather than a bearer token.
func (h *Handler) suppliersCSV(c *fiber.Ctx) error {
	f, _ := supplierFilter(c)
	var b bytes.Buffer
	if _, err := h.Registry.ExportSuppliers(c.UserContext(), f, &b); err != nil {
		return h.fail(c, err)
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="suppliers.csv"`)
	return c.Send(b.Bytes())
}

// supplierView is a supplier's page. Its sections are written in Go, like
// the lists' rows: a timeline of 20 entries and the audits and actions
// beside it were most of the page's rendering as template actions.
type supplierView struct {
	S        *supplier.Supplier
	Brands   []registry.BrandLink
	Reasons  template.HTML // the risk reasons' rows
	Audits   template.HTML // the audits' rows, as the audit list writes them
	Actions  template.HTML // the corrective actions' rows, as their list writes them
	Timeline template.HTML // the timeline's rows
}

func (h *Handler) supplierPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	o, err := h.Registry.Overview(ctx, c.Params("id"), 20)
	if err != nil {
		return h.fail(c, err)
	}
	work, err := h.Audits.OfSupplier(ctx, o.Supplier.ID, 20)
	if err != nil {
		return h.fail(c, err)
	}
	l := h.lang(c)
	return h.render(c, fiber.StatusOK, "supplier", &supplierView{S: o.Supplier, Brands: o.Brands,
		Reasons: reasonRows(l, o.Supplier.Risk.Reasons), Timeline: timelineRows(l, o.Timeline),
		Audits: auditRows(l, work.Audits), Actions: actionRows(l, work.Actions)})
}

// reasonRows writes a risk profile's reasons: the factor, its points and
// why, the last in English as the rules give it.
func reasonRows(l *printer, rs []supplier.Reason) template.HTML {
	var r tableRows
	for _, x := range rs {
		r.row()
		r.text(l.E("factor", x.Factor))
		r.cell(` class="num"`, l.N(x.Points))
		r.cell(` lang="en" dir="ltr"`, x.Explanation)
	}
	return r.html()
}

// timelineRows writes a supplier's timeline: when, and what was done.
func timelineRows(l *printer, es []*domain.ActivityEntry) template.HTML {
	var r tableRows
	for _, e := range es {
		r.row()
		r.start("")
		r.tag(`<time datetime="`)
		r.esc(e.Time.Format(time.RFC3339))
		r.tag(`">`)
		r.esc(l.DT(e.Time))
		r.tag("</time>")
		r.end()
		r.start(` dir="ltr"`)
		r.tag("<code>")
		r.esc(e.Action)
		r.tag("</code>")
		r.end()
	}
	return r.html()
}

// refused is an error that leaves a part of a page out rather than failing
// it: the caller's role may see the page but not that part.
func refused(err error) bool {
	return errors.Is(err, domain.ErrForbidden) || errors.Is(err, domain.ErrNotFound)
}

func (h *Handler) profilePage(c *fiber.Ctx) error {
	s, err := h.Registry.Supplier(c.UserContext(), c.Params("id"))
	if err != nil {
		return h.fail(c, err)
	}
	return h.renderPage(c, fiber.StatusOK, "profile", &page{Data: s, Form: profileForm(s)})
}

func profileForm(s *supplier.Supplier) map[string]string {
	return map[string]string{"version": strconv.FormatInt(s.Version, 10), "total": strconv.Itoa(s.Workforce.Total),
		"women": strconv.Itoa(s.Workforce.Women), "under_18": strconv.Itoa(s.Workforce.UnderEighteen),
		"contact_name": s.Contact.Name, "contact_phone": s.Contact.Phone, "contact_email": s.Contact.Email}
}

func (h *Handler) saveProfile(c *fiber.Ctx) error {
	ctx := c.UserContext()
	form := formValues(c, "version", "total", "women", "under_18", "contact_name", "contact_phone", "contact_email")
	errs := map[string]string{}
	wf := supplier.Workforce{Total: number(form, "total", errs), Women: number(form, "women", errs), UnderEighteen: number(form, "under_18", errs)}
	ct := supplier.Contact{Name: form["contact_name"], Phone: form["contact_phone"], Email: form["contact_email"]}
	version, _ := strconv.ParseInt(form["version"], 10, 64)
	s, err := h.Registry.Supplier(ctx, c.Params("id"))
	if err != nil {
		return h.fail(c, err)
	}
	if len(errs) > 0 {
		return h.invalid(c, "profile", s, form, errs)
	}
	_, err = h.Registry.UpdateProfile(ctx, s.ID, registry.ProfilePatch{Version: version, Workforce: &wf, Contact: &ct})
	if fe, ok := formErrors(err); ok {
		return h.invalid(c, "profile", s, form, prefixed(fe))
	}
	if err != nil {
		return h.fail(c, err)
	}
	return redirect(c, "/suppliers/"+url.PathEscape(s.ID))
}

func (h *Handler) merge(c *fiber.Ctx) error {
	into := strings.TrimSpace(c.FormValue("into"))
	if into == "" {
		return h.problemDetail(c, fiber.StatusUnprocessableEntity, "", "into: is required")
	}
	s, err := h.Registry.Merge(c.UserContext(), c.Params("id"), into)
	if err != nil {
		return h.fail(c, err)
	}
	return redirect(c, "/suppliers/"+url.PathEscape(s.ID))
}

type prevalenceRow struct {
	City string
	supplier.Prevalence
}

func (h *Handler) prevalence(c *fiber.Ctx) error {
	hub, err := h.hubParam(c)
	if err != nil {
		return h.fail(c, err)
	}
	hp, err := h.Registry.Prevalence(c.UserContext(), cmpOr(hub, hubOf(c)))
	if err != nil {
		return h.fail(c, err)
	}
	rows := make([]prevalenceRow, 0, len(hp.Table))
	for city, p := range hp.Table {
		rows = append(rows, prevalenceRow{City: city, Prevalence: p})
	}
	sortBy(rows, func(r prevalenceRow) string { return r.City })
	return h.render(c, fiber.StatusOK, "prevalence", map[string]any{"Rows": rows, "Updated": hp.Updated})
}

// hubParam is the hub a list is asked for: the query's, or for the
// platform, which works in no hub of its own, the first hub.
func (h *Handler) hubParam(c *fiber.Ctx) (string, error) {
	if id := c.Query("hub_id"); id != "" || principal(c).Actor.Role != domain.RolePlatformAdmin {
		return id, nil
	}
	hubs, _, err := h.Identity.ListHubs(c.UserContext(), "", 1)
	if err != nil || len(hubs) == 0 {
		return "", err
	}
	return hubs[0].ID, nil
}

// hubOf is the signed-in person's first hub, for pages about one hub; ""
// for the platform, whose pages then ask which.
func hubOf(c *fiber.Ctx) string {
	if p := principal(c); p != nil && len(p.User.HubIDs) > 0 {
		return p.User.HubIDs[0]
	}
	return ""
}

// formValues reads the named fields of a posted form, trimmed.
func formValues(c *fiber.Ctx, names ...string) map[string]string {
	m := make(map[string]string, len(names))
	for _, n := range names {
		m[n] = strings.TrimSpace(c.FormValue(n))
	}
	return m
}

// number reads a whole number field; empty is 0.
func number(form map[string]string, name string, errs map[string]string) int {
	s := form[name]
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 500000 {
		errs[name] = "must be a whole number from 0 to 500,000"
	}
	return n
}

// prefixed maps the service's field paths to the form's field names
// (workforce.total → total, contact.phone → contact_phone).
func prefixed(errs map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range errs {
		k = strings.TrimPrefix(k, "facility.")
		k = strings.TrimPrefix(k, "workforce.")
		k = strings.ReplaceAll(k, ".", "_")
		if k == "under_eighteen" {
			k = "under_18"
		}
		out[k] = v
	}
	return out
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
