package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/sealed"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/law"
)

// benchCases stores n cases of one hub on SQLite, spread over 10 stages'
// worth of suppliers and two openers.
func benchCases(b *testing.B, n int) (*store.Store, store.CaseVault) {
	b.Helper()
	ctx := context.Background()
	st := sqliteStore(b)
	s, err := sealed.New(sealed.CaseIdentity, make([]byte, 32))
	if err != nil {
		b.Fatal(err)
	}
	v := st.Cases.Vault(s)
	at := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	pack, _ := law.PackFor(law.Punjab, at)
	for i := range n {
		c, err := casework.Open(casework.Opening{ID: fmt.Sprintf("c%06d", i), HubID: "h1", Code: casework.FormatCode("MUX", 2026, int64(i+1)),
			SupplierID: fmt.Sprintf("s%03d", i%200), Source: casework.SourceOutreach, Identified: at, Pack: pack,
			Identity: childIdentity(), Child: casework.Child{Sex: casework.SexFemale, AgeYears: 12 + i%6}}, fmt.Sprintf("u%d", i%2), at.Add(time.Duration(i)*time.Second))
		if err != nil {
			b.Fatal(err)
		}
		if err := v.Insert(ctx, &c); err != nil {
			b.Fatal(err)
		}
	}
	return st, v
}

// BenchmarkCaseGetOpen reads one case and opens its sealed identity.
func BenchmarkCaseGetOpen(b *testing.B) {
	st, v := benchCases(b, 2000)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		d, err := st.Cases.Get(ctx, fmt.Sprintf("c%06d", i%2000))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := v.Open(d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCaseListPage reads a page of 50 of a hub's cases by stage,
// and by supplier.
func BenchmarkCaseListPage(b *testing.B) {
	st, _ := benchCases(b, 2000)
	ctx := context.Background()
	for _, f := range []store.CaseFilter{{Stage: casework.StageIdentified}, {SupplierID: "s007"}, {OpenedBy: "u1", Stage: casework.StageIdentified}} {
		b.Run(fmt.Sprintf("%+v", f), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := st.Cases.InHub(ctx, "h1", f, store.Page{Limit: 50}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
