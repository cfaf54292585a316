package supplier

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/actionhub/actionhub/domain"
)

// Listing is what lists filter and sort a supplier by: its normalised name
// (for sorting and prefix search), normalised city, sectors, status, risk
// level and creation time. Each link keeps a copy of its supplier's, so a
// brand's list is one indexed query over the brand's own links.
type Listing struct {
	NameKey   string
	City      string
	Sector    Sector
	SubSector SubSector
	Status    Status
	RiskLevel Level
	RiskScore int
	Created   time.Time
}

// Listing returns what lists filter s by.
func (s Supplier) Listing() Listing {
	return Listing{
		NameKey: NormalizeName(s.Name), City: NormalizeCity(s.City),
		Sector: s.Sector, SubSector: s.SubSector, Status: s.Status,
		RiskLevel: s.Risk.Level, RiskScore: s.Risk.Score, Created: s.Created,
	}
}

// Brief is the supplier as the lists show it: who and where it is, its
// sectors, status, workforce, risk score and level; not the reasons, the
// contact, the address or the registrations. It is stored beside the
// supplier, so a list reads a few hundred bytes a row instead of the whole
// record.
func (s *Supplier) Brief() *Supplier {
	return &Supplier{ID: s.ID, Version: s.Version, HubID: s.HubID, Name: s.Name, City: s.City, Sector: s.Sector,
		SubSector: s.SubSector, Workforce: s.Workforce, Status: s.Status, AliasOf: s.AliasOf, OrgID: s.OrgID,
		Risk: Profile{Score: s.Risk.Score, Level: s.Risk.Level}, Created: s.Created, Updated: s.Updated}
}

// Equal reports whether two listings are the same, comparing times as instants.
func (l Listing) Equal(o Listing) bool {
	t1, t2 := l.Created, o.Created
	l.Created, o.Created = time.Time{}, time.Time{}
	return l == o && t1.Equal(t2)
}

// HubPrevalence is a hub's editable table of district child-labour
// prevalence, which the risk profiles of its suppliers read.
type HubPrevalence struct {
	HubID     string
	Version   int64
	Table     PrevalenceTable
	Updated   time.Time
	UpdatedBy string
}

// MaxPrevalenceRows bounds a hub's table: a hub covers a few dozen districts.
const MaxPrevalenceRows = 500

// ValidatePrevalence checks a table a hub admin entered: city names,
// percentages from 0 to 100, and a source for every figure, so that no
// number is shown without where it comes from. The error, when not nil, is
// a *domain.ValidationError with paths under "table".
func ValidatePrevalence(t PrevalenceTable) error {
	v := &domain.ValidationError{}
	if len(t) > MaxPrevalenceRows {
		v.Add("table", fmt.Sprintf("must have at most %d cities", MaxPrevalenceRows))
	}
	seen := map[string]string{}
	for city, p := range t {
		at := "table." + city
		c := NormalizeCity(city)
		switch {
		case c == "":
			v.Add(at, "is not a city or district name")
		case seen[c] != "":
			v.Add(at, "is the same city as "+seen[c])
		}
		seen[c] = city
		if p.Percent < 0 || p.Percent > 100 {
			v.Add(at+".percent", "must be from 0 to 100")
		}
		if n := utf8.RuneCountInString(strings.TrimSpace(p.Source)); n == 0 || n > maxAddress {
			v.Add(at+".source", fmt.Sprintf("must name the survey or source, in 1 to %d characters", maxAddress))
		}
	}
	return v.OrNil()
}

// Normalized returns t keyed by NormalizeCity, the form Lookup finds first.
func (t PrevalenceTable) Normalized() PrevalenceTable {
	out := make(PrevalenceTable, len(t))
	for city, p := range t {
		p.Source = strings.TrimSpace(p.Source)
		out[NormalizeCity(city)] = p
	}
	return out
}

// RowOutcome is what one row of a brand's list did, or would do in a dry run.
type RowOutcome string

// Row outcomes. A brand is told about its own suppliers and nominations
// only: whether another brand's supplier is in the registry is never said.
const (
	OutcomeNew       RowOutcome = "new"       // a nomination is (or would be) written
	OutcomeDuplicate RowOutcome = "duplicate" // the brand nominated this facility before, whatever the outcome
	OutcomeLinked    RowOutcome = "linked"    // already one of the brand's suppliers
	OutcomeProblem   RowOutcome = "problem"   // not usable: see Problems; nothing written from it
)

// RowOutcomes lists every row outcome.
var RowOutcomes = []RowOutcome{OutcomeNew, OutcomeDuplicate, OutcomeLinked, OutcomeProblem}

// UploadRow is one line of a list's report.
type UploadRow struct {
	Line         int
	Name         string // the facility's name as written, for valid rows
	Outcome      RowOutcome
	NominationID string // the nomination written, or the earlier one it repeats
	SupplierID   string // the brand's supplier, for OutcomeLinked
	Problems     []RowProblem
}

// Upload is a committed list: the report of every row, kept so that the
// brand can read it again, with the problems past the first
// MaxReportedProblemRows rows counted rather than listed. Dry runs are
// never stored.
type Upload struct {
	ID         string
	HubID      string
	BrandOrgID string
	CreatedBy  string
	Created    time.Time
	SHA256     string       // of the file as received
	Columns    []RowProblem // notes on the header row (line 1), e.g. ignored columns
	Rows       []UploadRow  // in line order; of the rows with problems, the first MaxReportedProblemRows
	More       ProblemTally // the rows with problems after those, counted
}

// Count returns how many rows had the outcome.
func (u Upload) Count(o RowOutcome) int {
	n := 0
	if o == OutcomeProblem {
		n = u.More.Rows
	}
	for _, r := range u.Rows {
		if r.Outcome == o {
			n++
		}
	}
	return n
}
