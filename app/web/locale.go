package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/actionhub/actionhub/domain"
)

//go:embed locale/*.json
var localeFS embed.FS

// languages are the pages' languages, the ones a person may keep on their
// user; the first is the fallback.
var languages = func() []string {
	out := make([]string, len(domain.Languages))
	for i, l := range domain.Languages {
		out[i] = string(l)
	}
	return out
}()

// printer prints one language: its sentences by key, numbers and dates.
type printer struct {
	Code  string // "en", "ur"
	Dir   string // "ltr", "rtl"
	Other string // the language to offer switching to
	msgs  map[string]string
	month []string
}

func loadLocales() (map[string]*printer, error) {
	out := map[string]*printer{}
	for i, code := range languages {
		b, err := localeFS.ReadFile("locale/" + code + ".json")
		if err != nil {
			return nil, err
		}
		p := &printer{Code: code, Dir: "ltr", Other: languages[(i+1)%len(languages)]}
		if err := json.Unmarshal(b, &p.msgs); err != nil {
			return nil, fmt.Errorf("locale %s: %w", code, err)
		}
		if code == "ur" {
			p.Dir = "rtl"
		}
		p.month = strings.Split(p.msgs["months"], ",")
		if len(p.month) != 12 {
			return nil, fmt.Errorf("locale %s: months must name 12 months", code)
		}
		out[code] = p
	}
	return out, nil
}

// T is the sentence for key, formatted with args; a missing key shows
// itself (a test keeps every key in every language).
func (p *printer) T(key string, args ...any) string {
	s, ok := p.msgs[key]
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// E names an enum value: T(kind + "." + value), or the value itself when
// the translations do not know it.
func (p *printer) E(kind string, value any) string {
	v := fmt.Sprint(value)
	if v == "" {
		return "—"
	}
	if s, ok := p.msgs[kind+"."+v]; ok {
		return s
	}
	return v
}

// Choices writes a select's options: each of an enum's values (a slice)
// labelled as E names it, the one equal to chosen selected. One template
// action for the select, where a range took three or four a value (a case
// worker's case page holds about 60 of them).
func (p *printer) Choices(kind string, values, chosen any) template.HTML {
	vs := reflect.ValueOf(values)
	names := make([]string, vs.Len())
	for i := range names {
		names[i] = fmt.Sprint(vs.Index(i).Interface())
	}
	return optionsHTML(enumOptions(p, kind, names, fmt.Sprint(chosen)))
}

// N writes a whole number with thousands grouped. Both languages use the
// digits 0 to 9, which Pakistani readers of Urdu read on every price tag.
func (p *printer) N(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Score writes a 0..1 match score as a percentage.
func (p *printer) Score(f float64) string { return strconv.Itoa(int(f*100+0.5)) + "%" }

// hubZone is where dates are shown: the Pakistan hub's time zone.
var hubZone = func() *time.Location {
	l, err := time.LoadLocation("Asia/Karachi")
	if err != nil {
		return time.FixedZone("PKT", 5*3600)
	}
	return l
}()

// D writes a day as "2 March 2026" with the language's month names.
func (p *printer) D(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	t = t.In(hubZone)
	return strconv.Itoa(t.Day()) + " " + p.month[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// DT writes a moment as the day and the time of day, 24-hour.
func (p *printer) DT(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return p.D(t) + " " + t.In(hubZone).Format("15:04")
}

// funcs are a language's helpers for its copy of the templates: T, E, N,
// Score, D, DT, Rupees and Choices in that language. Called as functions rather
// than as the printer's methods ($L.T), they skip the method lookup
// text/template makes on every call (a tenth of a list page's rendering).
func (p *printer) funcs() template.FuncMap {
	return template.FuncMap{"T": p.T, "E": p.E, "N": p.N, "Score": p.Score, "D": p.D, "DT": p.DT, "Rupees": p.Rupees, "Choices": p.Choices}
}

// funcs are the templates' language-free helpers.
var funcs = template.FuncMap{
	// query rebuilds a URL's query with one key changed ("" drops it).
	"query": func(base string, q url.Values, kv ...string) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == "" {
				v.Del(kv[i])
			} else {
				v.Set(kv[i], kv[i+1])
			}
		}
		if len(v) == 0 {
			return base
		}
		return base + "?" + v.Encode()
	},
	"str":     func(v any) string { return fmt.Sprint(v) },
	"options": optionsHTML,
	// The case page's forms, written in Go (caseforms_html.go).
	"caseForms":      caseFormsHTML,
	"identityFields": identityFieldsHTML,
	"childWork":      childWorkHTML,
	// dict hands a shared template several values: dict "K1" v1 "K2" v2.
	"dict": func(kv ...any) map[string]any {
		m := make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
	"eq2": func(a, b any) bool { return fmt.Sprint(a) == fmt.Sprint(b) },
}
