package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/sqlite"
	"github.com/actionhub/actionhub/domain/referral"
)

var (
	benchReferralsOnce sync.Once
	benchReferralsSt   *store.Store
)

// benchReferrals stores 150,000 referrals of one hub on SQLite (the volume
// phase's size), five per child, a third to agency a1 (50,000: its inbox)
// and a third to a2, in every state. Built once for every benchmark.
func benchReferrals(b *testing.B) *store.Store {
	b.Helper()
	benchReferralsOnce.Do(func() {
		ctx := context.Background()
		e, err := sqlite.Open(ctx, b.TempDir()+"-referrals")
		if err != nil {
			b.Fatal(err)
		}
		st, err := store.Open(ctx, e)
		if err != nil {
			b.Fatal(err)
		}
		at := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
		for i := range 150_000 {
			sent := at.Add(time.Duration(i) * time.Minute)
			r := &referral.Referral{ID: fmt.Sprintf("r%06d", i), HubID: "h1", CaseID: fmt.Sprintf("c%06d", i/5), CaseCode: "MUX",
				ServiceID: fmt.Sprintf("s%03d", i%300), AgencyOrgID: []string{"a1", "a2", ""}[i%3], Reason: "School place",
				Urgency: referral.Routine, State: referral.States[i%len(referral.States)], Sent: sent, Due: sent.Add(14 * 24 * time.Hour),
				RemindAt: sent.Add(7 * 24 * time.Hour), Created: sent, Updated: sent,
				History: []referral.Event{{State: referral.Sent, By: "u1", At: sent}}}
			if err := st.Referrals.Insert(ctx, r); err != nil {
				b.Fatal(err)
			}
		}
		benchReferralsSt = st
	})
	return benchReferralsSt
}

// BenchmarkReferralLists reads a page of 20 of an agency's inbox (all,
// and what waits for its answer), of one case's referrals, and of the
// due-reminder range the sweep reads, among 150,000 referrals.
func BenchmarkReferralLists(b *testing.B) {
	st := benchReferrals(b)
	ctx := context.Background()
	p := store.Page{Limit: 20}
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		list func() ([]*referral.Referral, string, error)
	}{
		{"agency inbox", func() ([]*referral.Referral, string, error) { return st.Referrals.ToAgency(ctx, "a1", "", p) }},
		{"agency inbox, sent", func() ([]*referral.Referral, string, error) {
			return st.Referrals.ToAgency(ctx, "a1", referral.Sent, p)
		}},
		{"a case's referrals", func() ([]*referral.Referral, string, error) { return st.Referrals.OfCase(ctx, "c012345", p) }},
		{"hub, sent", func() ([]*referral.Referral, string, error) { return st.Referrals.InHub(ctx, "h1", referral.Sent, p) }},
		{"reminders due", func() ([]*referral.Referral, string, error) { return st.Referrals.RemindersDue(ctx, now, p) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if xs, _, err := c.list(); err != nil || len(xs) == 0 {
					b.Fatalf("%d, %v", len(xs), err)
				}
			}
		})
	}
}
