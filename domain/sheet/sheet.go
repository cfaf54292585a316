// Package sheet writes the CSV files the platform exports, safely for the
// spreadsheets people open them in. Every export goes through its Writer, so
// the two rules below hold for all of them:
//
//   - Formula injection: a cell that a spreadsheet would run as a formula
//     (one that begins with =, +, -, @, a tab or a carriage return, after any
//     spaces, or with the full-width forms of those signs) gets a single
//     quote in front, OWASP's rule, so it shows as the text it is. A facility
//     named =HYPERLINK(...) by a brand is then only a name in everyone else's
//     export. Plain numbers ("-3", "+12.5") are left as they are: they cannot
//     run anything and stay numbers in the sheet.
//   - Urdu text: the file begins with a UTF-8 byte-order mark, without which
//     Excel on Windows reads the file in the local code page and shows Urdu
//     names as mojibake. Programs that read CSV as UTF-8 skip the mark (Go's
//     encoding/csv does not: strip "\ufeff" from the first cell).
package sheet

import (
	"encoding/csv"
	"io"
	"strings"
	"unicode/utf8"
)

// BOM is the UTF-8 byte-order mark every export begins with.
const BOM = "\ufeff"

// Writer writes CSV rows with every cell made safe.
type Writer struct {
	w       io.Writer
	cw      *csv.Writer
	started bool
	row     []string
}

// NewWriter returns a Writer on w. Nothing is written until the first row.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: w, cw: csv.NewWriter(w)}
}

// Write writes one row, the byte-order mark first. The cells are copied
// before they are changed: the caller's slice is left as it was.
func (w *Writer) Write(cells []string) error {
	if !w.started {
		w.started = true
		if _, err := io.WriteString(w.w, BOM); err != nil {
			return err
		}
	}
	w.row = w.row[:0]
	for _, c := range cells {
		w.row = append(w.row, Cell(c))
	}
	return w.cw.Write(w.row)
}

// Flush writes any buffered rows (and the byte-order mark of a file with no
// rows) and returns the first error met.
func (w *Writer) Flush() error {
	if !w.started {
		w.started = true
		if _, err := io.WriteString(w.w, BOM); err != nil {
			return err
		}
	}
	w.cw.Flush()
	return w.cw.Error()
}

// Cell returns s as it is safe to put in a spreadsheet cell: with a single
// quote in front when a spreadsheet would read it as a formula.
func Cell(s string) string {
	if runsAsFormula(s) && !plainNumber(s) {
		return "'" + s
	}
	return s
}

// runsAsFormula reports whether s begins, after any spaces, with a sign that
// starts a formula in Excel, LibreOffice or Google Sheets, or with a tab or
// carriage return (which some of them drop before reading the rest).
func runsAsFormula(s string) bool {
	t := strings.TrimLeft(s, " ")
	if t == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t)
	switch r {
	case '=', '+', '-', '@', '\t', '\r',
		'＝', '＋', '－', '＠': // full-width forms, read as formulas in some locales
		return true
	}
	return false
}

// plainNumber reports whether s is a decimal number with an optional sign
// and nothing else: "-3", "+12.5".
func plainNumber(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	digits, dot := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot && digits > 0:
			dot = true
		default:
			return false
		}
	}
	return digits > 0 && s[len(s)-1] != '.'
}
