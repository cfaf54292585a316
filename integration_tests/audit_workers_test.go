package integration_tests

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/actionhub/actionhub/app/audits"
	"github.com/actionhub/actionhub/app/notify"
	"github.com/actionhub/actionhub/app/server"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/mongo/mongotest"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/jobs"
)

// TestAuditWorkersEscalateOnce runs the compose topology of the overdue
// sweep: an API and two workers (each with its own asynq server and
// scheduler, as two worker replicas have) on one MongoDB database and one
// Redis. An overdue corrective action is escalated once to each recipient
// and delivered once, however many sweeps both workers run at once; after
// Redis comes back empty, sweeping again sends no duplicate and escalates
// the action that fell due meanwhile.
//
// The app reads the wall clock, so "falls due" moves the action's deadline
// into the past through the store's typed collection (a versioned update,
// which rewrites the indexed fields the sweep's query reads) instead of
// moving time forward.
func TestAuditWorkersEscalateOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("the worker pair is skipped in -short")
	}
	api := startApp(t, withMongo(mongotest.URI(t), mongotest.Database(t)), withMode(server.ModeAPI))
	if api.env["REDIS_ADDR"] == "" {
		t.Skip("two worker processes need a real Redis")
	}
	workers := []*testApp{startApp(t, withEnv(api), withMode(server.ModeWorker)), startApp(t, withEnv(api), withMode(server.ModeWorker))}
	ctx := t.Context()
	db, err := strconv.Atoi(api.env["REDIS_DB"])
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(&redis.Options{Addr: api.env["REDIS_ADDR"], DB: db})
	t.Cleanup(func() { rdb.Close() })
	insp := asynq.NewInspectorFromRedisClient(rdb)

	// One published audit at a supplier linked to Nordwind, with a child
	// labour finding: a safeguarding action and a remediation plan, both
	// due in the future.
	hubAdmin, auditor := api.login("hub.admin@crah.demo"), api.login("auditor@crah.demo")
	brandA := api.login("brand.manager@nordwind.demo")
	me := api.do("GET", "/api/v1/me", auditor, nil)
	expect(t, me, http.StatusOK)
	auditorID := str(me.Body["user"].(map[string]any), "id")
	brandMe := api.do("GET", "/api/v1/me", brandA, nil)
	expect(t, brandMe, http.StatusOK)
	orgA := str(brandMe.Body["organisation"].(map[string]any), "id")
	n := nominate(t, api, brandA, facility("Indus Weaving Mills", "Plot 12, Sector 7-A, Korangi Industrial Area", "Karachi", "weaving"), http.StatusCreated)
	sup := str(accept(t, api, hubAdmin, str(n, "id")), "supplier_id")
	kar, _ := time.LoadLocation("Asia/Karachi")
	day := func(n int) string { return time.Now().In(kar).AddDate(0, 0, n).Format("2006-01-02") }
	sched := api.do("POST", "/api/v1/audits", hubAdmin, map[string]any{"supplier_id": sup, "type": "initial", "mode": "announced",
		"window": map[string]any{"from": day(1), "to": day(2)}, "lead_auditor_id": auditorID, "team_ids": []string{auditorID},
		"brand_org_ids": []string{orgA}})
	expect(t, sched, http.StatusCreated)
	id := str(sched.Body, "id")
	expect(t, api.do("POST", "/api/v1/audits/"+id+"/start", auditor, nil), http.StatusOK)
	f := api.do("POST", "/api/v1/audits/"+id+"/findings", auditor, map[string]any{"category": "child_labour",
		"description": "Two children under 14 trimming threads.", "affected": map[string]any{"female": map[string]any{"under_14": 2}}})
	expect(t, f, http.StatusCreated)
	expect(t, api.do("POST", "/api/v1/audits/"+id+"/submit", auditor, map[string]any{"score": map[string]any{"met": 80, "applicable": 100}, "summary": "Children found."}), http.StatusOK)
	expect(t, api.do("POST", "/api/v1/audits/"+id+"/publish", hubAdmin, nil), http.StatusOK)
	acts, _, err := api.app.Store.Actions.OfFinding(ctx, str(f.Body, "id"), store.Page{Limit: 10})
	if err != nil || len(acts) != 2 {
		t.Fatalf("the finding's actions: %d, %v", len(acts), err)
	}
	safe, plan := acts[0], acts[1]
	if safe.Kind != audit.KindSafeguarding {
		safe, plan = plan, safe
	}
	fallDue := func(a *audit.Action) {
		t.Helper()
		if _, err := api.app.Store.Actions.Update(ctx, a.ID, func(x *audit.Action) error {
			x.Due = time.Now().Add(-time.Hour).UTC()
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}

	// Each worker's sweeper, built as the worker builds it on that worker's
	// own store connection and Redis client: called from both at one
	// instant, the two truly race, which queued tasks cannot promise (one
	// idle worker may take them all).
	now := func() time.Time { return time.Now().UTC() }
	var sweepers []*audits.Service
	for _, w := range workers {
		ob := notify.New(w.app.Store, jobs.NewEnqueuer(w.app.Redis), "", "", slog.New(slog.DiscardHandler), now)
		sweepers = append(sweepers, audits.New(w.app.Store, w.app.Enforcer, nil, ob, nil, now))
	}
	if srvs, err := insp.Servers(); err != nil || len(srvs) != 2 {
		t.Fatalf("asynq servers on the shared Redis: %d, %v; want the two workers'", len(srvs), err)
	}
	// sweepOnBoth queues overdue sweeps for the workers' servers and, at the
	// same instant, sweeps from both workers' stores, three rounds; then
	// waits for the queue to drain and checks no sweep failed.
	sweepOnBoth := func() {
		t.Helper()
		// a new client, as a restarted process has: asynq's remembers the
		// queues it registered, which an emptied Redis dropped
		client := asynq.NewClientFromRedisClient(rdb)
		for range 3 {
			go_ := make(chan struct{})
			var wg sync.WaitGroup
			for _, s := range sweepers {
				wg.Go(func() {
					<-go_
					if _, err := s.EscalateOverdueActions(ctx, now(), 100); err != nil {
						t.Errorf("sweep: %v", err)
					}
				})
			}
			for range 2 {
				wg.Go(func() {
					<-go_
					if _, err := client.Enqueue(jobs.NewAuditSweepTask(jobs.TypeActionsEscalate)); err != nil {
						t.Errorf("enqueue: %v", err)
					}
				})
			}
			close(go_)
			wg.Wait()
		}
		pollUntil(t, "the queued sweeps ran", func() bool {
			q, err := insp.GetQueueInfo(jobs.QueueLow)
			return err == nil && q.Pending == 0 && q.Active == 0 && q.Retry == 0
		})
		if q, err := insp.GetQueueInfo(jobs.QueueLow); err != nil || q.Failed != 0 || q.Archived != 0 {
			t.Fatalf("queued sweeps failed: %+v, %v", q, err)
		}
	}
	// escalations counts the overdue messages to each address about a.
	escalations := func(a *audit.Action) map[string]int {
		t.Helper()
		out := map[string]int{}
		err := api.app.Store.Notifications.Scan(ctx, 500, func(ns []*domain.Notification) error {
			for _, x := range ns {
				if strings.HasPrefix(x.Subject, "Corrective action overdue") && strings.HasSuffix(x.Body, a.What) {
					out[x.To]++
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	// once checks that the hub's admin and the linked brand's manager got
	// one message about a each, and no one two; the unlinked brand none.
	once := func(what string, a *audit.Action) {
		t.Helper()
		got := escalations(a)
		for to, c := range got {
			if c != 1 {
				t.Errorf("%s: %s got %d escalations of the %s action, want 1", what, to, c, a.Kind)
			}
		}
		for to, want := range map[string]int{"hub.admin@crah.demo": 1, "brand.manager@nordwind.demo": 1, "brand.manager@lakeside.demo": 0} {
			if got[to] != want {
				t.Errorf("%s: %s got %d escalations of the %s action, want %d", what, to, got[to], a.Kind, want)
			}
		}
	}
	// allDelivered waits until every stored message is sent, by one
	// delivery each (a second delivery would count a second attempt).
	allDelivered := func() {
		t.Helper()
		var last []string
		defer func() {
			if len(last) != 0 {
				t.Errorf("not delivered once: %v", last)
			}
		}()
		pollUntil(t, "every message delivered once", func() bool {
			last = last[:0]
			err := api.app.Store.Notifications.Scan(ctx, 500, func(ns []*domain.Notification) error {
				for _, x := range ns {
					if x.Status != domain.NotificationSent || x.Attempts != 1 {
						last = append(last, x.To+" "+x.Subject+" "+x.Status+" attempts "+strconv.Itoa(x.Attempts))
					}
				}
				return nil
			})
			return err == nil && len(last) == 0
		})
	}

	fallDue(safe)
	sweepOnBoth()
	once("after sweeps on two workers", safe)
	if got := escalations(plan); len(got) != 0 {
		t.Fatalf("the plan, not yet due, was escalated: %v", got)
	}
	allDelivered()

	// Redis restarts empty; the plan falls due meanwhile.
	if err := rdb.FlushDB(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	fallDue(plan)
	sweepOnBoth()
	once("after Redis emptied and sweeps again", safe)
	once("after Redis emptied and sweeps again", plan)
	// Deliveries an emptied queue lost are made up from the stored messages.
	if _, err := asynq.NewClientFromRedisClient(rdb).Enqueue(jobs.NewOutboxSweepTask()); err != nil {
		t.Fatal(err)
	}
	allDelivered()
	for _, a := range []*audit.Action{safe, plan} {
		if x, err := api.app.Store.Actions.Get(ctx, a.ID); err != nil || x.OverdueNotified.IsZero() {
			t.Errorf("the %s action is not marked escalated: %v", a.Kind, err)
		}
	}
	if due, _, err := api.app.Store.Actions.EscalationsDue(ctx, now(), store.Page{Limit: 10}); err != nil || len(due) != 0 {
		t.Errorf("escalations still due: %d, %v", len(due), err)
	}
}

// pollUntil polls cond until it holds, for up to 20 s.
func pollUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
