package integration_tests

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/actionhub/actionhub/app/identity"
)

// webClient is a browser without a browser: a cookie jar, redirects not
// followed (their targets are checked), and the CSRF token of the last
// page read, which forms post back as a browser would.
type webClient struct {
	t    *testing.T
	ta   *testApp
	http *http.Client
	csrf string
	lang string // sent as Accept-Language
}

// page is one answer of the web app.
type page struct {
	Status   int
	Header   http.Header
	Body     string
	Location string
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func newWebClient(t *testing.T, ta *testApp) *webClient {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &webClient{t: t, ta: ta, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

func (w *webClient) do(req *http.Request) page {
	w.t.Helper()
	if w.lang != "" {
		req.Header.Set("Accept-Language", w.lang)
	}
	res, err := w.http.Do(req)
	if err != nil {
		w.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	p := page{Status: res.StatusCode, Header: res.Header, Body: string(b), Location: res.Header.Get("Location")}
	if m := csrfInput.FindStringSubmatch(p.Body); m != nil {
		w.csrf = m[1]
	}
	return p
}

func (w *webClient) get(path string) page {
	w.t.Helper()
	req, err := http.NewRequest(http.MethodGet, w.ta.url+path, nil)
	if err != nil {
		w.t.Fatal(err)
	}
	return w.do(req)
}

// post sends a form with the last page's CSRF token, unless the form
// names its own csrf field.
func (w *webClient) post(path string, form url.Values) page {
	w.t.Helper()
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", w.csrf)
	}
	req, err := http.NewRequest(http.MethodPost, w.ta.url+path, strings.NewReader(form.Encode()))
	if err != nil {
		w.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return w.do(req)
}

// signIn signs a demo user in through the sign-in form.
func (w *webClient) signIn(email string) {
	w.t.Helper()
	w.get("/login")
	p := w.post("/login", url.Values{"email": {email}, "password": {identity.DemoPassword}, "next": {"/"}})
	if p.Status != http.StatusSeeOther || p.Location != "/" {
		w.t.Fatalf("sign in %s: %d %s", email, p.Status, p.Location)
	}
	w.get("/")
}

// cookie is the value of one of the client's cookies for the app.
func (w *webClient) cookie(name string) string {
	u, _ := url.Parse(w.ta.url)
	for _, c := range w.http.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// expectPage fails unless the answer has the status; a problem page must
// say which status it is.
func expectPage(t *testing.T, p page, status int) {
	t.Helper()
	if p.Status != status {
		t.Fatalf("status %d, want %d (Location %q): %.2000s", p.Status, status, p.Location, p.Body)
	}
	// 401, 422 and 429 re-render their form; every other error is a problem page.
	if status >= 400 && status != http.StatusUnprocessableEntity && status != http.StatusUnauthorized && status != http.StatusTooManyRequests &&
		!strings.Contains(p.Body, `data-status="`+strconv.Itoa(status)+`"`) {
		t.Fatalf("status %d is not a problem page: %.500s", status, p.Body)
	}
	if ct := p.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") && status != http.StatusSeeOther {
		t.Fatalf("content type %q", ct)
	}
}
