package supplier

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"testing"
)

// BenchmarkMatchOne20k matches one nomination, written as another brand
// would write it, against a registry of 20,000 facilities in Karachi and
// Multan.
func BenchmarkMatchOne20k(b *testing.B) {
	g := newGenerator(20_000)
	x, fs := buildIndex(g, 20_000)
	queries := make([]Facility, 256)
	for i := range queries {
		queries[i] = g.respell(fs[g.r.IntN(len(fs))])
		if i%4 == 3 {
			queries[i] = g.facility() // a new facility
		}
	}
	i := 0
	for b.Loop() {
		x.Best(queries[i%len(queries)], 5)
		i++
	}
}

// BenchmarkParseList10k is a dry run of a 10,000-row list: parse, validate,
// normalise and compute each row's DedupKey.
func BenchmarkParseList10k(b *testing.B) {
	data := generatedList(10_000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		list, err := ParseList(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range list.Rows {
			_ = DedupKey("brand-1", r.Facility)
		}
	}
}

// generatedList writes a list with every column filled, one row in twenty in
// Urdu and one in fifty wrong.
func generatedList(n int) []byte {
	g := newGenerator(10_000)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(ListColumns)
	for i := range n {
		f := g.facility()
		if i%20 == 0 {
			f.Name = fmt.Sprintf("الکرم %d ٹیکسٹائل ملز", i)
		}
		total := strconv.Itoa(f.Workforce.Total)
		if i%50 == 0 {
			total = "many"
		}
		_ = w.Write([]string{
			f.Name, "", f.Address, f.City, "", string(f.Sector), string(f.SubSector), "1",
			total, strconv.Itoa(f.Workforce.Women), "0", "Compliance Officer", "+92 300 1234567",
			"compliance@example.pk", "", fmt.Sprintf("NTN:%07d-1", i), "bed linen, towels",
			"100k-1m", "2019-04", "long-standing supplier",
		})
	}
	w.Flush()
	return buf.Bytes()
}
