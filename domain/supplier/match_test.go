package supplier

import (
	"math"
	"testing"
)

func fac(name, address, city string) Facility {
	return Facility{Name: name, Address: address, City: city}
}

func TestScoreBands(t *testing.T) {
	t.Parallel()
	withOSID := func(f Facility, id string) Facility { f.OSID = id; return f }
	withReg := func(f Facility, kind, n string) Facility {
		f.RegistrationNumbers = []Registration{{Kind: kind, Number: n}}
		return f
	}
	cases := []struct {
		name string
		a, b Facility
		want MatchState
	}{
		{"two brands' spellings of Al-Karam",
			fac("Al-Karam Textile Mills (Pvt) Ltd", "Plot No. 5, Sector 15, Korangi Industrial Area", "Karachi"),
			fac("Alkaram Textile Mills Ltd, Karachi", "Plot # 5, Sec-15, KIA Karachi-74900", "karachi"), MatchAutomatic},
		{"Al-Karam without addresses",
			fac("Al-Karam Textile Mills (Pvt) Ltd", "", "Karachi"),
			fac("Alkaram Textile Mills Ltd, Karachi", "", "Karachi"), MatchAutomatic},
		{"a less detailed address that agrees",
			fac("Al-Karam Textile Mills", "Korangi Industrial Area", "Karachi"),
			fac("Alkaram Textile", "Plot 5, Sector 15, KIA", "Karachi"), MatchAutomatic},
		{"Urdu and Roman spellings",
			fac("کراچی ٹیکسٹائل ملز", "پلاٹ ۵، سائٹ", "کراچی"),
			fac("Karachi Textile Mills", "Plot 5, S.I.T.E.", "Karachi"), MatchAutomatic},
		{"a typing error",
			fac("Alkarm Textile", "", "Karachi"), fac("Al Karam Textile Mills", "", "Karachi"), MatchAutomatic},
		{"words run together",
			fac("Koh i Noor Textile", "", "Multan"), fac("Kohinoor Textile Mills", "", "Multan"), MatchAutomatic},
		{"same name, same city, clearly different address",
			fac("Sapphire Textile Mills", "Plot 5, Sector 16, Korangi", "Karachi"),
			fac("Sapphire Textile Mills", "Plot 112, SITE", "Karachi"), MatchPending},
		{"same name, another plot in the same sector",
			fac("Sapphire Textile Mills", "Plot 5, Sector 16, Korangi", "Karachi"),
			fac("Sapphire Textile Mills", "Plot 7, Sector 16, Korangi", "Karachi"), MatchPending},
		{"Indus Textile and Indus Weaving at one address",
			fac("Indus Textile Mills", "Plot 5, Sector 16, Korangi", "Karachi"),
			fac("Indus Weaving Mills", "Plot 5, Sector 16, Korangi", "Karachi"), MatchPending},
		{"Indus Textile and Indus Weaving, no addresses",
			fac("Indus Textile Mills", "", "Karachi"), fac("Indus Weaving Mills", "", "Karachi"), MatchPending},
		{"Indus Textile and Indus Weaving in different areas",
			fac("Indus Textile Mills", "Plot 5, Sector 16, Korangi", "Karachi"),
			fac("Indus Weaving Mills", "Plot 112, SITE", "Karachi"), MatchNew},
		{"same name in different cities",
			fac("Sapphire Textile Mills", "Plot 5", "Karachi"), fac("Sapphire Textile Mills", "Plot 5", "Multan"), MatchNew},
		{"one letter apart",
			fac("Ali Textile", "", "Karachi"), fac("Wali Textile", "", "Karachi"), MatchNew},
		{"unrelated",
			fac("Nishat Mills", "", "Karachi"), fac("Gul Ahmed Textile", "", "Karachi"), MatchNew},
		{"same OS ID, names apart",
			withOSID(fac("Alpha Leather", "", "Multan"), "PK2025268ABCDEK"),
			withOSID(fac("Beta Tannery", "", "Lahore"), "pk 2025268abcdek"), MatchAutomatic},
		{"two different OS IDs are at most doubtful",
			withOSID(fac("Alkaram Textile", "Plot 5 Korangi", "Karachi"), "PK2025268ABCDEK"),
			withOSID(fac("Alkaram Textile", "Plot 5 Korangi", "Karachi"), "PK2025268ZZZZZK"), MatchPending},
		{"same NTN in the same city",
			withReg(fac("Alpha Leather", "", "Multan"), "NTN", "1234567-8"),
			withReg(fac("Beta Tannery", "", "Multan"), "ntn", "12345678"), MatchAutomatic},
		{"same NTN in another city: the company's other mill",
			withReg(fac("Alpha Leather", "", "Multan"), "NTN", "1234567-8"),
			withReg(fac("Alpha Leather", "", "Karachi"), "NTN", "1234567-8"), MatchNew},
	}
	for _, c := range cases {
		ab, ba := Score(c.a, c.b), Score(c.b, c.a)
		if math.Abs(ab-ba) > 1e-9 {
			t.Errorf("%s: not symmetric: %.3f and %.3f", c.name, ab, ba)
		}
		if ab < 0 || ab > 1 {
			t.Errorf("%s: score %.3f outside [0,1]", c.name, ab)
		}
		if got := Classify(ab); got != c.want {
			t.Errorf("%s: score %.3f is %s, want %s", c.name, ab, got, c.want)
		}
	}
}

func TestScoreOfItselfIsOne(t *testing.T) {
	t.Parallel()
	f := Facility{Name: "Sapphire Textile Mills", OtherNames: []string{"Sapphire Finishing"},
		Address: "Plot 5, Sector 16, Korangi", City: "Karachi"}
	if s := Score(f, f); s != 1 {
		t.Errorf("Score(f, f) = %v", s)
	}
}

func TestOtherNamesMatch(t *testing.T) {
	t.Parallel()
	reg := Facility{Name: "Sapphire Finishing Mills", OtherNames: []string{"SFM Korangi"}, City: "Karachi"}
	if s := Score(reg, fac("SFM Korangi", "", "Karachi")); Classify(s) != MatchAutomatic {
		t.Errorf("other name scored %.3f", s)
	}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		score float64
		want  MatchState
	}{{1, MatchAutomatic}, {0.8, MatchAutomatic}, {0.7999, MatchPending}, {0.5, MatchPending}, {0.4999, MatchNew}, {0, MatchNew}} {
		if got := Classify(c.score); got != c.want {
			t.Errorf("Classify(%v) = %s, want %s", c.score, got, c.want)
		}
	}
}

func TestJaroWinkler(t *testing.T) {
	t.Parallel()
	// Reference values from Winkler's paper, as usually quoted.
	for _, c := range []struct {
		a, b string
		want float64
	}{{"martha", "marhta", 0.961}, {"dwayne", "duane", 0.840}, {"dixon", "dicksonx", 0.813}, {"abc", "xyz", 0}} {
		if got := jaroWinkler([]rune(c.a), []rune(c.b)); math.Abs(got-c.want) > 0.001 {
			t.Errorf("jaroWinkler(%q, %q) = %.4f, want %.3f", c.a, c.b, got, c.want)
		}
	}
}
