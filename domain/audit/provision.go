package audit

import (
	"fmt"
	"slices"

	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/law"
)

// citableKinds are the kinds of provision a finding of c may cite; nil
// means any. A child labour finding cites the ban on employing a child or
// on hazardous work (a child in hazardous work is child labour too); a
// young worker in hazardous work cites the hazardous work ban.
func citableKinds(c Category) []law.ProvisionKind {
	switch c {
	case ChildLabour:
		return []law.ProvisionKind{law.KindChildEmployment, law.KindHazardousWork}
	case YoungWorkerHazardous:
		return []law.ProvisionKind{law.KindHazardousWork}
	}
	return nil
}

// CiteProvision checks d.LegalProvision against pack, the law pack of the
// supplier's province in force on the audit's day (on), and records the
// pack and the provision's citation in d. An empty provision cites nothing.
// pack is nil when the province has no pack: then no provision can be
// cited, and the auditor names the law in the note. It returns a
// validation error on legal_provision for an ID the pack lacks or of a
// kind the category may not cite; the message says where the list is.
// Nothing is suggested: the auditor chooses.
func (d *Details) CiteProvision(pack *law.Pack, jurisdiction string, on Date) error {
	d.LegalPack, d.LegalCitation = "", ""
	if d.LegalProvision == "" {
		return nil
	}
	if pack == nil {
		return domain.Invalid("legal_provision", "cannot be set: the supplier's province has no law pack; leave it empty and name the law in legal_provision_note")
	}
	list := fmt.Sprintf("GET /api/v1/law/provisions?jurisdiction=%s&on=%s lists them", jurisdiction, on)
	pr, ok := pack.Provision(d.LegalProvision)
	if !ok {
		return domain.Invalid("legal_provision", fmt.Sprintf("is not a provision of the %s law pack, in force at this supplier on %s: %s", pack.ID(), on, list))
	}
	if kinds := citableKinds(d.Category); kinds != nil && !slices.Contains(kinds, pr.Kind) {
		return domain.Invalid("legal_provision", fmt.Sprintf("is a %s provision; a %s finding cites one of kind %s: %s",
			pr.Kind, d.Category, joinKinds(kinds), list))
	}
	d.LegalPack, d.LegalCitation = pack.ID(), pr.Citation()
	return nil
}

func joinKinds(ks []law.ProvisionKind) string {
	s := ""
	for i, k := range ks {
		if i > 0 {
			s += " or "
		}
		s += string(k)
	}
	return s
}

// Citation is the law a finding cites, as a reader sees it: the chosen
// provision's citation, or for a finding recorded before law packs (no
// LegalPack) the free text it was recorded with.
func (d Details) Citation() string {
	if d.LegalPack == "" {
		return d.LegalProvision
	}
	return d.LegalCitation
}
