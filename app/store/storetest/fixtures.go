// Package storetest is the contract suite that every storage engine passes,
// and the fixtures its tests and benchmarks share.
package storetest

import (
	"fmt"
	"strings"
	"time"

	"github.com/actionhub/actionhub/app/store/docstore"
)

// Item is the suite's document: every field kind, a unique code, and a body
// of about 1 KB like a real supplier or case record.
type Item struct {
	ID      string    `json:"id"`
	Version int64     `json:"-"`
	Owner   string    `json:"owner"`
	Status  string    `json:"status"`
	Code    string    `json:"code"`
	N       int64     `json:"n"`
	Score   float64   `json:"score"`
	Flag    bool      `json:"flag"`
	Created time.Time `json:"created"`
	Name    string    `json:"name"`
	Notes   string    `json:"notes"`
	Tags    []string  `json:"tags"`
}

// ItemSpec declares the suite's collection. The compound index serves a page
// by (owner, status) ordered by created, the shape of most list endpoints.
var ItemSpec = docstore.Spec{
	Name: "items",
	Fields: []docstore.Field{
		{Name: "owner", Kind: docstore.String},
		{Name: "status", Kind: docstore.String},
		{Name: "code", Kind: docstore.String, Unique: true},
		{Name: "n", Kind: docstore.Int},
		{Name: "score", Kind: docstore.Float},
		{Name: "flag", Kind: docstore.Bool},
		{Name: "created", Kind: docstore.Time},
		{Name: "name", Kind: docstore.String},
	},
	Indexes: [][]string{{"owner", "status", "created"}},
	Sort:    []docstore.Order{{Field: "created"}},
}

// ItemDef binds Item to ItemSpec.
var ItemDef = docstore.Def[Item]{
	Spec:    ItemSpec,
	ID:      func(i *Item) string { return i.ID },
	Version: func(i *Item) *int64 { return &i.Version },
	Fields: func(i *Item) map[string]any {
		return map[string]any{
			"owner": i.Owner, "status": i.Status, "code": i.Code, "n": i.N,
			"score": i.Score, "flag": i.Flag, "created": i.Created, "name": i.Name,
		}
	},
}

// LogSpecs are one collection declared twice, as a log's might be: first
// with its actor indexed on its own, then NoIndex (the compound index
// beginning with it serves its reads), so an engine's Ensure drops that
// index.
func LogSpecs() (before, after docstore.Spec) {
	before = docstore.Spec{Name: "log", Fields: []docstore.Field{{Name: "actor", Kind: docstore.String}, {Name: "at", Kind: docstore.Time}},
		Indexes: [][]string{{"actor", "at"}}, Sort: []docstore.Order{{Field: "at", Desc: true}}}
	after = before
	after.Fields = []docstore.Field{{Name: "actor", Kind: docstore.String, NoIndex: true}, {Name: "at", Kind: docstore.Time}}
	return before, after
}

// Epoch is the creation time of item 0; item i is created i seconds later.
var Epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

var statuses = []string{"open", "in_progress", "submitted", "verified", "rejected"}

// NewItem returns the i-th item of a deterministic data set: owners cycle
// over 20 values, statuses over 5, so one (owner, status) pair holds 1% of
// the items and one owner 5%.
func NewItem(i int) *Item {
	return &Item{
		ID:      fmt.Sprintf("item-%08d", i),
		Owner:   fmt.Sprintf("owner-%02d", i%20),
		Status:  statuses[(i/20)%len(statuses)],
		Code:    fmt.Sprintf("KHI-2026-%06d", i),
		N:       int64(i),
		Score:   float64(i%1000) / 10,
		Flag:    i%2 == 0,
		Created: Epoch.Add(time.Duration(i) * time.Second),
		Name:    fmt.Sprintf("Al-Karam Textile Mills %d (الکرم ٹیکسٹائل ملز)", i),
		Notes:   strings.Repeat("Corrective action follow-up at SITE Karachi. ", 18),
		Tags:    []string{"textile", "karachi", "sindh"},
	}
}
