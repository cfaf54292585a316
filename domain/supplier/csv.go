package supplier

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/actionhub/actionhub/domain"
)

// Bounds of one uploaded list. Beyond the first four ParseList refuses the
// whole file. Every line that is not blank counts against MaxListRows,
// whether or not it can be read as CSV, so that a file of broken lines is
// refused like a long one. The report keeps the problems of the first
// MaxReportedProblemRows rows that have any, and counts the others by
// column: a report stays small (and quick to store and send again) whatever
// the file holds.
const (
	MaxListBytes           = 5 << 20
	MaxListRows            = 20_000
	MaxListColumns         = 64
	MaxHeaderBytes         = 16 << 10
	MaxReportedProblemRows = 1_000
	maxEchoedHeader        = 100 // characters of an unknown column's name repeated in the report
)

// ListRow is one valid row of a supplier list: a nomination to be.
type ListRow struct {
	Line         int // as a spreadsheet counts rows: the header is line 1
	Facility     Facility
	Relationship Relationship
	Reason       string
}

// RowProblem is why a row, or on line 1 a column, cannot be used.
type RowProblem struct {
	Line    int
	Field   string // the column, as ListColumns names it; an unknown one as the header wrote it
	Message string
}

// ProblemTally counts the rows with problems that a report leaves out.
type ProblemTally struct {
	Rows     int            // rows left out, each with at least one problem
	ByColumn []ProblemCount // per column, the most frequent first
}

// ProblemCount is how many left-out rows had a problem in one column ("" for
// lines that cannot be read as CSV), with the first such problem's message.
type ProblemCount struct {
	Field   string
	Rows    int
	Example string
}

// List is a parsed supplier list.
type List struct {
	Rows     []ListRow
	Columns  []RowProblem // notes on the header row (line 1), e.g. ignored columns
	Problems []RowProblem // of the first MaxReportedProblemRows rows with problems, in line order
	More     ProblemTally // the problems of the rows after those
}

// ProblemRows returns how many rows have problems, reported or counted.
func (l *List) ProblemRows() int {
	n := l.More.Rows
	for i, p := range l.Problems {
		if i == 0 || p.Line != l.Problems[i-1].Line {
			n++
		}
	}
	return n
}

// ParseList reads a brand's supplier list: CSV in UTF-8 (a byte-order mark is
// dropped), a header row naming columns from ListColumns, one facility per
// row. It returns the valid rows and, row by row, the problems of the others
// (missing city, unknown sector, bad numbers, text that is not UTF-8, a line
// that is not CSV, the same facility twice), so a dry run can show both
// before anything is written. Unknown columns are ignored and reported once,
// on line 1. Rows with only empty cells are skipped.
//
// It returns a *domain.ValidationError for the whole file when it is larger
// than MaxListBytes, has more than MaxListRows lines besides the header,
// has a header of more than MaxListColumns columns or MaxHeaderBytes bytes,
// is UTF-16 text, or lacks the name, city and sector (or sub-sector)
// columns; and the reader's error when reading fails.
func ParseList(r io.Reader) (*List, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxListBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxListBytes {
		return nil, domain.Invalid("", fmt.Sprintf("the list is larger than %d MB: split it into several files", MaxListBytes>>20))
	}
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		return nil, domain.Invalid("", "the list is UTF-16 text: save it as CSV UTF-8")
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	tooWide := domain.Invalid("", fmt.Sprintf("the header row has more than %d columns or %d KB: a list has at most %d columns, named from %s",
		MaxListColumns, MaxHeaderBytes>>10, MaxListColumns, strings.Join(ListColumns, ", ")))
	if first := bytes.IndexByte(data, '\n'); first > MaxHeaderBytes || first < 0 && len(data) > MaxHeaderBytes {
		return nil, tooWide // before the reader splits a huge header into cells
	}

	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, domain.Invalid("", "the list has no header row naming its columns")
	}
	if len(header) > MaxListColumns || cr.InputOffset() > MaxHeaderBytes {
		return nil, tooWide
	}
	list := &List{}
	var cols []string
	cols, list.Columns = readHeader(header)
	if err := checkColumns(cols); err != nil {
		return nil, err
	}
	p := listParser{cols: cols, seen: map[string]int{}}
	report := func(ps []RowProblem) {
		if len(ps) == 0 {
			return
		}
		if p.problemRows++; p.problemRows <= MaxReportedProblemRows {
			list.Problems = append(list.Problems, ps...)
			return
		}
		list.More.count(ps)
	}
	line, lastLine := 1, lastLineOf(cr, header)
	for n := 0; ; {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			if n++; n > MaxListRows {
				return nil, tooLong()
			}
			line += pe.StartLine - lastLine
			lastLine = pe.Line
			report([]RowProblem{{Line: line, Message: "cannot be read as CSV: " + pe.Err.Error()}})
			continue
		} else if err != nil {
			return nil, err
		}
		start, _ := cr.FieldPos(0)
		line += start - lastLine // blank lines are rows in a spreadsheet too
		lastLine = lastLineOf(cr, rec)
		if blank(rec) {
			continue
		}
		if n++; n > MaxListRows {
			return nil, tooLong()
		}
		row, rowProblems := p.row(line, rec)
		if len(rowProblems) == 0 {
			list.Rows = append(list.Rows, row)
		}
		report(rowProblems)
	}
	list.More.sort()
	return list, nil
}

func tooLong() error {
	return domain.Invalid("", fmt.Sprintf("the list has more than %d rows: split it into several files", MaxListRows))
}

// count adds one left-out row's problems.
func (t *ProblemTally) count(ps []RowProblem) {
	t.Rows++
next:
	for i, p := range ps {
		for j := range ps[:i] {
			if ps[j].Field == p.Field {
				continue next // a row counts once per column
			}
		}
		for j := range t.ByColumn {
			if t.ByColumn[j].Field == p.Field {
				t.ByColumn[j].Rows++
				continue next
			}
		}
		t.ByColumn = append(t.ByColumn, ProblemCount{Field: p.Field, Rows: 1, Example: p.Message})
	}
}

func (t *ProblemTally) sort() {
	slices.SortStableFunc(t.ByColumn, func(a, b ProblemCount) int { return b.Rows - a.Rows })
}

// lastLineOf returns the file line on which the record just read ends.
func lastLineOf(cr *csv.Reader, rec []string) int {
	l, _ := cr.FieldPos(len(rec) - 1)
	return l + strings.Count(rec[len(rec)-1], "\n")
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// readHeader maps each position to a column name ("" to ignore it).
func readHeader(header []string) ([]string, []RowProblem) {
	var problems []RowProblem
	cols := make([]string, len(header))
	taken := map[string]bool{}
	for i, h := range header {
		k := key(h)
		if a, ok := columnAliases[k]; ok {
			k = a
		}
		if kind, ok := registrationColumns[k]; ok {
			k = "reg:" + kind
		}
		switch {
		case k == "":
			continue
		case !knownColumn(k):
			problems = append(problems, RowProblem{Line: 1, Field: echo(h), Message: "is not a known column: ignored"})
		case taken[k]:
			problems = append(problems, RowProblem{Line: 1, Field: echo(h), Message: "repeats a column: only the first is read"})
		default:
			cols[i], taken[k] = k, true
		}
	}
	return cols, problems
}

// echo shortens a header cell to what a report repeats of it.
func echo(h string) string {
	if utf8.RuneCountInString(h) <= maxEchoedHeader {
		return h
	}
	return string([]rune(h)[:maxEchoedHeader]) + "…"
}

func knownColumn(k string) bool {
	for _, c := range ListColumns {
		if c == k {
			return true
		}
	}
	return strings.HasPrefix(k, "reg:")
}

func checkColumns(cols []string) error {
	has := map[string]bool{}
	for _, c := range cols {
		has[c] = true
	}
	v := &domain.ValidationError{}
	for _, c := range []string{"name", "city"} {
		if !has[c] {
			v.Add("", "the list has no "+c+" column")
		}
	}
	if !has["sector"] && !has["sub_sector"] {
		v.Add("", "the list has no sector or sub_sector column")
	}
	return v.OrNil()
}

// listParser turns records into rows and remembers the facilities seen so
// that the same one twice in a list is reported, not nominated twice.
type listParser struct {
	cols        []string
	seen        map[string]int // facilityKey → line
	problemRows int            // rows with problems so far, one per line
}

func (p *listParser) row(line int, rec []string) (ListRow, []RowProblem) {
	row := ListRow{Line: line}
	var problems []RowProblem
	bad := func(field, msg string) { problems = append(problems, RowProblem{line, field, msg}) }
	f := &row.Facility
	var sectorText string
	for i, raw := range rec {
		col := ""
		if i < len(p.cols) {
			col = p.cols[i]
		}
		if col == "" {
			continue
		}
		if !utf8.ValidString(raw) {
			bad(col, "is not UTF-8 text: save the list as CSV UTF-8")
			continue
		}
		s := strings.Join(strings.Fields(raw), " ")
		if s == "" {
			continue
		}
		switch col {
		case "name":
			f.Name = s
		case "other_names":
			f.OtherNames = splitList(s)
		case "address":
			f.Address = s
		case "city":
			f.City = s
		case "province":
			f.Province = s
		case "sector":
			sectorText = s
		case "sub_sector":
			if sub, ok := parseSubSector(s); ok {
				f.SubSector = sub
			} else {
				bad(col, "is not a known sub-sector: one of "+subSectorList())
			}
		case "tier", "workers_total", "workers_women", "workers_under_18":
			n, ok := parseCount(s)
			if !ok {
				bad(col, "is not a whole number")
			}
			*countOf(f, col) = n
		case "contact_name":
			f.Contact.Name = s
		case "contact_phone":
			f.Contact.Phone = s
		case "contact_email":
			f.Contact.Email = domain.NormalizeEmail(s)
		case "os_id":
			f.OSID = NormalizeOSID(s)
		case "registration_numbers":
			regs, ok := parseRegistrations(s)
			if !ok {
				bad(col, `must be KIND:NUMBER entries separated by ";", e.g. NTN:1234567-8; SECP:0012345`)
			}
			f.RegistrationNumbers = append(f.RegistrationNumbers, regs...)
		case "products":
			row.Relationship.Products = s
		case "annual_volume":
			if b, ok := parseVolume(s); ok {
				row.Relationship.VolumeBand = b
			} else {
				bad(col, "must be <100k, 100k-1m, 1m-10m or >10m (US dollars a year)")
			}
		case "since":
			row.Relationship.Since = strings.ReplaceAll(s, "/", "-")
		case "reason":
			row.Reason = s
		default: // a registration kind's own column
			f.RegistrationNumbers = append(f.RegistrationNumbers, Registration{Kind: strings.TrimPrefix(col, "reg:"), Number: s})
		}
	}
	switch sec, ok := parseSector(sectorText); {
	case ok:
		f.Sector = sec
	case sectorText != "":
		bad("sector", "must be textile or leather")
	case f.SubSector != "" && f.SubSector != SubOther:
		f.Sector = f.SubSector.Sector() // the sub-sector says it
	}
	problems = append(problems, p.validate(line, row, problems)...)
	if len(problems) == 0 {
		k := facilityKey(*f)
		if first, ok := p.seen[k]; ok {
			bad("name", fmt.Sprintf("is the same facility as line %d: it is nominated once", first))
		} else {
			p.seen[k] = line
		}
	}
	return row, problems
}

// countOf is the facility's field a number column fills.
func countOf(f *Facility, col string) *int {
	switch col {
	case "tier":
		return &f.Tier
	case "workers_total":
		return &f.Workforce.Total
	case "workers_women":
		return &f.Workforce.Women
	}
	return &f.Workforce.UnderEighteen
}

// validate applies the facility rules, naming the list's columns, and skips
// columns that already have a problem: one problem per column and row.
func (p *listParser) validate(line int, row ListRow, known []RowProblem) []RowProblem {
	v := &domain.ValidationError{}
	ValidateFacility("", row.Facility, v)
	ValidateRelationship("", row.Relationship, v)
	if n := utf8.RuneCountInString(row.Reason); n > maxReason {
		v.Add("reason", fmt.Sprintf("must be at most %d characters", maxReason))
	}
	skip := map[string]bool{}
	for _, k := range known {
		skip[k.Field] = true
		if k.Field == "workers_total" { // no total to compare women and under-18s with
			skip["workers_women"], skip["workers_under_18"] = true, true
		}
	}
	var out []RowProblem
	for _, fe := range v.Fields {
		if col := columnOf(fe.Field); !skip[col] {
			out = append(out, RowProblem{Line: line, Field: col, Message: fe.Message})
			skip[col] = true
		}
	}
	return out
}

// columnOf names the list column a validation path comes from.
func columnOf(path string) string {
	if i := strings.IndexByte(path, '['); i >= 0 {
		path = path[:i]
	}
	switch path {
	case "workforce.total":
		return "workers_total"
	case "workforce.women":
		return "workers_women"
	case "workforce.under_18":
		return "workers_under_18"
	case "volume_band":
		return "annual_volume"
	}
	return strings.ReplaceAll(path, ".", "_") // contact.email → contact_email
}

func subSectorList() string {
	s := make([]string, len(SubSectors))
	for i, sub := range SubSectors {
		s[i] = string(sub)
	}
	return strings.Join(s, ", ")
}

// facilityKey is what makes two rows the same facility: the normalised name,
// address and city.
func facilityKey(f Facility) string {
	return NormalizeName(f.Name) + "\x00" + NormalizeAddress(f.Address) + "\x00" + NormalizeCity(f.City)
}

// DedupKey identifies a brand's nomination of a facility: the same brand
// nominating the same normalised name, address and city, whether again by
// hand, in a re-uploaded list or twice in one list, gets the same key, so
// the store can refuse the duplicate. It is a SHA-256 of those strings, in
// hex. Changing the normalisation rules changes keys: existing nominations
// keep theirs, so a rule change must be followed by recomputing them.
func DedupKey(brandOrgID string, f Facility) string {
	sum := sha256.Sum256([]byte("nomination\x00" + brandOrgID + "\x00" + facilityKey(f)))
	return hex.EncodeToString(sum[:16])
}
