package volume

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/config"
	"github.com/actionhub/actionhub/app/server"
	"github.com/actionhub/actionhub/domain/supplier"
)

// demo is what the demo network adds to the hub's counts.
var demo = Counts{Brands: 2, Suppliers: 2, Nominations: 4, Accepted: 3, Pending: 1, Links: 3, SupplierOrgs: 2, Users: 11, Audits: 2}

func startApp(t *testing.T) *server.App {
	t.Helper()
	env := map[string]string{"DATA_DIR": t.TempDir(), "HTTP_ADDR": "127.0.0.1:0",
		"SECRET_KEY": base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))}
	cfg, err := config.Load(func(k string) string { return env[k] }, false)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	a, err := server.New(ctx, cfg, server.ModeServe, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
	return a
}

// TestSeedAndLoad seeds a small network through the services, checks that
// the hub holds what the plan asked for, refuses a second seed, and runs
// the load briefly against the running App: every read answers and the
// table has a row for each.
func TestSeedAndLoad(t *testing.T) {
	a := startApp(t)
	ctx := context.Background()
	rep, err := Seed(ctx, a, SeedOptions{Scale: 0.001})
	if err != nil {
		t.Fatal(err)
	}
	p := rep.Planned
	if p.Suppliers != 50 || p.Links != 200 || p.Brands != 7 {
		t.Errorf("plan: %+v, want 50 suppliers, 200 links, 7 brands", p)
	}
	plannedAudits := p.Audits
	p.Audits = 0
	want := Counts{Brands: p.Brands + demo.Brands, Suppliers: p.Suppliers + demo.Suppliers, Nominations: p.Nominations + demo.Nominations,
		Accepted: p.Accepted + demo.Accepted, Declined: p.Declined, Links: p.Links + demo.Links,
		SupplierOrgs: p.SupplierOrgs + demo.SupplierOrgs, Users: p.Users + demo.Users,
		DirectoryServices: FullDirectoryServices, // whole at every scale, the demo's real providers among them
		Cases:             p.Cases + 1, Referrals: p.Referrals}
	got := rep.Built
	if got.Audits != plannedAudits+demo.Audits || got.Findings < 3*got.Audits || got.Actions < got.Findings/2 {
		t.Errorf("audits phase: %d audits (want %d), %d findings, %d actions", got.Audits, plannedAudits+demo.Audits, got.Findings, got.Actions)
	}
	got.Audits, got.Findings, got.Actions = 0, 0, 0
	if pending := got.Pending + got.MatchReview; pending != p.Pending+demo.Pending {
		t.Errorf("%d pending or in review, want %d", pending, p.Pending+demo.Pending)
	}
	got.Pending, got.MatchReview = 0, 0
	if got != want {
		t.Errorf("the hub holds %+v, want %+v", got, want)
	}
	if rep.WrongMatches != 0 {
		t.Errorf("%d nominations matched another facility", rep.WrongMatches)
	}
	if _, err := Seed(ctx, a, SeedOptions{Scale: 0.001}); !errors.Is(err, ErrSeeded) {
		t.Errorf("second seed: %v, want ErrSeeded", err)
	}

	lr, err := Load(ctx, LoadOptions{URL: a.URL(), Duration: 50 * time.Millisecond, Connections: 4})
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]bool{}
	for i, r := range lr.Results {
		roles[r.Role] = true
		if r.Requests == 0 || r.Failed > 0 || r.P99 < r.P50 {
			t.Errorf("%s as %s: %d requests, %d failed, p50 %v, p99 %v", r.Path, r.Role, r.Requests, r.Failed, r.P50, r.P99)
		}
		if (i == 0) != (r.Kind == KindFloor) || r.Floor <= 0 {
			t.Errorf("%s: kind %s, %.2f × floor; the floor comes first", r.Path, r.Kind, r.Floor)
		}
	}
	if len(roles) != len(parties)+1 {
		t.Errorf("roles measured: %v", roles)
	}
	var md strings.Builder
	lr.Markdown(&md)
	if rows := strings.Count(md.String(), "\n| `"); rows != len(lr.Results) {
		t.Errorf("table has %d rows for %d results:\n%s", rows, len(lr.Results), md.String())
	}
	for _, s := range []string{"| `/healthz` | anyone |", "`/api/v1/nominations?limit=20&status=pending` | hub admin", "sort=-risk", "× floor",
		"`/api/v1/actions?limit=20&overdue=true` | hub admin", "`/api/v1/findings?limit=20&category=child_labour` | hub admin", "&auditor_id=",
		"`/api/v1/directory/search?limit=20&" + VolumeSearch + "` | case worker",
		"`/api/v1/stipend-payments?limit=20&flagged=true` | hub admin", "`/api/v1/obligations?limit=20` | supplier manager", "&follow_up_due_before=",

		"`/api/v1/referrals?limit=20` | agency officer", "`/api/v1/referrals?limit=20&case_id=",
		"| `/cases` | case worker |", "| `/obligations` | supplier manager |", "| `/referrals?state=sent` | agency officer |", "| `/cases/",
		"| `/stipends` | hub admin |", "| `/stipends/", "| `/obligations/"} {
		if !strings.Contains(md.String(), s) {
			t.Errorf("table lacks %q:\n%s", s, md.String())
		}
	}
}

// TestPlanDrawsDistinctFacilities: the matcher finds no facility of the plan
// like another, and respelled nominations still match their facility.
func TestPlanDrawsDistinctFacilities(t *testing.T) {
	p := makePlan(0.01)
	x := supplier.NewIndex()
	for i, f := range p.facilities {
		if m := x.Match(f); m.State != supplier.MatchNew {
			t.Fatalf("facility %d %q matches %s (%.2f)", i, f.Name, m.CandidateID, m.Score)
		}
		x.Add(p.facilities[i].Name, f)
	}
	matched := 0
	for _, r := range p.further {
		if r.facility >= 0 && x.Match(r.f).CandidateID == p.facilities[r.facility].Name {
			matched++
		}
	}
	if n := len(p.further); matched < n*8/10 {
		t.Errorf("%d of %d further nominations match their facility", matched, n)
	}
}

func TestResultMeets(t *testing.T) {
	for _, c := range []struct {
		r    Result
		want bool
	}{
		{Result{Kind: KindList, RPS: 1500, P99: 40 * time.Millisecond}, true},
		{Result{Kind: KindList, RPS: 900, P99: 40 * time.Millisecond}, false},
		{Result{Kind: KindList, RPS: 1500, P99: 50 * time.Millisecond}, false},
		{Result{Kind: KindMe, RPS: 2500, P99: 5 * time.Millisecond}, false},
		{Result{Kind: KindMe, RPS: 3500, P99: 19 * time.Millisecond}, true},
		{Result{Kind: KindList, RPS: 5000, P99: time.Millisecond, Failed: 1}, false},
		{Result{Kind: KindFloor, RPS: 1, P99: time.Second}, true},
	} {
		if got, _ := c.r.Meets(); got != c.want {
			t.Errorf("%+v meets: %v, want %v", c.r, got, c.want)
		}
	}
}
