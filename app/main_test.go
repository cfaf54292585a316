package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
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

// TestBackupKeepsTheKey: a restored copy accepts the API keys of the
// original, so the generated key travels with the backup.
func TestBackupKeepsTheKey(t *testing.T) {
	data, dest := t.TempDir(), filepath.Join(t.TempDir(), "copy")
	env := func(k string) string {
		return map[string]string{"DATA_DIR": data, "HTTP_ADDR": "127.0.0.1:0", "LOG_LEVEL": "error"}[k]
	}
	var out bytes.Buffer
	if err := run([]string{"migrate"}, env, &out); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"backup", dest}, env, &out); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(data, "secret.key"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dest, "secret.key"))
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("key in the backup: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dest, "actionhub.db")); err != nil {
		t.Fatal(err)
	}
}

// TestResealCommand: on data with nothing under a previous key, the
// command says the previous key may go.
func TestResealCommand(t *testing.T) {
	data := t.TempDir()
	env := func(k string) string {
		return map[string]string{"DATA_DIR": data, "HTTP_ADDR": "127.0.0.1:0", "LOG_LEVEL": "error"}[k]
	}
	var out bytes.Buffer
	if err := run([]string{"reseal"}, env, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "0 left under a previous key") || !strings.Contains(out.String(), "SECRET_KEY_PREVIOUS may be removed") {
		t.Errorf("reseal said: %s", out.String())
	}
}
