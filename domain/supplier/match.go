package supplier

import (
	"strings"
	"unicode/utf8"
)

// Open Supply Hub's thresholds: at or above AutomaticMatch a nomination links
// to the existing facility without asking; from DoubtfulMatch up to it a
// person confirms or rejects; below DoubtfulMatch it is a new facility.
const (
	AutomaticMatch = 0.8
	DoubtfulMatch  = 0.5
)

// Score caps and weights. A facility in another city is another facility, so
// a different city keeps the score below DoubtfulMatch whatever the name. Two
// different OS IDs mean Open Supply Hub holds two facilities: at most a
// person is asked.
const (
	otherCityCap = 0.4
	otherOSIDCap = 0.7
	nameShare    = 0.6 // of the score, when both addresses are known
	noAddressCap = 0.9 // a name alone is never certain
	unknownCity  = 0.9 // factor when a city is missing
	runsFloor    = 0.4 // trigram likeness of two names from which words run together are looked for
)

// Classify turns a score into the match state it earns on its own.
func Classify(score float64) MatchState {
	switch {
	case score >= AutomaticMatch:
		return MatchAutomatic
	case score >= DoubtfulMatch:
		return MatchPending
	}
	return MatchNew
}

// profile is a facility prepared for matching: normalised once, compared many times.
type profile struct {
	names   []phraseForm // the name, then any other names
	addr    phraseForm
	numbers []string // the numbers of the address
	city    string
	osid    string
	regs    []string // "KIND:NUMBER", upper case, letters and digits only
}

func prepare(f Facility) *profile {
	p := &profile{city: NormalizeCity(f.City), osid: NormalizeOSID(f.OSID)}
	for i, n := range append([]string{f.Name}, f.OtherNames...) {
		if t := matchNameTokens(n); len(t) > 0 || i == 0 {
			p.names = append(p.names, newForm(t, nameWeight))
		}
	}
	addr := addressTokens(f.Address)
	p.addr = newForm(addr, addressWeight)
	for _, w := range addr {
		if isNumber(w) {
			p.numbers = append(p.numbers, w)
		}
	}
	for _, r := range f.RegistrationNumbers {
		if k := regKey(r); k != "" {
			p.regs = append(p.regs, k)
		}
	}
	return p
}

func regKey(r Registration) string {
	keep := func(r rune) rune {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}
	kind := strings.Map(keep, strings.ToUpper(r.Kind))
	num := strings.Map(keep, strings.ToUpper(r.Number))
	if kind == "" || num == "" {
		return ""
	}
	return kind + ":" + num
}

// nameWeight: a proper name weighs 1, a trade word 0.3, a number 2 (unit 2
// is not unit 3), a lone letter 0.5.
func nameWeight(w string) float64 {
	switch {
	case isNumber(w):
		return 2
	case weakNameWords[w]:
		return 0.3
	case utf8.RuneCountInString(w) == 1:
		return 0.5
	}
	return 1
}

// addressWeight: plot and street numbers carry an address (3), industrial
// areas say much (1.5), frame words such as plot or road little (0.3).
func addressWeight(w string) float64 {
	switch {
	case isNumber(w):
		return 3
	case areaNames[w]:
		return 1.5
	case weakAddressWords[w]:
		return 0.3
	case utf8.RuneCountInString(w) == 1:
		return 0.5
	}
	return 1
}

var areaNames = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range areaPhrases {
		m[p.to] = true
	}
	return m
}()

// Score says how likely a and b are the same facility, from 0 to 1.
//
// The same OS ID, or the same registration number in the same city, is 1.
// Otherwise the score is the name similarity (the best pair of their names
// and other names) blended with the address similarity, then capped when the
// cities differ. Names are compared two ways because each misses what the
// other catches: a weighted set of words, where near spellings count
// (Jaro-Winkler) and words that are the facility's own name count more than
// trade words, so "Indus Textile" and "Indus Weaving" stay apart; and
// character trigrams of the words run together, which forgive spacing and
// spelling the word step cannot see ("Koh i Noor" and "Kohinoor").
// Registration numbers need the same city because an NTN or SECP number
// belongs to a company, which may run several mills.
func Score(a, b Facility) float64 { return score(prepare(a), prepare(b)) }

func score(a, b *profile) float64 {
	if a.osid != "" && a.osid == b.osid {
		return 1
	}
	citiesKnown := a.city != "" && b.city != ""
	sameCity := citiesKnown && a.city == b.city
	if sameCity && shareAny(a.regs, b.regs) {
		return 1
	}
	name := 0.0
	for _, x := range a.names {
		for _, y := range b.names {
			name = max(name, nameSimilarity(x, y))
		}
	}
	s := min(name, noAddressCap)
	if a.addr.weight > 0 && b.addr.weight > 0 {
		s = nameShare*name + (1-nameShare)*addressSimilarity(a, b)
	}
	switch {
	case !citiesKnown:
		s *= unknownCity
	case !sameCity:
		s = min(s, otherCityCap)
	}
	if a.osid != "" && b.osid != "" {
		s = min(s, otherOSIDCap)
	}
	return min(max(s, 0), 1)
}

func nameSimilarity(a, b phraseForm) float64 {
	if a.joined == "" || b.joined == "" {
		return 0
	}
	if a.joined == b.joined {
		return 1
	}
	grams := 0.0
	if a.urdu || b.urdu {
		grams = dice(a.phoneticGrams(), b.phoneticGrams())
	} else {
		grams = dice(a.grams, b.grams)
	}
	// Words run together share most of their letters: only then is it worth
	// looking for one name's word in several of the other's.
	m := matched(a, b, true, grams >= runsFloor)
	words := m / (a.weight + b.weight - m) // weighted Jaccard
	return 0.7*words + 0.3*grams
}

// addressSimilarity compares words exactly (normalisation already wrote them
// one way) and averages a weighted Dice (how much of both addresses agrees) with the overlap on the shorter one (a less detailed address that
// agrees is not a different address), then discounts numbers that disagree:
// both give plot numbers and they differ.
func addressSimilarity(a, b *profile) float64 {
	m := matched(a.addr, b.addr, false, false)
	d := 2 * m / (a.addr.weight + b.addr.weight)
	o := min(m/min(a.addr.weight, b.addr.weight), 1)
	s := (d + o) / 2
	if len(a.numbers) > 0 && len(b.numbers) > 0 {
		s *= 0.5 + 0.5*containment(a.numbers, b.numbers)
	}
	return s
}

// containment is the share of the shorter list found in the longer one.
func containment(a, b []string) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	n := 0
	for _, x := range a {
		for _, y := range b {
			if x == y {
				n++
				break
			}
		}
	}
	return float64(n) / float64(len(a))
}

func shareAny(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}
