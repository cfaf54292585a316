package integration_tests

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/identity"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// chromiumPath is Debian's Chromium, or the browser CHROMIUM names
// instead; "" when there is none.
func chromiumPath() string {
	paths := []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"}
	if p := os.Getenv("CHROMIUM"); p != "" {
		paths = []string{p}
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// browser is one headless Chromium for a test; each party gets a tab in a
// browser context of its own (its own cookies and cache). Every request any
// tab makes is checked against the app's origin.
type browser struct {
	t       *testing.T
	root    context.Context
	origin  string
	mu      sync.Mutex
	offsite []string
}

func newBrowser(t *testing.T, ta *testApp) *browser {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		t.Skip("no Chromium at /usr/bin/chromium (or at $CHROMIUM): browser tests skipped; apt-get install -y chromium")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path),
		chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true), chromedp.WindowSize(1280, 900))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	root, cancelRoot := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelRoot(); cancelAlloc() })
	if err := chromedp.Do(root); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return &browser{t: t, root: root, origin: ta.url}
}

// tab opens a tab in a fresh browser context.
func (b *browser) tab() context.Context {
	b.t.Helper()
	ctx, cancel := chromedp.NewContext(b.root, chromedp.WithNewBrowserContext())
	b.t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		b.t.Fatal(err)
	}
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			u := e.Request.URL
			if u != b.origin && !strings.HasPrefix(u, b.origin+"/") && !strings.HasPrefix(u, "data:") && u != "about:blank" {
				b.mu.Lock()
				b.offsite = append(b.offsite, u)
				b.mu.Unlock()
			}
		}
	}); err != nil {
		b.t.Fatal(err)
	}
	return ctx
}

// do runs steps within a time limit.
func (b *browser) do(ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(c, steps...); err != nil {
		b.t.Fatal(err)
	}
}

// submit clicks a button that posts a form and waits for the next page,
// returning its status.
func (b *browser) submit(ctx context.Context, sel string) int {
	b.t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	res, err := chromedp.RunResponse(c, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("submit %s: %v", sel, err)
	}
	return int(res.Status)
}

// open navigates and returns the page's status.
func (b *browser) open(ctx context.Context, path string) int {
	b.t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	res, err := chromedp.Run(c, chromedp.NavigateResponse(b.origin+path))
	if err != nil {
		b.t.Fatalf("open %s: %v", path, err)
	}
	return int(res.Status)
}

func run[T any](b *browser, ctx context.Context, a chromedp.Action[T]) T {
	b.t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(c, a)
	if err != nil {
		b.t.Fatal(err)
	}
	return v
}

func (b *browser) text(ctx context.Context, sel string) string {
	b.t.Helper()
	return run(b, ctx, chromedp.Text(chromedp.CSS(sel)))
}

func (b *browser) html(ctx context.Context) string {
	b.t.Helper()
	return run(b, ctx, chromedp.OuterHTML(chromedp.CSS("html")))
}

func (b *browser) signIn(ctx context.Context, email string) {
	b.t.Helper()
	b.open(ctx, "/login")
	b.do(ctx, chromedp.SendKeys(chromedp.ID("email"), email), chromedp.SendKeys(chromedp.ID("password"), identity.DemoPassword))
	if st := b.submit(ctx, "#sign-in"); st != http.StatusOK {
		b.t.Fatalf("sign in %s: %d", email, st)
	}
}

// screenshot writes the page to dir as name.png: the whole page, or only
// the window (Chromium's whole-page capture shifts right-to-left pages).
func (b *browser) screenshot(ctx context.Context, dir, name string, whole bool) {
	b.t.Helper()
	shot := chromedp.CaptureScreenshot()
	if whole {
		shot = chromedp.FullScreenshot(100)
	}
	png := run(b, ctx, shot)
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot: %s", p)
}

// firstLoadBytes loads path with the cache off and returns every byte the
// page took: the document, the style sheet and the fonts it uses.
func (b *browser) firstLoadBytes(ctx context.Context, path string) int {
	b.t.Helper()
	var mu sync.Mutex
	total := 0.0
	lctx, stop := context.WithCancel(ctx)
	defer stop()
	if err := chromedp.Listen(lctx, func(ev any) {
		if e, ok := ev.(*network.EventLoadingFinished); ok {
			mu.Lock()
			total += e.EncodedDataLength
			mu.Unlock()
		}
	}); err != nil {
		b.t.Fatal(err)
	}
	b.do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
		return err
	}))
	b.open(ctx, path)
	// fonts load after the document: wait until they are in
	run(b, ctx, chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise))
	time.Sleep(200 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	return int(total)
}

// TestWebInBrowser is the web app's acceptance run in Chromium: a brand
// nominates and uploads a list, the operator reviews a doubtful match and
// accepts, the brand sees its supplier, in English and in Urdu; another
// brand gets a 404 page; a form without its CSRF token is refused; the
// auditor's finding form fits a 360-pixel phone; and no request leaves the
// app's origin.
func TestWebInBrowser(t *testing.T) {
	ta := startApp(t)
	b := newBrowser(t, ta)
	p := newParties(t, ta)
	shots, err := os.MkdirTemp("", "actionhub-web-screens-")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", shots)

	// The registry already holds the facility that the brand's nomination
	// will resemble, so it goes to match review.
	registered := ta.do("POST", "/api/v1/suppliers", p.hubAdmin, facility("Sapphire Textile Mills", "Plot 5, Sector 16, Korangi", "Karachi", "weaving"))
	expect(t, registered, http.StatusCreated)
	sapphire := str(registered.Body, "id")

	brand := b.tab()
	// the keyboard reaches the skip link first, then the form, with a visible focus ring
	b.open(brand, "/login")
	focused := func() string {
		return run(b, brand, chromedp.Evaluate[string](`(document.activeElement.id || document.activeElement.className) + " " + getComputedStyle(document.activeElement).outlineStyle`))
	}
	b.do(brand, chromedp.KeyEvent("\t"))
	if f := focused(); f != "skip solid" {
		t.Fatalf("first Tab focuses %q", f)
	}
	for i := 0; i < 5 && !strings.HasPrefix(focused(), "email"); i++ {
		b.do(brand, chromedp.KeyEvent("\t"))
	}
	if f := focused(); f != "email solid" {
		t.Fatalf("Tab does not reach the e-mail field with a visible focus: %q", f)
	}
	b.signIn(brand, "brand.manager@nordwind.demo")
	if !strings.Contains(b.text(brand, "h1"), "What needs attention") {
		t.Fatalf("brand home: %s", b.text(brand, "main"))
	}

	// nominate one supplier
	b.open(brand, "/nominate")
	b.do(brand,
		chromedp.SendKeys(chromedp.ID("name"), "Sapphire Textile Mills"),
		chromedp.SendKeys(chromedp.ID("address"), "Plot 112, SITE"),
		chromedp.SendKeys(chromedp.ID("city"), "Karachi"),
		chromedp.SetValue(chromedp.ID("sector"), "textile"),
		chromedp.SetValue(chromedp.ID("sub_sector"), "weaving"),
		chromedp.SendKeys(chromedp.ID("total"), "900"),
	)
	if st := b.submit(brand, "#nominate"); st != http.StatusOK {
		t.Fatalf("nominate: %d", st)
	}
	if s := b.text(brand, "#nomination-status"); !strings.Contains(s, "waiting for the hub") {
		t.Fatalf("a brand sees its nomination as %q (the match review is the operator's)", s)
	}

	// upload a list: a dry run shows every row, problems marked; then commit
	const urduName = "فیصل آباد ہوم ٹیکسٹائل"
	list := "name,address,city,sector,sub_sector,workers_total\n" +
		"Crescent Bahuman Ltd,12 Km Sheikhupura Road,Faisalabad,textile,home_textiles,2000\n" +
		urduName + ",ستیانہ روڈ,Faisalabad,textile,home_textiles,450\n" +
		"No City Mills,Somewhere,,textile,weaving,10\n"
	b.open(brand, "/upload")
	b.do(brand, chromedp.SetValue(chromedp.ID("text"), list))
	if st := b.submit(brand, "#dry-run"); st != http.StatusOK {
		t.Fatalf("dry run: %d", st)
	}
	if got := run(b, brand, chromedp.AttributeValue(chromedp.ID("upload-report"), "data-committed")); got.Value != "false" {
		t.Fatalf("dry run report: %+v", got)
	}
	count := func(ctx context.Context, sel string) int {
		return run(b, ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+"`"+sel+"`"+`).length`))
	}
	if count(brand, "tr.outcome-problem") != 1 || count(brand, "tr.outcome-new") != 2 {
		t.Fatalf("dry run rows: %s", b.text(brand, "#upload-report"))
	}
	if got := ids(ta.do("GET", "/api/v1/nominations", p.brandA, nil)); len(got) != 1 {
		t.Fatalf("a dry run wrote nominations: %v", got)
	}
	if st := b.submit(brand, "#commit"); st != http.StatusOK {
		t.Fatalf("commit: %d", st)
	}
	if got := run(b, brand, chromedp.AttributeValue(chromedp.ID("upload-report"), "data-committed")); got.Value != "true" {
		t.Fatal("commit did not report")
	}
	noms := items(ta.do("GET", "/api/v1/nominations", p.brandA, nil))
	if len(noms) != 3 {
		t.Fatalf("after commit: %d nominations", len(noms))
	}

	// the operator's queue holds the doubtful match; review shows both side by side
	op := b.tab()
	b.signIn(op, "hub.admin@crah.demo")
	b.open(op, "/nominations?status=match_review")
	b.do(op, chromedp.Click(chromedp.CSS(`#nomination-list a`)))
	b.do(op, chromedp.WaitVisible(chromedp.ID("match-review")))
	review := b.text(op, "#match-review")
	for _, want := range []string{"Plot 112, SITE", "Plot 5, Sector 16, Korangi", "differs", "Same facility"} {
		if !strings.Contains(review, want) {
			t.Fatalf("match review lacks %q: %s", want, review)
		}
	}
	b.screenshot(op, shots, "match-review", true)
	if st := b.submit(op, "#confirm-match"); st != http.StatusOK {
		t.Fatalf("confirm: %d", st)
	}
	if st := b.submit(op, "#accept"); st != http.StatusOK {
		t.Fatalf("accept: %d", st)
	}
	if s := b.text(op, "#nomination-status"); s != "accepted" {
		t.Fatalf("after accept: %q", s)
	}
	// the list's rows are in the queue too; accept them through the same pages
	for _, n := range noms {
		if str(n, "status") != "pending" || !strings.Contains(str(n["facility"].(map[string]any), "name"), "ٹیکسٹائل") {
			continue
		}
		b.open(op, "/nominations/"+str(n, "id"))
		if st := b.submit(op, "#accept"); st != http.StatusOK {
			t.Fatalf("accept the Urdu row: %d", st)
		}
	}

	// the brand sees the supplier, linked to the registered one
	b.open(brand, "/suppliers")
	rows := b.text(brand, "#supplier-list")
	if !strings.Contains(rows, "Sapphire Textile Mills") || !strings.Contains(rows, urduName) {
		t.Fatalf("brand's suppliers: %s", rows)
	}
	if st := b.open(brand, "/suppliers/"+sapphire); st != http.StatusOK {
		t.Fatalf("brand opens its supplier: %d", st)
	}

	// the same in Urdu, right to left, chosen with the switch
	b.open(brand, "/suppliers")
	if st := b.submit(brand, "#lang-switch"); st != http.StatusOK {
		t.Fatalf("switch language: %d", st)
	}
	h := b.html(brand)
	if !strings.Contains(h, `<html lang="ur" dir="rtl">`) || !strings.Contains(h, "سپلائرز") || !strings.Contains(h, urduName) {
		t.Fatalf("Urdu supplier list: %.800s", h)
	}
	if w, vw := run(b, brand, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)), run(b, brand, chromedp.Evaluate[int](`window.innerWidth`)); w > vw {
		t.Fatalf("the Urdu page is %d pixels wide in a %d-pixel window", w, vw)
	}
	b.screenshot(brand, shots, "brand-suppliers-urdu", false)
	// the Urdu page, font and style sheet included, fits a slow connection
	if n := b.firstLoadBytes(brand, "/suppliers"); n > 300<<10 || n == 0 {
		t.Fatalf("the Urdu supplier list takes %d bytes on first load", n)
	} else {
		t.Logf("Urdu supplier list, first load: %d bytes", n)
	}

	// another brand: a 404 page for a supplier it is not linked to
	other := b.tab()
	b.signIn(other, "brand.manager@lakeside.demo")
	if st := b.open(other, "/suppliers/"+sapphire); st != http.StatusNotFound {
		t.Fatalf("another brand's supplier: %d", st)
	}
	if got := run(b, other, chromedp.AttributeValue(chromedp.CSS("section.problem"), "data-status")); got.Value != "404" {
		t.Fatal("not the 404 page")
	}

	// a form whose CSRF token is taken out is refused, and writes nothing
	b.open(other, "/nominate")
	b.do(other,
		chromedp.SetAttributeValue(chromedp.CSS(`#nominate-form input[name="csrf"]`), "value", ""),
		chromedp.SendKeys(chromedp.ID("name"), "Forged Mills"),
		chromedp.SendKeys(chromedp.ID("city"), "Karachi"),
		chromedp.SetValue(chromedp.ID("sector"), "textile"),
	)
	if st := b.submit(other, "#nominate"); st != http.StatusForbidden {
		t.Fatalf("a form without its token: %d", st)
	}
	if got := ids(ta.do("GET", "/api/v1/nominations", p.brandB, nil)); len(got) != 0 {
		t.Fatalf("the refused form wrote: %v", got)
	}

	// the auditor's finding form works on a 360-pixel-wide phone
	auditorID := str(ta.do("GET", "/api/v1/me", p.auditor, nil).Body["user"].(map[string]any), "id")
	kar, _ := time.LoadLocation("Asia/Karachi")
	today := time.Now().In(kar)
	sched := ta.do("POST", "/api/v1/audits", p.hubAdmin, map[string]any{"supplier_id": sapphire, "type": "initial", "mode": "announced",
		"window":          map[string]any{"from": today.Format("2006-01-02"), "to": today.AddDate(0, 0, 2).Format("2006-01-02")},
		"lead_auditor_id": auditorID, "team_ids": []string{auditorID}})
	expect(t, sched, http.StatusCreated)
	auditID := str(sched.Body, "id")
	expect(t, ta.do("POST", "/api/v1/audits/"+auditID+"/start", p.auditor, nil), http.StatusOK)
	phone := b.tab()
	b.do(phone, chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	b.signIn(phone, "auditor@crah.demo")
	b.open(phone, "/audits/"+auditID+"/findings/new")
	if w := run(b, phone, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 360 {
		t.Fatalf("the finding form is %d pixels wide on a 360-pixel phone", w)
	}
	b.screenshot(phone, shots, "finding-form-360", true)
	for _, path := range []string{"/suppliers", "/audits/" + auditID, "/"} {
		b.open(phone, path)
		if w := run(b, phone, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 360 {
			t.Fatalf("%s is %d pixels wide on a 360-pixel phone", path, w)
		}
	}
	b.open(phone, "/audits/"+auditID+"/findings/new")
	b.do(phone,
		chromedp.SetValue(chromedp.ID("category"), "health_safety"),
		chromedp.SetValue(chromedp.ID("severity"), "major"),
		chromedp.SendKeys(chromedp.ID("description"), "Fire exit on the second floor locked during the shift."),
		chromedp.SendKeys(chromedp.ID("location"), "stitching hall"),
	)
	if st := b.submit(phone, `#finding-form button[type="submit"]`); st != http.StatusOK {
		t.Fatalf("record finding: %d", st)
	}
	if f := b.text(phone, "main"); !strings.Contains(f, "Fire exit on the second floor") {
		t.Fatalf("audit page after the finding: %s", f)
	}

	// sign out ends the session
	b.open(brand, "/")
	if st := b.submit(brand, "#logout"); st != http.StatusOK {
		t.Fatalf("logout: %d", st)
	}
	if loc := run(b, brand, chromedp.Location()); !strings.Contains(loc, "/login") {
		t.Fatalf("after logout at %s", loc)
	}

	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.offsite) > 0 {
		slices.Sort(b.offsite)
		t.Fatalf("requests left the app's origin: %s", fmt.Sprint(slices.Compact(b.offsite)))
	}
}
