package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/actionhub/actionhub/domain"
)

// BenchmarkActivityInsert appends entries to an activity log of 50,000 on
// SQLite, as every write and every read of a child's identity does.
func BenchmarkActivityInsert(b *testing.B) {
	ctx := context.Background()
	st := sqliteStore(b)
	at := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	entry := func(i int) *domain.ActivityEntry {
		return &domain.ActivityEntry{ID: fmt.Sprintf("%012d", i), Time: at.Add(time.Duration(i) * time.Second),
			ActorID: fmt.Sprintf("u%03d", i%300), OrgID: "o1", Action: "cases.identity_read",
			Object: fmt.Sprintf("case:c%06d", i%20000), RequestID: "r", IP: "10.0.0.1"}
	}
	const seeded = 50_000
	for i := range seeded {
		if err := st.Activity.Insert(ctx, entry(i)); err != nil {
			b.Fatal(err)
		}
	}
	i := seeded
	for b.Loop() {
		if err := st.Activity.Insert(ctx, entry(i)); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
