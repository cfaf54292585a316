package cases_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/activity"
	"github.com/actionhub/actionhub/app/cases"
	"github.com/actionhub/actionhub/app/sealed"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/sqlite"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/law"
	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/actionhub/actionhub/policies"
)

var t0 = time.Date(2026, 3, 10, 5, 0, 0, 0, time.UTC)

type world struct {
	st     *store.Store
	enf    *policies.Enforcer
	svc    *cases.Service
	actors map[string]context.Context
}

func (w *world) as(name string) context.Context { return w.actors[name] }

// newWorld: hub PK with Multan in Punjab; the operator's hub admin,
// auditors a1 and a2 and case worker cw; a tannery in Multan with its own
// organisation and a linked brand; two child labour findings there.
func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	e, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	st, err := store.Open(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	rels, err := store.NewRelations(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	enf, err := policies.New(ctx, rels, policies.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.Hubs.Insert(ctx, &domain.Hub{ID: "h1", Code: "PK", Name: "Pakistan", TimeZone: "Asia/Karachi",
		Cities: []domain.City{{Name: "Multan", Province: "Punjab"}, {Name: "Karachi", Province: "Sindh"}}}))
	w := &world{st: st, enf: enf, actors: map[string]context.Context{}}
	for _, o := range []domain.Organisation{{ID: "op", Kind: domain.KindOperator}, {ID: "brand", Kind: domain.KindBrand}, {ID: "site", Kind: domain.KindSupplier}} {
		o.Name, o.HubIDs = o.ID, []string{"h1"}
		must(st.Orgs.Insert(ctx, &o))
		must(enf.Add(ctx, policies.Relation{Subject: policies.OrgNode(o.ID), Object: policies.HubNode("h1")}))
	}
	for _, u := range []domain.User{
		{ID: "admin", OrgID: "op", Role: domain.RoleHubAdmin}, {ID: "a1", OrgID: "op", Role: domain.RoleAuditor},
		{ID: "a2", OrgID: "op", Role: domain.RoleAuditor}, {ID: "cw", OrgID: "op", Role: domain.RoleCaseWorker},
		{ID: "bm", OrgID: "brand", Role: domain.RoleBrandManager}, {ID: "sm", OrgID: "site", Role: domain.RoleSupplierManager},
	} {
		u.Email, u.HubIDs = u.ID+"@example.pk", []string{"h1"}
		switch u.ID { // the demo's people, for SeedDemo
		case "a1":
			u.Email = "auditor@crah.demo"
		case "cw":
			u.Email = "case.worker@crah.demo"
		}
		must(st.Users.Insert(ctx, &u))
		must(enf.Add(ctx, policies.Relation{Subject: policies.UserNode(u.ID), Object: policies.OrgNode(u.OrgID)}))
		org, _ := st.Orgs.Get(ctx, u.OrgID)
		w.actors[u.ID] = domain.WithActor(ctx, domain.Actor{UserID: u.ID, OrgID: u.OrgID, OrgKind: org.Kind, Role: u.Role, HubIDs: []string{"h1"}})
	}
	must(st.Suppliers.Insert(ctx, &supplier.Supplier{ID: "tannery", HubID: "h1", Name: "Multan Leather Works", City: "Multan",
		Sector: supplier.SectorLeather, SubSector: supplier.SubTannery, Status: supplier.StatusActive, OrgID: "site"}))
	must(enf.Add(ctx, policies.Relation{Subject: policies.OrgNode("brand"), Object: policies.SupplierNode("tannery")},
		policies.Relation{Subject: policies.OrgNode("site"), Object: policies.SupplierNode("tannery")}))
	for _, id := range []string{"f1", "f2"} {
		must(st.Findings.Insert(ctx, &audit.Finding{ID: id, HubID: "h1", AuditID: "audit", SupplierID: "tannery",
			Details: audit.Details{Category: audit.ChildLabour, Severity: audit.Critical, Description: "A child liming hides."},
			CaseDue: true, Created: t0}))
	}
	must(st.Findings.Insert(ctx, &audit.Finding{ID: "f-wages", HubID: "h1", AuditID: "audit", SupplierID: "tannery",
		Details: audit.Details{Category: audit.Wages, Severity: audit.Minor, Description: "Late pay."}, Created: t0}))
	sealer, err := sealed.New(sealed.CaseIdentity, bytes.Repeat([]byte{7}, 32))
	must(err)
	now := func() time.Time { return t0 }
	w.svc = cases.New(st, enf, activity.New(st, now), sealer, now)
	return w
}

func (w *world) open(t *testing.T, who, finding, name string) *cases.View {
	t.Helper()
	v, err := w.svc.Open(w.as(who), cases.OpenInput{Source: casework.SourceFinding, FindingID: finding,
		Identity: casework.Identity{ChildName: name}, Child: casework.Child{AgeYears: 13, AgeMethod: casework.AgeInterview, Sex: casework.SexFemale},
		Work: casework.Work{Tasks: []law.Task{{Text: "sorting hides"}}}})
	if err != nil {
		t.Fatalf("open from %s: %v", finding, err)
	}
	return v
}

func TestOpenAndList(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	v1 := w.open(t, "a1", "f1", "Rubina Bibi")
	if v1.Case.Code != "MUX-2026-00001" || v1.Case.Classification.Class != law.HazardousChildLabour || v1.Case.Identity == nil {
		t.Fatalf("opened: %+v", v1.Case)
	}
	v2 := w.open(t, "cw", "f2", "Sana Bibi")
	if v2.Case.Code != "MUX-2026-00002" {
		t.Errorf("second code %s", v2.Case.Code)
	}
	if f, _ := w.st.Findings.Get(ctx, "f1"); f.CaseID != v1.Case.ID {
		t.Errorf("finding's case = %q", f.CaseID)
	}
	for _, tc := range []struct {
		name    string
		who     string
		finding string
		want    error
	}{
		{"second case from a finding", "cw", "f1", domain.ErrConflict},
		{"a finding that calls for no case", "cw", "f-wages", nil},
		{"unknown finding", "cw", "nope", nil},
		{"a brand may not open", "bm", "f1", domain.ErrNotFound},
	} {
		_, err := w.svc.Open(w.as(tc.who), cases.OpenInput{Source: casework.SourceFinding, FindingID: tc.finding,
			Identity: casework.Identity{ChildName: "X"}, Child: casework.Child{Sex: casework.SexMale}})
		var ve *domain.ValidationError
		switch {
		case tc.want == nil && !errors.As(err, &ve):
			t.Errorf("%s: %v, want a validation error", tc.name, err)
		case tc.want != nil && !errors.Is(err, tc.want) && !errors.As(err, &ve):
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}

	codes := func(vs []*cases.ListItem) []string {
		var out []string
		for _, v := range vs {
			switch {
			case v.Summary != nil:
				out = append(out, v.Summary.Code)
			case v.Brand != nil:
				out = append(out, v.Brand.Code)
			case v.Supplier != nil:
				out = append(out, v.Supplier.Code)
			}
		}
		return out
	}
	for _, tc := range []struct {
		who  string
		f    cases.Filter
		want string
	}{
		{"admin", cases.Filter{}, "MUX-2026-00002 MUX-2026-00001"},
		{"admin", cases.Filter{Stage: casework.StageAgeVerified}, "MUX-2026-00002 MUX-2026-00001"},
		{"admin", cases.Filter{Stage: casework.StageClosed}, ""},
		{"admin", cases.Filter{SupplierID: "tannery"}, "MUX-2026-00002 MUX-2026-00001"},
		{"admin", cases.Filter{OpenedBy: "cw"}, "MUX-2026-00002"},
		{"admin", cases.Filter{AssignedTo: "cw"}, ""},
		{"admin", cases.Filter{FollowUpDueBefore: "2026-04-01"}, ""},
		{"a1", cases.Filter{}, "MUX-2026-00001"},
		{"a1", cases.Filter{Stage: casework.StageAgeVerified}, "MUX-2026-00001"},
		{"a2", cases.Filter{}, ""},
		{"cw", cases.Filter{}, "MUX-2026-00002 MUX-2026-00001"},
		{"bm", cases.Filter{SupplierID: "tannery"}, "MUX-2026-00002 MUX-2026-00001"},
		{"sm", cases.Filter{}, "MUX-2026-00002 MUX-2026-00001"},
		{"sm", cases.Filter{Stage: casework.StageClosed}, ""},
	} {
		vs, _, err := w.svc.List(w.as(tc.who), tc.f)
		if err != nil {
			t.Errorf("%s %+v: %v", tc.who, tc.f, err)
			continue
		}
		if got := strings.Join(codes(vs), " "); got != tc.want {
			t.Errorf("%s %+v: %q, want %q", tc.who, tc.f, got, tc.want)
		}
	}
	if _, _, err := w.svc.List(w.as("admin"), cases.Filter{Stage: casework.StageIdentified, SupplierID: "tannery"}); err == nil {
		t.Error("a combination no index serves was accepted")
	}

	// The next follow-up due: the list finds it, soonest first.
	for id, due := range map[string]audit.Date{v1.Case.ID: "2026-04-10", v2.Case.ID: "2026-04-05"} {
		if _, err := w.st.Cases.Update(ctx, id, func(d *store.CaseDoc) error { d.NextFollowUpDue = due; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	vs, _, err := w.svc.List(w.as("cw"), cases.Filter{FollowUpDueBefore: "2026-04-11"})
	if got := strings.Join(codes(vs), " "); err != nil || got != "MUX-2026-00002 MUX-2026-00001" {
		t.Errorf("follow-ups due: %q, %v", got, err)
	}

	var b bytes.Buffer
	n, err := w.svc.Export(w.as("admin"), cases.Filter{}, &b)
	if err != nil || n != 2 || strings.Contains(b.String(), "Rubina") || !strings.Contains(b.String(), "MUX-2026-00001") {
		t.Errorf("export: %d, %v\n%s", n, err, b.String())
	}
	if _, err := w.svc.Export(w.as("bm"), cases.Filter{}, &b); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("a brand's export: %v", err)
	}
}

func TestSeedDemo(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	if ok, err := w.svc.SeedDemo(ctx, "h1"); err != nil || !ok {
		t.Fatalf("SeedDemo: %v, %v", ok, err)
	}
	vs, _, err := w.svc.List(w.as("sm"), cases.Filter{})
	if err != nil || len(vs) != 1 || len(vs[0].Supplier.Obligations) != 1 || vs[0].Supplier.Obligations[0].Kind != casework.KindStipend {
		t.Fatalf("the tannery's view of the demo case: %+v, %v", vs, err)
	}
	v, err := w.svc.Case(w.as("cw"), mustFirst(t, w, "cw"))
	if err != nil || v.Case.Identity == nil || len(v.Case.Plan) != 3 || !v.Case.Consent.Services.Given() || v.Case.Stage != casework.StageAssessment {
		t.Fatalf("the demo case: %+v, %v", v, err)
	}
	if ok, err := w.svc.SeedDemo(ctx, "h1"); err != nil || ok {
		t.Errorf("a second SeedDemo: %v, %v", ok, err)
	}
}

func mustFirst(t *testing.T, w *world, who string) string {
	t.Helper()
	vs, _, err := w.svc.List(w.as(who), cases.Filter{})
	if err != nil || len(vs) == 0 {
		t.Fatalf("list: %v", err)
	}
	return vs[0].Summary.ID
}
