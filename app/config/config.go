// Package config reads Action Hub's settings from the environment, with
// defaults that run the whole system on one machine with nothing installed.
package config

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is every setting. Zero values are filled by Load's defaults.
type Config struct {
	HTTPAddr        string        // HTTP_ADDR
	PublicURL       string        // PUBLIC_URL: how people reach the API (printed, used in links)
	DataDir         string        // DATA_DIR: the SQLite database, blobs and generated secrets
	MongoURI        string        // MONGODB_URI: when set, MongoDB instead of SQLite
	MongoDatabase   string        // MONGODB_DATABASE
	RedisAddr       string        // REDIS_ADDR: when empty, an in-process Redis
	RedisPassword   string        // REDIS_PASSWORD
	RedisDB         int           // REDIS_DB: database number, so deployments can share a server
	SecretKey       []byte        // SECRET_KEY (base64, 32 bytes): keys token hashes and field encryption
	LogLevel        slog.Level    // LOG_LEVEL: debug, info, warn, error
	LogFormat       string        // LOG_FORMAT: text or json
	Seed            bool          // SEED_DEMO: seed the demo network on first start (serve only)
	WorkerCount     int           // WORKER_CONCURRENCY
	ShutdownTimeout time.Duration // SHUTDOWN_TIMEOUT
	TrustProxy      bool          // TRUST_PROXY: take the client IP from X-Forwarded-For
	SMTPAddr        string        // SMTP_ADDR: e-mail relay for notifications; log only when empty
	SMTPFrom        string        // SMTP_FROM

	// SecretKeyGenerated is true when the key was made and saved under DataDir.
	SecretKeyGenerated bool
}

// Load reads the environment. It generates and saves a secret key under
// DataDir when SECRET_KEY is unset and allowGenerate is true.
func Load(getenv func(string) string, allowGenerate bool) (Config, error) {
	c := Config{
		HTTPAddr:        or(getenv("HTTP_ADDR"), "127.0.0.1:8080"),
		DataDir:         or(getenv("DATA_DIR"), "./data"),
		MongoURI:        getenv("MONGODB_URI"),
		MongoDatabase:   or(getenv("MONGODB_DATABASE"), "actionhub"),
		RedisAddr:       getenv("REDIS_ADDR"),
		RedisPassword:   getenv("REDIS_PASSWORD"),
		LogFormat:       or(getenv("LOG_FORMAT"), "text"),
		SMTPAddr:        getenv("SMTP_ADDR"),
		SMTPFrom:        or(getenv("SMTP_FROM"), "Action Hub <no-reply@actionhub.invalid>"),
		PublicURL:       getenv("PUBLIC_URL"),
		WorkerCount:     10,
		ShutdownTimeout: 20 * time.Second,
		Seed:            true,
	}
	var errs []error
	if err := c.LogLevel.UnmarshalText([]byte(or(getenv("LOG_LEVEL"), "info"))); err != nil {
		errs = append(errs, fmt.Errorf("LOG_LEVEL: %w", err))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, errors.New("LOG_FORMAT: must be text or json"))
	}
	if v := getenv("SEED_DEMO"); v != "" {
		b, err := strconv.ParseBool(v)
		errs = append(errs, wrap("SEED_DEMO", err))
		c.Seed = b
	}
	if v := getenv("TRUST_PROXY"); v != "" {
		b, err := strconv.ParseBool(v)
		errs = append(errs, wrap("TRUST_PROXY", err))
		c.TrustProxy = b
	}
	if v := getenv("WORKER_CONCURRENCY"); v != "" {
		n, err := strconv.Atoi(v)
		if err == nil && (n < 1 || n > 1000) {
			err = errors.New("must be 1 to 1000")
		}
		errs = append(errs, wrap("WORKER_CONCURRENCY", err))
		c.WorkerCount = n
	}
	if v := getenv("REDIS_DB"); v != "" {
		n, err := strconv.Atoi(v)
		if err == nil && (n < 0 || n > 15) {
			err = errors.New("must be 0 to 15")
		}
		errs = append(errs, wrap("REDIS_DB", err))
		c.RedisDB = n
	}
	if v := getenv("SHUTDOWN_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		errs = append(errs, wrap("SHUTDOWN_TIMEOUT", err))
		c.ShutdownTimeout = d
	}
	if c.PublicURL == "" {
		c.PublicURL = "http://" + strings.Replace(c.HTTPAddr, "0.0.0.0", "localhost", 1)
	}
	if v := getenv("SECRET_KEY"); v != "" {
		k, err := base64.StdEncoding.DecodeString(v)
		if err == nil && len(k) < 32 {
			err = errors.New("must be at least 32 bytes, base64-encoded (openssl rand -base64 32)")
		}
		errs = append(errs, wrap("SECRET_KEY", err))
		c.SecretKey = k
	} else if allowGenerate {
		k, generated, err := loadOrMakeKey(filepath.Join(c.DataDir, "secret.key"))
		errs = append(errs, wrap("SECRET_KEY", err))
		c.SecretKey, c.SecretKeyGenerated = k, generated
	} else {
		errs = append(errs, errors.New("SECRET_KEY: required when API and worker run as separate processes (every replica must share it)"))
	}
	return c, errors.Join(errs...)
}

// Embedded reports whether the system runs on its embedded defaults.
func (c Config) Embedded() bool { return c.MongoURI == "" }

// LogValue logs the effective configuration without secrets.
func (c Config) LogValue() slog.Value {
	engine := "sqlite (" + c.DataDir + ")"
	if c.MongoURI != "" {
		engine = "mongodb (" + redactURI(c.MongoURI) + ", database " + c.MongoDatabase + ")"
	}
	redis := "in-process"
	if c.RedisAddr != "" {
		redis = c.RedisAddr + " db " + strconv.Itoa(c.RedisDB)
	}
	smtp := "log only"
	if c.SMTPAddr != "" {
		smtp = c.SMTPAddr
	}
	return slog.GroupValue(
		slog.String("http_addr", c.HTTPAddr), slog.String("public_url", c.PublicURL),
		slog.String("store", engine), slog.String("redis", redis), slog.String("smtp", smtp),
		slog.Int("worker_concurrency", c.WorkerCount), slog.Duration("shutdown_timeout", c.ShutdownTimeout),
		slog.Bool("trust_proxy", c.TrustProxy), slog.Bool("secret_key_generated", c.SecretKeyGenerated),
	)
}

// Help lists every setting, for --help.
const Help = `Settings (environment variables):
  HTTP_ADDR           listen address (default 127.0.0.1:8080)
  PUBLIC_URL          the URL people use to reach the API (default http://HTTP_ADDR)
  DATA_DIR            SQLite database, files and generated secret (default ./data)
  MONGODB_URI         use MongoDB (replica set) instead of SQLite
  MONGODB_DATABASE    MongoDB database name (default actionhub)
  REDIS_ADDR          Redis for jobs and login throttling (default: in-process)
  REDIS_PASSWORD      Redis password
  REDIS_DB            Redis database number 0-15 (default 0)
  SECRET_KEY          base64 32-byte key for token hashes (default: generated into DATA_DIR)
  SEED_DEMO           seed the demo network on first start (default true)
  WORKER_CONCURRENCY  parallel jobs per worker (default 10)
  SHUTDOWN_TIMEOUT    time to finish requests and jobs on SIGTERM (default 20s)
  TRUST_PROXY         take client IPs from X-Forwarded-For (default false)
  SMTP_ADDR, SMTP_FROM  e-mail relay for notifications (default: written to the log)
  LOG_LEVEL, LOG_FORMAT debug|info|warn|error, text|json (default info, text)
`

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func wrap(name string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", name, err)
}

func redactURI(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable)"
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	return u.String()
}

// loadOrMakeKey reads the key file, or makes one (mode 0600) on first start.
func loadOrMakeKey(path string) ([]byte, bool, error) {
	if b, err := os.ReadFile(path); err == nil {
		k, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(k) < 32 {
			return nil, false, fmt.Errorf("%s is not a base64 32-byte key", path)
		}
		return k, false, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, false, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, false, err
	}
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		return nil, false, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	_, err = f.WriteString(base64.StdEncoding.EncodeToString(k) + "\n")
	return k, true, err
}
