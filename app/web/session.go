package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/actionhub/actionhub/app/identity"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/policies"
	"github.com/gofiber/fiber/v2"
)

// Cookies. The session cookie is the one the API's login sets for the job
// monitor: it holds the same session token, so logging out here ends it
// there too, and a platform admin reaches /monitor/jobs signed in.
const (
	sessionCookie = "actionhub_session"
	preCookie     = "actionhub_pre"  // binds the sign-in form's CSRF token before there is a session
	langCookie    = "actionhub_lang" // the language before sign-in; a signed-in person's is kept on their user
	csrfField     = "csrf"
)

// Locals set by signedIn.
const localPrincipal = "web_principal"

// actorCtx is the request's context carrying the anonymous actor: request
// ID and address, as the API records them.
func (h *Handler) actorCtx(c *fiber.Ctx) context.Context {
	a := domain.Actor{RequestID: string(c.Response().Header.Peek(fiber.HeaderXRequestID)), IP: h.ClientIP(c)}
	return domain.WithActor(c.UserContext(), a)
}

// signedIn lets the request on only with a live session whose role holds
// perm, as the API's authentication does for an operation. A missing,
// expired or ended session, or a disabled user or organisation, goes back
// to the sign-in page: that is how a disabled user is signed out on the
// next request.
func (h *Handler) signedIn(perm policies.Permission) fiber.Handler {
	return func(c *fiber.Ctx) error {
		token := c.Cookies(sessionCookie)
		ctx := h.actorCtx(c)
		if token == "" {
			return h.toLogin(c)
		}
		p, err := h.Identity.Authenticate(ctx, token)
		if errors.Is(err, domain.ErrUnauthenticated) {
			h.clearCookie(c, sessionCookie)
			return h.toLogin(c)
		}
		if err != nil {
			return h.fail(c, err)
		}
		a := domain.ActorFrom(ctx)
		p.Actor.RequestID, p.Actor.IP = a.RequestID, a.IP
		c.SetUserContext(identity.WithPrincipal(ctx, p))
		c.Locals(localPrincipal, p)
		c.Locals("user_id", p.Actor.UserID)
		if !h.Enforcer.Allowed(p.Actor.Role, perm) {
			return h.problem(c, fiber.StatusForbidden, "")
		}
		return c.Next()
	}
}

func principal(c *fiber.Ctx) *identity.Principal {
	p, _ := c.Locals(localPrincipal).(*identity.Principal)
	return p
}

// toLogin sends a reader to the sign-in page, back here afterwards; a form
// post cannot be replayed, so it goes to the home page after.
func (h *Handler) toLogin(c *fiber.Ctx) error {
	next := "/"
	if c.Method() == fiber.MethodGet {
		next = c.OriginalURL()
	}
	return redirect(c, "/login?next="+url.QueryEscape(next))
}

// localPath keeps a redirect target on this site: a path, never "//host"
// or a scheme.
func localPath(s string) string {
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.HasPrefix(s, "/\\") || strings.ContainsAny(s, "\r\n") {
		return "/"
	}
	return s
}

func (h *Handler) setCookie(c *fiber.Ctx, name, value string, expires time.Time) {
	c.Cookie(&fiber.Cookie{Name: name, Value: value, Path: "/", Expires: expires, HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode, Secure: h.secure})
}

func (h *Handler) clearCookie(c *fiber.Ctx, name string) {
	c.Cookie(&fiber.Cookie{Name: name, Value: "", Path: "/", Expires: time.Unix(1, 0), MaxAge: -1, HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode, Secure: h.secure})
}

// csrfToken is the token every form carries: an HMAC of what binds the
// form to this browser, the session token once signed in, or the
// pre-session cookie before. Another site can make a browser post, but
// cannot read the token.
func (h *Handler) csrfToken(c *fiber.Ctx) string {
	// A page asks once per form it writes (a case's obligations page once
	// per obligation): the token is worked out once per request.
	if t, ok := c.Locals(csrfLocal).(string); ok {
		return t
	}
	t := h.newCSRFToken(c)
	c.Locals(csrfLocal, t)
	return t
}

// csrfLocal keeps a request's CSRF token once worked out.
const csrfLocal = "csrf-token"

func (h *Handler) newCSRFToken(c *fiber.Ctx) string {
	binding := c.Cookies(sessionCookie)
	if binding == "" {
		binding = c.Cookies(preCookie)
		if binding == "" {
			binding, _ = c.Locals(preCookie).(string)
		}
	}
	m := hmac.New(sha256.New, h.csrfKey)
	m.Write([]byte(binding))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// csrfCheck refuses every post without the form's token with a 403 page;
// on reads it makes sure a pre-session cookie exists to bind the sign-in form.
func (h *Handler) csrfCheck(c *fiber.Ctx) error {
	if c.Method() != fiber.MethodPost {
		if c.Cookies(sessionCookie) == "" && c.Cookies(preCookie) == "" {
			v := randomToken()
			h.setCookie(c, preCookie, v, time.Now().Add(24*time.Hour))
			c.Locals(preCookie, v)
		}
		return c.Next()
	}
	if c.Cookies(sessionCookie) == "" && c.Cookies(preCookie) == "" {
		return h.problem(c, fiber.StatusForbidden, "csrf")
	}
	got := c.FormValue(csrfField)
	if !hmac.Equal([]byte(got), []byte(h.csrfToken(c))) {
		return h.problem(c, fiber.StatusForbidden, "csrf")
	}
	return c.Next()
}

func randomToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (h *Handler) loginPage(c *fiber.Ctx) error {
	if c.Cookies(sessionCookie) != "" {
		if _, err := h.Identity.Authenticate(h.actorCtx(c), c.Cookies(sessionCookie)); err == nil {
			return redirect(c, localPath(c.Query("next", "/")))
		}
	}
	return h.render(c, fiber.StatusOK, "login", map[string]any{"Next": localPath(c.Query("next", "/"))})
}

// login signs in with the identity service's login, its throttle included.
func (h *Handler) login(c *fiber.Ctx) error {
	ctx := h.actorCtx(c)
	email, next := c.FormValue("email"), localPath(c.FormValue("next"))
	r, err := h.Identity.Login(ctx, email, c.FormValue("password"), domain.ActorFrom(ctx).IP)
	if err != nil {
		data := map[string]any{"Next": next, "Email": email}
		var rl *domain.RateLimited
		switch {
		case errors.As(err, &rl):
			data["Error"] = "login.throttled"
			data["Wait"] = max(1, int(rl.Wait.Round(time.Minute)/time.Minute))
			c.Set(fiber.HeaderRetryAfter, itoa(int(rl.Wait.Seconds())+1))
			return h.render(c, fiber.StatusTooManyRequests, "login", data)
		case errors.Is(err, domain.ErrUnauthenticated):
			data["Error"] = "login.wrong"
			return h.render(c, fiber.StatusUnauthorized, "login", data)
		}
		return h.fail(c, err)
	}
	h.clearCookie(c, preCookie)
	h.setCookie(c, sessionCookie, r.Token, r.Expires)
	// The person's own choice, made on any device, wins over this browser's;
	// the cookie follows it so the sign-in page after logging out matches.
	if r.User.Language.Valid() {
		h.setCookie(c, langCookie, string(r.User.Language), time.Now().AddDate(1, 0, 0))
	}
	return redirect(c, next)
}

// logout ends the session at once, for the pages and the API alike.
func (h *Handler) logout(c *fiber.Ctx) error {
	if err := h.Identity.Logout(c.UserContext()); err != nil {
		return h.fail(c, err)
	}
	h.clearCookie(c, sessionCookie)
	return redirect(c, "/login")
}

// setLang switches the language and returns to the page it was asked from.
// A signed-in person's choice is saved on their user through the identity
// service, as the API's PUT /me/language saves it; before sign-in only this
// browser's cookie keeps it.
func (h *Handler) setLang(c *fiber.Ctx) error {
	lang := c.FormValue("lang")
	if _, ok := h.views.locales[lang]; !ok {
		return h.problem(c, fiber.StatusUnprocessableEntity, "")
	}
	if token := c.Cookies(sessionCookie); token != "" {
		ctx := h.actorCtx(c)
		p, err := h.Identity.Authenticate(ctx, token)
		switch {
		case err == nil && h.Enforcer.Allowed(p.Actor.Role, policies.PermMeUpdate):
			a := domain.ActorFrom(ctx)
			p.Actor.RequestID, p.Actor.IP = a.RequestID, a.IP
			if _, err := h.Identity.SetLanguage(identity.WithPrincipal(ctx, p), domain.Language(lang)); err != nil {
				return h.fail(c, err)
			}
		case err != nil && !errors.Is(err, domain.ErrUnauthenticated):
			return h.fail(c, err)
		}
	}
	h.setCookie(c, langCookie, lang, time.Now().AddDate(1, 0, 0))
	return redirect(c, localPath(c.FormValue("back")))
}
