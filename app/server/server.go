// Package server wires Action Hub together: the App that main and the
// integration tests start alike.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"runtime"
	"sync"
	"time"

	"github.com/actionhub/actionhub/app/activity"
	"github.com/actionhub/actionhub/app/audits"
	"github.com/actionhub/actionhub/app/cases"
	"github.com/actionhub/actionhub/app/config"
	"github.com/actionhub/actionhub/app/directory"
	"github.com/actionhub/actionhub/app/httpapi"
	"github.com/actionhub/actionhub/app/identity"
	"github.com/actionhub/actionhub/app/kv"
	"github.com/actionhub/actionhub/app/notify"
	"github.com/actionhub/actionhub/app/referrals"
	"github.com/actionhub/actionhub/app/registry"
	"github.com/actionhub/actionhub/app/sealed"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/app/store/mongo"
	"github.com/actionhub/actionhub/app/store/sqlite"
	"github.com/actionhub/actionhub/app/web"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/jobs"
	"github.com/actionhub/actionhub/policies"
	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"
	"github.com/redis/go-redis/v9"
)

// Version is the API version shown in the OpenAPI document.
const Version = "0.1.0"

// Mode says which parts of the system this process runs.
type Mode string

// Modes: serve runs everything in one process (the default); api and
// worker split it for scale and need MongoDB and a real Redis.
const (
	ModeServe  Mode = "serve"
	ModeAPI    Mode = "api"
	ModeWorker Mode = "worker"
)

// App is one running Action Hub process.
type App struct {
	Config   config.Config
	Log      *slog.Logger
	Engine   docstore.Engine
	Store    *store.Store
	Enforcer *policies.Enforcer
	Identity *identity.Service
	Registry *registry.Service
	Audits   *audits.Service
	Cases    *cases.Service
	Ledger   *cases.Ledger
	// Directory is the referral directory (HSDS 3.0).
	Directory *directory.Service
	// Referrals is the referrals of cases to directory services and the agencies' webhooks.
	Referrals *referrals.Service
	Redis     *redis.Client
	HTTP      *fiber.App
	API       huma.API

	mode      Mode
	embedded  *kv.Embedded
	worker    *jobs.Worker
	scheduler *jobs.Scheduler
	monitor   interface{ Close() error }
	enqueuer  *jobs.Enqueuer
	listener  net.Listener
	stopSync  context.CancelFunc
	closeOnce sync.Once
}

// CheckMode refuses to split API and worker into separate processes on the
// embedded store and Redis, which belong to one process.
func CheckMode(mode Mode, mongoURI, redisAddr string) error {
	if mode != ModeServe && (mongoURI == "" || redisAddr == "") {
		return fmt.Errorf("%s runs as a separate process only with MONGODB_URI and REDIS_ADDR set "+
			"(the embedded SQLite store and Redis belong to one process); use serve, or set both", mode)
	}
	return nil
}

// OpenEngine opens the storage engine the configuration names.
func OpenEngine(ctx context.Context, cfg config.Config) (docstore.Engine, error) {
	// Each branch returns a nil interface on error, never a typed nil.
	if cfg.MongoURI != "" {
		e, err := mongo.Open(ctx, cfg.MongoURI, cfg.MongoDatabase)
		if err != nil {
			return nil, err
		}
		return e, nil
	}
	e, err := sqlite.Open(ctx, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	return e, nil
}

// New wires the process for mode. It opens the store (migrating it), Redis
// (in-process when REDIS_ADDR is unset), the enforcer, the services, and the
// HTTP listener (for serve and api), but starts serving only in Run.
func New(ctx context.Context, cfg config.Config, mode Mode, log *slog.Logger) (_ *App, err error) {
	if err := CheckMode(mode, cfg.MongoURI, cfg.RedisAddr); err != nil {
		return nil, err
	}
	a := &App{Config: cfg, Log: log, mode: mode}
	defer func() {
		if err != nil {
			a.Close()
		}
	}()
	if a.Engine, err = OpenEngine(ctx, cfg); err != nil {
		return nil, err
	}
	if a.Store, err = store.Open(ctx, a.Engine); err != nil {
		return nil, err
	}
	redisAddr := cfg.RedisAddr
	if redisAddr == "" {
		if a.embedded, err = kv.StartEmbedded(); err != nil {
			return nil, err
		}
		redisAddr = a.embedded.Addr()
	}
	kv.SetLogger(log)
	a.Redis = kv.NewClient(redisAddr, kv.WithPassword(cfg.RedisPassword), kv.WithDB(cfg.RedisDB))
	relations, err := store.NewRelations(ctx, a.Engine)
	if err != nil {
		return nil, err
	}
	// Replicas sharing a Redis database share the relation channel.
	channel := fmt.Sprintf("actionhub:relations:%d", cfg.RedisDB)
	if a.Enforcer, err = policies.New(ctx, relations, policies.WithChannel(channel), policies.WithLogger(log)); err != nil {
		return nil, err
	}
	syncCtx, stop := context.WithCancel(context.Background())
	a.stopSync = stop
	go func() {
		if err := a.Enforcer.Sync(syncCtx, a.Redis); err != nil && syncCtx.Err() == nil {
			log.Error("relation sync stopped", "err", err)
		}
	}()
	now := func() time.Time { return time.Now().UTC() }
	al := activity.New(a.Store, now)
	a.enqueuer = jobs.NewEnqueuer(a.Redis).WithWebhookRetries(cfg.WebhookMaxRetry)
	outbox := notify.New(a.Store, a.enqueuer, cfg.SMTPAddr, cfg.SMTPFrom, log, now)
	if a.Identity, err = identity.New(a.Store, a.Enforcer, al, outbox, a.Redis, append([][]byte{cfg.SecretKey}, cfg.PreviousKeys...), now, log); err != nil {
		return nil, err
	}
	if n, err := a.Identity.NameOrgLinks(ctx); err != nil {
		return nil, fmt.Errorf("name the organisations' hub links: %w", err)
	} else if n > 0 {
		log.Info("named the organisations' hub links stored before they carried names", "links", n)
	}
	a.Audits = audits.New(a.Store, a.Enforcer, al, outbox, kv.NewLocks(a.Redis), now)
	sealer, err := sealed.New(sealed.CaseIdentity, cfg.SecretKey, cfg.PreviousKeys...)
	if err != nil {
		return nil, fmt.Errorf("case identity keys: %w", err)
	}
	a.Cases = cases.New(a.Store, a.Enforcer, al, sealer, now)
	a.Directory = directory.New(a.Store, a.Enforcer, al, now)
	a.Ledger = cases.NewLedger(a.Store, a.Enforcer, al, outbox, now)
	secretSealer, err := sealed.New(referrals.WebhookSecrets, cfg.SecretKey, cfg.PreviousKeys...)
	if err != nil {
		return nil, fmt.Errorf("webhook secret keys: %w", err)
	}
	a.Referrals = referrals.New(a.Store, a.Enforcer, al, sealer, secretSealer, outbox, a.enqueuer,
		referrals.Options{AllowPrivate: cfg.WebhookAllowPrivate, PublicURL: cfg.PublicURL}, log, now)
	if mode != ModeAPI {
		deps := jobs.Deps{Sessions: a.Identity, Outbox: outbox, Notifier: outbox, Audits: a.Audits, Stipends: a.Ledger, Cases: a.Cases,
			Referrals: a.Referrals, Directory: a.Directory, Now: now}
		a.worker = jobs.NewWorker(a.Redis, deps, log, jobs.WorkerOptions{Concurrency: cfg.WorkerCount, ShutdownTimeout: cfg.ShutdownTimeout,
			WebhookRetryBase: cfg.WebhookRetryBase, WebhookMaxRetry: cfg.WebhookMaxRetry})
		if a.scheduler, err = jobs.NewScheduler(a.Redis, log, jobs.SchedulerOptions{}); err != nil {
			return nil, err
		}
	}
	if mode != ModeWorker {
		// Only the API matches nominations: the worker builds no matching index.
		if a.Registry, err = registry.New(ctx, a.Store, a.Enforcer, al, outbox, now, log); err != nil {
			return nil, err
		}
		go a.Registry.RefreshEvery(syncCtx, registry.DefaultRefreshEvery)
		mon := jobs.Monitor(a.Redis, "/monitor/jobs")
		a.monitor = mon
		// One set of upload slots and one of read turns for the API and the pages.
		uploads := httpapi.NewUploadSlots()
		n := readTurns(cfg)
		log.Info("reads take turns", "turns", n)
		turns := httpapi.NewReadTurns(n, httpapi.TurnWait)
		pages, err := web.New(web.Deps{Identity: a.Identity, Registry: a.Registry, Audits: a.Audits, Cases: a.Cases, Ledger: a.Ledger, Activity: al, Enforcer: a.Enforcer,
			Directory: a.Directory, Referrals: a.Referrals,
			Redis: a.Redis, Log: log, PublicURL: cfg.PublicURL, SecretKey: cfg.SecretKey, ClientIP: httpapi.ClientIP,
			Uploads: uploads, Turns: turns})
		if err != nil {
			return nil, err
		}
		a.HTTP, a.API = httpapi.New(httpapi.Deps{
			Identity: a.Identity, Registry: a.Registry, Audits: a.Audits, Cases: a.Cases, Ledger: a.Ledger, Directory: a.Directory, Referrals: a.Referrals,
			Activity: al, Enforcer: a.Enforcer, Ready: a.Ready, JobMonitor: mon, Redis: a.Redis,
			Log: log, TrustedProxies: cfg.TrustedProxies, PublicURL: cfg.PublicURL, Version: Version, PageBodyLimits: web.BodyLimits,
			PageRefusal: pages.RefusedForm, Uploads: uploads, Turns: turns,
		})
		pages.Mount(a.HTTP)
		if a.listener, err = net.Listen("tcp", cfg.HTTPAddr); err != nil {
			return nil, fmt.Errorf("listen on %s: %w", cfg.HTTPAddr, err)
		}
	}
	return a, nil
}

// readTurns is how many reads run at once (see httpapi.ReadTurns): as
// set, else one per core on SQLite, whose reads are work for the cores
// alone, and eight per core on MongoDB, whose reads mostly wait on the
// network while holding their turn.
func readTurns(cfg config.Config) int {
	switch {
	case cfg.ReadTurns > 0:
		return cfg.ReadTurns
	case cfg.MongoURI != "":
		return 8 * runtime.GOMAXPROCS(0)
	}
	return runtime.GOMAXPROCS(0)
}

// Addr is the address the API listens on, e.g. 127.0.0.1:8080.
func (a *App) Addr() string {
	if a.listener == nil {
		return ""
	}
	return a.listener.Addr().String()
}

// URL is the base URL of the listening API.
func (a *App) URL() string { return "http://" + a.Addr() }

// Ready reports whether the store and Redis answer.
func (a *App) Ready(ctx context.Context) error {
	if err := a.Engine.Ping(ctx); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if err := kv.Ping(ctx, a.Redis); err != nil {
		return fmt.Errorf("redis: %w", err)
	}
	return nil
}

// Run serves until ctx ends, then shuts down gracefully: the listener stops
// taking connections, in-flight requests and jobs finish (up to the
// shutdown timeout), and the stores close.
func (a *App) Run(ctx context.Context) error {
	errc := make(chan error, 3)
	if a.worker != nil {
		if err := a.worker.Start(); err != nil {
			return err
		}
		if err := a.scheduler.Start(); err != nil {
			return err
		}
	}
	if a.HTTP != nil {
		go func() { errc <- a.HTTP.Listener(a.listener) }()
	}
	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-errc:
	}
	a.Log.Info("shutting down", "timeout", a.Config.ShutdownTimeout)
	if a.HTTP != nil {
		if err := a.HTTP.ShutdownWithTimeout(a.Config.ShutdownTimeout); err != nil {
			a.Log.Warn("http shutdown", "err", err)
		}
	}
	if a.worker != nil {
		a.scheduler.Shutdown()
		a.worker.Shutdown()
	}
	a.Close()
	return runErr
}

// Close releases everything New opened; it is safe to call twice.
func (a *App) Close() error {
	var errs []error
	a.closeOnce.Do(func() {
		if a.stopSync != nil {
			a.stopSync()
		}
		if a.listener != nil && a.HTTP == nil {
			errs = append(errs, a.listener.Close())
		}
		if a.monitor != nil {
			errs = append(errs, a.monitor.Close())
		}
		if a.Redis != nil {
			errs = append(errs, a.Redis.Close())
		}
		if a.embedded != nil {
			a.embedded.Close()
		}
		if a.Engine != nil {
			errs = append(errs, a.Engine.Close())
		}
	})
	return errors.Join(errs...)
}

// SeedDemo creates the demo network on first start: hubs, organisations and
// users, then the demo supplier registry, then its audits, then the demo
// case (from a child labour finding, when the audits hold one). Each part seeds
// only once.
func (a *App) SeedDemo(ctx context.Context) (seeded bool, logins []identity.DemoLogin, err error) {
	seeded, logins, err = a.Identity.SeedDemo(ctx)
	if err != nil {
		return false, nil, err
	}
	hub, err := a.Store.Hubs.ByCode(ctx, identity.DemoHubCode)
	if errors.Is(err, domain.ErrNotFound) {
		return seeded, logins, nil
	}
	if err != nil {
		return seeded, logins, err
	}
	// Each area seeds on what the one before it made (the registry's
	// suppliers, the audits' findings); each says whether it made anything.
	for _, seed := range []func(context.Context, string) (bool, error){
		a.Registry.SeedDemo, a.Audits.SeedDemo, a.Cases.SeedDemo, a.Directory.SeedDemo,
	} {
		made, err := seed(ctx, hub.ID)
		if err != nil {
			return seeded, logins, err
		}
		seeded = seeded || made
	}
	return seeded, logins, nil
}
