package web

import (
	"testing"

	"github.com/actionhub/actionhub/app/cases"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/policies"
)

// BenchmarkRenderCasePageWithForms renders a case worker's Urdu case page
// with every form the role may use filled from the case: the page a case
// worker opens on a phone.
func BenchmarkRenderCasePageWithForms(b *testing.B) {
	c := benchCase(1)
	v, err := loadViews()
	if err != nil {
		b.Fatal(err)
	}
	cv := &caseView{V: &cases.View{Audience: casework.AudienceFull, Case: c}, Full: true, Open: true, Wellbeings: casework.Wellbeings,
		Approvals: []approvalRow{{casework.SubjectAssessment, c.Approvals.Assessment}, {casework.SubjectPlan, c.Approvals.Plan},
			{casework.SubjectClosure, c.Approvals.Closure}}, L: v.locales["ur"],
		Workers: []*domain.User{{ID: "u1", Name: "کیس ورکر"}}}
	cv.fillForms()
	benchRender(b, "case", []policies.Permission{policies.PermCasesRequestApproval, policies.PermFollowUpsRecord, policies.PermCasesUpdate,
		policies.PermCasesUpdateIdentity, policies.PermCasesAssign}, cv)
}
