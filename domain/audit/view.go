package audit

import "slices"

// AuditForSupplier is what the supplier's organisation receives of an
// audit SupplierSees: everything but the results before publication (score,
// summary, rating, and the operator's reason for sending it back).
func AuditForSupplier(a Audit) Audit {
	a.ScheduledBy, a.ReturnReason = "", ""
	if !SupplierSeesResults(a) {
		a.Score, a.Summary, a.Rating = Score{}, "", Rating{}
	}
	return a
}

// AuditForBrand is what linked brand brandOrgID receives of a published
// audit: date, type, mode, rating and summary. Stripped: the auditors'
// identities (no names reach brands), the operator's internal reasons, and
// the other brands the audit serves (a brand must not learn who else buys
// from the supplier).
func AuditForBrand(a Audit, brandOrgID string) Audit {
	a.ScheduledBy, a.LeadAuditorID, a.TeamIDs, a.ReturnReason, a.CancelReason = "", "", nil, "", ""
	if slices.Contains(a.BrandOrgIDs, brandOrgID) {
		a.BrandOrgIDs = []string{brandOrgID}
	} else {
		a.BrandOrgIDs = nil
	}
	return a
}

// FindingForBrand is what a linked brand receives of a finding of a
// published audit. Stripped: every file that shows or names a person, who
// uploaded each remaining file, who recorded the finding and who answered
// for the site (no names reach brands), and the case opened from it (a
// child's case stays with case workers). Counts of workers affected stay:
// they carry no identity, and a brand must know a child was found.
// Description, location and root cause are shown too, so the auditor's
// form asks for them without workers' names.
func FindingForBrand(f Finding) Finding {
	f.Evidence = filterEvidence(f.Evidence, Evidence.ForBrand)
	f.RecordedBy, f.Response.By, f.CaseID = "", "", ""
	return f
}

// FindingForSupplier is what the supplier's organisation (orgID) receives
// of a finding of a published audit: the record, without the auditors'
// files (only files it uploaded itself reach it, and none showing a
// person), who recorded it, or the case opened from it.
func FindingForSupplier(f Finding, orgID string) Finding {
	f.Evidence = filterEvidence(f.Evidence, func(e Evidence) bool { return e.ForSupplier(orgID) })
	f.RecordedBy, f.CaseID = "", ""
	return f
}

// ActionForBrand is what a linked brand receives of a corrective action:
// status, due date and what is done, with files that show no person and no
// uploader, verifier or owner at the site named (the owner is a person).
func ActionForBrand(a Action) Action {
	a.Evidence = filterEvidence(a.Evidence, Evidence.ForBrand)
	a.VerifiedBy, a.Owner = "", ""
	return a
}

// ActionForSupplier is what the supplier's organisation (orgID) receives of
// its corrective action: everything, with only the files it uploaded that
// show no person.
func ActionForSupplier(a Action, orgID string) Action {
	a.Evidence = filterEvidence(a.Evidence, func(e Evidence) bool { return e.ForSupplier(orgID) })
	return a
}

// filterEvidence keeps the files keep accepts, with no uploader named. It
// returns a new slice, never the caller's, so a view cannot alter the
// record it came from.
func filterEvidence(es []Evidence, keep func(Evidence) bool) []Evidence {
	var out []Evidence
	for _, e := range es {
		if keep(e) {
			e.UploaderID = ""
			out = append(out, e)
		}
	}
	return out
}
