package sqlite

import (
	"context"
	"strings"
	"testing"

	"github.com/actionhub/actionhub/app/store/docstore"
)

// queryPlan returns the EXPLAIN QUERY PLAN lines of query.
func queryPlan(t *testing.T, e *Engine, query string, args []any) []string {
	t.Helper()
	rows, err := e.read.db.Query("EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatalf("explain %s: %v", query, err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, detail)
	}
	return lines
}

// checkIndexed fails unless the plan reads through an index, with no
// temporary sort and no full scan of the table.
func checkIndexed(t *testing.T, name string, plan []string) {
	t.Helper()
	all := strings.Join(plan, "\n")
	t.Logf("%s:\n%s", name, all)
	if !strings.Contains(all, "INDEX") {
		t.Errorf("%s uses no index:\n%s", name, all)
	}
	if strings.Contains(all, "TEMP B-TREE") {
		t.Errorf("%s sorts in a temporary B-tree:\n%s", name, all)
	}
	for _, l := range plan {
		if strings.HasPrefix(l, "SCAN c_items") && !strings.Contains(l, "INDEX") {
			t.Errorf("%s scans the whole table: %s", name, l)
		}
	}
}

func TestQueryPlansUseIndexes(t *testing.T) {
	ctx := context.Background()
	e := openTemp(t)
	items := itemColl(t, e)
	insertItems(t, items, 0, 300)
	c := e.C("items").(*collection)

	byOwnerStatus := docstore.Query{
		Where: []docstore.Cond{docstore.EqCond("owner", "owner-03"), docstore.EqCond("status", "open")},
		Sort:  []docstore.Order{{Field: "created"}},
		Limit: 20,
	}
	q, args, _, _, err := c.findSQL(byOwnerStatus)
	if err != nil {
		t.Fatal(err)
	}
	checkIndexed(t, "first page by owner and status", queryPlan(t, e, q, args))

	// A later page seeks to its cursor in the same index.
	first, err := c.Find(ctx, docstore.Query{Where: byOwnerStatus.Where, Sort: byOwnerStatus.Sort, Limit: 2})
	if err != nil || first.Next == "" {
		t.Fatalf("Find: %v, next %q", err, first.Next)
	}
	next := byOwnerStatus
	next.After = first.Next
	q, args, _, _, err = c.findSQL(next)
	if err != nil {
		t.Fatal(err)
	}
	plan := queryPlan(t, e, q, args)
	checkIndexed(t, "next page by owner and status", plan)
	if all := strings.Join(plan, "\n"); !strings.Contains(all, "(f_created,id)>(?,?)") {
		t.Errorf("next page does not seek to the cursor in the index:\n%s", all)
	}

	q, args, err = c.countSQL([]docstore.Cond{docstore.EqCond("owner", "owner-03")})
	if err != nil {
		t.Fatal(err)
	}
	checkIndexed(t, "count by owner", queryPlan(t, e, q, args))

	// Prefix and range are index ranges too.
	q, args, _, _, err = c.findSQL(docstore.Query{
		Where: []docstore.Cond{docstore.PrefixCond("code", "KHI-2026-0001")},
		Sort:  []docstore.Order{{Field: "code"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	checkIndexed(t, "prefix on code", queryPlan(t, e, q, args))
	q, args, err = c.countSQL([]docstore.Cond{{Field: "n", Op: docstore.Gte, Value: 10}, {Field: "n", Op: docstore.Lt, Value: 510}})
	if err != nil {
		t.Fatal(err)
	}
	checkIndexed(t, "count of an n range", queryPlan(t, e, q, args))
}
