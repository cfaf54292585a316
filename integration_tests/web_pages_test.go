package integration_tests

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestWebSignInAndSafety: the pages' sign-in, CSRF, security headers,
// cookie and logout, through HTTP as a browser sends it.
func TestWebSignInAndSafety(t *testing.T) {
	ta := startApp(t)
	w := newWebClient(t, ta)

	// an unknown page is the 404 page; the API's unknown paths stay problems
	expectPage(t, w.get("/no/such/page"), http.StatusNotFound)
	for _, m := range []string{"GET", "POST"} {
		if r := ta.do(m, "/api/v1/no-such-thing", "", nil); r.Status != http.StatusNotFound || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") {
			t.Fatalf("%s of an unknown API path: %d %s", m, r.Status, r.Header.Get("Content-Type"))
		}
	}

	// unsigned readers go to the sign-in page, and come back after
	p := w.get("/suppliers?sort=-risk")
	expectPage(t, p, http.StatusSeeOther)
	if p.Location != "/login?next="+url.QueryEscape("/suppliers?sort=-risk") {
		t.Fatalf("redirect to %q", p.Location)
	}
	p = w.get("/login")
	expectPage(t, p, http.StatusOK)
	csp := p.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "form-action 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP allows inline code: %q", csp)
	}
	if p.Header.Get("X-Frame-Options") != "DENY" || p.Header.Get("Cache-Control") != "no-store" || p.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("headers: %v", p.Header)
	}
	if strings.Contains(p.Body, "<script") || strings.Contains(p.Body, " onclick=") || strings.Contains(p.Body, " style=") {
		t.Errorf("the sign-in page has inline script or style")
	}

	// a sign-in without the form's token is refused
	expectPage(t, w.post("/login", url.Values{"csrf": {"forged"}, "email": {"brand.manager@nordwind.demo"}, "password": {"x"}}), http.StatusForbidden)
	// a wrong password says so, and keeps the e-mail
	p = w.post("/login", url.Values{"email": {"brand.manager@nordwind.demo"}, "password": {"wrong"}})
	expectPage(t, p, http.StatusUnauthorized)
	if !strings.Contains(p.Body, `id="login-error"`) || !strings.Contains(p.Body, `value="brand.manager@nordwind.demo"`) {
		t.Fatalf("wrong password page: %.1500s", p.Body)
	}

	w.get("/login?next=/suppliers")
	p = w.post("/login", url.Values{"email": {"brand.manager@nordwind.demo"}, "password": {"ActionHub-demo-2026"}, "next": {"//evil.example/"}})
	expectPage(t, p, http.StatusSeeOther)
	if p.Location != "/" {
		t.Fatalf("sign-in sent to %q: only paths on this site", p.Location)
	}
	set := strings.Join(p.Header.Values("Set-Cookie"), "\n")
	if !strings.Contains(set, "actionhub_session=ahs_") || !strings.Contains(set, "HttpOnly") || !strings.Contains(set, "SameSite=Lax") ||
		strings.Contains(set, "Secure") { // plain http here; Secure only behind https
		t.Fatalf("session cookie: %s", set)
	}
	token := w.cookie("actionhub_session")
	// the pages' session is the API's: the same token works there
	expect(t, ta.do("GET", "/api/v1/me", token, nil), http.StatusOK)

	expectPage(t, w.get("/"), http.StatusOK)
	// a form posted without the token, or with another session's, changes nothing
	form := url.Values{"name": {"Forged Mills"}, "city": {"Karachi"}, "sector": {"textile"}, "sub_sector": {"weaving"}}
	form.Set("csrf", "")
	expectPage(t, w.post("/nominate", form), http.StatusForbidden)
	other := newWebClient(t, ta)
	other.signIn("brand.manager@lakeside.demo")
	form.Set("csrf", other.csrf)
	expectPage(t, w.post("/nominate", form), http.StatusForbidden)
	if got := ids(ta.do("GET", "/api/v1/nominations", token, nil)); len(got) != 0 {
		t.Fatalf("a forged form wrote nominations: %v", got)
	}

	// logout ends the session at once, for the API too
	w.get("/")
	expectPage(t, w.post("/logout", url.Values{}), http.StatusSeeOther)
	expect(t, ta.do("GET", "/api/v1/me", token, nil), http.StatusUnauthorized)
	if p := w.get("/"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
		t.Fatalf("after logout: %d %s", p.Status, p.Location)
	}
}

// TestWebLoginThrottle: the sign-in form counts failures as the API does.
func TestWebLoginThrottle(t *testing.T) {
	ta := startApp(t)
	w := newWebClient(t, ta)
	w.get("/login")
	var p page
	for i := 0; i < 6; i++ {
		p = w.post("/login", url.Values{"email": {"brand.viewer@nordwind.demo"}, "password": {"wrong"}})
	}
	expectPage(t, p, http.StatusTooManyRequests)
	if p.Header.Get("Retry-After") == "" {
		t.Fatal("no Retry-After")
	}
	// and the right password waits too, in the API as on the page
	expect(t, ta.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "brand.viewer@nordwind.demo", "password": "ActionHub-demo-2026"}), http.StatusTooManyRequests)
}

// TestWebDisabledUserSignedOut: disabling a user ends their page session
// on their next request.
func TestWebDisabledUserSignedOut(t *testing.T) {
	ta := startApp(t)
	p := newParties(t, ta)
	w := newWebClient(t, ta)
	w.signIn("brand.viewer@nordwind.demo")
	expectPage(t, w.get("/suppliers"), http.StatusOK)
	me := ta.do("GET", "/api/v1/me", ta.login("brand.viewer@nordwind.demo"), nil)
	uid := str(me.Body["user"].(map[string]any), "id")
	expect(t, ta.do("POST", "/api/v1/users/"+uid+"/disable", p.admin, nil), http.StatusOK)
	if pg := w.get("/suppliers"); pg.Status != http.StatusSeeOther || !strings.HasPrefix(pg.Location, "/login") {
		t.Fatalf("a disabled user still reads pages: %d %s", pg.Status, pg.Location)
	}
}

// TestWebFormsAndScope: a rejected form comes back with its values and the
// field's message; Urdu names survive the page, the list and the CSV; a
// brand cannot open another brand's supplier (404, like an unknown one).
func TestWebFormsAndScope(t *testing.T) {
	ta := startApp(t)
	p := newParties(t, ta)
	w := newWebClient(t, ta)
	w.lang = "ur"
	w.signIn("brand.manager@nordwind.demo")

	const urduName = "الکرم ٹیکسٹائل ملز"
	pg := w.get("/nominate")
	if !strings.Contains(pg.Body, `dir="rtl"`) || !strings.Contains(pg.Body, `lang="ur"`) {
		t.Fatalf("Urdu page is not right-to-left: %.300s", pg.Body)
	}
	form := url.Values{"name": {urduName}, "address": {"کورنگی انڈسٹریل ایریا"}, "city": {""}, "sector": {"textile"}, "sub_sector": {"weaving"}, "total": {"1200"}}
	pg = w.post("/nominate", form)
	expectPage(t, pg, http.StatusUnprocessableEntity)
	if !strings.Contains(pg.Body, `value="`+urduName+`"`) || !strings.Contains(pg.Body, `class="field-error"`) || !strings.Contains(pg.Body, `id="city" name="city" required maxlength="200" value="" aria-invalid="true"`) {
		t.Fatalf("rejected form: %.4000s", pg.Body)
	}
	form.Set("city", "Karachi")
	form.Del("csrf")
	pg = w.post("/nominate", form)
	expectPage(t, pg, http.StatusSeeOther)
	nomID := strings.TrimPrefix(pg.Location, "/nominations/")
	pg = w.get(pg.Location)
	expectPage(t, pg, http.StatusOK)
	if !strings.Contains(pg.Body, urduName) {
		t.Fatal("the nomination page lost the Urdu name")
	}
	// it waits on the brand's home and on the operator's
	staff := newWebClient(t, ta)
	staff.signIn("hub.admin@crah.demo")
	for who, c := range map[string]*webClient{"brand": w, "operator": staff} {
		pg := c.get("/")
		_, open, _ := strings.Cut(pg.Body, `<table id="home-open">`)
		if !strings.Contains(open, `href="/nominations/`+nomID+`"><bdi>`+urduName+`</bdi>`) {
			t.Errorf("the %s's home does not show the open nomination: %.4000s", who, pg.Body)
		}
	}
	// the operator accepts it (through the API: the same service)
	sup := str(accept(t, ta, p.hubAdmin, nomID), "supplier_id")
	pg = w.get("/suppliers")
	expectPage(t, pg, http.StatusOK)
	if !strings.Contains(pg.Body, urduName) || !strings.Contains(pg.Body, "/suppliers/"+sup) {
		t.Fatalf("supplier list: %.3000s", pg.Body)
	}
	pg = w.get("/suppliers.csv?sort=-risk")
	if pg.Status != http.StatusOK || !strings.HasPrefix(pg.Header.Get("Content-Type"), "text/csv") || !strings.Contains(pg.Body, urduName) {
		t.Fatalf("CSV: %d %s %.500s", pg.Status, pg.Header.Get("Content-Type"), pg.Body)
	}
	pg = w.get("/suppliers/" + sup)
	expectPage(t, pg, http.StatusOK)
	if !strings.Contains(pg.Body, urduName) {
		t.Fatal("the supplier page lost the Urdu name")
	}
	// the activity log saw the page's writes as the API's
	found := false
	for _, e := range items(ta.do("GET", "/api/v1/activity?object=nomination:"+nomID, p.admin, nil)) {
		found = found || str(e, "action") == "nominations.create"
	}
	if !found {
		t.Fatal("the page's nomination is not in the activity log")
	}

	// another brand: not its supplier, and no different from one that does not exist
	other := newWebClient(t, ta)
	other.signIn("brand.manager@lakeside.demo")
	expectPage(t, other.get("/suppliers/"+sup), http.StatusNotFound)
	expectPage(t, other.get("/suppliers/no-such-id"), http.StatusNotFound)
	expectPage(t, other.get("/nominations/"+nomID), http.StatusNotFound)
	if strings.Contains(other.get("/suppliers/"+sup).Body, urduName) {
		t.Fatal("the 404 page names the supplier")
	}
	// a brand is not the operator: the queue's decisions are refused
	expectPage(t, other.post("/nominations/"+nomID+"/accept", url.Values{}), http.StatusForbidden)
}

// TestWebUploadLimits: a list of several hundred kilobytes goes through the
// page (as a file), and the dry run changes nothing; a body over the page's
// limit is refused before it is read.
func TestWebUploadLimits(t *testing.T) {
	ta := startApp(t)
	w := newWebClient(t, ta)
	w.signIn("brand.manager@nordwind.demo")
	var list strings.Builder
	list.WriteString("name,address,city,sector,sub_sector,reason\n")
	for i := 0; list.Len() < 400<<10; i++ {
		fmt.Fprintf(&list, "Factory %d Textiles,Plot %d Korangi,Karachi,textile,weaving,%s\n", i, i, strings.Repeat("x", 100))
	}
	send := func(body string) page {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		_ = mw.WriteField("csrf", w.csrf)
		fw, _ := mw.CreateFormFile("file", "suppliers.csv")
		_, _ = fw.Write([]byte(body))
		mw.Close()
		req, _ := http.NewRequest(http.MethodPost, ta.url+"/upload", &b)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		return w.do(req)
	}
	w.get("/upload")
	p := send(list.String())
	expectPage(t, p, http.StatusOK)
	if !strings.Contains(p.Body, `id="upload-report" data-committed="false"`) || !strings.Contains(p.Body, "Factory 0 Textiles") {
		t.Fatalf("dry run of a large list: %.1000s", p.Body)
	}
	if got := ta.do("GET", "/api/v1/nominations", ta.login("brand.manager@nordwind.demo"), nil); len(items(got)) != 0 {
		t.Fatal("a dry run wrote nominations")
	}
	w.get("/upload")
	if p := send(strings.Repeat("a", 6<<20)); p.Status != http.StatusRequestEntityTooLarge || !strings.Contains(p.Body, "At most 5 MB") ||
		!strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("a 6 MB body: %d %q %.1000s, want the page saying the limit", p.Status, p.Header.Get("Content-Type"), p.Body)
	}
}

// TestWebEveryPageForEveryone: every demo login opens every page its
// navigation offers, and the pages those link to, in both languages,
// without an error page; every page is right-to-left in Urdu.
func TestWebEveryPageForEveryone(t *testing.T) {
	ta := startApp(t)
	if _, _, err := ta.app.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	href := regexp.MustCompile(`href="(/[^"]*)"`)
	for _, email := range []string{"admin@actionhub.demo", "hub.admin@crah.demo", "auditor@crah.demo", "case.worker@crah.demo",
		"brand.manager@nordwind.demo", "brand.viewer@nordwind.demo", "brand.manager@lakeside.demo",
		"compliance@indusweaving.demo", "compliance@multanleather.demo", "officer@scpa.demo"} {
		for _, lang := range []string{"en", "ur"} {
			w := newWebClient(t, ta)
			w.lang = lang
			w.signIn(email)
			seen := map[string]bool{}
			queue := []string{"/"}
			for len(queue) > 0 && len(seen) < 40 {
				path := strings.ReplaceAll(queue[0], "&amp;", "&")
				queue = queue[1:]
				if seen[path] || strings.HasPrefix(path, "/static/") || strings.HasPrefix(path, "/monitor") || strings.Contains(path, ".csv") {
					continue
				}
				seen[path] = true
				p := w.get(path)
				if p.Status != http.StatusOK {
					detail := p.Body
					if i := strings.Index(detail, `class="detail"`); i >= 0 {
						detail = detail[i:]
					}
					t.Fatalf("%s (%s) %s: %d %.400s", email, lang, path, p.Status, detail)
				}
				if lang == "ur" && !strings.Contains(p.Body, `<html lang="ur" dir="rtl">`) {
					t.Fatalf("%s in Urdu is not right-to-left", path)
				}
				for _, m := range href.FindAllStringSubmatch(p.Body, -1) {
					queue = append(queue, m[1])
				}
			}
			if len(seen) < 2 {
				t.Fatalf("%s reached only %v", email, seen)
			}
		}
	}
}

// TestWebSecureCookieBehindHTTPS: behind https (PUBLIC_URL), every cookie
// the pages set is Secure.
func TestWebSecureCookieBehindHTTPS(t *testing.T) {
	ta := startApp(t, func(env map[string]string) { env["PUBLIC_URL"] = "https://hub.example.org" })
	w := newWebClient(t, ta)
	p := w.get("/login")
	set := strings.Join(p.Header.Values("Set-Cookie"), "\n")
	if !strings.Contains(set, "actionhub_pre=") || !strings.Contains(set, "; secure") && !strings.Contains(set, "; Secure") {
		t.Fatalf("pre-session cookie behind https: %s", set)
	}
	// the test client speaks plain http, so it sends the cookie by hand
	m := csrfInput.FindStringSubmatch(p.Body)
	pre := strings.SplitN(strings.TrimPrefix(set, "actionhub_pre="), ";", 2)[0]
	req, _ := http.NewRequest(http.MethodPost, ta.url+"/login", strings.NewReader(url.Values{"csrf": {m[1]},
		"email": {"brand.manager@nordwind.demo"}, "password": {"ActionHub-demo-2026"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: "actionhub_pre", Value: pre})
	p = w.do(req)
	expectPage(t, p, http.StatusSeeOther)
	found := false
	for _, c := range p.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, "actionhub_session=ahs_") {
			found = true
			if !strings.Contains(strings.ToLower(c), "; secure") {
				t.Fatalf("session cookie behind https: %s", c)
			}
		}
	}
	if !found {
		t.Fatalf("no session cookie: %v", p.Header.Values("Set-Cookie"))
	}
}
