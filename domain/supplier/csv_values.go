package supplier

import (
	"strconv"
	"strings"
)

// ListColumns are the columns a supplier list may have, in the documented
// order. Headers are matched ignoring case, spaces and hyphens, and a few
// other names are accepted (see columnAliases). A column named after a
// registration kind (NTN, SECP, EOBI, SESSI, PESSI) holds that number.
var ListColumns = []string{
	"name", "other_names", "address", "city", "province", "sector", "sub_sector", "tier",
	"workers_total", "workers_women", "workers_under_18", "contact_name", "contact_phone",
	"contact_email", "os_id", "registration_numbers", "products", "annual_volume", "since",
	"reason",
}

var columnAliases = map[string]string{
	"supplier_name": "name", "facility_name": "name", "factory_name": "name",
	"supplier": "name", "facility": "name", "factory": "name",
	"other_name": "other_names", "aliases": "other_names", "also_known_as": "other_names",
	"aka": "other_names", "facility_address": "address", "street_address": "address",
	"state": "province", "subsector": "sub_sector", "sub_sectors": "sub_sector",
	"workers": "workers_total", "total_workers": "workers_total", "workforce": "workers_total",
	"number_of_workers": "workers_total", "employees": "workers_total",
	"women": "workers_women", "women_workers": "workers_women", "female_workers": "workers_women",
	"under_18": "workers_under_18", "workers_under18": "workers_under_18",
	"young_workers": "workers_under_18", "contact": "contact_name", "contact_person": "contact_name",
	"phone": "contact_phone", "mobile": "contact_phone", "email": "contact_email",
	"e_mail": "contact_email", "contact_e_mail": "contact_email", "osid": "os_id",
	"os_hub_id": "os_id", "open_supply_hub_id": "os_id", "registration": "registration_numbers",
	"registrations": "registration_numbers", "registration_number": "registration_numbers",
	"product": "products", "volume": "annual_volume", "volume_band": "annual_volume",
	"annual_volume_usd": "annual_volume", "relationship_since": "since", "buying_since": "since",
}

var registrationColumns = map[string]string{
	"ntn": RegNTN, "secp": RegSECP, "eobi": RegEOBI, "sessi": RegSESSI, "pessi": RegPESSI,
}

// key lower-cases s and writes every run of other characters than letters
// and digits as one underscore: "Sub-Sector" and "sub sector" give "sub_sector".
func key(s string) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(strings.ReplaceAll(s, "&", " and ")) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 0x7f {
			if gap && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			gap = false
		} else {
			gap = true
		}
	}
	return b.String()
}

var subSectorAliases = map[string]SubSector{
	"dyeing_and_finishing": SubDyeingFinishing, "dyeing": SubDyeingFinishing,
	"finishing": SubDyeingFinishing, "processing": SubDyeingFinishing,
	"home_textile": SubHomeTextiles, "gloves_and_sportswear": SubGlovesSportswear,
	"gloves": SubGlovesSportswear, "sportswear": SubGlovesSportswear,
	"sports_goods": SubGlovesSportswear, "leather_products": SubLeatherGoods,
	"tanneries": SubTannery, "tanning": SubTannery, "garment": SubGarments,
	"apparel": SubGarments, "stitching": SubGarments, "knitwear": SubKnitting,
	"hosiery": SubKnitting, "yarn": SubSpinning, "shoes": SubFootwear,
}

func parseSubSector(s string) (SubSector, bool) {
	k := key(s)
	if sub := SubSector(k); sub.Valid() {
		return sub, true
	}
	sub, ok := subSectorAliases[k]
	return sub, ok
}

func parseSector(s string) (Sector, bool) {
	sec := Sector(key(s))
	if sec == "textiles" {
		sec = SectorTextile
	}
	return sec, sec.Valid()
}

var volumeAliases = map[string]VolumeBand{
	"100k": VolumeUnder100K, "under_100k": VolumeUnder100K, "below_100k": VolumeUnder100K,
	"less_than_100k": VolumeUnder100K, "100k_1m": Volume100KTo1M, "100k_to_1m": Volume100KTo1M,
	"1m_10m": Volume1MTo10M, "1m_to_10m": Volume1MTo10M, "10m": VolumeOver10M,
	"over_10m": VolumeOver10M, "above_10m": VolumeOver10M, "more_than_10m": VolumeOver10M,
}

// parseVolume reads a band as written in the list: "<100k", "100k-1m",
// "1m-10m", ">10m" or a band's name. "<" and ">" vanish from the key, and
// the one-sided bands are told apart by their number.
func parseVolume(s string) (VolumeBand, bool) {
	b, ok := volumeAliases[key(strings.ReplaceAll(s, "$", ""))]
	return b, ok
}

var separators = strings.NewReplacer(",", "", " ", "", "_", "")

// parseCount reads a whole number, allowing thousands separators ("1,200").
func parseCount(s string) (int, bool) {
	s = separators.Replace(s)
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// parseRegistrations reads "NTN:1234567-8; SECP:0012345".
func parseRegistrations(s string) ([]Registration, bool) {
	var out []Registration
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '|' }) {
		kind, number, ok := strings.Cut(part, ":")
		kind, number = strings.ToUpper(strings.TrimSpace(kind)), strings.TrimSpace(number)
		if !ok || kind == "" || number == "" {
			return nil, false
		}
		out = append(out, Registration{Kind: kind, Number: number})
	}
	return out, true
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '|' }) {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}
