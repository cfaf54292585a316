package registry

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/actionhub/actionhub/domain"
	"github.com/actionhub/actionhub/domain/sheet"
)

// maxExportRows bounds one export; a larger registry is exported in parts
// with filters (by city, sector or status).
const maxExportRows = 50_000

// ExportColumns are the export's columns: the list-upload columns a brand
// knows, then the registry's own.
var ExportColumns = []string{"id", "name", "address", "city", "province", "sector", "sub_sector", "status",
	"workers_total", "workers_women", "workers_under_18", "os_id", "risk_score", "risk_level", "created"}

// ExportSuppliers writes the suppliers of f as CSV, in the same scope and
// order as ListSuppliers (f's cursor and limit are ignored), and returns how
// many rows it wrote. It writes through sheet.Writer, as every export does:
// a byte-order mark first, and no cell a spreadsheet would run as a formula. More than maxExportRows is a validation error naming
// the filters to narrow it with.
func (s *Service) ExportSuppliers(ctx context.Context, f SupplierFilter, w io.Writer) (int, error) {
	cw := sheet.NewWriter(w)
	if err := cw.Write(ExportColumns); err != nil {
		return 0, err
	}
	f.Cursor, f.Limit = "", 500
	n := 0
	for {
		sups, next, err := s.ListSuppliers(ctx, f)
		if err != nil {
			return n, err
		}
		if n+len(sups) > maxExportRows {
			return n, domain.Invalid("", fmt.Sprintf("more than %d suppliers: narrow the export by city, sector or status", maxExportRows))
		}
		for _, x := range sups {
			row := []string{x.ID, x.Name, x.Address, x.City, x.Province, string(x.Sector), string(x.SubSector), string(x.Status),
				strconv.Itoa(x.Workforce.Total), strconv.Itoa(x.Workforce.Women), strconv.Itoa(x.Workforce.UnderEighteen),
				x.OSID, strconv.Itoa(x.Risk.Score), string(x.Risk.Level), x.Created.UTC().Format("2006-01-02")}
			if err := cw.Write(row); err != nil {
				return n, err
			}
			n++
		}
		if next == "" {
			return n, cw.Flush()
		}
		f.Cursor = next
	}
}
