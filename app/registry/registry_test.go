package registry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/activity"
	"github.com/actionhub/actionhub/app/notify"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/sqlite"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/actionhub/actionhub/policies"
)

// world is one hub on a real SQLite store, with an operator, two brands
// and their people, and a registry service over it.
type world struct {
	st                 *store.Store
	enf                *policies.Enforcer
	reg                *Service
	staff, brandA, brB domain.Actor
	hub                string
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func clock() time.Time { return time.Now().UTC() }

func newWorld(t testing.TB) *world {
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
	enf, err := policies.New(ctx, rels, policies.WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	w := &world{st: st, enf: enf, hub: "hub-pk"}
	if err := st.Hubs.Insert(ctx, &domain.Hub{ID: w.hub, Code: "PK", Name: "Pakistan"}); err != nil {
		t.Fatal(err)
	}
	person := func(kind domain.OrgKind, role domain.Role, org, user string) domain.Actor {
		if err := st.Orgs.Insert(ctx, &domain.Organisation{ID: org, Kind: kind, Name: org, HubIDs: []string{w.hub}}); err != nil &&
			!errors.Is(err, domain.ErrConflict) {
			t.Fatal(err)
		}
		if err := st.Users.Insert(ctx, &domain.User{ID: user, Email: user + "@example.pk", Role: role, OrgID: org}); err != nil {
			t.Fatal(err)
		}
		if err := enf.Add(ctx, policies.Relation{Subject: policies.UserNode(user), Object: policies.OrgNode(org)},
			policies.Relation{Subject: policies.OrgNode(org), Object: policies.HubNode(w.hub)}); err != nil {
			t.Fatal(err)
		}
		return domain.Actor{UserID: user, OrgID: org, OrgKind: kind, Role: role, HubIDs: []string{w.hub}}
	}
	w.staff = person(domain.KindOperator, domain.RoleHubAdmin, "operator", "hub-admin")
	w.brandA = person(domain.KindBrand, domain.RoleBrandManager, "brand-a", "manager-a")
	w.brB = person(domain.KindBrand, domain.RoleBrandManager, "brand-b", "manager-b")
	w.reg = w.service(t)
	return w
}

// service starts another registry on the same store, as a second replica would.
func (w *world) service(t testing.TB) *Service {
	t.Helper()
	al := activity.New(w.st, clock)
	s, err := New(context.Background(), w.st, w.enf, al, notify.New(w.st, nil, "", "", quiet, clock), clock, quiet)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func as(a domain.Actor) context.Context { return domain.WithActor(context.Background(), a) }

func mill(name, address string) supplier.Facility {
	return supplier.Facility{Name: name, Address: address, City: "Karachi", Sector: supplier.SectorTextile,
		SubSector: supplier.SubWeaving, Workforce: supplier.Workforce{Total: 500, Women: 100}}
}

func (w *world) create(t testing.TB, r *Service, f supplier.Facility) *supplier.Supplier {
	t.Helper()
	sup, err := r.CreateSupplier(as(w.staff), SupplierInput{Facility: f})
	if err != nil {
		t.Fatal(err)
	}
	return sup
}

// TestIndexBuiltAtStartAndRefreshed: a second replica finds what the first
// wrote, at start and, after it started, once it refreshes; an alias leaves
// its index on refresh.
func TestIndexBuiltAtStartAndRefreshed(t *testing.T) {
	w := newWorld(t)
	early := w.create(t, w.reg, mill("Gul Ahmed Textile Mills", "Plot 10, Landhi Industrial Area"))
	other := w.service(t)
	if m := other.index(w.hub).Match(mill("Gul Ahmed Textile", "Plot # 10, Landhi")); m.CandidateID != early.ID || m.State != supplier.MatchAutomatic {
		t.Fatalf("replica started after the write: %+v", m)
	}
	late := w.create(t, w.reg, mill("Kohinoor Weaving Mills", "Plot 3, SITE"))
	probe := mill("Koh-i-Noor Weaving", "Plot 3, S.I.T.E.")
	if m := other.index(w.hub).Match(probe); m.State != supplier.MatchNew {
		t.Fatalf("replica sees a write before refreshing: %+v", m)
	}
	if err := other.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if m := other.index(w.hub).Match(probe); m.CandidateID != late.ID {
		t.Fatalf("replica after refresh: %+v", m)
	}
	if _, err := w.reg.Merge(as(w.staff), late.ID, early.ID); err != nil {
		t.Fatal(err)
	}
	if err := other.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if m := other.index(w.hub).Match(probe); m.CandidateID == late.ID {
		t.Fatalf("an alias is still matched after refresh: %+v", m)
	}
}

// TestStartRepairsStaleCopies: a crash between writes can leave a link's
// copy of its supplier's listing, or a risk profile, behind; start repairs both.
func TestStartRepairsStaleCopies(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	n, _, err := w.reg.Nominate(as(w.brandA), NominationInput{Facility: mill("Crescent Knitwear", "Plot 44, North Karachi Industrial Area")})
	if err != nil {
		t.Fatal(err)
	}
	n, err = w.reg.Accept(as(w.staff), n.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	// what a crash could leave: a profile from an older table, a stale link
	if _, err := w.st.Suppliers.Update(ctx, n.SupplierID, func(s *supplier.Supplier) error {
		s.Risk = supplier.Profile{Score: 99, Level: supplier.LevelVeryHigh}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	linkID := supplier.LinkID(w.brandA.OrgID, n.SupplierID)
	if _, err := w.st.SupplierLinks.Update(ctx, linkID, func(l *supplier.Link) error {
		l.Listing.Status, l.Listing.RiskLevel = supplier.StatusExited, supplier.LevelVeryHigh
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	w.service(t)
	sup, err := w.st.Suppliers.Get(ctx, n.SupplierID)
	if err != nil {
		t.Fatal(err)
	}
	if sup.Risk.Level != supplier.LevelLow || sup.Risk.Score != 22 {
		t.Fatalf("risk after start: %+v", sup.Risk)
	}
	l, err := w.st.SupplierLinks.Get(ctx, linkID)
	if err != nil {
		t.Fatal(err)
	}
	if !l.Listing.Equal(sup.Listing()) {
		t.Fatalf("link listing after start: %+v, want %+v", l.Listing, sup.Listing())
	}
}

// TestAcceptRetryMakesOneSupplier: if the process dies after making the
// supplier but before recording the decision, accepting again finds that
// supplier instead of making a second.
func TestAcceptRetryMakesOneSupplier(t *testing.T) {
	w := newWorld(t)
	n, _, err := w.reg.Nominate(as(w.brandA), NominationInput{Facility: mill("Masood Spinning", "Plot 8, Port Qasim")})
	if err != nil {
		t.Fatal(err)
	}
	first, err := w.reg.newSupplier(as(w.staff), n) // the half-done first attempt
	if err != nil {
		t.Fatal(err)
	}
	n, err = w.reg.Accept(as(w.staff), n.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if n.SupplierID != first.ID {
		t.Fatalf("accept linked %s, the first attempt made %s", n.SupplierID, first.ID)
	}
	if c, err := w.st.Suppliers.Count(context.Background()); err != nil || c != 1 {
		t.Fatalf("%d suppliers (%v), want 1", c, err)
	}
	if !w.enf.Reaches(policies.UserNode(w.brandA.UserID), policies.SupplierNode(first.ID)) {
		t.Fatal("brand not given the supplier's scope")
	}
}

// TestConcurrentNominationsOfOneFacility: the store's unique key, not a
// read before the write, keeps one brand's nominations of a facility to one.
func TestConcurrentNominationsOfOneFacility(t *testing.T) {
	w := newWorld(t)
	var wg sync.WaitGroup
	results := make([]string, 8)
	created := make([]bool, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, c, err := w.reg.Nominate(as(w.brandA), NominationInput{Facility: mill("Diamond Fabrics", fmt.Sprintf("Plot %d, Korangi", 21))})
			if err != nil {
				t.Error(err)
				return
			}
			results[i], created[i] = n.ID, c
		}()
	}
	wg.Wait()
	made := 0
	for i := range results {
		if results[i] != results[0] {
			t.Fatalf("two nominations: %v", results)
		}
		if created[i] {
			made++
		}
	}
	if made != 1 {
		t.Fatalf("%d calls say they created it, want 1", made)
	}
	// brand B's nomination of the same facility is its own
	n, c, err := w.reg.Nominate(as(w.brB), NominationInput{Facility: mill("Diamond Fabrics", "Plot 21, Korangi")})
	if err != nil || !c || n.ID == results[0] {
		t.Fatalf("brand B: %v %v %v", n, c, err)
	}
	// a withdrawn nomination frees the facility for a new one
	if _, err := w.reg.Withdraw(as(w.brB), n.ID); err != nil {
		t.Fatal(err)
	}
	if again, c, err := w.reg.Nominate(as(w.brB), NominationInput{Facility: mill("Diamond Fabrics", "Plot 21, Korangi")}); err != nil || !c || again.ID == n.ID {
		t.Fatalf("after withdrawal: %v %v %v", again, c, err)
	}
}

// TestMergeResumes: a merge that stopped after marking the alias is
// finished by merging again; every link and relation ends on the target.
func TestMergeResumes(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	link := func(a domain.Actor, f supplier.Facility) string {
		n, _, err := w.reg.Nominate(as(a), NominationInput{Facility: f})
		if err != nil {
			t.Fatal(err)
		}
		if n, err = w.reg.Accept(as(w.staff), n.ID, ""); err != nil {
			t.Fatal(err)
		}
		return n.SupplierID
	}
	src := link(w.brandA, mill("Star Denim", "Plot 1, SITE"))
	target := w.create(t, w.reg, mill("Crown Denim Mills", "Plot 90, Landhi"))
	// the first attempt stopped right after marking the alias
	tgt, _ := w.st.Suppliers.Get(ctx, target.ID)
	if _, err := w.st.Suppliers.Update(ctx, src, func(s *supplier.Supplier) error { return s.MergeInto(*tgt, clock()) }); err != nil {
		t.Fatal(err)
	}
	if _, err := w.reg.Merge(as(w.staff), src, target.ID); err != nil {
		t.Fatal(err)
	}
	brandA := policies.UserNode(w.brandA.UserID)
	if !w.enf.Reaches(brandA, policies.SupplierNode(target.ID)) || w.enf.Reaches(brandA, policies.SupplierNode(src)) {
		t.Fatal("scope relation not moved to the target")
	}
	if _, err := w.st.SupplierLinks.Get(ctx, supplier.LinkID(w.brandA.OrgID, target.ID)); err != nil {
		t.Fatalf("link on the target: %v", err)
	}
	if _, err := w.st.SupplierLinks.Get(ctx, supplier.LinkID(w.brandA.OrgID, src)); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("link left on the alias: %v", err)
	}
	got, _, err := w.reg.ListSuppliers(as(w.brandA), SupplierFilter{})
	if err != nil || len(got) != 1 || got[0].ID != target.ID {
		t.Fatalf("brand A's list: %v %v", got, err)
	}
	tgt, _ = w.st.Suppliers.Get(ctx, target.ID)
	if len(tgt.OtherNames) != 1 || tgt.OtherNames[0] != "Star Denim" {
		t.Fatalf("target's other names: %v", tgt.OtherNames)
	}
}

// linkToBrandA has brand A nominate a mill of each name, each accepted.
func (w *world) linkToBrandA(t *testing.T, names ...string) {
	t.Helper()
	for i, name := range names {
		n, _, err := w.reg.Nominate(as(w.brandA), NominationInput{Facility: mill(name, fmt.Sprintf("Plot %d, SITE", 100+i))})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.reg.Accept(as(w.staff), n.ID, ""); err != nil {
			t.Fatal(err)
		}
	}
}

// TestListPagesInScope pages a brand's suppliers by name with a cursor.
func TestListPagesInScope(t *testing.T) {
	w := newWorld(t)
	w.linkToBrandA(t, "Zubair Textile", "Amin Textile", "Hamid Weaving", "Bilal Fabrics", "Naveed Knitwear")
	w.create(t, w.reg, mill("Unlinked Mills", "Plot 999, Korangi"))
	var got []string
	f := SupplierFilter{Limit: 2}
	for {
		page, next, err := w.reg.ListSuppliers(as(w.brandA), f)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range page {
			got = append(got, s.Name)
		}
		if next == "" {
			break
		}
		f.Cursor = next
	}
	wantSorted := []string{"Amin Textile", "Bilal Fabrics", "Hamid Weaving", "Naveed Knitwear", "Zubair Textile"}
	if fmt.Sprint(got) != fmt.Sprint(wantSorted) {
		t.Fatalf("pages (-want +got):\n- %v\n+ %v", wantSorted, got)
	}
	if got, _, err := w.reg.ListSuppliers(as(w.brB), SupplierFilter{}); err != nil || len(got) != 0 {
		t.Fatalf("brand B lists %v (%v)", got, err)
	}
	if _, _, err := w.reg.ListSuppliers(as(w.brandA), SupplierFilter{Query: "(-) !"}); err == nil {
		t.Fatal("a search with no searchable words was accepted")
	}
	if got, _, _ := w.reg.ListSuppliers(as(w.staff), SupplierFilter{Query: "unlinked"}); len(got) != 1 {
		t.Fatalf("staff search: %v", got)
	}
}

// TestBriefsListWhatFullRecordsDo lists the same suppliers as briefs and
// as whole records, for staff and a brand: the same suppliers in the same
// order, each brief the record's Brief, and a changed record's brief
// changed with it.
func TestBriefsListWhatFullRecordsDo(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.linkToBrandA(t, "Zubair Textile", "Amin Textile", "Hamid Weaving")
	w.create(t, w.reg, mill("Unlinked Mills", "Plot 999, Korangi"))
	compare := func(who domain.Actor, f SupplierFilter, want int) {
		t.Helper()
		full, _, err := w.reg.ListSuppliers(as(who), f)
		if err != nil {
			t.Fatal(err)
		}
		briefs, _, err := w.reg.ListSupplierBriefs(as(who), f)
		if err != nil {
			t.Fatal(err)
		}
		if len(full) != want || len(briefs) != want {
			t.Fatalf("%s lists %d suppliers and %d briefs, want %d", who.UserID, len(full), len(briefs), want)
		}
		for i, s := range full {
			if !reflect.DeepEqual(briefs[i], s.Brief()) {
				t.Fatalf("brief %d:\n got %+v\nwant %+v", i, briefs[i], s.Brief())
			}
			if len(s.Risk.Reasons) == 0 || briefs[i].Risk.Reasons != nil || briefs[i].Address != "" {
				t.Fatalf("brief %d carries more than a list shows, or the record less: %+v", i, briefs[i])
			}
		}
	}
	compare(w.staff, SupplierFilter{Sort: "-risk"}, 4)
	compare(w.brandA, SupplierFilter{}, 3)
	compare(w.brB, SupplierFilter{}, 0)

	all, _, err := w.reg.ListSuppliers(as(w.brandA), SupplierFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.Suppliers.Update(ctx, all[0].ID, func(s *supplier.Supplier) error {
		s.Workforce.Total = 777
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	briefs, _, err := w.reg.ListSupplierBriefs(as(w.brandA), SupplierFilter{Limit: 1})
	if err != nil || len(briefs) != 1 || briefs[0].Workforce.Total != 777 {
		t.Fatalf("after an update, the brief is %+v (%v)", briefs, err)
	}
	if _, err := w.st.Suppliers.Briefs().Update(ctx, all[0].ID, func(*supplier.Supplier) error { return nil }); err == nil {
		t.Fatal("a write through the briefs was accepted")
	}
}
