package supplier

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

func buildIndex(g *generator, n int) (*Index, []Facility) {
	x := NewIndex()
	fs := make([]Facility, n)
	for i := range fs {
		fs[i] = g.facility()
		x.Add(fmt.Sprint("s", i), fs[i])
	}
	return x, fs
}

func TestIndexFindsAnotherBrandsSpelling(t *testing.T) {
	t.Parallel()
	g := newGenerator(1)
	x, fs := buildIndex(g, 3000)
	if x.Len() != 3000 {
		t.Fatalf("Len = %d", x.Len())
	}
	for i := 0; i < len(fs); i += 37 {
		q := g.respell(fs[i])
		m := x.Match(q)
		if want := fmt.Sprint("s", i); m.CandidateID != want || m.State != MatchAutomatic {
			t.Errorf("%q at %q: got %+v, want %s automatic", q.Name, q.Address, m, want)
		}
	}
}

// TestIndexBlockingLosesNothing checks the blocking against scoring every
// facility: whenever some facility reaches the doubtful band, Best finds one
// with the same top score.
func TestIndexBlockingLosesNothing(t *testing.T) {
	t.Parallel()
	g := newGenerator(2)
	x, fs := buildIndex(g, 2000)
	profiles := make([]*profile, len(fs))
	for i, f := range fs {
		profiles[i] = prepare(f)
	}
	checked := 0
	for i := range 120 {
		q := g.facility() // a new facility that often shares a name
		if i%2 == 0 {
			q = g.respell(fs[g.r.IntN(len(fs))])
			q.Address = "" // a brand that gives no address
		}
		p := prepare(q)
		top := 0.0
		for _, e := range profiles {
			top = max(top, score(p, e))
		}
		best := x.Best(q, 3)
		if top < DoubtfulMatch {
			continue
		}
		checked++
		if len(best) == 0 || best[0].Score != top {
			t.Errorf("%q: brute force finds %.3f, index %+v", q.Name, top, best)
		}
	}
	if checked < 60 {
		t.Errorf("only %d queries reached the doubtful band: the test checks too little", checked)
	}
}

func TestIndexAddReplaceRemove(t *testing.T) {
	t.Parallel()
	x := NewIndex()
	alkaram := fac("Al-Karam Textile Mills", "Plot 5, Korangi", "Karachi")
	x.Add("a", alkaram)
	x.Add("b", fac("Sapphire Textile Mills", "Plot 9, SITE", "Karachi"))
	x.Add("c", fac("Al-Karam Textile Mills", "Plot 5, Korangi", "Multan"))
	if best := x.Best(fac("Alkaram Textile", "", "KARACHI"), 5); len(best) != 1 || best[0].ID != "a" {
		t.Errorf("Karachi search: %+v (the Multan facility cannot match)", best)
	}
	x.Add("a", fac("Nishat Mills", "Plot 1, Landhi", "Karachi")) // a's data corrected
	if m := x.Match(alkaram); m.State != MatchNew {
		t.Errorf("replaced entry still matches: %+v", m)
	}
	if m := x.Match(fac("Nishat Mills Ltd", "Plot 1 Landhi Industrial Area", "Karachi")); m.CandidateID != "a" {
		t.Errorf("replacement not found: %+v", m)
	}
	x.Remove("a")
	x.Remove("unknown")
	if m := x.Match(fac("Nishat Mills Ltd", "", "Karachi")); m.State != MatchNew {
		t.Errorf("removed entry still matches: %+v", m)
	}
	x.Add("d", fac("Indus Weaving", "", "Karachi")) // reuses a's slot
	if x.Len() != 3 || x.Match(fac("Indus Weaving", "", "Karachi")).CandidateID != "d" {
		t.Errorf("after reuse: len %d", x.Len())
	}
	if best := x.Best(alkaram, 0); best != nil {
		t.Errorf("Best with k=0: %+v", best)
	}
}

func TestIndexFindsIdentifiersAnywhere(t *testing.T) {
	t.Parallel()
	x := NewIndex()
	f := fac("Alpha Leather", "", "Multan")
	f.OSID = "PK2025268ABCDEK"
	x.Add("alpha", f)
	q := fac("Beta Tannery", "", "Kasur") // another name and city, the same OS ID
	q.OSID = "PK2025268ABCDEK"
	if m := x.Match(q); m.CandidateID != "alpha" || m.Score != 1 {
		t.Errorf("OS ID match: %+v", m)
	}
	x.Remove("alpha")
	if m := x.Match(q); m.State != MatchNew {
		t.Errorf("removed OS ID still matches: %+v", m)
	}

	twice := fac("Gamma Tannery", "", "Multan")
	twice.RegistrationNumbers = []Registration{{RegNTN, "1234567-8"}, {"ntn", "12345678"}}
	x.Add("gamma", twice)
	byNTN := fac("Delta Leather", "", "Multan")
	byNTN.RegistrationNumbers = twice.RegistrationNumbers[:1]
	if m := x.Match(byNTN); m.CandidateID != "gamma" || m.Score != 1 {
		t.Errorf("NTN match: %+v", m)
	}
	x.Remove("gamma")
	if m := x.Match(byNTN); m.State != MatchNew || len(x.ids) != 0 {
		t.Errorf("removed NTN still matches: %+v, %d identifiers", m, len(x.ids))
	}
}

func TestIndexConcurrentUse(t *testing.T) {
	t.Parallel()
	g := newGenerator(3)
	x, fs := buildIndex(g, 500)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(fs); i += 4 {
				if w == 0 {
					x.Add(fmt.Sprint("new", i), g2(i))
					continue
				}
				if m := x.Match(fs[i]); m.Score != 1 {
					t.Errorf("facility %d matches itself at %.3f", i, m.Score)
				}
			}
		})
	}
	wg.Wait()
}

// g2 makes a distinct facility per i without sharing a generator across goroutines.
func g2(i int) Facility {
	return fac(fmt.Sprintf("Zeta%d Knitwear", i), fmt.Sprintf("Plot %d, Landhi", 9000+i), "Karachi")
}

// TestIndexRanksManySharingAName: with more facilities sharing a name than
// one search scores, trade words and the address pick the right ones.
func TestIndexRanksManySharingAName(t *testing.T) {
	t.Parallel()
	x := NewIndex()
	trades := append(append([]string{}, genTextile...), genLeather...)
	for i := range 400 {
		name := fmt.Sprintf("Premier %s Mills", trades[i%len(trades)])
		x.Add(fmt.Sprint("p", i), fac(name, fmt.Sprintf("Plot %d, Sector %d, Korangi", 100+i, i%7), "Karachi"))
	}
	for _, i := range []int{0, 17, 151, 399} {
		q := fac(fmt.Sprintf("Premier %s Mills", trades[i%len(trades)]), fmt.Sprintf("Plot # %d, KIA", 100+i), "Karachi")
		if m := x.Match(q); m.CandidateID != fmt.Sprint("p", i) {
			t.Errorf("%q at %q: got %+v", q.Name, q.Address, m)
		}
	}
	if best := x.Best(fac("Premier Denim", "", "Karachi"), 3); len(best) != 3 || !strings.Contains(x.entries[x.slot[best[0].ID]].p.names[0].joined, "denim") {
		t.Errorf("Premier Denim without address: %+v", best)
	}
}
