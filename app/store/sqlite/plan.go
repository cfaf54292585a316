package sqlite

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/actionhub/actionhub/app/store/docstore"
)

// CheckPlans, when set, makes Find and Count explain each distinct query
// the first time the engine meets it and fail with ErrUnindexed when SQLite
// would sort the matching rows or read a whole table or index to answer.
// It is off by default (one EXPLAIN per query shape); the integration
// tests turn it on, so every filter and sort the code issues is checked.
var CheckPlans atomic.Bool

// ErrUnindexed is a query that no index serves: a programming error (a
// missing index in a collection's declaration), never the caller's.
var ErrUnindexed = errors.New("sqlite: query not served by an index")

// Plan is how SQLite runs one query, read two ways so that a change in the
// plan's wording cannot hide a sort or a scan.
type Plan struct {
	SQL string
	// Detail holds the EXPLAIN QUERY PLAN lines.
	Detail []string
	// Sorts: the program sorts, in a sorter or an ephemeral index (the
	// temporary B-tree of an ORDER BY that no index delivers in order),
	// whatever the plan calls it.
	Sorts bool
	// Scans: the program walks a table or an index from one end
	// (Rewind or Last), rather than seeking into it.
	Scans bool
	// Filtered: the query has a WHERE clause (conditions or a cursor).
	Filtered bool
}

// scanLine matches a plan line that reads a collection's table or index
// from one end, in the wordings SQLite has used ("SCAN TABLE c_x", "SCAN
// c_x USING INDEX ...").
var scanLine = regexp.MustCompile(`^SCAN (TABLE )?c_`)

// Problem says why the plan is not served by an index, or returns nil. A
// sort is always a problem; a scan is one unless the query has no filter at
// all (a whole-collection listing reads everything by design).
func (p Plan) Problem() error {
	all := strings.Join(p.Detail, "; ")
	if p.Sorts || strings.Contains(all, "TEMP B-TREE") {
		return fmt.Errorf("%w: it sorts the matching rows (%s) in %s", ErrUnindexed, all, p.SQL)
	}
	if !p.Filtered {
		return nil
	}
	scans := p.Scans
	for _, l := range p.Detail {
		scans = scans || scanLine.MatchString(l)
	}
	if scans {
		return fmt.Errorf("%w: it reads the whole table or index (%s) in %s", ErrUnindexed, all, p.SQL)
	}
	return nil
}

// ExplainFind returns the plan of the query Find would run for q on the
// collection named coll.
func (e *Engine) ExplainFind(ctx context.Context, coll string, q docstore.Query) (Plan, error) {
	c := e.C(coll).(*collection)
	query, args, _, _, err := c.findSQL(q)
	if err != nil {
		return Plan{}, err
	}
	return e.explain(ctx, query, args)
}

// ExplainCount returns the plan of the query Count would run for where.
func (e *Engine) ExplainCount(ctx context.Context, coll string, where []docstore.Cond) (Plan, error) {
	c := e.C(coll).(*collection)
	query, args, err := c.countSQL(where)
	if err != nil {
		return Plan{}, err
	}
	return e.explain(ctx, query, args)
}

// explain reads the query's plan and its program on the read pool.
func (e *Engine) explain(ctx context.Context, query string, args []any) (Plan, error) {
	p := Plan{SQL: query, Filtered: strings.Contains(query, " WHERE ")}
	rows, err := e.read.db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		return p, e.fail("explain", err)
	}
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			_ = rows.Close()
			return p, e.fail("explain", err)
		}
		p.Detail = append(p.Detail, detail)
	}
	if err := rows.Close(); err != nil {
		return p, e.fail("explain", err)
	}
	rows, err = e.read.db.QueryContext(ctx, "EXPLAIN "+query, args...)
	if err != nil {
		return p, e.fail("explain", err)
	}
	defer rows.Close()
	stored := map[int64]bool{} // cursors on the database's tables and indexes
	for rows.Next() {
		var addr, p1, p2, p3, p5 int64
		var opcode string
		var p4, comment any
		if err := rows.Scan(&addr, &opcode, &p1, &p2, &p3, &p4, &p5, &comment); err != nil {
			return p, e.fail("explain", err)
		}
		switch opcode {
		case "SorterOpen", "SorterSort", "Sort":
			// A sorter, or (under a LIMIT) an ephemeral index sorted
			// in place: either way every matching row is read first.
			p.Sorts = true
		case "OpenRead":
			stored[p1] = true
		case "Rewind", "Last":
			// An IN list's ephemeral table is walked this way too; only
			// the collection's own table and indexes count.
			p.Scans = p.Scans || stored[p1]
		}
	}
	return p, rows.Err()
}

// planChecks remembers the verdict on each query text CheckPlans has seen.
type planChecks struct {
	mu sync.Mutex
	m  map[string]error
}

// checkPlan explains query the first time it is seen, when CheckPlans is
// set. A filter with an equality or IN on a unique field is let through:
// it matches at most as many rows as it names, so a sort costs nothing.
func (c *collection) checkPlan(ctx context.Context, where []docstore.Cond, query string, args []any) error {
	if !CheckPlans.Load() {
		return nil
	}
	for _, cd := range where {
		if f, ok := c.spec.Field(cd.Field); ok && f.Unique && (cd.Op == docstore.Eq || cd.Op == docstore.In) {
			return nil
		}
		if cd.Op == docstore.In && len(cd.Set) == 0 {
			return nil // matches nothing, read nothing
		}
	}
	pc := &c.e.plans
	pc.mu.Lock()
	err, seen := pc.m[query]
	pc.mu.Unlock()
	if seen {
		return err
	}
	p, err := c.e.explain(ctx, query, args)
	if err != nil {
		return err // not remembered: the store did not answer
	}
	err = p.Problem()
	if err != nil {
		err = fmt.Errorf("%s: %w", c.spec.Name, err)
	}
	pc.mu.Lock()
	if pc.m == nil {
		pc.m = map[string]error{}
	}
	pc.m[query] = err
	pc.mu.Unlock()
	return err
}
