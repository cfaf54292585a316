// Package supplier holds the supplier registry's rules: suppliers (facilities)
// and their status, brand nominations and links, validation, the
// normalisation and fuzzy matching that let two brands' spellings of one
// factory meet in one supplier, the risk profile that orders audits, and the
// parsing of a brand's CSV list.
//
// Everything here is pure: no storage, no clock, no I/O beyond reading the
// io.Reader a caller hands to ParseList. The JSON encoding of the types is
// what the store keeps, so fields carry no tags and are only ever added.
package supplier
