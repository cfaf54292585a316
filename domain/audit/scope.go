package audit

import "github.com/actionhub/actionhub/domain"

// scopeOf is every audit object's scope: the operator staff of its hub
// (auditors included: they read the hub's other audits), and whoever is
// linked to the supplier (its own organisation and its brands).
func scopeOf(hubID, supplierID string) domain.Scope {
	return domain.Scope{Hubs: []string{hubID}, Suppliers: []string{supplierID}}
}

// Scope of an audit. Scope nodes cannot say when a linked party may see it,
// so a caller that policies.Can lets through as the supplier or a brand
// must still check SupplierSees (or SupplierSeesResults) and BrandSees,
// answering an audit that fails them as not visible, and send the
// supplier's and brands' views (AuditForSupplier, AuditForBrand).
func (a *Audit) Scope() domain.Scope { return scopeOf(a.HubID, a.SupplierID) }

// Scope of a finding: as its audit. A caller serving the supplier or a
// brand must check SupplierSeesResults or BrandSees on the finding's audit
// (publication) and send FindingForSupplier or FindingForBrand.
func (f *Finding) Scope() domain.Scope { return scopeOf(f.HubID, f.SupplierID) }

// Scope of a corrective action: as its audit. Actions exist only once the
// audit is published, so no publication check is needed; a brand's and the
// supplier's views still strip files (ActionForBrand, ActionForSupplier).
func (a *Action) Scope() domain.Scope { return scopeOf(a.HubID, a.SupplierID) }
