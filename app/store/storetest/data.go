package storetest

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
)

// linkSpec is a second collection shaped like the hub's many-to-many links
// (brand to supplier): a unique key, no default sort (so ID order), and the
// same field name as items ("code" is unique there, plain here), to check
// that collections are independent.
var linkSpec = docstore.Spec{
	Name: "links",
	Fields: []docstore.Field{
		{Name: "brand", Kind: docstore.String},
		{Name: "supplier", Kind: docstore.String},
		{Name: "key", Kind: docstore.String, Unique: true},
		{Name: "code", Kind: docstore.String},
		{Name: "since", Kind: docstore.Time},
	},
	Indexes: [][]string{{"brand", "supplier"}},
}

// karachi is Pakistan Standard Time, so some times arrive with an offset.
var karachi = time.FixedZone("PKT", 5*3600)

// sampleNames hold the characters that LIKE, GLOB and regular expressions
// treat specially, Urdu, and names that differ only in case: Prefix must
// match all of them literally and byte for byte.
var sampleNames = []string{
	"100% cotton", "100_ cotton", "1000 cotton", "100x cotton",
	"a.b Tannery", "axb Tannery", "a*b Tannery", "aab Tannery", "ab Tannery", "a?b Tannery",
	"[x] Leather", "x Leather", `\x Leather`, "^x Leather", "$x", "(x)|y",
	"کراچی میں چائلڈ لیبر", "کراچی ٹیکسٹائل", "کراچ", "لاہور لیدر",
	"Al-Karam", "al-karam", "AL-KARAM",
}

// samplePrefixes are the prefixes checked against sampleNames.
var samplePrefixes = []string{
	"", "100%", "100_", "100", "100% ", "a.b", "a.", "a*", "a*b", "a?", "ab", "[x", "[", `\`, `\x`,
	"^", "$", "(x)", "(x)|", "کراچی", "کراچ", "کراچی ", "لا", "Al", "al", "AL", "Al-Karam", "%", "_", "*", "zzz",
}

var sampleScores = []float64{-1.5, 0, 0.1, 0.3, 0.1 + 0.2, 2.25, 1e9}

// Int values near float64's precision limit: 2^53 and 2^53+1 differ as
// int64 but not as float64.
const (
	big   = int64(1) << 53
	large = int64(1) << 62
)

// datasetSize is small enough for FerretDB and larger than DefaultLimit.
const datasetSize = 60

// dataset returns items built on NewItem with fields chosen so that sorts
// tie often and in patterns unrelated to ID order.
func dataset() []*Item {
	items := make([]*Item, datasetSize)
	for i := range items {
		it := NewItem(i)
		it.Owner = fmt.Sprintf("owner-%02d", (i*3)%4)
		it.Status = statuses[(i*7)%len(statuses)]
		it.N = int64(i%7-3) * 1000
		switch i {
		case 5:
			it.N = big + 1
		case 6:
			it.N = big
		case 7:
			it.N = -large
		}
		it.Score = sampleScores[(i/2)%len(sampleScores)]
		it.Flag = i%3 == 0
		k := (i * 5) % 8
		it.Created = Epoch.Add(time.Duration(k)*time.Hour + time.Duration(k)*111_111_111)
		if i%2 == 1 {
			it.Created = it.Created.In(karachi)
		}
		it.Name = sampleNames[i%len(sampleNames)]
		items[i] = it
	}
	return items
}

// shuffled returns the items in a fixed pseudo-random order, so engines
// cannot pass by returning rows in insertion order.
func shuffled[T any](seed uint64, xs []T) []T {
	out := append([]T(nil), xs...)
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// texts are strings that must round-trip byte for byte.
var texts = map[string]string{
	"urdu":       "کراچی میں چائلڈ لیبر",
	"urdu2":      "کراچی کی چمڑے کی صنعت",
	"sindhi":     "ڪراچي ۾ ٻارن جي مزدوري",
	"shahmukhi":  "لہور دے کارخانے",
	"gurmukhi":   "ਲਾਹੌਰ ਦੇ ਕਾਰਖਾਨੇ",
	"emoji":      "🧵👕 ✅ 👨‍👩‍👧 🇵🇰",
	"control":    "tab\tnew\nline\rcr\x01\x1f\x7f end",
	"four-byte":  "𝄞 𠜎 𝕏",
	"bidi":       "\u200fسلام\u200e hello \u202bX\u202c",
	"combining":  "e\u0301 n\u0303 ا\u064b",
	"json":       `"quoted" \back\slash <b>&amp; ` + "\u2028\u2029",
	"sql":        `'; DROP TABLE items; --`,
	"operator":   `{"$ne": null} $gt .*`,
	"whitespace": "  leading and trailing  ",
}
