package supplier

import (
	"testing"

	"github.com/actionhub/actionhub/domain"
)

func TestNormalizeName(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"Al-Karam Textile Mills (Pvt) Ltd", "alkaram textile"},
		{"Alkaram Textile Mills Ltd, Karachi", "alkaram textile"},
		{"AL KARAM TEXTILE MILLS (PRIVATE) LIMITED", "alkaram textile"},
		{"M/s. Al Karam Textile Mills", "alkaram textile"},
		{"Mohammed Hussein & Sons (Pvt.) Ltd.", "muhammad hussain sons"},
		{"Muhammad Husain and Sons", "muhammad hussain sons"},
		{"Zia ud Din Leather Industries", "ziauddin leather"},
		{"Ziauddin Leather Industry", "ziauddin leather"},
		{"Indus Weaving Mills Ltd.", "indus weaving"},
		{"Crescent Textiles Co.", "crescent textile"},
		{"Café Crème Hosiery", "cafe creme hosiery"},
		{"Unit II, Sapphire Mills", "2 sapphire"},
		{"Mills Ltd", "mills ltd"}, // nothing but generic words: kept
		{"Multan Mills", "multan"}, // a city that is the whole name stays
		{"الکرم ٹیکسٹائل ملز", "الکرم textile"},
		{"الكرم ٹيكسٹائل ملز", "الکرم textile"},   // Arabic kaf and yeh
		{"الکَرَم ٹیکسٹائل ملز", "الکرم textile"}, // harakat
		{"الکرم ٹیکسٹائل ملز، کراچی", "الکرم textile"},
		{"", ""},
	} {
		if got := NormalizeName(c.in); got != c.want {
			t.Errorf("NormalizeName(%q) = %q, want %q", c.in, got, c.want)
		}
		if again := NormalizeName(NormalizeName(c.in)); again != NormalizeName(c.in) {
			t.Errorf("NormalizeName is not stable on %q: %q", c.in, again)
		}
	}
}

func TestNormalizeAddress(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"Plot No. 5, Sector 15, Korangi Industrial Area, Karachi", "plot 5 sector 15 korangi"},
		{"Plot # 5, Sec-15, KIA Karachi-74900", "plot 5 sector 15 korangi"},
		{"P-5 Sector 15 Korangi Ind. Area", "plot 5 sector 15 korangi"},
		{"P-5, S.I.T.E., Karachi", "plot 5 site"},
		{"Plot 5 SITE Area Karachi", "plot 5 site"},
		{"Plot 5, Sindh Industrial Trading Estate", "plot 5 site"},
		{"D-12, Phase II, North Karachi Industrial Area, Karachi 75850, Pakistan", "d 12 phase 2 north karachi"},
		{"D 12 Phase 2 NKIA", "d 12 phase 2 north karachi"},
		{"Plot 9, Landhi Industrial Estate", "plot 9 landhi"},
		{"Plot 30 Port Qasim Industrial Area", "plot 30 port qasim"},
		{"Plot 30, Bin Qasim Town, Karachi", "plot 30 port qasim"},
		{"F.B. Area Block 21", "fb area block 21"},
		{"Federal B Industrial Area Block 21", "fb area block 21"},
		{"Plot 4 MIE Multan", "plot 4 multan industrial estate"},
		{"Industrial Estate Multan, Plot 4", "multan industrial estate plot 4"},
		{"12 Main Rd, Multan", "12 main road"},
		{"پلاٹ نمبر ۵، کورنگی انڈسٹریل ایریا، کراچی", "plot 5 korangi"},
	} {
		if got := NormalizeAddress(c.in); got != c.want {
			t.Errorf("NormalizeAddress(%q) = %q, want %q", c.in, got, c.want)
		}
		if again := NormalizeAddress(NormalizeAddress(c.in)); again != NormalizeAddress(c.in) {
			t.Errorf("NormalizeAddress is not stable on %q: %q", c.in, again)
		}
	}
}

func TestUrduAndRomanFormsAgree(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ urdu, roman string }{
		{"کراچی ٹیکسٹائل ملز", "Karachi Textile Mills"},
		{"ملتان لیدر انڈسٹریز", "Multan Leather Industries"},
		{"ملتان ٹینری پرائیویٹ لمیٹڈ", "Multan Tannery Private Limited"},
		{"محمد حسین گارمنٹس", "Mohammad Hussain Garments"},
		{"كراچي ٹيكسٹائل ملز", "Karachi Textiles"}, // typed on an Arabic keyboard
	} {
		if u, r := NormalizeName(c.urdu), NormalizeName(c.roman); u != r {
			t.Errorf("%q gives %q but %q gives %q", c.urdu, u, c.roman, r)
		}
	}
	if u, r := NormalizeAddress("پلاٹ ۵ کورنگی، کراچی"), NormalizeAddress("Plot 5, Korangi, Karachi"); u != r {
		t.Errorf("Urdu address %q, Roman address %q", u, r)
	}
}

func TestNormalizeCity(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{" KARACHI ", "karachi"}, {"Karachi East", "karachi"}, {"Korangi", "karachi"},
		{"کراچی", "karachi"}, {"ملتان", "multan"}, {"Multan Cantt.", "multan"}, {"Sialkot", "sialkot"},
		{"كراچي", "karachi"}, // Arabic keyboard letters
		{"Karachi City", "karachi"}, {"KHI", "karachi"}, {"Karachi, Sindh", "karachi"}, {"Karachi-74900", "karachi"},
		{"Karachi Sindh Pakistan", "karachi"}, {"District Multan", "multan"}, {"Multan City, Punjab", "multan"},
		{"ملتان شہر", "multan"}, {"ضلع ملتان", "multan"}, {"کراچی سٹی", "karachi"}, {"ملیر", "karachi"},
		{"اسلام آباد", "islamabad"}, {"City", "city"}, {"Sindh", "sindh"}, {"", ""},
	} {
		if got := NormalizeCity(c.in); got != c.want {
			t.Errorf("NormalizeCity(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestCityProvince: a hub's city is found however a brand writes it, so the
// province (and with it the law) and the district's prevalence are found too.
func TestCityProvince(t *testing.T) {
	t.Parallel()
	cities := []domain.City{{Name: "Karachi", Province: "Sindh"}, {Name: "Multan", Province: "Punjab"}}
	for _, c := range []struct{ city, want string }{
		{"کراچی", "Sindh"}, {"ملتان", "Punjab"}, {"Karachi City", "Sindh"}, {"KHI", "Sindh"}, {"korangi", "Sindh"},
		{"ملتان شہر", "Punjab"}, {"Lahore", ""}, {"", ""}, {"Sindh", ""},
	} {
		if got := CityProvince(cities, c.city); got != c.want {
			t.Errorf("CityProvince(%q) = %q, want %q", c.city, got, c.want)
		}
		if _, ok := DefaultPrevalence().Lookup(c.city); ok != (c.want != "") {
			t.Errorf("prevalence of %q found: %v", c.city, ok)
		}
	}
}
