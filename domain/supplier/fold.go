package supplier

import (
	"unicode"
	"unicode/utf8"
)

// The standard library has no Unicode decomposition, so folding is done by
// table: Latin letters with accents to their base letter, and the Arabic-
// script letters that Urdu writes one way but Arabic keyboards another.

var latinFold = func() map[rune]string {
	m := map[rune]string{}
	for base, accented := range map[string]string{
		"a": "àáâãäåāăąǎ", "c": "çćĉċč", "d": "ďđ", "e": "èéêëēĕėęě", "g": "ĝğġģ",
		"h": "ĥħ", "i": "ìíîïĩīĭįıǐ", "j": "ĵ", "k": "ķ", "l": "ĺļľŀł", "n": "ñńņňŉ",
		"o": "òóôõöøōŏőǒ", "r": "ŕŗř", "s": "śŝşšș", "t": "ţťŧț", "u": "ùúûüũūŭůűųǔ",
		"w": "ŵ", "y": "ýÿŷ", "z": "źżž", "ss": "ß", "ae": "æ", "oe": "œ", "th": "þ",
	} {
		for _, r := range accented {
			m[r] = base
		}
	}
	return m
}()

// arabicFold unifies letter variants: Arabic yeh, kaf and heh become the
// Urdu letters, alef forms become plain alef. Do-chashmi heh (ھ), which marks
// aspiration in Urdu, is kept.
var arabicFold = map[rune]rune{
	'ي': 'ی', 'ى': 'ی', 'ئ': 'ی', 'ك': 'ک', 'ه': 'ہ', 'ة': 'ہ', 'ۀ': 'ہ', 'ۂ': 'ہ',
	'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ؤ': 'و', 'ۓ': 'ے',
}

// appendFold appends the lower-case folded form of a non-ASCII letter or digit.
func appendFold(b []byte, r rune) []byte {
	switch {
	case r >= '٠' && r <= '٩': // Arabic-Indic digits
		return append(b, byte('0'+r-'٠'))
	case r >= '۰' && r <= '۹': // Extended Arabic-Indic digits, used in Urdu
		return append(b, byte('0'+r-'۰'))
	}
	r = unicode.ToLower(r)
	if s, ok := latinFold[r]; ok {
		return append(b, s...)
	}
	if a, ok := arabicFold[r]; ok {
		r = a
	}
	return utf8.AppendRune(b, r)
}
