// Package audit holds the rules of HRDD audits at suppliers: scheduling
// without double booking, the audit's states and who may move it, findings
// and their severity rules, corrective actions and their due dates, the
// site rating that sets the next audit, evidence files, and what the
// supplier and the linked brands may see of each.
//
// Everything here is pure: no storage, no clock (callers pass the time and
// the hub's time zone), no I/O. The store keeps the JSON encoding of the
// types, so fields carry no tags and are only ever added. Whether a caller
// reaches an object at all is decided by policies from Scope(); the
// visibility functions here add what scope nodes cannot say (an
// unannounced audit before it starts, results before publication).
package audit
