package policies

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/actionhub/actionhub/domain"
)

// A small network: hubs PK and BD; an operator, two brands and a supplier's
// own organisation in PK; another brand in BD.
var (
	hubPK, hubBD  = HubNode("pk"), HubNode("bd")
	operator      = OrgNode("operator")
	brandA        = OrgNode("brand-a")
	brandB        = OrgNode("brand-b")
	brandBD       = OrgNode("brand-bd")
	supplierOrg   = OrgNode("al-karam")
	mill, tannery = SupplierNode("mill"), SupplierNode("tannery")

	hubAdmin, buyerA, buyerB, millManager = UserNode("hub-admin"), UserNode("buyer-a"), UserNode("buyer-b"), UserNode("mill-manager")
)

func network() []Relation {
	return []Relation{
		{hubAdmin, operator}, {buyerA, brandA}, {buyerB, brandB}, {millManager, supplierOrg},
		{operator, hubPK}, {brandA, hubPK}, {brandB, hubPK}, {supplierOrg, hubPK}, {brandBD, hubBD},
		{brandA, mill}, {brandB, tannery}, {supplierOrg, mill},
	}
}

func TestScope(t *testing.T) {
	t.Parallel()
	e := mustNew(t, newMemStore(network()...))
	cases := []struct {
		sub, obj string
		want     bool
	}{
		{buyerA, brandA, true},   // own organisation
		{buyerA, hubPK, true},    // its hub, through the organisation
		{buyerA, brandB, false},  // another organisation in the same hub
		{buyerA, hubBD, false},   // another hub
		{buyerA, mill, true},     // a supplier its brand is linked to
		{buyerA, tannery, false}, // a supplier it is not linked to
		{brandA, mill, true},
		{brandA, tannery, false},
		{buyerB, tannery, true},
		{buyerB, mill, false},
		{millManager, mill, true}, // a supplier's own organisation is that facility
		{millManager, tannery, false},
		{millManager, brandA, false}, // links do not run backwards
		{hubPK, brandA, false},
		{mill, brandA, false},
		{hubAdmin, hubPK, true},
		{hubAdmin, hubBD, false},
		{UserNode("stranger"), hubPK, false},
		{buyerA, buyerA, true}, // a node reaches itself
	}
	for _, c := range cases {
		if got := e.Reaches(c.sub, c.obj); got != c.want {
			t.Errorf("Reaches(%s, %s) = %v, want %v", c.sub, c.obj, got, c.want)
		}
		// A decision needs the scope and the grant alike.
		if got := e.Decide(c.sub, domain.RoleBrandViewer, PermOrganisationsRead, c.obj); got != c.want {
			t.Errorf("Decide(%s, brand_viewer, organisations:read, %s) = %v, want %v", c.sub, c.obj, got, c.want)
		}
		if e.Decide(c.sub, domain.RoleBrandViewer, PermOrganisationsCreate, c.obj) {
			t.Errorf("Decide(%s, brand_viewer, organisations:create, %s) allowed without the grant", c.sub, c.obj)
		}
	}
	// AnyObject skips the scope, never the grant.
	if !e.Decide(UserNode("stranger"), domain.RoleBrandViewer, PermMeRead, AnyObject) {
		t.Error("AnyObject did not skip the scope")
	}
	if e.Decide(UserNode("stranger"), domain.RoleBrandViewer, PermHubsCreate, AnyObject) {
		t.Error("AnyObject skipped the grant")
	}
}

func TestScopeDepth(t *testing.T) {
	t.Parallel()
	var chain []Relation
	for i := range 6 {
		chain = append(chain, Relation{Node("n", fmt.Sprint(i)), Node("n", fmt.Sprint(i+1))})
	}
	e := mustNew(t, newMemStore(chain...))
	for i := 1; i <= 6; i++ {
		want := i <= scopeDepth
		if got := e.Reaches("n:0", Node("n", fmt.Sprint(i))); got != want {
			t.Errorf("Reaches over %d links = %v, want %v", i, got, want)
		}
	}
}

func TestAddAndRemove(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newMemStore(network()...)
	e := mustNew(t, s)
	link := Relation{brandA, tannery}

	if e.Decide(buyerA, domain.RoleBrandManager, PermOrganisationsRead, tannery) {
		t.Fatal("allowed before the link")
	}
	if err := e.Add(ctx, link); err != nil {
		t.Fatal(err)
	}
	if !e.Decide(buyerA, domain.RoleBrandManager, PermOrganisationsRead, tannery) {
		t.Error("refused right after Add")
	}
	if has, _ := s.HasRelations(ctx, link); !has[0] {
		t.Error("Add did not store the relation")
	}
	if err := e.Add(ctx, link); err != nil {
		t.Errorf("Add twice: %v", err)
	}

	if err := e.Remove(ctx, link); err != nil {
		t.Fatal(err)
	}
	if e.Decide(buyerA, domain.RoleBrandManager, PermOrganisationsRead, tannery) {
		t.Error("allowed on the very next decision after Remove")
	}
	if has, _ := s.HasRelations(ctx, link); has[0] {
		t.Error("Remove left the relation stored")
	}
	if err := e.Remove(ctx, link, Relation{UserNode("ghost"), OrgNode("nowhere")}); err != nil {
		t.Errorf("Remove of missing relations: %v", err)
	}
	// The rest of the network is untouched.
	if !e.Reaches(buyerA, mill) || !e.Reaches(buyerB, tannery) {
		t.Error("Remove took other links with it")
	}
	// A fresh enforcer on the same store agrees.
	if f := mustNew(t, s); f.Reaches(buyerA, tannery) || !f.Reaches(buyerA, mill) {
		t.Error("a fresh load disagrees with the store")
	}
}

func TestAddRefusesMalformedRelations(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newMemStore()
	e := mustNew(t, s)
	bad := []Relation{
		{"", OrgNode("o")},
		{UserNode("u"), ""},
		{"user", OrgNode("o")},
		{UserNode(""), OrgNode("o")},
		{UserNode("u"), AnyObject},
		{UserNode("u"), OrgNode("*")},
		{UserNode("a|b"), OrgNode("o")},
		{"User:u", OrgNode("o")},
		{OrgNode("o"), OrgNode("o")},
	}
	for _, r := range bad {
		if err := e.Add(ctx, Relation{UserNode("ok"), OrgNode("ok")}, r); err == nil {
			t.Errorf("Add(%q → %q) accepted", r.Subject, r.Object)
		}
	}
	if len(s.rels) != 0 || e.Reaches(UserNode("ok"), OrgNode("ok")) {
		t.Error("a refused batch was partly applied")
	}
}

func TestStoreFailure(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newMemStore(network()...)
	e := mustNew(t, s)
	s.setFail(errStoreDown)
	if err := e.Add(ctx, Relation{brandA, tannery}); !errors.Is(err, errStoreDown) {
		t.Errorf("Add: %v, want the store's error", err)
	}
	if e.Reaches(buyerA, tannery) {
		t.Error("Add took effect in memory though the store failed")
	}
	// A failed removal still refuses here: the safe side.
	if err := e.Remove(ctx, Relation{brandA, mill}); !errors.Is(err, errStoreDown) {
		t.Errorf("Remove: %v, want the store's error", err)
	}
	if e.Reaches(buyerA, mill) {
		t.Error("a removal the store refused is still allowed here")
	}
	if err := e.Reload(ctx); !errors.Is(err, errStoreDown) {
		t.Errorf("Reload: %v, want the store's error", err)
	}
	if !e.Reaches(buyerB, tannery) {
		t.Error("a failed reload dropped the relations held")
	}
	if _, err := New(ctx, s, quiet); !errors.Is(err, errStoreDown) {
		t.Errorf("New: %v, want the store's error", err)
	}
	// With the store back, a reload shows what it still holds.
	s.setFail(nil)
	if err := e.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if !e.Reaches(buyerA, mill) || e.Reaches(buyerA, tannery) {
		t.Error("the reload does not match the store")
	}
}

func TestReloadFollowsTheStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newMemStore(network()...)
	e := mustNew(t, s)
	// Another replica's writes, without an announcement.
	_ = s.AddRelations(ctx, Relation{brandA, tannery})
	_ = s.RemoveRelations(ctx, Relation{brandA, mill})
	if !e.Reaches(buyerA, mill) || e.Reaches(buyerA, tannery) {
		t.Fatal("memory changed without a reload")
	}
	if err := e.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if e.Reaches(buyerA, mill) || !e.Reaches(buyerA, tannery) {
		t.Error("Reload did not follow the store")
	}
}

// TestConcurrentUse runs decisions against changes and reloads; run with
// -race. Links that are never removed must stay allowed throughout.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := mustNew(t, newMemStore(network()...))
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 300 {
				if !e.Decide(buyerA, domain.RoleBrandManager, PermOrganisationsRead, mill) {
					errs <- fmt.Errorf("worker %d: a stable link was refused", w)
					return
				}
				e.Reaches(UserNode(fmt.Sprint("temp", i)), brandB)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 100 {
			r := Relation{UserNode(fmt.Sprint("temp", i)), brandB}
			if err := e.Add(ctx, r); err != nil {
				errs <- err
				return
			}
			if i%10 == 0 {
				if err := e.Reload(ctx); err != nil {
					errs <- err
					return
				}
			}
			if err := e.Remove(ctx, r); err != nil {
				errs <- err
				return
			}
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
