package registry

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/supplier"
)

// Names, trades and places as Pakistani facilities write them; every
// facility gets its own plot, so no two are the same facility.
var (
	benchOwners = strings.Fields(`Al-Karam Indus Sapphire Nishat Kohinoor Crescent Sitara Masood Fazal Chenab
		Ittehad Kamal Mehran Diamond Crown Star Hilal Noor Madina Karim Amin Raza Ashraf Rafiq Shafi Yousuf
		Bilal Faisal Usman Zahid Naveed Tariq Sadiq Anwar Bashir Habib Hamid Ibrahim Jamil Khalid Latif
		Mahmood Nadeem Qadir Rashid Saleem Tahir Waheed Zubair Shahzad Imran Arif Azhar Babar Ehsan Farhan`)
	benchTrades   = []string{"Textile", "Weaving", "Spinning", "Knitwear", "Garments", "Denim", "Towels", "Leather", "Tannery", "Footwear"}
	benchSuffixes = []string{"Mills (Pvt) Ltd", "Mills Ltd", "Industries", "(Pvt.) Ltd.", "", "(Private) Limited"}
	benchAreas    = []string{"Korangi Industrial Area", "S.I.T.E.", "Landhi Industrial Area", "North Karachi Industrial Area", "Port Qasim"}
)

func benchFacility(r *rand.Rand, plot int) supplier.Facility {
	trade := benchTrades[r.IntN(len(benchTrades))]
	sub := supplier.SubWeaving
	if trade == "Leather" || trade == "Tannery" || trade == "Footwear" {
		sub = supplier.SubTannery
	}
	return supplier.Facility{
		Name:    strings.TrimSpace(benchOwners[r.IntN(len(benchOwners))] + " " + trade + " " + benchSuffixes[r.IntN(len(benchSuffixes))]),
		Address: fmt.Sprintf("Plot No. %d, Sector %d, %s", plot, 1+r.IntN(30), benchAreas[r.IntN(len(benchAreas))]),
		City:    "Karachi", Sector: sub.Sector(), SubSector: sub,
		Workforce: supplier.Workforce{Total: 100 + r.IntN(2000), Women: r.IntN(50)},
	}
}

// benchRegistry is a hub with n suppliers, loaded by New as at start.
func benchRegistry(b *testing.B, n int) (*world, []supplier.Facility) {
	b.Helper()
	w := newWorld(b)
	r := rand.New(rand.NewPCG(1, 2))
	fs := make([]supplier.Facility, n)
	for i := range fs {
		fs[i] = benchFacility(r, i+1)
		s := supplier.NewSupplier(fmt.Sprintf("sup-%05d", i), w.hub, fs[i], clock())
		s.Status = supplier.StatusActive
		s.Risk = supplier.Risk(s, supplier.DefaultPrevalence(), supplier.FindingSummary{})
		if err := w.st.Suppliers.Insert(context.Background(), &s); err != nil {
			b.Fatal(err)
		}
	}
	w.reg = w.service(b)
	return w, fs
}

// benchList writes rows rows: one in three respells a registered facility,
// the others are new; one in fifty is wrong (a count that is not a number).
func benchList(fs []supplier.Facility, rows int) []byte {
	r := rand.New(rand.NewPCG(3, 4))
	respell := strings.NewReplacer("Al-Karam", "Alkaram", "Mills (Pvt) Ltd", "Mills Limited", "(Pvt.) Ltd.", "Pvt Ltd",
		"Textile", "Textiles", "Plot No. ", "Plot # ", "Sector ", "Sec-", "Korangi Industrial Area", "KIA", "S.I.T.E.", "SITE")
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"name", "address", "city", "sector", "sub_sector", "workers_total", "workers_women", "products", "annual_volume", "since"})
	for i := range rows {
		f := benchFacility(r, 100_000+i)
		if i%3 == 0 {
			f = fs[(i/3)%len(fs)]
			f.Name, f.Address = respell.Replace(f.Name), respell.Replace(f.Address)
		}
		total := strconv.Itoa(f.Workforce.Total)
		if i%50 == 49 {
			total = "many"
		}
		_ = w.Write([]string{f.Name, f.Address, f.City, string(f.Sector), string(f.SubSector), total,
			strconv.Itoa(f.Workforce.Women), "towels", "100k-1m", "2020-01"})
	}
	w.Flush()
	return buf.Bytes()
}

// BenchmarkUploadDryRun10k is a brand's 10,000-row list checked against a
// registry of 5,000 suppliers through the service: parse, validate, look up
// earlier nominations in the store, match every row, and report.
func BenchmarkUploadDryRun10k(b *testing.B) {
	w, fs := benchRegistry(b, 5_000)
	data := benchList(fs, 10_000)
	ctx := as(w.brandA)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		up, err := w.reg.Upload(ctx, UploadInput{Data: data, DryRun: true})
		if err != nil {
			b.Fatal(err)
		}
		if up.Count(supplier.OutcomeProblem) != 200 || len(up.Rows) != 10_000 {
			b.Fatalf("report: %d rows, %d problems", len(up.Rows), up.Count(supplier.OutcomeProblem))
		}
	}
}

// BenchmarkUploadCommit10k commits the same list, as a new brand each time
// so every valid row is written: 9,800 nominations, the report, the activity log entry.
func BenchmarkUploadCommit10k(b *testing.B) {
	w, fs := benchRegistry(b, 5_000)
	data := benchList(fs, 10_000)
	i := 0
	for b.Loop() {
		i++
		brand := domain.Actor{UserID: "bench-user", OrgID: fmt.Sprintf("bench-brand-%d", i), OrgKind: domain.KindBrand,
			Role: domain.RoleBrandManager, HubIDs: []string{w.hub}}
		up, err := w.reg.Upload(as(brand), UploadInput{Data: data})
		if err != nil {
			b.Fatal(err)
		}
		if n := up.Count(supplier.OutcomeNew); n != 9_800 {
			b.Fatalf("%d new rows, want 9800", n)
		}
	}
}

// BenchmarkStart5k is a process start over 5,000 suppliers: scan them into
// the matching index and check their risk profiles and links.
func BenchmarkStart5k(b *testing.B) {
	w, _ := benchRegistry(b, 5_000)
	for b.Loop() {
		if s := w.service(b); s.index(w.hub).Len() != 5_000 {
			b.Fatalf("index holds %d", s.index(w.hub).Len())
		}
	}
}
