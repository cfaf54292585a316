package web

import (
	"strings"
	"testing"

	"github.com/actionhub/actionhub/app/cases"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/policies"
)

// TestCaseFormsEscapeAndRefill: the forms written in Go escape every value
// and message, open the section of a form that came back with messages,
// keep what was chosen, and show only the forms the reader may use.
func TestCaseFormsEscapeAndRefill(t *testing.T) {
	v, err := loadViews()
	if err != nil {
		t.Fatal(err)
	}
	c := benchCase(1)
	c.Identity.ChildName = `"><script>alert(1)</script>`
	cv := &caseView{V: &cases.View{Audience: casework.AudienceFull, Case: c}, Full: true, Open: true, L: v.locales["en"],
		Workers: []*domain.User{{ID: `u"1`, Name: "<b>Ayesha</b>"}}}
	cv.fillForms()
	cv.vals["plan"] = map[string]string{"kind": string(casework.KindStipend), "version": "7"}
	cv.errs["plan"] = map[string]string{"due": "must be a day <soon>"}
	cv.errs["consent"] = map[string]string{"_": "refused & why"}
	me := &meView{perms: map[policies.Permission]bool{policies.PermCasesUpdate: true, policies.PermCasesUpdateIdentity: true, policies.PermCasesAssign: true}}
	out := string(caseFormsHTML(&page{L: v.locales["en"], CSRF: `t"k`, Me: me, Data: cv}))
	for _, want := range []string{
		`value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"`,
		`<option value="u&#34;1">&lt;b&gt;Ayesha&lt;/b&gt;</option>`,
		`must be a day &lt;soon&gt;`, `refused &amp; why`,
		`<option value="stipend" selected>`,
		`id="plan-form"><input type="hidden" name="csrf" value="t&#34;k"><input type="hidden" name="version" value="7">`,
		`<details open><summary>Record consent</summary>`,
		`<label for="cf-identity-child_name">Child&#39;s name *</label>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the forms lack %s", want)
		}
	}
	if strings.Contains(out, "<script>") || strings.Contains(out, "closure-form") || strings.Contains(out, "reopen-form") {
		t.Error("an unescaped value, or a form the reader may not use")
	}
}
