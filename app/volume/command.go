package volume

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/actionhub/actionhub/app/config"
	"github.com/actionhub/actionhub/app/server"
)

// Main runs volume-seed or volume-load with their flags.
func Main(cmd string, args []string, getenv func(string) string, out io.Writer) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch cmd {
	case "volume-seed":
		fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
		scale := fs.Float64("scale", 1, "size as a share of the full network (1: 50,000 suppliers and 200,000 links)")
		workers := fs.Int("workers", 4, "operator decisions made at once")
		cases := fs.Int("cases", 0, "cases to store, each with its plan, payments and follow-ups (0: 50,000 at scale 1, scaled)")
		refs := fs.Int("referrals", 0, "referrals to store (0: 150,000 at scale 1, scaled)")
		if err := fs.Parse(args); err != nil {
			return err
		}
		return seedCommand(ctx, getenv, out, SeedOptions{Scale: *scale, Workers: *workers, Out: out, Cases: *cases, Referrals: *refs})
	case "volume-load":
		fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
		o := LoadOptions{Out: out}
		fs.StringVar(&o.URL, "url", "http://127.0.0.1:8080", "the running server")
		fs.DurationVar(&o.Duration, "duration", 5*time.Second, "time per read")
		fs.IntVar(&o.Connections, "connections", 32, "keep-alive connections")
		fs.StringVar(&o.DataDir, "data-dir", getenv("DATA_DIR"), "the server's SQLite DATA_DIR, to sample its WAL (empty: not sampled)")
		fs.StringVar(&o.Only, "only", "", "run only the reads whose path contains this (or any of these, comma-separated), or of this kind (page)")
		if err := fs.Parse(args); err != nil {
			return err
		}
		rep, err := Load(ctx, o)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "\n%d reads in %.0fs, %d connections, %s each:\n\n", len(rep.Results), rep.Took.Seconds(), o.Connections, o.Duration)
		rep.Markdown(out)
		return nil
	}
	return fmt.Errorf("unknown command %q", cmd)
}

// seedCommand opens the configured store as serve would, runs the App (its
// worker delivers the notifications the seed queues) and seeds.
func seedCommand(ctx context.Context, getenv func(string) string, out io.Writer, o SeedOptions) error {
	cfg, err := config.Load(getenv, true)
	if err != nil {
		return err
	}
	cfg.HTTPAddr = "127.0.0.1:0"
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	a, err := server.New(ctx, cfg, server.ModeServe, log)
	if err != nil {
		return err
	}
	runCtx, stopRun := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() { ran <- a.Run(runCtx) }()
	where := cfg.DataDir
	if cfg.MongoURI != "" {
		where = "MongoDB " + cfg.MongoDatabase
	}
	fmt.Fprintf(out, "seeding the volume network at scale %g into %s\n", o.Scale, where)
	rep, err := Seed(ctx, a, o)
	stopRun()
	err = errors.Join(err, <-ran)
	if rep != nil && rep.Took > 0 {
		rep.Print(out)
	}
	return err
}

// Print writes what the seed built and how long it took.
func (rep *SeedReport) Print(w io.Writer) {
	p, b := rep.Planned, rep.Built
	fmt.Fprintf(w, "\nseeded in %s\n", rep.Took.Round(time.Second))
	fmt.Fprintf(w, "%-24s %9s %9s\n", "", "planned", "in the hub")
	line := func(name string, planned, built int) { fmt.Fprintf(w, "%-24s %9d %9d\n", name, planned, built) }
	line("suppliers", p.Suppliers, b.Suppliers)
	line("nominations", p.Nominations, b.Nominations)
	line("  accepted", p.Accepted, b.Accepted)
	line("  pending or in review", p.Pending, b.Pending+b.MatchReview)
	line("  declined", p.Declined, b.Declined)
	line("brand links", p.Links, b.Links)
	line("brands", p.Brands, b.Brands)
	line("facilities with users", p.SupplierOrgs, b.SupplierOrgs)
	line("users", p.Users, b.Users)
	line("audits", p.Audits, b.Audits)
	line("findings", p.Findings, b.Findings)
	line("corrective actions", p.Actions, b.Actions)
	line("cases", p.Cases, b.Cases)
	line("directory services", p.DirectoryServices, b.DirectoryServices)
	line("referrals", p.Referrals, b.Referrals)
	fmt.Fprintf(w, "further nominations of registered facilities on upload: %d matched, %d to review, %d as new, %d to another facility\n",
		rep.Automatic, rep.Review, rep.New, rep.WrongMatches)
	fmt.Fprintf(w, "(the hub's counts include the demo network's: 2 suppliers, 4 nominations, 2 brands, 2 facilities, 11 users)\n")
}
