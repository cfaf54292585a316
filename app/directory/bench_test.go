package directory_test

import (
	"fmt"
	"testing"

	"github.com/actionhub/actionhub/app/directory"
	"github.com/actionhub/actionhub/app/store"
	dir "github.com/actionhub/actionhub/domain/directory"
)

// BenchmarkSearch is a case worker's search by type, district and age at
// 1,000 services (13 types over 20 districts, one to three districts
// each), against the store's read of the same places alone.
func BenchmarkSearch(b *testing.B) {
	e := newEnv(b)
	o, err := e.svc.CreateOrganization(e.admin, &dir.Organization{Name: "Providers", Description: "Many."})
	if err != nil {
		b.Fatal(err)
	}
	districts := []string{"Karachi", "Hyderabad", "Thatta", "Jamshoro", "Malir", "Multan", "Khanewal", "Lodhran", "Muzaffargarh",
		"Vehari", "Faisalabad", "Sialkot", "Lahore", "Kasur", "Bahawalpur", "Peshawar", "Mardan", "Swat", "Quetta", "Islamabad"}
	for i := range 1000 - 19 {
		t := dir.ServiceTypes[i%len(dir.ServiceTypes)]
		lo, hi := 4+i%4, 14+i%4
		x := &dir.Service{OrganizationID: o.ID, Name: fmt.Sprintf("%s %04d", t.Name(), i), Status: dir.Active, Type: t,
			MinimumAge: &lo, MaximumAge: &hi}
		for k := range 1 + i%3 {
			x.ServiceAreas = append(x.ServiceAreas, dir.ServiceArea{District: districts[(i/13+k*7)%len(districts)]})
		}
		if _, err := e.svc.CreateService(e.admin, x); err != nil {
			b.Fatal(err)
		}
	}
	in := directory.SearchInput{Type: dir.Education, District: "Multan", Age: 10, Limit: 20}
	if xs, _, err := e.svc.Search(e.admin, in); err != nil || len(xs) < 5 {
		b.Fatalf("search found %d: %v", len(xs), err)
	}
	b.Run("service", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := e.svc.Search(e.admin, in); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("places only", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := e.st.DirectoryPlaces.Search(e.admin, "h1", dir.Education, "multan", 10, store.Page{Limit: 20}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkHSDSServices is the HSDS service list at 1,000 services: the
// first page and page 10 (20 a page), with the total.
func BenchmarkHSDSServices(b *testing.B) {
	e := newEnv(b)
	o, err := e.svc.CreateOrganization(e.admin, &dir.Organization{Name: "Providers", Description: "Many."})
	if err != nil {
		b.Fatal(err)
	}
	for i := range 1000 - 19 {
		t := dir.ServiceTypes[i%len(dir.ServiceTypes)]
		x := &dir.Service{OrganizationID: o.ID, Name: fmt.Sprintf("%s %04d", t.Name(), i), Status: dir.Active, Type: t,
			Description: "Free schooling for out-of-school children, with books and a meal."}
		if _, err := e.svc.CreateService(e.admin, x); err != nil {
			b.Fatal(err)
		}
	}
	for _, page := range []int{1, 10} {
		b.Run(fmt.Sprintf("page %d", page), func(b *testing.B) {
			q := directory.Query{HubID: "h1", Page: page, PerPage: 20}
			for b.Loop() {
				p, _, err := e.svc.Services(e.admin, q)
				if err != nil || len(p.Items) != 20 || p.Total != 1000 {
					b.Fatalf("page %d: %v", page, err)
				}
			}
		})
	}
	// A text search: one type's word (about 80 services), and two words
	// every service has (the worst case before the words were kept in
	// memory).
	for _, search := range []string{"legal aid", "children schooling"} {
		b.Run("search "+search, func(b *testing.B) {
			q := directory.Query{HubID: "h1", Search: search, Page: 1, PerPage: 20}
			for b.Loop() {
				p, _, err := e.svc.Services(e.admin, q)
				if err != nil || len(p.Items) == 0 {
					b.Fatalf("search %q: %v", search, err)
				}
			}
		})
	}
	// The first search after a change reads the hub's words again.
	b.Run("search after a change", func(b *testing.B) {
		q := directory.Query{HubID: "h1", Search: "legal aid", Page: 1, PerPage: 20}
		for b.Loop() {
			if err := e.st.DirectoryMarks.Move(e.admin, "h1", t0); err != nil {
				b.Fatal(err)
			}
			if p, _, err := e.svc.Services(e.admin, q); err != nil || len(p.Items) == 0 {
				b.Fatalf("search: %v", err)
			}
		}
	})
	b.Run("repair", func(b *testing.B) {
		for b.Loop() {
			if n, err := e.svc.RepairIndex(e.admin); err != nil || n != 0 {
				b.Fatalf("repair: %d %v", n, err)
			}
		}
	})
}
