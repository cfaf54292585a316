package referral

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/actionhub/actionhub/domain"
)

// Webhook is where the hub posts referrals for an agency whose office does
// not log in: one per agency organisation (its ID is the organisation's).
// The secret that signs deliveries is kept sealed by the store and shown
// once, when it is made or rotated.
type Webhook struct {
	ID          string // the agency organisation's ID
	HubIDs      []string
	URL         string
	Disabled    bool
	SecretSetAt time.Time
	Created     time.Time
	CreatedBy   string
	Updated     time.Time
	Version     int64
}

// Scope of a webhook: the admins of the agency's hubs (and the platform).
// The agency's own officers neither read nor change where its referrals go.
func (w *Webhook) Scope() domain.Scope {
	return domain.Scope{Hubs: w.HubIDs, StaffRoles: []domain.Role{domain.RoleHubAdmin}}
}

// CheckURL refuses what is not an absolute http(s) URL without credentials.
// Whether its host may be private is the application's setting.
func CheckURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
		return domain.Invalid("url", "must be an absolute http or https URL")
	case u.User != nil:
		return domain.Invalid("url", "must not carry a user name or password")
	case len(raw) > 2000:
		return domain.Invalid("url", "is too long")
	}
	return nil
}

// DeliveryStatus is where one webhook delivery stands.
type DeliveryStatus string

// Delivery statuses.
const (
	DeliveryPending   DeliveryStatus = "pending"
	DeliveryDelivered DeliveryStatus = "delivered"
	DeliveryFailed    DeliveryStatus = "failed" // the retries ran out; an admin may send it again
)

// DeliveryStatuses lists every status.
var DeliveryStatuses = []DeliveryStatus{DeliveryPending, DeliveryDelivered, DeliveryFailed}

// Valid reports whether s is a known status.
func (s DeliveryStatus) Valid() bool { return slices.Contains(DeliveryStatuses, s) }

// Delivery is one event of a referral posted to an agency's webhook: the
// log an admin reads. It never holds the body (which carries the child's
// minimum view): the body is built again from the referral at each attempt.
type Delivery struct {
	ID          string // DeliveryID(referral, event)
	AgencyOrgID string
	HubIDs      []string
	ReferralID  string
	Event       string // e.g. "referral.sent"
	Status      DeliveryStatus
	Attempts    int
	Resends     int    // times an admin sent it again after it failed for good
	LastStatus  int    // the receiver's last HTTP status; 0 when none came
	LastError   string // short, never the body
	Created     time.Time
	Delivered   time.Time
	Updated     time.Time
	Version     int64
}

// DeliveryID names the delivery of one event of one referral: one event is
// at most one delivery, whatever repeats it.
func DeliveryID(referralID, event string) string { return referralID + ":" + event }

// Resend makes a delivery that failed for good pending again, for a new
// round of attempts. Errors: a conflict when it has not failed (pending
// deliveries are being tried; delivered ones are not sent twice).
func (d *Delivery) Resend(now time.Time) error {
	if d.Status != DeliveryFailed {
		return domain.Conflictf("Only a delivery that failed can be sent again; this one is %s.", d.Status)
	}
	d.Status, d.Resends, d.Updated = DeliveryPending, d.Resends+1, now
	return nil
}

// Scope of a delivery: as its webhook's.
func (d *Delivery) Scope() domain.Scope {
	return domain.Scope{Hubs: d.HubIDs, StaffRoles: []domain.Role{domain.RoleHubAdmin}}
}

// Events posted to webhooks.
const (
	EventSent    = "referral.sent"
	EventRevoked = "referral.revoked"
)

// SignatureHeader is the header carrying a delivery's signature.
const SignatureHeader = "X-ActionHub-Signature"

// SignatureTolerance is how old a signed timestamp a receiver accepts:
// an older one is a replay.
const SignatureTolerance = 5 * time.Minute

// Sign returns the signature header's value for body sent at t:
// "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">".
func Sign(secret []byte, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + mac(secret, ts, body)
}

func mac(secret []byte, ts string, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// Verify checks a signature header as a receiver would: a v1 that matches
// the body under secret, and a timestamp within tolerance of now (older or
// far in the future is refused as a replay).
func Verify(secret []byte, header string, body []byte, now time.Time, tolerance time.Duration) bool {
	var ts string
	var sigs []string
	for _, part := range strings.Split(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		switch {
		case !ok:
		case k == "t":
			ts = v
		case k == "v1":
			sigs = append(sigs, v)
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return false
	}
	want := mac(secret, ts, body)
	for _, s := range sigs {
		if hmac.Equal([]byte(s), []byte(want)) {
			return true
		}
	}
	return false
}
