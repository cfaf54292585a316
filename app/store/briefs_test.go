package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/supplier"
)

// TestBriefsReadTheRecord stores a whole supplier and a whole audit and
// reads them back as briefs through the lists, on each engine (engines): each brief
// is the record's Brief (a renamed field would read as empty here), it
// follows an update, and a write through the briefs is refused.
func TestBriefsReadTheRecord(t *testing.T) {
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, open(t))
			if err != nil {
				t.Fatal(err)
			}
			at := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
			s := &supplier.Supplier{ID: "s1", HubID: "h1", Name: "Indus Weaving", Address: "Plot 4, SITE", City: "Karachi",
				Sector: supplier.SectorTextile, SubSector: supplier.SubHomeTextiles, Workforce: supplier.Workforce{Total: 420, Women: 100},
				Contact: supplier.Contact{Name: "Asif", Phone: "+92 21 1234567"}, Status: supplier.StatusActive, OrgID: "org-s1",
				Risk:    supplier.Profile{Score: 64, Level: supplier.LevelHigh, Reasons: []supplier.Reason{{Factor: "district", Points: 30}}},
				Created: at, Updated: at}
			if err := st.Suppliers.Insert(ctx, s); err != nil {
				t.Fatal(err)
			}
			briefs, _, err := st.Suppliers.Briefs().InHub(ctx, "h1", store.Listing{}, store.Page{})
			if err != nil || len(briefs) != 1 || !reflect.DeepEqual(briefs[0], s.Brief()) {
				t.Fatalf("supplier briefs %+v (%v), want %+v", briefs, err, s.Brief())
			}
			if briefs[0].Risk.Reasons != nil || briefs[0].Address != "" || briefs[0].Contact.Name != "" {
				t.Fatalf("a supplier's brief carries more than a list shows: %+v", briefs[0])
			}
			if _, err := st.Suppliers.Update(ctx, "s1", func(s *supplier.Supplier) error { s.Name = "Indus Weaving Mills"; return nil }); err != nil {
				t.Fatal(err)
			}
			if got, err := st.Suppliers.Briefs().GetMany(ctx, []string{"s1"}); err != nil || len(got) != 1 || got[0].Name != "Indus Weaving Mills" {
				t.Fatalf("after an update the supplier's brief is %+v (%v)", got, err)
			}

			a := &audit.Audit{ID: "a1", HubID: "h1", ScheduledBy: "admin", State: audit.StatePublished,
				Plan: audit.Plan{SupplierID: "s1", Type: audit.TypeInitial, Mode: audit.ModeAnnounced,
					Window: audit.Window{From: "2026-03-12", To: "2026-03-13"}, LeadAuditorID: "aud", TeamIDs: []string{"aud"}, BrandOrgIDs: []string{"b1"}},
				Score: audit.Score{Met: 41, Applicable: 60}, Summary: "Children in the liming pits.", Created: at, Updated: at}
			if err := st.Audits.Insert(ctx, a); err != nil {
				t.Fatal(err)
			}
			for _, list := range []func() ([]*audit.Audit, string, error){
				func() ([]*audit.Audit, string, error) {
					return st.Audits.Briefs().InHub(ctx, "h1", "", store.Days{}, store.Page{})
				},
				func() ([]*audit.Audit, string, error) {
					return st.Audits.Briefs().OfSupplier(ctx, "s1", audit.StatePublished, store.Days{}, store.Page{})
				},
			} {
				got, _, err := list()
				if err != nil || len(got) != 1 || !reflect.DeepEqual(got[0], a.Brief()) {
					t.Fatalf("audit briefs %+v (%v), want %+v", got, err, a.Brief())
				}
				if got[0].Summary != "" || got[0].TeamIDs != nil || got[0].Score.Met != 0 {
					t.Fatalf("an audit's brief carries more than a list shows: %+v", got[0])
				}
			}
			if _, err := st.Audits.Briefs().Update(ctx, "a1", func(*audit.Audit) error { return nil }); err == nil {
				t.Fatal("a write through the audits' briefs was accepted")
			}
		})
	}
}
