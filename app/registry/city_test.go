package registry

import (
	"context"
	"testing"

	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/supplier"
)

// TestUrduCityIsTheHubsCity: a facility whose city is written in Urdu or
// with extra words gets the province of the hub's city, and its risk
// profile finds the district's prevalence.
func TestUrduCityIsTheHubsCity(t *testing.T) {
	w := newWorld(t)
	if _, err := w.st.Hubs.Update(context.Background(), w.hub, func(h *domain.Hub) error {
		h.Cities = []domain.City{{Name: "Karachi", Province: "Sindh"}, {Name: "Multan", Province: "Punjab"}}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for i, c := range []struct{ city, province string }{{"کراچی", "Sindh"}, {"ملتان", "Punjab"}, {"Karachi City", "Sindh"}, {"KHI", "Sindh"}} {
		f := mill("Facility", "Plot 1")
		f.Name, f.City = []string{"Zubair Textile", "Bilal Fabrics", "Hamid Weaving", "Naveed Knitwear"}[i], c.city
		n, _, err := w.reg.Nominate(as(w.brandA), NominationInput{Facility: f})
		if err != nil {
			t.Fatal(err)
		}
		if n.Proposed.Province != c.province {
			t.Errorf("%s: province %q, want %q", c.city, n.Proposed.Province, c.province)
		}
		n, err = w.reg.Accept(as(w.staff), n.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		sup, err := w.st.Suppliers.Get(context.Background(), n.SupplierID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range sup.Risk.Reasons {
			if r.Factor == supplier.FactorPrevalence && r.Points == 0 {
				t.Errorf("%s: the district's prevalence is not found: %s", c.city, r.Explanation)
			}
		}
	}
}
