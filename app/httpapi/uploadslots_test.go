package httpapi

import "testing"

// TestUploadSlots: the slots the API and the pages share hold uploadSlots
// bodies; one more is refused at once; a released slot is taken again.
func TestUploadSlots(t *testing.T) {
	u := NewUploadSlots()
	var releases []func()
	for i := range uploadSlots {
		release, ok := u.Take()
		if !ok {
			t.Fatalf("slot %d refused", i+1)
		}
		releases = append(releases, release)
	}
	if _, ok := u.Take(); ok {
		t.Fatal("a slot beyond the last was taken")
	}
	releases[0]()
	if _, ok := u.Take(); !ok {
		t.Fatal("a released slot was not taken again")
	}
}

// TestPageUploadLimits: a page's upload route keeps its own limit above
// the JSON limit and is known as a page's.
func TestPageUploadLimits(t *testing.T) {
	l := newBodyLimits()
	l.routes = append(l.routes, routeLimit{method: "POST", segs: []string{"", "stipend-payments", "{id}", "proof"}, limit: ProofUploadBytes, page: true})
	if r := l.routeFor("POST", "/stipend-payments/p1/proof"); r.limit != ProofUploadBytes || !r.page {
		t.Errorf("the proof page: %+v", r)
	}
	if r := l.routeFor("POST", "/stipend-payments/p1"); r.limit != anonymousBodyLimit || r.page {
		t.Errorf("an unknown path: %+v", r)
	}
}
