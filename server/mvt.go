package server

import (
	"encoding/binary"
	"math"
	"slices"
	"unsafe"

	"github.com/incidentmap/incidentmap/exchange"
)

// mvtLayer builds one layer of a Mapbox Vector Tile (spec 2.1) holding
// points, writing the protocol buffer directly. orb's encoding/mvt goes
// through geojson.Feature and map[string]any per feature, which costs about
// ten times as much for the point layers that dominate our tiles (see
// BenchmarkEncodePoints); the districts layer, a few polygons, still uses orb.
// Keys and values are deduplicated as the spec asks.
type mvtLayer struct {
	name     string
	extent   uint32
	keys     []string
	keyIdx   map[string]uint32
	vals     []byte // encoded Value messages, each prefixed with the layer's field tag
	nvals    uint32
	strIdx   map[string]uint32
	otherIdx map[mvtValue]uint32
	smallInt [smallInts]int32 // value index of the ints 0..smallInts-1, or -1
	feats    []byte
	n        int
	tags     []uint32
	geom     []byte
	// interned caches the value index of strings by their data pointer
	// (see tagInterned); entries of an older gen are stale.
	interned [internedSlots]internedValue
	gen      uint32
}

// internedSlots is the size of the pointer cache of tagInterned.
const internedSlots = 1024

type internedValue struct {
	p   *byte
	n   int
	idx uint32
	gen uint32
}

// smallInts are the integers (counts, killed figures) looked up in an array
// rather than a map.
const smallInts = 1024

type mvtValue struct {
	kind uint8 // 3 double, 4 int, 7 bool
	n    uint64
}

func newMVTLayer() *mvtLayer {
	return &mvtLayer{keyIdx: map[string]uint32{}, strIdx: map[string]uint32{}, otherIdx: map[mvtValue]uint32{}}
}

// reset empties the layer for reuse under a new name.
func (l *mvtLayer) reset(name string, extent uint32) {
	l.name, l.extent = name, extent
	l.keys = l.keys[:0]
	clear(l.keyIdx)
	l.vals = l.vals[:0]
	l.nvals = 0
	clear(l.strIdx)
	clear(l.otherIdx)
	for i := range l.smallInt {
		l.smallInt[i] = -1
	}
	l.feats = l.feats[:0]
	l.n = 0
	l.tags = l.tags[:0]
	if l.gen++; l.gen == 0 {
		l.interned = [internedSlots]internedValue{}
		l.gen = 1
	}
}

// Len is the number of features added.
func (l *mvtLayer) Len() int { return l.n }

func (l *mvtLayer) key(k string) uint32 {
	if i, ok := l.keyIdx[k]; ok {
		return i
	}
	i := uint32(len(l.keys))
	l.keys = append(l.keys, k)
	l.keyIdx[k] = i
	return i
}

func (l *mvtLayer) strValue(v string) uint32 {
	if i, ok := l.strIdx[v]; ok {
		return i
	}
	i := l.newStrValue(v)
	l.strIdx[v] = i
	return i
}

// newStrValue appends v to the layer's values and returns its index.
func (l *mvtLayer) newStrValue(v string) uint32 {
	i := l.nvals
	l.nvals++
	l.vals = append(l.vals, 0x22) // Layer.values
	l.vals = binary.AppendUvarint(l.vals, uint64(1+uvarintLen(uint64(len(v)))+len(v)))
	l.vals = append(l.vals, 0x0a) // Value.string_value
	l.vals = binary.AppendUvarint(l.vals, uint64(len(v)))
	l.vals = append(l.vals, v...)
	return i
}

// tagInterned adds a string value that is usually one of few shared
// strings (a date, an actor, a district id from the store's index): the
// value index is found by the string's data pointer in a small cache before
// the map keyed by content. Equal pointers and lengths mean equal content,
// since strings are immutable.
func (l *mvtLayer) tagInterned(k uint32, v string) {
	if len(v) == 0 {
		l.tagString(k, v)
		return
	}
	p := unsafe.StringData(v)
	h := (uintptr(unsafe.Pointer(p))>>3 ^ uintptr(len(v))) & (internedSlots - 1)
	e := &l.interned[h]
	if e.gen == l.gen && e.p == p && e.n == len(v) {
		l.tags = append(l.tags, k, e.idx)
		return
	}
	i := l.strValue(v)
	*e = internedValue{p: p, n: len(v), idx: i, gen: l.gen}
	l.tags = append(l.tags, k, i)
}

// tagUniqueString adds a string value known to differ from every other
// value of the layer (an incident id: each incident is one feature), so it
// skips the lookup that deduplicates values.
func (l *mvtLayer) tagUniqueString(k uint32, v string) {
	l.tags = append(l.tags, k, l.newStrValue(v))
}

func (l *mvtLayer) intValue(v int64) uint32 {
	if v >= 0 && v < smallInts {
		if i := l.smallInt[v]; i >= 0 {
			return uint32(i)
		}
		i := l.value(mvtValue{kind: 4, n: uint64(v)})
		l.smallInt[v] = int32(i)
		return i
	}
	return l.value(mvtValue{kind: 4, n: uint64(v)})
}

func (l *mvtLayer) value(v mvtValue) uint32 {
	if i, ok := l.otherIdx[v]; ok {
		return i
	}
	i := l.nvals
	l.nvals++
	l.otherIdx[v] = i
	var body [10]byte
	var b []byte
	switch v.kind {
	case 3:
		b = append(body[:0], 0x19) // Value.double_value
		b = binary.LittleEndian.AppendUint64(b, v.n)
	case 4:
		b = append(body[:0], 0x20) // Value.int_value
		b = binary.AppendUvarint(b, v.n)
	case 7:
		b = append(body[:0], 0x38, byte(v.n)) // Value.bool_value
	}
	l.vals = append(l.vals, 0x22, byte(len(b)))
	l.vals = append(l.vals, b...)
	return i
}

// tagString and tagInt add a key/value pair to the feature being built.
// Keys are indexes from l.key or the preset incident keys (keyID...).
func (l *mvtLayer) tagString(k uint32, v string) {
	l.tags = append(l.tags, k, l.strValue(v))
}

func (l *mvtLayer) tagInt(k uint32, v int64) {
	l.tags = append(l.tags, k, l.intValue(v))
}

// incidentKeys are the keys of the incidents layer: the tile fields of
// exchange.Fields, preset in this order by resetIncidents so that tagging
// a feature needs no key lookup. keyID... are their indexes.
var incidentKeys = tileFieldNames()

var (
	keyID         = incidentKey("id")
	keyTitle      = incidentKey("title")
	keyDate       = incidentKey("date")
	keyEndDate    = incidentKey("end_date")
	keyPrimary    = incidentKey("primary_claimant")
	keyClaimants  = incidentKey("claimants")
	keyType       = incidentKey("type")
	keyStatus     = incidentKey("status")
	keyDistrict   = incidentKey("district_id")
	keyPrecision  = incidentKey("precision")
	keyKilledLow  = incidentKey("killed_low")
	keyKilledBest = incidentKey("killed_best")
	keyKilledHigh = incidentKey("killed_high")
	keyCount      = incidentKey("count")
	keyCountry    = incidentKey("country")
	keyAdmin1     = incidentKey("admin1")
	keyRegion     = incidentKey("region")
)

func tileFieldNames() []string {
	var out []string
	for _, f := range exchange.FieldsIn(exchange.InTile) {
		out = append(out, f.Name)
	}
	return out
}

// incidentKey is the index of the tile field name; it panics at start-up
// for a name not in the table, so a renamed field cannot go unnoticed.
func incidentKey(name string) uint32 {
	i := slices.Index(incidentKeys, name)
	if i < 0 {
		panic("server: no tile field " + name)
	}
	return uint32(i)
}

// resetIncidents empties the layer and presets the incident keys.
func (l *mvtLayer) resetIncidents(name string, extent uint32) {
	l.reset(name, extent)
	for _, k := range incidentKeys {
		l.key(k)
	}
}

func (l *mvtLayer) tagFloat(k uint32, v float64) {
	l.tags = append(l.tags, k, l.value(mvtValue{kind: 3, n: math.Float64bits(v)}))
}

func (l *mvtLayer) tagBool(k uint32, v bool) {
	var n uint64
	if v {
		n = 1
	}
	l.tags = append(l.tags, k, l.value(mvtValue{kind: 7, n: n}))
}

// addPoint finishes a point feature at tile coordinates x, y with the tags
// added since the previous feature. id 0 means no id.
func (l *mvtLayer) addPoint(id uint64, x, y int32) {
	// Geometry: MoveTo(1), zigzag dx, zigzag dy.
	g := append(l.geom[:0], 9)
	g = binary.AppendUvarint(g, zigzag(x))
	g = binary.AppendUvarint(g, zigzag(y))
	l.geom = g

	tagsLen := 0
	for _, t := range l.tags {
		tagsLen += uvarintLen(uint64(t))
	}
	size := 0
	if id != 0 {
		size += 1 + uvarintLen(id)
	}
	if len(l.tags) > 0 {
		size += 1 + uvarintLen(uint64(tagsLen)) + tagsLen
	}
	size += 2                  // type POINT
	size += 1 + 1 + len(g)     // geometry (len < 128)
	b := append(l.feats, 0x12) // Layer.features
	b = binary.AppendUvarint(b, uint64(size))
	if id != 0 {
		b = append(b, 0x08)
		b = binary.AppendUvarint(b, id)
	}
	if len(l.tags) > 0 {
		b = append(b, 0x12)
		b = binary.AppendUvarint(b, uint64(tagsLen))
		for _, t := range l.tags {
			b = binary.AppendUvarint(b, uint64(t))
		}
	}
	b = append(b, 0x18, 1, 0x22, byte(len(g)))
	b = append(b, g...)
	l.feats = b
	l.tags = l.tags[:0]
	l.n++
}

// appendTile appends the layer as a Tile.layers field to dst. An empty
// layer appends nothing.
func (l *mvtLayer) appendTile(dst []byte) []byte {
	if l.n == 0 {
		return dst
	}
	size := 2 // version
	size += 1 + uvarintLen(uint64(len(l.name))) + len(l.name)
	size += len(l.feats)
	for _, k := range l.keys {
		size += 1 + uvarintLen(uint64(len(k))) + len(k)
	}
	size += len(l.vals)
	size += 1 + uvarintLen(uint64(l.extent))
	dst = slices.Grow(dst, 1+uvarintLen(uint64(size))+size)
	dst = append(dst, 0x1a)
	dst = binary.AppendUvarint(dst, uint64(size))
	dst = append(dst, 0x78, 2) // version 2
	dst = append(dst, 0x0a)
	dst = binary.AppendUvarint(dst, uint64(len(l.name)))
	dst = append(dst, l.name...)
	dst = append(dst, l.feats...)
	for _, k := range l.keys {
		dst = append(dst, 0x1a)
		dst = binary.AppendUvarint(dst, uint64(len(k)))
		dst = append(dst, k...)
	}
	dst = append(dst, l.vals...)
	dst = append(dst, 0x28)
	dst = binary.AppendUvarint(dst, uint64(l.extent))
	return dst
}

func zigzag(v int32) uint64 { return uint64(uint32((v << 1) ^ (v >> 31))) }

func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}
