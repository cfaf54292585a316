package casework

import (
	"testing"
	"time"

	"github.com/actionhub/actionhub/domain/law"
)

var (
	identified = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	later      = identified.Add(2 * time.Hour)
)

// tanneryChild is the 14-year-old found liming hides at a Multan tannery.
func tanneryChild() Identity {
	return Identity{ChildName: "Ahmad Raza", GuardianName: "Muhammad Raza", BirthDate: "2011-09-02",
		Address: "House 12, Gali 4, Basti Khudadad, Multan", Phone: "0300-1234567", PhotoBlobID: "blob-photo-1",
		FamilySituation: "Father ill since 2024; five siblings", SchoolHistory: "Left Government Primary School No. 3 in class 4",
		Languages: []string{"Saraiki", "Urdu"}}
}

func mustPack(tb testing.TB, j law.Jurisdiction) law.Pack {
	tb.Helper()
	p, err := law.PackFor(j, identified)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// openTannery opens the Multan case as auditor "aud-1".
func openTannery(tb testing.TB) Case {
	tb.Helper()
	c, err := Open(Opening{
		ID: "case-1", HubID: "hub-pk", Code: "MUX-2026-00001", SupplierID: "sup-mlw", Source: SourceFinding, SourceID: "f-1",
		Identified: identified, Pack: mustPack(tb, law.Punjab), Identity: tanneryChild(),
		Child: Child{AgeMethod: AgeBForm, Sex: SexMale, Schooling: law.OutOfSchool},
		Work: Work{Sector: SectorCode("tannery"), Tasks: []law.Task{{Code: "leather_tanning.liming"}},
			Days:           []law.Day{{Shifts: []law.Shift{{Start: law.At(8, 0), End: law.At(14, 0)}}}},
			WageMonthlyPKR: 9000, RecruitedHow: "through an uncle working at the tannery"},
	}, "aud-1", identified)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	c.Version = 1
	return c
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
