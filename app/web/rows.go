package web

import (
	"html"
	"html/template"
	"strings"
)

// tableRows writes a list's table rows in Go. The lists are the most read
// pages, and each template action costs about 1.5 µs (its escaping goes
// through reflection), several times the same work written here: the rows
// of a 20-row list were most of its rendering. Every text and address is
// escaped on the way in (esc); markup and attributes passed as tag or attr
// are the caller's own constants, never a value.
type tableRows struct {
	b    strings.Builder
	open bool
}

// grow makes room for n bytes more: a list whose rows are long (forms on
// each) then takes one allocation for them rather than a dozen.
func (r *tableRows) grow(n int) { r.b.Grow(n) }

// row starts a row, ending the one before.
func (r *tableRows) row() { r.rowID("") }

// rowID starts a row with an id (none when empty), for a link or a form's
// answer to find it.
func (r *tableRows) rowID(id string) {
	if r.open {
		r.tag("</tr>")
	}
	if id == "" {
		r.tag("<tr>")
	} else {
		r.tag(`<tr id="`)
		r.esc(id)
		r.tag(`">`)
	}
	r.open = true
}

// esc writes text, or an attribute's value, escaped.
func (r *tableRows) esc(s string) { r.b.WriteString(html.EscapeString(s)) }

// tag writes markup as it is: the caller's constants only, never a value.
func (r *tableRows) tag(markup string) { r.b.WriteString(markup) }

// start begins a cell written in parts, with the attributes attr (such as
// ` dir="ltr"`); end ends it.
func (r *tableRows) start(attr string) {
	r.tag("<td")
	r.tag(attr)
	r.tag(">")
}

func (r *tableRows) end() { r.tag("</td>") }

// text writes a cell holding text.
func (r *tableRows) text(s string) { r.cell("", s) }

// cell writes a cell holding text, with the attributes attr.
func (r *tableRows) cell(attr, s string) {
	r.start(attr)
	r.esc(s)
	r.end()
}

// name writes a cell holding a name, isolated so that a name in either
// script keeps its direction in a page of the other.
func (r *tableRows) name(s string) {
	r.start("")
	r.isolated(s)
	r.end()
}

func (r *tableRows) isolated(s string) {
	r.tag("<bdi>")
	r.esc(s)
	r.tag("</bdi>")
}

// link writes a cell linking to href; the text is a name (isolated) or,
// with attr such as ` dir="ltr"`, a code.
func (r *tableRows) link(href, attr, s string, isName bool) {
	r.start("")
	r.openA(href, attr)
	if isName {
		r.isolated(s)
	} else {
		r.esc(s)
	}
	r.tag("</a>")
	r.end()
}

// a writes a link to href within a cell written in parts.
func (r *tableRows) a(href, attr, s string) {
	r.openA(href, attr)
	r.esc(s)
	r.tag("</a>")
}

func (r *tableRows) openA(href, attr string) {
	r.tag(`<a href="`)
	r.esc(href)
	r.tag(`"`)
	r.tag(attr)
	r.tag(">")
}

// lines writes a cell of lines, one under the other.
func (r *tableRows) lines(ls []string) {
	r.start("")
	for i, s := range ls {
		if i > 0 {
			r.tag("<br>")
		}
		r.esc(s)
	}
	r.end()
}

// span writes text in a span with the attributes attr (such as
// ` class="flag"`), within a cell written in parts.
func (r *tableRows) span(attr, s string) {
	r.tag("<span")
	r.tag(attr)
	r.tag(">")
	r.esc(s)
	r.tag("</span>")
}

// risk writes a cell with a risk level's badge and the score.
func (r *tableRows) risk(level, label, score string) {
	r.tag(`<td><span class="risk risk-`)
	r.esc(level)
	r.tag(`">`)
	r.esc(label)
	r.tag("</span> ")
	r.esc(score)
	r.end()
}

// html returns the rows written, the last one ended; empty when none were.
func (r *tableRows) html() template.HTML {
	if r.open {
		r.tag("</tr>")
		r.open = false
	}
	return template.HTML(r.b.String())
}
