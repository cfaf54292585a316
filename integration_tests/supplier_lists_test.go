package integration_tests

import (
	"net/http"
	"runtime"
	"strings"
	"testing"
)

// allocated runs f and returns how many bytes the process allocated meanwhile.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestListUploadIsBounded: files built to amplify a list upload into a huge
// report get a small answer. 5 MB of broken lines once answered 160 MB and
// took 1.4 GB of memory; a header of 1.7 million columns answered 114 MB.
func TestListUploadIsBounded(t *testing.T) {
	ta := startApp(t)
	p := newParties(t, ta)
	const maxAnswer = 1 << 20
	const maxAlloc = 256 << 20 // the whole request, client included; 3.3 GB before the bounds

	var r response
	broken := []byte("name,city,sector\n" + strings.Repeat("a\"b\n", (5<<20-20)/4))
	if n := allocated(func() {
		r = ta.send("POST", "/api/v1/nomination-uploads?dry_run=true", p.brandA, "text/csv", broken)
	}); n > maxAlloc {
		t.Errorf("5 MB of broken lines allocated %d MB", n>>20)
	}
	expect(t, r, http.StatusUnprocessableEntity)
	if len(r.Raw) > 1<<10 || !strings.Contains(string(r.Raw), "more than 20000 rows") {
		t.Errorf("5 MB of broken lines: %d bytes: %.300s", len(r.Raw), r.Raw)
	}

	wide := []byte(strings.Repeat("x,", 100_000) + "name,city,sector\nA,Karachi,textile\n")
	r = ta.send("POST", "/api/v1/nomination-uploads?dry_run=true", p.brandA, "text/csv", wide)
	expect(t, r, http.StatusUnprocessableEntity)
	if len(r.Raw) > 1<<10 || !strings.Contains(string(r.Raw), "at most 64 columns") {
		t.Errorf("100,000 columns: %d bytes: %.300s", len(r.Raw), r.Raw)
	}

	// As many broken lines as a list may have, nearly 5 MB: the report lists
	// the first 1,000 and counts the rest, dry run and commit alike.
	inLimit := []byte("name,city,sector\n" + strings.Repeat("a\"b"+strings.Repeat("y", 250)+"\n", 20_000))
	for _, path := range []string{"/api/v1/nomination-uploads?dry_run=true", "/api/v1/nomination-uploads"} {
		if n := allocated(func() { r = ta.send("POST", path, p.brandA, "text/csv", inLimit) }); n > maxAlloc {
			t.Errorf("%s: 20,000 broken lines allocated %d MB", path, n>>20)
		}
		if r.Status != http.StatusOK && r.Status != http.StatusCreated {
			t.Fatalf("%s: %d %.300s", path, r.Status, r.Raw)
		}
		if len(r.Raw) > maxAnswer {
			t.Errorf("%s: the report is %d bytes", path, len(r.Raw))
		}
		more, _ := r.Body["more_problems"].(map[string]any)
		if n := len(r.Body["rows"].([]any)); n != 1000 || more["rows"] != 19_000.0 ||
			r.Body["counts"].(map[string]any)["problem"] != 20_000.0 {
			t.Errorf("%s: %d rows, more %v, counts %v", path, n, more, r.Body["counts"])
		}
	}
	report := ta.do("GET", "/api/v1/nomination-uploads/"+str(r.Body, "id"), p.brandA, nil)
	expect(t, report, http.StatusOK)
	if len(report.Raw) > maxAnswer || report.Body["more_problems"].(map[string]any)["rows"] != 19_000.0 {
		t.Errorf("stored report: %d bytes, %v", len(report.Raw), report.Body["more_problems"])
	}
}
