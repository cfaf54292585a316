package supplier

import (
	"fmt"
	"strings"
	"testing"
)

// The pair sets are the matching rules' examples: the same facility written
// as two brands or an operator would write it must at least reach the
// operator's review (most link on their own), and two facilities that look
// alike must never link on their own (most stay new).

var truePairs = []struct {
	name string
	a, b Facility
}{
	{"Urdu script and Roman Urdu", fac("گل احمد ٹیکسٹائل ملز", "", "کراچی"), fac("Gul Ahmed Textile Mills", "", "Karachi")},
	{"Urdu script and Roman Urdu, with addresses", fac("گل احمد ٹیکسٹائل ملز", "پلاٹ ۸۲، لانڈھی", "کراچی"),
		fac("Gul Ahmed Textile Mills Ltd", "Plot 82, Landhi Industrial Area", "Karachi")},
	{"an Urdu name the tables do not know", fac("زبیر ٹیکسٹائل", "", "ملتان"), fac("Zubair Textile", "", "Multan")},
	{"an Urdu family name", fac("چودھری رفیق لیدر", "", "ملتان"), fac("Chaudhry Rafiq Leather", "", "Multan")},
	{"an Urdu name with an aspirate", fac("بھٹی ٹینری", "", "قصور"), fac("Bhatti Tannery", "", "Kasur")},
	{"joined and split words", fac("Gulahmed Textile", "", "Karachi"), fac("Gul Ahmed Textile Mills", "", "Karachi")},
	{"joined and split, with addresses", fac("GulAhmed", "Plot 82, Landhi", "Karachi"), fac("Gul Ahmed Textile Mills", "Plot No. 82, Landhi Industrial Area", "Karachi")},
	{"three words joined", fac("Shahjahan Textile", "", "Multan"), fac("Shah Jahan Textile", "", "Multan")},
	{"Ch. for Chaudhry", fac("Ch. Rafiq Leather", "", "Multan"), fac("Chaudhry Rafiq Leather", "", "Multan")},
	{"Chaudhary for Chaudhry", fac("Chaudhary Rafiq Leather", "", "Multan"), fac("Choudhry Rafiq Leather", "", "Multan")},
	{"M. for Muhammad", fac("M. Ashraf Tannery", "", "Multan"), fac("Muhammad Ashraf Tannery", "", "Multan")},
	{"Mohd for Muhammad", fac("Mohd Ashraf Tannery", "", "Multan"), fac("Muhammad Ashraf Tannery", "", "Multan")},
	{"Sh. for Sheikh", fac("Sh. Abdul Ghani & Sons", "", "Karachi"), fac("Sheikh Abdul Ghani and Sons", "", "Karachi")},
	{"Pvt for Private", fac("Indus Dyeing (Pvt.) Ltd", "", "Karachi"), fac("Indus Dyeing Private Limited", "", "Karachi")},
	{"Bros for Brothers", fac("Karim Bros Tannery", "", "Kasur"), fac("Karim Brothers Tannery", "", "Kasur")},
	{"Ind. for Industries", fac("Rehmat Ind.", "Plot 12, SITE", "Karachi"), fac("Rehmat Industries", "Plot 12, S.I.T.E.", "Karachi")},
	{"Tex for Textile", fac("Kohinoor Tex", "", "Multan"), fac("Kohinoor Textile Mills", "", "Multan")},
	{"a city written three ways", fac("Zubair Textile", "Plot 5, SITE", "Karachi City"), fac("Zubair Textile", "Plot 5, SITE", "کراچی")},
}

var falsePairs = []struct {
	name string
	a, b Facility
}{
	{"the same name in another city", fac("Gul Ahmed Textile Mills", "Plot 82, Landhi", "Karachi"), fac("Gul Ahmed Textile Mills", "Plot 82, Industrial Estate", "Multan")},
	{"the same Urdu name in another city", fac("گل احمد ٹیکسٹائل ملز", "", "ملتان"), fac("Gul Ahmed Textile Mills", "", "Karachi")},
	{"a group's second unit at another plot", fac("Gul Ahmed Textile Mills Unit 2", "Plot 16, Sector 23, Korangi", "Karachi"),
		fac("Gul Ahmed Textile Mills", "Plot 82, Landhi Industrial Area", "Karachi")},
	{"a group's units 1 and 2", fac("Gul Ahmed Textile Mills Unit 1", "", "Karachi"), fac("Gul Ahmed Textile Mills Unit 2", "", "Karachi")},
	{"a group's sibling in Urdu at another site", fac("گل احمد ٹیکسٹائل ملز یونٹ ۲", "پلاٹ ۱۶، کورنگی", "کراچی"),
		fac("Gul Ahmed Textile Mills", "Plot 82, Landhi", "Karachi")},
	{"a tannery and a garment unit at one plot", fac("Chaudhry Leather Tannery", "Plot 5, Sector 7-A, Korangi", "Karachi"),
		fac("Chaudhry Garments", "Plot 5, Sector 7-A, Korangi", "Karachi")},
	{"a spinning and a weaving unit at one plot", fac("Rafiq Spinning Mills", "Plot 12, SITE", "Karachi"), fac("Rafiq Weaving Mills", "Plot 12, SITE", "Karachi")},
	{"only trade words in common", fac("Textile Mills", "", "Karachi"), fac("Zubair Textile Mills", "", "Karachi")},
	{"only trade words, at one plot", fac("Textile Mills", "Plot 5, SITE", "Karachi"), fac("Star Textile Mills", "Plot 7, SITE", "Karachi")},
	{"two Muhammads", fac("Muhammad Ashraf Tannery", "", "Multan"), fac("Muhammad Akram Tannery", "", "Multan")},
	{"M. and another given name", fac("M. Ashraf Tannery", "", "Multan"), fac("Mian Ashraf Tannery", "Plot 3, Vehari Road", "Multan")},
	{"two Chaudhrys", fac("Ch. Rafiq Leather", "", "Multan"), fac("Chaudhry Rasheed Leather", "", "Multan")},
	{"Urdu names that share a key", fac("نور ٹیکسٹائل", "پلاٹ ۵، سائٹ", "کراچی"), fac("Nair Textile", "Plot 9, SITE", "Karachi")},
	{"a joined name against another", fac("Gulahmed Textile", "", "Karachi"), fac("Gul Bahar Textile", "", "Karachi")},
	{"a word and a run that differ", fac("Starlight Garments", "", "Karachi"), fac("Star Line Garments", "", "Karachi")},
	{"one letter apart in Urdu", fac("علی ٹیکسٹائل", "", "کراچی"), fac("Wali Textile", "", "Karachi")},
}

func TestTruePairsMatch(t *testing.T) {
	t.Parallel()
	linked := 0
	for _, c := range truePairs {
		s := Score(c.a, c.b)
		if s < DoubtfulMatch {
			t.Errorf("%s: %q and %q score %.3f: they would not even reach the review", c.name, c.a.Name, c.b.Name, s)
		}
		if s >= AutomaticMatch {
			linked++
		}
		t.Logf("%.3f %s", s, c.name)
	}
	if linked*4 < len(truePairs)*3 {
		t.Errorf("only %d of %d true pairs link on their own", linked, len(truePairs))
	}
}

func TestFalsePairsStayApart(t *testing.T) {
	t.Parallel()
	for _, c := range falsePairs {
		s := Score(c.a, c.b)
		if s >= AutomaticMatch {
			t.Errorf("%s: %q and %q score %.3f: they would be merged", c.name, c.a.Name, c.b.Name, s)
		}
		t.Logf("%.3f %s", s, c.name)
	}
}

// TestIndexFindsTruePairs: the index's blocking finds each true pair's
// registered facility among others, in either direction, so a name in Urdu
// script meets its Roman spelling in a real search.
func TestIndexFindsTruePairs(t *testing.T) {
	t.Parallel()
	g := newGenerator(3)
	for _, c := range truePairs {
		for _, dir := range [][2]Facility{{c.a, c.b}, {c.b, c.a}} {
			x := NewIndex()
			for i := range 300 {
				f := g.facility()
				f.City = dir[0].City
				x.Add(fmt.Sprint("other-", i), f)
			}
			x.Add("registered", dir[0])
			found := false
			for _, cand := range x.Best(dir[1], 10) { // the generator may have made a namesake
				found = found || cand.ID == "registered" && cand.Score >= DoubtfulMatch
			}
			if !found {
				t.Errorf("%s: %q does not find %q", c.name, dir[1].Name, dir[0].Name)
			}
		}
	}
}

func TestPhoneticKey(t *testing.T) {
	t.Parallel()
	for _, c := range [][]string{
		{"gl", "gul", "گل"}, {"ahmd", "ahmad", "احمد"}, {"mhmd", "muhammad", "محمد"}, {"cdr", "chaudhry", "چودھری"},
		{"sk", "sheikh", "شیخ"}, {"sdk", "siddiqui", "صدیقی"}, {"asmn", "usman", "عثمان"}, {"zbr", "zubair", "زبیر"},
		{"krc", "karachi", "کراچی"}, {"fl", "phool", "پھول"}, {"bt", "bhatti", "بھٹی"}, {"al", "allah", "اللہ"},
	} {
		for _, w := range c[1:] {
			if got := phoneticKey(strings.Join(tokens(w), "")); got != c[0] {
				t.Errorf("phoneticKey(%q) = %q, want %q", w, got, c[0])
			}
		}
	}
}
