package casework

import (
	"fmt"
	"strings"
	"unicode"
)

// CodePrefix is a case code's prefix from the supplier's city: the
// hubs' airport codes for their two cities (Karachi KHI, Multan MUX), else
// the first three letters of the city in upper case, padded with X.
func CodePrefix(city string) string {
	switch strings.ToLower(strings.TrimSpace(city)) {
	case "karachi":
		return "KHI"
	case "multan":
		return "MUX"
	}
	var b strings.Builder
	for _, r := range strings.ToUpper(city) {
		if r <= unicode.MaxASCII && unicode.IsLetter(r) {
			b.WriteRune(r)
			if b.Len() == 3 {
				break
			}
		}
	}
	for b.Len() < 3 {
		b.WriteByte('X')
	}
	return b.String()
}

// SequenceName names the store sequence that numbers the codes of one
// prefix and year.
func SequenceName(prefix string, year int) string { return fmt.Sprintf("case:%s:%d", prefix, year) }

// FormatCode writes a case code, e.g. MUX-2026-00042.
func FormatCode(prefix string, year int, n int64) string {
	return fmt.Sprintf("%s-%04d-%05d", prefix, year, n)
}
