package directory

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
)

// maxWordRows bounds the index rows one search word may read: a word that
// common asks for more words.
const maxWordRows = 20_000

// textPage finds the records of one kind whose words start with every word
// of q.Search (any order, case and Urdu letter forms folded: directory.Words),
// narrowed by f, and returns how many there are and the IDs of page q, in
// name order. It counts each word's index rows (the index alone) and reads
// the rows of the rarest.
func (s *Service) textPage(ctx context.Context, q Query, record string, f store.DirectoryFilter, words []string) (int, []string, error) {
	counts := make(map[string]int64, len(words))
	for _, w := range words {
		n, err := s.st.DirectoryWords.CountMatching(ctx, q.HubID, record, w)
		if err != nil {
			return 0, nil, err
		}
		if n == 0 {
			return 0, nil, nil
		}
		counts[w] = n
	}
	slices.SortFunc(words, func(a, b string) int { return cmp.Compare(counts[a], counts[b]) })
	if counts[words[0]] > maxWordRows {
		return 0, nil, domain.Invalid("search", "matches too much of the directory: add a word")
	}
	// The rarest word's rows carry their records' words: they decide the
	// rest. A search of one word reads the rows without them.
	cands := map[string]*store.DirectoryWord{}
	for p := (store.Page{Limit: 500}); ; {
		rows, next, err := s.st.DirectoryWords.Matching(ctx, q.HubID, record, words[0], len(words) > 1, p)
		if err != nil {
			return 0, nil, err
		}
		for _, r := range rows {
			if f.Matches(r) && hasWords(r.Words, words[1:]) {
				cands[r.OwnerID] = r
			}
		}
		if next == "" {
			break
		}
		p.After = next
	}
	rows := make([]*store.DirectoryWord, 0, len(cands))
	for _, r := range cands {
		rows = append(rows, r)
	}
	slices.SortFunc(rows, func(a, b *store.DirectoryWord) int {
		return cmp.Or(strings.Compare(a.NameKey, b.NameKey), strings.Compare(a.OwnerID, b.OwnerID))
	})
	from := min((q.Page-1)*q.PerPage, len(rows))
	page := rows[from:min(from+q.PerPage, len(rows))]
	ids := make([]string, len(page))
	for i, r := range page {
		ids[i] = r.OwnerID
	}
	return len(rows), ids, nil
}

// hasWords reports whether every one of words starts a word of have.
func hasWords(have []string, words []string) bool {
	for _, w := range words {
		i, _ := slices.BinarySearch(have, w)
		if i == len(have) || !strings.HasPrefix(have[i], w) {
			return false
		}
	}
	return true
}
