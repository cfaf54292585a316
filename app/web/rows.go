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
// escaped on the way in; attributes passed as attr are the caller's own
// constants.
type tableRows struct {
	b    strings.Builder
	open bool
}

// grow makes room for n bytes more: a list whose rows are long (forms on
// each) then takes one allocation for them rather than a dozen.
func (r *tableRows) grow(n int) { r.b.Grow(n) }

// row starts a row, ending the one before.
func (r *tableRows) row() {
	if r.open {
		r.b.WriteString("</tr>")
	}
	r.b.WriteString("<tr>")
	r.open = true
}

// rowID starts a row with an id, for a link or a form's answer to find it.
func (r *tableRows) rowID(id string) {
	if r.open {
		r.b.WriteString("</tr>")
	}
	r.b.WriteString(`<tr id="`)
	r.b.WriteString(html.EscapeString(id))
	r.b.WriteString(`">`)
	r.open = true
}

// text writes a cell holding text.
func (r *tableRows) text(s string) { r.cell("", s) }

// cell writes a cell with the attributes attr (such as ` dir="ltr"`).
func (r *tableRows) cell(attr, s string) {
	r.b.WriteString("<td")
	r.b.WriteString(attr)
	r.b.WriteString(">")
	r.b.WriteString(html.EscapeString(s))
	r.b.WriteString("</td>")
}

// name writes a cell holding a name, isolated so that a name in either
// script keeps its direction in a page of the other.
func (r *tableRows) name(s string) {
	r.b.WriteString("<td><bdi>")
	r.b.WriteString(html.EscapeString(s))
	r.b.WriteString("</bdi></td>")
}

// link writes a cell linking to href; the text is a name (isolated) or,
// with attr such as ` dir="ltr"`, a code.
func (r *tableRows) link(href, attr, s string, isName bool) {
	r.b.WriteString(`<td><a href="`)
	r.b.WriteString(html.EscapeString(href))
	r.b.WriteString(`"`)
	r.b.WriteString(attr)
	r.b.WriteString(">")
	if isName {
		r.b.WriteString("<bdi>")
	}
	r.b.WriteString(html.EscapeString(s))
	if isName {
		r.b.WriteString("</bdi>")
	}
	r.b.WriteString("</a></td>")
}

// lines writes a cell of lines, one under the other.
func (r *tableRows) lines(ls []string) {
	r.b.WriteString("<td>")
	for i, s := range ls {
		if i > 0 {
			r.b.WriteString("<br>")
		}
		r.b.WriteString(html.EscapeString(s))
	}
	r.b.WriteString("</td>")
}

// start begins a cell written in parts, with the attributes attr: a link
// inside a cell with its own attributes, badges beside a word, forms. end
// ends it.
func (r *tableRows) start(attr string) {
	r.b.WriteString("<td")
	r.b.WriteString(attr)
	r.b.WriteString(">")
}

func (r *tableRows) end() { r.b.WriteString("</td>") }

// esc writes text, or an attribute's value, escaped.
func (r *tableRows) esc(s string) { r.b.WriteString(html.EscapeString(s)) }

// tag writes markup as it is: the caller's constants only, never a value.
func (r *tableRows) tag(markup string) { r.b.WriteString(markup) }

// a writes a link to href within a cell written in parts.
func (r *tableRows) a(href, attr, s string) {
	r.b.WriteString(`<a href="`)
	r.b.WriteString(html.EscapeString(href))
	r.b.WriteString(`"`)
	r.b.WriteString(attr)
	r.b.WriteString(">")
	r.b.WriteString(html.EscapeString(s))
	r.b.WriteString("</a>")
}

// span writes text in a span with the attributes attr (such as
// ` class="flag"`), within a cell written in parts.
func (r *tableRows) span(attr, s string) {
	r.b.WriteString("<span")
	r.b.WriteString(attr)
	r.b.WriteString(">")
	r.b.WriteString(html.EscapeString(s))
	r.b.WriteString("</span>")
}

// risk writes a cell with a risk level's badge and the score.
func (r *tableRows) risk(level, label, score string) {
	r.b.WriteString(`<td><span class="risk risk-`)
	r.b.WriteString(html.EscapeString(level))
	r.b.WriteString(`">`)
	r.b.WriteString(html.EscapeString(label))
	r.b.WriteString("</span> ")
	r.b.WriteString(html.EscapeString(score))
	r.b.WriteString("</td>")
}

// html returns the rows written, the last one ended; empty when none were.
func (r *tableRows) html() template.HTML {
	if r.open {
		r.b.WriteString("</tr>")
		r.open = false
	}
	return template.HTML(r.b.String())
}
