package directory

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/actionhub/actionhub/app/store"
)

// A text search reads a hub's search words from memory: each process keeps
// the words of each hub's records of one kind, read from directory_words,
// and reads them again when the hub's mark (store.DirectoryMarks) has
// moved on since. Every change of the words moves the mark after writing
// them, so a search after an edit, in any process, sees it. Reading the
// rows of a common word from the store for every search was most of its
// time.

// wordIndex is the search words of a hub's records of one kind, as read
// at one version of the hub's mark. It is not changed once made.
type wordIndex struct {
	mark  int64
	words []string  // distinct, sorted
	holds [][]int32 // per word: the records holding it (indexes of recs)
	recs  []*store.DirectoryWord
	// recs are one row per record (Word unset), in the lists' order:
	// name, then ID.
}

// wordIndexes holds the indexes this process made, by hub and kind.
type wordIndexes struct {
	mu sync.Mutex
	m  map[string]*wordSlot
}

// wordSlot is one hub's and kind's index; its lock is held while it is
// read again, so that concurrent searches wait for one read of the rows.
type wordSlot struct {
	mu sync.Mutex
	x  *wordIndex
}

// hubWords returns the current index of a hub's records of one kind.
func (s *Service) hubWords(ctx context.Context, hubID, record string) (*wordIndex, error) {
	mark, err := s.st.DirectoryMarks.Of(ctx, hubID)
	if err != nil {
		return nil, err
	}
	s.words.mu.Lock()
	if s.words.m == nil {
		s.words.m = map[string]*wordSlot{}
	}
	key := hubID + "\x00" + record
	slot := s.words.m[key]
	if slot == nil {
		slot = &wordSlot{}
		s.words.m[key] = slot
	}
	s.words.mu.Unlock()

	slot.mu.Lock()
	defer slot.mu.Unlock()
	if slot.x != nil && slot.x.mark >= mark {
		return slot.x, nil
	}
	x, err := s.readWords(ctx, hubID, record, mark)
	if err != nil {
		return nil, err
	}
	slot.x = x
	return x, nil
}

// readWords reads the word rows of a hub's records of one kind. The rows
// are written before the mark moves, so rows read after reading mark hold
// every change up to it (and perhaps later ones, read again at the next).
func (s *Service) readWords(ctx context.Context, hubID, record string, mark int64) (*wordIndex, error) {
	x := &wordIndex{mark: mark}
	byOwner := map[string]int32{}
	var owners [][]string // per word: its records' IDs
	for p := (store.Page{Limit: 1000}); ; {
		rows, next, err := s.st.DirectoryWords.OfHub(ctx, hubID, record, p)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if _, ok := byOwner[r.OwnerID]; !ok {
				byOwner[r.OwnerID] = int32(len(x.recs))
				rec := *r
				rec.Word = ""
				x.recs = append(x.recs, &rec)
			}
			if n := len(x.words); n == 0 || x.words[n-1] != r.Word {
				x.words = append(x.words, r.Word)
				owners = append(owners, nil)
			}
			owners[len(owners)-1] = append(owners[len(owners)-1], r.OwnerID)
		}
		if next == "" {
			break
		}
		p.After = next
	}
	slices.SortFunc(x.recs, func(a, b *store.DirectoryWord) int {
		return cmp.Or(strings.Compare(a.NameKey, b.NameKey), strings.Compare(a.OwnerID, b.OwnerID))
	})
	for i, r := range x.recs {
		byOwner[r.OwnerID] = int32(i)
	}
	x.holds = make([][]int32, len(owners))
	for i, ids := range owners {
		x.holds[i] = make([]int32, len(ids))
		for j, id := range ids {
			x.holds[i][j] = byOwner[id]
		}
	}
	return x, nil
}

// find returns the records holding, for each of words, a word that starts
// with it, and passing f's other conditions, in the lists' order.
func (x *wordIndex) find(words []string, f store.DirectoryFilter) []*store.DirectoryWord {
	var hits []bool
	for _, w := range words {
		has := make([]bool, len(x.recs))
		for i, _ := slices.BinarySearch(x.words, w); i < len(x.words) && strings.HasPrefix(x.words[i], w); i++ {
			for _, r := range x.holds[i] {
				has[r] = true
			}
		}
		if hits == nil {
			hits = has
			continue
		}
		for i := range hits {
			hits[i] = hits[i] && has[i]
		}
	}
	var out []*store.DirectoryWord
	for i, ok := range hits {
		if ok && f.Matches(x.recs[i]) {
			out = append(out, x.recs[i])
		}
	}
	return out
}
