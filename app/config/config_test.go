package config

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	dir := t.TempDir()
	c, err := Load(envOf(map[string]string{"DATA_DIR": dir}), true)
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTPAddr != "127.0.0.1:8080" || c.PublicURL != "http://127.0.0.1:8080" || !c.Embedded() || !c.Seed ||
		c.ShutdownTimeout != 20*time.Second || c.MongoDatabase != "actionhub" {
		t.Fatalf("defaults: %+v", c)
	}
	if !c.SecretKeyGenerated || len(c.SecretKey) != 32 {
		t.Fatal("no key generated")
	}
	info, err := os.Stat(filepath.Join(dir, "secret.key"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", info, err)
	}
	again, err := Load(envOf(map[string]string{"DATA_DIR": dir}), true)
	if err != nil || again.SecretKeyGenerated || string(again.SecretKey) != string(c.SecretKey) {
		t.Fatalf("second start did not reuse the key: %v", err)
	}
}

func TestBadSettingsAreNamed(t *testing.T) {
	key := base64.StdEncoding.EncodeToString(make([]byte, 32))
	cases := map[string]map[string]string{
		"LOG_LEVEL":                   {"LOG_LEVEL": "loud"},
		"LOG_FORMAT":                  {"LOG_FORMAT": "xml"},
		"SEED_DEMO":                   {"SEED_DEMO": "maybe"},
		"WORKER_CONCURRENCY":          {"WORKER_CONCURRENCY": "0"},
		"READ_TURNS":                  {"READ_TURNS": "0"},
		"REDIS_DB":                    {"REDIS_DB": "16"},
		"SHUTDOWN_TIMEOUT":            {"SHUTDOWN_TIMEOUT": "soon"},
		"SECRET_KEY":                  {"SECRET_KEY": "c2hvcnQ="},
		"SECRET_KEY_PREVIOUS (key 2)": {"SECRET_KEY_PREVIOUS": key + ",c2hvcnQ="},
		"TRUSTED_PROXIES":             {"TRUSTED_PROXIES": "10.0.0.0/8, proxy.internal"},
		"TRUST_PROXY":                 {"TRUST_PROXY": "true"},
	}
	for name, env := range cases {
		if env["SECRET_KEY"] == "" {
			env["SECRET_KEY"] = key
		}
		_, err := Load(envOf(env), false)
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := Load(envOf(map[string]string{}), false); err == nil || !strings.Contains(err.Error(), "SECRET_KEY") {
		t.Errorf("separate processes without a key: %v", err)
	}
}

func TestLogValueHidesSecrets(t *testing.T) {
	c, err := Load(envOf(map[string]string{"MONGODB_URI": "mongodb://ops:hunter2@db:27017/?replicaSet=rs0",
		"SECRET_KEY": base64.StdEncoding.EncodeToString([]byte(strings.Repeat("k", 32))), "REDIS_PASSWORD": "redis-secret"}), false)
	if err != nil {
		t.Fatal(err)
	}
	logged := c.LogValue().String()
	for _, secret := range []string{"hunter2", "redis-secret", "a2trk"} {
		if strings.Contains(logged, secret) {
			t.Errorf("the logged config shows %q: %s", secret, logged)
		}
	}
	if !strings.Contains(logged, "ops@db:27017") {
		t.Errorf("the logged config lacks the database host: %s", logged)
	}
}

func TestParsePrefixes(t *testing.T) {
	got, err := ParsePrefixes(" 10.1.2.3/8,192.168.1.7  ::ffff:172.16.0.1, fd00::/8,")
	if err != nil {
		t.Fatal(err)
	}
	want := "[10.0.0.0/8 192.168.1.7/32 172.16.0.1/32 fd00::/8]"
	if s := fmt.Sprint(got); s != want {
		t.Fatalf("got %s, want %s", s, want)
	}
	for _, bad := range []string{"10.0.0.0/33", "example.com", "fe80::1%eth0", "1.2.3"} {
		if _, err := ParsePrefixes(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestPreviousSecretKeys(t *testing.T) {
	a, b := make([]byte, 32), make([]byte, 48)
	a[0], b[0] = 1, 2
	c, err := Load(envOf(map[string]string{"SECRET_KEY": base64.StdEncoding.EncodeToString(make([]byte, 32)),
		"SECRET_KEY_PREVIOUS": base64.StdEncoding.EncodeToString(a) + ", " + base64.StdEncoding.EncodeToString(b)}), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.PreviousKeys) != 2 || string(c.PreviousKeys[0]) != string(a) || string(c.PreviousKeys[1]) != string(b) {
		t.Fatalf("previous keys: %v", c.PreviousKeys)
	}
}
