package docstore

// Helpers that every engine needs in the same form, so the engines agree.

// InOrder returns the documents of found in the order of ids, skipping IDs
// not found; an ID asked for twice comes back twice.
func InOrder(ids []string, found []Doc) []Doc {
	byID := make(map[string]Doc, len(found))
	for _, d := range found {
		byID[d.ID] = d
	}
	out := make([]Doc, 0, len(found))
	for _, id := range ids {
		if d, ok := byID[id]; ok {
			out = append(out, d)
		}
	}
	return out
}

// ScanByID runs a Scan: fetch returns up to n documents whose IDs sort after
// after, in ID order; fn gets each batch. One query per batch, so no cursor
// stays open while fn works (and writes).
func ScanByID(batch int, fetch func(after string, n int) ([]Doc, error), fn func([]Doc) error) error {
	after := ""
	for {
		docs, err := fetch(after, batch)
		if err != nil {
			return err
		}
		if len(docs) == 0 {
			return nil
		}
		if err := fn(docs); err != nil {
			return err
		}
		if len(docs) < batch {
			return nil
		}
		after = docs[len(docs)-1].ID
	}
}
