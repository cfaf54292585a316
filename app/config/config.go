// Package config reads Action Hub's settings from the environment, with
// defaults that run the whole system on one machine with nothing installed.
package config

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is every setting. Zero values are filled by Load's defaults.
type Config struct {
	HTTPAddr        string         // HTTP_ADDR
	PublicURL       string         // PUBLIC_URL: how people reach the API (printed, used in links)
	DataDir         string         // DATA_DIR: the SQLite database, blobs and generated secrets
	MongoURI        string         // MONGODB_URI: when set, MongoDB instead of SQLite
	MongoDatabase   string         // MONGODB_DATABASE
	RedisAddr       string         // REDIS_ADDR: when empty, an in-process Redis
	RedisPassword   string         // REDIS_PASSWORD
	RedisDB         int            // REDIS_DB: database number, so deployments can share a server
	SecretKey       []byte         // SECRET_KEY (base64, 32 bytes): keys token hashes and field encryption
	PreviousKeys    [][]byte       // SECRET_KEY_PREVIOUS (comma-separated base64): still open sealed fields during a rotation
	LogLevel        slog.Level     // LOG_LEVEL: debug, info, warn, error
	LogFormat       string         // LOG_FORMAT: text or json
	Seed            bool           // SEED_DEMO: seed the demo network on first start (serve only)
	WorkerCount     int            // WORKER_CONCURRENCY
	ShutdownTimeout time.Duration  // SHUTDOWN_TIMEOUT
	TrustedProxies  []netip.Prefix // TRUSTED_PROXIES: reverse proxies whose X-Forwarded-For is believed
	SMTPAddr        string         // SMTP_ADDR: e-mail relay for notifications; log only when empty
	SMTPFrom        string         // SMTP_FROM
	// WebhookAllowPrivate lets webhooks post to private, loopback and
	// link-local addresses (WEBHOOK_ALLOW_PRIVATE); off, so a registered URL
	// cannot reach the hub's own network. Tests set it for their receivers.
	WebhookAllowPrivate bool
	// WebhookRetryBase is the first wait before a failed webhook delivery is
	// tried again, doubling each time (WEBHOOK_RETRY_BASE, default 30s).
	WebhookRetryBase time.Duration
	// WebhookMaxRetry is how many times a delivery is retried before it
	// fails for good and waits for an admin to send it again
	// (WEBHOOK_MAX_RETRY, default 10, 1 to 25).
	WebhookMaxRetry int
	// ReadTurns is how many reads run at once, the others waiting their
	// turn (READ_TURNS, 1 to 1000). 0 until set: the server picks one per
	// core on SQLite, whose reads are work for the cores alone, and eight
	// per core on MongoDB, whose reads mostly wait on the network.
	ReadTurns int

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

		WebhookRetryBase: 30 * time.Second,
		WebhookMaxRetry:  10,
	}
	var errs []error
	// whole reads a whole-number setting from lo to hi into dst; unset
	// keeps the default.
	whole := func(name string, lo, hi int, dst *int) {
		v := getenv(name)
		if v == "" {
			return
		}
		n, err := strconv.Atoi(v)
		if err == nil && (n < lo || n > hi) {
			err = fmt.Errorf("must be %d to %d", lo, hi)
		}
		errs = append(errs, wrap(name, err))
		*dst = n
	}
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
		// Trusting X-Forwarded-For from anyone let callers choose their address;
		// refusing to start beats silently counting every client as the proxy.
		if b, err := strconv.ParseBool(v); err != nil || b {
			errs = append(errs, errors.New("TRUST_PROXY: replaced by TRUSTED_PROXIES, the addresses or networks of your reverse proxies (e.g. TRUSTED_PROXIES=10.0.0.0/8)"))
		}
	}
	if v := getenv("TRUSTED_PROXIES"); v != "" {
		ps, err := ParsePrefixes(v)
		errs = append(errs, wrap("TRUSTED_PROXIES", err))
		c.TrustedProxies = ps
	}
	whole("WORKER_CONCURRENCY", 1, 1000, &c.WorkerCount)
	whole("READ_TURNS", 1, 1000, &c.ReadTurns)
	whole("REDIS_DB", 0, 15, &c.RedisDB)
	if v := getenv("SHUTDOWN_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		errs = append(errs, wrap("SHUTDOWN_TIMEOUT", err))
		c.ShutdownTimeout = d
	}
	if v := getenv("WEBHOOK_ALLOW_PRIVATE"); v != "" {
		b, err := strconv.ParseBool(v)
		errs = append(errs, wrap("WEBHOOK_ALLOW_PRIVATE", err))
		c.WebhookAllowPrivate = b
	}
	if v := getenv("WEBHOOK_RETRY_BASE"); v != "" {
		d, err := time.ParseDuration(v)
		if err == nil && (d < 100*time.Millisecond || d > time.Hour) {
			err = errors.New("must be 100ms to 1h")
		}
		errs = append(errs, wrap("WEBHOOK_RETRY_BASE", err))
		c.WebhookRetryBase = d
	}
	whole("WEBHOOK_MAX_RETRY", 1, 25, &c.WebhookMaxRetry)
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
	for i, v := range strings.FieldsFunc(getenv("SECRET_KEY_PREVIOUS"), func(r rune) bool { return r == ',' || r == ' ' }) {
		k, err := base64.StdEncoding.DecodeString(v)
		if err == nil && len(k) < 32 {
			err = errors.New("must be at least 32 bytes, base64-encoded")
		}
		errs = append(errs, wrap(fmt.Sprintf("SECRET_KEY_PREVIOUS (key %d)", i+1), err))
		c.PreviousKeys = append(c.PreviousKeys, k)
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
		slog.Any("trusted_proxies", c.TrustedProxies), slog.Bool("secret_key_generated", c.SecretKeyGenerated),
		slog.Int("previous_secret_keys", len(c.PreviousKeys)),
		slog.Bool("webhook_allow_private", c.WebhookAllowPrivate), slog.Duration("webhook_retry_base", c.WebhookRetryBase),
		slog.Int("webhook_max_retry", c.WebhookMaxRetry),
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
  SECRET_KEY          base64 32-byte key for token hashes and sealed fields (default: generated into DATA_DIR)
  SECRET_KEY_PREVIOUS previous secret keys (base64, comma-separated) that still open sealed
                      fields until they are resealed; see README "Field encryption"
  SEED_DEMO           seed the demo network on first start (default true)
  WORKER_CONCURRENCY  parallel jobs per worker (default 10)
  READ_TURNS          reads run at once, the others waiting in order (default: one per core
                      on SQLite, eight per core on MongoDB)
  SHUTDOWN_TIMEOUT    time to finish requests and jobs on SIGTERM (default 20s)
  TRUSTED_PROXIES     reverse proxies (addresses or CIDR networks, comma-separated) whose
                      X-Forwarded-For gives the client address (default none: the socket's)
  SMTP_ADDR, SMTP_FROM  e-mail relay for notifications (default: written to the log)
  LOG_LEVEL, LOG_FORMAT debug|info|warn|error, text|json (default info, text)
  WEBHOOK_ALLOW_PRIVATE let agency webhooks post to private or loopback addresses (default false)
  WEBHOOK_RETRY_BASE  first wait before a failed webhook delivery is retried, doubling (default 30s)
  WEBHOOK_MAX_RETRY   retries of a failed webhook delivery before it fails for good (default 10, 1 to 25)
  GOGC, GOMEMLIMIT    the Go runtime's collector settings (defaults here: 400 and 1GiB)
`

// ParsePrefixes reads a list of addresses and CIDR networks separated by
// commas or spaces; an address is a network of one.
func ParsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("%q is not an address or a CIDR network", f)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil || a.Zone() != "" {
			return nil, fmt.Errorf("%q is not an address or a CIDR network", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

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
