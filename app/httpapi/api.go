// Package httpapi is Action Hub's HTTP interface: the /api/v1 JSON API with
// its generated OpenAPI 3.1 document, the offline docs page, health checks
// and the job monitor. Handlers only decode, call a service and encode.
package httpapi

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/actionhub/actionhub/app/activity"
	"github.com/actionhub/actionhub/app/audits"
	"github.com/actionhub/actionhub/app/cases"
	"github.com/actionhub/actionhub/app/directory"
	"github.com/actionhub/actionhub/app/identity"
	"github.com/actionhub/actionhub/app/referrals"
	"github.com/actionhub/actionhub/app/registry"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/policies"
	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	gojson "github.com/goccy/go-json"
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/redis/go-redis/v9"
	"github.com/swaggest/swgui/v5emb"
)

// Limits that protect the server from slow or huge requests.
const (
	maxBodyBytes   = 1 << 20  // JSON bodies; file uploads declare their own limit
	maxUploadBytes = 32 << 20 // the server's own cap; bodyLimits applies each operation's before reading
	readTimeout    = 15 * time.Second
	writeTimeout   = 30 * time.Second
	requestTimeout = 10 * time.Second
)

// Deps are the services the API calls.
type Deps struct {
	Identity   *identity.Service
	Registry   *registry.Service
	Audits     *audits.Service
	Cases      *cases.Service
	Directory  *directory.Service
	Ledger     *cases.Ledger // stipends and the supplier's obligations
	Referrals  *referrals.Service
	Activity   *activity.Log
	Enforcer   *policies.Enforcer
	Ready      func(ctx context.Context) error // store and Redis reachable
	JobMonitor http.Handler                    // the queue dashboard; nil to leave it out
	Redis      redis.UniversalClient           // Idempotency-Key answers
	Log        *slog.Logger
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix
	PublicURL      string
	Version        string
	// PageBodyLimits are the body limits of the web pages' form posts that
	// take more than a public route's, by path (at most the server's cap).
	// A page's body over maxBodyBytes is left unread, as an operation's
	// upload is: the page reads it once the person is signed in and holds
	// one of Uploads.
	PageBodyLimits map[string]int64
	// PageRefusal answers a page's form post refused for its size (413) or
	// for sending no length (411) with a page instead of a problem+json;
	// nil: problem+json.
	PageRefusal func(c *fiber.Ctx, status int, detail string) error
	// Uploads are the upload slots the API and the pages share; nil: the
	// API's own.
	Uploads *UploadSlots
	// Turns are the read turns the API and the pages share; nil: the API's
	// own, one per core.
	Turns *ReadTurns
}

// server holds the dependencies for the handlers.
type server struct {
	Deps
	limits *bodyLimits
}

// New builds the HTTP application.
func New(d Deps) (*fiber.App, huma.API) {
	fc := fiber.Config{
		AppName:               "Action Hub",
		BodyLimit:             maxUploadBytes,
		ReadTimeout:           readTimeout,
		WriteTimeout:          writeTimeout,
		IdleTimeout:           2 * time.Minute,
		ErrorHandler:          fiberErrorHandler(d.Log),
		DisableStartupMessage: true,
		// Bodies are streamed: bodyLimits holds each route to its own limit
		// before anything is buffered. Multipart forms are parsed by the
		// operation that takes them, never ahead of it.
		StreamRequestBody:            true,
		DisablePreParseMultipartForm: true,
	}
	app := fiber.New(fc)
	app.Use(recover.New())
	app.Use(clientAddress(d.TrustedProxies))
	app.Use(requestID)
	app.Use(secureHeaders)
	app.Use(accessLog(d.Log))
	limits := newBodyLimits()
	if d.Uploads != nil {
		limits.uploads = d.Uploads
	}
	limits.pageRefusal = d.PageRefusal
	app.Use(limits.handler)

	if d.Turns == nil {
		d.Turns = NewReadTurns(0, TurnWait)
	}
	s := &server{Deps: d, limits: limits}
	cfg := huma.DefaultConfig("Action Hub API", d.Version)
	cfg.Info.Description = "Supplier human-rights due diligence on child labour in Pakistan's textile and leather supply chains: " +
		"hubs, organisations and users; the supplier registry with brand nominations, matching and list upload; " +
		"HRDD audits with findings, corrective actions and evidence files; cases, referrals and grievances come in later versions. " +
		"Authenticate with `Authorization: Bearer <token>` from `POST /api/v1/auth/login`, or with an API key. Errors are RFC 9457 problems."
	cfg.Info.License = &huma.License{Name: "Proprietary", URL: "https://actionhub.invalid/licence"}
	cfg.Servers = []*huma.Server{{URL: d.PublicURL}}
	cfg.DocsPath = "" // Huma's page loads scripts from the internet; ours is embedded
	cfg.SchemasPath = ""
	cfg.CreateHooks = nil // no "$schema" links in bodies: the schemas live in /openapi.json
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer", Description: "A login token (ahs_…) or an API key (ahk_…)."},
	}
	cfg.OnAddOperation = append(cfg.OnAddOperation, requirePermission)
	cfg.Formats = map[string]huma.Format{"application/json": jsonFormat, "json": jsonFormat}
	api := humafiber.New(app, cfg)
	api.UseMiddleware(s.inTurn, s.authenticate, s.gateUploads, s.idempotent)

	app.Get("/healthz", func(c *fiber.Ctx) error { return c.JSON(fiber.Map{"status": "ok"}) })
	app.Get("/readyz", s.ready)
	docs := adaptor.HTTPHandler(v5emb.New("Action Hub API", "/openapi.json", "/docs/"))
	app.Get("/docs/*", func(c *fiber.Ctx) error {
		if c.Path() == "/docs" { // the page's assets are relative to /docs/
			return c.Redirect("/docs/", http.StatusMovedPermanently)
		}
		return docs(c)
	})
	if d.JobMonitor != nil {
		mon := adaptor.HTTPHandler(d.JobMonitor)
		app.All("/monitor/jobs", s.monitorGate, mon)
		app.All("/monitor/jobs/*", s.monitorGate, mon)
	}

	registerAuth(api, s)
	registerHubs(api, s)
	registerOrgs(api, s)
	registerUsers(api, s)
	registerActivity(api, s)
	registerSuppliers(api, s)
	registerAudits(api, s)
	registerAuditSettings(api, s)
	registerCases(api, s)
	registerStipends(api, s)
	registerFollowUps(api, s)
	registerCaseSettings(api, s)
	registerLaw(api, s)
	registerDirectory(api, s)
	registerHSDS(api, s)
	registerReferrals(api, s)
	registerWebhooks(api, s)
	limits.load(api.OpenAPI())
	for path, n := range d.PageBodyLimits {
		limits.routes = append(limits.routes, routeLimit{method: http.MethodPost, segs: strings.Split(path, "/"), limit: min(n, maxUploadBytes), page: true})
	}
	return app, api
}

// jsonFormat writes answers with go-json, about three times faster than
// encoding/json on a page of 20 suppliers; request bodies are still read
// (and validated) by Huma's encoding/json default.
var jsonFormat = huma.Format{
	Marshal: func(w io.Writer, v any) error {
		enc := gojson.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return enc.Encode(v)
	},
	Unmarshal: huma.DefaultJSONFormat.Unmarshal,
}

// Operation metadata keys.
const (
	metaPermission   = "permission"
	metaPublic       = "public"
	metaSecretAnswer = "secret_answer" // the answer carries a secret shown once: never kept
	metaOptionalAuth = "optional_auth" // public, but a token sent is checked and its holder known to the handler
)

// requirePermission fails at start-up for an operation that declares
// neither a permission nor that it is public: authorization fails closed.
func requirePermission(_ *huma.OpenAPI, op *huma.Operation) {
	if _, ok := op.Metadata[metaPermission].(policies.Permission); ok {
		return
	}
	if public, _ := op.Metadata[metaPublic].(bool); public {
		return
	}
	panic(fmt.Sprintf("operation %s %s declares no permission", op.Method, op.Path))
}

// endpoint describes one operation: every route is declared through it, so
// each names its permission (or is public) and its possible errors.
type endpoint struct {
	method, path, id, summary, tag string
	perm                           policies.Permission // "" only with public
	public                         bool
	status                         int   // default success status
	errors                         []int // beyond 401/403/422/500
	description                    string
	maxBody                        int64         // 0: maxBodyBytes
	timeout                        time.Duration // 0: requestTimeout
	secretAnswer                   bool          // the answer carries a secret shown once
	optionalAuth                   bool          // public, and a token sent is checked (the HSDS API of a hub that is not public)
	rawJSON                        bool          // the body is JSON the service reads and checks itself (an import file)
}

func (e endpoint) operation() huma.Operation {
	op := huma.Operation{
		OperationID: e.id, Method: e.method, Path: "/api/v1" + e.path, Summary: e.summary,
		Description: e.description, Tags: []string{e.tag}, DefaultStatus: e.status,
		MaxBodyBytes: cmp.Or(e.maxBody, maxBodyBytes), Metadata: map[string]any{},
		// Bodies are streamed: an upload's body is read within its own time.
		BodyReadTimeout: cmp.Or(e.timeout, requestTimeout),
		Errors:          append([]int{http.StatusBadRequest, http.StatusUnprocessableEntity, http.StatusServiceUnavailable}, e.errors...),
	}
	if e.method == http.MethodPost && !e.public {
		op.Parameters = append(op.Parameters, keyParam)
	}
	if e.secretAnswer {
		op.Metadata[metaSecretAnswer] = true
	}
	op.SkipValidateBody = e.rawJSON
	if e.public {
		op.Metadata[metaPublic] = true
		op.Security = []map[string][]string{{}} // explicitly open to anyone
		if e.optionalAuth {
			op.Metadata[metaOptionalAuth] = true
		}
	} else {
		op.Metadata[metaPermission] = e.perm
		op.Security = []map[string][]string{{"bearer": {}}}
		op.Errors = append(op.Errors, http.StatusUnauthorized, http.StatusForbidden)
	}
	return op
}

// register adds an operation whose handler's errors go through the one
// problem mapping.
func register[I, O any](api huma.API, s *server, e endpoint, h func(context.Context, *I) (*O, error)) {
	op := e.operation()
	var loc locator
	huma.Register(api, op, func(ctx context.Context, in *I) (*O, error) {
		ctx, cancel := context.WithTimeout(ctx, cmp.Or(e.timeout, requestTimeout))
		defer cancel()
		out, err := h(ctx, in)
		if err != nil {
			return nil, problem(ctx, s.Log, loc.locate(err))
		}
		return out, nil
	})
	// Huma fills in the parameters and body from the input type as it
	// registers; the registered operation is the one to read them from.
	loc = locatorFor(registered(api, op.Method, op.Path))
}

// authenticate runs for every operation: it records who calls from where,
// checks the bearer token unless the operation is public, and asks Casbin
// whether the role may use the operation at all. Object-level scope is the
// services' job, once the object is loaded.
func (s *server) authenticate(ctx huma.Context, next func(huma.Context)) {
	fc := humafiber.Unwrap(ctx)
	a := domain.Actor{RequestID: string(fc.Response().Header.Peek(fiber.HeaderXRequestID)), IP: ip(fc)}
	op := ctx.Operation()
	token, ok := bearer(ctx.Header("Authorization"))
	optional, _ := op.Metadata[metaOptionalAuth].(bool)
	if public, _ := op.Metadata[metaPublic].(bool); public && !(optional && ok) {
		next(huma.WithContext(ctx, domain.WithActor(ctx.Context(), a)))
		return
	}
	perm, _ := op.Metadata[metaPermission].(policies.Permission)
	if !ok {
		s.fail(ctx, huma.NewError(http.StatusUnauthorized, "Log in first, then send the token in an Authorization header as Bearer <token>."))
		return
	}
	p, err := s.Identity.Authenticate(ctx.Context(), token)
	if err != nil {
		s.fail(ctx, problem(ctx.Context(), s.Log, err))
		return
	}
	p.Actor.RequestID, p.Actor.IP = a.RequestID, a.IP
	if !optional && !s.Enforcer.Allowed(p.Actor.Role, perm) {
		s.fail(ctx, huma.NewError(http.StatusForbidden, "Your role ("+string(p.Actor.Role)+") does not hold the permission "+string(perm)+"."))
		return
	}
	fc.Locals("user_id", p.Actor.UserID)
	next(huma.WithContext(ctx, identity.WithPrincipal(ctx.Context(), p)))
}

// fail writes a problem from middleware, before any handler ran.
func (s *server) fail(ctx huma.Context, err error) {
	var he interface{ GetHeaders() http.Header }
	if errors.As(err, &he) {
		for k, vs := range he.GetHeaders() {
			for _, v := range vs {
				ctx.AppendHeader(k, v)
			}
		}
	}
	var se huma.StatusError
	if !errors.As(err, &se) {
		se = huma.NewError(http.StatusInternalServerError, internalDetail)
	}
	ctx.SetHeader("Content-Type", problemType)
	ctx.SetStatus(se.GetStatus())
	_ = json.NewEncoder(ctx.BodyWriter()).Encode(se)
}

func bearer(h string) (string, bool) {
	const p = "Bearer "
	if len(h) <= len(p) || !strings.EqualFold(h[:len(p)], p) {
		return "", false
	}
	return strings.TrimSpace(h[len(p):]), true
}

// ready answers 200 when the store and Redis answer within a second. It is
// public, so it says only ready or not: the cause (addresses, paths) goes to
// the log.
func (s *server) ready(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), time.Second)
	defer cancel()
	if err := s.Ready(ctx); err != nil {
		s.Log.Warn("not ready", "err", err, "request_id", c.GetRespHeader(fiber.HeaderXRequestID))
		c.Set(fiber.HeaderRetryAfter, "2")
		return writeProblem(c, http.StatusServiceUnavailable, "Not ready.")
	}
	return c.JSON(fiber.Map{"status": "ready"})
}

// monitorGate lets only platform admins into the job monitor, with the
// bearer token or the session cookie set at login (a browser cannot send a
// bearer header to a page).
func (s *server) monitorGate(c *fiber.Ctx) error {
	token, ok := bearer(c.Get(fiber.HeaderAuthorization))
	if !ok {
		token = c.Cookies(sessionCookie)
	}
	if token == "" {
		return writeProblem(c, http.StatusUnauthorized, "Log in as a platform admin first.")
	}
	p, err := s.Identity.Authenticate(c.UserContext(), token)
	if err != nil {
		return writeProblem(c, http.StatusUnauthorized, "Log in as a platform admin first.")
	}
	if !s.Enforcer.Allowed(p.Actor.Role, policies.PermJobsMonitor) {
		return writeProblem(c, http.StatusForbidden, "Only platform admins may see the job monitor.")
	}
	return c.Next()
}

// accessLog writes one structured line per request.
func accessLog(log *slog.Logger) fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		err := c.Next()
		status := c.Response().StatusCode()
		if err != nil {
			// The error handler has not run yet: infer its status.
			if fe, ok := err.(*fiber.Error); ok {
				status = fe.Code
			} else {
				status = http.StatusInternalServerError
			}
		}
		lvl := slog.LevelInfo
		if status >= 500 {
			lvl = slog.LevelError
		}
		log.Log(c.UserContext(), lvl, "request", "method", c.Method(), "path", c.Path(), "status", status,
			"duration_ms", float64(time.Since(start).Microseconds())/1000, "request_id", c.GetRespHeader(fiber.HeaderXRequestID),
			"ip", ip(c), "user_id", c.Locals("user_id"))
		return err
	}
}
