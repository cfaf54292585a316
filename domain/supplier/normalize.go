package supplier

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/actionhub/actionhub/domain"
)

// NormalizeName reduces a facility name to the words that tell it apart, in
// one spelling: lower case, accents and Urdu letter variants folded,
// punctuation dropped, Roman Urdu spellings unified, the Arabic article
// joined to its word ("Al-Karam", "Al Karam" and "Alkaram" all give
// "alkaram"), common Urdu words written in Roman letters, legal forms and
// generic words such as Mills or Industries dropped, and a trailing city
// dropped. "Al-Karam Textile Mills (Pvt) Ltd" and "Alkaram Textile Mills Ltd,
// Karachi" both give "alkaram textile". The result is stable:
// NormalizeName(NormalizeName(s)) == NormalizeName(s).
func NormalizeName(s string) string { return strings.Join(nameTokens(s), " ") }

// NormalizeAddress reduces an address the same way, and also writes plot
// numbers one way ("Plot No. 5", "Plot # 5" and "P-5" give "plot 5"),
// expands abbreviations (rd, st, sec, ind), gives each Karachi and Multan
// industrial area one name (S.I.T.E, SITE and Sindh Industrial Trading Estate
// give "site"; KIA gives "korangi"; MIE gives "multan industrial estate") and
// drops a trailing city, province, country or postal code.
func NormalizeAddress(s string) string { return strings.Join(addressTokens(s), " ") }

// NormalizeCity reduces a city name to the form the hub uses: in Roman
// letters whether written in Urdu or English ("کراچی" gives "karachi"),
// without the words people add around it ("Karachi City", "District Multan",
// "Karachi, Sindh 74900", "ملتان شہر"), with short forms and Karachi's
// districts and towns (KHI, Korangi, Malir) mapped to the city.
func NormalizeCity(s string) string {
	t := splitDigits(words(s)) // "Karachi-74900"
	for i, w := range t {
		if r, ok := urduCityWords[w]; ok {
			t[i] = r
		}
	}
	for len(t) > 1 && cityFrame[t[0]] {
		t = t[1:]
	}
	for n := len(t); n > 1 && (cityFrame[t[n-1]] || cityTrailer[t[n-1]] || len(t[n-1]) == 5 && isNumber(t[n-1])); n = len(t) {
		t = t[:n-1]
	}
	c := strings.Join(t, " ")
	if a, ok := cityAliases[c]; ok {
		return a
	}
	return c
}

// CityProvince returns the province of the city among cities that city
// names, comparing names as NormalizeCity writes them, or "" when none is.
func CityProvince(cities []domain.City, city string) string {
	c := NormalizeCity(city)
	if c == "" {
		return ""
	}
	for _, hc := range cities {
		if NormalizeCity(hc.Name) == c {
			return hc.Province
		}
	}
	return ""
}

func nameTokens(s string) []string { return nameTokensOf(s, false) }

// matchNameTokens are the name's words as matching reads them: nameTokens
// with abbreviations expanded and common Urdu name words in Roman letters
// (see nameAbbreviations and urduNameWords).
func matchNameTokens(s string) []string { return nameTokensOf(s, true) }

func nameTokensOf(s string, expand bool) []string {
	t := numberRomans(words(s))
	if len(t) > 2 && t[0] == "m" && t[1] == "s" { // "M/s", Messrs
		t = t[2:]
	}
	if expand {
		for i, w := range t {
			if r, ok := urduNameWords[w]; ok {
				w = r
			}
			if r, ok := nameAbbreviations[w]; ok {
				w = r
			} else if r, ok := initials[w]; ok && i+1 < len(t) {
				w = r
			}
			t[i] = w
		}
	}
	kept := make([]string, 0, len(t))
	for _, w := range t {
		if !nameNoise[w] {
			kept = append(kept, w)
		}
	}
	if len(kept) == 0 { // a name made only of generic words is still a name
		kept = t
	}
	return trimPlaces(kept, false)
}

func addressTokens(s string) []string {
	t := splitDigits(words(s))
	out := t[:0]
	for i, w := range t {
		if a, ok := addressWords[w]; ok {
			if a == "" {
				continue
			}
			w = a
		}
		if w == "p" && i+1 < len(t) && isNumber(t[i+1]) { // "P-5" is plot 5
			w = "plot"
		}
		out = append(out, w)
	}
	return trimPlaces(areas(numberRomans(out)), true)
}

// words splits s into tokens and maps Urdu words, spelling variants and
// particles to their canonical forms.
func words(s string) []string {
	t := tokens(s)
	for i, w := range t {
		if r, ok := urduWords[w]; ok {
			w = r
		}
		if r, ok := canonical[w]; ok {
			w = r
		}
		t[i] = w
	}
	return joinParticles(t)
}

// joinParticles writes the Arabic article and the linking particles of
// Muslim names one way: "al karam" becomes "alkaram", "zia ud din" and
// "zia uddin" become "ziauddin", "ata ullah" becomes "ataullah".
func joinParticles(t []string) []string {
	out := t[:0]
	for i := 0; i < len(t); i++ {
		w := t[i]
		switch {
		case (w == "al" || w == "el") && i+1 < len(t) && !isNumber(t[i+1]):
			out = append(out, w+t[i+1])
			i++
		case (w == "ullah" || w == "uddin") && len(out) > 0:
			out[len(out)-1] += w
		case (w == "ud" || w == "ul" || w == "un") && len(out) > 0 && i+1 < len(t):
			out[len(out)-1] += w + t[i+1]
			i++
		default:
			out = append(out, w)
		}
	}
	return out
}

// numberRomans turns "phase ii" into "phase 2".
func numberRomans(t []string) []string {
	for i := 1; i < len(t); i++ {
		if d, ok := romanNumerals[t[i]]; ok && numberedWords[t[i-1]] {
			t[i] = d
		}
	}
	return t
}

// splitDigits splits letters from digits ("sec15" → "sec 15", "d12" → "d
// 12") so that "D-12", "D 12" and "D12" compare equal.
func splitDigits(t []string) []string {
	out := make([]string, 0, len(t)+2)
	for _, w := range t {
		start := 0
		for i := 1; i < len(w); i++ {
			if isDigit(w[i]) != isDigit(w[i-1]) && w[i] < utf8.RuneSelf && w[i-1] < utf8.RuneSelf {
				out = append(out, w[start:i])
				start = i
			}
		}
		out = append(out, w[start:])
	}
	return out
}

// areas replaces industrial area phrases by their one name. The name is a
// single token even when it has a space, so a trailing "karachi" inside
// "north karachi" is never taken for the city.
func areas(t []string) []string {
	out := t[:0]
	for i := 0; i < len(t); {
		n, to := matchArea(t[i:])
		if n == 0 {
			out = append(out, t[i])
			i++
			continue
		}
		out = append(out, to)
		i += n
	}
	return out
}

func matchArea(t []string) (int, string) {
next:
	for _, p := range areaPhrases {
		if len(p.words) > len(t) || p.words[0] != t[0] {
			continue
		}
		for j, w := range p.words {
			if t[j] != w {
				continue next
			}
		}
		return len(p.words), p.to
	}
	return 0, ""
}

// trimPlaces drops trailing city, province and country names, and in an
// address a postal code after one, keeping at least one word.
func trimPlaces(t []string, address bool) []string {
	for n := len(t); n > 1; n = len(t) {
		switch last := t[n-1]; {
		case places[last]:
			t = t[:n-1]
		case address && n > 2 && len(last) == 5 && isNumber(last) && places[t[n-2]]:
			t = t[:n-2]
		default:
			return t
		}
	}
	return t
}

// tokens splits s into lower-case folded words. Letters and digits make
// words; hyphens, apostrophes, combining marks and Urdu joining controls join
// ("Al-Karam" is one word); a dot after a single letter joins (so "S.I.T.E"
// is "site") and otherwise separates; "&" is the word "and"; anything else
// separates.
func tokens(s string) []string {
	out := make([]string, 0, 8)
	word := make([]byte, 0, 32)
	letters := 0 // letters in the word since it began or since a joining dot
	flush := func() {
		if len(word) > 0 {
			out = append(out, string(word))
			word = word[:0]
		}
		letters = 0
	}
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			word = append(word, byte(r))
			letters = nextLetters(letters, r >= 'a')
		case r < utf8.RuneSelf && r >= 'A' && r <= 'Z':
			word = append(word, byte(r+'a'-'A'))
			letters++
		case r == '&':
			flush()
			out = append(out, "and")
		case r == '.':
			if letters == 1 {
				letters = 0
				continue
			}
			flush()
		case joins(r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word = appendFold(word, r)
			letters = nextLetters(letters, unicode.IsLetter(r))
		default:
			flush()
		}
	}
	flush()
	return out
}

// nextLetters counts letters for the dot rule; a digit rules out an abbreviation.
func nextLetters(n int, letter bool) int {
	if letter {
		return n + 1
	}
	return 2
}

func joins(r rune) bool {
	switch r {
	case '-', '\'', '`', '\u2010', '\u2011', '\u2018', '\u2019', '\u02bc',
		'\u0640',           // tatweel
		'\u200c', '\u200d': // zero-width non-joiner and joiner, common inside Urdu words
		return true
	}
	return unicode.Is(unicode.Mn, r) // accents given apart, Arabic harakat
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func isNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}
