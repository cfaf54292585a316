package directory

import (
	"context"
	"slices"
	"strings"

	"github.com/actionhub/actionhub/app/store"
)

// textPage finds the records of one kind whose words start with every word
// of q.Search (any order, case and Urdu letter forms folded: directory.Words),
// narrowed by f, and returns how many there are and the IDs of page q, in
// name order. It reads the hub's words from memory (words.go).
func (s *Service) textPage(ctx context.Context, q Query, record string, f store.DirectoryFilter, words []string) (int, []string, error) {
	x, err := s.hubWords(ctx, q.HubID, record)
	if err != nil {
		return 0, nil, err
	}
	rows := x.find(words, f)
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
