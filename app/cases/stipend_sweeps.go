package cases

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/google/uuid"
)

// The stipend sweep, in two passes, each reading one index range from a
// cursor and bounded by limit:
//  1. CheckStipends: every running stipend whose next month's deadline has
//     passed. A month with no payment gets a missed payment (its ID is the
//     case and month, so two runs store one); then the month is marked
//     checked on the stipend, which moves it out of the range.
//  2. EscalatePayments: every late or missed payment not yet escalated.
//     The messages' IDs derive from the payment and the address
//     (Outbox.QueueOnce), the case's StipendLate is set (idempotent), and
//     the payment's Escalated mark is set last, which takes it out of the
//     range. A crash between steps repeats only idempotent ones.
// Redis holds none of this: a flushed queue loses only deliveries, which
// the outbox sweep makes up from the stored messages.

var stipendSpace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://actionhub.example/stipends"))

// derivedID is a message ID from its cause and address: the same on every run.
func derivedID(parts ...string) string {
	var b []byte
	for _, p := range parts {
		b = append(append(b, p...), 0)
	}
	return uuid.NewSHA1(stipendSpace, b).String()
}

// errMarked ends an update whose mark is set already.
var errMarked = errors.New("mark already set")

// CheckStipends checks, for up to limit running stipends, the first month
// whose deadline passed by now: a month with no payment is flagged missed.
// It returns how many months it checked.
func (l *Ledger) CheckStipends(ctx context.Context, now time.Time, limit int) (int, error) {
	now = now.UTC()
	locs := map[string]*time.Location{}
	// No hub's today is more than a day after UTC's: read up to tomorrow
	// and let each hub's own day decide.
	before := audit.DateOf(now, time.UTC).AddDays(1)
	return store.Sweep(limit, func(p store.Page) ([]*casework.Stipend, string, error) {
		return l.st.Stipends.CheckDue(ctx, before, p)
	}, func(s *casework.Stipend) (bool, error) {
		loc, ok := locs[s.HubID]
		if !ok {
			var err error
			if loc, err = l.location(ctx, s.HubID); err != nil {
				return false, err
			}
			locs[s.HubID] = loc
		}
		today, done := audit.DateOf(now, loc), false
		if _, due := s.CheckDue(today); !due {
			return false, nil
		}
		// Closing a case ends its stipend at the last month checked: a
		// child who moved away or was transferred is owed nothing more
		// here, and no month after it is flagged.
		c, err := l.st.Cases.Get(ctx, s.ID)
		if err != nil && !errors.Is(err, domain.ErrNotFound) {
			return false, err
		}
		if c == nil || c.Status == casework.StatusClosed {
			_, err := l.st.Stipends.Update(ctx, s.ID, func(x *casework.Stipend) error {
				if !x.EndAtChecked(now) {
					return errMarked
				}
				return nil
			})
			if errors.Is(err, errMarked) {
				return false, nil
			}
			return err == nil, err
		}
		// A stipend the sweep did not reach for months catches up here,
		// one month after another.
		for {
			month, due := s.CheckDue(today)
			if !due {
				return done, nil
			}
			if _, err := l.st.Payments.Get(ctx, casework.PaymentID(s.ID, month)); errors.Is(err, domain.ErrNotFound) {
				m := s.Missed(s.ID, month, now)
				if err := l.st.Payments.Insert(ctx, &m); err != nil && !errors.Is(err, domain.ErrConflict) {
					return done, err
				}
			} else if err != nil {
				return done, err
			}
			next, err := l.st.Stipends.Update(ctx, s.ID, func(x *casework.Stipend) error {
				if !x.MarkChecked(month) {
					return errMarked
				}
				x.Updated = now
				return nil
			})
			if errors.Is(err, errMarked) {
				return done, nil // another run was first
			}
			if err != nil {
				return done, err
			}
			s, done = next, true
		}
	})
}

// EscalatePayments tells the hub's admins, the case's case worker and the
// managers of every brand linked to the supplier, once, of each late or
// missed payment, and sets the case's StipendLate. It returns how many
// payments it marked.
func (l *Ledger) EscalatePayments(ctx context.Context, now time.Time, limit int) (int, error) {
	now = now.UTC()
	r := &recipients{l: l, lists: map[string][]string{}}
	return store.Sweep(limit, func(p store.Page) ([]*casework.Payment, string, error) {
		return l.st.Payments.EscalationsDue(ctx, p)
	}, func(p *casework.Payment) (bool, error) {
		if !p.EscalationDue() {
			return false, nil
		}
		sup, err := l.st.Suppliers.Get(ctx, p.SupplierID)
		if err != nil {
			return false, err
		}
		c, err := l.st.Cases.Get(ctx, p.CaseID)
		if err != nil && !errors.Is(err, domain.ErrNotFound) {
			return false, err
		}
		to, err := r.operator(ctx, p.HubID)
		if err != nil {
			return false, err
		}
		if c != nil && c.AssignedTo != "" {
			if to, err = r.user(ctx, c.AssignedTo, to); err != nil {
				return false, err
			}
		}
		brands, err := r.brandManagers(ctx, p.SupplierID)
		if err != nil {
			return false, err
		}
		what := "late"
		if p.Missed {
			what = "missed"
		}
		// The case code and the month only: brands and the operator never
		// read the child's identity in a message.
		subject := "Stipend " + what + " at " + sup.Name + ", case " + p.CaseCode
		body := "In case " + p.CaseCode + " at supplier " + sup.Name + ", " + describe(p) +
			". The supplier pays this stipend in place of the child's lost wage; the case worker follows it up."
		for _, email := range append(to, brands...) {
			if err := l.outbox.QueueOnce(ctx, derivedID("stipend-"+what, p.ID, email), email, subject, body); err != nil {
				return false, err
			}
		}
		if c != nil && !c.StipendLate {
			if _, err := l.st.Cases.Update(ctx, p.CaseID, func(d *store.CaseDoc) error {
				if !d.FlagStipendLate(now) {
					return errMarked
				}
				return nil
			}); err != nil && !errors.Is(err, errMarked) {
				return false, err
			}
		}
		_, err = l.st.Payments.Update(ctx, p.ID, func(x *casework.Payment) error {
			if !x.MarkEscalated(now) {
				return errMarked
			}
			return nil
		})
		if errors.Is(err, errMarked) {
			return false, nil
		}
		return err == nil, err
	})
}

// SweepStipends runs both passes: the months checked first, so a month
// found missed is escalated in the same run. It returns how many months
// it checked and payments it escalated.
func (l *Ledger) SweepStipends(ctx context.Context, now time.Time, limit int) (int, error) {
	checked, err := l.CheckStipends(ctx, now, limit)
	if err != nil {
		return checked, err
	}
	escalated, err := l.EscalatePayments(ctx, now, limit)
	return checked + escalated, err
}

// recipients caches, for one sweep run, the addresses many payments share.
type recipients struct {
	l     *Ledger
	lists map[string][]string
}

func (r *recipients) cached(key string, fill func() ([]string, error)) ([]string, error) {
	if to, ok := r.lists[key]; ok {
		return slices.Clone(to), nil
	}
	to, err := fill()
	if err != nil {
		return nil, err
	}
	r.lists[key] = to
	return slices.Clone(to), nil
}

func enabledIn(us []*domain.User, role domain.Role, into []string) []string {
	for _, u := range us {
		if u.Role == role && !u.Disabled && !slices.Contains(into, u.Email) {
			into = append(into, u.Email)
		}
	}
	return into
}

// operator is the hub's enabled admins.
func (r *recipients) operator(ctx context.Context, hubID string) ([]string, error) {
	return r.cached("hub:"+hubID, func() ([]string, error) { return r.l.st.EnabledEmails(ctx, hubID, domain.RoleHubAdmin) })
}

// user adds an enabled case worker's address.
func (r *recipients) user(ctx context.Context, id string, into []string) ([]string, error) {
	us, err := r.l.st.Users.GetMany(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	return enabledIn(us, domain.RoleCaseWorker, into), nil
}

// brandManagers is the enabled managers of every brand linked to the supplier.
func (r *recipients) brandManagers(ctx context.Context, supplierID string) ([]string, error) {
	return r.cached("brands:"+supplierID, func() ([]string, error) {
		var out []string
		p := store.Page{Limit: docstore.MaxLimit}
		for {
			links, next, err := r.l.st.SupplierLinks.OfSupplier(ctx, supplierID, false, p)
			if err != nil {
				return nil, err
			}
			for _, x := range links {
				up := store.Page{Limit: docstore.MaxLimit}
				for {
					us, unext, err := r.l.st.Users.OfOrg(ctx, x.BrandOrgID, domain.RoleBrandManager, up)
					if err != nil {
						return nil, err
					}
					out = enabledIn(us, domain.RoleBrandManager, out)
					if unext == "" {
						break
					}
					up.After = unext
				}
			}
			if next == "" {
				return out, nil
			}
			p.After = next
		}
	})
}
