package store

import "github.com/actionhub/actionhub/app/store/docstore"

// Sweep pages through list and hands each object to handle, reading at
// most limit of them; it returns how many handle reported as done. Every
// sweep job reads its due objects this way: one indexed page at a time,
// bounded, so a run over a large backlog ends and the next run goes on.
func Sweep[T any](limit int, list func(Page) ([]*T, string, error), handle func(*T) (bool, error)) (int, error) {
	done, seen := 0, 0
	p := Page{Limit: min(max(limit, 1), docstore.MaxLimit)}
	for {
		xs, next, err := list(p)
		if err != nil {
			return done, err
		}
		for _, x := range xs {
			ok, err := handle(x)
			if err != nil {
				return done, err
			}
			if ok {
				done++
			}
			if seen++; seen >= limit {
				return done, nil
			}
		}
		if next == "" {
			return done, nil
		}
		p.After = next
	}
}
