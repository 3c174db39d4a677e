package server

import (
	"encoding/binary"
	"math"
)

// mvtLayer builds one layer of a Mapbox Vector Tile (spec 2.1) holding
// points, writing the protocol buffer directly. orb's encoding/mvt goes
// through geojson.Feature and map[string]any per feature, which costs about
// ten times as much for the point layers that dominate our tiles (see
// BenchmarkEncodePoints); the districts layer, a few polygons, still uses orb.
// Keys and values are deduplicated as the spec asks.
type mvtLayer struct {
	name   string
	extent uint32
	keys   []string
	keyIdx map[string]uint32
	vals   []byte // encoded Value messages, each prefixed with the layer's field tag
	nvals  uint32
	valIdx map[mvtValue]uint32
	feats  []byte
	n      int
	tags   []uint32
	geom   []byte
}

type mvtValue struct {
	kind uint8 // 1 string, 3 double, 4 int, 7 bool
	s    string
	n    uint64
}

func newMVTLayer() *mvtLayer {
	return &mvtLayer{keyIdx: map[string]uint32{}, valIdx: map[mvtValue]uint32{}}
}

// reset empties the layer for reuse under a new name.
func (l *mvtLayer) reset(name string, extent uint32) {
	l.name, l.extent = name, extent
	l.keys = l.keys[:0]
	clear(l.keyIdx)
	l.vals = l.vals[:0]
	l.nvals = 0
	clear(l.valIdx)
	l.feats = l.feats[:0]
	l.n = 0
	l.tags = l.tags[:0]
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

func (l *mvtLayer) value(v mvtValue) uint32 {
	if i, ok := l.valIdx[v]; ok {
		return i
	}
	i := l.nvals
	l.nvals++
	l.valIdx[v] = i
	var body [10]byte
	var b []byte
	switch v.kind {
	case 1:
		l.vals = append(l.vals, 0x22) // Layer.values
		l.vals = binary.AppendUvarint(l.vals, uint64(1+uvarintLen(uint64(len(v.s)))+len(v.s)))
		l.vals = append(l.vals, 0x0a)
		l.vals = binary.AppendUvarint(l.vals, uint64(len(v.s)))
		l.vals = append(l.vals, v.s...)
		return i
	case 3:
		b = append(body[:0], 0x19)
		b = binary.LittleEndian.AppendUint64(b, v.n)
	case 4:
		b = append(body[:0], 0x20)
		b = binary.AppendUvarint(b, v.n)
	case 7:
		b = append(body[:0], 0x38, byte(v.n))
	}
	l.vals = append(l.vals, 0x22, byte(len(b)))
	l.vals = append(l.vals, b...)
	return i
}

// tag adds a key/value pair to the feature being built.
func (l *mvtLayer) tagString(k, v string) {
	l.tags = append(l.tags, l.key(k), l.value(mvtValue{kind: 1, s: v}))
}

func (l *mvtLayer) tagInt(k string, v int64) {
	l.tags = append(l.tags, l.key(k), l.value(mvtValue{kind: 4, n: uint64(v)}))
}

func (l *mvtLayer) tagFloat(k string, v float64) {
	l.tags = append(l.tags, l.key(k), l.value(mvtValue{kind: 3, n: math.Float64bits(v)}))
}

func (l *mvtLayer) tagBool(k string, v bool) {
	var n uint64
	if v {
		n = 1
	}
	l.tags = append(l.tags, l.key(k), l.value(mvtValue{kind: 7, n: n}))
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
