package supplier

import (
	"slices"
	"strings"
	"time"

	"github.com/actionhub/actionhub/domain"
)

// Facility is the facility data a brand gives when it nominates a supplier,
// and what matching compares.
type Facility struct {
	Name                string
	OtherNames          []string
	Address             string
	City                string
	Province            string
	Sector              Sector
	SubSector           SubSector
	Tier                int
	Workforce           Workforce
	Contact             Contact
	RegistrationNumbers []Registration
	OSID                string
}

// VolumeBand is a brand's yearly purchase from a supplier, in US dollars,
// in bands so that no exact figure is asked for.
type VolumeBand string

// Volume bands.
const (
	VolumeUnder100K VolumeBand = "under_100k"
	Volume100KTo1M  VolumeBand = "100k_to_1m"
	Volume1MTo10M   VolumeBand = "1m_to_10m"
	VolumeOver10M   VolumeBand = "over_10m"
)

// VolumeBands lists every band, smallest first.
var VolumeBands = []VolumeBand{VolumeUnder100K, Volume100KTo1M, Volume1MTo10M, VolumeOver10M}

// Valid reports whether b is a known band.
func (b VolumeBand) Valid() bool { return slices.Contains(VolumeBands, b) }

// Relationship is what a brand buys from a supplier.
type Relationship struct {
	Products   string
	VolumeBand VolumeBand // optional
	Since      string     // year and month, "2019-04"; optional
}

// NominationStatus is where a nomination stands.
type NominationStatus string

// Nomination statuses.
const (
	NominationPending     NominationStatus = "pending"      // waiting for the operator
	NominationMatchReview NominationStatus = "match_review" // a doubtful match waits for a person
	NominationAccepted    NominationStatus = "accepted"
	NominationDeclined    NominationStatus = "declined"
	NominationWithdrawn   NominationStatus = "withdrawn"
)

// NominationStatuses lists every nomination status.
var NominationStatuses = []NominationStatus{
	NominationPending, NominationMatchReview, NominationAccepted, NominationDeclined, NominationWithdrawn,
}

// Valid reports whether s is a known status.
func (s NominationStatus) Valid() bool { return slices.Contains(NominationStatuses, s) }

var nominationMoves = map[NominationStatus][]NominationStatus{
	NominationPending:     {NominationAccepted, NominationDeclined, NominationWithdrawn, NominationMatchReview},
	NominationMatchReview: {NominationPending, NominationAccepted, NominationDeclined, NominationWithdrawn},
}

// CanMoveNomination reports whether a nomination may go from one status to
// another. Accepted, declined and withdrawn are final.
func CanMoveNomination(from, to NominationStatus) bool {
	return slices.Contains(nominationMoves[from], to)
}

// MatchState is what is known of a nomination's best match in the registry
// (Open Supply Hub's states).
type MatchState string

// Match states.
const (
	MatchNew       MatchState = "new"       // nothing close: a new supplier is made
	MatchAutomatic MatchState = "automatic" // score >= 0.8: linked without asking
	MatchPending   MatchState = "pending"   // 0.5 <= score < 0.8: a person decides
	MatchConfirmed MatchState = "confirmed" // a person said it is the same facility
	MatchRejected  MatchState = "rejected"  // a person said it is another facility
)

// MatchStates lists every match state.
var MatchStates = []MatchState{MatchNew, MatchAutomatic, MatchPending, MatchConfirmed, MatchRejected}

// Match is a nomination's best candidate in the registry.
type Match struct {
	CandidateID string
	Score       float64
	State       MatchState
}

// SourceUpload says which list upload, and which line of it, a nomination came from.
type SourceUpload struct {
	UploadID string
	Line     int
}

// Nomination is a brand's request that a supplier join the hub, or that the
// brand be linked to a supplier already in it.
type Nomination struct {
	ID            string
	Version       int64
	HubID         string
	BrandOrgID    string
	SupplierID    string // set once linked to a supplier of the registry
	Proposed      Facility
	Reason        string
	Relationship  Relationship
	Status        NominationStatus
	DeclineReason string
	Match         Match
	Created       time.Time
	Decided       time.Time
	DecidedBy     string
	SourceUpload  *SourceUpload
	DedupKey      string // DedupKey(BrandOrgID, Proposed): the same row twice is one nomination
}

func (n *Nomination) move(to NominationStatus) error {
	if !CanMoveNomination(n.Status, to) {
		return domain.Conflictf("A nomination cannot move from %s to %s.", n.Status, to)
	}
	n.Status = to
	return nil
}

// ApplyMatch records the registry's best candidate: an automatic match links
// the nomination to that supplier, a doubtful one sends it to review. It
// returns an error wrapping domain.ErrConflict once the nomination is decided.
func (n *Nomination) ApplyMatch(m Match) error {
	if n.Status != NominationPending && n.Status != NominationMatchReview {
		return domain.Conflictf("A %s nomination cannot be matched again.", n.Status)
	}
	n.Match = m
	n.SupplierID = ""
	switch m.State {
	case MatchAutomatic, MatchConfirmed:
		n.SupplierID = m.CandidateID
	case MatchPending:
		if n.Status == NominationPending {
			return n.move(NominationMatchReview)
		}
		return nil
	}
	if n.Status == NominationMatchReview {
		return n.move(NominationPending)
	}
	return nil
}

// ResolveMatch records a person's answer to a doubtful match: same facility
// (the nomination links to the candidate) or another one (a new supplier will
// be made). It returns an error wrapping domain.ErrConflict unless the
// nomination is in review.
func (n *Nomination) ResolveMatch(same bool) error {
	if n.Status != NominationMatchReview {
		return domain.Conflictf("A %s nomination has no match to confirm.", n.Status)
	}
	if same {
		n.Match.State, n.SupplierID = MatchConfirmed, n.Match.CandidateID
	} else {
		n.Match.State, n.SupplierID = MatchRejected, ""
	}
	return n.move(NominationPending)
}

// Accept records the operator's yes; supplierID is the registry supplier the
// brand is linked to (the matched one or one just made). It returns a
// validation error without a supplier ID and an error wrapping
// domain.ErrConflict when the nomination is already decided.
func (n *Nomination) Accept(supplierID, by string, at time.Time) error {
	if supplierID == "" {
		return domain.Invalid("supplier_id", "is required to accept a nomination")
	}
	if err := n.move(NominationAccepted); err != nil {
		return err
	}
	n.SupplierID, n.Decided, n.DecidedBy = supplierID, at, by
	return nil
}

// Decline records the operator's no, with the reason the brand is told. It
// returns a validation error without a reason and an error wrapping
// domain.ErrConflict when the nomination is already decided.
func (n *Nomination) Decline(reason, by string, at time.Time) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return domain.Invalid("reason", "is required to decline a nomination")
	}
	if err := n.move(NominationDeclined); err != nil {
		return err
	}
	n.DeclineReason, n.Decided, n.DecidedBy = reason, at, by
	return nil
}

// Withdraw records the brand taking its nomination back. It returns an error
// wrapping domain.ErrConflict when the nomination is already decided.
func (n *Nomination) Withdraw(by string, at time.Time) error {
	if err := n.move(NominationWithdrawn); err != nil {
		return err
	}
	n.Decided, n.DecidedBy = at, by
	return nil
}

// Link ties a brand to a supplier it sources from: the data scope that lets
// the brand see the supplier. Other brands never see it unless Shareable.
type Link struct {
	ID         string // LinkID(BrandOrgID, SupplierID)
	Version    int64
	HubID      string
	BrandOrgID string
	SupplierID string
	Shareable  bool // the operator may show other linked brands this link
	Since      string
	Products   string
	VolumeBand VolumeBand
	Listing    Listing // a copy of the supplier's, so a brand's list is filtered and paged over its links
	Created    time.Time
}

// LinkID is a link's ID: one link per brand and supplier, so a second
// accepted nomination of the same supplier is a conflict, not a duplicate.
func LinkID(brandOrgID, supplierID string) string { return brandOrgID + "|" + supplierID }

// NewLink makes the link an accepted nomination gives.
func NewLink(n Nomination, at time.Time) Link {
	return Link{
		ID:         LinkID(n.BrandOrgID, n.SupplierID),
		HubID:      n.HubID,
		BrandOrgID: n.BrandOrgID,
		SupplierID: n.SupplierID,
		Since:      n.Relationship.Since,
		Products:   n.Relationship.Products,
		VolumeBand: n.Relationship.VolumeBand,
		Created:    at,
	}
}
