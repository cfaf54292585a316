package policies

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/supplier"
)

// A network of 100,000 relations: 2 hubs, 2,000 organisations (the first
// 1,000 brands), 20,000 users (10 per organisation), 10,000 suppliers of
// which 8,000 are placed in a hub, and 70,000 brand–supplier links (70 per
// brand).
const (
	benchOrgs      = 2000
	benchBrands    = 1000
	benchUsers     = 20000
	benchSuppliers = 10000
	benchPlaced    = 8000
	benchLinks     = 70
)

func benchOrg(i int) string      { return OrgNode(fmt.Sprint("o", i)) }
func benchUser(i int) string     { return UserNode(fmt.Sprint("u", i)) }
func benchSupplier(i int) string { return SupplierNode(fmt.Sprint("s", i)) }
func benchHub(i int) string      { return HubNode(fmt.Sprint("h", i)) }

// benchLinked is the k-th supplier of brand b.
func benchLinked(b, k int) int { return (b*37 + k*131) % benchSuppliers }

func benchNetwork() []Relation {
	rels := make([]Relation, 0, 100000)
	for o := range benchOrgs {
		rels = append(rels, Relation{benchOrg(o), benchHub(o % 2)})
	}
	for u := range benchUsers {
		rels = append(rels, Relation{benchUser(u), benchOrg(u % benchOrgs)})
	}
	for s := range benchPlaced {
		rels = append(rels, Relation{benchSupplier(s), benchHub(s % 2)})
	}
	for b := range benchBrands {
		for k := range benchLinks {
			rels = append(rels, Relation{benchOrg(b), benchSupplier(benchLinked(b, k))})
		}
	}
	return rels
}

type benchRequest struct {
	sub, obj string
	role     domain.Role
	perm     Permission
	want     bool
}

// benchRequests mixes allowed and refused decisions by brand users: their
// own organisation and hub, linked and unlinked suppliers, other
// organisations, and a permission the role lacks.
func benchRequests(n int) []benchRequest {
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]benchRequest, n)
	for i := range out {
		o := rng.IntN(benchBrands)                        // a brand
		u := o + benchOrgs*rng.IntN(benchUsers/benchOrgs) // one of its users
		r := benchRequest{sub: benchUser(u), role: domain.RoleBrandManager, perm: PermOrganisationsRead}
		switch i % 6 {
		case 0:
			r.obj, r.want = benchOrg(o), true
		case 1:
			r.obj, r.want = benchHub(o%2), true
		case 2:
			r.obj, r.want = benchSupplier(benchLinked(o, rng.IntN(benchLinks))), true
		case 3:
			r.obj = benchOrg((o + 1 + rng.IntN(benchOrgs-1)) % benchOrgs)
		case 4:
			s := rng.IntN(benchSuppliers)
			r.obj = benchSupplier(s)
			for k := range benchLinks {
				if benchLinked(o, k) == s {
					r.want = true
				}
			}
		case 5:
			r.obj, r.perm = benchOrg(o), PermOrganisationsCreate
		}
		out[i] = r
	}
	return out
}

func benchEnforcer(b *testing.B) *Enforcer {
	b.Helper()
	rels := benchNetwork()
	if len(rels) != 100000 {
		b.Fatalf("%d relations, want 100000", len(rels))
	}
	return mustNew(b, newMemStore(rels...))
}

func checkedRequests(b *testing.B, e *Enforcer) []benchRequest {
	b.Helper()
	reqs := benchRequests(4096)
	allowed := 0
	for _, r := range reqs {
		if got := e.Decide(r.sub, r.role, r.perm, r.obj); got != r.want {
			b.Fatalf("Decide(%s, %s, %s, %s) = %v, want %v", r.sub, r.role, r.perm, r.obj, got, r.want)
		}
		if r.want {
			allowed++
		}
	}
	b.ReportMetric(float64(allowed)/float64(len(reqs)), "allowed/op")
	return reqs
}

// BenchmarkDecide: one full decision (grant and scope) at 100k relations,
// with no decision cache.
func BenchmarkDecide(b *testing.B) {
	e := benchEnforcer(b)
	reqs := checkedRequests(b, e)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		r := &reqs[i%len(reqs)]
		e.Decide(r.sub, r.role, r.perm, r.obj)
	}
}

// BenchmarkDecideParallel: decisions from every core at once.
func BenchmarkDecideParallel(b *testing.B) {
	e := benchEnforcer(b)
	reqs := checkedRequests(b, e)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := rand.IntN(len(reqs))
		for pb.Next() {
			r := &reqs[i%len(reqs)]
			e.Decide(r.sub, r.role, r.perm, r.obj)
			i++
		}
	})
}

// BenchmarkAllowed: the route check alone.
func BenchmarkAllowed(b *testing.B) {
	e := mustNew(b, newMemStore())
	for b.Loop() {
		e.Allowed(domain.RoleBrandManager, PermUsersList)
	}
}

// BenchmarkLoad100k: New with 100,000 stored relations (an in-memory store,
// so this is the enforcer's share of a start-up or a reload).
func BenchmarkLoad100k(b *testing.B) {
	s := newMemStore(benchNetwork()...)
	for b.Loop() {
		if _, err := New(context.Background(), s, quiet); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAddRemove: one relation added and removed at 100k relations
// (in-memory store).
func BenchmarkAddRemove(b *testing.B) {
	ctx := context.Background()
	e := benchEnforcer(b)
	r := Relation{benchOrg(0), benchSupplier(benchSuppliers - 1)}
	for b.Loop() {
		if err := e.Add(ctx, r); err != nil {
			b.Fatal(err)
		}
		if err := e.Remove(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReach: the scope check alone, on the same requests.
func BenchmarkReach(b *testing.B) {
	e := benchEnforcer(b)
	reqs := checkedRequests(b, e)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		r := &reqs[i%len(reqs)]
		e.Reaches(r.sub, r.obj)
	}
}

// BenchmarkCan: the one per-object decision as services ask it, at 100k
// relations: brand users and operator staff reading suppliers, half of
// them out of reach (a brand's unlinked supplier, another hub's). Compare
// with BenchmarkDecide, one Casbin decision on a node.
func BenchmarkCan(b *testing.B) {
	e := benchEnforcer(b)
	rng := rand.New(rand.NewPCG(3, 4))
	type req struct {
		a    domain.Actor
		obj  *supplier.Supplier
		want bool
	}
	reqs := make([]req, 4096)
	for i := range reqs {
		s := rng.IntN(benchPlaced)
		sup := &supplier.Supplier{ID: fmt.Sprint("s", s), HubID: fmt.Sprint("h", s%2)}
		var r req
		if i%2 == 0 { // a brand user: a linked supplier or a random one
			o := rng.IntN(benchBrands)
			r.a = domain.Actor{UserID: fmt.Sprint("u", o), Role: domain.RoleBrandManager}
			if i%4 == 0 {
				s = benchLinked(o, rng.IntN(benchLinks))
				sup = &supplier.Supplier{ID: fmt.Sprint("s", s), HubID: fmt.Sprint("h", s%2)}
				r.want = true
			} else {
				for k := range benchLinks {
					r.want = r.want || benchLinked(o, k) == s
				}
			}
		} else { // operator staff of one hub
			o := benchBrands + rng.IntN(benchOrgs-benchBrands)
			r.a = domain.Actor{UserID: fmt.Sprint("u", o), Role: domain.RoleHubAdmin}
			r.want = o%2 == s%2
		}
		r.obj = sup
		if got := e.Can(r.a, PermSuppliersRead, r.obj); got != r.want {
			b.Fatalf("Can(%+v, %s) = %v, want %v", r.a, r.obj.ID, got, r.want)
		}
		reqs[i] = r
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		r := &reqs[i%len(reqs)]
		e.Can(r.a, PermSuppliersRead, r.obj)
	}
}
