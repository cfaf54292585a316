// Package web serves Action Hub's pages for people: server-rendered HTML in
// English and Urdu on the same services, actor and authorization as the
// API, so scope, validation and the activity log are the same whichever way
// a person works. No page reads the store; no page needs a script.
package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/actionhub/actionhub/app/activity"
	"github.com/actionhub/actionhub/app/audits"
	"github.com/actionhub/actionhub/app/cases"
	"github.com/actionhub/actionhub/app/directory"
	"github.com/actionhub/actionhub/app/httpapi"
	"github.com/actionhub/actionhub/app/identity"
	"github.com/actionhub/actionhub/app/referrals"
	"github.com/actionhub/actionhub/app/registry"
	"github.com/actionhub/actionhub/policies"
	"github.com/gofiber/fiber/v2"
	"github.com/redis/go-redis/v9"
)

// Deps are the services the pages call, the same the API calls.
type Deps struct {
	Identity  *identity.Service
	Registry  *registry.Service
	Audits    *audits.Service
	Cases     *cases.Service
	Ledger    *cases.Ledger // a case's obligations to its supplier
	Directory *directory.Service
	Referrals *referrals.Service
	Activity  *activity.Log
	Enforcer  *policies.Enforcer
	Redis     redis.UniversalClient // holds an uploaded list between its dry run and its commit
	Log       *slog.Logger
	PublicURL string
	SecretKey []byte
	// ClientIP is the caller's address as the API works it out (trusted proxies included).
	ClientIP func(c *fiber.Ctx) string
	// Uploads are the server's upload slots, the API's: a page's upload
	// over the JSON limit is read only while it holds one.
	Uploads *httpapi.UploadSlots
	// Turns are the server's read turns, the API's: a page read takes one.
	Turns *httpapi.ReadTurns
}

// Handler serves the pages.
type Handler struct {
	Deps
	views   *views
	csrfKey []byte
	secure  bool // cookies only over https
	now     func() time.Time
}

// New parses the templates and translations once; it fails at start rather
// than on a person's first request.
func New(d Deps) (*Handler, error) {
	v, err := loadViews()
	if err != nil {
		return nil, err
	}
	if d.Uploads == nil || d.Turns == nil {
		return nil, errors.New("web: the server's upload slots or read turns are missing")
	}
	m := hmac.New(sha256.New, d.SecretKey)
	m.Write([]byte("actionhub web csrf"))
	return &Handler{Deps: d, views: v, csrfKey: m.Sum(nil), secure: strings.HasPrefix(d.PublicURL, "https://"),
		now: func() time.Time { return time.Now().UTC() }}, nil
}

// Mount adds the pages to app. The API's routes (/api, /docs, /monitor,
// /openapi.json, /healthz, /readyz) are registered first and keep their paths.
func (h *Handler) Mount(app *fiber.App) {
	app.Get("/static/*", h.static)
	g := pages{r: app, h: h, pre: []fiber.Handler{h.pageHeaders, h.csrfCheck}}
	g.Get("/login", h.loginPage)
	g.Post("/login", h.login)
	g.Post("/lang", h.setLang)
	g.Post("/logout", h.signedIn(policies.PermMeRead), h.logout)
	g.Get("/", h.signedIn(policies.PermMeRead), h.home)
	h.mountRegistry(g)
	h.mountAudits(g)
	h.mountCases(g)
	h.mountStipends(g)
	h.mountReferrals(g)
	h.mountAdmin(g)
	// Any other path outside the API's answers the 404 page; the API's own
	// unknown paths keep their problem+json.
	app.Use(func(c *fiber.Ctx) error {
		if c.Method() != fiber.MethodGet || apiPath(c.Path()) || strings.HasPrefix(c.Path(), "/static/") {
			return c.Next()
		}
		setPageHeaders(c)
		return h.problem(c, fiber.StatusNotFound, "")
	})
}

// apiPath: the API's, the docs' and the job monitor's paths, which answer
// their own way.
func apiPath(p string) bool {
	for _, prefix := range []string{"/api/", "/docs", "/monitor", "/openapi", "/healthz", "/readyz"} {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return false
}

// pages registers page routes, each behind the pages' own middleware
// (headers, CSRF). A group with middleware would run it for every path
// under it, the API's unknown paths included.
type pages struct {
	r   fiber.Router
	h   *Handler
	pre []fiber.Handler
}

// Get adds a page read, which takes its turn first.
func (p pages) Get(path string, hs ...fiber.Handler) {
	p.r.Get(path, slices.Concat([]fiber.Handler{p.h.inTurn}, p.pre, hs)...)
}

// inTurn runs page reads in the turns the API's reads take too (see
// httpapi.ReadTurns); the 503 page when none comes in time.
func (h *Handler) inTurn(c *fiber.Ctx) error {
	if !h.Turns.Take() {
		setPageHeaders(c)
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(httpapi.TurnRetry/time.Second)))
		return h.problem(c, fiber.StatusServiceUnavailable, "")
	}
	defer h.Turns.Release()
	return c.Next()
}

// Post adds a form post.
func (p pages) Post(path string, hs ...fiber.Handler) {
	p.r.Post(path, append(slices.Clone(p.pre), hs...)...)
}

// Upload adds a form post that carries a file larger than a form's (its
// limit in BodyLimits). The CSRF check reads the whole body, so here the
// session and perm are checked first, before a byte of the body is read;
// then a body over the JSON limit takes one of the server's upload slots
// (the 503 page when all are taken); then the CSRF token; then the page.
// Without a session nothing is read and the connection is closed after
// the answer, as the body limit does for every unread body.
func (p pages) Upload(path string, perm policies.Permission, handler fiber.Handler) {
	p.r.Post(path, p.h.pageHeaders, p.h.signedIn(perm), p.h.uploadSlot, p.h.csrfCheck, handler)
}

// uploadSlot holds one of the upload slots while a large body is read and
// handled; a body the body limit already read (small) needs none.
func (h *Handler) uploadSlot(c *fiber.Ctx) error {
	if !httpapi.LargeBody(c) {
		return c.Next()
	}
	release, ok := h.Uploads.Take()
	if !ok {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(httpapi.UploadsFullWait/time.Second)))
		return h.problem(c, fiber.StatusServiceUnavailable, "")
	}
	defer release()
	return c.Next()
}

// pageHeaders marks every page: no script from anywhere (none is needed),
// styles, fonts and images from this origin only, forms posting only here,
// never framed; and not cached, since pages hold personal data.
func (h *Handler) pageHeaders(c *fiber.Ctx) error {
	setPageHeaders(c)
	return c.Next()
}

func setPageHeaders(c *fiber.Ctx) {
	hd := &c.Response().Header
	hd.Set(fiber.HeaderContentSecurityPolicy, contentSecurityPolicy)
	hd.Set(fiber.HeaderCacheControl, "no-store")
	hd.Set(fiber.HeaderReferrerPolicy, "same-origin")
}

// contentSecurityPolicy allows nothing inline and nothing from another
// origin: the pages work as plain HTML forms.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// redirect answers a form post with 303 See Other, so reloading the next
// page does not post again.
func redirect(c *fiber.Ctx, to string) error { return c.Redirect(to, http.StatusSeeOther) }
