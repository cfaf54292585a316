package registry

import (
	"context"
	"errors"
	"slices"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/audit"
	"github.com/actionhub/actionhub/domain/supplier"
	"github.com/actionhub/actionhub/policies"
)

// Merge makes supplier src an alias of target, which keeps the facility
// (operator staff): every brand link, nomination, scope relation and audit
// (with its findings, corrective actions and brands' records) of src moves
// to target, target gains src's name, registration numbers and OS ID where
// it lacks them and the newer of the two ratings, and src stays as an alias
// so nothing is lost and old references still resolve.
//
// src is marked an alias first, so nothing new links to it meanwhile; then
// each move is its own write. Merging again into the same target resumes a
// merge that stopped half way. Errors: not found out of scope;
// domain.ErrConflict for a merge the domain refuses, or when both suppliers
// have their own organisation.
func (s *Service) Merge(ctx context.Context, srcID, targetID string) (*supplier.Supplier, error) {
	src, err := s.supplier(ctx, srcID, policies.PermSuppliersMerge)
	if err != nil {
		return nil, err
	}
	target, err := s.supplier(ctx, targetID, policies.PermSuppliersMerge)
	if errors.Is(err, domain.ErrNotFound) {
		return nil, domain.Invalid("into", "is not a supplier of your hub")
	}
	if err != nil {
		return nil, err
	}
	if src.OrgID != "" && target.OrgID != "" && src.OrgID != target.OrgID {
		return nil, domain.Conflictf("Both suppliers have their own organisation. Detach one first.")
	}
	now := s.now().UTC()
	if src.AliasOf != target.ID {
		src, err = s.st.Suppliers.Update(ctx, srcID, func(x *supplier.Supplier) error {
			x.Updated = now
			return x.MergeInto(*target, now)
		})
		if err != nil {
			return nil, err
		}
		s.indexPut(src)
		if err := s.activity.Record(ctx, "suppliers.merge", policies.SupplierNode(src.ID)); err != nil {
			return nil, err
		}
	}
	target, err = s.write(ctx, target.ID, func(x *supplier.Supplier) error {
		absorb(x, src)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if src.OrgID != "" {
		if err := s.enf.Add(ctx, policies.Relation{Subject: policies.OrgNode(src.OrgID), Object: policies.SupplierNode(target.ID)}); err != nil {
			return nil, err
		}
		if err := s.enf.Remove(ctx, policies.Relation{Subject: policies.OrgNode(src.OrgID), Object: policies.SupplierNode(src.ID)}); err != nil {
			return nil, err
		}
	}
	if err := s.moveLinks(ctx, src, target); err != nil {
		return nil, err
	}
	if err := s.moveNominations(ctx, src.ID, target.ID); err != nil {
		return nil, err
	}
	if err := s.moveAudits(ctx, src.ID, target.ID); err != nil {
		return nil, err
	}
	return target, s.activity.Record(ctx, "suppliers.absorb", policies.SupplierNode(target.ID))
}

// absorb gives target what src knew and target did not: src's names as
// other names, its registration numbers, OS ID, organisation and contact,
// and src's rating when it is the newer (its audit moves to target).
func absorb(target, src *supplier.Supplier) {
	if src.Rating != nil {
		target.Rate(*src.Rating)
	}
	for _, n := range append([]string{src.Name}, src.OtherNames...) {
		if len(target.OtherNames) >= supplier.MaxOtherNames {
			break
		}
		if n != target.Name && !slices.Contains(target.OtherNames, n) {
			target.OtherNames = append(target.OtherNames, n)
		}
	}
	for _, r := range src.RegistrationNumbers {
		if !slices.Contains(target.RegistrationNumbers, r) {
			target.RegistrationNumbers = append(target.RegistrationNumbers, r)
		}
	}
	if target.OSID == "" {
		target.OSID = src.OSID
	}
	if target.OrgID == "" {
		target.OrgID = src.OrgID
	}
	if target.Contact == (supplier.Contact{}) {
		target.Contact = src.Contact
	}
}

// moveLinks gives each of src's brands a link to target (keeping target's
// own link where the brand had both, shareable if either was) and its scope
// relation, then drops the old link and relation.
func (s *Service) moveLinks(ctx context.Context, src, target *supplier.Supplier) error {
	links, err := s.linksOf(ctx, src.ID)
	if err != nil {
		return err
	}
	for _, old := range links {
		l := *old
		l.ID, l.SupplierID, l.Version, l.Listing = supplier.LinkID(old.BrandOrgID, target.ID), target.ID, 0, target.Listing()
		err := s.st.SupplierLinks.Insert(ctx, &l)
		if errors.Is(err, domain.ErrConflict) && old.Shareable {
			_, err = s.st.SupplierLinks.Update(ctx, l.ID, func(x *supplier.Link) error {
				x.Shareable = true
				return nil
			})
		}
		if err != nil && !errors.Is(err, domain.ErrConflict) {
			return err
		}
		if err := s.enf.Add(ctx, policies.Relation{Subject: policies.OrgNode(old.BrandOrgID), Object: policies.SupplierNode(target.ID)}); err != nil {
			return err
		}
		if err := s.st.SupplierLinks.Delete(ctx, old.ID); err != nil && !errors.Is(err, domain.ErrNotFound) {
			return err
		}
		if err := s.enf.Remove(ctx, policies.Relation{Subject: policies.OrgNode(old.BrandOrgID), Object: policies.SupplierNode(src.ID)}); err != nil {
			return err
		}
		if err := s.activity.Record(ctx, "supplier_links.move", "link:"+l.ID); err != nil {
			return err
		}
	}
	return nil
}

// moveNominations points every nomination linked to src at target.
// Nominations whose doubtful match names src follow the alias when decided.
func (s *Service) moveNominations(ctx context.Context, srcID, targetID string) error {
	for {
		// Each moved nomination leaves the filter, so the first page is
		// always the next one.
		ns, err := s.st.Nominations.OfSupplier(ctx, srcID, scanBatch)
		if err != nil {
			return err
		}
		if len(ns) == 0 {
			return nil
		}
		for _, n := range ns {
			if _, err := s.st.Nominations.Update(ctx, n.ID, func(x *supplier.Nomination) error {
				if x.SupplierID == srcID {
					x.SupplierID = targetID
				}
				if x.Match.CandidateID == srcID {
					x.Match.CandidateID = targetID
				}
				return nil
			}); err != nil {
				return err
			}
		}
	}
}

// moveAudits moves src's audits to target: the same factory, so its open
// audits go on there (and count for target's one open audit per type) and
// its published ones are target's history. Each audit's findings and
// brands' records move before the audit, since they are found through it
// while it is still src's; corrective actions are found by supplier, so
// they move last. Every step is one single-document write that leaves the
// filter, so a repeated merge finds only what is left. The links between
// audits and auditors name no supplier and stay as they are.
func (s *Service) moveAudits(ctx context.Context, srcID, targetID string) error {
	// Links moved already: target's brands are src's and its own.
	links, err := s.linksOf(ctx, targetID)
	if err != nil {
		return err
	}
	for {
		as, _, err := s.st.Audits.OfSupplier(ctx, srcID, "", store.Days{}, store.Page{Limit: scanBatch})
		if err != nil {
			return err
		}
		if len(as) == 0 {
			break
		}
		for _, a := range as {
			if err := s.moveFindings(ctx, a.ID, srcID, targetID); err != nil {
				return err
			}
			if err := s.moveAuditBrands(ctx, a, links, srcID, targetID); err != nil {
				return err
			}
			if _, err := s.st.Audits.Update(ctx, a.ID, func(x *audit.Audit) error {
				if x.SupplierID == srcID {
					x.SupplierID = targetID
				}
				return nil
			}); err != nil {
				return err
			}
			if err := s.activity.Record(ctx, "audits.move", "audit:"+a.ID); err != nil {
				return err
			}
		}
	}
	for {
		acts, _, err := s.st.Actions.OfSupplier(ctx, srcID, "", store.Page{Limit: scanBatch})
		if err != nil {
			return err
		}
		if len(acts) == 0 {
			return nil
		}
		for _, act := range acts {
			if _, err := s.st.Actions.Update(ctx, act.ID, func(x *audit.Action) error {
				if x.SupplierID == srcID {
					x.SupplierID = targetID
				}
				return nil
			}); err != nil {
				return err
			}
		}
	}
}

// moveFindings points an audit's findings at target.
func (s *Service) moveFindings(ctx context.Context, auditID, srcID, targetID string) error {
	p := store.Page{Limit: scanBatch}
	for {
		fs, next, err := s.st.Findings.OfAudit(ctx, auditID, p)
		if err != nil {
			return err
		}
		for _, f := range fs {
			if f.SupplierID != srcID {
				continue
			}
			if _, err := s.st.Findings.Update(ctx, f.ID, func(x *audit.Finding) error {
				if x.SupplierID == srcID {
					x.SupplierID = targetID
				}
				return nil
			}); err != nil {
				return err
			}
		}
		if next == "" {
			return nil
		}
		p.After = next
	}
}

// moveAuditBrands points the audit's records for the brands it reached at
// publication at target. There is one record per audit and brand, so a
// brand linked to both suppliers keeps one. Brands linked only to target
// get none: like a brand linked later, they find src's older audits
// through the supplier. The records are found by ID, from the brands now
// linked to target and those the audit was planned for; a record of a
// brand unlinked before the merge keeps naming src, which nothing reads
// it by.
func (s *Service) moveAuditBrands(ctx context.Context, a *audit.Audit, links []*supplier.Link, srcID, targetID string) error {
	if a.State != audit.StatePublished {
		return nil
	}
	var ids []string
	for _, b := range a.BrandOrgIDs {
		ids = append(ids, store.AuditBrandID(a.ID, b))
	}
	for _, l := range links {
		ids = append(ids, store.AuditBrandID(a.ID, l.BrandOrgID))
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for start := 0; start < len(ids); start += scanBatch {
		rs, err := s.st.AuditBrands.GetMany(ctx, ids[start:min(start+scanBatch, len(ids))])
		if err != nil {
			return err
		}
		for _, r := range rs {
			if r.SupplierID != srcID {
				continue
			}
			if _, err := s.st.AuditBrands.Update(ctx, r.ID, func(x *store.AuditBrand) error {
				x.SupplierID = targetID
				return nil
			}); err != nil {
				return err
			}
		}
	}
	return nil
}
