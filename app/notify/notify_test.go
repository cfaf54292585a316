package notify

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/sqlite"
	"github.com/actionhub/actionhub/domain"
)

// syncBuffer is a log sink safe for the concurrent deliveries below.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *syncBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

func newOutbox(t *testing.T, now func() time.Time) (*Outbox, *store.Store, *syncBuffer) {
	t.Helper()
	ctx := context.Background()
	e, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	st, err := store.Open(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	sink := &syncBuffer{}
	return New(st, nil, "", "Action Hub <hub@example.org>", slog.New(slog.NewTextHandler(sink, nil)), now), st, sink
}

// Deliveries racing for one notification (a send task and the outbox
// sweep after Redis lost its queue) send it once.
func TestDeliverSendsOnceWhenRacing(t *testing.T) {
	ctx := context.Background()
	o, st, sink := newOutbox(t, func() time.Time { return time.Now().UTC() })
	n, err := o.Queue(ctx, "brand@example.org", "A finding", "body")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := o.Deliver(ctx, n.ID); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if got := strings.Count(sink.String(), "notification (no SMTP_ADDR"); got != 1 {
		t.Fatalf("sent %d times, want 1", got)
	}
	stored, err := st.Notifications.Get(ctx, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Status != domain.NotificationSent || stored.Attempts != 1 || !stored.ClaimedUntil.IsZero() {
		t.Fatalf("stored: %+v", stored)
	}
}

// A claim left by a delivery that died mid-send lapses: a later delivery
// sends the notification.
func TestDeliverAfterAClaimLapses(t *testing.T) {
	ctx := context.Background()
	now := time.Now().UTC()
	o, st, sink := newOutbox(t, func() time.Time { return now })
	n, err := o.Queue(ctx, "brand@example.org", "A finding", "body")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Notifications.Update(ctx, n.ID, func(x *domain.Notification) error {
		x.ClaimedUntil = now.Add(time.Minute) // another delivery is sending it
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := o.Deliver(ctx, n.ID); err != nil || strings.Contains(sink.String(), "no SMTP_ADDR") {
		t.Fatalf("delivered while claimed: %v", err)
	}
	now = now.Add(claimFor)
	if err := o.Deliver(ctx, n.ID); err != nil || strings.Count(sink.String(), "no SMTP_ADDR") != 1 {
		t.Fatalf("not delivered once the claim lapsed: %v", err)
	}
}

func TestOneLine(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Your nomination of Indus Mills was accepted": "Your nomination of Indus Mills was accepted",
		"X\r\nBcc: victim@example.org":                "X  Bcc: victim@example.org",
		"tab\there\u2028and":                          "tab here and",
		"کراچی ٹیکسٹائل":                              "کراچی ٹیکسٹائل",
	} {
		if got := oneLine(in); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", in, got, want)
		}
	}
}
