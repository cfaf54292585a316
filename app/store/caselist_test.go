package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/sealed"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/law"
)

// TestCaseListItemsReadTheCase stores a whole case and reads it back as a
// list item through every list query, on each engine: every field the
// item carries holds the stored value (a renamed field of the case would
// read as empty here, not in production), and nothing else is read.
func TestCaseListItemsReadTheCase(t *testing.T) {
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, open(t))
			if err != nil {
				t.Fatal(err)
			}
			s, err := sealed.New(sealed.CaseIdentity, newKey(t))
			if err != nil {
				t.Fatal(err)
			}
			at := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
			id := childIdentity()
			c := casework.Case{ID: "case-l", HubID: "h1", Code: "MUX-2026-00009", SupplierID: "s1", Source: casework.SourceFinding,
				SourceID: "f1", Status: casework.StatusOpen, Stage: casework.StageMonitoring, OpenedBy: "a1", AssignedTo: "cw", Identified: at,
				Identity: &id, Child: casework.Child{AgeYears: 13, AgeMethod: casework.AgeBForm, Sex: casework.SexFemale, Schooling: law.InSchool},
				Work:           casework.Work{Tasks: []law.Task{{Text: "sorting hides"}}, RecruitedHow: "through a neighbour"},
				Classification: casework.Classification{PackID: "punjab/1", Class: law.HazardousChildLabour, Reasons: []string{"a reason"}},
				Assessment:     casework.Assessment{Risk: casework.RiskHigh, Summary: "a summary", By: "cw", At: at},
				Plan: []casework.PlanAction{
					{ID: "p1", Kind: casework.KindEducation, Owner: casework.PartyHub, Description: "School in Basti Malook", Due: at,
						Status: casework.ActionDelivered, Created: at, CreatedBy: "cw"},
					{ID: "p2", Kind: casework.KindStipend, Owner: casework.PartySupplier, Description: "PKR 9,000", Due: at.AddDate(0, 1, 0),
						Status: casework.ActionInProgress, StipendMonthlyPKR: 9000,
						Progress: &casework.Progress{Status: casework.ObligationInProgress, Note: "paid", ReportedBy: "sm", Reported: at}},
				},
				Approvals:       casework.Approvals{Plan: casework.Approval{State: casework.ApprovalApproved, DecisionComment: "fine"}},
				FollowUps:       4,
				FollowUpStreak:  2,
				NextFollowUpDue: audit.Date("2026-04-10"),
				StipendLate:     true,
				History:         []casework.Change{{By: "cw", At: at, What: "plan_action", Fields: []string{"status"}}},
				Created:         at, Updated: at.Add(time.Hour)}
			if err := st.Cases.Vault(s).Insert(ctx, &c); err != nil {
				t.Fatal(err)
			}
			want := casework.Case{ID: c.ID, Version: 1, HubID: c.HubID, Code: c.Code, SupplierID: c.SupplierID, Source: c.Source,
				Status: c.Status, Stage: c.Stage, OpenedBy: c.OpenedBy, AssignedTo: c.AssignedTo, Identified: at, Child: c.Child,
				Classification: casework.Classification{Class: law.HazardousChildLabour}, FollowUps: 4, FollowUpStreak: 2,
				NextFollowUpDue: c.NextFollowUpDue, StipendLate: true, Updated: c.Updated,
				Plan: []casework.PlanAction{{ID: "p1", Kind: casework.KindEducation, Owner: casework.PartyHub, Due: at, Status: casework.ActionDelivered},
					{ID: "p2", Kind: casework.KindStipend, Owner: casework.PartySupplier, Due: at.AddDate(0, 1, 0), Status: casework.ActionInProgress,
						StipendMonthlyPKR: 9000, Progress: c.Plan[1].Progress}}}
			lists := map[string]func() ([]*store.CaseListDoc, error){
				"in hub": func() ([]*store.CaseListDoc, error) {
					ds, _, err := st.Cases.ListInHub(ctx, "h1", store.CaseFilter{Stage: casework.StageMonitoring}, store.Page{})
					return ds, err
				},
				"due": func() ([]*store.CaseListDoc, error) {
					ds, _, err := st.Cases.ListInHub(ctx, "h1", store.CaseFilter{FollowUpDueBefore: "2026-05-01"}, store.Page{})
					return ds, err
				},
				"of supplier": func() ([]*store.CaseListDoc, error) {
					ds, _, err := st.Cases.ListOfSupplier(ctx, "s1", "", store.Page{})
					return ds, err
				},
				"by ID": func() ([]*store.CaseListDoc, error) { return st.Cases.ListGetMany(ctx, []string{"case-l"}) },
			}
			for what, list := range lists {
				ds, err := list()
				if err != nil || len(ds) != 1 {
					t.Fatalf("%s: %d, %v", what, len(ds), err)
				}
				if got := ds[0].Case(); !reflect.DeepEqual(got, want) {
					t.Errorf("%s: the list item differs from the stored case:\n got %+v\nwant %+v", what, got, want)
				}
			}
		})
	}
}
