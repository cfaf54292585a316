package web

import (
	"html"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/actionhub/actionhub/policies"
)

// Every language has every key, and no more: a screen is never half translated.
func TestEveryLanguageHasEveryKey(t *testing.T) {
	ls, err := loadLocales()
	if err != nil {
		t.Fatal(err)
	}
	en := ls["en"].msgs
	for _, code := range languages {
		m := ls[code].msgs
		for k := range en {
			if strings.TrimSpace(m[k]) == "" {
				t.Errorf("%s lacks %q", code, k)
			}
		}
		for k := range m {
			if _, ok := en[k]; !ok {
				t.Errorf("%s has %q, which English lacks", code, k)
			}
		}
	}
}

// Formatted sentences take the same verbs in every language.
func TestTranslationsKeepTheirVerbs(t *testing.T) {
	ls, err := loadLocales()
	if err != nil {
		t.Fatal(err)
	}
	verbs := regexp.MustCompile(`%[a-z]`)
	for k, s := range ls["en"].msgs {
		want := verbs.FindAllString(s, -1)
		if got := verbs.FindAllString(ls["ur"].msgs[k], -1); !slices.Equal(got, want) {
			t.Errorf("%q: English has %v, Urdu %v", k, want, got)
		}
	}
}

// Every key a template names exists: a missing key would show as itself.
func TestTemplatesNameKnownKeys(t *testing.T) {
	ls, err := loadLocales()
	if err != nil {
		t.Fatal(err)
	}
	used := regexp.MustCompile(`(?:^|[^A-Za-z0-9_.$])T "([a-z0-9_.\-]+)"`)
	err = fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := templateFS.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range used.FindAllStringSubmatch(string(b), -1) {
			if _, ok := ls["en"].msgs[m[1]]; !ok {
				t.Errorf("%s names %q, which is not translated", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Keys built at run time: the fields of match review and the problem pages.
	for _, f := range []string{"name", "other_names", "address", "city", "sector", "sub_sector", "workforce", "contact_phone", "registration_numbers", "os_id"} {
		if _, ok := ls["en"].msgs["f."+f]; !ok {
			t.Errorf("match review's field %q is not translated", f)
		}
	}
	for _, s := range []string{"401", "403", "404", "409", "411", "413", "422", "429", "500", "503"} {
		for _, k := range []string{"problem.title." + s, "problem.advice." + s} {
			if _, ok := ls["en"].msgs[k]; !ok {
				t.Errorf("%q is not translated", k)
			}
		}
	}
}

func TestTemplatesParse(t *testing.T) {
	v, err := loadViews()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"login", "problem", "home", "suppliers", "supplier", "nominations", "nomination", "nominate", "upload", "audits", "audit", "finding", "referrals", "referral", "case", "caseopen", "obligations", "obligation"} {
		if v.pages["ur"][name] == nil || v.pages["en"][name] == nil {
			t.Errorf("no view %q", name)
		}
	}
}

func TestNumbersAndDates(t *testing.T) {
	ls, err := loadLocales()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {1234567, "1,234,567"}, {-4500, "-4,500"}} {
		if got := ls["ur"].N(c.n); got != c.want {
			t.Errorf("N(%d) = %q, want %q", c.n, got, c.want)
		}
	}
	// 19:30 UTC is already the next day in Karachi, where dates are read.
	day := time.Date(2026, 3, 1, 19, 30, 0, 0, time.UTC)
	if got := ls["en"].D(day); got != "2 March 2026" {
		t.Errorf("en: %q", got)
	}
	if got := ls["ur"].D(day); got != "2 مارچ 2026" {
		t.Errorf("ur: %q", got)
	}
}

func TestLocalPathKeepsRedirectsOnThisSite(t *testing.T) {
	for in, want := range map[string]string{"/suppliers?q=a": "/suppliers?q=a", "": "/", "//evil.example/x": "/",
		"https://evil.example/": "/", "/\\evil.example": "/", "/a\r\nSet-Cookie: x": "/"} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

var navAnchor = regexp.MustCompile(`<li><a href="([^"]+)"( aria-current="page")?>([^<]+)</a></li>`)

// The navigation offers a role only the pages it may open, named for the party.
func TestNavigationFollowsPermissions(t *testing.T) {
	ls, err := loadLocales()
	if err != nil {
		t.Fatal(err)
	}
	hrefs := func(m *meView) []string {
		var out []string
		nav := string(m.nav(ls["en"], "suppliers"))
		as := navAnchor.FindAllStringSubmatch(nav, -1)
		if strings.Count(nav, "<li>") != len(as) {
			t.Errorf("items not all links: %s", nav)
		}
		for _, a := range as {
			if a[2] != "" && a[1] != "/suppliers" {
				t.Errorf("%s marked as the current page", a[1])
			}
			out = append(out, a[1]+" "+html.UnescapeString(a[3]))
		}
		return out
	}
	all := map[policies.Permission]bool{}
	for _, n := range navLinks {
		all[n.perm] = true
	}
	brand := hrefs(&meView{OrgKind: "brand", perms: all})
	if slices.Contains(brand, "/actions Corrective actions") || !slices.Contains(brand, "/nominations Our nominations") {
		t.Errorf("brand: %v", brand)
	}
	staff := hrefs(&meView{OrgKind: "operator", perms: all})
	if !slices.Contains(staff, "/nominations Nomination queue") || !slices.Contains(staff, "/actions Corrective actions") {
		t.Errorf("operator: %v", staff)
	}
	if got := hrefs(&meView{OrgKind: "agency", perms: map[policies.Permission]bool{policies.PermMeRead: true}}); !slices.Equal(got, []string{"/ Home"}) {
		t.Errorf("agency: %v", got)
	}
}

// A select's choices are written with their values and labels escaped and
// the chosen one selected, as the template wrote them.
func TestOptionsHTML(t *testing.T) {
	got := string(optionsHTML([]option{{Value: "a&b", Label: `<x> "y"`}, {Value: "c", Label: "سی", Selected: true}}))
	want := `<option value="a&amp;b">&lt;x&gt; &#34;y&#34;</option><option value="c" selected>سی</option>`
	if got != want {
		t.Errorf("optionsHTML = %s, want %s", got, want)
	}
}
