package store_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/app/store/mongo"
	"github.com/actionhub/actionhub/app/store/mongo/mongotest"
	"github.com/actionhub/actionhub/app/store/sqlite"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/policies"
)

// engines gives each test a fresh, empty engine of every kind.
var engines = map[string]func(t *testing.T) docstore.Engine{
	"sqlite": func(t *testing.T) docstore.Engine {
		e, err := sqlite.Open(context.Background(), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = e.Close() })
		return e
	},
	"mongo": func(t *testing.T) docstore.Engine {
		e, err := mongo.Open(context.Background(), mongotest.URI(t), mongotest.Database(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = e.Close() })
		return e
	},
}

func forEachEngine(t *testing.T, test func(t *testing.T, rs *store.Relations)) {
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rs, err := store.NewRelations(context.Background(), open(t))
			if err != nil {
				t.Fatal(err)
			}
			test(t, rs)
		})
	}
}

func loadAll(t *testing.T, rs *store.Relations) []policies.Relation {
	t.Helper()
	var all []policies.Relation
	err := rs.LoadRelations(context.Background(), func(b []policies.Relation) error {
		all = append(all, b...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(all, func(a, b policies.Relation) int {
		return cmp.Or(cmp.Compare(a.Subject, b.Subject), cmp.Compare(a.Object, b.Object))
	})
	return all
}

func TestRelations(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, rs *store.Relations) {
		ctx := context.Background()
		member := policies.Relation{Subject: policies.UserNode("u1"), Object: policies.OrgNode("brand")}
		link := policies.Relation{Subject: policies.OrgNode("brand"), Object: policies.SupplierNode("mill")}
		inHub := policies.Relation{Subject: policies.OrgNode("brand"), Object: policies.HubNode("pk")}

		if err := rs.AddRelations(ctx, member, link); err != nil {
			t.Fatal(err)
		}
		if err := rs.AddRelations(ctx, link, inHub, member); err != nil {
			t.Fatalf("adding stored relations again: %v", err)
		}
		want := []policies.Relation{inHub, link, member}
		if got := loadAll(t, rs); !slices.Equal(got, want) {
			t.Fatalf("load (-want +got):\n- %v\n+ %v", want, got)
		}

		reversed := policies.Relation{Subject: link.Object, Object: link.Subject}
		has, err := rs.HasRelations(ctx, link, reversed, member)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(has, []bool{true, false, true}) {
			t.Errorf("HasRelations = %v, want [true false true]", has)
		}

		if err := rs.RemoveRelations(ctx, link, reversed); err != nil {
			t.Fatalf("removing a stored and a missing relation: %v", err)
		}
		if err := rs.RemoveRelations(ctx, link); err != nil {
			t.Fatalf("removing twice: %v", err)
		}
		want = []policies.Relation{inHub, member}
		if got := loadAll(t, rs); !slices.Equal(got, want) {
			t.Fatalf("load after remove (-want +got):\n- %v\n+ %v", want, got)
		}
		if has, _ := rs.HasRelations(ctx, link); has[0] {
			t.Error("a removed relation is still reported stored")
		}
	})
}

// TestRelationsLoadInBatches stores more than one batch and reads every
// relation back exactly once.
func TestRelationsLoadInBatches(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, rs *store.Relations) {
		const n = 2500
		rels := make([]policies.Relation, n)
		for i := range rels {
			rels[i] = policies.Relation{Subject: policies.UserNode(fmt.Sprintf("u%05d", i)), Object: policies.OrgNode(fmt.Sprint("o", i%7))}
		}
		if err := rs.AddRelations(context.Background(), rels...); err != nil {
			t.Fatal(err)
		}
		batches := 0
		seen := map[policies.Relation]int{}
		err := rs.LoadRelations(context.Background(), func(b []policies.Relation) error {
			batches++
			for _, r := range b {
				seen[r]++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if batches < 2 {
			t.Errorf("%d relations came in %d batch", n, batches)
		}
		for _, r := range rels {
			if seen[r] != 1 {
				t.Fatalf("%v loaded %d times", r, seen[r])
			}
		}
		if len(seen) != n {
			t.Errorf("loaded %d relations, want %d", len(seen), n)
		}
	})
}

// TestEnforcerOnStore: the enforcer persists through the store, and a fresh
// enforcer on the same engine (a restart) decides the same.
func TestEnforcerOnStore(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, rs *store.Relations) {
		ctx := context.Background()
		e, err := policies.New(ctx, rs)
		if err != nil {
			t.Fatal(err)
		}
		buyer, brand, mill := policies.UserNode("buyer"), policies.OrgNode("brand"), policies.SupplierNode("mill")
		if err := e.Add(ctx, policies.Relation{Subject: buyer, Object: brand}, policies.Relation{Subject: brand, Object: mill}); err != nil {
			t.Fatal(err)
		}
		restarted, err := policies.New(ctx, rs)
		if err != nil {
			t.Fatal(err)
		}
		if !restarted.Decide(buyer, domain.RoleBrandViewer, policies.PermOrganisationsRead, mill) {
			t.Error("after a restart the buyer no longer reaches the linked supplier")
		}
		if err := restarted.Remove(ctx, policies.Relation{Subject: brand, Object: mill}); err != nil {
			t.Fatal(err)
		}
		if restarted.Decide(buyer, domain.RoleBrandViewer, policies.PermOrganisationsRead, mill) {
			t.Error("allowed right after Remove")
		}
		if has, _ := rs.HasRelations(ctx, policies.Relation{Subject: brand, Object: mill}); has[0] {
			t.Error("Remove left the relation in the store")
		}
	})
}

// BenchmarkRelationsLoad100k: an enforcer's start-up over SQLite with
// 100,000 stored relations (seeding them takes a few seconds first).
func BenchmarkRelationsLoad100k(b *testing.B) {
	ctx := context.Background()
	e, err := sqlite.Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	rs, err := store.NewRelations(ctx, e)
	if err != nil {
		b.Fatal(err)
	}
	rels := make([]policies.Relation, 100000)
	for i := range rels {
		rels[i] = policies.Relation{
			Subject: policies.UserNode(fmt.Sprintf("0190c2a4-7d1e-7b3f-9a51-%012d", i)),
			Object:  policies.OrgNode(fmt.Sprintf("0190c2a4-7d1e-7b3f-9a51-%012d", i%2000)),
		}
	}
	if err := rs.AddRelations(ctx, rels...); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := policies.New(ctx, rs); err != nil {
			b.Fatal(err)
		}
	}
}
