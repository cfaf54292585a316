package httpapi

import (
	"bytes"
	"cmp"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/actionhub/actionhub/app/cases"
	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"
)

// Body limits. The server streams request bodies (fasthttp would otherwise
// buffer up to the global limit of every request before any handler runs:
// 30 parallel 31 MB posts to /healthz took the process from 60 MB to
// 0.9 GB). Each request is held to its route's limit by Content-Length
// before a byte of the body is read, and while reading when the length is
// not declared.
const (
	// anonymousBodyLimit is the body any public route (login, health, docs,
	// unknown paths) may send.
	anonymousBodyLimit = 64 << 10
	// uploadSlots bounds the large bodies (over maxBodyBytes) read at once,
	// each up to an upload's limit, so uploads cannot take all memory.
	uploadSlots = 4
	// UploadsFullWait is the Retry-After of an upload refused because every
	// upload slot is taken.
	UploadsFullWait = 5 * time.Second
	localLargeBody  = "large_body"
)

// Upload limits of the API's file operations, for the pages' upload forms
// to take the same files.
const (
	PhotoUploadBytes = maxPhotoUpload    // a child's photo
	ProofUploadBytes = maxEvidenceUpload // an evidence file or a stipend payment's proof
	ListUploadBytes  = maxListUpload     // a supplier list
)

// maxPhotoUpload is a photo and its multipart form.
const maxPhotoUpload = cases.MaxPhotoBytes + 64<<10

// UploadSlots are the few large bodies the server reads at once, shared by
// the API's operations and the pages' upload forms: one mechanism, so
// neither can starve the other of memory.
type UploadSlots struct{ c chan struct{} }

// NewUploadSlots makes the server's upload slots.
func NewUploadSlots() *UploadSlots { return &UploadSlots{c: make(chan struct{}, uploadSlots)} }

// Take takes a slot without waiting; release gives it back once the body
// is read and handled. ok is false when every slot is taken: the caller
// answers 503 with Retry-After UploadsFullWait.
func (u *UploadSlots) Take() (release func(), ok bool) {
	select {
	case u.c <- struct{}{}:
		return func() { <-u.c }, true
	default:
		return nil, false
	}
}

// LargeBody reports whether the request's body is over the JSON limit and
// left unread by the body limit, for its handler to read once the caller
// is signed in and holds an upload slot.
func LargeBody(c *fiber.Ctx) bool {
	large, _ := c.Locals(localLargeBody).(bool)
	return large
}

// routeLimit is one operation's body limit.
type routeLimit struct {
	method string
	segs   []string // "{…}" matches any one segment
	limit  int64
	page   bool // a web page's form post (PageBodyLimits)
}

// bodyLimits holds every operation's limit and the upload slots.
type bodyLimits struct {
	routes      []routeLimit
	pageRefusal func(c *fiber.Ctx, status int, detail string) error
	uploads     *UploadSlots
}

func newBodyLimits() *bodyLimits { return &bodyLimits{uploads: NewUploadSlots()} }

// load reads the limits of the registered operations; public ones get the
// anonymous limit at most.
func (l *bodyLimits) load(oapi *huma.OpenAPI) {
	for path, item := range oapi.Paths {
		for _, op := range []*huma.Operation{item.Get, item.Put, item.Post, item.Delete, item.Patch} {
			if op == nil {
				continue
			}
			limit := cmp.Or(op.MaxBodyBytes, maxBodyBytes)
			if public, _ := op.Metadata[metaPublic].(bool); public {
				limit = min(limit, anonymousBodyLimit)
			}
			l.routes = append(l.routes, routeLimit{method: op.Method, segs: strings.Split(path, "/"), limit: limit})
		}
	}
}

// limitFor is the limit of the operation that serves method and path (the
// one with the most literal segments), or the anonymous limit.
func (l *bodyLimits) limitFor(method, path string) int64 { return l.routeFor(method, path).limit }

// routeFor is the route that serves method and path, or a public one.
func (l *bodyLimits) routeFor(method, path string) routeLimit {
	segs := strings.Split(path, "/")
	route, best := routeLimit{limit: anonymousBodyLimit}, -1
	for _, r := range l.routes {
		if r.method != method || len(r.segs) != len(segs) {
			continue
		}
		literal := 0
		for i, s := range r.segs {
			if strings.HasPrefix(s, "{") {
				continue
			}
			if s != segs[i] {
				literal = -1
				break
			}
			literal++
		}
		if literal > best {
			route, best = r, literal
		}
	}
	return route
}

// handler refuses an oversize body before reading it. A body within a
// JSON-sized limit is read here, bounded, so nothing after reads more; a
// larger one (an upload) is left for its operation to read once the caller
// is authenticated and has an upload slot (see gateUploads).
func (l *bodyLimits) handler(c *fiber.Ctx) error {
	route := l.routeFor(c.Method(), c.Path())
	limit := route.limit
	declared := int64(c.Request().Header.ContentLength()) // -1 chunked, -2 none
	if declared > limit {
		return l.tooLarge(c, route)
	}
	if route.page && limit > maxBodyBytes && declared == -1 {
		// An operation reads an upload within its limit; a page's form is
		// read whole by its parser, which has none. Browsers always send a
		// form's length.
		return l.refuse(c, route, http.StatusLengthRequired, "Send the form with its Content-Length.")
	}
	if limit > maxBodyBytes && (declared > maxBodyBytes || declared == -1) {
		c.Locals(localLargeBody, true)
		err := c.Next()
		if declared < 0 || !consumed(c) {
			closeAfter(c)
		}
		return err
	}
	var body []byte
	if r := c.Request().BodyStream(); r != nil { // Body() would read it all
		b, err := io.ReadAll(io.LimitReader(r, limit+1))
		if err != nil {
			closeAfter(c)
			return writeProblem(c, http.StatusBadRequest, "The request body could not be read.")
		}
		if int64(len(b)) > limit {
			return l.tooLarge(c, route)
		}
		body = b
	}
	// Handlers read the body as a stream (Huma does when streaming is on).
	c.Request().SetBodyStream(bytes.NewReader(body), len(body))
	return c.Next()
}

func (l *bodyLimits) tooLarge(c *fiber.Ctx, route routeLimit) error {
	detail := "The request body is too large. At most " + strconv.FormatInt(route.limit, 10) + " bytes are accepted here."
	if route.page {
		detail = "The form is too large. At most " + strconv.FormatInt(route.limit>>20, 10) + " MB are accepted here."
	}
	return l.refuse(c, route, http.StatusRequestEntityTooLarge, detail)
}

// refuse answers a body it will not read: a page for a page's form post,
// else problem+json; the rest of the body is never read.
func (l *bodyLimits) refuse(c *fiber.Ctx, route routeLimit, status int, detail string) error {
	closeAfter(c)
	if route.page && l.pageRefusal != nil {
		return l.pageRefusal(c, status, detail)
	}
	return writeProblem(c, status, detail)
}

// gateUploads runs after authentication: a large body takes one of the few
// upload slots while it is read and handled, or is refused at once with 503
// and Retry-After.
func (s *server) gateUploads(ctx huma.Context, next func(huma.Context)) {
	if !LargeBody(humafiber.Unwrap(ctx)) {
		next(ctx)
		return
	}
	release, ok := s.limits.uploads.Take()
	if !ok {
		s.fail(ctx, retryAfter{huma.NewError(http.StatusServiceUnavailable, "Too many large uploads are running at once. Try again shortly."), UploadsFullWait})
		return
	}
	defer release()
	next(ctx)
}

// How long and how much closeAfter reads and drops before closing.
const (
	lingerTime  = time.Second
	lingerBytes = maxUploadBytes
)

// closeAfter ends the connection once the answer is sent, even though the
// client may still be sending a body nobody will read. Closing a socket
// with unread input makes the kernel send a reset, which can destroy the
// answer before the client reads it; so the connection is half-closed and
// what still arrives is read and dropped, for a second at most (time and
// bandwidth, no memory), as Go's own server does. The answer is written
// here, saying Connection: close, so that clients do not send their next
// request on it (fasthttp, told to close, would close at once instead).
func closeAfter(c *fiber.Ctx) {
	fc := c.Context()
	fc.HijackSetNoResponse(true)
	fc.Hijack(func(conn net.Conn) {
		fc.Response.SetConnectionClose()
		if _, err := fc.Response.WriteTo(conn); err != nil {
			return
		}
		raw := conn
		if u, ok := conn.(interface{ UnsafeConn() net.Conn }); ok {
			raw = u.UnsafeConn()
		}
		if hc, ok := raw.(interface{ CloseWrite() error }); ok {
			_ = hc.CloseWrite()
		}
		_ = conn.SetReadDeadline(time.Now().Add(lingerTime))
		_, _ = io.CopyN(io.Discard, conn, lingerBytes)
	})
}

// consumed reports whether a declared-length body was read to its end, so
// the connection can serve the next request. It never waits for the client.
func consumed(c *fiber.Ctx) bool {
	r := c.Request().BodyStream()
	if r == nil {
		return true
	}
	_ = c.Context().Conn().SetReadDeadline(time.Now())
	n, err := r.Read(make([]byte, 1))
	return n == 0 && errors.Is(err, io.EOF)
}
