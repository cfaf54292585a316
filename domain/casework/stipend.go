package casework

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
)

// Period is a stipend's month, written "2006-01". The string form sorts in
// time order, so the store can index and compare it.
type Period string

const periodLayout = "2006-01"

// ParsePeriod reads a "2006-01" month; ok is false for anything else.
func ParsePeriod(s string) (Period, bool) {
	t, err := time.Parse(periodLayout, s)
	if err != nil || t.Format(periodLayout) != s {
		return "", false
	}
	return Period(s), true
}

// PeriodOf is the month of a day.
func PeriodOf(d audit.Date) Period {
	if len(d) < 7 {
		return ""
	}
	return Period(d[:7])
}

// Valid reports whether p is a real month in the "2006-01" form.
func (p Period) Valid() bool { _, ok := ParsePeriod(string(p)); return ok }

// Add returns the month n months after p. p must be valid.
func (p Period) Add(n int) Period {
	t, _ := time.Parse(periodLayout, string(p))
	return Period(t.AddDate(0, n, 0).Format(periodLayout))
}

// Day returns the day of the month in p.
func (p Period) Day(day int) audit.Date {
	return audit.Date(fmt.Sprintf("%s-%02d", p, day))
}

// StipendGraceDays is how many days after the due day a payment is still
// on time, for a hub that sets none.
const StipendGraceDays = 5

// Bounds of a stipend's terms.
const (
	// MaxStipendDueDay keeps the due day in every month (no 29 to 31).
	MaxStipendDueDay = 28
	// MaxGraceDays bounds the grace: past it a payment waits into the next month.
	MaxGraceDays = 27
	// SchoolingUntil is the end of compulsory schooling (Article 25-A: 5 to
	// 16), the least age a stipend runs to.
	SchoolingUntil = 16
	// MaxStipendMonths bounds a stipend: a child of 5 to 16 and a margin.
	MaxStipendMonths = 15 * 12
	// MaxStipendPKR is far above any wage a child is paid, to catch typing errors.
	MaxStipendPKR = 1_000_000
)

// StipendTerms is what the case worker agrees for the stipend plan action.
// Zero fields take their defaults (NewStipend).
type StipendTerms struct {
	ActionID   string
	MonthlyPKR int64  // 0: the plan action's amount
	DueDay     int    // 1 to 28
	Start      Period // "": the month after the terms are set
	End        Period // "": the month the child reaches the end age (DefaultStipendEnd)
	GraceDays  int    // negative: StipendGraceDays
}

// Stipend is the schedule of a case's stipend, one per case (its ID is the
// case's): what the supplier pays each month, on which day, from when to
// when, and how far the sweep has checked the months.
type Stipend struct {
	ID         string // the case's ID
	Version    int64
	HubID      string
	SupplierID string
	CaseCode   string
	ActionID   string // the plan action (kind stipend, owner supplier)
	MonthlyPKR int64
	DueDay     int
	GraceDays  int
	Start, End Period // both included
	// Checked is the last month whose deadline has passed and whose payment
	// was found or flagged missed; "" before the first.
	Checked   Period
	Created   time.Time
	CreatedBy string
	Updated   time.Time
	UpdatedBy string
}

// Scope of a stipend is its case's scope: operator case staff, the opener
// and the supplier (brands hold no permission on stipends).
func (s *Stipend) Scope() domain.Scope { return ledgerScope(s.HubID, s.SupplierID) }

// ledgerScope is the scope of a case's stipend records: the case's, but
// for its opener (auditors keep no ledger).
func ledgerScope(hubID, supplierID string) domain.Scope {
	return domain.Scope{Hubs: []string{hubID}, StaffRoles: []domain.Role{domain.RoleHubAdmin, domain.RoleCaseWorker},
		Suppliers: []string{supplierID}}
}

// DefaultStipendEnd is the last month of a stipend for a child of ageYears
// on the day of identification: the month before the child reaches the
// higher of the province's working age (childUnder) and the end of
// compulsory schooling (16). ok is false when the age is not known.
func DefaultStipendEnd(identified time.Time, ageYears, childUnder int) (Period, bool) {
	if ageYears <= 0 {
		return "", false
	}
	until := max(childUnder, SchoolingUntil)
	if ageYears >= until {
		return Period(identified.UTC().Format(periodLayout)), true
	}
	return Period(identified.UTC().AddDate(until-ageYears, 0, 0).Format(periodLayout)).Add(-1), true
}

// NewStipend sets the stipend's terms on a case: the plan action must be a
// supplier-owned stipend. childUnder is the province's working age from
// the case's law pack; today is the day in the hub's zone. It returns not
// found for an unknown action, a validation error for bad terms (an amount
// below the child's lost wage among them: remediation fails when the
// stipend is below it), and a conflict on a closed case.
func NewStipend(c *Case, t StipendTerms, childUnder int, today audit.Date, by string, at time.Time) (Stipend, error) {
	if err := c.checkOpen(); err != nil {
		return Stipend{}, err
	}
	a, ok := c.Action(t.ActionID)
	if !ok {
		return Stipend{}, domain.NotVisible("plan action")
	}
	v := &domain.ValidationError{}
	if a.Kind != KindStipend || a.Owner != PartySupplier {
		v.Add("action_id", "must be a stipend action owned by the supplier")
	}
	if t.MonthlyPKR == 0 {
		t.MonthlyPKR = a.StipendMonthlyPKR
	}
	switch {
	case t.MonthlyPKR <= 0:
		v.Add("monthly_pkr", "is required: the plan action names no amount")
	case t.MonthlyPKR > MaxStipendPKR:
		v.Add("monthly_pkr", fmt.Sprintf("must be at most %d", MaxStipendPKR))
	case c.Work.WageMonthlyPKR > 0 && t.MonthlyPKR < c.Work.WageMonthlyPKR:
		v.Add("monthly_pkr", fmt.Sprintf("must be at least the child's lost wage (%d PKR a month)", c.Work.WageMonthlyPKR))
	}
	if t.DueDay < 1 || t.DueDay > MaxStipendDueDay {
		v.Add("due_day", fmt.Sprintf("must be from 1 to %d", MaxStipendDueDay))
	}
	if t.GraceDays < 0 {
		t.GraceDays = StipendGraceDays
	} else if t.GraceDays > MaxGraceDays {
		v.Add("grace_days", fmt.Sprintf("must be at most %d", MaxGraceDays))
	}
	if t.Start == "" {
		t.Start = PeriodOf(today).Add(1)
	} else if !t.Start.Valid() {
		v.Add("start", "must be a month written 2006-01")
	}
	if t.End == "" {
		if end, ok := DefaultStipendEnd(c.Identified, c.Child.AgeYears, childUnder); ok {
			t.End = end
		} else {
			v.Add("end", "is required: the child's age is not known")
		}
	} else if !t.End.Valid() {
		v.Add("end", "must be a month written 2006-01")
	}
	if t.Start.Valid() && t.End.Valid() {
		switch {
		case t.End < t.Start:
			v.Add("end", "must not be before start")
		case monthsBetween(t.Start, t.End) >= MaxStipendMonths:
			v.Add("end", fmt.Sprintf("must be within %d years of start", MaxStipendMonths/12))
		}
	}
	sortFields(v)
	if err := v.OrNil(); err != nil {
		return Stipend{}, err
	}
	return Stipend{ID: c.ID, HubID: c.HubID, SupplierID: c.SupplierID, CaseCode: c.Code, ActionID: a.ID,
		MonthlyPKR: t.MonthlyPKR, DueDay: t.DueDay, GraceDays: t.GraceDays, Start: t.Start, End: t.End,
		Created: at, CreatedBy: by, Updated: at, UpdatedBy: by}, nil
}

func monthsBetween(a, b Period) int {
	ta, _ := time.Parse(periodLayout, string(a))
	tb, _ := time.Parse(periodLayout, string(b))
	return (tb.Year()-ta.Year())*12 + int(tb.Month()-ta.Month())
}

// Due is the day a month's stipend is due.
func (s Stipend) Due(p Period) audit.Date { return p.Day(s.DueDay) }

// Deadline is the last day a month's payment is on time: the due day plus
// the grace.
func (s Stipend) Deadline(p Period) audit.Date { return s.Due(p).AddDays(s.GraceDays) }

// Covers reports whether the stipend runs in month p.
func (s Stipend) Covers(p Period) bool { return p >= s.Start && p <= s.End }

// NextToCheck is the first month not yet checked; ok is false once every
// month of the stipend is.
func (s Stipend) NextToCheck() (Period, bool) {
	p := s.Start
	if s.Checked != "" {
		p = s.Checked.Add(1)
	}
	return p, p <= s.End
}

// NextDeadline is the deadline of the first month not yet checked, "" once
// the stipend is over: the sweep reads stipends whose NextDeadline has passed.
func (s Stipend) NextDeadline() audit.Date {
	p, ok := s.NextToCheck()
	if !ok {
		return ""
	}
	return s.Deadline(p)
}

// CheckDue returns the month the sweep must check on today: the first
// month not yet checked whose deadline has passed.
func (s Stipend) CheckDue(today audit.Date) (Period, bool) {
	p, ok := s.NextToCheck()
	if !ok || today <= s.Deadline(p) {
		return "", false
	}
	return p, true
}

// MarkChecked records that month p was checked; false when it is not the
// next month to check (another run was first).
func (s *Stipend) MarkChecked(p Period) bool {
	next, ok := s.NextToCheck()
	if !ok || next != p {
		return false
	}
	s.Checked = p
	return true
}

// EndAtChecked ends the stipend at the last month checked (before its
// start when none was): its case closed. False when it ran no further.
func (s *Stipend) EndAtChecked(at time.Time) bool {
	end := s.Checked
	if end == "" {
		end = s.Start.Add(-1)
	}
	if end >= s.End {
		return false
	}
	s.End, s.Updated, s.UpdatedBy = end, at, "system"
	return true
}

// PaymentState is where a stipend payment stands.
type PaymentState string

// Payment states: the supplier records, the case worker confirms or
// disputes; missed is a month with no payment by its deadline, which a
// later payment turns into recorded (late).
const (
	PaymentRecorded  PaymentState = "recorded"
	PaymentConfirmed PaymentState = "confirmed"
	PaymentDisputed  PaymentState = "disputed"
	PaymentMissed    PaymentState = "missed"
)

// PaymentStates lists every state.
var PaymentStates = []PaymentState{PaymentRecorded, PaymentConfirmed, PaymentDisputed, PaymentMissed}

// Valid reports whether s is a known state.
func (s PaymentState) Valid() bool { return slices.Contains(PaymentStates, s) }

// Payment is one month of a case's stipend: paid (with its proof) or
// missed. Its ID is PaymentID(case, month), so a month has one payment
// whoever records it twice.
type Payment struct {
	ID         string
	Version    int64
	HubID      string
	SupplierID string
	CaseID     string
	CaseCode   string
	Period     Period
	AmountPKR  int64
	PaidOn     audit.Date
	Proof      *audit.Evidence // the receipt or bank slip; nil until uploaded
	Due        audit.Date
	Deadline   audit.Date
	// Late: paid after the deadline. Missed: no payment by the deadline
	// (the sweep found none); it stays set when a payment comes later.
	Late   bool
	Missed bool
	State  PaymentState
	// Expected is the agreed amount; a payment below it is short.
	ExpectedPKR   int64
	RecordedBy    string
	Recorded      time.Time
	DecidedBy     string
	Decided       time.Time
	DisputeReason string
	// Escalated is when the operator and the brands were told the payment
	// was late or missed: the mark that makes it once.
	Escalated time.Time
	Updated   time.Time
}

// PaymentID is the ID of a case's payment for a month.
func PaymentID(caseID string, p Period) string { return caseID + ":" + string(p) }

// Scope of a payment is its case's.
func (p *Payment) Scope() domain.Scope { return ledgerScope(p.HubID, p.SupplierID) }

// Flagged reports whether the payment was late or missed.
func (p *Payment) Flagged() bool { return p.Late || p.Missed }

// EscalationDue reports whether the operator and brands are still to be told.
func (p *Payment) EscalationDue() bool { return p.Flagged() && p.Escalated.IsZero() }

// MarkEscalated sets the mark; false when set already.
func (p *Payment) MarkEscalated(at time.Time) bool {
	if !p.EscalationDue() {
		return false
	}
	p.Escalated, p.Updated = at, at
	return true
}

// NewPayment is what the supplier gives to record a month's payment.
type NewPayment struct {
	Period    Period
	AmountPKR int64
	PaidOn    audit.Date
}

// Record makes the payment of a month the supplier records on today. It
// returns a validation error for a month outside the stipend, a bad amount
// or a day of payment in the future or long before the month.
func (s Stipend) Record(caseID string, n NewPayment, today audit.Date, by string, at time.Time) (Payment, error) {
	v := &domain.ValidationError{}
	switch {
	case !n.Period.Valid():
		v.Add("period", "must be a month written 2006-01")
	case !s.Covers(n.Period):
		v.Add("period", fmt.Sprintf("must be within the stipend, %s to %s", s.Start, s.End))
	}
	switch {
	case n.AmountPKR <= 0:
		v.Add("amount_pkr", "must be more than 0")
	case n.AmountPKR > MaxStipendPKR:
		v.Add("amount_pkr", fmt.Sprintf("must be at most %d", MaxStipendPKR))
	}
	switch {
	case !n.PaidOn.Valid():
		v.Add("paid_on", "must be a day written 2006-01-02")
	case n.PaidOn > today:
		v.Add("paid_on", "must not be in the future")
	case n.Period.Valid() && n.PaidOn < n.Period.Add(-1).Day(1):
		v.Add("paid_on", "must not be before the month before the period")
	}
	if err := v.OrNil(); err != nil {
		return Payment{}, err
	}
	p := Payment{ID: PaymentID(caseID, n.Period), HubID: s.HubID, SupplierID: s.SupplierID, CaseID: caseID, CaseCode: s.CaseCode,
		Period: n.Period, Due: s.Due(n.Period), Deadline: s.Deadline(n.Period), ExpectedPKR: s.MonthlyPKR,
		State: PaymentRecorded}
	p.pay(n, by, at)
	return p, nil
}

func (p *Payment) pay(n NewPayment, by string, at time.Time) {
	p.AmountPKR, p.PaidOn, p.RecordedBy, p.Recorded, p.Updated = n.AmountPKR, n.PaidOn, by, at, at
	p.Late = n.PaidOn > p.Deadline
	p.State = PaymentRecorded
}

// Missed is the record of a month with no payment by its deadline.
func (s Stipend) Missed(caseID string, p Period, at time.Time) Payment {
	return Payment{ID: PaymentID(caseID, p), HubID: s.HubID, SupplierID: s.SupplierID, CaseID: caseID, CaseCode: s.CaseCode,
		Period: p, Due: s.Due(p), Deadline: s.Deadline(p), ExpectedPKR: s.MonthlyPKR, Missed: true, State: PaymentMissed, Updated: at}
}

// PayMissed records a payment for a month flagged missed: it stays
// flagged (and escalated once), now paid late. A month already paid is a
// conflict: a month has one payment.
func (p *Payment) PayMissed(n NewPayment, by string, at time.Time) error {
	if p.State != PaymentMissed {
		return domain.Conflictf("The payment for %s is recorded already.", p.Period)
	}
	p.pay(n, by, at)
	return nil
}

// maxReason bounds a dispute's reason.
const maxReason = 2000

// Decide confirms a recorded payment, or disputes it with a reason. It
// returns a conflict unless the payment is recorded, and a validation
// error for a dispute without a reason.
func (p *Payment) Decide(confirm bool, reason, by string, at time.Time) error {
	if p.State != PaymentRecorded {
		return domain.Conflictf("The payment for %s is %s; only a recorded payment is confirmed or disputed.", p.Period, p.State)
	}
	reason = strings.TrimSpace(reason)
	if confirm {
		p.State, p.DisputeReason = PaymentConfirmed, ""
	} else {
		switch {
		case reason == "":
			return domain.Invalid("reason", "is required to dispute a payment")
		case utf8.RuneCountInString(reason) > maxReason:
			return domain.Invalid("reason", fmt.Sprintf("must be at most %d characters", maxReason))
		}
		p.State, p.DisputeReason = PaymentDisputed, reason
	}
	p.DecidedBy, p.Decided, p.Updated = by, at, at
	return nil
}

// AttachProof keeps the payment's proof file, replacing an earlier one,
// while the payment waits on the case worker. It returns a conflict once
// confirmed or for a missed month.
func (p *Payment) AttachProof(e audit.Evidence, at time.Time) error {
	if p.State != PaymentRecorded && p.State != PaymentDisputed {
		return domain.Conflictf("The payment for %s is %s, so its proof cannot change.", p.Period, p.State)
	}
	if p.State == PaymentDisputed {
		p.State = PaymentRecorded // a new proof answers the dispute
	}
	p.Proof, p.Updated = &e, at
	return nil
}

// FlagStipendLate keeps the case's StipendLate in step with its ledger:
// set once any month was late or missed; the brand view says "not on time".
func (c *Case) FlagStipendLate(at time.Time) bool {
	if c.StipendLate {
		return false
	}
	c.StipendLate = true
	c.record("system", at, "stipend_late", "", "stipend_late")
	return true
}
