package supplier

import "unicode/utf8"

// Matching reads names a little further than NormalizeName does, in ways
// that would change stored name and nomination keys if NormalizeName did
// them: it expands abbreviations, writes common Urdu name words in Roman
// letters, and compares words across scripts by a phonetic key.

// nameAbbreviations expand the short forms of titles, family names and
// company words ("Ch." for Chaudhry, "Sh." for Sheikh). Values are written
// as canonical and nameNoise expect them.
var nameAbbreviations = map[string]string{
	"chaudhary": "chaudhry", "chaudhri": "chaudhry", "chaudry": "chaudhry",
	"choudhary": "chaudhry", "choudhry": "chaudhry", "chowdhry": "chaudhry", "chowdhury": "chaudhry",
	"chaudhari": "chaudhry", "chohdry": "chaudhry",
	"shk": "sheikh", "shaikh": "sheikh", "shiekh": "sheikh", "sheik": "sheikh", "shaik": "sheikh",
	"ghm": "ghulam", "hajji": "haji", "hajee": "haji",
	"syed": "syed", "sayed": "syed", "sayyid": "syed", "sayyed": "syed", "syyed": "syed",
	"abdool": "abdul", "mian": "mian", "mia": "mian", "mln": "maulana",
	"bro": "brothers", "bros": "brothers", "brs": "brothers",
	"ind": "industries", "inds": "industries", "indust": "industries",
	"pvt": "private", "pte": "private", "prvt": "private", "lmt": "limited", "ltd": "limited",
	"tex": "textile", "txt": "textile", "knit": "knitting", "mfrs": "manufacturing", "mfg": "manufacturing",
	"expo": "exports", "exp": "exports", "intl": "international", "int": "international",
	"ent": "enterprises", "ents": "enterprises", "corp": "corporation",
}

// initials are short forms of titles and given names that expand only
// before another word: "M. Ashraf" is Muhammad Ashraf and "Ch. Rafiq"
// Chaudhry Rafiq, but a trailing M or Ch is a letter or a name.
var initials = map[string]string{"m": "muhammad", "md": "muhammad", "ch": "chaudhry", "sh": "sheikh",
	"gh": "ghulam", "hj": "haji", "abd": "abdul"}

// urduNameWords are common words of Pakistani facility names in Urdu
// script with the Roman spelling canonical gives them: the phonetic key
// cannot see vowels Urdu does not write, so the words met most often are
// written out.
var urduNameWords = foldKeys(map[string]string{
	"گل": "gul", "نور": "noor", "علی": "ali", "خان": "khan", "ملک": "malik", "شیخ": "sheikh",
	"چوہدری": "chaudhry", "چودھری": "chaudhry", "چوھدری": "chaudhry", "رانا": "rana", "میاں": "mian",
	"حاجی": "haji", "سید": "syed", "قریشی": "qureshi", "صدیقی": "siddiqui", "عبدل": "abdul", "عبد": "abdul",
	"غلام": "ghulam", "شاہ": "shah", "مرزا": "mirza", "بٹ": "butt", "بھٹی": "bhatti", "اعوان": "awan",
	"الرحمان": "alrahman", "الرحمن": "alrahman", "رحمان": "rahman", "رحمن": "rahman", "عمر": "umar",
	"عثمان": "usman", "فاروق": "farooq", "یوسف": "yusuf", "اکرم": "akram", "اشرف": "ashraf",
	"نشاط": "nishat", "کریسنٹ": "crescent", "سفائر": "sapphire", "سیفائر": "sapphire",
	"ٹریڈرز": "traders", "سنز": "sons", "پرائیویٹ": "private", "لمیٹڈ": "limited",
	"گروپ": "group", "فیبرکس": "fabrics", "ہوم": "home", "ٹیکس": "textile",
})

// phoneticKey writes a word, in Roman letters or Urdu script, as a key of
// consonant classes on which both scripts meet: Urdu script seldom writes
// short vowels, so vowels (and the half-vowels w, v, y, and the Urdu letters
// alef, ain, waw and yeh) are dropped, except that a word beginning with one
// starts with "a"; h after a consonant only marks aspiration (kh, bh, ھ) and
// is dropped, as is a final h; letters that Urdu tells apart but Roman
// spelling does not (س ص ث, ز ذ ض ظ, ت ٹ ط, ک ق خ) share a class; doubled
// letters count once. "Gul Ahmed" and "گل احمد" give "gl" and "ahmd";
// "Chaudhry" and "چودھری" both give "cdr".
func phoneticKey(w string) string {
	var buf [32]byte
	out := buf[:0]
	last := byte(0) // the class written last
	prev := rune(0) // the letter read before
	first := true   // nothing read yet
	emit := func(c byte) {
		if c != last {
			out = append(out, c)
			last = c
		}
	}
	for i, r := range w {
		next, _ := utf8.DecodeRuneInString(w[i+utf8.RuneLen(r):])
		c, ok := keyClass(r, prev, next)
		prev = r
		switch {
		case !ok:
			continue // a mark that adds nothing (ھ, ں, ء)
		case c == vowelClass:
			if first {
				emit('a')
			}
			last = 0 // "baba" is b, b: a vowel between keeps both
		default:
			emit(c)
		}
		first = false
	}
	if n := len(out); n > 1 && out[n-1] == 'h' {
		out = out[:n-1]
	}
	return string(out)
}

const vowelClass = '_'

// keyClass returns the class of r read between prev and next, and false for
// a letter that writes nothing.
func keyClass(r, prev, next rune) (byte, bool) {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'w', 'v', 'y':
		return vowelClass, true
	case 'h':
		if prev != 0 && !isVowelLetter(prev) {
			return 0, false // kh, sh, bh, th, and ch, ph written with their c and p
		}
		return 'h', true
	case 'c':
		switch next {
		case 'h':
			return 'c', true // ch, چ
		case 'e', 'i', 'y':
			return 's', true
		}
		return 'k', true
	case 'p', 'پ':
		if next == 'h' || next == 'ھ' {
			return 'f', true // ph, پھ: Sapphire, Phool
		}
		return 'p', true
	case 'q', 'x':
		return 'k', true
	}
	if r < utf8.RuneSelf {
		return byte(r), true // consonants and digits as they are
	}
	c, ok := urduClass[r]
	if !ok {
		return 0, false
	}
	return c, c != 0
}

func isVowelLetter(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'w', 'v', 'y':
		return true
	}
	return false
}

// urduClass gives each Urdu letter, as appendFold leaves it, its class: 0
// for a letter that writes nothing here.
var urduClass = map[rune]byte{
	'ا': vowelClass, 'ع': vowelClass, 'و': vowelClass, 'ی': vowelClass, 'ے': vowelClass,
	'ب': 'b', 'پ': 'p', 'ت': 't', 'ٹ': 't', 'ط': 't', 'ث': 's', 'س': 's', 'ص': 's', 'ش': 's',
	'ج': 'j', 'چ': 'c', 'ح': 'h', 'ہ': 'h', 'خ': 'k', 'ک': 'k', 'ق': 'k', 'د': 'd', 'ڈ': 'd',
	'ذ': 'z', 'ز': 'z', 'ژ': 'z', 'ض': 'z', 'ظ': 'z', 'ر': 'r', 'ڑ': 'r', 'غ': 'g', 'گ': 'g',
	'ف': 'f', 'ل': 'l', 'م': 'm', 'ن': 'n',
	'ھ': 0, 'ں': 0, 'ء': 0,
}

// isUrdu reports whether w has a letter in Arabic script.
func isUrdu(w string) bool {
	for _, r := range w {
		if r >= 0x600 && r <= 0x6ff || r >= 0x750 && r <= 0x77f || r >= 0xfb50 && r <= 0xfeff {
			return true
		}
	}
	return false
}
