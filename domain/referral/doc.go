// Package referral holds the rules of a referral from a child labour case
// to a service in the hub's directory: the consent it needs, the states it
// moves through, the minimum view of the child the receiving agency gets
// per service type, its due date from the service's response-time promise,
// and the reminders and escalations that fall due while it waits.
//
// An agency reaches a referral addressed to its organisation (Scope), and
// the child's minimum view only while it handles the referral and the case
// is open (ViewObject): the one decision in policies answers both.
package referral
