package web

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/cases"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/law"
	"github.com/actionhub/actionhub/policies"
)

// benchCase is a case in monitoring with a plan of four actions and the
// identity held, as a case worker reads it.
func benchCase(i int) *casework.Case {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c := &casework.Case{ID: fmt.Sprintf("01a2298b-d140-7586-bd9e-a7b8f1e2f5%02d", i), Version: 14, HubID: "hub", Code: fmt.Sprintf("MUX-2026-%05d", i),
		SupplierID: "sup", Status: casework.StatusOpen, Stage: casework.StageMonitoring, Identified: now,
		Identity: &casework.Identity{ChildName: "ذیشان اقبال", GuardianName: "اقبال مسیح", Address: "گلی 9، بستی ملوک، ملتان", Phone: "0345-7771234",
			FamilySituation: "والد مقروض ہیں", SchoolHistory: "پانچویں جماعت میں اسکول چھوڑا"},
		Child: casework.Child{AgeYears: 14, Sex: casework.SexMale},
		Classification: casework.Classification{PackID: "punjab/1", Class: law.HazardousChildLabour,
			Reasons:    []string{"At 14 the person is a child under the Punjab Restriction on Employment of Children Act 2016 and is in hazardous work."},
			Provisions: []string{"punjab.child_employment", "punjab.hazardous_work"}},
		FollowUps: 3, NextFollowUpDue: "2026-06-02"}
	for _, k := range []casework.ActionKind{casework.KindEducation, casework.KindStipend, casework.KindBirthRegistration, casework.KindHealth} {
		c.Plan = append(c.Plan, casework.PlanAction{ID: string(k), Kind: k, Owner: casework.PartyHub, Due: now, Status: casework.ActionInProgress})
	}
	c.Approvals.Assessment = casework.Approval{State: casework.ApprovalApproved, RequestedAt: now, DecidedAt: now, DecisionComment: "ٹھیک ہے"}
	c.Approvals.Plan = casework.Approval{State: casework.ApprovalRequested, RequestedAt: now}
	return c
}

func benchRender(b *testing.B, view string, perms []policies.Permission, data any) {
	v, err := loadViews()
	if err != nil {
		b.Fatal(err)
	}
	benchRenderWith(b, v, view, perms, data)
}

// BenchmarkRenderCasePage renders a case worker's case page in Urdu with
// the identity, the plan, the approvals and both forms, without the services.
func BenchmarkRenderCasePage(b *testing.B) {
	c := benchCase(1)
	benchRender(b, "case", []policies.Permission{policies.PermCasesRequestApproval, policies.PermFollowUpsRecord},
		&caseView{V: &cases.View{Audience: casework.AudienceFull, Case: c}, Full: true, Open: true, Wellbeings: casework.Wellbeings,
			Approvals: []approvalRow{{casework.SubjectAssessment, c.Approvals.Assessment}, {casework.SubjectPlan, c.Approvals.Plan},
				{casework.SubjectClosure, c.Approvals.Closure}}})
}

// BenchmarkRenderCaseList renders a page of the staff case list (20 rows) in Urdu.
func BenchmarkRenderCaseList(b *testing.B) {
	items := make([]*cases.ListItem, 20)
	for i := range items {
		sum := cases.SummaryOf(benchCase(i))
		items[i] = &cases.ListItem{Audience: casework.AudienceStaff, Summary: &sum}
	}
	v, err := loadViews()
	if err != nil {
		b.Fatal(err)
	}
	benchRenderBuilt(b, v, "cases", nil, func(l *printer) any {
		return &caseListView{Staff: true, Rows: caseRows(l, true, items), Next: "cursor", Query: url.Values{"stage": {"monitoring"}}, Stages: casework.Stages}
	})
}
