package volume

import (
	"context"
	"fmt"
	"time"
)

// followUpReads lists the follow-up reads as the hub admin: the hub's due
// list whole, through a day and by case worker, the cases list by due
// follow-up, and one case's visits.
func followUpReads(ctx context.Context, c *client, ps map[string]*party) ([]read, error) {
	const ha = "hub admin"
	var cs struct {
		Items []struct {
			ID         string `json:"id"`
			AssignedTo string `json:"assigned_to"`
		} `json:"items"`
	}
	week := time.Now().AddDate(0, 0, 7).Format(time.DateOnly)
	if err := c.get(ctx, "/api/v1/cases?limit=1&follow_up_due_before="+week, ps[ha].token, &cs); err != nil || len(cs.Items) == 0 {
		return nil, fmt.Errorf("a case with a follow-up due this week (is the cases phase seeded?): %v", err)
	}
	id, worker := cs.Items[0].ID, cs.Items[0].AssignedTo
	var rs []read
	for _, path := range []string{"/api/v1/follow-ups/due?limit=20", "/api/v1/follow-ups/due?limit=20&through=" + week,
		"/api/v1/follow-ups/due?limit=20&assigned_to=" + worker, "/api/v1/cases?limit=20&follow_up_due_before=" + week,
		"/api/v1/cases/" + id + "/follow-ups?limit=20"} {
		rs = append(rs, read{path: path, role: ha, token: ps[ha].token, kind: KindList})
	}
	return rs, nil
}
