package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/supplier"
)

// TestQueries runs every typed query on a real engine: each names only
// declared fields (an undeclared one is an error, never a scan) and selects
// what its name says.
func TestQueries(t *testing.T) {
	ctx := context.Background()
	st := sqliteStore(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	ids := func(n int, id func(i int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = id(i)
		}
		return out
	}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	page := store.Page{Limit: 50}

	must(st.Hubs.Insert(ctx, &domain.Hub{ID: "h1", Code: "PK", Name: "Pakistan"}))
	if h, err := st.Hubs.ByCode(ctx, "PK"); err != nil || h.ID != "h1" {
		t.Errorf("ByCode: %v, %v", h, err)
	}
	if _, err := st.Hubs.ByCode(ctx, "BD"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("ByCode of an unknown code: %v", err)
	}
	must(st.Orgs.Insert(ctx, &domain.Organisation{ID: "o1", Kind: domain.KindBrand, Name: "B", HubIDs: []string{"h1"}}))
	must(st.Orgs.Insert(ctx, &domain.Organisation{ID: "o2", Kind: domain.KindAgency, Name: "A", HubIDs: []string{"h1"}}))
	if os, _, err := st.Orgs.All(ctx, domain.KindBrand, page); err != nil || len(os) != 1 || os[0].ID != "o1" {
		t.Errorf("Orgs.All(brand): %v, %v", os, err)
	}
	must(st.OrgHubs.Insert(ctx, &domain.OrgHub{ID: "o1|h1", OrgID: "o1", HubID: "h1", Kind: domain.KindBrand, Created: t0}))
	if ls, _, err := st.OrgHubs.OfHub(ctx, "h1", domain.KindAgency, page); err != nil || len(ls) != 0 {
		t.Errorf("OrgHubs.OfHub(agency): %v, %v", ls, err)
	}
	must(st.Users.Insert(ctx, &domain.User{ID: "u1", Email: "a@b.example", OrgID: "o1", Role: domain.RoleBrandManager, Created: t0}))
	must(st.Users.Insert(ctx, &domain.User{ID: "u2", Email: "c@b.example", OrgID: "o1", Role: domain.RoleBrandViewer, Created: t0}))
	if u, err := st.Users.ByEmail(ctx, "c@b.example"); err != nil || u.ID != "u2" {
		t.Errorf("ByEmail: %v, %v", u, err)
	}
	if us, _, err := st.Users.OfOrg(ctx, "o1", domain.RoleBrandManager, page); err != nil || len(us) != 1 || us[0].ID != "u1" {
		t.Errorf("Users.OfOrg(brand_manager): %v, %v", us, err)
	}
	must(st.UserHubs.Insert(ctx, &domain.UserHub{ID: "u1|h1", UserID: "u1", HubID: "h1", Role: domain.RoleBrandManager, Created: t0}))
	if ls, _, err := st.UserHubs.OfHub(ctx, "h1", "", page); err != nil || len(ls) != 1 {
		t.Errorf("UserHubs.OfHub: %v, %v", ls, err)
	}
	must(st.Sessions.Insert(ctx, &domain.Session{ID: "old", UserID: "u1", Expires: t0}))
	must(st.Sessions.Insert(ctx, &domain.Session{ID: "new", UserID: "u1", Expires: t0.Add(time.Hour)}))
	if ss, err := st.Sessions.ExpiredBefore(ctx, t0.Add(time.Minute), 10); err != nil || len(ss) != 1 || ss[0].ID != "old" {
		t.Errorf("ExpiredBefore: %v, %v", ss, err)
	}
	must(st.APIKeys.Insert(ctx, &domain.APIKey{ID: "k1", UserID: "u1", Created: t0}))
	if ks, _, err := st.APIKeys.OfUser(ctx, "u2", page); err != nil || len(ks) != 0 {
		t.Errorf("APIKeys.OfUser: %v, %v", ks, err)
	}
	for i, at := range []time.Time{t0, t0.Add(time.Hour), t0.Add(2 * time.Hour)} {
		must(st.Activity.Insert(ctx, &domain.ActivityEntry{ID: string(rune('a' + i)), Time: at, ActorID: "u1", Object: "org:o1", Action: "x"}))
	}
	if es, _, err := st.Activity.List(ctx, store.ActivityQuery{Object: "org:o1", From: t0.Add(time.Hour)}, page); err != nil ||
		!slices.Equal(ids(len(es), func(i int) string { return es[i].ID }), []string{"c", "b"}) {
		t.Errorf("Audit.List: %v, %v", es, err)
	}
	must(st.Notifications.Insert(ctx, &domain.Notification{ID: "n1", Status: domain.NotificationPending, Created: t0}))
	must(st.Notifications.Insert(ctx, &domain.Notification{ID: "n2", Status: domain.NotificationSent, Created: t0}))
	if ns, err := st.Notifications.Pending(ctx, 10); err != nil || len(ns) != 1 || ns[0].ID != "n1" {
		t.Errorf("Pending: %v, %v", ns, err)
	}

	// The registry: two suppliers in h1 (one an alias), one elsewhere.
	mill := supplier.Supplier{ID: "s1", HubID: "h1", OrgID: "o9", Created: t0, Updated: t0.Add(time.Hour)}
	mill.Name, mill.City, mill.Sector, mill.SubSector, mill.Status = "Indus Weaving Mills", "karachi", supplier.SectorTextile, supplier.SubWeaving, supplier.StatusActive
	alias := mill
	alias.ID, alias.AliasOf, alias.Updated = "s2", "s1", t0
	other := mill
	other.ID, other.HubID = "s3", "h2"
	for _, s := range []*supplier.Supplier{&mill, &alias, &other} {
		must(st.Suppliers.Insert(ctx, s))
	}
	listing := store.Listing{City: "karachi", Sector: supplier.SectorTextile, NamePrefix: supplier.NormalizeName("indus"), Sort: store.ByRisk, Desc: true}
	if ss, _, err := st.Suppliers.InHub(ctx, "h1", listing, page); err != nil || len(ss) != 1 || ss[0].ID != "s1" {
		t.Errorf("Suppliers.InHub: %v, %v", ss, err)
	}
	if ss, _, err := st.Suppliers.OfOrg(ctx, "o9", store.Listing{Sort: store.ByCreated}, page); err != nil || len(ss) != 2 {
		t.Errorf("Suppliers.OfOrg: %v, %v", ss, err)
	}
	if ss, _, err := st.Suppliers.ChangedSince(ctx, t0.Add(time.Minute), page); err != nil || len(ss) != 2 {
		t.Errorf("ChangedSince: %v, %v", ss, err)
	}
	if n, err := st.Suppliers.CountInHub(ctx, "h1"); err != nil || n != 2 {
		t.Errorf("Suppliers.CountInHub: %d, %v", n, err)
	}
	for _, l := range []supplier.Link{
		{ID: "o1|s1", BrandOrgID: "o1", SupplierID: "s1", HubID: "h1", Listing: mill.Listing(), Created: t0},
		{ID: "o2|s1", BrandOrgID: "o2", SupplierID: "s1", HubID: "h1", Listing: mill.Listing(), Created: t0, Shareable: true},
		{ID: "o1|s3", BrandOrgID: "o1", SupplierID: "s3", HubID: "h2", Listing: other.Listing(), Created: t0},
	} {
		must(st.SupplierLinks.Insert(ctx, &l))
	}
	if ls, _, err := st.SupplierLinks.OfBrand(ctx, "o1", "h1", listing, page); err != nil || len(ls) != 1 || ls[0].SupplierID != "s1" {
		t.Errorf("OfBrand in a hub: %v, %v", ls, err)
	}
	if ls, _, err := st.SupplierLinks.OfBrand(ctx, "o1", "", store.Listing{Sort: store.ByCreated}, page); err != nil || len(ls) != 2 {
		t.Errorf("OfBrand: %v, %v", ls, err)
	}
	if ls, _, err := st.SupplierLinks.OfSupplier(ctx, "s1", true, page); err != nil || len(ls) != 1 || ls[0].BrandOrgID != "o2" {
		t.Errorf("shared links: %v, %v", ls, err)
	}
	for i, n := range []supplier.Nomination{
		{HubID: "h1", BrandOrgID: "o1", Status: supplier.NominationPending, DedupKey: "k1"},
		{HubID: "h1", BrandOrgID: "o1", Status: supplier.NominationMatchReview, DedupKey: "k2", SupplierID: "s1"},
		{HubID: "h1", BrandOrgID: "o2", Status: supplier.NominationAccepted, DedupKey: "k3", SupplierID: "s1"},
		{HubID: "h2", BrandOrgID: "o1", Status: supplier.NominationDeclined, DedupKey: "k4"},
	} {
		n.ID, n.Created = string(rune('1'+i)), t0.Add(time.Duration(i)*time.Minute)
		must(st.Nominations.Insert(ctx, &n))
	}
	nomIDs := func(ns []*supplier.Nomination, err error) []string {
		t.Helper()
		must(err)
		return ids(len(ns), func(i int) string { return ns[i].ID })
	}
	byHub, _, err := st.Nominations.ByHub(ctx, "h1", store.NominationQuery{BrandOrgID: "o1"}, page)
	if got := nomIDs(byHub, err); !slices.Equal(got, []string{"2", "1"}) {
		t.Errorf("ByHub, newest first: %v", got)
	}
	open := []supplier.NominationStatus{supplier.NominationPending, supplier.NominationMatchReview}
	byBrand, _, err := st.Nominations.ByBrand(ctx, "o1", store.NominationQuery{HubID: "h1", Statuses: open}, page)
	if got := nomIDs(byBrand, err); !slices.Equal(got, []string{"2", "1"}) {
		t.Errorf("ByBrand: %v", got)
	}
	if got := nomIDs(st.Nominations.OfSupplier(ctx, "s1", 10)); len(got) != 2 {
		t.Errorf("Nominations.OfSupplier: %v", got)
	}
	if got := nomIDs(st.Nominations.ByDedupKeys(ctx, []string{"k1", "k4", "k9"})); len(got) != 2 {
		t.Errorf("ByDedupKeys: %v", got)
	}
	if n, err := st.Nominations.CountInHub(ctx, "h2"); err != nil || n != 1 {
		t.Errorf("Nominations.CountInHub: %d, %v", n, err)
	}
}
