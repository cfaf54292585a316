package supplier

import "slices"

// term is one normalised word with its weight in a similarity.
type term struct {
	s string
	r []rune
	w float64
}

// phraseForm is a normalised name or address ready to compare: its weighted
// words and the character trigrams of the words run together.
type phraseForm struct {
	terms  []term
	weight float64  // sum of the terms' weights
	joined string   // the words without spaces
	grams  []uint64 // sorted trigram codes of " "+joined+" "
}

func newForm(words []string, weigh func(string) float64) phraseForm {
	f := phraseForm{terms: make([]term, len(words))}
	for i, w := range words {
		f.terms[i] = term{s: w, r: []rune(w), w: weigh(w)}
		f.weight += f.terms[i].w
		f.joined += w
	}
	f.grams = trigrams(f.joined, nil)
	slices.Sort(f.grams)
	return f
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

// softMatched is the weight of a's terms found in b, each counted by its best
// likeness: 1 when equal; with fuzzy set, the Jaro-Winkler similarity for a
// near spelling of a word of four letters or more with the same first letter
// ("alkarm" for "alkaram"); 0 otherwise. Numbers match only exactly: plot 5
// is not plot 6.
func softMatched(a, b phraseForm, fuzzy bool) float64 {
	sum := 0.0
	for _, x := range a.terms {
		best := 0.0
		for _, y := range b.terms {
			if x.s == y.s {
				best = 1
				break
			}
			if fuzzy && len(x.r) >= 4 && len(y.r) >= 4 && x.r[0] == y.r[0] && !isNumber(x.s) && !isNumber(y.s) {
				if j := jaroWinkler(x.r, y.r); j >= 0.88 && j > best {
					best = j
				}
			}
		}
		sum += x.w * best
	}
	return sum
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
