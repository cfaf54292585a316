package supplier

import "testing"

func TestScratch(t *testing.T) {
	for _, c := range []string{"کراچی", "ملتان", "Karachi City", "KHI", "karachi.", "Karachi, Sindh", "ملتان شہر", "کراچي"} {
		_, ok := DefaultPrevalence().Lookup(c)
		t.Logf("%q -> %q lookup=%v", c, NormalizeCity(c), ok)
	}
	pairs := [][2]Facility{
		{fac("گل احمد ٹیکسٹائل ملز", "", "کراچی"), fac("Gul Ahmed Textile Mills", "", "Karachi")},
		{fac("Gulahmed Textile", "", "Karachi"), fac("Gul Ahmed Textile Mills", "", "Karachi")},
		{fac("Ch. Rafiq Leather", "", "Multan"), fac("Chaudhry Rafiq Leather", "", "Multan")},
		{fac("M. Ashraf Tannery", "", "Multan"), fac("Muhammad Ashraf Tannery", "", "Multan")},
	}
	for _, p := range pairs {
		t.Logf("%q %q -> %.3f", p[0].Name, p[1].Name, Score(p[0], p[1]))
	}
}
