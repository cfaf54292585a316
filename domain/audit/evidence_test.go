package audit

import (
	"bytes"
	"testing"
)

func TestSniffType(t *testing.T) {
	t.Parallel()
	ftyp := func(brand string) []byte { return append([]byte("\x00\x00\x00\x18ftyp"), brand+"\x00\x00\x00\x00"...) }
	tests := []struct {
		name string
		head []byte
		want string // "" for refused
	}{
		{"pdf", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj"), "application/pdf"},
		{"jpeg", []byte("\xFF\xD8\xFF\xE0\x00\x10JFIF"), "image/jpeg"},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "image/png"},
		{"webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8 "), "image/webp"},
		{"heic", ftyp("heic"), "image/heic"},
		{"heif", ftyp("mif1"), "image/heic"},
		{"mp4 video", ftyp("isom"), ""},
		{"wav is RIFF, not WebP", []byte("RIFF\x24\x00\x00\x00WAVEfmt "), ""},
		{"windows executable named .pdf", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xFF\xFF"), ""},
		{"linux executable named .pdf", []byte("\x7fELF\x02\x01\x01\x00"), ""},
		{"script", []byte("#!/bin/sh\nrm -rf /"), ""},
		{"zip, docx, xlsx", []byte("PK\x03\x04\x14\x00\x06\x00"), ""},
		{"old office with macros", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), ""},
		{"html", []byte("<!DOCTYPE html><script>"), ""},
		{"svg", []byte("<svg xmlns=\"http://www.w3.org/2000/svg\">"), ""},
		{"csv", []byte("name,age\nAli,12\n"), ""},
		{"pdf header after junk", append(bytes.Repeat([]byte{' '}, 10), "%PDF-1.4"...), ""},
		{"truncated png", []byte("\x89PNG"), ""},
		{"empty", nil, ""},
	}
	for _, tt := range tests {
		ct, ok := SniffType(tt.head)
		if ct != tt.want || ok != (tt.want != "") {
			t.Errorf("%s: %q %v, want %q", tt.name, ct, ok, tt.want)
		}
	}
}

func TestCheckUpload(t *testing.T) {
	t.Parallel()
	pdf := []byte("%PDF-1.7\n")
	tests := []struct {
		name     string
		head     []byte
		size     int64
		declared string
		want     string // "" for refused
	}{
		{"pdf", pdf, 2048, "application/pdf", "application/pdf"},
		{"undeclared", pdf, 2048, "", "application/pdf"},
		{"octet-stream", pdf, 2048, "application/octet-stream", "application/pdf"},
		{"declared with parameters", pdf, 2048, "Application/PDF; charset=binary", "application/pdf"},
		{"at the limit", pdf, MaxEvidenceBytes, "", "application/pdf"},
		{"over the limit", pdf, MaxEvidenceBytes + 1, "", ""},
		{"zero bytes", nil, 0, "application/pdf", ""},
		{"wrong declared type", pdf, 2048, "image/png", ""},
		{"executable sent as pdf", []byte("MZ\x90\x00"), 2048, "application/pdf", ""},
		{"size not yet known", pdf, -1, "", "application/pdf"},
	}
	for _, tt := range tests {
		ct, err := CheckUpload(tt.head, tt.size, tt.declared)
		switch {
		case tt.want == "" && invalidFields(err) == nil:
			t.Errorf("%s: accepted as %q (%v)", tt.name, ct, err)
		case tt.want != "" && (err != nil || ct != tt.want):
			t.Errorf("%s: %q %v, want %q", tt.name, ct, err, tt.want)
		}
	}
}
