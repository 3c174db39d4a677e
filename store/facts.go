package store

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unsafe"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store/internal/pointindex"
)

// facts is what the secondary index entries of one incident need.
type facts struct {
	deleted          bool
	date             uint32 // YYYYMMDD
	lon, lat         float64
	district, series string
	actors           []string // distinct claim actors in claim order, as Incident.Actors
}

// The secondary indexes. An entry of any of them is a prefix (the
// district, actor or series; none for the date and cell indexes) and a
// 4-byte number (the date, or the spatial cell), listing seqs.
type ixKind uint8

const (
	ixDate ixKind = iota
	ixCell
	ixDistrict
	ixActor
	ixSeries
	nIx
)

var ixBuckets = [nIx][]byte{bktDate, bktCell, bktDistrict, bktActor, bktSeriesIdx}

func (ix ixKind) prefixed() bool { return ix >= ixDistrict }

// eachEntry calls fn for each index entry of an incident with facts f. It
// is the one statement of what the indexes hold: the writes that index at
// once (indexKeys) and the flush (segment.read) both derive their keys
// from it.
func (f *facts) eachEntry(fn func(ix ixKind, prefix string, n uint32)) {
	fn(ixDate, "", f.date)
	fn(ixCell, "", idxCell(f.lon, f.lat))
	fn(ixDistrict, f.district, f.date)
	for _, a := range f.actors {
		fn(ixActor, a, f.date)
	}
	if f.series != "" {
		fn(ixSeries, f.series, f.date)
	}
}

// factsOf is the facts of a decoded incident, as readFacts reads them from
// its record.
func factsOf(in *incident.Incident) facts {
	return facts{date: pointindex.DateNum(in.Date), lon: in.Location.Lon, lat: in.Location.Lat,
		district: in.Location.DistrictID, series: in.Series, actors: in.Actors()}
}

// readFacts reads the facts of a record without decoding the rest of it.
// Its strings point into rec: they are valid only as long as rec is, which
// for a record read from bbolt is the transaction.
func readFacts(rec []byte, f *facts) error {
	if len(rec) < 3 {
		return fmt.Errorf("%w: %d bytes", errCorrupt, len(rec))
	}
	if rec[0] != recordV1 && rec[0] != recordV2 {
		return fmt.Errorf("%w: unknown encoding version %d", errCorrupt, rec[0])
	}
	body := rec[3:]
	d := dec{s: unsafe.String(unsafe.SliceData(body), len(body))}
	f.deleted = rec[1]&flagDeleted != 0
	d.str("id")
	d.str("title")
	d.str("description")
	f.date = pointindex.DateNum(d.str("date"))
	d.str("end_date")
	d.str("date_precision")
	d.str("type")
	d.str("location.name")
	f.district = d.str("location.district_id")
	d.str("location.district")
	f.lon = d.f64("location.lon")
	f.lat = d.f64("location.lat")
	d.str("location.precision")
	d.str("location.method")
	if rec[0] >= recordV2 {
		d.str("location.country")
		d.str("location.admin1")
	}
	f.series = d.str("series")
	f.actors = f.actors[:0]
	n := d.count("claims", 8)
	for range n {
		a := d.str("claim actor")
		if !slices.Contains(f.actors, a) {
			f.actors = append(f.actors, a)
		}
		d.str("claim kind")
		d.str("claim date")
		ng := d.count("casualties", 3)
		for j := 0; j < ng && d.err == nil; j++ {
			d.str("group")
			d.rng("killed")
			d.rng("injured")
		}
		for _, what := range [...]string{"claim status", "source name", "source url", "claim notes"} {
			d.str(what)
		}
		if d.err != nil {
			break
		}
	}
	return d.err
}

// interner numbers distinct strings in the order it first sees them.
type interner struct {
	ids   map[string]uint64
	names []string
}

// id returns s's number; a new s is copied, so it may point into memory
// that goes away.
func (in *interner) id(s string) uint64 {
	if i, ok := in.ids[s]; ok {
		return i
	}
	if in.ids == nil {
		in.ids = map[string]uint64{}
	}
	s = strings.Clone(s)
	i := uint64(len(in.names))
	in.names = append(in.names, s)
	in.ids[s] = i
	return i
}

// ranks gives each number the rank of its string in sorted order, and the
// strings by rank.
func (in *interner) ranks() (rank []uint64, sorted []string) {
	order := make([]int, len(in.names))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(in.names[a], in.names[b]) })
	rank = make([]uint64, len(order))
	sorted = make([]string, len(order))
	for r, i := range order {
		rank[i] = uint64(r)
		sorted[r] = in.names[i]
	}
	return rank, sorted
}
