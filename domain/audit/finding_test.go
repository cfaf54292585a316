package audit

import (
	"slices"
	"testing"
	"time"

	"github.com/actionhub/actionhub/domain"
)

func details(c Category, s Severity) Details {
	return Details{Category: c, Severity: s, Description: "Seen at the cutting table.", Location: "cutting hall"}
}

func TestNormalize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		d        Details
		severity Severity
		zt       bool
		fields   []string
	}{
		{"child labour fills critical and zero tolerance", details(ChildLabour, ""), Critical, true, nil},
		{"child labour refuses major", details(ChildLabour, Major), Major, true, []string{"severity"}},
		{"bonded labour refuses observation", details(ForcedBondedLabour, Observation), Observation, true, []string{"severity"}},
		{"bonded labour critical", details(ForcedBondedLabour, Critical), Critical, true, nil},
		{"young worker fills critical, no automatic flag", details(YoungWorkerHazardous, ""), Critical, false, nil},
		{"young worker refuses minor", details(YoungWorkerHazardous, Minor), Minor, false, []string{"severity"}},
		{"wages minor", details(Wages, Minor), Minor, false, nil},
		{"wages needs a severity", details(Wages, ""), "", false, []string{"severity"}},
		{"health and safety, imminent risk", func() Details { d := details(HealthSafety, Critical); d.ZeroTolerance = true; return d }(), Critical, true, nil},
		{"zero tolerance only when critical", func() Details { d := details(HealthSafety, Major); d.ZeroTolerance = true; return d }(), Major, true, []string{"zero_tolerance"}},
		{"unknown category", details("slavery", Critical), Critical, false, []string{"category"}},
		{"no description", func() Details { d := details(Wages, Major); d.Description = "  "; return d }(), Major, false, []string{"description"}},
		{"negative count", func() Details { d := details(Wages, Major); d.Affected.Female.Age14 = -1; return d }(), Major, false, []string{"affected.female.age_14"}},
		{"collaborative observation", func() Details { d := details(Wages, Observation); d.Collaborative = true; return d }(), Observation, false, []string{"collaborative"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := tt.d
			err := d.Normalize()
			if got := invalidFields(err); !slices.Equal(got, tt.fields) {
				t.Errorf("fields %v, want %v", got, tt.fields)
			}
			if d.Severity != tt.severity || d.ZeroTolerance != tt.zt {
				t.Errorf("severity %s zero tolerance %v, want %s %v", d.Severity, d.ZeroTolerance, tt.severity, tt.zt)
			}
		})
	}
}

func TestNewFinding(t *testing.T) {
	t.Parallel()
	for _, s := range States {
		for _, by := range everybody {
			a := inState(t, s)
			f, err := NewFinding(a, "f1", details(ChildLabour, ""), by, t0)
			switch {
			case by.Role != domain.RoleAuditor || !a.OnTeam(by.UserID):
				wantErr(t, err, domain.ErrForbidden)
			case s != StateInProgress:
				wantErr(t, err, domain.ErrConflict)
			default:
				wantErr(t, err, nil)
				if !f.CaseDue || !f.ZeroTolerance || f.AuditID != "a1" || f.SupplierID != "sup-1" || f.HubID != "hub-1" || f.RecordedBy != by.UserID {
					t.Errorf("finding %+v", f)
				}
			}
		}
	}
	a := inState(t, StateInProgress)
	for _, c := range Categories {
		f, err := NewFinding(a, "f", details(c, Critical), lead, t0)
		if err != nil {
			t.Fatal(err)
		}
		if want := c == ChildLabour || c == YoungWorkerHazardous; f.CaseDue != want {
			t.Errorf("%s: case due %v", c, f.CaseDue)
		}
	}
	f, _ := NewFinding(a, "f", details(Wages, Major), lead, t0)
	if err := f.Revise(a, details(YoungWorkerHazardous, ""), member, t0.Add(time.Hour)); err != nil || !f.CaseDue || f.Severity != Critical {
		t.Errorf("revise: %v %+v", err, f)
	}
	if err := f.AddEvidence(a, Evidence{BlobID: "b1"}, outsider); err == nil {
		t.Error("an auditor off the team added evidence")
	}
	if err := f.AddEvidence(a, Evidence{BlobID: "b1"}, lead); err != nil || len(f.Evidence) != 1 {
		t.Errorf("add evidence: %v", err)
	}
}

func TestRespond(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		state  State
		by     domain.Actor
		kind   ResponseKind
		reason string
		want   error
	}{
		{"agree", StatePublished, siteMgr, Agree, "", nil},
		{"dispute", StatePublished, siteMgr, Dispute, "The worker is 19; see the NADRA card.", nil},
		{"dispute without reason", StatePublished, siteMgr, Dispute, " ", errInvalid},
		{"unknown kind", StatePublished, siteMgr, "maybe", "", errInvalid},
		{"before publication", StateSubmitted, siteMgr, Agree, "", domain.ErrConflict},
		{"by a brand", StatePublished, brandMgr, Agree, "", domain.ErrForbidden},
		{"by the auditor", StatePublished, lead, Agree, "", domain.ErrForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := Finding{ID: "f1", Details: details(Wages, Major)}
			err := f.Respond(inState(t, tt.state), tt.kind, tt.reason, tt.by, t0)
			checkErr(t, err, tt.want)
			if tt.want == nil && (f.Response.Kind != tt.kind || f.Response.By != tt.by.UserID) {
				t.Errorf("response %+v", f.Response)
			}
			if tt.want != nil && f.Response.Kind != "" {
				t.Errorf("a refused answer was kept: %+v", f.Response)
			}
		})
	}
	f := Finding{ID: "f1"}
	a := inState(t, StatePublished)
	if err := f.Respond(a, Agree, "", siteMgr, t0); err != nil {
		t.Fatal(err)
	}
	wantErr(t, f.Respond(a, Dispute, "Changed our mind.", siteMgr, t0), domain.ErrConflict)
}
