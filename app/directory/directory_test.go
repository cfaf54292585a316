package directory_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/activity"
	"github.com/actionhub/actionhub/app/directory"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/app/store/mongo"
	"github.com/actionhub/actionhub/app/store/mongo/mongotest"
	"github.com/actionhub/actionhub/app/store/sqlite"
	"github.com/actionhub/actionhub/domain"
	dir "github.com/actionhub/actionhub/domain/directory"
	"github.com/actionhub/actionhub/policies"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

var t0 = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

type env struct {
	st    *store.Store
	svc   *directory.Service
	admin context.Context // the hub's admin
	hub   string
	// another is the service as another process over the same store has it.
	another func() *directory.Service
}

// newEnv opens a store with one hub, its operator, two agencies (named as
// the seed's) and a hub admin, and seeds the directory.
func newEnv(t testing.TB) *env {
	t.Helper()
	e, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return newEnvOn(t, e)
}

// newMongoEnv is newEnv on the MongoDB engine (embedded FerretDB, or
// TEST_MONGODB_URI).
func newMongoEnv(t *testing.T) *env {
	t.Helper()
	if testing.Short() {
		t.Skip("MongoDB engine tests are skipped in -short")
	}
	e, err := mongo.Open(context.Background(), mongotest.URI(t), mongotest.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	return newEnvOn(t, e)
}

func newEnvOn(t testing.TB, e docstore.Engine) *env {
	t.Helper()
	ctx := context.Background()
	t.Cleanup(func() { _ = e.Close() })
	st, err := store.Open(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.Hubs.Insert(ctx, &domain.Hub{ID: "h1", Code: "PK", Name: "Pakistan"}))
	for _, o := range []domain.Organisation{{ID: "op", Kind: domain.KindOperator, Name: "Operator"},
		{ID: "scpa", Kind: domain.KindAgency, Name: "Sindh Child Protection Authority"},
		{ID: "cpwb", Kind: domain.KindAgency, Name: "Child Protection & Welfare Bureau, Multan"}} {
		o.HubIDs = []string{"h1"}
		must(st.Orgs.Insert(ctx, &o))
		must(st.OrgHubs.Insert(ctx, &domain.OrgHub{ID: o.ID + "|h1", OrgID: o.ID, HubID: "h1", Kind: o.Kind}))
	}
	rels, err := store.NewRelations(ctx, e)
	must(err)
	enf, err := policies.New(ctx, rels)
	must(err)
	must(enf.Add(ctx, policies.Relation{Subject: policies.UserNode("u-admin"), Object: policies.OrgNode("op")},
		policies.Relation{Subject: policies.OrgNode("op"), Object: policies.HubNode("h1")}))
	now := func() time.Time { return t0 }
	svc := directory.New(st, enf, activity.New(st, now), now)
	if ok, err := svc.SeedDemo(ctx, "h1"); err != nil || !ok {
		t.Fatalf("seed: %v %v", ok, err)
	}
	admin := domain.WithActor(ctx, domain.Actor{UserID: "u-admin", OrgID: "op", OrgKind: domain.KindOperator,
		Role: domain.RoleHubAdmin, HubIDs: []string{"h1"}})
	another := func() *directory.Service { return directory.New(st, enf, activity.New(st, now), now) }
	return &env{st: st, svc: svc, admin: admin, hub: "h1", another: another}
}

// schemas compiles the official HSDS 3.0 schema, which the product side
// keeps beside the repository (../shared/hsds3, not copied in: HSDS3_SCHEMAS
// names another folder), and returns validators for a service, an
// organization, a taxonomy term and a taxonomy. Without the folder the test is skipped
// and says so.
func schemas(t *testing.T) (service, org, term, taxonomy *jsonschema.Schema) {
	t.Helper()
	dir := os.Getenv("HSDS3_SCHEMAS")
	if dir == "" {
		dir = "../../../shared/hsds3" // from app/directory, beside the repository
	}
	path, err := filepath.Abs(filepath.Join(dir, "service_with_definitions.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Skipf("the official HSDS 3.0 schemas are not at %s (set HSDS3_SCHEMAS): %v", dir, err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	url := "file://" + filepath.ToSlash(path)
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	compile := func(frag string) *jsonschema.Schema {
		s, err := c.Compile(url + frag)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	return compile(""), compile("#/definitions/organization"), compile("#/definitions/taxonomy_term"), compile("#/definitions/taxonomy")
}

func validate(t *testing.T, s *jsonschema.Schema, what string, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(inst); err != nil {
		t.Errorf("%s does not validate against the official HSDS 3.0 schema: %v\n%s", what, err, b)
	}
}

// fullService is a service with every part the hub models filled in.
func fullService(orgID string) *dir.Service {
	lat, lng, lo, hi := 30.1575, 71.5249, 6, 16
	return &dir.Service{OrganizationID: orgID, Name: "Bridge school, Multan", Description: "Accelerated learning.",
		URL: "https://school.example/bridge", Email: "bridge@school.example",
		Status: dir.Active, Type: dir.NonFormalEducation, MinimumAge: &lo, MaximumAge: &hi,
		EligibilityDescription: "Out-of-school children", ApplicationProcess: "Walk in", FeesDescription: "Free",
		ResponseDays: 10, RequiredDocuments: []dir.Document{{Document: "B-Form"}},
		Languages: []dir.Language{{Name: "Urdu", Code: "ur"}, {Name: "Saraiki", Code: "skr"}},
		Locations: []dir.Location{
			{Type: dir.Physical, Name: "Centre", District: "Multan", Province: "Punjab", Address1: "1 School Road", City: "Multan",
				PostalCode: "60000", Latitude: &lat, Longitude: &lng},
			{Type: dir.Virtual, Name: "Online", District: "Khanewal", Province: "Punjab"},
		},
		ServiceAreas: []dir.ServiceArea{{District: "Multan", Province: "Punjab"}},
		Phones:       []dir.Phone{{Number: "0000", Type: "voice"}},
		Contacts:     []dir.Contact{{Name: "Head teacher", Email: "head@school.example"}},
		Schedules:    []dir.Schedule{{Freq: "WEEKLY", ByDay: "MO,TU,WE,TH", OpensAt: "08:00", ClosesAt: "13:00"}},
	}
}

// TestExportValidatesAgainstTheOfficialSchemas exports the seeded
// directory plus a service with every part filled in and validates every
// record against the official HSDS 3.0 schema of its kind. With
// HSDS_EXPORT_DIR set, it also writes one file per record there, for an
// outside validator (ajv-cli).
func TestExportValidatesAgainstTheOfficialSchemas(t *testing.T) {
	e := newEnv(t)
	o, err := e.svc.CreateOrganization(e.admin, &dir.Organization{Name: "Bridge schools", Description: "A school network."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CreateService(e.admin, fullService(o.ID)); err != nil {
		t.Fatal(err)
	}
	ex, err := e.svc.Export(e.admin, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.Services) < 20 || len(ex.Organizations) < 15 || len(ex.TaxonomyTerms) != len(dir.ServiceTypes) {
		t.Fatalf("export holds %d services, %d organizations, %d terms", len(ex.Services), len(ex.Organizations), len(ex.TaxonomyTerms))
	}
	svcSchema, orgSchema, termSchema, taxSchema := schemas(t)
	out := os.Getenv("HSDS_EXPORT_DIR")
	write := func(kind string, i int, v any) {
		if out == "" {
			return
		}
		b, _ := json.MarshalIndent(v, "", " ")
		if err := os.WriteFile(filepath.Join(out, kind+"-"+strings.Repeat("0", 3-len(itoa(i)))+itoa(i)+".json"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i, s := range ex.Services {
		validate(t, svcSchema, "services["+itoa(i)+"]", s)
		write("service", i, s)
	}
	for i, o := range ex.Organizations {
		validate(t, orgSchema, "organizations["+itoa(i)+"]", o)
		write("organization", i, o)
	}
	for i, term := range ex.TaxonomyTerms {
		validate(t, termSchema, "taxonomy_terms["+itoa(i)+"]", term)
	}
	taxes, err := e.svc.Taxonomies(e.admin, "h1")
	if err != nil || len(taxes) != 1 || taxes[0].ID != ex.TaxonomyTerms[0].TaxonomyID {
		t.Fatalf("taxonomies %v %v, want the one the terms name", taxes, err)
	}
	validate(t, taxSchema, "taxonomies[0]", taxes[0])

	// The schema catches what it should: a service without a status.
	bad, _ := json.Marshal(ex.Services[0])
	var m map[string]any
	_ = json.Unmarshal(bad, &m)
	delete(m, "status")
	b, _ := json.Marshal(m)
	inst, _ := jsonschema.UnmarshalJSON(strings.NewReader(string(b)))
	if err := svcSchema.Validate(inst); err == nil || !strings.Contains(err.Error(), "status") {
		t.Errorf("a service without status validated: %v", err)
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// TestOfficialExampleImports imports the full service record written from
// the specification's examples, twice (nothing changes the second time),
// and exports it again in a shape that still validates.
func TestOfficialExampleImports(t *testing.T) {
	e := newEnv(t)
	data, err := os.ReadFile("testdata/hsds3/example_service.json")
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		res, err := e.svc.Import(e.admin, "", data)
		if err != nil {
			t.Fatal(err)
		}
		if res.Services != 1 || res.Organizations != 1 {
			t.Fatalf("imported %+v", res)
		}
	}
	x, o, err := e.svc.GetService(e.admin, "h1", "ac148810-d857-441c-9679-408f346de14b")
	if err != nil {
		t.Fatal(err)
	}
	if x.Name != "Community Counselling" || x.Status != dir.Active || *x.MinimumAge != 12 || o.Name == "" {
		t.Errorf("imported service %+v, organization %q", x, o.Name)
	}
	// Fields the hub does not model are kept and exported as they came.
	if x.Extra["wait_time"] != "wait_time" || x.Extra["funding"] == nil {
		t.Errorf("unknown fields not kept: %v", x.Extra)
	}
	if o.Extra["locations"] == nil {
		t.Errorf("organization's unknown fields not kept: %v", o.Extra)
	}
	svcSchema, _, _, _ := schemas(t)
	validate(t, svcSchema, "the re-exported example", dir.ServiceHSDS(x, o))
	n, err := e.st.DirectoryServices.Count(e.admin)
	if err != nil || n != int64(len(seedCount(t, e))+1) {
		t.Errorf("%d services after importing twice: %v", n, err)
	}
}

func seedCount(t *testing.T, e *env) []string {
	t.Helper()
	ex, err := e.svc.Export(e.admin, "")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range ex.Services {
		if s.ID != "ac148810-d857-441c-9679-408f346de14b" {
			ids = append(ids, s.ID)
		}
	}
	return ids
}

// TestImportRefusesWholeFileOnAnyFault puts one bad record among good ones:
// the answer names its position and nothing of the file is written.
func TestImportRefusesWholeFileOnAnyFault(t *testing.T) {
	e := newEnv(t)
	before, _ := e.st.DirectoryServices.Count(e.admin)
	org := map[string]any{"id": "6f1d3a0e-3b8e-4d0c-9a51-0b7c2f1e4d11", "name": "New provider", "description": "Gives things."}
	good := func(id string) map[string]any {
		return map[string]any{"id": id, "organization_id": org["id"], "name": "Service " + id[:4], "status": "active"}
	}
	bad := good("7a1d3a0e-3b8e-4d0c-9a51-0b7c2f1e4d14")
	bad["status"] = "open"
	noOrg := good("8a1d3a0e-3b8e-4d0c-9a51-0b7c2f1e4d15")
	noOrg["organization_id"] = "9b1d3a0e-3b8e-4d0c-9a51-0b7c2f1e4d99"
	doc := map[string]any{"organizations": []any{org}, "services": []any{
		good("1a1d3a0e-3b8e-4d0c-9a51-0b7c2f1e4d11"), good("2a1d3a0e-3b8e-4d0c-9a51-0b7c2f1e4d12"),
		good("3a1d3a0e-3b8e-4d0c-9a51-0b7c2f1e4d13"), bad}}
	b, _ := json.Marshal(doc)
	_, err := e.svc.Import(e.admin, "", b)
	var v *domain.ValidationError
	if !errors.As(err, &v) || len(v.Fields) != 1 || v.Fields[0].Field != "services[3].status" {
		t.Fatalf("import error %v, want services[3].status", err)
	}
	doc["services"] = []any{good("1a1d3a0e-3b8e-4d0c-9a51-0b7c2f1e4d11"), noOrg}
	b, _ = json.Marshal(doc)
	_, err = e.svc.Import(e.admin, "", b)
	if !errors.As(err, &v) || v.Fields[0].Field != "services[1].organization_id" {
		t.Fatalf("import error %v, want services[1].organization_id", err)
	}
	after, _ := e.st.DirectoryServices.Count(e.admin)
	orgs, _, _ := e.st.DirectoryOrgs.List(e.admin, store.DirectoryFilter{HubID: "h1", NameStarts: "new provider"}, store.Page{})
	if after != before || len(orgs) != 0 {
		t.Errorf("a refused import wrote: %d services before, %d after, %d organizations", before, after, len(orgs))
	}
}

// TestSearchByTypeDistrictAndAge finds the seeded providers as a case
// worker would, and follows a service's changes; the services' briefs
// (the case page's refer form) find the same, without the rest of each.
func TestSearchByTypeDistrictAndAge(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testSearchByTypeDistrictAndAge(t, newEnv(t)) })
	t.Run("mongodb", func(t *testing.T) { testSearchByTypeDistrictAndAge(t, newMongoEnv(t)) })
}

func testSearchByTypeDistrictAndAge(t *testing.T, e *env) {
	names := func(in directory.SearchInput) []string {
		t.Helper()
		var out [2][]string
		for i, brief := range []bool{false, true} {
			in.Brief = brief
			xs, _, err := e.svc.Search(e.admin, in)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range xs {
				if brief && (x.Description != "" || len(x.Phones) > 0 || x.Name == "") {
					t.Errorf("the brief of %s is not brief: %+v", x.Name, x)
				}
				out[i] = append(out[i], x.Name)
			}
			slices.Sort(out[i])
		}
		if !slices.Equal(out[0], out[1]) {
			t.Errorf("%+v: services %v, briefs %v", in, out[0], out[1])
		}
		return out[0]
	}
	if got := names(directory.SearchInput{Type: dir.Education, District: "multan", Age: 12}); !slices.Equal(got, []string{"Education Voucher Scheme"}) {
		t.Errorf("education in Multan at 12: %v", got)
	}
	if got := names(directory.SearchInput{Type: dir.Education, District: "Multan", Age: 17}); len(got) != 0 {
		t.Errorf("education in Multan at 17: %v", got)
	}
	if got := names(directory.SearchInput{Type: dir.BirthRegistration, District: "Karachi", Age: 10}); len(got) != 2 {
		t.Errorf("birth registration in Karachi: %v", got)
	}
	// A service closed leaves the search; moved to another district, it is found there.
	xs, _, _ := e.svc.Search(e.admin, directory.SearchInput{Type: dir.Education, District: "Multan", Age: 12})
	x := *xs[0]
	x.Status = dir.TemporarilyClosed
	if _, err := e.svc.UpdateService(e.admin, x.ID, x.Version, &x); err != nil {
		t.Fatal(err)
	}
	if got := names(directory.SearchInput{Type: dir.Education, District: "Multan", Age: 12}); len(got) != 0 {
		t.Errorf("a closed service is found: %v", got)
	}
	x.Status, x.ServiceAreas = dir.Active, []dir.ServiceArea{{District: "Lodhran", Province: "Punjab"}}
	if _, err := e.svc.UpdateService(e.admin, x.ID, 0, &x); err != nil {
		t.Fatal(err)
	}
	if got := names(directory.SearchInput{District: "Lodhran", Age: -1}); !slices.Equal(got, []string{"Education Voucher Scheme"}) {
		t.Errorf("moved service in Lodhran: %v", got)
	}
	if got := names(directory.SearchInput{Type: dir.Education, District: "Multan", Age: 12}); len(got) != 0 {
		t.Errorf("moved service still in Multan: %v", got)
	}
	// A stale version is refused.
	if _, err := e.svc.UpdateService(e.admin, x.ID, 1, &x); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("stale version: %v", err)
	}
}
