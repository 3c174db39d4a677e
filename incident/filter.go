package incident

import (
	"github.com/paulmach/orb"
)

// Filter selects incidents. Zero fields do not restrict; slices match any of
// their values. Every read path (API, tiles, downloads, OGC) uses the same
// Filter so that all of them agree.
type Filter struct {
	From      string         // first date, inclusive, "YYYY-MM-DD"
	To        string         // last date, inclusive
	Claimants []string       // canonical actor ids; matches any claim's actor
	Districts []string       // district ids
	Types     []Type         //
	Statuses  []Verification // the incident's overall Verification
	// Verified keeps only confirmed figures: an incident matches when at
	// least one of its claims is confirmed by another party or
	// independently verified (Verification.Confirms) and, when Claimants
	// is set, made by one of them. Only such claims count for the figures
	// an answer shows (see Restrict).
	Verified bool
	Series   []string   // series ids
	BBox     *orb.Bound // lon/lat
	Region   string     // "" all, RegionBalochistan or RegionOutside (Location.Region); any other value matches nothing
	Text     string     // words starting words of title, description, place, district or tags, or a prefix of the id (see MatchText)
	Drafts   bool       // include drafts and rejected incidents (review queue only)
}

// Match reports whether in passes every condition of f. Stores use it as the
// final check after narrowing candidates with an index.
func (f *Filter) Match(in *Incident) bool {
	if !f.Drafts && !in.Published() {
		return false
	}
	// An incident spanning dates matches if its span overlaps [From, To].
	end := in.Date
	if in.EndDate != "" {
		end = in.EndDate
	}
	if f.From != "" && end < f.From {
		return false
	}
	if f.To != "" && in.Date > f.To {
		return false
	}
	if len(f.Claimants) > 0 && !f.matchClaimant(in) {
		return false
	}
	if f.Verified && !f.matchVerified(in) {
		return false
	}
	if len(f.Districts) > 0 && !contains(f.Districts, in.Location.DistrictID) {
		return false
	}
	if len(f.Types) > 0 && !contains(f.Types, in.Type) {
		return false
	}
	if len(f.Statuses) > 0 && !contains(f.Statuses, in.Verification()) {
		return false
	}
	if len(f.Series) > 0 && !contains(f.Series, in.Series) {
		return false
	}
	if f.Region != "" && in.Location.Region() != f.Region {
		return false
	}
	if f.BBox != nil && !f.BBox.Contains(orb.Point{in.Location.Lon, in.Location.Lat}) {
		return false
	}
	if f.Text != "" && !MatchText(in, f.Text) {
		return false
	}
	return true
}

func (f *Filter) matchClaimant(in *Incident) bool {
	for _, c := range in.Claims {
		if contains(f.Claimants, c.Actor) {
			return true
		}
	}
	return false
}

func (f *Filter) matchVerified(in *Incident) bool {
	for _, c := range in.Claims {
		if c.Status.Confirms() && (len(f.Claimants) == 0 || contains(f.Claimants, c.Actor)) {
			return true
		}
	}
	return false
}

// Restrict returns in as an answer under f shows it: with Verified, a
// shallow copy holding only the claims whose status Confirms, so that its
// figures (DeriveKilled) and claimants are those of confirmed claims; else
// in itself.
func (f *Filter) Restrict(in *Incident) *Incident {
	if !f.Verified {
		return in
	}
	out := *in
	out.Claims = ConfirmedClaims(in.Claims)
	return &out
}

// ConfirmedClaims returns the claims whose status Confirms, in order.
func ConfirmedClaims(claims []Claim) []Claim {
	var out []Claim
	for _, c := range claims {
		if c.Status.Confirms() {
			out = append(out, c)
		}
	}
	return out
}

func contains[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
