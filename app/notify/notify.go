// Package notify keeps the notification outbox and delivers it: by e-mail
// through SMTP when configured, otherwise to the log.
package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/smtp"
	"strings"
	"time"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/google/uuid"
)

// maxAttempts bounds deliveries of one notification, so a bad address
// cannot hold up the outbox for ever.
const maxAttempts = 10

// Enqueuer asks a worker to deliver a stored notification now.
type Enqueuer interface {
	SendNotification(ctx context.Context, id string) error
}

// Outbox writes notifications and delivers them.
type Outbox struct {
	st       *store.Store
	enq      Enqueuer
	smtpAddr string
	from     string
	log      *slog.Logger
	now      func() time.Time
}

// New returns the outbox. An empty smtpAddr writes messages to the log; a
// nil enq leaves delivery to the outbox sweep alone.
func New(st *store.Store, enq Enqueuer, smtpAddr, from string, log *slog.Logger, now func() time.Time) *Outbox {
	return &Outbox{st: st, enq: enq, smtpAddr: smtpAddr, from: from, log: log, now: now}
}

// Queue stores a pending notification and asks a worker to deliver it now.
// The stored notification is the record: if the request to deliver is lost
// (Redis down), the outbox sweep delivers it within a minute.
func (o *Outbox) Queue(ctx context.Context, to, subject, body string) (*domain.Notification, error) {
	n := &domain.Notification{ID: uuid.Must(uuid.NewV7()).String(), To: to, Subject: subject, Body: body,
		Status: domain.NotificationPending, Created: o.now().UTC()}
	if err := o.st.Notifications.Insert(ctx, n); err != nil {
		return nil, err
	}
	if o.enq == nil {
		return n, nil
	}
	if err := o.enq.SendNotification(ctx, n.ID); err != nil {
		o.log.WarnContext(ctx, "notification stored; the outbox sweep will deliver it", "id", n.ID, "err", err)
	}
	return n, nil
}

// QueueOnce is Queue for a message that must go out once whatever repeats
// the cause: id is derived from the cause and the recipient, and a second
// call with the same id stores and sends nothing.
func (o *Outbox) QueueOnce(ctx context.Context, id, to, subject, body string) error {
	n := &domain.Notification{ID: id, To: to, Subject: subject, Body: body, Status: domain.NotificationPending, Created: o.now().UTC()}
	err := o.st.Notifications.Insert(ctx, n)
	if errors.Is(err, domain.ErrConflict) {
		return nil
	}
	if err != nil || o.enq == nil {
		return err
	}
	if err := o.enq.SendNotification(ctx, n.ID); err != nil {
		o.log.WarnContext(ctx, "notification stored; the outbox sweep will deliver it", "id", n.ID, "err", err)
	}
	return nil
}

// PendingNotifications lists up to limit notifications still to deliver, oldest first.
func (o *Outbox) PendingNotifications(ctx context.Context, _ time.Time, limit int) ([]string, error) {
	ns, err := o.st.Notifications.Pending(ctx, limit)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(ns))
	for i, n := range ns {
		ids[i] = n.ID
	}
	return ids, nil
}

// Deliver sends one notification and marks it sent. Delivering one already
// sent does nothing, so a repeated job sends no second e-mail; and a
// delivery first claims the notification for claimFor, so two deliveries
// racing (a send task and the outbox sweep's after Redis lost its queue)
// send it once. A claim left by a process that died mid-send lapses, and
// the sweep tries again.
func (o *Outbox) Deliver(ctx context.Context, id string) error {
	now := o.now().UTC()
	n, err := o.st.Notifications.Update(ctx, id, func(x *domain.Notification) error {
		if x.Status != domain.NotificationPending || x.ClaimedUntil.After(now) {
			return errNotMine
		}
		x.ClaimedUntil = now.Add(claimFor)
		return nil
	})
	if errors.Is(err, domain.ErrNotFound) || errors.Is(err, errNotMine) {
		return nil
	}
	if err != nil {
		return err
	}
	sendErr := o.send(n)
	_, err = o.st.Notifications.Update(ctx, id, func(x *domain.Notification) error {
		x.Attempts++
		x.ClaimedUntil = time.Time{}
		if sendErr != nil {
			x.LastErr = sendErr.Error()
			if x.Attempts >= maxAttempts {
				x.Status = domain.NotificationFailed // out of the sweep; shown to admins later
			}
			return nil
		}
		x.Status, x.SentAt, x.LastErr = domain.NotificationSent, o.now().UTC(), ""
		return nil
	})
	if sendErr != nil {
		return fmt.Errorf("deliver notification %s: %w", id, sendErr)
	}
	return err
}

// claimFor is how long one delivery holds a notification: longer than an
// SMTP exchange takes, short enough that a crashed sender's message goes
// out on a later sweep.
const claimFor = 2 * time.Minute

// errNotMine: the notification is sent, failed, or being sent by another
// delivery.
var errNotMine = errors.New("notification not to deliver here")

func (o *Outbox) send(n *domain.Notification) error {
	if o.smtpAddr == "" {
		o.log.Info("notification (no SMTP_ADDR set: written to the log)", "to", n.To, "subject", n.Subject, "body", n.Body)
		return nil
	}
	// Subjects name facilities and people that users typed: a line break
	// there would add headers (or recipients) to the message.
	msg := "From: " + oneLine(o.from) + "\r\nTo: " + oneLine(n.To) + "\r\nSubject: " + oneLine(n.Subject) +
		"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + strings.ReplaceAll(n.Body, "\n", "\r\n")
	from := o.from
	if i := strings.LastIndex(from, "<"); i >= 0 {
		from = strings.Trim(from[i:], "<>")
	}
	return smtp.SendMail(o.smtpAddr, nil, from, []string{n.To}, []byte(msg))
}

// oneLine makes a header value of s: line breaks and other control
// characters become spaces.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
}
