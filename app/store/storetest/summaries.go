package storetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/actionhub/actionhub/app/store/docstore"
)

// note is a document whose lists need only its owner; its text is long.
type note struct {
	ID      string `json:"id"`
	Version int64  `json:"-"`
	Owner   string `json:"owner"`
	Text    string `json:"text"`
}

// noteItem is a note as a list reads it: its summary.
type noteItem struct {
	ID      string `json:"id"`
	Version int64  `json:"-"`
	Owner   string `json:"owner"`
}

func noteSpec(summary bool) docstore.Spec {
	return docstore.Spec{Name: "notes", Fields: []docstore.Field{{Name: "owner", Kind: docstore.String}}, Summary: summary}
}

func noteDef(summary bool) docstore.Def[note] {
	d := docstore.Def[note]{
		Spec:    noteSpec(summary),
		ID:      func(n *note) string { return n.ID },
		Version: func(n *note) *int64 { return &n.Version },
		Fields:  func(n *note) map[string]any { return map[string]any{"owner": n.Owner} },
	}
	if summary {
		d.Summary = func(n *note) any { return noteItem{ID: n.ID, Owner: n.Owner} }
	}
	return d
}

var noteItemDef = docstore.Def[noteItem]{
	Spec:    noteSpec(true),
	ID:      func(n *noteItem) string { return n.ID },
	Version: func(n *noteItem) *int64 { return &n.Version },
}

// testSummaries: a collection that starts keeping summaries reads the
// bodies of documents written before as their summaries, and the summary
// of every document written since; its summaries view refuses writes.
func testSummaries(t *testing.T, e docstore.Engine) {
	ctx := t.Context()
	long := string(make([]byte, 6000)) // a body with overflow pages
	if err := e.Ensure(ctx, noteSpec(false)); err != nil {
		t.Fatal(err)
	}
	before := docstore.Bind(e, noteDef(false))
	for _, id := range []string{"n1", "n2"} {
		if err := before.Insert(ctx, &note{ID: id, Owner: "o-" + id, Text: long}); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Ensure(ctx, noteSpec(true)); err != nil {
		t.Fatal(err)
	}
	notes := docstore.Bind(e, noteDef(true))
	view := e.C("notes").Summaries()
	if d, err := view.Get(ctx, "n1"); err != nil || !json.Valid(d.Body) || len(d.Body) < 6000 {
		t.Fatalf("summary of a note written before summaries: %d bytes, %v; want its body", len(d.Body), err)
	}
	if _, err := notes.Update(ctx, "n1", func(n *note) error { n.Owner = "o-new"; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := notes.Insert(ctx, &note{ID: "n3", Owner: "o-n3", Text: long}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"n1": `{"id":"n1","owner":"o-new"}`,
		"n2": "", // its body
		"n3": `{"id":"n3","owner":"o-n3"}`,
	}
	check := func(how string, docs []docstore.Doc) {
		t.Helper()
		if len(docs) != len(want) {
			t.Fatalf("%s: %d documents, want %d", how, len(docs), len(want))
		}
		for _, d := range docs {
			w := want[d.ID]
			if w == "" && len(d.Body) < 6000 || w != "" && string(d.Body) != w {
				t.Errorf("%s %s: body %.60q, want %.60q", how, d.ID, d.Body, w)
			}
		}
	}
	d1, err := view.Get(ctx, "n1")
	if err != nil {
		t.Fatal(err)
	}
	check("Get", []docstore.Doc{d1, rawGet(t, view, "n2"), rawGet(t, view, "n3")})
	many, err := view.GetMany(ctx, []string{"n3", "n1", "n2", "gone"})
	if err != nil || len(many) != 3 || many[0].ID != "n3" || many[1].ID != "n1" {
		t.Fatalf("GetMany: %v %v", many, err)
	}
	check("GetMany", many)
	page, err := view.Find(ctx, docstore.Query{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	check("Find", page.Docs)
	// Pages by a field resume after the cursor the summaries make.
	var ids []string
	for q := (docstore.Query{Sort: []docstore.Order{{Field: "owner"}}, Limit: 2}); ; {
		p, err := view.Find(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range p.Docs {
			ids = append(ids, d.ID)
		}
		if q.After = p.Next; q.After == "" {
			break
		}
	}
	if fmt.Sprint(ids) != "[n2 n3 n1]" {
		t.Errorf("pages by owner: %v, want [n2 n3 n1]", ids)
	}
	var scanned []docstore.Doc
	if err := view.Scan(ctx, 2, func(docs []docstore.Doc) error { scanned = append(scanned, docs...); return nil }); err != nil {
		t.Fatal(err)
	}
	check("Scan", scanned)
	if n, err := view.Count(ctx, []docstore.Cond{docstore.EqCond("owner", "o-n3")}); err != nil || n != 1 {
		t.Errorf("Count: %d, %v", n, err)
	}
	if full := rawGet(t, e.C("notes"), "n3"); len(full.Body) < 6000 {
		t.Errorf("the collection itself reads the body: got %.60q", full.Body)
	}
	items := docstore.BindSummaries(e, noteItemDef)
	if it, err := items.Get(ctx, "n1"); err != nil || it.Owner != "o-new" || it.Version != 2 {
		t.Errorf("typed summary: %+v, %v", it, err)
	}
	if it, err := items.Get(ctx, "n2"); err != nil || it.Owner != "o-n2" {
		t.Errorf("typed summary from a body: %+v, %v", it, err)
	}
	// Writes through the view are refused and change nothing.
	doc := docstore.Doc{ID: "n4", Fields: map[string]any{"owner": "x"}, Body: []byte(`{}`), Summary: []byte(`{}`)}
	for name, err := range map[string]error{
		"Insert":  view.Insert(ctx, doc),
		"Replace": view.Replace(ctx, docstore.Doc{ID: "n1", Version: 2, Fields: doc.Fields, Body: doc.Body, Summary: doc.Summary}),
		"Delete":  view.Delete(ctx, "n2"),
	} {
		if !errors.Is(err, docstore.ErrReadOnly) {
			t.Errorf("%s through the summaries: %v, want ErrReadOnly", name, err)
		}
	}
	if n, err := e.C("notes").Count(ctx, nil); err != nil || n != 3 {
		t.Errorf("after refused writes: %d notes, %v", n, err)
	}
	// A document without its summary is a wiring bug, refused.
	if err := e.C("notes").Insert(ctx, docstore.Doc{ID: "n5", Fields: map[string]any{"owner": "x"}, Body: []byte(`{}`)}); err == nil {
		t.Error("a note without a summary was stored")
	}
}
