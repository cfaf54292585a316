package cases

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/sheet"
	"github.com/actionhub/actionhub/policies"
)

// Filter selects cases; every field is optional.
type Filter struct {
	HubID             string // operator staff; may be omitted by staff of one hub
	Stage             casework.Stage
	SupplierID        string
	AssignedTo        string
	OpenedBy          string
	FollowUpDueBefore string // a day, 2006-01-02: open cases whose next follow-up is due before it
	Cursor            string
	Limit             int
}

// List pages through the cases in the caller's scope, newest first
// (soonest follow-up first with FollowUpDueBefore), with no identity:
// operator staff their hub's (an auditor only those they opened), as
// summaries; a supplier's organisation its facility's, as its view; a
// brand one linked supplier's (supplier_id), as its view. One filter at a
// time (an auditor's stage with their own), as the indexes serve them.
// The scope is in the query: no item is decided on by itself.
func (s *Service) List(ctx context.Context, f Filter) ([]*ListItem, string, error) {
	ac := domain.ActorFrom(ctx)
	due, err := checkFilter(f)
	if err != nil {
		return nil, "", err
	}
	page := store.Page{After: f.Cursor, Limit: f.Limit}
	var (
		ds   []*store.CaseListDoc
		next string
	)
	switch {
	case ac.Staff():
		hubID, cf, err := s.staffQuery(ctx, policies.PermCasesList, f, due)
		if err != nil {
			return nil, "", err
		}
		if ds, next, err = s.st.Cases.ListInHub(ctx, hubID, cf, page); err != nil {
			return nil, "", err
		}
	case ac.OrgKind == domain.KindSupplier || ac.OrgKind == domain.KindBrand:
		if f.AssignedTo != "" || f.OpenedBy != "" || f.FollowUpDueBefore != "" {
			return nil, "", domain.Invalid("", "filter your cases by supplier_id and stage only")
		}
		supplierID, err := s.supplierOf(ctx, f.SupplierID)
		if err != nil {
			return nil, "", err
		}
		if ds, next, err = s.st.Cases.ListOfSupplier(ctx, supplierID, f.Stage, page); err != nil {
			return nil, "", err
		}
	default:
		return nil, "", nil
	}
	out := make([]*ListItem, len(ds))
	now := s.now()
	for i, d := range ds {
		c := d.Case()
		switch {
		case ac.Staff():
			sum := SummaryOf(&c)
			out[i] = &ListItem{ID: d.ID, Audience: casework.AudienceStaff, Summary: &sum}
		case ac.OrgKind == domain.KindSupplier:
			v := casework.ForSupplier(c)
			out[i] = &ListItem{ID: d.ID, Audience: casework.AudienceSupplier, Supplier: &v}
		default:
			v := casework.ForBrand(c, now)
			out[i] = &ListItem{ID: d.ID, Audience: casework.AudienceBrand, Brand: &v}
		}
	}
	return out, next, nil
}

// checkFilter validates the filter's values and returns its due day.
func checkFilter(f Filter) (audit.Date, error) {
	v := &domain.ValidationError{}
	if f.Stage != "" && !f.Stage.Valid() {
		v.Add("stage", "is not a stage of a case")
	}
	due, ok := audit.ParseDate(f.FollowUpDueBefore)
	if f.FollowUpDueBefore != "" && !ok {
		v.Add("follow_up_due_before", "must be a date, 2006-01-02")
	}
	return due, v.OrNil()
}

// staffQuery is operator staff's hub and filter for perm: an auditor
// reaches the cases they opened (the case's scope), so their list is
// those, in the query.
func (s *Service) staffQuery(ctx context.Context, perm policies.Permission, f Filter, due audit.Date) (string, store.CaseFilter, error) {
	ac := domain.ActorFrom(ctx)
	hubID, err := s.enf.HubFor(ac, perm, f.HubID, domain.InHub)
	if err != nil {
		return "", store.CaseFilter{}, err
	}
	if ac.Role == domain.RoleAuditor {
		if f.OpenedBy != "" && f.OpenedBy != ac.UserID {
			return "", store.CaseFilter{}, domain.Invalid("opened_by", "an auditor lists the cases they opened")
		}
		f.OpenedBy = ac.UserID
	}
	return hubID, store.CaseFilter{Stage: f.Stage, SupplierID: f.SupplierID, AssignedTo: f.AssignedTo, OpenedBy: f.OpenedBy,
		FollowUpDueBefore: due}, nil
}

// supplierOf is the supplier a facility's user or a brand lists: the one
// named, if they reach it (cases:list on its scope), or a facility's only
// one.
func (s *Service) supplierOf(ctx context.Context, supplierID string) (string, error) {
	ac := domain.ActorFrom(ctx)
	if supplierID == "" {
		if ac.OrgKind != domain.KindSupplier {
			return "", domain.Invalid("supplier_id", "is required: a brand lists one linked supplier's cases at a time")
		}
		sups, _, err := s.st.Suppliers.OfOrg(ctx, ac.OrgID, store.Listing{}, store.Page{Limit: 2})
		if err != nil {
			return "", err
		}
		if len(sups) != 1 {
			return "", domain.Invalid("supplier_id", "is required when your organisation has several facilities (or none)")
		}
		supplierID = sups[0].ID
	}
	sup, err := s.st.Suppliers.Get(ctx, supplierID)
	if err != nil {
		return "", notVisibleAsInvalid(err, "supplier_id", "is not a supplier you are linked to")
	}
	if !s.enf.Can(ac, policies.PermCasesList, domain.Scope{Hubs: []string{sup.HubID}, Suppliers: []string{sup.ID}}) {
		return "", domain.Invalid("supplier_id", "is not a supplier you are linked to")
	}
	return sup.ID, nil
}

// ExportColumns are the columns of the cases' CSV export: codes and
// anonymised facts, never identity.
var ExportColumns = []string{"code", "status", "stage", "supplier_id", "source", "identified", "age_years", "age_band", "sex",
	"age_method", "suspected_false_document", "classification", "law_pack", "risk", "immediate_action", "plan_actions",
	"support_delivered", "assessment_approval", "plan_approval", "follow_ups", "follow_up_streak", "next_follow_up_due",
	"stipend_late", "closure_reason", "assigned_to", "opened_by"}

const maxExportRows = 50_000

// Export writes the caller's list (operator staff only: cases:export) as
// CSV, with the list's filters and order; it returns the rows written. It
// reads whole cases (without identity), as its columns need.
func (s *Service) Export(ctx context.Context, f Filter, w io.Writer) (int, error) {
	ac := domain.ActorFrom(ctx)
	if !ac.Staff() {
		return 0, domain.NotVisible("hub")
	}
	due, err := checkFilter(f)
	if err != nil {
		return 0, err
	}
	hubID, cf, err := s.staffQuery(ctx, policies.PermCasesExport, f, due)
	if err != nil {
		return 0, err
	}
	cw := sheet.NewWriter(w)
	if err := cw.Write(ExportColumns); err != nil {
		return 0, err
	}
	page := store.Page{Limit: 500}
	n := 0
	for {
		ds, next, err := s.st.Cases.InHub(ctx, hubID, cf, page)
		if err != nil {
			return n, err
		}
		if n+len(ds) > maxExportRows {
			return n, domain.Invalid("", fmt.Sprintf("more than %d cases: narrow the export by stage, supplier or case worker", maxExportRows))
		}
		for _, d := range ds {
			if err := cw.Write(exportRow(&d.Case)); err != nil {
				return n, err
			}
			n++
		}
		if next == "" {
			if err := cw.Flush(); err != nil {
				return n, err
			}
			return n, s.activity.Record(ctx, "cases.export", "hub:"+hubID)
		}
		page.After = next
	}
}

func exportRow(c *casework.Case) []string {
	kinds := make([]string, 0)
	for _, k := range c.Delivered() {
		kinds = append(kinds, string(k))
	}
	imm := ""
	if c.Immediate.Recorded() {
		imm = c.Immediate.At.UTC().Format("2006-01-02")
	}
	return []string{c.Code, string(c.Status), string(c.Stage), c.SupplierID, string(c.Source), c.Identified.UTC().Format("2006-01-02"),
		strconv.Itoa(c.Child.AgeYears), string(c.AgeBand()), string(c.Child.Sex), string(c.Child.AgeMethod),
		strconv.FormatBool(c.Child.SuspectedFalseDocument), string(c.Classification.Class), c.Classification.PackID,
		string(c.Assessment.Risk), imm, strconv.Itoa(len(c.Plan)), strings.Join(kinds, " "),
		string(c.Approvals.Assessment.State), string(c.Approvals.Plan.State), strconv.Itoa(c.FollowUps),
		strconv.Itoa(c.FollowUpStreak), string(c.NextFollowUpDue), strconv.FormatBool(c.StipendLate),
		string(c.Closure.Reason), c.AssignedTo, c.OpenedBy}
}
