package jobs_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/actionhub/actionhub/jobs"
)

func TestMonitorListsQueues(t *testing.T) {
	t.Parallel()
	rdb := testRedis(t)
	if err := jobs.NewEnqueuer(rdb).SendNotification(context.Background(), "ntf-1"); err != nil {
		t.Fatal(err)
	}
	m := jobs.Monitor(rdb, "/admin/jobs")
	defer m.Close()

	rec := httptest.NewRecorder()
	m.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/admin/jobs/api/queues", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET queues: %d %s", rec.Code, rec.Body)
	}
	var body struct {
		Queues []struct {
			Queue   string `json:"queue"`
			Pending int    `json:"pending"`
		} `json:"queues"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("decode %s: %v", rec.Body, err)
	}
	if len(body.Queues) != 1 || body.Queues[0].Queue != jobs.QueueCritical || body.Queues[0].Pending != 1 {
		t.Fatalf("queues %+v, want critical with 1 pending", body.Queues)
	}
}
