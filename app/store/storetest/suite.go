package storetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/actionhub/actionhub/app/store/docstore"
)

// Run runs the storage contract suite against one engine. Each engine's own
// test calls it with a constructor that returns a fresh, empty engine and
// registers its own cleanup; Close may then run twice (once in the "Closed"
// subtest, once in the cleanup) and must be safe to.
//
// The data sets are tens of documents, so that the suite stays fast on an
// embedded FerretDB as well as on SQLite.
func Run(t *testing.T, newEngine func(t *testing.T) docstore.Engine) {
	tests := []struct {
		name string
		run  func(t *testing.T, e docstore.Engine)
	}{
		{"Ensure", testEnsure},
		{"CRUD", testCRUD},
		{"RawDocuments", testRawDocuments},
		{"GetMany", testGetMany},
		{"Duplicates", testDuplicates},
		{"Updates", testUpdates},
		{"ConcurrentUpdates", testConcurrentUpdates},
		{"Filters", testFilters},
		{"Count", testCount},
		{"Sorting", testSorting},
		{"Pagination", testPagination},
		{"DescendingTies", testDescendingTies},
		{"MixedSort", testMixedSort},
		{"BadCursor", testBadCursor},
		{"ConcurrentPagination", testConcurrentPagination},
		{"Undeclared", testUndeclared},
		{"Scan", testScan},
		{"Sequences", testSequences},
		{"Blobs", testBlobs},
		{"Context", testContext},
		{"Closed", testClosed},
		{"Text", testText},
		{"Times", testTimes},
		{"Summaries", testSummaries},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEngine(t)
			for _, spec := range []docstore.Spec{ItemSpec, linkSpec} {
				if err := e.Ensure(t.Context(), spec); err != nil {
					t.Fatalf("Ensure(%s): %v", spec.Name, err)
				}
			}
			tc.run(t, e)
		})
	}
}

// items returns the typed items collection of e.
func items(e docstore.Engine) *docstore.Coll[Item] { return docstore.Bind(e, ItemDef) }

// mustInsert inserts the items in the order given.
func mustInsert(t *testing.T, c *docstore.Coll[Item], its ...*Item) {
	t.Helper()
	for _, it := range its {
		if err := c.Insert(t.Context(), it); err != nil {
			t.Fatalf("Insert(%s): %v", it.ID, err)
		}
	}
}

// seed inserts the dataset in a shuffled order and returns it.
func seed(t *testing.T, e docstore.Engine) []*Item {
	t.Helper()
	its := dataset()
	mustInsert(t, items(e), shuffled(1, its)...)
	return its
}

// mustGet reads one item.
func mustGet(t *testing.T, c *docstore.Coll[Item], id string) *Item {
	t.Helper()
	it, err := c.Get(t.Context(), id)
	if err != nil {
		t.Fatalf("Get(%s): %v", id, err)
	}
	return it
}

// sameItem reports a difference between two items: their JSON (which holds
// times with their nanoseconds and offsets) and their versions.
func sameItem(t *testing.T, what string, want, got *Item) {
	t.Helper()
	if got == nil {
		t.Errorf("%s: got no item, want %s", what, want.ID)
		return
	}
	wj, _ := json.Marshal(want)
	gj, _ := json.Marshal(got)
	if !bytes.Equal(wj, gj) || want.Version != got.Version {
		t.Errorf("%s: item differs (-want +got):\n-%s v%d\n+%s v%d", what, wj, want.Version, gj, got.Version)
	}
}

// sameIDs reports the first difference between two ID lists.
func sameIDs(t *testing.T, what string, want, got []string) {
	t.Helper()
	if slices.Equal(want, got) {
		return
	}
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	t.Errorf("%s: %d IDs, want %d; first difference at %d (-want +got):\n-%v\n+%v",
		what, len(got), len(want), i, want, got)
}

func docIDs(docs []docstore.Doc) []string {
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	return ids
}

func itemIDs(its []*Item) []string {
	ids := make([]string, len(its))
	for i, it := range its {
		ids[i] = it.ID
	}
	return ids
}

// byID indexes items by ID.
func byID(its []*Item) map[string]*Item {
	m := make(map[string]*Item, len(its))
	for _, it := range its {
		m[it.ID] = it
	}
	return m
}

// guard runs f and turns a panic into an error, so one misbehaving call
// reports instead of ending the suite.
func guard(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", errPanicked, r)
		}
	}()
	return f()
}

var errPanicked = errors.New("panicked")
