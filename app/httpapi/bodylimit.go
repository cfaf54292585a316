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
	// uploadsFullWait is the Retry-After of a refused upload.
	uploadsFullWait = 5 * time.Second
	localLargeBody  = "large_body"
)

// routeLimit is one operation's body limit.
type routeLimit struct {
	method string
	segs   []string // "{…}" matches any one segment
	limit  int64
}

// bodyLimits holds every operation's limit and the upload slots.
type bodyLimits struct {
	routes  []routeLimit
	uploads chan struct{}
}

func newBodyLimits() *bodyLimits { return &bodyLimits{uploads: make(chan struct{}, uploadSlots)} }

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
func (l *bodyLimits) limitFor(method, path string) int64 {
	segs := strings.Split(path, "/")
	limit, best := int64(anonymousBodyLimit), -1
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
			limit, best = r.limit, literal
		}
	}
	return limit
}

// handler refuses an oversize body before reading it. A body within a
// JSON-sized limit is read here, bounded, so nothing after reads more; a
// larger one (an upload) is left for its operation to read once the caller
// is authenticated and has an upload slot (see gateUploads).
func (l *bodyLimits) handler(c *fiber.Ctx) error {
	limit := l.limitFor(c.Method(), c.Path())
	declared := int64(c.Request().Header.ContentLength()) // -1 chunked, -2 none
	if declared > limit {
		return tooLarge(c, limit)
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
			return tooLarge(c, limit)
		}
		body = b
	}
	// Handlers read the body as a stream (Huma does when streaming is on).
	c.Request().SetBodyStream(bytes.NewReader(body), len(body))
	return c.Next()
}

func tooLarge(c *fiber.Ctx, limit int64) error {
	closeAfter(c) // the rest of the body is never read
	return writeProblem(c, http.StatusRequestEntityTooLarge, "The request body is too large. At most "+strconv.FormatInt(limit, 10)+" bytes are accepted here.")
}

// gateUploads runs after authentication: a large body takes one of the few
// upload slots while it is read and handled, or is refused at once with 503
// and Retry-After.
func (s *server) gateUploads(ctx huma.Context, next func(huma.Context)) {
	if large, _ := humafiber.Unwrap(ctx).Locals(localLargeBody).(bool); !large {
		next(ctx)
		return
	}
	select {
	case s.limits.uploads <- struct{}{}:
		defer func() { <-s.limits.uploads }()
		next(ctx)
	default:
		s.fail(ctx, retryAfter{huma.NewError(http.StatusServiceUnavailable, "Too many large uploads are running at once. Try again shortly."), uploadsFullWait})
	}
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
// bandwidth, no memory), as Go's own server does. (The answer cannot say
// Connection: close: fasthttp then closes at once, without the hijack.)
func closeAfter(c *fiber.Ctx) {
	c.Context().Hijack(func(conn net.Conn) {
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
