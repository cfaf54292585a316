package law

import "testing"

// BenchmarkClassify: a Punjab adolescent with tasks, hazards and a week of
// days, the heaviest shape a case sends.
func BenchmarkClassify(b *testing.B) {
	p := mustPack(b, Punjab, "2026-03-01")
	s := Situation{AgeYears: 16, Sector: "leather_tanning",
		Tasks:   []Task{{Code: "leather_tanning.liming"}, {Code: "wool_cleaning"}, {Text: "carrying hides"}},
		Hazards: []string{"chromium", "formaldehyde"}, DaysPerWeek: 7}
	for range 7 {
		s.Days = append(s.Days, days("07:00-10:30", "11:00-15:00", "18:00-20:00")...)
	}
	for b.Loop() {
		Classify(p, s)
	}
}

// BenchmarkLoad: reading and checking every embedded pack, done once at start.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(mustSub(b)); err != nil {
			b.Fatal(err)
		}
	}
}
