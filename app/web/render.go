package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/policies"
	"github.com/gofiber/fiber/v2"
)

//go:embed templates
var templateFS embed.FS

// views holds every page's template per language, parsed once at start:
// the common layout cloned once per view, as miniflux does. Sentences with
// a fixed key are written into each language's copy as it is parsed, so a
// page does not look them up while it renders (half its time before).
type views struct {
	pages   map[string]map[string]*template.Template // language, view
	locales map[string]*printer
}

// fixedSentence is a translation call with a constant key and no arguments.
var fixedSentence = regexp.MustCompile(`\{\{\s*T "([a-z0-9_.\-]+)"\s*\}\}`)

func loadViews() (*views, error) {
	locales, err := loadLocales()
	if err != nil {
		return nil, err
	}
	v := &views{pages: map[string]map[string]*template.Template{}, locales: locales}
	for code, l := range locales {
		// The sentences are ours, escaped for text and attribute values alike.
		fill := func(src []byte) string {
			return fixedSentence.ReplaceAllStringFunc(string(src), func(call string) string {
				key := fixedSentence.FindStringSubmatch(call)[1]
				if msg, ok := l.msgs[key]; ok {
					return html.EscapeString(msg)
				}
				return call
			})
		}
		common := template.New("layout").Funcs(funcs).Funcs(l.funcs())
		commons, err := fs.Glob(templateFS, "templates/common/*.html")
		if err != nil {
			return nil, err
		}
		for _, n := range commons {
			b, err := templateFS.ReadFile(n)
			if err != nil {
				return nil, err
			}
			if _, err := common.New(path.Base(n)).Parse(fill(b)); err != nil {
				return nil, fmt.Errorf("template %s: %w", n, err)
			}
		}
		names, err := fs.Glob(templateFS, "templates/views/*.html")
		if err != nil {
			return nil, err
		}
		v.pages[code] = map[string]*template.Template{}
		for _, n := range names {
			b, err := templateFS.ReadFile(n)
			if err != nil {
				return nil, err
			}
			t, err := common.Clone()
			if err != nil {
				return nil, err
			}
			if t, err = t.New(path.Base(n)).Parse(fill(b)); err != nil {
				return nil, fmt.Errorf("template %s: %w", n, err)
			}
			v.pages[code][strings.TrimSuffix(path.Base(n), ".html")] = t
		}
	}
	return v, nil
}

// page is what every template gets: the language's printer, who is signed
// in and what they may do, the form's CSRF token, and the view's data.
type page struct {
	L       *printer
	Name    string // the view, for the navigation's current item
	Path    string // the path and query, for the language switch to come back to
	CSRF    string
	Me      *meView
	Data    any
	Form    map[string]string // a rejected form's values, to fill it again
	Errors  map[string]string // a rejected form's messages by field
	Status  int
	Problem *problemView
	Nav     template.HTML
}

// navLink is a page of the navigation: shown to the roles holding perm,
// and not to brands when notForBrands is set (they read those parts on
// each supplier's page).
type navLink struct {
	href, view, label string
	perm              policies.Permission
	notForBrands      bool
}

var navLinks = []navLink{
	{"/", "home", "nav.home", policies.PermMeRead, false},
	{"/suppliers", "suppliers", "nav.suppliers", policies.PermSuppliersList, false},
	{"/nominations", "nominations", "nav.queue", policies.PermNominationsList, false},
	{"/nominate", "nominate", "nav.nominate", policies.PermNominationsCreate, false},
	{"/upload", "upload", "nav.upload", policies.PermNominationsCreate, false},
	{"/audits", "audits", "nav.audits", policies.PermAuditsList, false},
	// Staff only (the export is granted to operator staff alone): a brand
	// reads cases from its supplier's page, a supplier its obligations.
	{"/cases", "cases", "nav.cases", policies.PermCasesExport, false},
	{"/obligations", "obligations", "nav.obligations", policies.PermObligationsReport, false},
	{"/referrals", "referrals", "nav.referrals", policies.PermReferralsList, false},
	{"/stipends", "stipends", "sl.nav", policies.PermStipendsList, false},
	{"/actions", "actions", "nav.actions", policies.PermActionsList, true},
	{"/prevalence", "prevalence", "nav.prevalence", policies.PermPrevalenceRead, true},
	{"/organisations", "organisations", "nav.orgs", policies.PermOrganisationsList, false},
	{"/people", "people", "nav.people", policies.PermUsersList, false},
	{"/hubs", "hubs", "nav.hubs", policies.PermHubsCreate, false},
	{"/activity", "activity", "nav.activity", policies.PermActivityRead, false},
	{"/monitor/jobs", "", "nav.jobs", policies.PermJobsMonitor, false},
}

// nav is the navigation's items for a role, in its language: only the
// pages the role may open. It is written here rather than in the layout,
// where ranging over the items cost every page about 40 template actions.
// The links are ours and the labels are escaped.
func (m *meView) nav(l *printer, view string) template.HTML {
	var b strings.Builder
	brand := m.OrgKind == string(domain.KindBrand)
	for _, n := range navLinks {
		if !m.perms[n.perm] || (brand && n.notForBrands) {
			continue
		}
		label := n.label
		if label == "nav.queue" && brand {
			label = "nav.nominations" // a brand's own, not a queue
		}
		b.WriteString(`<li><a href="`)
		b.WriteString(n.href)
		b.WriteString(`"`)
		if n.view == view {
			b.WriteString(` aria-current="page"`)
		}
		b.WriteString(`>`)
		b.WriteString(html.EscapeString(l.T(label)))
		b.WriteString("</a></li>")
	}
	return template.HTML(b.String())
}

type meView struct {
	Name, Email, Role, Org, OrgKind string
	perms                           map[policies.Permission]bool
}

// Can says whether the signed-in role holds a permission, to show only the
// links and forms it may use; the service decides again on use.
func (m *meView) Can(perm string) bool { return m != nil && m.perms[policies.Permission(perm)] }

type problemView struct {
	Title, Advice, Detail, RequestID string
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render writes a view in the reader's language.
func (h *Handler) render(c *fiber.Ctx, status int, view string, data any) error {
	return h.renderPage(c, status, view, &page{Data: data})
}

func (h *Handler) renderPage(c *fiber.Ctx, status int, view string, p *page) error {
	p.L, p.Name, p.Path, p.Status = h.lang(c), view, c.OriginalURL(), status
	t := h.views.pages[p.L.Code][view]
	if t == nil {
		return fmt.Errorf("no view %q", view)
	}
	p.CSRF = h.csrfToken(c)
	if pr := principal(c); pr != nil {
		p.Me = &meView{Name: pr.User.Name, Email: pr.User.Email, Role: string(pr.User.Role), Org: pr.Org.Name,
			OrgKind: string(pr.Org.Kind), perms: map[policies.Permission]bool{}}
		for _, perm := range h.Enforcer.PermissionsOf(pr.User.Role) {
			p.Me.perms[perm] = true
		}
		p.Nav = p.Me.nav(p.L, view)
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := t.ExecuteTemplate(buf, "layout", p); err != nil {
		h.Log.Error("render", "view", view, "err", err, "request_id", domain.ActorFrom(c.UserContext()).RequestID)
		return c.Status(http.StatusInternalServerError).SendString("Internal error.")
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Status(status).Send(buf.Bytes())
}

// lang is the reader's language: a signed-in person's own choice, kept on
// their user; else the cookie chosen on this browser; else the browser's
// first choice when it is Urdu; else English.
func (h *Handler) lang(c *fiber.Ctx) *printer {
	if p := principal(c); p != nil {
		if l, ok := h.views.locales[string(p.User.Language)]; ok {
			return l
		}
	}
	if l, ok := h.views.locales[c.Cookies(langCookie)]; ok {
		return l
	}
	if strings.HasPrefix(strings.ToLower(c.Get(fiber.HeaderAcceptLanguage)), "ur") {
		return h.views.locales["ur"]
	}
	return h.views.locales["en"]
}

// problem renders a problem page for status; key picks a more specific
// advice ("csrf") than the status's own.
func (h *Handler) problem(c *fiber.Ctx, status int, key string) error {
	return h.problemDetail(c, status, key, "")
}

func (h *Handler) problemDetail(c *fiber.Ctx, status int, key, detail string) error {
	l := h.lang(c)
	if key == "" {
		key = strconv.Itoa(status)
	}
	p := &page{Problem: &problemView{Title: l.T("problem.title." + strconv.Itoa(status)), Advice: l.T("problem.advice." + key),
		Detail: detail, RequestID: string(c.Response().Header.Peek(fiber.HeaderXRequestID))}}
	return h.renderPage(c, status, "problem", p)
}

// RefusedForm answers a form post that the server refused before reading
// its body (too large, or sent without its length) with a problem page.
func (h *Handler) RefusedForm(c *fiber.Ctx, status int, detail string) error {
	setPageHeaders(c)
	return h.problemDetail(c, status, "", detail)
}

// fail is the pages' one mapping from a service's error to a problem page,
// the same as the API's: unknown and forbidden objects alike are 404.
func (h *Handler) fail(c *fiber.Ctx, err error) error {
	ctx := c.UserContext()
	var ve *domain.ValidationError
	var rl *domain.RateLimited
	var de *domain.Error
	detail := ""
	if errors.As(err, &de) {
		detail = de.Message
	}
	switch {
	case errors.As(err, &ve):
		msgs := make([]string, len(ve.Fields))
		for i, f := range ve.Fields {
			msgs[i] = f.Field + ": " + f.Message
		}
		return h.problemDetail(c, fiber.StatusUnprocessableEntity, "", strings.Join(msgs, "; "))
	case errors.As(err, &rl):
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(rl.Wait.Seconds())+1))
		return h.problem(c, fiber.StatusTooManyRequests, "")
	case errors.Is(err, domain.ErrUnavailable), errors.Is(err, context.DeadlineExceeded), errors.Is(err, docstore.ErrClosed):
		h.Log.WarnContext(ctx, "store or queue unavailable", "err", err, "request_id", domain.ActorFrom(ctx).RequestID)
		c.Set(fiber.HeaderRetryAfter, "2")
		return h.problem(c, fiber.StatusServiceUnavailable, "")
	case errors.Is(err, domain.ErrNotFound):
		return h.problemDetail(c, fiber.StatusNotFound, "", "")
	case errors.Is(err, domain.ErrForbidden):
		return h.problemDetail(c, fiber.StatusForbidden, "", detail)
	case errors.Is(err, domain.ErrConflict):
		return h.problemDetail(c, fiber.StatusConflict, "", detail)
	case errors.Is(err, domain.ErrUnauthenticated):
		h.clearCookie(c, sessionCookie)
		return h.toLogin(c)
	}
	h.Log.ErrorContext(ctx, "internal error", "err", err, "request_id", domain.ActorFrom(ctx).RequestID)
	return h.problem(c, fiber.StatusInternalServerError, "")
}

// formErrors turns a validation error into messages by field, for a form
// to show beside each field; ok is false for any other error.
func formErrors(err error) (map[string]string, bool) {
	var ve *domain.ValidationError
	if !errors.As(err, &ve) {
		return nil, false
	}
	m := map[string]string{}
	for _, f := range ve.Fields {
		k := f.Field
		if k == "" {
			k = "_"
		}
		if m[k] != "" {
			m[k] += "; "
		}
		m[k] += f.Message
	}
	return m, true
}

// invalid re-renders a form with its values and the field messages (422).
func (h *Handler) invalid(c *fiber.Ctx, view string, data any, form map[string]string, errs map[string]string) error {
	return h.renderPage(c, fiber.StatusUnprocessableEntity, view, &page{Data: data, Form: form, Errors: errs})
}

func itoa(i int) string { return strconv.Itoa(i) }
