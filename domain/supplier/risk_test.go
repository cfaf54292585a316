package supplier

import (
	"strings"
	"testing"
)

func TestRisk(t *testing.T) {
	t.Parallel()
	table := PrevalenceTable{"Multan": {Percent: 12.4, Source: "Punjab survey, district table"}}
	cases := []struct {
		name     string
		s        Supplier
		findings FindingSummary
		factors  []Factor
		level    Level
	}{
		{"garments in a district without a figure",
			Supplier{City: "Sialkot", SubSector: SubGarments}, FindingSummary{},
			[]Factor{FactorSubSector, FactorPrevalence}, LevelLow},
		{"tannery in Multan with young workers",
			Supplier{City: "MULTAN", SubSector: SubTannery, Workforce: Workforce{Total: 200, UnderEighteen: 10}}, FindingSummary{},
			[]Factor{FactorSubSector, FactorPrevalence, FactorYoungWorkers}, LevelHigh},
		{"home-based gloves work with open findings",
			Supplier{City: "Multan", SubSector: SubGlovesSportswear, HomeBasedOrSubcontracted: true}, FindingSummary{OpenMajor: 2},
			[]Factor{FactorSubSector, FactorPrevalence, FactorHomeBased, FactorOpenMajor}, LevelHigh},
		{"everything at once stops at 100",
			Supplier{City: "Multan", SubSector: SubDyeingFinishing, HomeBasedOrSubcontracted: true, Workforce: Workforce{Total: 100, UnderEighteen: 30}},
			FindingSummary{OpenCritical: 3, OpenMajor: 9, ChildLabourFound: true},
			[]Factor{FactorSubSector, FactorPrevalence, FactorYoungWorkers, FactorHomeBased, FactorChildLabourFound, FactorOpenCritical, FactorOpenMajor, FactorCap},
			LevelVeryHigh},
	}
	for _, c := range cases {
		p := Risk(c.s, table, c.findings)
		sum := 0
		var factors []Factor
		for _, r := range p.Reasons {
			sum += r.Points
			factors = append(factors, r.Factor)
			if len(r.Explanation) < 20 || !strings.HasSuffix(r.Explanation, ".") {
				t.Errorf("%s: %s explains too little: %q", c.name, r.Factor, r.Explanation)
			}
		}
		if sum != p.Score || p.Score < 0 || p.Score > 100 {
			t.Errorf("%s: reasons add to %d, score %d", c.name, sum, p.Score)
		}
		if strings.Join(toStrings(factors), ",") != strings.Join(toStrings(c.factors), ",") {
			t.Errorf("%s: factors %v, want %v", c.name, factors, c.factors)
		}
		if p.Level != c.level || p.Level != LevelOf(p.Score) {
			t.Errorf("%s: level %s at %d, want %s", c.name, p.Level, p.Score, c.level)
		}
	}
}

func TestRiskOrdersHazards(t *testing.T) {
	t.Parallel()
	score := func(sub SubSector) int {
		return Risk(Supplier{City: "Karachi", SubSector: sub}, nil, FindingSummary{}).Score
	}
	if !(score(SubTannery) > score(SubFootwear) && score(SubFootwear) > score(SubWeaving)) {
		t.Errorf("tannery %d, footwear %d, weaving %d", score(SubTannery), score(SubFootwear), score(SubWeaving))
	}
	young := func(n int) int {
		return Risk(Supplier{SubSector: SubWeaving, Workforce: Workforce{Total: 100, UnderEighteen: n}}, nil, FindingSummary{}).Score
	}
	if !(young(0) < young(1) && young(1) < young(8)) {
		t.Errorf("more young workers should add more: %d, %d, %d", young(0), young(1), young(8))
	}
}

func TestDefaultPrevalenceIsMarkedAsPlaceholder(t *testing.T) {
	t.Parallel()
	def := DefaultPrevalence()
	for _, city := range []string{"Karachi", "Multan"} {
		p, ok := def.Lookup(city)
		if !ok || p.Source != PlaceholderSource {
			t.Errorf("%s: %+v", city, p)
		}
	}
	r := Risk(Supplier{City: "Karachi", SubSector: SubWeaving}, def, FindingSummary{})
	if !strings.Contains(r.Reasons[1].Explanation, "placeholder") {
		t.Errorf("the placeholder is not said: %q", r.Reasons[1].Explanation)
	}
}

func toStrings(fs []Factor) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = string(f)
	}
	return out
}
