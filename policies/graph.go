package policies

// graph holds the scope relations as a directed graph, indexed both ways so
// a reach check can search from the subject forward and from the object
// backward, whichever side is cheaper. Casbin's own role manager searches
// forward only and allocates at every level: about 50 µs for a refusal when
// a brand has 70 suppliers, against a budget of 5 µs per decision.
//
// It is not safe for concurrent use; the Enforcer guards it.
type graph struct {
	nodes map[string]*node
	depth int // longest path reach follows
	edges int
}

type node struct {
	name    string
	out, in adjacency
}

// adjacency is a node's neighbours in one direction: a slice, plus an
// index once it is too long to scan.
type adjacency struct {
	list []*node
	idx  map[*node]int
}

const scanMax = 8 // neighbour lists up to this long are scanned, not indexed

func (a *adjacency) has(n *node) bool {
	if a.idx != nil {
		_, ok := a.idx[n]
		return ok
	}
	for _, m := range a.list {
		if m == n {
			return true
		}
	}
	return false
}

func (a *adjacency) add(n *node) {
	a.list = append(a.list, n)
	if a.idx != nil {
		a.idx[n] = len(a.list) - 1
	} else if len(a.list) > scanMax {
		a.idx = make(map[*node]int, len(a.list))
		for i, m := range a.list {
			a.idx[m] = i
		}
	}
}

func (a *adjacency) remove(n *node) {
	i := -1
	if a.idx != nil {
		i = a.idx[n]
		delete(a.idx, n)
	} else {
		for j, m := range a.list {
			if m == n {
				i = j
			}
		}
	}
	last := len(a.list) - 1
	if i != last {
		a.list[i] = a.list[last]
		if a.idx != nil {
			a.idx[a.list[i]] = i
		}
	}
	a.list[last] = nil
	a.list = a.list[:last]
}

func newGraph(depth int) *graph {
	return &graph{nodes: map[string]*node{}, depth: depth}
}

func (g *graph) node(name string) *node {
	n := g.nodes[name]
	if n == nil {
		n = &node{name: name}
		g.nodes[name] = n
	}
	return n
}

// add links from → to; false if the link was there.
func (g *graph) add(from, to string) bool {
	a, b := g.node(from), g.node(to)
	if a.out.has(b) {
		return false
	}
	a.out.add(b)
	b.in.add(a)
	g.edges++
	return true
}

// remove unlinks from → to, forgetting nodes left without links; false if
// the link was not there.
func (g *graph) remove(from, to string) bool {
	a, b := g.nodes[from], g.nodes[to]
	if a == nil || b == nil || !a.out.has(b) {
		return false
	}
	a.out.remove(b)
	b.in.remove(a)
	g.edges--
	for _, n := range [2]*node{a, b} {
		if len(n.out.list) == 0 && len(n.in.list) == 0 {
			delete(g.nodes, n.name)
		}
	}
	return true
}

// reach reports whether a path of at most g.depth links leads from → to.
// A node reaches itself.
//
// It is a bidirectional breadth-first search by layers: before each step
// it tests for a link between the current forward and backward layers (a
// shortest path crosses between them at one step), then grows the layer
// whose neighbours are fewer. A crossing is always a real path within the
// depth, so layers need not be exact: repeats are dropped only while that
// is cheap, which keeps a decision free of allocations in the usual case.
func (g *graph) reach(from, to string) bool {
	if from == to {
		return true
	}
	a, b := g.nodes[from], g.nodes[to]
	if a == nil || b == nil || len(a.out.list) == 0 || len(b.in.list) == 0 {
		return false
	}
	var fwdBuf, bwdBuf [2][16]*node
	var seenFBuf, seenBBuf [scanMax]*node
	fwd, bwd := append(fwdBuf[0][:0], a), append(bwdBuf[0][:0], b)
	seenF, seenB := append(seenFBuf[:0], a), append(seenBBuf[:0], b)
	fi, bi := 0, 0 // which buffer holds each layer; the next goes in the other
	for steps := 1; ; steps++ {
		if crosses(fwd, bwd) {
			return true
		}
		if steps == g.depth {
			return false
		}
		if degree(fwd, true) <= degree(bwd, false) {
			fi ^= 1
			fwd, seenF = grow(fwd, fwdBuf[fi][:0], true, seenF)
		} else {
			bi ^= 1
			bwd, seenB = grow(bwd, bwdBuf[bi][:0], false, seenB)
		}
		if len(fwd) == 0 || len(bwd) == 0 {
			return false
		}
	}
}

// degree sums the out (or in) degrees of a layer: the cost of growing it.
func degree(layer []*node, out bool) int {
	n := 0
	for _, x := range layer {
		if out {
			n += len(x.out.list)
		} else {
			n += len(x.in.list)
		}
	}
	return n
}

// crosses reports a link from a node of fwd to a node of bwd, by the
// cheapest of: testing every pair, walking fwd's links into bwd, or walking
// bwd's links back into fwd.
func crosses(fwd, bwd []*node) bool {
	pairs, outs, ins := len(fwd)*len(bwd), degree(fwd, true), degree(bwd, false)
	switch {
	case pairs <= outs && pairs <= ins:
		for _, x := range fwd {
			for _, y := range bwd {
				if x.out.has(y) {
					return true
				}
			}
		}
	case outs <= ins:
		in := layerSet(bwd)
		for _, x := range fwd {
			for _, y := range x.out.list {
				if in(y) {
					return true
				}
			}
		}
	default:
		in := layerSet(fwd)
		for _, y := range bwd {
			for _, x := range y.in.list {
				if in(x) {
					return true
				}
			}
		}
	}
	return false
}

// layerSet returns a membership test for a layer: a scan while it is short.
func layerSet(layer []*node) func(*node) bool {
	if len(layer) <= scanMax {
		return func(n *node) bool {
			for _, m := range layer {
				if m == n {
					return true
				}
			}
			return false
		}
	}
	set := make(map[*node]struct{}, len(layer))
	for _, n := range layer {
		set[n] = struct{}{}
	}
	return func(n *node) bool {
		_, ok := set[n]
		return ok
	}
}

// grow appends the neighbours of layer to next, dropping those in seen;
// seen records new nodes until it is full.
func grow(layer, next []*node, out bool, seen []*node) ([]*node, []*node) {
	for _, x := range layer {
		list := x.in.list
		if out {
			list = x.out.list
		}
	neighbours:
		for _, y := range list {
			for _, s := range seen {
				if s == y {
					continue neighbours
				}
			}
			if len(seen) < cap(seen) {
				seen = append(seen, y)
			}
			next = append(next, y)
		}
	}
	return next, seen
}
