package policies

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// naiveReach is a plain forward breadth-first search, the reference that
// graph.reach must agree with.
func naiveReach(links map[[2]string]bool, from, to string, depth int) bool {
	if from == to {
		return true
	}
	out := map[string][]string{}
	for l := range links {
		out[l[0]] = append(out[l[0]], l[1])
	}
	dist := map[string]int{from: 0}
	layer := []string{from}
	for d := 1; d <= depth && len(layer) > 0; d++ {
		var next []string
		for _, x := range layer {
			for _, y := range out[x] {
				if y == to {
					return true
				}
				if _, ok := dist[y]; !ok {
					dist[y] = d
					next = append(next, y)
				}
			}
		}
		layer = next
	}
	return false
}

// TestGraphAgreesWithNaiveSearch checks reach on random graphs, dense and
// sparse, with hubs of high degree (past the scan and buffer sizes), cycles
// and removals, at every depth from 1 to 5.
func TestGraphAgreesWithNaiveSearch(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 11))
	for round := range 60 {
		nodes := 5 + rng.IntN(40)
		name := func(i int) string { return fmt.Sprint("n:", i) }
		depth := 1 + round%5
		g := newGraph(depth)
		links := map[[2]string]bool{}
		edges := rng.IntN(nodes * 4)
		for range edges {
			a, b := rng.IntN(nodes), rng.IntN(nodes)
			if rng.IntN(4) == 0 {
				a = 0 // a high out-degree node
			}
			if rng.IntN(4) == 0 {
				b = 1 // a high in-degree node
			}
			if a == b {
				continue
			}
			l := [2]string{name(a), name(b)}
			if added := g.add(l[0], l[1]); added == links[l] {
				t.Fatalf("add(%v) = %v with the link present = %v", l, added, links[l])
			}
			links[l] = true
		}
		// Remove a third of the links again.
		for l := range links {
			if rng.IntN(3) == 0 {
				if !g.remove(l[0], l[1]) {
					t.Fatalf("remove(%v) of a present link = false", l)
				}
				delete(links, l)
				if g.remove(l[0], l[1]) {
					t.Fatalf("remove(%v) twice = true", l)
				}
			}
		}
		if g.edges != len(links) {
			t.Fatalf("graph counts %d links, want %d", g.edges, len(links))
		}
		for a := range nodes + 1 { // one node beyond those used: unknown
			for b := range nodes + 1 {
				want := naiveReach(links, name(a), name(b), depth)
				if got := g.reach(name(a), name(b)); got != want {
					t.Fatalf("round %d depth %d: reach(%d, %d) = %v, want %v", round, depth, a, b, got, want)
				}
			}
		}
	}
}

func TestGraphForgetsUnlinkedNodes(t *testing.T) {
	t.Parallel()
	g := newGraph(3)
	for i := range 20 {
		g.add("org:b", fmt.Sprint("supplier:", i))
	}
	for i := range 20 {
		g.remove("org:b", fmt.Sprint("supplier:", i))
	}
	if len(g.nodes) != 0 || g.edges != 0 {
		t.Errorf("%d nodes and %d links left after removing every link", len(g.nodes), g.edges)
	}
}
