// Package casework holds the rules of a child labour case: the child found
// at a supplier, their identity (kept in clear only in memory), the facts
// and their classification under the provincial law pack of the day of
// identification, consent, the best-interest assessment, the immediate
// action, the remediation plan with its owners, supervisor approvals, the
// workflow stage derived from what was recorded (after Primero), closure
// and reopening, and what each party may see of a case.
//
// Everything here is pure: no storage, no clock, no I/O. The store keeps
// the JSON encoding of the types (fields carry no tags and are only ever
// added) and seals Identity before it is written: nothing in this package
// knows how. Whether a caller reaches a case at all, and its identity, is
// decided by policies from Scope and IdentityScope.
package casework
