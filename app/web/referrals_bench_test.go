package web

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/directory"
	"github.com/actionhub/actionhub/domain/referral"
	"github.com/actionhub/actionhub/policies"
)

// benchReferral is an education referral in service, as its agency reads it.
func benchReferral(i int) *referral.Referral {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	return &referral.Referral{ID: fmt.Sprintf("01a2298b-d140-7586-bd9e-a7b8f1e2f6%02d", i), Version: 3, HubID: "hub",
		CaseID: "case", CaseCode: fmt.Sprintf("MUX-2026-%05d", i), ServiceID: "svc", ServiceName: "ایجوکیشن واؤچر اسکیم",
		ServiceType: directory.Education, ProviderName: "پنجاب ایجوکیشن فاؤنڈیشن", Reason: "دو سال سے اسکول سے باہر",
		Urgency: referral.Routine, State: referral.InService, Sent: now, Due: now.Add(14 * 24 * time.Hour),
		Services: []referral.ServiceGiven{{What: "واؤچر جاری", On: now, GivenBy: "PEF Multan"}},
		History:  []referral.Event{{State: referral.Sent, At: now}, {State: referral.Accepted, At: now}, {State: referral.InService, At: now}}}
}

// BenchmarkRenderReferralPage renders an agency officer's referral page in
// Urdu: the referral, the child's education view and the answer forms.
func BenchmarkRenderReferralPage(b *testing.B) {
	r := benchReferral(1)
	v := &referral.MinimumView{CaseCode: r.CaseCode, Fields: referral.FieldsFor(directory.Education), ChildName: "ذیشان اقبال",
		GuardianName: "اقبال مسیح", AgeYears: 14, Sex: casework.SexMale, Languages: []string{"Saraiki", "Punjabi"},
		SchoolHistory: "پانچویں جماعت میں اسکول چھوڑا", Schooling: "out of school"}
	benchRender(b, "referral", []policies.Permission{policies.PermReferralsAnswer}, &referralView{R: r, View: v, Open: true})
}

// BenchmarkRenderReferralList renders a page of an agency's inbox (20 rows) in Urdu.
func BenchmarkRenderReferralList(b *testing.B) {
	items := make([]*referral.Referral, 20)
	for i := range items {
		items[i] = benchReferral(i)
	}
	v, err := loadViews()
	if err != nil {
		b.Fatal(err)
	}
	benchRenderBuilt(b, v, "referrals", nil, func(l *printer) any {
		return &referralListView{Rows: referralRows(l, items), Next: "cursor", Query: url.Values{"state": {"in_service"}}, States: referral.States}
	})
}
