package web

import (
	"embed"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// static holds the style sheet, the Urdu font and its licence. There is no
// script: the pages are plain forms.
//
//go:embed static
var staticFS embed.FS

// static serves an embedded file. Files change only with the binary, and
// pages are small, so an hour's cache is enough.
func (h *Handler) static(c *fiber.Ctx) error {
	name := path.Clean("/" + c.Params("*"))
	if strings.Contains(name, "..") {
		return fiber.ErrNotFound
	}
	b, err := staticFS.ReadFile("static" + name)
	if err != nil {
		return fiber.ErrNotFound
	}
	ct := mime.TypeByExtension(path.Ext(name))
	switch path.Ext(name) {
	case ".woff2":
		ct = "font/woff2"
	case ".css":
		ct = "text/css; charset=utf-8"
	case ".txt":
		ct = "text/plain; charset=utf-8"
	}
	c.Set(fiber.HeaderContentType, ct)
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	return c.Send(b)
}
