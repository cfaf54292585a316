package cases

import (
	"time"

	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/law"
)

// Summary is a case as operator staff's lists show it: what a case worker
// scans a list by, never identity and never the bodies (work, consent,
// assessment, plan, approvals, history) read on the case itself. A list
// of them costs a fraction of a list of whole cases, to read and to send.
type Summary struct {
	ID         string
	Code       string
	HubID      string
	SupplierID string
	Stage      casework.Stage
	Status     casework.Status
	Class      law.Class
	AgeYears   int
	AgeBand    casework.AgeBand
	Sex        casework.Sex
	AssignedTo string
	OpenedBy   string
	Identified time.Time
	// NextFollowUpDue is the next visit's day, "" when none is planned.
	NextFollowUpDue audit.Date
	StipendLate     bool
	FollowUps       int
	FollowUpStreak  int
	PlanActions     int
	Version         int64
	Updated         time.Time
}

// SummaryOf is the staff list's summary of a case.
func SummaryOf(c *casework.Case) Summary {
	return Summary{ID: c.ID, Code: c.Code, HubID: c.HubID, SupplierID: c.SupplierID, Stage: c.Stage, Status: c.Status,
		Class: c.Classification.Class, AgeYears: c.Child.AgeYears, AgeBand: c.AgeBand(), Sex: c.Child.Sex, AssignedTo: c.AssignedTo,
		OpenedBy: c.OpenedBy, Identified: c.Identified, NextFollowUpDue: c.NextFollowUpDue, StipendLate: c.StipendLate,
		FollowUps: c.FollowUps, FollowUpStreak: c.FollowUpStreak, PlanActions: len(c.Plan), Version: c.Version, Updated: c.Updated}
}

// ListItem is one case of a list in the caller's view, by Audience: a
// summary for operator staff, the domain's supplier or brand view for
// those parties (the same views as the case itself).
type ListItem struct {
	ID       string // the case's, for the reader's links (a supplier's to the case's obligations)
	Audience casework.Audience
	Summary  *Summary
	Supplier *casework.SupplierView
	Brand    *casework.BrandView
}
