package server_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/cases"
	"github.com/actionhub/actionhub/app/config"
	"github.com/actionhub/actionhub/app/identity"
	"github.com/actionhub/actionhub/app/referrals"
	"github.com/actionhub/actionhub/app/sealed"
	"github.com/actionhub/actionhub/app/server"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/law"
	"github.com/actionhub/actionhub/domain/referral"
)

// Size of the benchmarks' hub: a few thousand cases, each as heavy as a
// case in remediation gets (work, classification, consent, assessment, a
// plan of five actions, approvals, a history of twelve changes), and as
// many referrals to one agency; each case has its next follow-up due.
const (
	benchListCases     = 3000
	benchListReferrals = 3000
)

// listWorld is a running app with the demo network, benchListCases cases
// in its hub (assigned to the demo case worker) and benchListReferrals
// referrals to the Multan agency, and the callers' tokens and contexts.
type listWorld struct {
	a      *server.App
	url    string
	tokens map[string]string          // by demo e-mail
	actors map[string]context.Context // by demo e-mail
}

func newListWorld(b *testing.B) *listWorld {
	b.Helper()
	key := make([]byte, 32)
	for i := range key {
		key[i] = byte(i + 3)
	}
	env := map[string]string{"DATA_DIR": b.TempDir(), "HTTP_ADDR": "127.0.0.1:0", "LOG_LEVEL": "error",
		"SECRET_KEY": base64.StdEncoding.EncodeToString(key)}
	cfg, err := config.Load(func(k string) string { return env[k] }, true)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	a, err := server.New(ctx, cfg, server.ModeServe, slog.New(slog.DiscardHandler))
	if err != nil {
		cancel()
		b.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	b.Cleanup(func() {
		cancel()
		<-done
	})
	if _, _, err := a.SeedDemo(ctx); err != nil {
		b.Fatal(err)
	}
	w := &listWorld{a: a, url: a.URL(), tokens: map[string]string{}, actors: map[string]context.Context{}}
	for _, email := range []string{"case.worker@crah.demo", "hub.admin@crah.demo", "officer@cpwb.demo"} {
		w.login(b, email)
	}
	hub, err := a.Store.Hubs.ByCode(ctx, identity.DemoHubCode)
	if err != nil {
		b.Fatal(err)
	}
	cw, err := a.Store.Users.ByEmail(ctx, "case.worker@crah.demo")
	if err != nil {
		b.Fatal(err)
	}
	officer, err := a.Store.Users.ByEmail(ctx, "officer@cpwb.demo")
	if err != nil {
		b.Fatal(err)
	}
	sealer, err := sealed.New(sealed.CaseIdentity, key)
	if err != nil {
		b.Fatal(err)
	}
	vault := a.Store.Cases.Vault(sealer)
	at := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	for i := range benchListCases {
		c := benchListCase(i, hub.ID, cw.ID, at.Add(time.Duration(i)*time.Minute))
		if err := vault.Insert(ctx, c); err != nil {
			b.Fatal(err)
		}
		f := casework.NewFollowUp(fmt.Sprintf("bench-fu-%05d", i), c, c.NextFollowUpDue, at)
		if err := a.Store.FollowUps.Insert(ctx, &f); err != nil {
			b.Fatal(err)
		}
	}
	for i := range benchListReferrals {
		sent := at.Add(time.Duration(i) * time.Minute)
		r := &referral.Referral{ID: fmt.Sprintf("bench-ref-%05d", i), HubID: hub.ID, CaseID: fmt.Sprintf("bench-case-%05d", i%benchListCases),
			CaseCode: fmt.Sprintf("MUX-2026-%05d", i%benchListCases), ServiceID: "bench-service", ServiceName: "Non-formal education centre",
			ServiceType: "non_formal_education", ProviderID: "bench-provider", ProviderName: "Punjab Literacy & Non-Formal Basic Education Department",
			AgencyOrgID: officer.OrgID, ChildAgeYears: 13, ChildSex: casework.SexMale, Reason: "A place in a non-formal education centre near home",
			Urgency: referral.Routine, State: referral.States[i%len(referral.States)], SentBy: cw.ID, Sent: sent,
			Due: sent.Add(14 * 24 * time.Hour), RemindAt: sent.Add(7 * 24 * time.Hour), Created: sent, Updated: sent,
			History: []referral.Event{{State: referral.Sent, By: cw.ID, At: sent}, {State: referral.Accepted, By: officer.ID, At: sent.Add(time.Hour)}}}
		if err := a.Store.Referrals.Insert(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
	return w
}

// benchListCase is a case in remediation with everything a list item used
// to carry.
func benchListCase(i int, hubID, worker string, at time.Time) *casework.Case {
	stages := []casework.Stage{casework.StageIdentified, casework.StageAssessment, casework.StageRemediationPlan, casework.StageServicesInProgress, casework.StageMonitoring}
	c := &casework.Case{ID: fmt.Sprintf("bench-case-%05d", i), HubID: hubID, Code: fmt.Sprintf("MUX-2026-%05d", i),
		SupplierID: fmt.Sprintf("bench-sup-%03d", i%100), Source: casework.SourceOutreach, Status: casework.StatusOpen,
		Stage: stages[i%len(stages)], OpenedBy: worker, AssignedTo: worker, Identified: at,
		Identity: &casework.Identity{ChildName: "Zeeshan Iqbal", GuardianName: "Iqbal Masih", Address: "Gali 9, Basti Malook, Multan",
			Phone: "0345-0000000", FamilySituation: "The father owes the kiln owner an advance.", SchoolHistory: "Left school in class 5.",
			Languages: []string{"ur", "pa"}},
		Child: casework.Child{AgeYears: 10 + i%8, AgeMethod: casework.AgeBForm, Sex: casework.SexMale},
		Work: casework.Work{Sector: "leather_tanning", Tasks: []law.Task{{Code: "leather_tanning.liming"}, {Text: "Carries hides to the drums"}},
			Hazards: []string{"chemicals", "heavy_loads"}, DaysPerWeek: 6, WageMonthlyPKR: 9000, RecruitedHow: "Through an uncle who works there",
			Days: []law.Day{{Shifts: []law.Shift{{Start: law.At(8, 0), End: law.At(14, 0)}}}}},
		Jurisdiction: law.Punjab,
		Classification: casework.Classification{PackID: "punjab/1", Class: law.HazardousChildLabour, Applies: []law.Class{law.HazardousChildLabour},
			Reasons:    []string{"At 13 the person is a child under the Punjab Restriction on Employment of Children Act 2016 and is in hazardous work."},
			Provisions: []string{"punjab.child_employment", "punjab.hazardous_work"}, SchoolAge: true},
		Consent: casework.Consent{Services: casework.ConsentRecord{Answer: casework.ConsentGiven, By: "mother", RecordedBy: worker, At: at},
			Disclosure: casework.ConsentRecord{Answer: casework.ConsentGiven, By: "mother", RecordedBy: worker, At: at}},
		Assessment: casework.Assessment{Risk: casework.RiskHigh, Summary: "Works with lime and sulphide without protection; wants to go back to school.",
			Needs: "School place, stipend, birth registration", By: worker, At: at},
		Immediate: casework.ImmediateAction{RemovedAt: at, SafeguardingNotes: "Removed from the liming pit the same day.", By: worker, At: at},
		FollowUps: 3, FollowUpStreak: 1, NextFollowUpDue: audit.Date("2026-06-01").AddDays(i % 30), FollowUpMade: audit.Date("2026-05-01"),
		Created: at, Updated: at}
	for k, kind := range []casework.ActionKind{casework.KindEducation, casework.KindStipend, casework.KindBirthRegistration, casework.KindHealth, casework.KindFamilyIncomeSupport} {
		owner := casework.PartyHub
		if kind == casework.KindStipend {
			owner = casework.PartySupplier
		}
		c.Plan = append(c.Plan, casework.PlanAction{ID: fmt.Sprintf("a%d", k), Kind: kind, Owner: owner, Description: "Agreed with the family at the visit",
			Due: at.AddDate(0, 1, 0), Status: casework.ActionInProgress, StipendMonthlyPKR: 9000, Created: at, CreatedBy: worker, Updated: at, UpdatedBy: worker})
	}
	c.Approvals.Assessment = casework.Approval{State: casework.ApprovalApproved, RequestedBy: worker, RequestedAt: at, DecidedBy: worker, DecidedAt: at, DecisionComment: "Agreed"}
	c.Approvals.Plan = casework.Approval{State: casework.ApprovalApproved, RequestedBy: worker, RequestedAt: at, DecidedBy: worker, DecidedAt: at}
	for k := range 12 {
		c.History = append(c.History, casework.Change{By: worker, At: at.Add(time.Duration(k) * time.Hour), What: "plan_action", Fields: []string{"status", "due"}})
	}
	return c
}

func (w *listWorld) login(b *testing.B, email string) {
	b.Helper()
	body, _ := json.Marshal(map[string]string{"email": email, "password": identity.DemoPassword})
	r, err := http.Post(w.url+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	defer r.Body.Close()
	var out struct{ Token string }
	if err := json.NewDecoder(r.Body).Decode(&out); err != nil || out.Token == "" {
		b.Fatalf("login %s: %d %v", email, r.StatusCode, err)
	}
	w.tokens[email] = out.Token
	p, err := w.a.Identity.Authenticate(context.Background(), out.Token)
	if err != nil {
		b.Fatal(err)
	}
	w.actors[email] = domain.WithActor(context.Background(), p.Actor)
}

// get reads a path as email and fails on anything but 200.
func (w *listWorld) get(b *testing.B, client *http.Client, email, path string) int {
	req, _ := http.NewRequest(http.MethodGet, w.url+path, nil)
	req.Header.Set("Authorization", "Bearer "+w.tokens[email])
	r, err := client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	n, _ := io.Copy(io.Discard, r.Body)
	r.Body.Close()
	if r.StatusCode != http.StatusOK {
		b.Fatalf("%s: %d", path, r.StatusCode)
	}
	return int(n)
}

// BenchmarkLists reads a page of 50 of the case lists (a case worker's by
// stage, by supplier, the due follow-ups; a hub admin's), of the hub's due
// follow-ups, and of the
// referral lists (the agency's inbox, a case's, the hub's), each through
// the service and through HTTP on a keep-alive connection, among 3,000
// cases and 3,000 referrals on SQLite. Run it as
//
//	go test ./app/server -run '^$' -bench Lists -count 6
func BenchmarkLists(b *testing.B) {
	w := newListWorld(b)
	const cw, admin, officer = "case.worker@crah.demo", "hub.admin@crah.demo", "officer@cpwb.demo"
	type list struct {
		name, as, path string
		svc            func(ctx context.Context) (int, error)
	}
	caseList := func(f cases.Filter) func(ctx context.Context) (int, error) {
		return func(ctx context.Context) (int, error) {
			f.Limit = 50
			vs, _, err := w.a.Cases.List(ctx, f)
			return len(vs), err
		}
	}
	dueList := func(ctx context.Context) (int, error) {
		fs, _, err := w.a.Cases.DueFollowUps(ctx, cases.DueFilter{Limit: 50})
		return len(fs), err
	}
	refList := func(in referrals.ListInput) func(ctx context.Context) (int, error) {
		return func(ctx context.Context) (int, error) {
			in.Limit = 50
			rs, _, err := w.a.Referrals.List(ctx, in)
			return len(rs), err
		}
	}
	lists := []list{
		{"cases by stage", cw, "/api/v1/cases?limit=50&stage=monitoring", caseList(cases.Filter{Stage: casework.StageMonitoring})},
		{"cases by supplier", cw, "/api/v1/cases?limit=50&supplier_id=bench-sup-007", caseList(cases.Filter{SupplierID: "bench-sup-007"})},
		{"cases due follow-up", cw, "/api/v1/cases?limit=50&follow_up_due_before=2026-06-20", caseList(cases.Filter{FollowUpDueBefore: "2026-06-20"})},
		{"cases, hub admin", admin, "/api/v1/cases?limit=50", caseList(cases.Filter{})},
		{"follow-ups due", cw, "/api/v1/follow-ups/due?limit=50", dueList},
		{"agency inbox", officer, "/api/v1/referrals?limit=50", refList(referrals.ListInput{})},
		{"agency inbox, sent", officer, "/api/v1/referrals?limit=50&state=sent", refList(referrals.ListInput{State: referral.Sent})},
		{"a case's referrals", cw, "/api/v1/referrals?limit=50&case_id=bench-case-00007", refList(referrals.ListInput{CaseID: "bench-case-00007"})},
		{"hub referrals", cw, "/api/v1/referrals?limit=50", refList(referrals.ListInput{})},
	}
	for _, l := range lists {
		b.Run("service/"+l.name, func(b *testing.B) {
			ctx := w.actors[l.as]
			b.ReportAllocs()
			for b.Loop() {
				if n, err := l.svc(ctx); err != nil || n == 0 {
					b.Fatalf("%d items, %v", n, err)
				}
			}
		})
	}
	for _, l := range lists {
		b.Run("http/"+l.name, func(b *testing.B) {
			client := &http.Client{}
			bytes := 0
			b.ReportAllocs()
			for b.Loop() {
				bytes = w.get(b, client, l.as, l.path)
			}
			b.ReportMetric(float64(bytes), "bytes/page")
		})
	}
}
