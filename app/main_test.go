package main

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// TestBinaryDoesNotLinkTheTestDatabase: FerretDB is a test stand-in for
// MongoDB and must never be built into the app.
func TestBinaryDoesNotLinkTheTestDatabase(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	if strings.Contains(strings.ToLower(string(out)), "ferretdb") {
		t.Fatal("the app binary depends on FerretDB")
	}
}

func TestCommandLine(t *testing.T) {
	env := func(string) string { return "" }
	var out bytes.Buffer
	if err := run([]string{"--help"}, env, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"serve", "worker", "migrate", "backup", "MONGODB_URI", "REDIS_ADDR", "HTTP_ADDR", "DATA_DIR"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("help lacks %s", want)
		}
	}
	if err := run([]string{"fly"}, env, &out); err == nil {
		t.Error("unknown command accepted")
	}
	err := run([]string{"worker"}, env, &out)
	if err == nil || !strings.Contains(err.Error(), "MONGODB_URI and REDIS_ADDR") {
		t.Errorf("worker without services: %v", err)
	}
}
