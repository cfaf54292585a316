package supplier

import "slices"

// term is one normalised word with its weight in a similarity.
type term struct {
	s     string
	r     []rune
	w     float64
	key   string // phoneticKey(s), on which Urdu script and Roman letters meet
	urdu  bool   // written in Urdu script
	fuzzy bool   // long enough, and not a number, to be compared by spelling
}

// phraseForm is a normalised name or address ready to compare: its weighted
// words and the character trigrams of the words run together.
type phraseForm struct {
	terms  []term
	weight float64  // sum of the terms' weights
	joined string   // the words without spaces
	grams  []uint64 // sorted trigram codes of " "+joined+" "
	urdu   bool     // a word is in Urdu script
}

func newForm(words []string, weigh func(string) float64) phraseForm {
	f := phraseForm{terms: make([]term, len(words))}
	for i, w := range words {
		r := []rune(w)
		f.terms[i] = term{s: w, r: r, w: weigh(w), key: phoneticKey(w), urdu: isUrdu(w), fuzzy: len(r) >= 4 && !isNumber(w)}
		f.weight += f.terms[i].w
		f.joined += w
		f.urdu = f.urdu || f.terms[i].urdu
	}
	f.grams = trigrams(f.joined, nil)
	slices.Sort(f.grams)
	return f
}

// phoneticGrams returns the sorted trigrams of the phonetic key of the words
// run together, to compare a name in Urdu script with one in Roman letters.
func (f *phraseForm) phoneticGrams() []uint64 {
	g := trigrams(phoneticKey(f.joined), nil)
	slices.Sort(g)
	return g
}

// trigrams appends the codes of the rune trigrams of " "+s+" ", one per
// position; a code packs three 21-bit runes.
func trigrams(s string, out []uint64) []uint64 {
	r := make([]rune, 0, len(s)+2)
	r = append(append(append(r, ' '), []rune(s)...), ' ')
	for i := 0; i+2 < len(r); i++ {
		out = append(out, uint64(r[i])<<42|uint64(r[i+1])<<21|uint64(r[i+2]))
	}
	return out
}

// dice is the Sørensen–Dice coefficient of two sorted multisets.
func dice(a, b []uint64) float64 {
	if len(a)+len(b) == 0 {
		return 0
	}
	common := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			common++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return 2 * float64(common) / float64(len(a)+len(b))
}

// crossScript is the likeness of a word in Urdu script and one in Roman
// letters with the same phonetic key: the best the key can say, as Urdu
// script does not write the vowels that would tell more.
const crossScript = 0.95

// matched is the weight of the terms of a and b found in the other, each
// counted by its best likeness, averaged over the two sides. A likeness is 1
// for the same word; across scripts, crossScript for the same phonetic key;
// with fuzzy set, the Jaro-Winkler similarity for a near spelling of a word
// of four letters or more with the same first letter ("alkarm" for
// "alkaram"). With runs set, a word also finds two or three words of the
// other side that run together make it ("Gulahmed" and "Gul Ahmed").
// Numbers match only exactly: plot 5 is not plot 6.
func matched(a, b phraseForm, fuzzy, runs bool) float64 {
	var bufA, bufB [16]float64
	la, lb := zeros(bufA[:], len(a.terms)), zeros(bufB[:], len(b.terms))
	for i := range a.terms {
		x := &a.terms[i]
		for j := range b.terms {
			y := &b.terms[j]
			switch {
			case x.s == y.s:
				la[i], lb[j] = 1, 1
			case la[i] == 1 && lb[j] == 1: // nothing to gain
			case x.urdu != y.urdu:
				if len(x.key) >= 2 && x.key == y.key {
					la[i], lb[j] = max(la[i], crossScript), max(lb[j], crossScript)
				}
			case fuzzy && x.fuzzy && y.fuzzy && x.r[0] == y.r[0]:
				if l := jaroWinkler(x.r, y.r); l >= 0.88 {
					la[i], lb[j] = max(la[i], l), max(lb[j], l)
				}
			}
		}
	}
	if runs {
		if len(b.terms) > 1 && slices.ContainsFunc(la, func(l float64) bool { return l < 1 }) {
			joinedRuns(a, b, la, lb, fuzzy)
		}
		if len(a.terms) > 1 && slices.ContainsFunc(lb, func(l float64) bool { return l < 1 }) {
			joinedRuns(b, a, lb, la, fuzzy)
		}
	}
	sum := 0.0
	for i, t := range a.terms {
		sum += t.w * la[i]
	}
	for j, t := range b.terms {
		sum += t.w * lb[j]
	}
	return sum / 2
}

func zeros(buf []float64, n int) []float64 {
	if n > len(buf) {
		return make([]float64, n)
	}
	return buf[:n]
}

// joinedRuns finds, for each word of a not already matched exactly, two or
// three consecutive words of b in the same script that run together are
// that word or, with fuzzy set, a near spelling of it (Jaro-Winkler 0.9 or
// more), and credits the word and the run with that likeness.
func joinedRuns(a, b phraseForm, la, lb []float64, fuzzy bool) {
	if len(b.terms) < 2 {
		return
	}
	var buf [64]rune
	for i := range a.terms {
		x := &a.terms[i]
		if la[i] >= 1 || !x.fuzzy {
			continue
		}
		for j := 0; j+1 < len(b.terms); j++ {
			if y := &b.terms[j]; y.r[0] != x.r[0] || y.urdu != x.urdu || len(y.r) >= len(x.r) {
				continue
			}
			run := append(buf[:0], b.terms[j].r...)
			for k := j + 1; k < len(b.terms) && k < j+3; k++ {
				y := &b.terms[k]
				if y.urdu != x.urdu || isNumber(y.s) {
					break
				}
				run = append(run, y.r...)
				if len(run) > len(x.r)+2 {
					break
				}
				l := 0.0
				switch {
				case slices.Equal(run, x.r):
					l = 1
				case fuzzy && len(run) >= len(x.r)-2:
					if jw := jaroWinkler(x.r, run); jw >= 0.9 {
						l = jw
					}
				}
				if l > 0 {
					la[i] = max(la[i], l)
					for m := j; m <= k; m++ {
						lb[m] = max(lb[m], l)
					}
				}
			}
		}
	}
}

// jaroWinkler is the Jaro similarity with Winkler's bonus for a common prefix.
func jaroWinkler(a, b []rune) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	window := max(len(b)/2-1, 0)
	var usedBuf [64]bool // no allocation for words of up to 64 letters
	var used []bool
	if len(b) > len(usedBuf) {
		used = make([]bool, len(b))
	} else {
		used = usedBuf[:len(b)]
	}
	matches := 0
	var maBuf [64]rune
	ma := maBuf[:0] // a's matched runes, in order
	for i, r := range a {
		for j := max(0, i-window); j < min(len(b), i+window+1); j++ {
			if !used[j] && b[j] == r {
				used[j] = true
				matches++
				ma = append(ma, r)
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	transpositions, k := 0, 0
	for j, u := range used {
		if u {
			if ma[k] != b[j] {
				transpositions++
			}
			k++
		}
	}
	m := float64(matches)
	jaro := (m/float64(len(a)) + m/float64(len(b)) + (m-float64(transpositions)/2)/m) / 3
	prefix := 0
	for prefix < min(4, len(a)) && a[prefix] == b[prefix] {
		prefix++
	}
	return jaro + float64(prefix)*0.1*(1-jaro)
}
