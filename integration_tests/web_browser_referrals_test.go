package integration_tests

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestWebReferralInBrowser is the referral flow in Chromium on the demo
// network: the case worker opens the demo case's page (its consents are
// recorded by the demo seed, checked here first) and refers the child to
// the Multan child protection bureau; the bureau's officer signs in, finds
// the referral in the inbox, accepts it, records the service given and
// completes it; the case worker sees it completed on the case page. The
// inbox is then read in Urdu, right to left, and photographed into the
// browser tests' screenshot folder. No request leaves the app's origin.
func TestWebReferralInBrowser(t *testing.T) {
	ta := startApp(t)
	b := newBrowser(t, ta)
	if _, _, err := ta.app.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	shots, err := os.MkdirTemp("", "actionhub-web-screens-")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", shots)

	// The demo case, and its consents: a referral needs both.
	cwTok := ta.login("case.worker@crah.demo")
	list := ta.do("GET", "/api/v1/cases", cwTok, nil)
	expect(t, list, http.StatusOK)
	if len(items(list)) == 0 {
		t.Fatal("the demo seed opened no case")
	}
	caseID, code := str(items(list)[0], "id"), str(items(list)[0], "code")
	cs := ta.do("GET", "/api/v1/cases/"+caseID, cwTok, nil)
	expect(t, cs, http.StatusOK)
	if given := strings.Count(string(cs.Raw), `"given"`); given < 2 {
		t.Fatalf("the demo case lacks its consents: %s", cs.Raw)
	}
	const service = "Child protection, Multan"

	// The case worker refers from the case page.
	cw := b.tab()
	b.signIn(cw, "case.worker@crah.demo")
	if st := b.open(cw, "/cases/"+caseID); st != http.StatusOK {
		t.Fatalf("the demo case's page: %d", st)
	}
	if got := b.text(cw, "#case-code"); got != code {
		t.Fatalf("the case page shows %q, want %q", got, code)
	}
	if st := b.submit(cw, "#refer-link"); st != http.StatusOK {
		t.Fatalf("the refer page: %d", st)
	}
	serviceID := run(b, cw, chromedp.Evaluate[string](
		`(Array.from(document.querySelectorAll('#service_id option')).find(o => o.textContent.startsWith('`+service+`')) || {value: ''}).value`))
	if serviceID == "" {
		t.Fatalf("the refer form does not offer %s: %s", service, b.text(cw, "#refer-form"))
	}
	b.do(cw, chromedp.SetValue(chromedp.ID("service_id"), serviceID),
		chromedp.SendKeys(chromedp.ID("refer-reason"), "Found liming hides at the tannery; needs protection and case management."),
		chromedp.SetValue(chromedp.ID("urgency"), "urgent"))
	if st := b.submit(cw, "#refer-save"); st != http.StatusOK {
		t.Fatalf("refer: %d", st)
	}
	if got := b.text(cw, "#case-referral-list"); !strings.Contains(got, service) || !strings.Contains(got, "sent") {
		t.Fatalf("the case's referrals after sending: %s", got)
	}

	// The bureau's officer: the inbox, accept, the service given, complete.
	ag := b.tab()
	b.signIn(ag, "officer@cpwb.demo")
	if st := b.open(ag, "/referrals"); st != http.StatusOK {
		t.Fatalf("the inbox: %d", st)
	}
	inbox := b.text(ag, "#referral-list")
	if !strings.Contains(inbox, code) || !strings.Contains(inbox, service) || !strings.Contains(inbox, "sent") {
		t.Fatalf("the inbox lacks the referral: %s", inbox)
	}
	b.do(ag, chromedp.Click(chromedp.CSS(`#referral-list a`)))
	b.do(ag, chromedp.WaitVisible(chromedp.ID("referral-accept")))
	if got := b.text(ag, "#referral-case"); got != code {
		t.Fatalf("the referral page shows %q", got)
	}
	if st := b.submit(ag, "#referral-accept"); st != http.StatusOK {
		t.Fatalf("accept: %d", st)
	}
	if got := b.text(ag, "#referral-state"); got != "accepted" {
		t.Fatalf("after accepting: %q", got)
	}
	kar, _ := time.LoadLocation("Asia/Karachi")
	b.do(ag, chromedp.SendKeys(chromedp.ID("what"), "Home visit; family linked to the bureau's case management."),
		chromedp.SetValue(chromedp.ID("on"), time.Now().In(kar).Format("2006-01-02")),
		chromedp.SendKeys(chromedp.ID("given_by"), "Child protection officer, Multan"))
	if st := b.submit(ag, "#referral-service"); st != http.StatusOK {
		t.Fatalf("record the service: %d", st)
	}
	if got := b.text(ag, "#referral-services"); !strings.Contains(got, "Home visit") {
		t.Fatalf("the services given: %s", got)
	}
	b.do(ag, chromedp.SendKeys(chromedp.ID("note"), "Child safe at home and enrolled with the bureau."))
	if st := b.submit(ag, "#referral-complete"); st != http.StatusOK {
		t.Fatalf("complete: %d", st)
	}
	if got := b.text(ag, "#referral-state"); got != "completed" {
		t.Fatalf("after completing: %q", got)
	}

	// The case worker sees it completed.
	b.open(cw, "/cases/"+caseID)
	if got := b.text(cw, "#case-referral-list"); !strings.Contains(got, service) || !strings.Contains(got, "completed") {
		t.Fatalf("the case's referrals after completion: %s", got)
	}

	// The same inbox in Urdu, right to left, photographed.
	b.open(ag, "/referrals")
	if st := b.submit(ag, "#lang-switch"); st != http.StatusOK {
		t.Fatalf("switch language: %d", st)
	}
	h := b.html(ag)
	if !strings.Contains(h, `<html lang="ur" dir="rtl">`) || !strings.Contains(h, "ریفرلز") || !strings.Contains(h, "مکمل") || !strings.Contains(h, code) {
		t.Fatalf("the Urdu inbox: %.1500s", h)
	}
	if w, vw := run(b, ag, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)), run(b, ag, chromedp.Evaluate[int](`window.innerWidth`)); w > vw {
		t.Fatalf("the Urdu inbox is %d pixels wide in a %d-pixel window", w, vw)
	}
	b.screenshot(ag, shots, "agency-inbox-urdu", false)

	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.offsite) > 0 {
		slices.Sort(b.offsite)
		t.Fatalf("requests left the app's origin: %s", fmt.Sprint(slices.Compact(b.offsite)))
	}
}
