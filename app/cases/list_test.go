package cases_test

import (
	"reflect"
	"testing"

	"github.com/actionhub/actionhub/app/cases"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain/casework"
)

// TestListItems: operator staff list summaries of the case (no identity,
// no bodies); a brand's and a supplier's items are the very views the case
// itself gives them, plan and all.
func TestListItems(t *testing.T) {
	w := newWorld(t)
	v := w.open(t, "cw", "f1", "Rubina Bibi")
	id := v.Case.ID
	if _, err := w.st.Cases.Update(t.Context(), id, func(d *store.CaseDoc) error {
		d.Plan = []casework.PlanAction{
			{ID: "p1", Kind: casework.KindEducation, Owner: casework.PartyHub, Description: "School near the family", Due: t0, Status: casework.ActionDelivered},
			{ID: "p2", Kind: casework.KindStipend, Owner: casework.PartySupplier, Description: "Paid to the mother", Due: t0.AddDate(0, 1, 0),
				Status: casework.ActionInProgress, StipendMonthlyPKR: 9000, Progress: &casework.Progress{Status: casework.ObligationDone, Note: "paid", ReportedBy: "sm", Reported: t0}},
		}
		d.FollowUps, d.NextFollowUpDue, d.StipendLate = 2, "2026-04-10", true
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	whole, err := w.svc.Case(w.as("cw"), id)
	if err != nil {
		t.Fatal(err)
	}
	c := whole.Case

	vs, _, err := w.svc.List(w.as("cw"), cases.Filter{})
	if err != nil || len(vs) != 1 || vs[0].Summary == nil || vs[0].Audience != casework.AudienceStaff {
		t.Fatalf("staff list: %+v, %v", vs, err)
	}
	want := cases.Summary{ID: id, Code: c.Code, HubID: "h1", SupplierID: "tannery", Stage: c.Stage, Status: casework.StatusOpen,
		Class: c.Classification.Class, AgeYears: 13, AgeBand: c.AgeBand(), Sex: casework.SexFemale, AssignedTo: c.AssignedTo, OpenedBy: "cw",
		Identified: c.Identified, NextFollowUpDue: "2026-04-10", StipendLate: true, FollowUps: 2, PlanActions: 2, Version: c.Version, Updated: c.Updated}
	if got := *vs[0].Summary; !reflect.DeepEqual(got, want) {
		t.Errorf("staff summary:\n got %+v\nwant %+v", got, want)
	}

	for _, who := range []string{"bm", "sm"} {
		one, err := w.svc.Case(w.as(who), id)
		if err != nil {
			t.Fatal(err)
		}
		vs, _, err := w.svc.List(w.as(who), cases.Filter{SupplierID: "tannery"})
		if err != nil || len(vs) != 1 || vs[0].Summary != nil || vs[0].Audience != one.Audience {
			t.Fatalf("%s list: %+v, %v", who, vs, err)
		}
		if !reflect.DeepEqual(vs[0].Brand, one.Brand) || !reflect.DeepEqual(vs[0].Supplier, one.Supplier) {
			t.Errorf("%s: the list item is not the case's view:\n got %+v %+v\nwant %+v %+v", who, vs[0].Brand, vs[0].Supplier, one.Brand, one.Supplier)
		}
		if one.Brand == nil && (one.Supplier == nil || len(one.Supplier.Obligations) != 1 || one.Supplier.Obligations[0].Progress == nil) {
			t.Errorf("%s: the view lacks the obligation: %+v", who, one.Supplier)
		}
		if one.Brand != nil && len(one.Brand.SupportReceived) != 1 {
			t.Errorf("%s: the view lacks the support delivered: %+v", who, one.Brand)
		}
	}
}
