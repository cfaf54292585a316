package directory

import (
	"slices"
	"strings"
	"unicode"
)

// Words splits texts into the words a text search matches: lower case,
// split at anything but letters and digits, marks (Urdu's short vowels
// and other diacritics) dropped, and the Arabic forms of yeh and kaf
// written as Urdu's, so text typed on an Arabic keyboard finds Urdu. One
// letter alone is no word. The result is sorted and has no repeats.
func Words(texts ...string) []string {
	var out []string
	for _, t := range texts {
		var b strings.Builder
		flush := func() {
			if w := b.String(); len([]rune(w)) > 1 {
				out = append(out, w)
			}
			b.Reset()
		}
		for _, r := range strings.ToLower(t) {
			switch {
			case unicode.Is(unicode.Mn, r) || r == '\u0640': // marks and tatweel: inside a word, not a break
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(urduForm(r))
			default:
				flush()
			}
		}
		flush()
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func urduForm(r rune) rune {
	switch r {
	case 'ي', 'ى':
		return 'ی'
	case 'ك':
		return 'ک'
	}
	return r
}

// MaxSearchWords bounds the words of one text search.
const MaxSearchWords = 8

// SearchWords are the words a service is found by: its name, alternate
// name and description, and its organisation's name.
func (x *Service) SearchWords(orgName string) []string {
	return Words(x.Name, x.AlternateName, x.Description, orgName)
}

// SearchWords are the words an organisation is found by: its name,
// alternate name and description.
func (o *Organization) SearchWords() []string {
	return Words(o.Name, o.AlternateName, o.Description)
}
