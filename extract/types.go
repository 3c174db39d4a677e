package extract

import (
	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// Place is a place named in the text, as a geoparser found it. Start and End
// are byte offsets of the name in the whole text.
type Place struct {
	Span
	Name       string        `json:"name"` // the gazetteer's name
	Kind       string        `json:"kind"` // province, district, tehsil, town, village
	DistrictID string        `json:"district_id,omitempty"`
	District   string        `json:"district,omitempty"`
	Country    string        `json:"country,omitempty"` // ISO 3166-1 alpha-2
	Admin1     string        `json:"admin1,omitempty"`  // province
	Lon        float64       `json:"lon"`
	Lat        float64       `json:"lat"`
	Precision  geo.Precision `json:"precision"`
	Sentence   int           `json:"sentence"`
	// Excluded says why the place was not used for the event's location
	// ("origin": people came from there; "actor": part of a group's name).
	Excluded string `json:"excluded,omitempty"`
	// scene is set for a place followed by ", where" and an event: the
	// text says the event happened there
	scene bool
}

// Geoparser finds place names in text. *geo.Gazetteer satisfies it through
// New; tests may pass a small fake.
type Geoparser interface {
	Parse(text string) []Place
}

// Evidence is where in the text an extracted field came from: the words that
// matched (Start, End, Text) and the sentence holding them.
type Evidence struct {
	Sentence      int    `json:"sentence"` // index into Result.Sentences
	SentenceStart int    `json:"sentence_start"`
	SentenceEnd   int    `json:"sentence_end"`
	Start         int    `json:"start"`
	End           int    `json:"end"`
	Text          string `json:"text"`
}

// ActorMention is an actor named in the text.
type ActorMention struct {
	ID   string    `json:"id"` // canonical actor id (incident.Actors)
	Kind ActorKind `json:"kind"`
	Evidence
}

// Figure is one casualty figure: how many of a group were killed or injured.
type Figure struct {
	Group   incident.Group `json:"group"`
	Outcome string         `json:"outcome"` // killed or injured
	Range   incident.Range `json:"range"`
	// Update is set for a figure that updates an earlier one ("the death
	// toll rose to 59"): it supersedes, where repeats do not.
	Update bool `json:"update,omitempty"`
	Evidence
}

// Claim is an extracted statement: the incident.Claim it becomes, plus the
// evidence for its speaker, kind and status and for each figure.
type Claim struct {
	incident.Claim
	Speaker      Evidence   `json:"speaker"`
	StatusCues   []Evidence `json:"status_cues,omitempty"`
	Figures      []Figure   `json:"figures,omitempty"`
	sentence     int        // last sentence that added to the claim
	speakerFound bool
	reports      bool // made by "reported" or "according to": the speaker is the source
}

// DateInfo is the extracted date of an event. Known is false when the text
// gives no date, or only a relative one and no publication date; Note then
// says so.
type DateInfo struct {
	Known     bool                   `json:"known"`
	Date      string                 `json:"date,omitempty"`
	EndDate   string                 `json:"end_date,omitempty"`
	Precision incident.DatePrecision `json:"precision,omitempty"`
	Note      string                 `json:"note,omitempty"`
	Evidence  *Evidence              `json:"evidence,omitempty"`
}

// Candidate is one candidate incident found in the text.
type Candidate struct {
	ID           string         `json:"id"`
	Title        string         `json:"title"`
	Sentences    []int          `json:"sentences"`
	Places       []Place        `json:"places"`
	Location     Place          `json:"location"`
	LocationNote string         `json:"location_note,omitempty"`
	Actors       []ActorMention `json:"actors"`
	Type         incident.Type  `json:"type"`
	TypeEvidence *Evidence      `json:"type_evidence,omitempty"`
	Date         DateInfo       `json:"date"`
	Claims       []Claim        `json:"claims"`
	// Silent lists actors the text says made no statement ("ISPR has not
	// commented"): recorded for the reviewer, never turned into claims.
	Silent     []ActorMention `json:"silent,omitempty"`
	Series     string         `json:"series,omitempty"` // id of a Result.Series
	SeriesName string         `json:"series_name,omitempty"`
	Notes      []string       `json:"notes,omitempty"`
	text       string
	dateFill   string // placeholder date for Incident() when the date is unknown
	separate   bool   // the text introduces it as a separate event ("Separately")
}

// SeriesCandidate is a named campaign (or a set of attacks across several
// districts reported together) with its claims.
type SeriesCandidate struct {
	ID       string         `json:"id"`
	Name     string         `json:"name"`
	Actor    string         `json:"actor,omitempty"`
	Evidence *Evidence      `json:"evidence,omitempty"`
	Date     DateInfo       `json:"date"`
	Claims   []Claim        `json:"claims"`
	Silent   []ActorMention `json:"silent,omitempty"`
	Members  []string       `json:"members"` // candidate ids
}

// Skipped is a sentence the extractor looked at and set aside, with why.
type Skipped struct {
	Sentence int    `json:"sentence"`
	Reason   string `json:"reason"`
}

// Result is everything extracted from one text.
type Result struct {
	Published  string             `json:"published,omitempty"`
	Sentences  []Span             `json:"sentences"`
	Candidates []Candidate        `json:"candidates"`
	Series     []*incident.Series `json:"series"`
	SeriesInfo []SeriesCandidate  `json:"series_info"`
	Skipped    []Skipped          `json:"skipped,omitempty"`
}
