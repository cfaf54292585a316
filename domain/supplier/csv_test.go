package supplier

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/actionhub/actionhub/domain"
)

func TestParseList(t *testing.T) {
	t.Parallel()
	in := "\ufeff" + // Excel's "CSV UTF-8" starts with a byte-order mark
		"Name,City,Sub-Sector,Workers,Women Workers,E-mail,Address,NTN,Annual Volume,Notes\r\n" +
		`Al-Karam Textile Mills (Pvt) Ltd,Karachi,Dyeing & Finishing,"1,200",300,Ops@AlKaram.PK,"Plot 5, Sector 15,` + "\r\n" +
		`Korangi Industrial Area",1234567-8,100k-1m,x` + "\r\n" +
		"\r\n" +
		",,,,,,,,,\r\n" +
		"No City Leather,,tannery,40,,,,,,\r\n" +
		"Bad Numbers,Multan,footwear,forty,50,,,,,\r\n" +
		"الکرم ٹیکسٹائل ملز,کراچی,garments,80,20,,,,>10m,\r\n" +
		"Odd Sector,Multan,plastics,10,,,,,,\r\n" +
		"Alkaram Textile Mills Ltd,KARACHI,dyeing,5,,,\"Plot # 5, Sec-15, KIA\",,,\r\n" +
		"Too Many Women,Multan,tannery,10,11,not-an-email,,,yearly,\r\n"
	list, err := ParseList(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	rows, problems := list.Rows, list.Problems
	wantRows := []ListRow{
		{Line: 2, Facility: Facility{
			Name: "Al-Karam Textile Mills (Pvt) Ltd", City: "Karachi", Address: "Plot 5, Sector 15, Korangi Industrial Area",
			Sector: SectorTextile, SubSector: SubDyeingFinishing,
			Workforce: Workforce{Total: 1200, Women: 300}, Contact: Contact{Email: "ops@alkaram.pk"},
			RegistrationNumbers: []Registration{{Kind: RegNTN, Number: "1234567-8"}},
		}, Relationship: Relationship{VolumeBand: Volume100KTo1M}},
		{Line: 7, Facility: Facility{
			Name: "الکرم ٹیکسٹائل ملز", City: "کراچی", Sector: SectorTextile, SubSector: SubGarments,
			Workforce: Workforce{Total: 80, Women: 20},
		}, Relationship: Relationship{VolumeBand: VolumeOver10M}},
	}
	if !reflect.DeepEqual(rows, wantRows) {
		t.Errorf("rows:\n got %+v\nwant %+v", rows, wantRows)
	}
	if want := []RowProblem{{1, "Notes", "is not a known column: ignored"}}; !reflect.DeepEqual(list.Columns, want) {
		t.Errorf("columns: got %v, want %v", list.Columns, want)
	}
	wantProblems := []RowProblem{
		{5, "city", "is required"},
		{6, "workers_total", "is not a whole number"},
		{8, "sub_sector", "is not a known sub-sector: one of " + subSectorList()},
		{8, "sector", "is required"},
		{9, "name", "is the same facility as line 2: it is nominated once"},
		{10, "annual_volume", "must be <100k, 100k-1m, 1m-10m or >10m (US dollars a year)"},
		{10, "workers_women", "must not exceed the total"},
		{10, "contact_email", "is not an e-mail address"},
	}
	if !reflect.DeepEqual(problems, wantProblems) {
		t.Errorf("problems:\n got %v\nwant %v", problems, wantProblems)
	}
	if n := list.ProblemRows(); n != 5 || list.More.Rows != 0 {
		t.Errorf("%d rows with problems, %d left out", n, list.More.Rows)
	}
}

func TestParseListValues(t *testing.T) {
	t.Parallel()
	in := "facility name,CITY,sector,sub_sector,tier,os id,registration_numbers,other names,since,contact phone\n" +
		"Crescent,Multan,Leather,Tanneries,3,pk-2025268-abcdek,NTN:1234567-8; secp:0012345,Crescent Tannery | CT,2019/04,0300 1234567\n" +
		"Noor,Multan,,tannery,,,NTN 1234,,,\n" +
		"Pak,Multan,,other,,,,,,\n"
	list, err := ParseList(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	rows, problems := list.Rows, list.Problems
	if len(rows) != 1 {
		t.Fatalf("rows %+v, problems %v", rows, problems)
	}
	f := rows[0].Facility
	if f.Sector != SectorLeather || f.Tier != 3 || f.OSID != "PK2025268ABCDEK" || rows[0].Relationship.Since != "2019-04" ||
		!reflect.DeepEqual(f.OtherNames, []string{"Crescent Tannery", "CT"}) ||
		!reflect.DeepEqual(f.RegistrationNumbers, []Registration{{"NTN", "1234567-8"}, {"SECP", "0012345"}}) {
		t.Errorf("row: %+v", rows[0])
	}
	lines := map[int][]string{}
	for _, p := range problems {
		lines[p.Line] = append(lines[p.Line], p.Field)
	}
	if !reflect.DeepEqual(lines, map[int][]string{3: {"registration_numbers"}, 4: {"sector"}}) {
		t.Errorf("problems %v", problems)
	}
}

func TestParseListRefusesWholeFiles(t *testing.T) {
	t.Parallel()
	header := "name,city,sub_sector\n"
	tooMany := header + strings.Repeat("A,Karachi,weaving\n", MaxListRows+1)
	cases := map[string]string{
		"empty":          "",
		"no city column": "name,sector\nA,textile\n",
		"no sector":      "name,city\nA,Karachi\n",
		"UTF-16":         "\xff\xfen\x00a\x00",
		"too large":      header + strings.Repeat("x", MaxListBytes),
		"too many rows":  tooMany,
		// Lines that are not CSV count too: 5 MB of them once made a 160 MB report.
		"too many broken lines": header + strings.Repeat("a\"b\n", MaxListRows+1),
		"too many columns":      header[:len(header)-1] + strings.Repeat(",x", MaxListColumns) + "\nA,Karachi,weaving\n",
		"100k columns":          strings.Repeat("x,", 100_000) + header + "A,Karachi,weaving\n",
		"a long header cell":    "name,city,sub_sector,\"" + strings.Repeat("x\n", MaxHeaderBytes) + "\"\nA,Karachi,weaving\n",
	}
	for name, in := range cases {
		_, err := ParseList(strings.NewReader(in))
		var ve *domain.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := ParseList(iotest.ErrReader(errors.New("disk"))); err == nil || err.Error() != "disk" {
		t.Errorf("reader error: %v", err)
	}
	list, err := ParseList(strings.NewReader(header + strings.Repeat("A,Karachi,weaving\n", MaxListRows)))
	if err != nil || len(list.Rows) != 1 { // the same facility 20,000 times: one row, the rest repeats
		t.Fatalf("at the limit: %v", err)
	}
	if list.ProblemRows() != MaxListRows-1 || len(list.Problems) != MaxReportedProblemRows ||
		!reflect.DeepEqual(list.More, ProblemTally{Rows: MaxListRows - 1 - MaxReportedProblemRows,
			ByColumn: []ProblemCount{{"name", MaxListRows - 1 - MaxReportedProblemRows, "is the same facility as line 2: it is nominated once"}}}) {
		t.Errorf("at the limit: %d problem rows, %d reported, more %+v", list.ProblemRows(), len(list.Problems), list.More)
	}
}

func TestParseListBadBytes(t *testing.T) {
	t.Parallel()
	in := "name,city,sector,sub_sector\n" +
		"Caf\xe9 Textile,Karachi,textile,weaving\n" + // Windows-1252, not UTF-8
		"Bad \"quote,Karachi,textile,weaving\n" +
		"Good,Karachi,textile,weaving\n"
	list, err := ParseList(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	rows, problems := list.Rows, list.Problems
	if len(rows) != 1 || rows[0].Line != 4 {
		t.Errorf("rows %+v", rows)
	}
	if len(problems) != 2 || problems[0].Line != 2 || problems[0].Field != "name" || problems[1].Line != 3 {
		t.Errorf("problems %+v", problems)
	}
}

func TestDedupKey(t *testing.T) {
	t.Parallel()
	a := fac("Al-Karam Textile Mills (Pvt) Ltd", "Plot No. 5, Sector 15, Korangi Industrial Area", "Karachi")
	b := fac("AL KARAM TEXTILE MILLS LTD, KARACHI", "Plot # 5, Sec-15, KIA, Karachi", " karachi ")
	b.Workforce.Total = 99 // not part of the identity
	if DedupKey("brand-1", a) != DedupKey("brand-1", b) {
		t.Error("the same facility spelt two ways gets two keys")
	}
	if DedupKey("brand-1", a) == DedupKey("brand-2", a) {
		t.Error("two brands share a key")
	}
	if DedupKey("brand-1", a) == DedupKey("brand-1", fac(a.Name, "Plot 6, Korangi", "Karachi")) {
		t.Error("another plot shares the key")
	}
	if k := DedupKey("brand-1", a); len(k) != 32 {
		t.Errorf("key %q", k)
	}
}

// TestReuploadGivesTheSameKeys is the re-upload rule: parsing the same file
// again yields the same keys, so no nomination is made twice.
func TestReuploadGivesTheSameKeys(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	buf.WriteString("name,city,sub_sector,address\n")
	g := newGenerator(9)
	for range 200 {
		f := g.facility()
		fmt.Fprintf(&buf, "%q,%s,%s,%q\n", f.Name, f.City, f.SubSector, f.Address)
	}
	keys := func() []string {
		list, err := ParseList(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range list.Rows {
			out = append(out, DedupKey("brand", r.Facility))
		}
		return out
	}
	first, second := keys(), keys()
	if len(first) != 200 || !reflect.DeepEqual(first, second) {
		t.Errorf("%d rows; same keys: %v", len(first), reflect.DeepEqual(first, second))
	}
}

// TestParseListBoundsTheReport: a file of broken lines as large as a list
// may be gives a report of MaxReportedProblemRows rows and a count of the
// rest, not a problem per line.
func TestParseListBoundsTheReport(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("y", 500)
	in := "name,city,sub_sector," + strings.Repeat("z", 300) + "\n" +
		strings.Repeat("a\"b"+long+"\n", MaxListRows/2) + strings.Repeat("A,,weaving\n", MaxListRows/2)
	if len(in) < MaxListBytes*2/3 {
		t.Fatalf("the file is only %d bytes", len(in))
	}
	list, err := ParseList(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Rows) != 0 || len(list.Problems) != MaxReportedProblemRows || list.ProblemRows() != MaxListRows {
		t.Fatalf("%d rows, %d problems reported, %d rows with problems", len(list.Rows), len(list.Problems), list.ProblemRows())
	}
	want := ProblemTally{Rows: MaxListRows - MaxReportedProblemRows, ByColumn: []ProblemCount{
		{"city", MaxListRows / 2, "is required"},
		{"", MaxListRows/2 - MaxReportedProblemRows, `cannot be read as CSV: bare " in non-quoted-field`}}}
	if !reflect.DeepEqual(list.More, want) {
		t.Errorf("left out:\n got %+v\nwant %+v", list.More, want)
	}
	if c := list.Columns; len(c) != 1 || len([]rune(c[0].Field)) != maxEchoedHeader+1 {
		t.Errorf("the unknown column is echoed as %v", c)
	}
}
