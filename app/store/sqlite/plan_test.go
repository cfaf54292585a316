package sqlite

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/actionhub/actionhub/app/store/docstore"
)

// served fails unless p reads through an index, without sorting and,
// filtered, without reading a table or index from one end.
func served(t *testing.T, name string, p Plan) {
	t.Helper()
	t.Logf("%s: %s\n  %s", name, p.SQL, strings.Join(p.Detail, "\n  "))
	if err := p.Problem(); err != nil {
		t.Errorf("%s: %v", name, err)
	}
	if !strings.Contains(strings.Join(p.Detail, "\n"), "INDEX") {
		t.Errorf("%s uses no index: %v", name, p.Detail)
	}
}

func TestQueryPlansUseIndexes(t *testing.T) {
	ctx := context.Background()
	e := openTemp(t)
	items := itemColl(t, e)
	insertItems(t, items, 0, 300)
	c := e.C("items")

	byOwnerStatus := docstore.Query{
		Where: []docstore.Cond{docstore.EqCond("owner", "owner-03"), docstore.EqCond("status", "open")},
		Limit: 20,
	}
	for _, desc := range []bool{false, true} {
		q := byOwnerStatus
		q.Sort = []docstore.Order{{Field: "created", Desc: desc}}
		p, err := e.ExplainFind(ctx, "items", q)
		if err != nil {
			t.Fatal(err)
		}
		served(t, "first page by owner and status", p)

		// A later page seeks to its cursor in the same index, read the
		// sort's way.
		first, err := c.Find(ctx, docstore.Query{Where: q.Where, Sort: q.Sort, Limit: 2})
		if err != nil || first.Next == "" {
			t.Fatalf("Find: %v, next %q", err, first.Next)
		}
		q.After = first.Next
		p, err = e.ExplainFind(ctx, "items", q)
		if err != nil {
			t.Fatal(err)
		}
		served(t, "next page by owner and status", p)
		seek := "(f_created,id)>(?,?)"
		if desc {
			seek = "(f_created,id)<(?,?)"
		}
		if all := strings.Join(p.Detail, "\n"); !strings.Contains(all, seek) {
			t.Errorf("next page (desc %v) does not seek to the cursor in the index:\n%s", desc, all)
		}
	}

	// An IN of a few statuses: one range of (owner, status, created) per
	// status, merged in order, rather than every row of the owner read
	// to find the statuses, or every match sorted.
	byOwnerStatuses := docstore.Query{Where: []docstore.Cond{docstore.EqCond("owner", "owner-03"), docstore.InCond("status", "open", "verified")}, Limit: 3}
	for _, desc := range []bool{false, true} {
		q := byOwnerStatuses
		q.Sort = []docstore.Order{{Field: "created", Desc: desc}}
		first, err := c.Find(ctx, q)
		if err != nil || first.Next == "" {
			t.Fatalf("Find: %v, next %q", err, first.Next)
		}
		for name, after := range map[string]string{"first page": "", "next page": first.Next} {
			q.After = after
			p, err := e.ExplainFind(ctx, "items", q)
			if err != nil {
				t.Fatal(err)
			}
			served(t, name+" by owner and statuses", p)
			if all := strings.Join(p.Detail, "\n"); !strings.Contains(all, "MERGE (UNION ALL)") || strings.Count(all, "x_items__owner__status__created") != 2 {
				t.Errorf("%s (desc %v) by owner and statuses is not merged from the index:\n%s", name, desc, all)
			}
		}
	}

	p, err := e.ExplainCount(ctx, "items", []docstore.Cond{docstore.EqCond("owner", "owner-03")})
	if err != nil {
		t.Fatal(err)
	}
	served(t, "count by owner", p)

	// Prefix and range are index ranges too.
	p, err = e.ExplainFind(ctx, "items", docstore.Query{
		Where: []docstore.Cond{docstore.PrefixCond("code", "KHI-2026-0001")},
		Sort:  []docstore.Order{{Field: "code"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	served(t, "prefix on code", p)
	p, err = e.ExplainCount(ctx, "items", []docstore.Cond{{Field: "n", Op: docstore.Gte, Value: 10}, {Field: "n", Op: docstore.Lt, Value: 510}})
	if err != nil {
		t.Fatal(err)
	}
	served(t, "count of an n range", p)
}

// TestPlanProblemReadsTheProgram: the verdict holds when the plan's words
// say nothing, because the program itself opens a sorter or rewinds.
func TestPlanProblemReadsTheProgram(t *testing.T) {
	ctx := context.Background()
	e := openTemp(t)
	itemColl(t, e)
	bad := map[string]docstore.Query{
		// No index on (status, name): a sort, or a walk of the name index.
		"filter and sort on unrelated fields": {Where: []docstore.Cond{docstore.EqCond("status", "open")}, Sort: []docstore.Order{{Field: "name"}}},
		"the wrong end of a compound index":   {Where: []docstore.Cond{docstore.EqCond("status", "open")}, Sort: []docstore.Order{{Field: "created", Desc: true}}},
	}
	for name, q := range bad {
		p, err := e.ExplainFind(ctx, "items", q)
		if err != nil {
			t.Fatal(err)
		}
		if p.Problem() == nil {
			t.Errorf("%s: no problem found in %v", name, p.Detail)
		}
		if !p.Sorts && !p.Scans {
			t.Errorf("%s: the program neither sorts nor scans: %v", name, p.Detail)
		}
		p.Detail = []string{"SEARCH c_items USING INDEX whatever (reworded)"}
		if p.Problem() == nil {
			t.Errorf("%s: reworded plan lines hide the problem", name)
		}
	}
	// Each wording SQLite has used for a sort or a scan, alone.
	for _, l := range []string{
		"USE TEMP B-TREE FOR ORDER BY", "USE TEMP B-TREE FOR RIGHT PART OF ORDER BY",
		"USE TEMP B-TREE FOR LAST TERM OF ORDER BY", "USE TEMP B-TREE FOR LAST 2 TERMS OF ORDER BY",
		"SCAN c_items", "SCAN TABLE c_items", "SCAN c_items USING INDEX i_items_name",
		"SCAN c_items USING COVERING INDEX i_items_n",
	} {
		if (Plan{Detail: []string{l}, Filtered: true}).Problem() == nil {
			t.Errorf("%q is not a problem", l)
		}
	}
	// A whole-collection listing may scan (in index order), never sort.
	if err := (Plan{Detail: []string{"SCAN c_items USING INDEX i_items_created"}, Scans: true}).Problem(); err != nil {
		t.Errorf("an unfiltered listing: %v", err)
	}
	if (Plan{Detail: []string{"SCAN c_items"}, Sorts: true}).Problem() == nil {
		t.Error("an unfiltered sort passed")
	}
}

func TestCheckPlansRefusesUnindexedQueries(t *testing.T) {
	ctx := context.Background()
	e := openTemp(t)
	items := itemColl(t, e)
	insertItems(t, items, 0, 50)
	c := e.C("items")
	unindexed := docstore.Query{Where: []docstore.Cond{docstore.EqCond("status", "open")}, Sort: []docstore.Order{{Field: "name"}}}
	if _, err := c.Find(ctx, unindexed); err != nil {
		t.Fatalf("without CheckPlans: %v", err)
	}
	CheckPlans.Store(true)
	t.Cleanup(func() { CheckPlans.Store(false) })
	for range 2 { // the second time from the remembered verdict
		if _, err := c.Find(ctx, unindexed); !errors.Is(err, ErrUnindexed) {
			t.Errorf("Find with CheckPlans: %v, want ErrUnindexed", err)
		}
	}
	if _, err := c.Count(ctx, []docstore.Cond{{Field: "name", Op: docstore.Gte, Value: "A"}, docstore.EqCond("flag", true)}); err != nil {
		t.Errorf("Count served by the name index: %v", err)
	}
	served := []docstore.Query{
		{Where: []docstore.Cond{docstore.EqCond("owner", "owner-01"), docstore.EqCond("status", "open")}, Sort: []docstore.Order{{Field: "created", Desc: true}}},
		{Sort: []docstore.Order{{Field: "name", Desc: true}}},
		{Where: []docstore.Cond{docstore.EqCond("code", "KHI-2026-000001")}, Sort: []docstore.Order{{Field: "name"}}}, // one row at most
		{Where: []docstore.Cond{docstore.InCond("owner")}, Sort: []docstore.Order{{Field: "name"}}},                   // nothing
	}
	for _, q := range served {
		p, err := c.Find(ctx, q)
		if err != nil {
			t.Errorf("Find(%+v) with CheckPlans: %v", q, err)
			continue
		}
		if p.Next != "" {
			q.After = p.Next
			if _, err := c.Find(ctx, q); err != nil {
				t.Errorf("next page of %+v with CheckPlans: %v", q, err)
			}
		}
	}
}
