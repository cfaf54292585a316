package httpapi

import (
	"strings"
	"testing"
)

func TestWellFormedID(t *testing.T) {
	for id, want := range map[string]bool{
		"": false, "a": true, "client-42.retry_1": true, strings.Repeat("a", 64): true, strings.Repeat("a", 65): false,
		"with space": false, "semi;colon": false, "new\nline": false, "é": false, "0190f3c2-7a5e-7c1d-9b1e-2f3a4b5c6d7e": true,
	} {
		if got := wellFormedID(id); got != want {
			t.Errorf("wellFormedID(%q) = %v, want %v", id, got, want)
		}
	}
}
