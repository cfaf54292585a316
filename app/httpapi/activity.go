package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/actionhub/actionhub/app/activity"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/policies"
	"github.com/danielgtaylor/huma/v2"
)

// activityEntryBody is one line of the activity log.
type activityEntryBody struct {
	ID        string    `json:"id"`
	Time      time.Time `json:"time"`
	ActorID   string    `json:"actor_id,omitempty"`
	OrgID     string    `json:"org_id,omitempty"`
	Action    string    `json:"action"`
	Object    string    `json:"object"`
	RequestID string    `json:"request_id,omitempty"`
	IP        string    `json:"ip,omitempty"`
}

func registerActivity(api huma.API, s *server) {
	type listIn struct {
		Paging
		ActorID string    `query:"actor_id" maxLength:"64" doc:"Only this user's actions."`
		Object  string    `query:"object" maxLength:"200" doc:"Only this object, e.g. org:0190…"`
		From    time.Time `query:"from" doc:"From this time (RFC 3339), inclusive."`
		To      time.Time `query:"to" doc:"Up to this time (RFC 3339), exclusive."`
	}
	register(api, s, endpoint{method: http.MethodGet, path: "/activity", id: "list-activity", tag: "Activity log", perm: policies.PermActivityRead,
		summary: "Page through the activity log, newest first"},
		func(ctx context.Context, in *listIn) (*page[activityEntryBody], error) {
			return replyPage(func(e *domain.ActivityEntry) activityEntryBody { return activityEntryBody(*e) })(s.Activity.List(ctx, activity.Filter{ActorID: in.ActorID, Object: in.Object, From: in.From, To: in.To, Cursor: in.Cursor, Limit: in.Limit}))
		})
}
