package supplier

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// A generator of registries that look like the hubs': owners' and brand
// names, trades and legal forms as Pakistani facilities write them, and
// addresses in Karachi's and Multan's industrial areas. Every facility gets
// its own plot, so no two are the same facility.

var (
	genOwners = strings.Fields(`Al-Karam Indus Sapphire Nishat Kohinoor Crescent Sitara Masood
		Fazal Chenab Ittehad Kamal Mehran Diamond Crown Star Pak Hilal Noor Madina Karim Amin
		Raza Ashraf Rafiq Shafi Yousuf Bilal Faisal Usman Zahid Naveed Tariq Sadiq Anwar Bashir
		Habib Hamid Ibrahim Jamil Khalid Latif Mahmood Nadeem Qadir Rashid Saleem Tahir Waheed
		Zubair Shahzad Imran Arif Azhar Babar Ehsan Farhan Ghulam Javed Kashif Mansoor Nasir
		Rehan Sajid Shakeel Tanveer Umair Wasim Yasir Zafar Akbar Hanif Iqbal Jalal Moin Nawaz
		Qamar Rauf Shoaib Tufail Younus Zulfiqar Sunrise Paramount Premier Royal Golden Silver
		Ocean Eastern Western Northern Southern Super Classic Modern Unique Ideal Prime Elite`)
	genSecond      = strings.Fields(`Muhammad Hussain Ahmed Ali Rehman Din Brothers Sons Enterprises International`)
	genTextile     = []string{"Textile", "Weaving", "Spinning", "Knitwear", "Garments", "Apparel", "Fabrics", "Denim", "Towels", "Home Textiles", "Processing"}
	genLeather     = []string{"Leather", "Tannery", "Footwear", "Leather Crafts", "Gloves", "Leather Garments"}
	genSuffixes    = []string{"Mills (Pvt) Ltd", "Mills Ltd", "Industries", "(Pvt.) Ltd.", "", "Co.", "(Private) Limited"}
	genKarachiArea = []string{"Korangi Industrial Area", "S.I.T.E.", "Landhi Industrial Area", "North Karachi Industrial Area", "Port Qasim", "F.B. Area"}
	genMultanArea  = []string{"Multan Industrial Estate", "Vehari Road", "Bosan Road", "Khanewal Road"}
)

type generator struct {
	r    *rand.Rand
	plot int
}

func newGenerator(seed uint64) *generator {
	return &generator{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func (g *generator) pick(l []string) string { return l[g.r.IntN(len(l))] }

func (g *generator) facility() Facility {
	name := g.pick(genOwners)
	if g.r.IntN(2) == 0 {
		name += " " + g.pick(genSecond)
	}
	sector, sub, trade := SectorTextile, SubWeaving, g.pick(genTextile)
	city, area := "Karachi", g.pick(genKarachiArea)
	if g.r.IntN(3) == 0 {
		sector, sub, trade = SectorLeather, SubTannery, g.pick(genLeather)
	}
	if g.r.IntN(3) == 0 {
		city, area = "Multan", g.pick(genMultanArea)
	}
	g.plot++
	total := 50 + g.r.IntN(2000)
	return Facility{
		Name:      strings.TrimSpace(name + " " + trade + " " + g.pick(genSuffixes)),
		Address:   fmt.Sprintf("Plot No. %d, Sector %d, %s", g.plot, 1+g.r.IntN(30), area),
		City:      city,
		Sector:    sector,
		SubSector: sub,
		Workforce: Workforce{Total: total, Women: g.r.IntN(total / 2)},
	}
}

// respell writes f as another brand would: other legal forms, spellings,
// abbreviations and punctuation.
func (g *generator) respell(f Facility) Facility {
	r := strings.NewReplacer(
		"Al-Karam", "Alkaram", "Muhammad", "Mohammed", "Hussain", "Husain", "Ahmed", "Ahmad",
		"Mills (Pvt) Ltd", "Mills Limited", "(Pvt.) Ltd.", "Pvt Ltd", "(Private) Limited", "Pvt. Ltd.",
		"Textile", "Textiles", "Industries", "Industry",
	)
	f.Name = r.Replace(f.Name)
	if g.r.IntN(2) == 0 {
		f.Name += ", " + f.City
	}
	f.Address = strings.NewReplacer(
		"Plot No. ", "Plot # ", "Sector ", "Sec-", "Korangi Industrial Area", "KIA",
		"S.I.T.E.", "SITE", "Multan Industrial Estate", "MIE", "North Karachi Industrial Area", "NKIA",
	).Replace(f.Address) + ", " + f.City
	f.City = strings.ToUpper(f.City)
	return f
}
