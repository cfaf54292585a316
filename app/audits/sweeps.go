package audits

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/supplier"
)

// The periodic sweeps of audits and corrective actions. Each reads one
// index range of what may be due (store's *Due queries), from a cursor,
// bounded by limit per run, and for each object:
//  1. checks the domain's rule at now (ReminderDue, Overdue, ...);
//  2. queues its messages with IDs derived from the object, the occasion and
//     the address (Outbox.QueueOnce), so a repeat stores none twice;
//  3. sets the sent-mark on the object through a versioned update, which
//     takes it out of the range.
//
// Two workers sweeping at once both queue the same IDs (one insert wins)
// and both try the mark (the second finds it set). A crash between 2 and 3
// leaves the object in the range: the next run queues nothing new and
// marks it. Redis holds none of this: a queue restarted empty loses only
// deliveries, which the outbox sweep makes up from the stored messages.

// errMarked ends an update whose mark is set already.
var errMarked = errors.New("sent-mark already set")

// mark sets a sent-mark through update; false when set (another run was first).
func mark[T any](ctx context.Context, update func(context.Context, string, func(*T) error) (*T, error), id string, set func(*T) bool) (bool, error) {
	_, err := update(ctx, id, func(x *T) error {
		if !set(x) {
			return errMarked
		}
		return nil
	})
	if errors.Is(err, errMarked) {
		return false, nil
	}
	return err == nil, err
}

// lookups caches, for one sweep run, what many objects share: suppliers,
// hub time zones and recipients.
type lookups struct {
	s     *Service
	sups  map[string]*supplier.Supplier
	locs  map[string]*time.Location
	lists map[string][]string
}

func (s *Service) lookups() *lookups {
	return &lookups{s: s, sups: map[string]*supplier.Supplier{}, locs: map[string]*time.Location{}, lists: map[string][]string{}}
}

func (l *lookups) supplier(ctx context.Context, id string) (*supplier.Supplier, error) {
	if sup, ok := l.sups[id]; ok {
		return sup, nil
	}
	sup, err := l.s.st.Suppliers.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	l.sups[id] = sup
	return sup, nil
}

func (l *lookups) location(ctx context.Context, hubID string) (*time.Location, error) {
	if loc, ok := l.locs[hubID]; ok {
		return loc, nil
	}
	loc, err := l.s.location(ctx, hubID)
	if err != nil {
		return nil, err
	}
	l.locs[hubID] = loc
	return loc, nil
}

// list caches fill's addresses under key.
func (l *lookups) list(key string, fill func() ([]string, error)) ([]string, error) {
	if to, ok := l.lists[key]; ok {
		return to, nil
	}
	to, err := fill()
	if err != nil {
		return nil, err
	}
	l.lists[key] = to
	return to, nil
}

// enabled keeps the addresses of enabled users in role, each once.
func enabled(us []*domain.User, role domain.Role, into []string) []string {
	for _, u := range us {
		if u.Role == role && !u.Disabled && !slices.Contains(into, u.Email) {
			into = append(into, u.Email)
		}
	}
	return into
}

// hubAdmins are the hub's enabled admins.
func (l *lookups) hubAdmins(ctx context.Context, hubID string) ([]string, error) {
	return l.list("hub:"+hubID, func() ([]string, error) { return l.s.st.EnabledEmails(ctx, hubID, domain.RoleHubAdmin) })
}

// orgUsers are the enabled users of an organisation in role.
func (l *lookups) orgUsers(ctx context.Context, orgID string, role domain.Role, into []string) ([]string, error) {
	p := store.Page{Limit: docstore.MaxLimit}
	for {
		us, next, err := l.s.st.Users.OfOrg(ctx, orgID, role, p)
		if err != nil {
			return nil, err
		}
		into = enabled(us, role, into)
		if next == "" {
			return into, nil
		}
		p.After = next
	}
}

// brandManagers are the enabled managers of every brand linked to the supplier.
func (l *lookups) brandManagers(ctx context.Context, supplierID string) ([]string, error) {
	return l.list("brands:"+supplierID, func() ([]string, error) {
		var out []string
		p := store.Page{Limit: docstore.MaxLimit}
		for {
			links, next, err := l.s.st.SupplierLinks.OfSupplier(ctx, supplierID, false, p)
			if err != nil {
				return nil, err
			}
			for _, x := range links {
				if out, err = l.orgUsers(ctx, x.BrandOrgID, domain.RoleBrandManager, out); err != nil {
					return nil, err
				}
			}
			if next == "" {
				return out, nil
			}
			p.After = next
		}
	})
}

// supplierManagers are the enabled managers of the facility's organisation.
func (l *lookups) supplierManagers(ctx context.Context, sup *supplier.Supplier) ([]string, error) {
	return l.list("site:"+sup.ID, func() ([]string, error) {
		if sup.OrgID == "" {
			return nil, nil
		}
		return l.orgUsers(ctx, sup.OrgID, domain.RoleSupplierManager, nil)
	})
}

// team are the audit's enabled auditors.
func (l *lookups) team(ctx context.Context, a *audit.Audit) ([]string, error) {
	us, err := l.s.st.Users.GetMany(ctx, a.TeamIDs)
	if err != nil {
		return nil, err
	}
	return enabled(us, domain.RoleAuditor, nil), nil
}

// queueOnce queues one message to each address, its ID derived from cause
// and the address.
func (s *Service) queueOnce(ctx context.Context, to []string, subject, body string, cause ...string) error {
	for _, email := range to {
		if err := s.outbox.QueueOnce(ctx, derived(append(cause, email)...), email, subject, body); err != nil {
			return err
		}
	}
	return nil
}

const dayLayout = "2 January 2006"

// latestUTCDay bounds a query on days in hubs' zones: no zone's today is
// more than a day after UTC's.
func latestUTCDay(now time.Time, ahead int) audit.Date {
	return audit.DateOf(now, time.UTC).AddDays(ahead + 1)
}

// RemindAuditTeams reminds each scheduled audit's team TeamReminderDays
// before its window opens, once. A window already over when first seen is
// marked without a message. It returns how many audits it marked.
func (s *Service) RemindAuditTeams(ctx context.Context, now time.Time, limit int) (int, error) {
	now, l := now.UTC(), s.lookups()
	last := latestUTCDay(now, audit.TeamReminderDays)
	return store.Sweep(limit, func(p store.Page) ([]*audit.Audit, string, error) {
		return s.st.Audits.TeamRemindersDue(ctx, last, p)
	}, func(a *audit.Audit) (bool, error) {
		loc, err := l.location(ctx, a.HubID)
		if err != nil {
			return false, err
		}
		today := audit.DateOf(now, loc)
		if !a.TeamReminderDue(today) {
			return false, nil
		}
		if a.Window.To >= today {
			sup, err := l.supplier(ctx, a.SupplierID)
			if err != nil {
				return false, err
			}
			to, err := l.team(ctx, a)
			if err != nil {
				return false, err
			}
			subject := "Audit at " + sup.Name + " from " + string(a.Window.From)
			body := fmt.Sprintf("You are on the %s audit (%s) of supplier %s, %s, %s. Its window runs from %s to %s.",
				a.Type, a.Mode, sup.Name, sup.Address, sup.City, a.Window.From, a.Window.To)
			if err := s.queueOnce(ctx, to, subject, body, "audit-team-reminder", a.ID); err != nil {
				return false, err
			}
		}
		return mark(ctx, s.st.Audits.Update, a.ID, func(x *audit.Audit) bool { return x.MarkTeamReminded(today, now) })
	})
}

// RemindActionsDue reminds the supplier's managers of each pending
// corrective action 7 days and 1 day before its deadline, once each. It
// returns how many reminders it marked.
func (s *Service) RemindActionsDue(ctx context.Context, now time.Time, limit int) (int, error) {
	now, l := now.UTC(), s.lookups()
	total := 0
	for _, days := range []int{audit.Reminder1Day, audit.Reminder7Days} {
		n, err := store.Sweep(limit, func(p store.Page) ([]*audit.Action, string, error) {
			return s.st.Actions.RemindersDue(ctx, days, now, p)
		}, func(a *audit.Action) (bool, error) {
			if a.ReminderDue(now) != days {
				return false, nil
			}
			sup, err := l.supplier(ctx, a.SupplierID)
			if err != nil {
				return false, err
			}
			loc, err := l.location(ctx, a.HubID)
			if err != nil {
				return false, err
			}
			to, err := l.supplierManagers(ctx, sup)
			if err != nil {
				return false, err
			}
			when := "in a week"
			if days == audit.Reminder1Day {
				when = "within a day"
			}
			subject := "Corrective action due " + when + " at " + sup.Name
			body := fmt.Sprintf("A corrective action at %s is due on %s: %s\nUpload evidence and submit it before then.",
				sup.Name, a.Due.In(loc).Format(dayLayout+" 15:04"), a.What)
			if err := s.queueOnce(ctx, to, subject, body, "action-reminder", fmt.Sprint(days), a.ID); err != nil {
				return false, err
			}
			return mark(ctx, s.st.Actions.Update, a.ID, func(x *audit.Action) bool { return x.MarkReminded(days, now) })
		})
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// EscalateOverdueActions tells the hub's admins and every linked brand's
// managers, once, of each corrective action past due while it waits on the
// site. It returns how many actions it marked.
func (s *Service) EscalateOverdueActions(ctx context.Context, now time.Time, limit int) (int, error) {
	now, l := now.UTC(), s.lookups()
	return store.Sweep(limit, func(p store.Page) ([]*audit.Action, string, error) {
		return s.st.Actions.EscalationsDue(ctx, now, p)
	}, func(a *audit.Action) (bool, error) {
		if !a.Overdue(now) || !a.OverdueNotified.IsZero() {
			return false, nil
		}
		sup, err := l.supplier(ctx, a.SupplierID)
		if err != nil {
			return false, err
		}
		loc, err := l.location(ctx, a.HubID)
		if err != nil {
			return false, err
		}
		admins, err := l.hubAdmins(ctx, a.HubID)
		if err != nil {
			return false, err
		}
		brands, err := l.brandManagers(ctx, a.SupplierID)
		if err != nil {
			return false, err
		}
		// Brands read actions with status and due date: the message says no more.
		subject := "Corrective action overdue at " + sup.Name
		body := fmt.Sprintf("A corrective action at supplier %s was due on %s and is %s: %s",
			sup.Name, a.Due.In(loc).Format(dayLayout+" 15:04"), a.State, a.What)
		if err := s.queueOnce(ctx, append(admins, brands...), subject, body, "action-overdue", a.ID); err != nil {
			return false, err
		}
		return mark(ctx, s.st.Actions.Update, a.ID, func(x *audit.Action) bool { return x.MarkOverdueNotified(now) })
	})
}

// RemindUnpublishedAudits reminds the hub's admins of each audit submitted
// UnpublishedReminderDays ago or more and not yet published, once per
// submission. It returns how many audits it marked.
func (s *Service) RemindUnpublishedAudits(ctx context.Context, now time.Time, limit int) (int, error) {
	now, l := now.UTC(), s.lookups()
	before := now.Add(-audit.UnpublishedReminderDays * 24 * time.Hour)
	return store.Sweep(limit, func(p store.Page) ([]*audit.Audit, string, error) {
		return s.st.Audits.UnpublishedRemindersDue(ctx, before, p)
	}, func(a *audit.Audit) (bool, error) {
		if !a.UnpublishedReminderDue(now) {
			return false, nil
		}
		sup, err := l.supplier(ctx, a.SupplierID)
		if err != nil {
			return false, err
		}
		to, err := l.hubAdmins(ctx, a.HubID)
		if err != nil {
			return false, err
		}
		subject := "Audit at " + sup.Name + " waits for publication"
		body := fmt.Sprintf("The %s audit of supplier %s was submitted on %s and is not published yet: review it, then publish it or send it back.",
			a.Type, sup.Name, a.Submitted.Format(dayLayout))
		if err := s.queueOnce(ctx, to, subject, body, "audit-unpublished", a.ID, a.Submitted.Format(time.RFC3339Nano)); err != nil {
			return false, err
		}
		return mark(ctx, s.st.Audits.Update, a.ID, func(x *audit.Audit) bool { return x.MarkUnpublishedReminded(now) })
	})
}

// NoticeNextAudits tells the hub's admins, once per published audit, that
// the next audit its rating asks for is due within NextAuditNoticeDays. It
// schedules nothing (the admins choose the team and window). No message
// goes out when it is needless: the supplier has an open audit of that type
// already, a later audit rated it, or it is no longer active. It returns
// how many audits it marked.
func (s *Service) NoticeNextAudits(ctx context.Context, now time.Time, limit int) (int, error) {
	now, l := now.UTC(), s.lookups()
	last := latestUTCDay(now, audit.NextAuditNoticeDays)
	return store.Sweep(limit, func(p store.Page) ([]*audit.Audit, string, error) {
		return s.st.Audits.NextAuditNoticesDue(ctx, last, p)
	}, func(a *audit.Audit) (bool, error) {
		loc, err := l.location(ctx, a.HubID)
		if err != nil {
			return false, err
		}
		today := audit.DateOf(now, loc)
		if !a.NextAuditNoticeDue(today) {
			return false, nil
		}
		sup, err := l.supplier(ctx, a.SupplierID)
		if err != nil {
			return false, err
		}
		open, err := s.st.Audits.OpenOfType(ctx, a.SupplierID, a.Rating.NextAuditType)
		if err != nil {
			return false, err
		}
		superseded := sup.Rating != nil && sup.Rating.AuditID != a.ID && sup.Rating.Published.After(a.Published)
		if len(open) == 0 && !superseded && sup.Status == supplier.StatusActive && sup.AliasOf == "" {
			to, err := l.hubAdmins(ctx, a.HubID)
			if err != nil {
				return false, err
			}
			subject := "Next audit of " + sup.Name + " due by " + string(a.Rating.NextAuditDue)
			why := fmt.Sprintf("rated it %s (%d%%)", a.Rating.Grade, a.Rating.Percent)
			if a.Rating.ZeroTolerance {
				why += " with a zero-tolerance finding"
			}
			body := fmt.Sprintf("The audit of supplier %s published on %s %s, so a %s audit must start by %s. Schedule it with a team and a window.",
				sup.Name, a.Published.In(loc).Format(dayLayout), why, a.Rating.NextAuditType, a.Rating.NextAuditDue)
			if err := s.queueOnce(ctx, to, subject, body, "audit-next-due", a.ID); err != nil {
				return false, err
			}
		}
		return mark(ctx, s.st.Audits.Update, a.ID, func(x *audit.Audit) bool { return x.MarkNextAuditNoticed(today, now) })
	})
}

// RepairPublications writes again what publishing brings for each
// published audit whose effects are not all written (the process stopped
// between the audit's change and them). It returns how many it completed.
func (s *Service) RepairPublications(ctx context.Context, _ time.Time, limit int) (int, error) {
	return store.Sweep(limit, func(p store.Page) ([]*audit.Audit, string, error) {
		return s.st.Audits.EffectsPending(ctx, p)
	}, func(a *audit.Audit) (bool, error) {
		if a.State != audit.StatePublished || a.EffectsDone {
			return false, nil
		}
		_, err := s.finishPublication(ctx, a, nil, nil)
		return err == nil, err
	})
}

// finishPublication makes what a publication brings, each step safe to
// repeat: the corrective actions and brands' records (published), the
// supplier's current rating, then the audit's mark that all is written.
// findings and loc are read when nil.
func (s *Service) finishPublication(ctx context.Context, a *audit.Audit, findings []audit.Finding, loc *time.Location) (*audit.Audit, error) {
	var err error
	if findings == nil {
		if findings, err = s.allFindings(ctx, a.ID); err != nil {
			return a, err
		}
	}
	if loc == nil {
		if loc, err = s.location(ctx, a.HubID); err != nil {
			return a, err
		}
	}
	if err := s.published(ctx, a, findings, loc); err != nil {
		return a, err
	}
	if err := s.rateSupplier(ctx, a); err != nil {
		return a, err
	}
	done, err := s.st.Audits.Update(ctx, a.ID, func(x *audit.Audit) error {
		if x.EffectsDone {
			return errMarked
		}
		x.EffectsDone = true
		return nil
	})
	if errors.Is(err, errMarked) {
		return a, nil
	}
	if err != nil {
		return a, err
	}
	return done, nil
}

// rateSupplier keeps the audit's rating on the supplier, unless a later
// audit's is kept already.
func (s *Service) rateSupplier(ctx context.Context, a *audit.Audit) error {
	r := supplier.SiteRating{AuditID: a.ID, Published: a.Published, Grade: string(a.Rating.Grade), Percent: a.Rating.Percent,
		ZeroTolerance: a.Rating.ZeroTolerance, NextAuditType: string(a.Rating.NextAuditType), NextAuditDue: string(a.Rating.NextAuditDue)}
	_, err := mark(ctx, s.st.Suppliers.Update, a.SupplierID, func(x *supplier.Supplier) bool { return x.Rate(r) })
	if errors.Is(err, domain.ErrNotFound) {
		return nil
	}
	return err
}
