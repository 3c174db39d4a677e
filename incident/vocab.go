package incident

import (
	"fmt"
	"strings"
)

// Type is the kind of event, from a closed vocabulary.
type Type string

// Incident types.
const (
	TypeArmedClash      Type = "armed_clash"
	TypeAmbush          Type = "ambush"
	TypeBombing         Type = "bombing"        // bombing or IED
	TypeSuicideAttack   Type = "suicide_attack" // suicide bombing or assault
	TypeTargetedKilling Type = "targeted_killing"
	TypeAbduction       Type = "abduction"
	TypeInfrastructure  Type = "attack_on_infrastructure"
	TypeOperation       Type = "security_operation"
	TypeProtest         Type = "protest"
	TypeOther           Type = "other"
)

// Types lists the vocabulary in display order.
var Types = []Type{TypeArmedClash, TypeAmbush, TypeBombing, TypeSuicideAttack, TypeTargetedKilling,
	TypeAbduction, TypeInfrastructure, TypeOperation, TypeProtest, TypeOther}

var typeLabels = map[Type]string{
	TypeArmedClash:      "Armed clash",
	TypeAmbush:          "Ambush",
	TypeBombing:         "Bombing / IED",
	TypeSuicideAttack:   "Suicide attack",
	TypeTargetedKilling: "Targeted killing",
	TypeAbduction:       "Abduction",
	TypeInfrastructure:  "Attack on infrastructure",
	TypeOperation:       "Security operation",
	TypeProtest:         "Protest",
	TypeOther:           "Other",
}

// typeAliases maps other spellings (including the synthetic benchmark
// generator's and ACLED's sub-event types) to the vocabulary.
var typeAliases = map[string]Type{
	"clash": TypeArmedClash, "armed clash": TypeArmedClash, "attack": TypeArmedClash,
	"ied": TypeBombing, "bomb": TypeBombing, "bombing": TypeBombing, "bombing/ied": TypeBombing,
	"remote explosive/landmine/ied": TypeBombing, "grenade": TypeBombing, "explosion": TypeBombing,
	"suicide": TypeSuicideAttack, "suicide bomb": TypeSuicideAttack, "suicide attack": TypeSuicideAttack,
	"targeted killing": TypeTargetedKilling, "assassination": TypeTargetedKilling,
	"abduction/forced disappearance": TypeAbduction, "kidnapping": TypeAbduction, "abduction": TypeAbduction,
	"infrastructure": TypeInfrastructure, "attack on infrastructure": TypeInfrastructure, "sabotage": TypeInfrastructure,
	"ibo": TypeOperation, "operation": TypeOperation, "security operation": TypeOperation,
	"intelligence-based operation": TypeOperation, "arrests": TypeOperation,
	"peaceful protest": TypeProtest, "protest with intervention": TypeProtest, "protest": TypeProtest,
	"ambush": TypeAmbush, "other": TypeOther,
}

// Label is the human-readable name of the type.
func (t Type) Label() string {
	if l, ok := typeLabels[t]; ok {
		return l
	}
	return string(t)
}

// Valid reports whether t is in the vocabulary.
func (t Type) Valid() bool { _, ok := typeLabels[t]; return ok }

// ParseType maps a type name or a known alias to the vocabulary.
func ParseType(s string) (Type, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	if t := Type(strings.ReplaceAll(k, " ", "_")); t.Valid() {
		return t, nil
	}
	if t, ok := typeAliases[k]; ok {
		return t, nil
	}
	return "", fmt.Errorf("unknown incident type %q", s)
}

// DatePrecision says how much of an incident's date is known.
type DatePrecision string

// Date precisions. With DateRange the event happened on some day between
// Date and EndDate; with DateDay and EndDate set it lasted from Date to EndDate.
const (
	DateDay   DatePrecision = "day"
	DateMonth DatePrecision = "month"
	DateYear  DatePrecision = "year"
	DateRange DatePrecision = "range"
)

// Valid reports whether p is a known date precision.
func (p DatePrecision) Valid() bool {
	switch p {
	case DateDay, DateMonth, DateYear, DateRange:
		return true
	}
	return false
}

// ClaimKind is what sort of statement a claim is.
type ClaimKind string

// Claim kinds.
const (
	KindResponsibility ClaimKind = "claim_of_responsibility"
	KindOfficial       ClaimKind = "official_statement"
	KindMedia          ClaimKind = "media_report"
	KindIndependent    ClaimKind = "independent_verification"
	KindDenial         ClaimKind = "denial"
)

// ClaimKinds lists the claim kinds.
var ClaimKinds = []ClaimKind{KindResponsibility, KindOfficial, KindMedia, KindIndependent, KindDenial}

// Valid reports whether k is a known claim kind.
func (k ClaimKind) Valid() bool {
	for _, x := range ClaimKinds {
		if k == x {
			return true
		}
	}
	return false
}

// Verification is the status of a claim's figures.
type Verification string

// Verification statuses, ranked by trust by Rank.
const (
	Unverified  Verification = "unverified"
	Confirmed   Verification = "confirmed"   // confirmed by another party
	Independent Verification = "independent" // independently verified
	Denied      Verification = "denied"
)

// Verifications lists the statuses.
var Verifications = []Verification{Unverified, Confirmed, Independent, Denied}

// Valid reports whether v is a known status.
func (v Verification) Valid() bool {
	switch v {
	case Unverified, Confirmed, Independent, Denied:
		return true
	}
	return false
}

// Confirms reports whether a claim of status v has confirmed figures:
// confirmed by another party or independently verified.
func (v Verification) Confirms() bool { return v == Confirmed || v == Independent }

// Rank orders statuses by how far a figure can be trusted: denied 0,
// unverified 1, confirmed 2, independently verified 3.
func (v Verification) Rank() int {
	switch v {
	case Unverified:
		return 1
	case Confirmed:
		return 2
	case Independent:
		return 3
	}
	return 0
}

// ParseVerification accepts a status name and common synonyms ("verified",
// "true"/"false" as flat GIS exports write it).
func ParseVerification(s string) (Verification, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "unverified", "false", "no", "0", "":
		return Unverified, nil
	case "confirmed", "true", "yes", "1", "verified", "confirmed_by_another_party":
		return Confirmed, nil
	case "independent", "independently_verified", "independently verified":
		return Independent, nil
	case "denied", "denial":
		return Denied, nil
	}
	return "", fmt.Errorf("unknown verification status %q", s)
}

// Group is whom a casualty figure concerns.
type Group string

// Casualty groups.
const (
	SecurityForces Group = "security_forces"
	Militants      Group = "militants"
	Civilians      Group = "civilians"
	Unspecified    Group = "unspecified"
)

// Groups lists the casualty groups.
var Groups = []Group{SecurityForces, Militants, Civilians, Unspecified}

// State is where an incident is in the editorial workflow. Only published
// incidents appear in public reads, tiles and downloads.
type State string

// Editorial states.
const (
	Published State = "published"
	Draft     State = "draft"
	Rejected  State = "rejected"
)

// Valid reports whether s is a known state.
func (s State) Valid() bool { return s == Published || s == Draft || s == Rejected }
