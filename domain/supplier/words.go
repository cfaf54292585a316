package supplier

import "strings"

// The word lists below are what normalisation knows of Pakistani facility
// names and addresses: common spelling variants, legal forms and the
// industrial areas of Karachi and Multan. They are small on purpose; a new
// variant seen in real lists is one more entry, with a test.

// urduWords maps common Urdu words of facility names and addresses to the
// Roman form brands write, so that "کراچی ٹیکسٹائل ملز" and "Karachi Textile
// Mills" normalise alike. Keys are folded like any input (see foldRune), so
// Arabic-keyboard spellings (ي, ك, ه) find them too. Unknown Urdu words are
// kept in Urdu script: a generic transliteration would only garble them.
var urduWords = foldKeys(map[string]string{
	"ٹیکسٹائل": "textile", "ٹیکسٹائلز": "textile", "ٹیکسٹایل": "textile",
	"ملز": "mills", "مل": "mills", "فیکٹری": "factory",
	"انڈسٹریز": "industries", "انڈسٹری": "industries",
	"لیدر": "leather", "چمڑا": "leather", "ٹینری": "tannery", "ٹینریز": "tannery",
	"گارمنٹس": "garments", "گارمنٹ": "garments", "اپیرل": "apparel",
	"اسپننگ": "spinning", "سپننگ": "spinning", "ویونگ": "weaving", "نٹنگ": "knitting",
	"ڈائنگ": "dyeing", "نٹ": "knit", "ہوزری": "hosiery", "ایکسپورٹس": "exports",
	"انٹرنیشنل": "international", "انٹرپرائزز": "enterprises", "اینڈ": "and",
	"سنز": "sons", "برادرز": "brothers", "کمپنی": "company",
	"لمیٹڈ": "limited", "لمیٹیڈ": "limited", "پرائیویٹ": "private", "پرائیوٹ": "private",
	"محمد": "muhammad", "حسین": "hussain", "احمد": "ahmad",
	"کراچی": "karachi", "ملتان": "multan", "لاہور": "lahore", "فیصلآباد": "faisalabad", "سیالکوٹ": "sialkot", "قصور": "kasur", "حیدرآباد": "hyderabad",
	"سندھ": "sindh", "پنجاب": "punjab", "پاکستان": "pakistan",
	"کورنگی": "korangi", "لانڈھی": "landhi", "سائٹ": "site", "قاسم": "qasim", "پورٹ": "port",
	"بن": "bin", "نارتھ": "north", "فیڈرل": "federal",
	"انڈسٹریل": "industrial", "ایریا": "area", "اسٹیٹ": "estate", "اسٹیٹس": "estate",
	"پلاٹ": "plot", "نمبر": "no", "سیکٹر": "sector", "بلاک": "block", "فیز": "phase",
	"روڈ": "road", "سڑک": "road", "اسٹریٹ": "street", "گلی": "street", "شاہراہ": "road",
})

// canonical maps spelling variants, Roman Urdu transliterations and plurals
// to one form.
var canonical = map[string]string{
	"mohammad": "muhammad", "mohammed": "muhammad", "muhammed": "muhammad", "mohamed": "muhammad",
	"mohamad": "muhammad", "muhamad": "muhammad", "mohd": "muhammad", "muhd": "muhammad",
	"hussein": "hussain", "husain": "hussain", "husein": "hussain", "hosain": "hussain",
	"ahmed": "ahmad", "rehman": "rahman", "rehmaan": "rahman", "rahmaan": "rahman",
	"hassan": "hasan", "yousuf": "yusuf", "yousaf": "yusuf", "yusaf": "yusuf",
	"farooque": "farooq", "faruq": "farooq", "quraishi": "qureshi",
	"kasim": "qasim", "osman": "usman", "usmaan": "usman",
	"textiles": "textile", "textil": "textile", "industry": "industries", "mill": "mills",
	"garment": "garments", "apparels": "apparel", "knitwears": "knitwear", "fabric": "fabrics",
	"leathers": "leather", "tanneries": "tannery", "tanners": "tannery", "export": "exports",
	"exporters": "exports", "exporter": "exports", "enterprise": "enterprises",
	"brother": "brothers", "bros": "brothers", "son": "sons", "intl": "international",
	"mfg": "manufacturing", "manufacturers": "manufacturing", "sport": "sports",
	"towel": "towels", "product": "products", "work": "works",
}

// nameNoise are words that say what kind of company a facility is, not which
// one: legal forms, fillers and generic establishment words. Brands add or
// drop them at will ("Alkaram Textile Mills (Pvt) Ltd" and "Alkaram Textile"),
// so matching ignores them. Sector words (textile, leather, weaving) are not
// noise: "Indus Textile" and "Indus Weaving" can be two facilities.
var nameNoise = set("pvt", "private", "ltd", "limited", "co", "company", "corp", "corporation",
	"inc", "incorporated", "llc", "plc", "smc", "pte", "and", "the", "messrs", "of",
	"mills", "industries", "factory", "unit")

// weakNameWords describe a product or trade. They distinguish facilities a
// little but are shared by thousands, so they weigh less than a proper name.
var weakNameWords = set("textile", "weaving", "spinning", "knitting", "knit", "knitwear",
	"hosiery", "garments", "apparel", "fashion", "denim", "fabrics", "processing", "dyeing",
	"finishing", "printing", "leather", "tannery", "footwear", "shoes", "gloves", "sports",
	"sportswear", "towels", "home", "linen", "cotton", "yarn", "composite", "exports",
	"traders", "trading", "international", "enterprises", "group", "sons", "brothers",
	"manufacturing", "works", "crafts", "products", "karachi", "multan", "pakistan")

// places are city, province and country names dropped when they trail a
// name or an address ("Alkaram Textile Mills Ltd, Karachi").
var places = set("karachi", "multan", "lahore", "faisalabad", "sialkot", "kasur", "hyderabad",
	"islamabad", "rawalpindi", "gujranwala", "peshawar", "quetta", "sheikhupura", "pakistan",
	"sindh", "punjab", "pk")

// addressWords expands abbreviations and drops filler in addresses.
var addressWords = map[string]string{
	"rd": "road", "st": "street", "str": "street", "ave": "avenue", "blk": "block",
	"sec": "sector", "sect": "sector", "ph": "phase", "ind": "industrial", "indl": "industrial",
	"industrial": "industrial", "est": "estate", "estates": "estate", "opp": "opposite",
	"nr": "near", "muhalla": "mohalla", "bazaar": "bazar", "no": "", "number": "", "num": "",
	"plots": "plot", "and": "",
}

// weakAddressWords are the frame of an address; numbers and names carry it.
var weakAddressWords = set("plot", "sector", "road", "street", "block", "phase", "area",
	"industrial", "estate", "town", "near", "opposite", "main", "avenue", "lane", "unit",
	"floor", "building", "highway", "bazar", "mohalla", "colony", "chowk", "office", "house",
	"shop", "off", "district", "city", "zone")

// romanNumerals become digits after the words that number things.
var romanNumerals = map[string]string{"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6"}

var numberedWords = set("phase", "sector", "block", "unit", "site")

// areaPhrases give each Karachi and Multan industrial area one name.
// Longer phrases come first so that the longest match wins.
var areaPhrases = phrases(map[string][]string{
	"site": {"sindh industrial trading estate",
		"site industrial area", "site area", "s i t e", "site"},
	"korangi": {"korangi industrial area", "korangi industrial estate", "kia", "korangi"},
	"landhi":  {"landhi industrial area", "landhi industrial estate", "landhi"},
	"north karachi": {"north karachi industrial area", "north karachi industrial estate",
		"nkia", "north karachi"},
	"port qasim": {"port muhammad bin qasim", "port qasim industrial area", "bin qasim town",
		"port qasim", "bin qasim", "pqa"},
	"fb area": {"federal b industrial area", "federal b area", "fb industrial area", "f b area",
		"fbia", "fb area"},
	"multan industrial estate": {"multan industrial estate", "industrial estate multan", "mie"},
})

// urduCityWords are Urdu words of city names, and of the words written
// around them, that only NormalizeCity reads (names and addresses keep
// their keys).
var urduCityWords = foldKeys(map[string]string{
	"شہر": "city", "سٹی": "city", "ضلع": "district", "ڈسٹرکٹ": "district", "ڈویژن": "division",
	"راولپنڈی": "rawalpindi", "گوجرانوالہ": "gujranwala", "پشاور": "peshawar", "کوئٹہ": "quetta",
	"شیخوپورہ": "sheikhupura", "اسلامآباد": "islamabad", "اسلام": "islam", "آباد": "abad", "فیصل": "faisal",
	"ملیر": "malir", "کیماڑی": "keamari",
})

// cityFrame are the words written around a city's name ("Karachi City",
// "District Multan", "ملتان شہر"); cityTrailer the province or country after it.
var (
	cityFrame   = set("city", "district", "distt", "dist", "zila", "zilla", "division", "shehar", "shahar")
	cityTrailer = set("sindh", "punjab", "pakistan", "pk")
)

// cityAliases maps districts, towns and short forms to the city a hub uses.
var cityAliases = map[string]string{
	"islam abad": "islamabad", "faisal abad": "faisalabad",
	"mux": "multan", "lhr": "lahore", "isb": "islamabad", "fsd": "faisalabad", "skt": "sialkot",
	"khi": "karachi", "karachi east": "karachi", "karachi west": "karachi",
	"karachi south": "karachi", "karachi central": "karachi", "korangi": "karachi",
	"landhi": "karachi", "malir": "karachi", "keamari": "karachi", "kemari": "karachi",
	"bin qasim": "karachi", "port qasim": "karachi", "multan cantt": "multan",
	"multan cantonment": "multan",
}

type phrase struct {
	words []string
	to    string
}

func phrases(m map[string][]string) []phrase {
	var out []phrase
	for to, froms := range m {
		for _, f := range froms {
			out = append(out, phrase{strings.Fields(f), to})
		}
	}
	// Longest first, then alphabetical, so the result never depends on map order.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && longer(out[j], out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func longer(a, b phrase) bool {
	if len(a.words) != len(b.words) {
		return len(a.words) > len(b.words)
	}
	return strings.Join(a.words, " ") < strings.Join(b.words, " ")
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

func foldKeys(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[strings.Join(tokens(k), "")] = v
	}
	return out
}
