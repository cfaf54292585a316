package volume

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/actionhub/actionhub/domain/supplier"
)

// Facilities are named as Pakistani factories are: a house or family name,
// a founder's name, a trade and a legal form ("Sitara Naveed Weaving Mills
// (Pvt) Ltd"). Two facilities of one city never share the first two words,
// the words that decide a match, so each is registered as its own facility;
// the generator also asks the matcher itself and draws again on any doubt.
var (
	houseNames = strings.Fields(`Sitara Kohinoor Crescent Mehran Chenab Ravi Jhelum Sutlej Indus
		Shalimar Anarkali Margalla Karakoram Khyber Bolan Thar Kirthar Hingol Gwadar Makran
		Zamzam Medina Hira Safa Marwa Noor Hilal Fajr Sehar Shafaq Kehkashan Sitarah Chandni
		Gulshan Gulistan Bahar Basant Sawan Barkat Rehmat Nemat Daulat Iqbal Saadat Izzat
		Shaheen Uqab Sher Cheetah Bulbul Koel Mor Hans Kabootar Tota Baaz Falak Aasman Samandar
		Darya Sahil Jazira Pahar Vadi Chashma Jheel Baghicha Chaman Nakhlistan Khajoor Anar Aam
		Angoor Kinnow Sandal Kesar Zafran Misri Shakar Gur Nabaat Resham Zari Kimkhwab Ajrak
		Phulkari Kashi Minakari Sheesh Mahal Qila Minar Burj Darwaza Mehrab Gumbad Chowkandi
		Mohenjo Harappa Taxila Ranikot Makli Thatta Badin Sanghar Khairpur Larkana Dadu Jacobabad
		Shikarpur Ghotki Kandhkot Kashmore Umerkot Mirpur Tando Matiari Jamshoro Sehwan Nawabshah
		Sukkur Rohri Bahawal Lodhran Vehari Khanewal Mailsi Kabirwala Jalalpur Shujabad Kot Addu
		Layyah Bhakkar Leiah Muzaffar Rajanpur Jampur Taunsa Alipur Pakpattan Arifwala Burewala
		Chichawatni Okara Depalpur Sahiwal Kamalia Toba Gojra Jhang Chiniot Sargodha Khushab
		Mianwali Attock Chakwal Jhelumi Gujrat Mandi Hafizabad Wazirabad Daska Pasrur Narowal
		Shakargarh Zafarwal Sambrial Kharian Lalamusa Dina Sohawa Murree Abbottabad Mansehra
		Haripur Swabi Mardan Charsadda Nowshera Kohat Bannu Karak Lakki Tank Zhob Loralai Sibi
		Kalat Khuzdar Turbat Panjgur Kharan Chagai Noshki Mastung Ziarat Pishin Chaman Qila`)
	founderNames = strings.Fields(`Naveed Tariq Sadiq Anwar Bashir Habib Hamid Ibrahim Jamil
		Khalid Latif Mahmood Nadeem Qadir Saleem Tahir Waheed Zubair Shahzad Imran Arif Azhar
		Babar Ehsan Farhan Ghulam Javed Kashif Mansoor Nasir Rehan Sajid Shakeel Tanveer Umair
		Wasim Yasir Zafar Akbar Hanif Jalal Moin Nawaz Qamar Rauf Shoaib Tufail Younus Zulfiqar
		Adnan Asif Atif Aamir Bilal Danish Fahad Faisal Haris Irfan Junaid Kamran Luqman Majid
		Mubashir Nabeel Obaid Owais Pervaiz Raheel Saqib Shahid Sohail Talha Usman Waqas Zahid
		Zeeshan Abrar Afzal Altaf Amjad Ansar Arshad Asghar Ashfaq Aslam Ayub Baqir Dilawar
		Ejaz Fazal Ghazanfar Gulzar Hafeez Haider Hashim Hidayat Iftikhar Ilyas Inam Intizar
		Ishaq Ismail Jabbar Jahangir Jameel Karamat Khurshid Liaqat Maqbool Masood Mazhar
		Mumtaz Munir Mushtaq Nazir Nisar Niaz Qaiser Rafaqat Riaz Sabir Safdar Sarfraz Shabbir
		Shafqat Shamim Sharif Shaukat Siddique Sultan Tajammul Tauqeer Ulfat Wajid Wazir Yaqoob
		Zaheer Zakir Zamir Zia Anees Bakht Dildar Farooq Ghayas Hassan Husnain Imtiaz Jawad
		Khizar Mohsin Murtaza Nauman Qasim Rizwan Salman Tabish Uzair Waleed Yawar Zohaib
		Aftab Badar Fakhar Gohar Hammad Ijaz Jafar Kaleem Mudassar Nomi Parvez Rashid Sarmad
		Shehzad Taimur Umar Wahab Yousaf Zain Abid Anis Basit Farrukh Hamza Kabir Noman Saad`)
)

// trade is a word of a facility's name with the sub-sector it stands for.
type trade struct {
	word string
	sub  supplier.SubSector
}

var (
	textileTrades = []trade{{"Spinning", supplier.SubSpinning}, {"Weaving", supplier.SubWeaving},
		{"Textile", supplier.SubWeaving}, {"Knitwear", supplier.SubKnitting}, {"Hosiery", supplier.SubKnitting},
		{"Dyeing", supplier.SubDyeingFinishing}, {"Processing", supplier.SubDyeingFinishing},
		{"Garments", supplier.SubGarments}, {"Apparel", supplier.SubGarments}, {"Denim", supplier.SubGarments},
		{"Towels", supplier.SubHomeTextiles}, {"Home Textiles", supplier.SubHomeTextiles}}
	leatherTrades = []trade{{"Tannery", supplier.SubTannery}, {"Leather", supplier.SubTannery},
		{"Leather Crafts", supplier.SubLeatherGoods}, {"Footwear", supplier.SubFootwear},
		{"Gloves", supplier.SubGlovesSportswear}, {"Sports", supplier.SubGlovesSportswear}}
	legalForms   = []string{"Mills (Pvt) Ltd", "Mills Ltd", "Industries", "(Pvt.) Ltd.", "", "Co.", "(Private) Limited", "Enterprises"}
	karachiAreas = []string{"Korangi Industrial Area", "S.I.T.E.", "Landhi Industrial Area", "North Karachi Industrial Area",
		"Port Qasim", "F.B. Area"}
	multanAreas = []string{"Multan Industrial Estate", "Vehari Road", "Bosan Road", "Khanewal Road", "Shujabad Road"}
	products    = map[supplier.Sector][]string{
		supplier.SectorTextile: {"yarn", "greige fabric", "towels", "bed linen", "denim jeans", "knitted T-shirts", "socks", "workwear"},
		supplier.SectorLeather: {"finished leather", "leather jackets", "work gloves", "footballs", "shoes", "leather bags"},
	}
	volumeBands = []string{"<100k", "100k-1m", "1m-10m", ">10m"}
)

// brandNames are the buying brands: invented, in the shapes European and
// American retailers' names take.
var brandNames = strings.Fields(`Nordwind Lakeside Alpenrose Seabrook Hollowell Brightwater
	Fjordline Kestrel Marlowe Ashby Redfern Cobalt Linden Harbourne Westvale Oakridge Juniper
	Tidewell Stonegate Fernhill Birchwood Windmere Greystone Elmstead Larkspur Thornbury Ravenna
	Bellhaven Copperfield Driftwood Evergreen Foxglove Glenmore Hawthorne Ironwood Kingsley Lindqvist
	Meadowbrook Northgate Oberland Pinecrest Quarrytown Rosewood Silverline Trelawny Upland Valemont
	Whitby Yarrow Zephyr Ambergate Bramble Caledon Dunmore Eastbrook Falkirk Greenhill Highcliff
	Islay Jasmund Kilbride Lowther Moorland Newhaven Orchard Penrose Quillon Riverside Saltash Torrance
	Ullswater Vantage Wexford Ardent Blythe Carrow Delmar Emberly Fairhaven Gorse Heather Inglewood
	Jarrow Kinross Lochan Maple Nettlebed Overton Primrose Redwing Sorrel Tamarisk Umber Verity
	Willow Aster Bexley Clover`)

var brandForms = []string{"Apparel GmbH", "Outfitters Ltd", "Retail AG", "Home SE", "Sports Inc.", "Clothing BV",
	"Textiles AB", "Fashion Group plc", "Workwear GmbH", "Leather Goods Ltd"}

// brandName is brand i's name and the domain its people's e-mails use.
func brandName(i int) (name, domain string) {
	w := brandNames[i%len(brandNames)]
	name = w + " " + brandForms[i%len(brandForms)]
	if i >= len(brandNames) {
		name = fmt.Sprintf("%s %d %s", w, i/len(brandNames)+1, brandForms[i%len(brandForms)])
	}
	return name + " (volume)", fmt.Sprintf("brand%03d.volume.demo", i+1)
}

// generator draws facilities from a fixed seed, so every run builds the
// same network.
type generator struct {
	r     *rand.Rand
	used  map[string]bool // city + house + founder
	plots map[string]int  // next plot number per city
	index *supplier.Index // every facility drawn so far, to draw again on any match
	n     int
}

func newGenerator(seed uint64) *generator {
	return &generator{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), used: map[string]bool{},
		plots: map[string]int{}, index: supplier.NewIndex()}
}

func (g *generator) pick(l []string) string { return l[g.r.IntN(len(l))] }

// facility draws a facility no earlier one resembles: six in ten in
// Karachi, a third of them in leather (Korangi's tanneries), the rest in
// Multan, mostly spinning and weaving.
func (g *generator) facility() supplier.Facility {
	for {
		f := g.draw()
		if g.index.Match(f).State != supplier.MatchNew {
			continue
		}
		g.n++
		g.index.Add(fmt.Sprint(g.n), f)
		return f
	}
}

func (g *generator) draw() supplier.Facility {
	city, areas, leatherShare := "Karachi", karachiAreas, 3
	if g.r.IntN(10) >= 6 {
		city, areas, leatherShare = "Multan", multanAreas, 8
	}
	var house, founder string
	for {
		house, founder = g.pick(houseNames), g.pick(founderNames)
		if k := city + "|" + house + "|" + founder; !g.used[k] {
			g.used[k] = true
			break
		}
	}
	t := textileTrades[g.r.IntN(len(textileTrades))]
	sector := supplier.SectorTextile
	if g.r.IntN(leatherShare) == 0 {
		t, sector = leatherTrades[g.r.IntN(len(leatherTrades))], supplier.SectorLeather
	}
	g.plots[city] += 1 + g.r.IntN(3)
	total := 20 + int(math.Exp(g.r.Float64()*math.Log(3000))) // a few large mills, many small units
	w := supplier.Workforce{Total: total, Women: g.r.IntN(total/2 + 1)}
	if g.r.IntN(12) == 0 {
		w.UnderEighteen = 1 + g.r.IntN(max(1, total/50))
	}
	return supplier.Facility{
		Name:      strings.TrimSpace(house + " " + founder + " " + t.word + " " + g.pick(legalForms)),
		Address:   fmt.Sprintf("Plot No. %d, Sector %d, %s", g.plots[city], 1+g.r.IntN(40), g.pick(areas)),
		City:      city,
		Sector:    sector,
		SubSector: t.sub,
		Workforce: w,
	}
}

var respeller = strings.NewReplacer(
	"Mills (Pvt) Ltd", "Mills Limited", "(Pvt.) Ltd.", "Pvt Ltd", "(Private) Limited", "Pvt. Ltd.",
	"Plot No. ", "Plot # ", "Sector ", "Sec-", "Korangi Industrial Area", "KIA", "S.I.T.E.", "SITE Area",
	"Landhi Industrial Area", "Landhi", "North Karachi Industrial Area", "NKIA", "Multan Industrial Estate", "MIE",
	"Textile", "Textiles", "Industries", "Industry",
)

// respell writes f as another brand's list would: other legal forms,
// abbreviations of the industrial areas, a city after the name.
func (g *generator) respell(f supplier.Facility) supplier.Facility {
	f.Name, f.Address = respeller.Replace(f.Name), respeller.Replace(f.Address)
	if g.r.IntN(3) == 0 {
		f.Name += ", " + f.City
	}
	return f
}

// zipf picks brand i with weight 1/(i+1)^0.9: a few big buyers, a long tail.
type zipf struct{ cum []float64 }

func newZipf(n int) zipf {
	z := zipf{cum: make([]float64, n)}
	sum := 0.0
	for i := range n {
		sum += 1 / math.Pow(float64(i+1), 0.9)
		z.cum[i] = sum
	}
	return z
}

func (z zipf) pick(r *rand.Rand) int {
	x := r.Float64() * z.cum[len(z.cum)-1]
	lo, hi := 0, len(z.cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if z.cum[mid] < x {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}
