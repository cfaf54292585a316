package volume

import (
	"context"
	"fmt"
	"time"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain/directory"
)

// FullDirectoryServices is the size of the directory phase at every scale:
// a hub's referral directory once every district office of every provider
// is in it. It is small, so it is seeded whole even in a scaled-down run.
const FullDirectoryServices = 1_000

// directoryDistricts are the districts of the volume directory: Karachi's
// and Multan's with their neighbours, where the hub's suppliers are.
var directoryDistricts = []struct{ name, province string }{
	{"Karachi", "Sindh"}, {"Hyderabad", "Sindh"}, {"Thatta", "Sindh"}, {"Jamshoro", "Sindh"}, {"Malir", "Sindh"},
	{"Multan", "Punjab"}, {"Khanewal", "Punjab"}, {"Lodhran", "Punjab"}, {"Muzaffargarh", "Punjab"}, {"Vehari", "Punjab"},
	{"Faisalabad", "Punjab"}, {"Sialkot", "Punjab"}, {"Lahore", "Punjab"}, {"Kasur", "Punjab"}, {"Bahawalpur", "Punjab"},
	{"Peshawar", "Khyber Pakhtunkhwa"}, {"Mardan", "Khyber Pakhtunkhwa"}, {"Swat", "Khyber Pakhtunkhwa"},
	{"Quetta", "Balochistan"}, {"Islamabad", "Islamabad Capital Territory"},
}

// VolumeSearch is the case worker's search the load run measures: a type,
// a district and an age that the volume directory answers with a page.
const VolumeSearch = "service_type=education&district=Multan&age=10"

// directory seeds the directory phase through the directory service as the
// hub admin would: 50 provider organisations (beside the demo's real
// bodies), 1,000 services spread over the districts and service types, each
// with one to three districts and an age range. It adds only what is
// missing, so a data directory seeded before the phase existed gets it once.
func (s *seeder) directory(ctx context.Context, _ plan) error {
	t := time.Now()
	have, err := s.a.Store.DirectoryServices.CountOf(ctx, store.DirectoryFilter{HubID: s.hubID})
	if err != nil {
		return err
	}
	if _, err := s.a.Directory.SeedDemo(ctx, s.hubID); err != nil {
		return err
	}
	n := FullDirectoryServices - int(have)
	s.report.Planned.DirectoryServices = FullDirectoryServices
	if n <= 0 {
		return nil
	}
	var orgs []string
	for i := range 50 {
		o, err := s.a.Directory.CreateOrganization(s.operator, &directory.Organization{
			Name:        fmt.Sprintf("Provider %02d (volume)", i+1+int(have)),
			Description: "A service provider of the volume directory."})
		if err != nil {
			return fmt.Errorf("directory organisation: %w", err)
		}
		orgs = append(orgs, o.ID)
	}
	prog := s.progress("directory services", n)
	err = parallel(ctx, s.o.Workers, n, func(i int) error {
		defer prog.add()
		x := volumeService(int(have)+i, orgs[i%len(orgs)])
		_, err := s.a.Directory.CreateService(s.operator, x)
		return err
	})
	prog.stop()
	if err != nil {
		return fmt.Errorf("directory service: %w", err)
	}
	s.phase("directory services", n, t)
	return nil
}

// volumeService makes service i: type and districts by index, so every
// type is in every district; a third without age limits, the rest school
// or working ages; one in ten inactive (not found by the search).
func volumeService(i int, orgID string) *directory.Service {
	t := directory.ServiceTypes[i%len(directory.ServiceTypes)]
	x := &directory.Service{OrganizationID: orgID, Name: fmt.Sprintf("%s service %04d", t.Name(), i+1),
		Description: t.Description(), Status: directory.Active, Type: t, ResponseDays: 2 + i%28}
	if i%10 == 9 {
		x.Status = directory.Inactive
	}
	switch i % 3 {
	case 1:
		lo, hi := 4+i%4, 14+i%4
		x.MinimumAge, x.MaximumAge = &lo, &hi
	case 2:
		lo := 14 + i%2
		x.MinimumAge = &lo
	}
	for k := range 1 + i%3 {
		d := directoryDistricts[(i/len(directory.ServiceTypes)+k*7)%len(directoryDistricts)]
		x.ServiceAreas = append(x.ServiceAreas, directory.ServiceArea{District: d.name, Province: d.province})
	}
	return x
}
