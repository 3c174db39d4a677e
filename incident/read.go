package incident

import (
	"errors"
	"time"

	"github.com/incidentmap/incidentmap/geo"
)

// Errors callers branch on. The store returns them wrapped, with context
// in the message; the server maps each to an HTTP status in one place.
var (
	// ErrNotFound: no incident, series or token with that id or name.
	ErrNotFound = errors.New("incident: not found")
	// ErrDeleted: the incident exists as a tombstone and can be restored.
	ErrDeleted = errors.New("incident: deleted")
	// ErrBadCursor: a paging cursor that the store did not produce.
	ErrBadCursor = errors.New("incident: bad cursor")
	// ErrUnauthorized: no token has that secret, or its role may not do
	// what was asked.
	ErrUnauthorized = errors.New("incident: unauthorized")
	// ErrExists: a token with that name already exists.
	ErrExists = errors.New("incident: already exists")
	// ErrNoSpace: a write failed because the disk is full or the quota
	// spent; nothing of the write is stored and reads go on working.
	ErrNoSpace = errors.New("incident: no space left for the database (disk full or quota exceeded)")
)

// Change says what a put did.
type Change int

// Changes reported by a put.
const (
	Unchanged Change = iota // identical content: nothing written
	Created                 // a new incident, revision 1
	Updated                 // new content: revision+1, the previous kept in history
)

func (c Change) String() string {
	switch c {
	case Created:
		return "created"
	case Updated:
		return "updated"
	}
	return "unchanged"
}

// BatchResult counts what a batch put did.
type BatchResult struct {
	Created, Updated, Unchanged int
}

// Revision is one version of an incident in its history.
type Revision struct {
	Revision int
	Time     time.Time
	Who      string
	Action   string    // create, update, delete, restore
	Incident *Incident // nil for a delete
}

// Page is one page of a query, in the order date descending, id ascending.
type Page struct {
	Incidents []*Incident
	Next      string // cursor for the next page; "" on the last page
	Matched   int    // incidents matching the filter in all pages
}

// Agg is a count with the sums of the derived killed figures.
type Agg struct {
	Count  int
	Killed Killed
}

// Aggregates summarise the incidents matching a filter.
type Aggregates struct {
	Total      int
	ByDistrict map[string]Agg            // district id ("" when unknown)
	ByActor    map[string]int            // every actor of an incident's claims: sums exceed Total
	ByType     map[Type]int              //
	ByMonth    map[string]map[string]int // "2025-07" -> primary actor -> count: sums to Total
}

// Point is the part of an incident that tiles, clusters, counts and
// aggregates need, read from the store's point index without decoding the
// incident.
//
// The strings and the Actors slice are shared with the index and must not
// be modified. A *Point handed to a callback is only valid during that
// call; copy the struct (a cheap shallow copy) to keep it.
type Point struct {
	Seq        uint64 // internal id, stable for the life of the database: use as MVT feature id
	ID         string
	Lon, Lat   float64
	MercY      float64 // geo.MercatorY(Lat), precomputed for tiles
	Date       string  // "YYYY-MM-DD"
	EndDate    string  // "" when the incident has no end date
	Primary    string  // primary actor, see Incident.PrimaryActor
	Actors     []string
	Claimants  string // Actors joined with commas
	Type       Type
	Status     Verification
	DistrictID string
	Country    string // Location.Country: "" for records stored before it existed
	Admin1     string // Location.Admin1
	Precision  geo.Precision
	Killed     Killed
	Title      string // possibly shortened by the store; the incident has the full title
	Published  bool   // false for drafts and rejected incidents (seen only with Filter.Drafts)
}

// Region is the incident's region, as Location.Region gives it.
func (p *Point) Region() string {
	return Location{Country: p.Country, Admin1: p.Admin1}.Region()
}
