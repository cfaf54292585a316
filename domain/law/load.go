package law

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"sync"
	"time"

	"github.com/actionhub/actionhub/domain"
)

//go:embed packs/*.json
var embedded embed.FS

// catalogueFile holds the codes; every other .json file is one pack.
const catalogueFile = "codes.json"

// Set is every pack of every jurisdiction, checked: no two packs of a
// jurisdiction overlap and none leaves a gap between them.
type Set struct {
	packs     map[Jurisdiction][]Pack // by EffectiveFrom
	codes     map[string]Code
	codeOrder []string // as codes.json lists them
}

var loadEmbedded = sync.OnceValues(func() (*Set, error) {
	sub, err := fs.Sub(embedded, "packs")
	if err != nil {
		return nil, err
	}
	return Load(sub)
})

// Embedded returns the packs shipped with the program. It panics if they
// fail Load's checks, which a test of this package guards against, so a
// broken pack never reaches a running hub.
func Embedded() *Set {
	s, err := loadEmbedded()
	if err != nil {
		panic("law: embedded packs: " + err.Error())
	}
	return s
}

// PackFor returns the embedded pack of the jurisdiction in force on the
// day of t (a case passes its identification date). See Set.PackFor.
func PackFor(j Jurisdiction, t time.Time) (Pack, error) { return Embedded().PackFor(j, t) }

// Provisions returns the provisions of the embedded pack in force. See
// Set.Provisions.
func Provisions(j Jurisdiction, t time.Time) ([]Provision, error) {
	return Embedded().Provisions(j, t)
}

// PackFor returns the pack of the jurisdiction in force on the day of t. It
// returns an error wrapping domain.ErrNotFound for a jurisdiction without a
// pack or a day before its first pack.
func (s *Set) PackFor(j Jurisdiction, t time.Time) (Pack, error) {
	ps, ok := s.packs[j]
	if !ok {
		return Pack{}, domain.NotFoundf("There is no law pack for the jurisdiction %q.", j)
	}
	for _, p := range ps {
		if p.InForce(t) {
			return p, nil
		}
	}
	return Pack{}, domain.NotFoundf("No %s law pack was in force on %s.", j, t.Format(time.DateOnly))
}

// Pack returns a pack by jurisdiction and version, the one a case recorded;
// an error wrapping domain.ErrNotFound if there is none.
func (s *Set) Pack(j Jurisdiction, version int) (Pack, error) {
	for _, p := range s.packs[j] {
		if p.Version == version {
			return p, nil
		}
	}
	return Pack{}, domain.NotFoundf("There is no law pack %s/%d.", j, version)
}

// Provisions lists the provisions of the pack in force, for a finding's
// legal provision to be chosen from; errors as PackFor.
func (s *Set) Provisions(j Jurisdiction, t time.Time) ([]Provision, error) {
	p, err := s.PackFor(j, t)
	if err != nil {
		return nil, err
	}
	return append([]Provision(nil), p.Provisions...), nil
}

// Jurisdictions lists the jurisdictions with a pack, sorted.
func (s *Set) Jurisdictions() []Jurisdiction {
	js := make([]Jurisdiction, 0, len(s.packs))
	for j := range s.packs {
		js = append(js, j)
	}
	sort.Slice(js, func(a, b int) bool { return js[a] < js[b] })
	return js
}

// Code returns a catalogue entry.
func (s *Set) Code(code string) (Code, bool) {
	c, ok := s.codes[code]
	return c, ok
}

// File shapes: the domain types carry no tags, so the JSON lives here.
type codesFile struct {
	Comment string `json:"_comment"`
	Codes   []struct {
		Code      string `json:"code"`
		Kind      string `json:"kind"`
		Sector    string `json:"sector"`
		Name      string `json:"name"`
		Consensus bool   `json:"consensus"`
	} `json:"codes"`
}

type packFile struct {
	Jurisdiction     Jurisdiction `json:"jurisdiction"`
	Version          int          `json:"version"`
	Title            string       `json:"title"`
	EffectiveFrom    string       `json:"effective_from"`
	EffectiveTo      string       `json:"effective_to"`
	Notes            []string     `json:"notes"`
	ChildUnder       int          `json:"child_under"`
	AdolescentFrom   int          `json:"adolescent_from"`
	AdolescentTo     int          `json:"adolescent_to"`
	HazardousUnder   int          `json:"hazardous_under"`
	SchoolAgeMin     int          `json:"school_age_min"`
	SchoolAgeMax     int          `json:"school_age_max"`
	ScheduleComplete bool         `json:"schedule_complete"`
	Hazardous        []struct {
		Code        string `json:"code"`
		Name        string `json:"name"`
		WholeSector bool   `json:"whole_sector"`
	} `json:"hazardous"`
	Hours *struct {
		MaxDailyMinutes      int    `json:"max_daily_minutes"`
		MaxStretchMinutes    int    `json:"max_stretch_minutes"`
		MinRestMinutes       int    `json:"min_rest_minutes"`
		MaxSpreadMinutes     int    `json:"max_spread_minutes"`
		NightStart           string `json:"night_start"`
		NightEnd             string `json:"night_end"`
		WeeklyRestDay        bool   `json:"weekly_rest_day"`
		NotDuringSchoolHours bool   `json:"not_during_school_hours"`
		Verify               bool   `json:"verify"`
	} `json:"hours"`
	LightWork *struct {
		MaxDailyMinutes int  `json:"max_daily_minutes"`
		Verify          bool `json:"verify"`
	} `json:"light_work"`
	Provisions []struct {
		ID      string        `json:"id"`
		Kind    ProvisionKind `json:"kind"`
		Act     string        `json:"act"`
		Section string        `json:"section"`
		Summary string        `json:"summary"`
		Penalty string        `json:"penalty"`
		Verify  bool          `json:"verify"`
	} `json:"provisions"`
}

// Load reads and checks the catalogue (codes.json) and every pack (each
// other .json file) at the root of fsys. It refuses unknown fields, a pack
// that contradicts itself (ages out of order, a hazard code not in the
// catalogue, a rule without the provision it would cite) and, per
// jurisdiction, duplicate versions and effective ranges that overlap or
// leave a gap. Every fault is reported, joined, each naming its file.
func Load(fsys fs.FS) (*Set, error) {
	s := &Set{packs: map[Jurisdiction][]Pack{}, codes: map[string]Code{}}
	var cf codesFile
	if err := decode(fsys, catalogueFile, &cf); err != nil {
		return nil, err
	}
	var errs []error
	for _, c := range cf.Codes {
		switch {
		case c.Code == "" || c.Name == "":
			errs = append(errs, fmt.Errorf("%s: code %q: code and name are required", catalogueFile, c.Code))
		case s.codes[c.Code].Code != "":
			errs = append(errs, fmt.Errorf("%s: code %q twice", catalogueFile, c.Code))
		}
		switch c.Kind {
		case "sector", "process", "occupation", "exposure":
		default:
			errs = append(errs, fmt.Errorf("%s: code %q: kind %q is not sector, process, occupation or exposure", catalogueFile, c.Code, c.Kind))
		}
		if _, dup := s.codes[c.Code]; !dup {
			s.codeOrder = append(s.codeOrder, c.Code)
		}
		s.codes[c.Code] = Code{Code: c.Code, Kind: c.Kind, Sector: c.Sector, Name: c.Name, Consensus: c.Consensus}
	}
	for _, c := range s.codes {
		if c.Sector != "" && s.codes[c.Sector].Kind != "sector" {
			errs = append(errs, fmt.Errorf("%s: code %q: sector %q is not a sector code", catalogueFile, c.Code, c.Sector))
		}
	}

	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		if name == catalogueFile {
			continue
		}
		var pf packFile
		if err := decode(fsys, name, &pf); err != nil {
			errs = append(errs, err)
			continue
		}
		p, perrs := pf.pack(s.codes)
		for _, e := range perrs {
			errs = append(errs, fmt.Errorf("%s: %w", name, e))
		}
		if len(perrs) == 0 {
			s.packs[p.Jurisdiction] = append(s.packs[p.Jurisdiction], p)
		}
	}
	if len(names) < 2 {
		errs = append(errs, errors.New("no pack files"))
	}
	for j, ps := range s.packs {
		errs = append(errs, checkRanges(j, ps)...)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return s, nil
}

func decode(fsys fs.FS, name string, v any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", path.Base(name), err)
	}
	if dec.More() {
		return fmt.Errorf("%s: data after the JSON object", path.Base(name))
	}
	return nil
}

// checkRanges sorts a jurisdiction's packs by start and refuses duplicate
// versions, overlaps and gaps: each pack must end the day the next begins,
// and only the last may be open-ended.
func checkRanges(j Jurisdiction, ps []Pack) []error {
	sort.Slice(ps, func(a, b int) bool { return ps[a].EffectiveFrom.Before(ps[b].EffectiveFrom) })
	var errs []error
	versions := map[int]bool{}
	for i, p := range ps {
		if versions[p.Version] {
			errs = append(errs, fmt.Errorf("%s: version %d twice", j, p.Version))
		}
		versions[p.Version] = true
		if i == len(ps)-1 {
			break
		}
		next := ps[i+1]
		switch {
		case p.EffectiveTo.IsZero() || p.EffectiveTo.After(next.EffectiveFrom):
			errs = append(errs, fmt.Errorf("%s: %s overlaps %s (from %s)", j, p.ID(), next.ID(), next.EffectiveFrom.Format(time.DateOnly)))
		case p.EffectiveTo.Before(next.EffectiveFrom):
			errs = append(errs, fmt.Errorf("%s: gap from %s to %s between %s and %s", j,
				p.EffectiveTo.Format(time.DateOnly), next.EffectiveFrom.Format(time.DateOnly), p.ID(), next.ID()))
		}
	}
	return errs
}

// pack turns a file into a Pack, listing every fault.
func (f packFile) pack(codes map[string]Code) (Pack, []error) {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	p := Pack{
		Jurisdiction: f.Jurisdiction, Version: f.Version, Title: f.Title, Notes: f.Notes,
		ChildUnder: f.ChildUnder, AdolescentFrom: f.AdolescentFrom, AdolescentTo: f.AdolescentTo,
		HazardousUnder: f.HazardousUnder, SchoolAgeMin: f.SchoolAgeMin, SchoolAgeMax: f.SchoolAgeMax,
		ScheduleComplete: f.ScheduleComplete, codes: codes,
	}
	switch f.Jurisdiction {
	case Sindh, Punjab, KhyberPakhtunkhwa, Federal:
	default:
		bad("jurisdiction %q is not one of sindh, punjab, khyber_pakhtunkhwa, federal", f.Jurisdiction)
	}
	if f.Version < 1 {
		bad("version must be 1 or more")
	}
	if f.Title == "" {
		bad("title is required")
	}
	var err error
	if p.EffectiveFrom, err = time.Parse(time.DateOnly, f.EffectiveFrom); err != nil {
		bad("effective_from: want YYYY-MM-DD")
	}
	if f.EffectiveTo != "" {
		if p.EffectiveTo, err = time.Parse(time.DateOnly, f.EffectiveTo); err != nil {
			bad("effective_to: want YYYY-MM-DD or empty")
		} else if !p.EffectiveTo.After(p.EffectiveFrom) {
			bad("effective_to must be after effective_from")
		}
	}

	for _, pr := range f.Provisions {
		if pr.ID == "" || pr.Act == "" || pr.Summary == "" {
			bad("provision %q: id, act and summary are required", pr.ID)
		}
		if !pr.Kind.valid() {
			bad("provision %q: kind %q is unknown", pr.ID, pr.Kind)
		}
		if _, dup := p.Provision(pr.ID); dup {
			bad("provision %q twice", pr.ID)
		}
		p.Provisions = append(p.Provisions, Provision{ID: pr.ID, Kind: pr.Kind, Act: pr.Act, Section: pr.Section,
			Summary: pr.Summary, Penalty: pr.Penalty, Verify: pr.Verify})
	}
	// Every pack can cite bonded labour: the classifier checks it at any age.
	need := []ProvisionKind{KindBondedLabour}

	if f.ChildUnder != 0 {
		if f.ChildUnder < 5 || f.AdolescentFrom != f.ChildUnder || f.AdolescentTo <= f.AdolescentFrom ||
			f.HazardousUnder < f.ChildUnder || f.HazardousUnder > f.AdolescentTo {
			bad("ages: want child_under = adolescent_from < adolescent_to, and child_under <= hazardous_under <= adolescent_to")
		}
		if f.SchoolAgeMin < 1 || f.SchoolAgeMax < f.SchoolAgeMin {
			bad("school ages: want 1 <= school_age_min <= school_age_max")
		}
		need = append(need, KindChildEmployment, KindHazardousWork, KindEducation)
	} else if f.AdolescentFrom != 0 || f.AdolescentTo != 0 || f.HazardousUnder != 0 || f.Hours != nil ||
		f.LightWork != nil || len(f.Hazardous) != 0 {
		bad("a pack without child_under holds no child labour rules")
	}

	seen := map[string]bool{}
	for _, h := range f.Hazardous {
		c, ok := codes[h.Code]
		switch {
		case !ok:
			bad("hazardous %q: not in %s", h.Code, catalogueFile)
		case h.WholeSector && c.Kind != "sector":
			bad("hazardous %q: whole_sector on a %s, not a sector", h.Code, c.Kind)
		case seen[h.Code]:
			bad("hazardous %q twice", h.Code)
		}
		if h.Name == "" {
			bad("hazardous %q: name is required", h.Code)
		}
		seen[h.Code] = true
		p.Hazardous = append(p.Hazardous, Hazard{Code: h.Code, Name: h.Name, WholeSector: h.WholeSector})
	}

	if h := f.Hours; h != nil {
		p.Hours = &Hours{
			MaxDaily: minutes(h.MaxDailyMinutes), MaxStretch: minutes(h.MaxStretchMinutes),
			MinRest: minutes(h.MinRestMinutes), MaxSpread: minutes(h.MaxSpreadMinutes),
			WeeklyRestDay: h.WeeklyRestDay, NotDuringSchoolHours: h.NotDuringSchoolHours, Verify: h.Verify,
		}
		if h.MaxDailyMinutes < 0 || h.MaxStretchMinutes < 0 || h.MinRestMinutes < 0 || h.MaxSpreadMinutes < 0 {
			bad("hours: negative minutes")
		}
		if (h.MaxStretchMinutes == 0) != (h.MinRestMinutes == 0) {
			bad("hours: max_stretch_minutes and min_rest_minutes go together")
		}
		if (h.NightStart == "") != (h.NightEnd == "") {
			bad("hours: night_start and night_end go together")
		} else if h.NightStart != "" {
			p.Hours.HasNight = true
			var e1, e2 error
			p.Hours.NightStart, e1 = ParseClock(h.NightStart)
			p.Hours.NightEnd, e2 = ParseClock(h.NightEnd)
			if e1 != nil || e2 != nil || p.Hours.NightStart == p.Hours.NightEnd {
				bad("hours: night window: want two different HH:MM times")
			}
		}
		need = append(need, KindAdolescentHours)
	}
	if lw := f.LightWork; lw != nil {
		if lw.MaxDailyMinutes <= 0 {
			bad("light_work: max_daily_minutes must be positive")
		}
		p.LightWork = &LightWork{MaxDaily: minutes(lw.MaxDailyMinutes), Verify: lw.Verify}
	}
	for _, k := range need {
		if len(p.provisionsOf(k)) == 0 {
			bad("no %s provision for the pack's rules to cite", k)
		}
	}
	return p, errs
}

func minutes(n int) time.Duration { return time.Duration(n) * time.Minute }
