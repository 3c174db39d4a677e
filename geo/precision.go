package geo

import "fmt"

// Precision says how exactly a location is known, in the spirit of ACLED's
// geo_precision. Coarser levels are honest answers, not failures: an incident
// reported only "in Balochistan" has PrecisionProvince, and one "on the N-25
// near Mastung" has PrecisionRoute: somewhere on that road's stretch in one
// district, which is more than a district says and less than a town.
type Precision string

// Precision levels, from most to least exact.
const (
	PrecisionExact    Precision = "exact"    // coordinates given for the spot itself
	PrecisionTown     Precision = "town"     // a town or village
	PrecisionTehsil   Precision = "tehsil"   // a tehsil (sub-district)
	PrecisionRoute    Precision = "route"    // somewhere on a road or railway's stretch in one district
	PrecisionDistrict Precision = "district" // somewhere in a district
	PrecisionProvince Precision = "province" // somewhere in a province (Balochistan, or a first-level unit beyond it)
)

// Precisions lists every precision level, most exact first.
var Precisions = []Precision{PrecisionExact, PrecisionTown, PrecisionTehsil, PrecisionRoute, PrecisionDistrict, PrecisionProvince}

// Rank orders precision levels: 1 for exact up to 6 for province, 0 if p is
// not a known level. The numbers match ACLED's geo_precision where they
// overlap (1 exact, 2 near a town, 3 a larger region).
func (p Precision) Rank() int {
	for i, q := range Precisions {
		if p == q {
			return i + 1
		}
	}
	return 0
}

// Valid reports whether p is one of the known levels.
func (p Precision) Valid() bool { return p.Rank() != 0 }

// Words describes the precision for a reader, e.g. "located to district level".
func (p Precision) Words() string {
	switch p {
	case PrecisionExact:
		return "exact location"
	case PrecisionTown:
		return "located to town or village"
	case PrecisionTehsil:
		return "located to tehsil level"
	case PrecisionRoute:
		return "located to a stretch of road or railway"
	case PrecisionDistrict:
		return "located to district level"
	case PrecisionProvince:
		return "located only to province level"
	}
	return "location precision unknown"
}

// ParsePrecision accepts a precision name or an ACLED-style number (1-3, with
// 3 read as district) and returns the level.
func ParsePrecision(s string) (Precision, error) {
	switch s {
	case "1":
		return PrecisionExact, nil
	case "2":
		return PrecisionTown, nil
	case "3":
		return PrecisionDistrict, nil
	case "village":
		return PrecisionTown, nil
	}
	p := Precision(s)
	if !p.Valid() {
		return "", fmt.Errorf("geo: unknown precision %q (want exact, town, tehsil, route, district or province)", s)
	}
	return p, nil
}
