// Command app is Action Hub: one binary with sub-commands for every role a
// process can play. `go run ./app` starts the whole system on embedded
// defaults.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/actionhub/actionhub/app/config"
	"github.com/actionhub/actionhub/app/identity"
	"github.com/actionhub/actionhub/app/server"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/sqlite"
	"github.com/actionhub/actionhub/app/volume"
)

const usage = `Action Hub: supplier human-rights due diligence on child labour.

Usage: app [command]

Commands:
  serve    API and worker in one process (default); seeds the demo network on first start
  api      the HTTP API only (needs MONGODB_URI and REDIS_ADDR)
  worker   background jobs and the one scheduler (needs MONGODB_URI and REDIS_ADDR)
  seed     create the demo network if it is not there, then exit
  migrate  create collections and indexes, then exit (idempotent)
  backup   write a consistent copy of the SQLite data: app backup DEST_DIR
  reseal   re-seal every case identity still under SECRET_KEY_PREVIOUS, then say whether the previous key may go
  healthcheck  exit 0 when the API at HTTP_ADDR answers /readyz (for containers)
  volume-seed  build the volume network (50,000 suppliers, 200,000 brand links) into DATA_DIR or MONGODB_URI; -scale 0.02 for a quick one
  volume-load  measure every list and key read as each role against a running server (-url, -duration, -data-dir)
  help     this text

`

func main() {
	if err := run(os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func run(args []string, getenv func(string) string, out io.Writer) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd = args[0]
	}
	switch cmd {
	case "help", "-h", "--help", "-help":
		fmt.Fprint(out, usage+config.Help)
		return nil
	case "healthcheck":
		return healthcheck(getenv("HTTP_ADDR"))
	case "volume-seed", "volume-load":
		return volume.Main(cmd, args[1:], getenv, out)
	case "serve", "api", "worker", "seed", "migrate", "backup", "reseal":
	default:
		fmt.Fprint(out, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
	if cmd == "api" || cmd == "worker" {
		if err := server.CheckMode(server.Mode(cmd), getenv("MONGODB_URI"), getenv("REDIS_ADDR")); err != nil {
			return err
		}
	}
	// Separate API and worker replicas must share one key: they never make one.
	cfg, err := config.Load(getenv, cmd != "api" && cmd != "worker")
	if err != nil {
		return err
	}
	tuneGC(getenv)
	log := newLogger(cfg)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	switch cmd {
	case "backup":
		if len(args) < 2 {
			return errors.New("usage: app backup DEST_DIR")
		}
		if cfg.MongoURI != "" {
			return errors.New("backup copies the SQLite data; with MongoDB use mongodump")
		}
		if err := sqlite.Backup(ctx, cfg.DataDir, args[1]); err != nil {
			return err
		}
		// Without the generated key, API keys in the copy would never work again.
		if err := copyKey(cfg.DataDir, args[1]); err != nil {
			return err
		}
		fmt.Fprintln(out, "backup written to", args[1])
		return nil
	case "migrate":
		e, err := server.OpenEngine(ctx, cfg)
		if err != nil {
			return err
		}
		defer e.Close()
		if err := store.Migrate(ctx, e); err != nil {
			return err
		}
		fmt.Fprintln(out, "collections and indexes are up to date")
		return nil
	}

	if cfg.SecretKeyGenerated {
		log.Warn("SECRET_KEY is not set: generated one into " + filepath.Join(cfg.DataDir, "secret.key") +
			"; keep that file (losing it logs everyone out) and set SECRET_KEY in production")
	}
	log.Info("starting Action Hub", "command", cmd, "config", cfg)
	mode := server.Mode(cmd)
	if cmd == "seed" || cmd == "reseal" {
		mode = server.ModeServe
		cfg.HTTPAddr = "127.0.0.1:0"
	}
	a, err := server.New(ctx, cfg, mode, log)
	if err != nil {
		return err
	}
	if cmd == "reseal" {
		defer a.Close()
		return reseal(ctx, a, out)
	}
	if cmd == "seed" || (cmd == "serve" && cfg.Seed) {
		seeded, logins, err := a.SeedDemo(ctx)
		if err != nil {
			a.Close()
			return err
		}
		if cmd == "seed" {
			a.Close()
			fmt.Fprintln(out, map[bool]string{true: "demo network created", false: "demo network already there"}[seeded])
			return nil
		}
		printWelcome(out, a.URL(), logins)
	}
	if mode != server.ModeWorker {
		log.Info("listening", "url", a.URL(), "docs", a.URL()+"/docs")
	}
	start := time.Now()
	err = a.Run(ctx)
	log.Info("stopped", "after", time.Since(start).Round(time.Second))
	return err
}

func printWelcome(out io.Writer, url string, logins []identity.DemoLogin) {
	fmt.Fprintf(out, "\nAction Hub is running at %s\n  API docs: %s/docs   OpenAPI: %s/openapi.json   health: %s/readyz\n", url, url, url, url)
	fmt.Fprintf(out, "\nDemo logins (password %q for all):\n", identity.DemoPassword)
	for _, l := range logins {
		fmt.Fprintf(out, "  %-32s %-17s %s\n", l.Email, l.Role, l.Org)
	}
	fmt.Fprintf(out, "\nTry: curl -s %s/api/v1/auth/login -H 'Content-Type: application/json' -d '{\"email\":\"%s\",\"password\":\"%s\"}'\n\n",
		url, logins[0].Email, identity.DemoPassword)
}

func newLogger(cfg config.Config) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

// healthcheck asks the local API whether it is ready.
func healthcheck(addr string) error {
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	addr = strings.Replace(addr, "0.0.0.0", "127.0.0.1", 1)
	c := &http.Client{Timeout: 3 * time.Second}
	r, err := c.Get("http://" + addr + "/readyz")
	if err != nil {
		return err
	}
	r.Body.Close()
	if r.StatusCode != http.StatusOK {
		return fmt.Errorf("not ready: %s", r.Status)
	}
	return nil
}

// copyKey copies a generated secret key into a backup, keeping it private.
func copyKey(dataDir, dest string) error {
	b, err := os.ReadFile(filepath.Join(dataDir, "secret.key"))
	if errors.Is(err, os.ErrNotExist) {
		return nil // SECRET_KEY comes from the environment
	}
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dest, "secret.key"), b, 0o600)
}

// reseal runs the re-seal job's work to the end (the job does the same in
// bounded runs every 10 minutes) and says whether SECRET_KEY_PREVIOUS may
// be dropped: step 3 of the key rotation (README, "Field encryption").
func reseal(ctx context.Context, a *server.App, out io.Writer) error {
	total := 0
	for {
		n, err := a.Cases.ResealIdentities(ctx, time.Now(), 2000)
		total += n
		if err != nil {
			return fmt.Errorf("after %d re-sealed: %w", total, err)
		}
		if n == 0 {
			break
		}
	}
	left, err := a.Cases.IdentitiesUnderPreviousKeys(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%d case identities re-sealed under the current key; %d left under a previous key\n", total, left)
	if left == 0 {
		fmt.Fprintln(out, "SECRET_KEY_PREVIOUS may be removed")
	}
	return nil
}

// tuneGC lets the heap grow to five times what is live between collections
// (GOGC=400) unless GOGC is set, and keeps it under GOMEMLIMIT (1 GiB unless
// set) by collecting more often near it. A list request allocates a few
// hundred KB; with the runtime's default (100) collection and its assists
// took a quarter of the CPU of the page reads at 32 connections, and those
// reads went from about 1,900 to 2,400 a second with a p99 of 40-48 ms
// instead of 51-60 ms. The server's resident size under that load: about
// 350 MB.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1 << 30)
	}
}
