package httpapi

import (
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
)

// requestID gives every request an ID for the logs, the activity log and
// support. A client's own ID is kept only when it is short and plain, so a
// caller cannot write arbitrary text into the logs.
func requestID(c *fiber.Ctx) error {
	id := c.Get(fiber.HeaderXRequestID)
	if !wellFormedID(id) {
		id = uuid.NewString()
	}
	c.Set(fiber.HeaderXRequestID, id)
	return c.Next()
}

// wellFormedID: 1 to 64 of A-Z, a-z, 0-9, '.', '_' and '-'.
func wellFormedID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z', b >= '0' && b <= '9', b == '.', b == '_', b == '-':
		default:
			return false
		}
	}
	return true
}

// secureHeaders is the middleware form of setSecurityHeaders.
func secureHeaders(c *fiber.Ctx) error {
	setSecurityHeaders(c)
	return c.Next()
}

// setSecurityHeaders marks every answer: browsers must not guess content
// types or frame the pages (clickjacking), and nothing under /api or
// /monitor is cached, since those answers hold tokens, personal data and
// exports.
func setSecurityHeaders(c *fiber.Ctx) {
	h := &c.Response().Header
	h.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	h.Set(fiber.HeaderXFrameOptions, "DENY")
	p := c.Path()
	if strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/monitor") {
		h.Set(fiber.HeaderCacheControl, "no-store")
	}
	if strings.HasPrefix(p, "/docs") || strings.HasPrefix(p, "/monitor") {
		h.Set(fiber.HeaderContentSecurityPolicy, "frame-ancestors 'none'")
	}
}
