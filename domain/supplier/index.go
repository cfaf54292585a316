package supplier

import (
	"cmp"
	"slices"
	"sync"
)

// Candidate is a registry facility that may be the one nominated.
type Candidate struct {
	ID    string
	Score float64
}

// maxScored bounds how many facilities one search scores fully.
const maxScored = 64

// Index holds a hub's registry for matching. It never scores the whole
// registry: within the nomination's city it counts, per facility, the
// blocking keys shared with the nomination (character trigrams of the name's
// own words, which survive typing errors; their phonetic keys, on which Urdu
// script and Roman spellings meet; trade words and address words, which
// only rank facilities sharing a name), scores the maxScored that share
// most, and adds any facility with the same OS ID or registration number. A
// facility in another city cannot reach the doubtful band, so blocking by
// city loses no match.
//
// An Index is safe for concurrent use: searches share a read lock, changes
// take the write lock. Index suppliers that are not aliases of another.
type Index struct {
	mu      sync.RWMutex
	entries []entry // by slot; a free slot has id ""
	free    []int32
	slot    map[string]int32
	grams   map[string]map[uint64][]int32 // city → blocking key → slots
	ids     map[string][]int32            // OS ID or registration key → slots
	scratch sync.Pool                     // *counter
}

type entry struct {
	id   string
	p    *profile
	keys []uint64 // blocking keys, to remove the entry again
	ids  []string
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{
		slot:  map[string]int32{},
		grams: map[string]map[uint64][]int32{},
		ids:   map[string][]int32{},
	}
}

// Len returns the number of facilities held.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.slot)
}

// Add puts a facility in the index under id, replacing what id held before.
func (x *Index) Add(id string, f Facility) {
	p := prepare(f)
	e := entry{id: id, p: p, ids: slices.Clone(p.regs)}
	keys, _ := blockKeys(p)
	for _, k := range keys {
		e.keys = append(e.keys, k.key)
	}
	if p.osid != "" {
		e.ids = append(e.ids, "OSID:"+p.osid)
	}
	slices.Sort(e.ids)
	e.ids = slices.Compact(e.ids) // a number listed twice is posted once, so removed once
	x.mu.Lock()
	defer x.mu.Unlock()
	x.remove(id)
	var s int32
	if n := len(x.free); n > 0 {
		s, x.free = x.free[n-1], x.free[:n-1]
		x.entries[s] = e
	} else {
		s = int32(len(x.entries))
		x.entries = append(x.entries, e)
	}
	x.slot[id] = s
	city := x.grams[p.city]
	if city == nil {
		city = map[uint64][]int32{}
		x.grams[p.city] = city
	}
	for _, k := range e.keys {
		city[k] = append(city[k], s)
	}
	for _, k := range e.ids {
		x.ids[k] = append(x.ids[k], s)
	}
}

// Remove takes id out of the index; an unknown id is ignored.
func (x *Index) Remove(id string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.remove(id)
}

func (x *Index) remove(id string) {
	s, ok := x.slot[id]
	if !ok {
		return
	}
	e := x.entries[s]
	city := x.grams[e.p.city]
	for _, k := range e.keys {
		if l := without(city[k], s); len(l) > 0 {
			city[k] = l
		} else {
			delete(city, k)
		}
	}
	for _, k := range e.ids {
		if l := without(x.ids[k], s); len(l) > 0 {
			x.ids[k] = l
		} else {
			delete(x.ids, k)
		}
	}
	delete(x.slot, id)
	x.entries[s] = entry{}
	x.free = append(x.free, s)
}

func without(l []int32, s int32) []int32 {
	if i := slices.Index(l, s); i >= 0 {
		l[i] = l[len(l)-1]
		return l[:len(l)-1]
	}
	return l
}

// Best returns up to k facilities most likely to be f, best first (ties by
// ID), with their scores; facilities scoring 0 are left out.
func (x *Index) Best(f Facility, k int) []Candidate {
	if k <= 0 {
		return nil
	}
	q := prepare(f)
	x.mu.RLock()
	defer x.mu.RUnlock()
	var out []Candidate
	for _, s := range x.candidates(q) {
		if sc := score(q, x.entries[s].p); sc > 0 {
			out = append(out, Candidate{ID: x.entries[s].id, Score: sc})
		}
	}
	slices.SortFunc(out, func(a, b Candidate) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.ID, b.ID))
	})
	return out[:min(k, len(out))]
}

// Match returns f's best candidate and the state its score earns, or a
// MatchNew with no candidate.
func (x *Index) Match(f Facility) Match {
	best := x.Best(f, 1)
	if len(best) == 0 {
		return Match{State: MatchNew}
	}
	state := Classify(best[0].Score)
	if state == MatchNew {
		return Match{State: MatchNew}
	}
	return Match{CandidateID: best[0].ID, Score: best[0].Score, State: state}
}

// counter adds up, per slot, the weight of the blocking keys a slot shares
// with the facility searched for.
type counter struct {
	n       []uint16
	touched []int32
}

// candidates returns the slots worth scoring: at most maxScored of those that
// share the most key weight with q (at least a quarter of its name's), and
// every slot with one of q's identifiers.
func (x *Index) candidates(q *profile) []int32 {
	keys, floor := blockKeys(q)
	c, _ := x.scratch.Get().(*counter)
	if c == nil {
		c = &counter{}
	}
	defer x.scratch.Put(c)
	if len(c.n) < len(x.entries) {
		c.n = make([]uint16, len(x.entries)+len(x.entries)/4)
	}
	count := func(city map[uint64][]int32) {
		for _, k := range keys {
			for _, s := range city[k.key] {
				if c.n[s] == 0 {
					c.touched = append(c.touched, s)
				}
				c.n[s] += k.weight
			}
		}
	}
	if q.city != "" {
		count(x.grams[q.city])
	} else {
		for _, city := range x.grams {
			count(city)
		}
	}
	out := topCounted(c, max(1, floor/4))
	for _, s := range c.touched {
		c.n[s] = 0
	}
	c.touched = c.touched[:0]
	for _, k := range q.regs {
		out = append(out, x.ids[k]...)
	}
	if q.osid != "" {
		out = append(out, x.ids["OSID:"+q.osid]...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// topCounted picks the maxScored touched slots with the highest counts, none
// below floor, by a histogram of counts instead of a sort: every slot above
// the cut count, then slots at the cut until maxScored.
func topCounted(c *counter, floor int) []int32 {
	var hist [1 << 11]int
	top := 0
	for _, s := range c.touched {
		n := min(int(c.n[s]), len(hist)-1)
		hist[n]++
		top = max(top, n)
	}
	if top < floor {
		return nil
	}
	cut, taken := top, hist[top]
	for taken < maxScored && cut > floor {
		cut--
		taken += hist[cut]
	}
	out := make([]int32, 0, maxScored)
	for _, s := range c.touched {
		if min(int(c.n[s]), len(hist)-1) > cut {
			out = append(out, s)
		}
	}
	for _, s := range c.touched {
		if len(out) >= maxScored {
			break
		}
		if min(int(c.n[s]), len(hist)-1) == cut {
			out = append(out, s)
		}
	}
	return out
}

// blockKey is a key of the index's postings with the weight a shared key adds.
type blockKey struct {
	key    uint64
	weight uint16
}

// Key weights: the trigrams of a name's own words find names despite typing
// errors; trade words and the address's numbers and names only rank the
// facilities that share a name, as between a hundred "Premier" mills.
const (
	ownWordWeight    = 4
	tradeWordWeight  = 1
	addressKeyWeight = 4
	phoneticWeight   = 8 // a name's own word by its phonetic key: how a word in Urdu script finds its Roman spelling
)

// blockKeys returns q's distinct keys and the weight of its name keys. Trigram
// codes fill 63 bits; word keys set the top bit.
func blockKeys(p *profile) ([]blockKey, int) {
	var keys []blockKey
	var grams []uint64
	for _, f := range p.names {
		strong := slices.ContainsFunc(f.terms, func(t term) bool { return t.w >= 1 })
		for _, t := range f.terms {
			if t.w >= 1 || !strong {
				grams = trigrams(t.s, grams)
				if len(t.key) >= 2 {
					keys = append(keys, blockKey{wordKey("k", t.key), phoneticWeight})
				}
			} else {
				keys = append(keys, blockKey{wordKey("n", t.s), tradeWordWeight})
			}
		}
	}
	floor := 0
	slices.Sort(grams)
	for _, g := range slices.Compact(grams) {
		keys = append(keys, blockKey{g, ownWordWeight})
		floor += ownWordWeight
	}
	for _, t := range p.addr.terms {
		if t.w >= 1 {
			keys = append(keys, blockKey{wordKey("a", t.s), addressKeyWeight})
		}
	}
	slices.SortFunc(keys, func(a, b blockKey) int { return cmp.Compare(a.key, b.key) })
	return slices.CompactFunc(keys, func(a, b blockKey) bool { return a.key == b.key }), floor
}

// wordKey hashes a tagged word with FNV-1a and sets the top bit.
func wordKey(tag, w string) uint64 {
	h := uint64(14695981039346656037)
	for _, s := range []string{tag, ":", w} {
		for i := 0; i < len(s); i++ {
			h = (h ^ uint64(s[i])) * 1099511628211
		}
	}
	return h | 1<<63
}
