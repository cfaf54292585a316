package law

import (
	"errors"
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/actionhub/actionhub/domain"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func mustPack(tb testing.TB, j Jurisdiction, on string) Pack {
	tb.Helper()
	p, err := PackFor(j, date(on))
	if err != nil {
		tb.Fatalf("PackFor(%s, %s): %v", j, on, err)
	}
	return p
}

// TestEmbeddedPacksLoad: the shipped packs pass every load check, so
// Embedded never panics in a running hub.
func TestEmbeddedPacksLoad(t *testing.T) {
	t.Parallel()
	if _, err := loadEmbedded(); err != nil {
		t.Fatal(err)
	}
	got := Embedded().Jurisdictions()
	want := []Jurisdiction{Federal, KhyberPakhtunkhwa, Punjab, Sindh}
	if strings.Join(jstrings(got), ",") != strings.Join(jstrings(want), ",") {
		t.Errorf("Jurisdictions() = %v, want %v", got, want)
	}
}

func jstrings(js []Jurisdiction) []string {
	out := make([]string, len(js))
	for i, j := range js {
		out[i] = string(j)
	}
	return out
}

// TestPackFiguresFollowTheReference pins each pack's figures to the domain
// reference's table, so an edit to a JSON file that strays from it fails.
func TestPackFiguresFollowTheReference(t *testing.T) {
	t.Parallel()
	type figures struct {
		child, adolFrom, adolTo, hazUnder, school0, school1 int
		maxDaily, stretch, rest, spread                     time.Duration
		night                                               string
		weekly, notSchool                                   bool
		hazardous                                           int
	}
	cases := []struct {
		j    Jurisdiction
		want figures
	}{
		{Sindh, figures{14, 14, 18, 18, 5, 16, 3 * time.Hour, 0, 0, 0, "19:00-08:00", false, false, 0}},
		{Punjab, figures{15, 15, 18, 18, 5, 16, 0, 3 * time.Hour, time.Hour, 7 * time.Hour, "19:00-08:00", true, true, 4}},
		{KhyberPakhtunkhwa, figures{14, 14, 18, 18, 5, 16, 0, 0, 0, 0, "", false, false, 0}},
	}
	for _, c := range cases {
		p := mustPack(t, c.j, "2026-03-01")
		got := figures{child: p.ChildUnder, adolFrom: p.AdolescentFrom, adolTo: p.AdolescentTo, hazUnder: p.HazardousUnder,
			school0: p.SchoolAgeMin, school1: p.SchoolAgeMax, hazardous: len(p.Hazardous)}
		if h := p.Hours; h != nil {
			got.maxDaily, got.stretch, got.rest, got.spread = h.MaxDaily, h.MaxStretch, h.MinRest, h.MaxSpread
			got.weekly, got.notSchool = h.WeeklyRestDay, h.NotDuringSchoolHours
			if h.HasNight {
				got.night = h.NightStart.String() + "-" + h.NightEnd.String()
			}
		}
		if got != c.want {
			t.Errorf("%s figures = %+v, want %+v", c.j, got, c.want)
		}
	}
	if lw := mustPack(t, KhyberPakhtunkhwa, "2026-03-01").LightWork; lw == nil || lw.MaxDaily != 2*time.Hour || !lw.Verify {
		t.Errorf("khyber_pakhtunkhwa light work = %+v, want 2 h, to verify", lw)
	}
	penalties := map[string]string{
		"sindh.child_employment":  "Up to 6 months and/or PKR 50,000.",
		"sindh.hazardous_work":    "Up to 3 years and PKR 100,000.",
		"punjab.child_employment": "7 days to 6 months and PKR 10,000 to 50,000; an inspector may seal the premises for 7 days.",
		// The reference gives no penalty for Khyber Pakhtunkhwa or for bonded labour.
		"khyber_pakhtunkhwa.child_employment": "",
		"khyber_pakhtunkhwa.hazardous_work":   "",
		"federal.bonded_labour":               "",
	}
	for id, want := range penalties {
		j, _, _ := strings.Cut(id, ".")
		pr, ok := mustPack(t, Jurisdiction(j), "2026-03-01").Provision(id)
		if !ok || pr.Penalty != want {
			t.Errorf("%s penalty = %q (found %v), want %q", id, pr.Penalty, ok, want)
		}
	}
}

func TestPackFor(t *testing.T) {
	t.Parallel()
	cases := []struct {
		j       Jurisdiction
		on      time.Time
		want    string // pack ID, or "" for not found
		comment string
	}{
		{Punjab, date("2026-03-01"), "punjab/1", "in force"},
		{Punjab, date("2016-01-01"), "punjab/1", "first day"},
		{Punjab, date("2015-12-31"), "", "before the Act"},
		{Sindh, date("2016-12-31"), "", "before the 2017 Act"},
		{Sindh, time.Date(2017, 1, 1, 0, 30, 0, 0, time.FixedZone("PKT", 5*3600)), "sindh/1", "a local time counts by its own date"},
		{KhyberPakhtunkhwa, date("2026-03-01"), "khyber_pakhtunkhwa/1", ""},
		{Federal, date("2026-03-01"), "federal/1", ""},
		{"balochistan", date("2026-03-01"), "", "no pack"},
	}
	for _, c := range cases {
		p, err := PackFor(c.j, c.on)
		if c.want == "" {
			if !errors.Is(err, domain.ErrNotFound) {
				t.Errorf("PackFor(%s, %v) (%s) = %v, %v; want not found", c.j, c.on, c.comment, p.ID(), err)
			}
			continue
		}
		if err != nil || p.ID() != c.want {
			t.Errorf("PackFor(%s, %v) (%s) = %v, %v; want %s", c.j, c.on, c.comment, p.ID(), err, c.want)
		}
	}
}

func TestProvisions(t *testing.T) {
	t.Parallel()
	ps, err := Provisions(Punjab, date("2026-03-01"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range ps {
		ids = append(ids, p.ID)
	}
	want := "punjab.child_employment punjab.hazardous_work punjab.adolescent_hours punjab.bonded_labour constitution.article_25a"
	if got := strings.Join(ids, " "); got != want {
		t.Errorf("Provisions(punjab) = %s, want %s", got, want)
	}
	ps[0].ID = "changed"
	if again, _ := Provisions(Punjab, date("2026-03-01")); again[0].ID != "punjab.child_employment" {
		t.Error("Provisions returned the pack's own slice: a caller's edit changed the pack")
	}
	if _, err := Provisions("balochistan", date("2026-03-01")); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("Provisions(balochistan) error = %v, want not found", err)
	}
	pr, _ := mustPack(t, Sindh, "2026-03-01").Provision("constitution.article_25a")
	if got := pr.Citation(); got != "Constitution of Pakistan, Article 25-A" {
		t.Errorf("Citation() = %q", got)
	}
}

func TestSetPackByVersion(t *testing.T) {
	t.Parallel()
	if p, err := Embedded().Pack(Sindh, 1); err != nil || p.ID() != "sindh/1" {
		t.Errorf("Pack(sindh, 1) = %v, %v", p.ID(), err)
	}
	if _, err := Embedded().Pack(Sindh, 9); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("Pack(sindh, 9) error = %v, want not found", err)
	}
}

const codesJSON = `{"codes": [
  {"code": "leather_tanning", "kind": "sector", "name": "Leather tanning"},
  {"code": "wool_cleaning", "kind": "process", "name": "Wool cleaning"}]}`

// packJSON writes a minimal valid pack file with the given range and extra
// fields spliced in.
func packJSON(version int, from, to, extra string) string {
	return `{"jurisdiction": "sindh", "version": ` + strconv.Itoa(version) + `, "title": "Test Act",
	  "effective_from": "` + from + `", "effective_to": "` + to + `",
	  "child_under": 14, "adolescent_from": 14, "adolescent_to": 18, "hazardous_under": 18,
	  "school_age_min": 5, "school_age_max": 16` + extra + `,
	  "provisions": [
	    {"id": "c", "kind": "child_employment", "act": "A", "summary": "s"},
	    {"id": "h", "kind": "hazardous_work", "act": "A", "summary": "s"},
	    {"id": "b", "kind": "bonded_labour", "act": "A", "summary": "s"},
	    {"id": "e", "kind": "education", "act": "A", "summary": "s"}]}`
}

// TestLoadRefuses: each broken set of files is refused with a message
// naming the fault; the valid ones load.
func TestLoadRefuses(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		files map[string]string
		want  string // substring of the error; "" loads
	}{
		{"one open pack", map[string]string{"a.json": packJSON(1, "2017-01-01", "", "")}, ""},
		{"contiguous versions", map[string]string{
			"a.json": packJSON(1, "2017-01-01", "2019-01-01", ""),
			"b.json": packJSON(2, "2019-01-01", "", "")}, ""},
		{"overlap", map[string]string{
			"a.json": packJSON(1, "2017-01-01", "2019-01-02", ""),
			"b.json": packJSON(2, "2019-01-01", "", "")}, "overlaps"},
		{"two open packs overlap", map[string]string{
			"a.json": packJSON(1, "2017-01-01", "", ""),
			"b.json": packJSON(2, "2019-01-01", "", "")}, "overlaps"},
		{"gap", map[string]string{
			"a.json": packJSON(1, "2017-01-01", "2018-12-31", ""),
			"b.json": packJSON(2, "2019-01-01", "", "")}, "gap from 2018-12-31 to 2019-01-01"},
		{"duplicate version", map[string]string{
			"a.json": packJSON(1, "2017-01-01", "2019-01-01", ""),
			"b.json": packJSON(1, "2019-01-01", "", "")}, "version 1 twice"},
		{"end before start", map[string]string{"a.json": packJSON(1, "2017-01-01", "2016-01-01", "")}, "effective_to must be after"},
		{"unknown field", map[string]string{"a.json": packJSON(1, "2017-01-01", "", `, "child_age": 14`)}, "unknown field"},
		{"hazard not in catalogue", map[string]string{"a.json": packJSON(1, "2017-01-01", "", `, "hazardous": [{"code": "brick_kilns", "name": "Brick kilns"}]`)}, `"brick_kilns": not in codes.json`},
		{"whole sector on a process", map[string]string{"a.json": packJSON(1, "2017-01-01", "", `, "hazardous": [{"code": "wool_cleaning", "name": "W", "whole_sector": true}]`)}, "whole_sector on a process"},
		{"hours without their provision", map[string]string{"a.json": packJSON(1, "2017-01-01", "", `, "hours": {"max_daily_minutes": 180}`)}, "no adolescent_hours provision"},
		{"bad night window", map[string]string{"a.json": packJSON(1, "2017-01-01", "", `, "hours": {"night_start": "7pm", "night_end": "08:00"}`)}, "night window"},
		{"ages out of order", map[string]string{"a.json": packJSON(1, "2017-01-01", "", `, "hazardous_under": 12`)}, "ages"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			fsys := fstest.MapFS{"codes.json": {Data: []byte(codesJSON)}}
			for n, d := range c.files {
				fsys[n] = &fstest.MapFile{Data: []byte(d)}
			}
			_, err := Load(fsys)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("Load: %v, want it to load", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("Load error = %v, want one containing %q", err, c.want)
			}
		})
	}
}

func TestJurisdictionOf(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Jurisdiction{
		"Sindh": Sindh, "PUNJAB": Punjab, "Khyber Pakhtunkhwa": KhyberPakhtunkhwa, "Khyber-Pakhtunkhwa": KhyberPakhtunkhwa,
		"KP": KhyberPakhtunkhwa, "Balochistan": "", "": "",
	} {
		got, ok := JurisdictionOf(in)
		if got != want || ok != (want != "") {
			t.Errorf("JurisdictionOf(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestParseClock(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Clock{"00:00": 0, "07:59": 7*60 + 59, "19:00": 19 * 60, "23:59": 23*60 + 59, "24:00": -1, "7:00": -1, "07:60": -1, "": -1} {
		got, err := ParseClock(in)
		if (err != nil) != (want < 0) || (err == nil && got != want) {
			t.Errorf("ParseClock(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
}

func mustSub(tb testing.TB) fs.FS {
	tb.Helper()
	sub, err := fs.Sub(embedded, "packs")
	if err != nil {
		tb.Fatal(err)
	}
	return sub
}
