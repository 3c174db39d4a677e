package pointindex

import (
	"context"
	"hash/maphash"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// The point index covers Balochistan's bounding box with a grid of
// gridDeg-degree cells; points of the outer ring beyond it (incident.Validate
// keeps every point inside geo.RegionBound) are clamped into the edge
// cells, which the province itself does not reach, so that the grid stays
// small where the incidents are dense. A cell lists
// the slots (seq-1) of its incidents in ascending order, so a tile bound
// touches only nearby points and iteration order is deterministic.
const (
	gridMinLon, gridMaxLon = 60.0, 71.0
	gridMinLat, gridMaxLat = 24.0, 33.0
	gridDeg                = 0.05
	gridW                  = 220 // (gridMaxLon-gridMinLon)/gridDeg
	gridH                  = 180 // (gridMaxLat-gridMinLat)/gridDeg
)

// row is the compact per-incident record of the point index: 64 bytes.
type row struct {
	lon, lat  float64
	my        float64 // geo.MercatorY(lat)
	date, end uint32  // YYYYMMDD; end == date when there is no end date
	off       uint32  // offset of the ID in the arena
	toff      uint32  // offset of the title in the arena, shared by equal titles
	prof      uint32  // actor profile
	series    uint32  // 0 = none, else index+1 into pix.series
	killed    [3]uint16
	district  uint16
	admin     uint16 // index into pix.admins: the location's country and admin1
	idLen     uint8
	titleLen  uint8
	typ       uint8 // index into incident.Types
	status    uint8 // index into incident.Verifications
	prec      uint8 // index into geo.Precisions
	flags     uint8 // rowLive, rowPublished, rowBigKilled, rowOutside
}

const (
	rowLive      = 1 << iota // present and not deleted
	rowPublished             // State is published
	rowBigKilled             // killed figures exceed uint16: see pix.bigKilled
	rowOutside               // Location.Region is RegionOutside
)

// admin is an interned pair of a location's country and admin1.
type admin struct{ country, admin1 string }

type profile struct {
	primary string
	actors  []string
	ids     []uint16 // actors as indexes into pix.actorNames
	joined  string   // actors joined with commas

	// The same of the claims whose status Confirms (Filter.Verified);
	// vactors is empty when no claim is confirmed.
	vprimary string
	vactors  []string
	vjoined  string
}

// The per-actor grids are coarser than the main grid (actorCellDeg, 2 x 2
// main cells) so that each actor costs a small table of slot lists.
const (
	actorGridStep = 2
	actorGridW    = gridW / actorGridStep
	actorGridH    = gridH / actorGridStep
)

func actorCellOf(lon, lat float64) int {
	c := cellOf(lon, lat)
	return (c/gridW/actorGridStep)*actorGridW + (c%gridW)/actorGridStep
}

// Index is the in-memory point index: a compact row per incident slot
// (seq-1), grids of slots, interned strings in an append-only arena, an
// actor grid, a word index, and the counts a query planner needs. It is
// not safe for concurrent use: its owner guards it (the store with its
// read-write lock).
type Index struct {
	rows      []row // by slot = seq-1
	arena     []byte
	titleMax  int
	garbage   int // arena bytes no row refers to (shared titles count once per row)
	titles    *titleCache
	cells     [][]uint32 // gridW*gridH cells of slots
	profiles  []profile
	profByKey map[string]uint32
	districts []string
	distByID  map[string]uint16
	admins    []admin // admins[0] is the empty pair, of every record stored before Country existed
	adminByID map[admin]uint16
	series    []string
	serByID   map[string]uint32
	dates     map[uint32]string
	dayStrs   []string // the strings of dates by dayKey
	bigKilled map[uint32]incident.Killed
	// vkilled holds the figures of the confirmed claims (Filter.Verified)
	// of the rows where they differ from the figures of all claims.
	vkilled map[uint32]incident.Killed
	text    *textIndex // the words of Filter.Text's fields

	// actorNames interns actor ids; actorCells[a] is a coarse grid of the
	// incidents with a claim by actor a, each cell a list of date<<32|slot,
	// ascending: a claimant filter visits only that actor's incidents, and
	// only those of its date range.
	actorNames []string
	actorByID  map[string]uint16
	actorCells [][][]uint64

	// Statistics for the query planner.
	live       int
	byActor    map[string]int
	byDistrict map[string]int
	bySeries   map[string]int
	byDay      map[uint32]int
	maxSpan    int // longest EndDate-Date in days ever seen
}

func New(titleMax int) *Index {
	return &Index{
		titleMax:   titleMax,
		cells:      make([][]uint32, gridW*gridH),
		profByKey:  map[string]uint32{},
		distByID:   map[string]uint16{},
		admins:     []admin{{}},
		adminByID:  map[admin]uint16{{}: 0},
		serByID:    map[string]uint32{},
		dates:      map[uint32]string{},
		bigKilled:  map[uint32]incident.Killed{},
		vkilled:    map[uint32]incident.Killed{},
		text:       newTextIndex(),
		actorByID:  map[string]uint16{},
		byActor:    map[string]int{},
		byDistrict: map[string]int{},
		bySeries:   map[string]int{},
		byDay:      map[uint32]int{},
	}
}

func cellOf(lon, lat float64) int {
	x := int((lon - gridMinLon) / gridDeg)
	y := int((lat - gridMinLat) / gridDeg)
	x = min(max(x, 0), gridW-1)
	y = min(max(y, 0), gridH-1)
	return y*gridW + x
}

// dateNum turns a valid "YYYY-MM-DD" into YYYYMMDD; invalid input gives 0.
func DateNum(s string) uint32 {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0
	}
	var n uint32
	for i := 0; i < 10; i++ {
		if i == 4 || i == 7 {
			continue
		}
		c := s[i]
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + uint32(c-'0')
	}
	return n
}

func (p *Index) dateStr(n uint32, s string) string {
	if d, ok := p.dates[n]; ok {
		return d
	}
	s = strings.Clone(s) // not a substring pinning a whole decoded record
	p.dates[n] = s
	if k := dayKey(n); k >= 0 && k < maxDayKey {
		if k >= len(p.dayStrs) {
			p.dayStrs = slices.Grow(p.dayStrs, k+1-len(p.dayStrs))[:k+1]
		}
		p.dayStrs[k] = s
	}
	return s
}

// dayKey maps YYYYMMDD from 1900 on to a small dense index (31 slots a
// month) for dayStrs; other numbers give -1.
func dayKey(n uint32) int {
	y, m, d := int(n/10000), int(n/100%100), int(n%100)
	if y < 1900 || m < 1 || m > 12 || d < 1 || d > 31 {
		return -1
	}
	return (y-1900)*372 + (m-1)*31 + d - 1
}

// maxDayKey bounds dayStrs (years 1900-2199, 1.9 MB at most); later dates
// are found in the dates map only.
const maxDayKey = 300 * 372

// dateOf is the "YYYY-MM-DD" of a date number set by dateStr: a slice
// index on the tile path instead of a map lookup.
func (p *Index) dateOf(n uint32) string {
	if k := dayKey(n); k >= 0 && k < len(p.dayStrs) && p.dayStrs[k] != "" {
		return p.dayStrs[k]
	}
	return p.dates[n]
}

func indexOf[T comparable](xs []T, x T) uint8 {
	if i := slices.Index(xs, x); i >= 0 {
		return uint8(i)
	}
	return 255
}

func (p *Index) profileOf(in *incident.Incident) uint32 {
	actors := in.Actors()
	prim := in.PrimaryActor()
	key := prim
	for _, a := range actors {
		key += "\x00" + a
	}
	vin := incident.Incident{Claims: incident.ConfirmedClaims(in.Claims)}
	vactors, vprim := vin.Actors(), ""
	if len(vactors) > 0 {
		vprim = vin.PrimaryActor()
		key += "\x01" + vprim
		for _, a := range vactors {
			key += "\x00" + a
		}
	}
	if i, ok := p.profByKey[key]; ok {
		return i
	}
	for j := range vactors {
		vactors[j] = p.actorNames[p.actorOf(vactors[j])]
	}
	i := uint32(len(p.profiles))
	ids := make([]uint16, len(actors))
	for j := range actors {
		ids[j] = p.actorOf(actors[j])
		actors[j] = p.actorNames[ids[j]]
	}
	p.profiles = append(p.profiles, profile{primary: strings.Clone(prim), actors: actors, ids: ids,
		joined: strings.Join(actors, ","), vprimary: strings.Clone(vprim), vactors: vactors, vjoined: strings.Join(vactors, ",")})
	p.profByKey[key] = i
	return i
}

// actorOf interns an actor id.
func (p *Index) actorOf(a string) uint16 {
	if i, ok := p.actorByID[a]; ok {
		return i
	}
	if len(p.actorNames) == math.MaxUint16 {
		return 0 // more than 65535 actors: cannot happen with the actors table
	}
	a = strings.Clone(a)
	i := uint16(len(p.actorNames))
	p.actorNames = append(p.actorNames, a)
	p.actorByID[a] = i
	p.actorCells = append(p.actorCells, make([][]uint64, actorGridW*actorGridH))
	return i
}

// actorIndex adds (d > 0) or removes slot from the grids of r's actors.
func (p *Index) actorIndex(slot uint32, r *row, d int) {
	ac := actorCellOf(r.lon, r.lat)
	e := uint64(r.date)<<32 | uint64(slot)
	for _, a := range p.profiles[r.prof].ids {
		c := p.actorCells[a][ac]
		i, found := slices.BinarySearch(c, e)
		switch {
		case d > 0 && !found:
			p.actorCells[a][ac] = slices.Insert(c, i, e)
		case d < 0 && found:
			p.actorCells[a][ac] = slices.Delete(c, i, i+1)
		}
	}
}

func (p *Index) districtOf(id string) uint16 {
	if i, ok := p.distByID[id]; ok {
		return i
	}
	i := uint16(len(p.districts))
	if len(p.districts) == math.MaxUint16 {
		i = 0 // more than 65535 district ids: cannot happen with the gazetteer
	} else {
		id = strings.Clone(id)
		p.districts = append(p.districts, id)
	}
	p.distByID[id] = i
	return i
}

// adminOf interns a location's country and admin1.
func (p *Index) adminOf(l *incident.Location) uint16 {
	k := admin{l.Country, l.Admin1}
	if i, ok := p.adminByID[k]; ok {
		return i
	}
	if len(p.admins) == math.MaxUint16 {
		return 0 // more than 65535 provinces: cannot happen with the gazetteer
	}
	k = admin{strings.Clone(k.country), strings.Clone(k.admin1)}
	i := uint16(len(p.admins))
	p.admins = append(p.admins, k)
	p.adminByID[k] = i
	return i
}

func (p *Index) seriesOf(id string) uint32 {
	if id == "" {
		return 0
	}
	if i, ok := p.serByID[id]; ok {
		return i
	}
	id = strings.Clone(id)
	p.series = append(p.series, id)
	i := uint32(len(p.series))
	p.serByID[id] = i
	return i
}

// shorten cuts s to at most n bytes at a rune boundary.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// growFor makes room for rows up to seq top and n more arena bytes,
// doubling capacity: appending one row at a time grows a large slice by
// only a quarter, copying it about five times over during a bulk load.
func (p *Index) Grow(top uint64, n int) {
	if top > uint64(cap(p.rows)) {
		rows := make([]row, len(p.rows), max(top, 2*uint64(cap(p.rows))))
		copy(rows, p.rows)
		p.rows = rows
	}
	if need := len(p.arena) + n; need > cap(p.arena) {
		// Strings handed out keep pointing into the old array, which
		// stays alive while they do; its bytes are never rewritten.
		arena := make([]byte, len(p.arena), max(need, 2*cap(p.arena)))
		copy(arena, p.arena)
		p.arena = arena
	}
}

// set makes slot hold in (live) or removes it (in == nil or deleted).
func (p *Index) Set(seq uint64, in *incident.Incident, deleted bool) {
	slot := uint32(seq - 1)
	for uint64(len(p.rows)) < seq {
		p.rows = append(p.rows, row{})
	}
	old := &p.rows[slot]
	if old.flags&rowLive != 0 {
		p.unstat(slot, old)
		c := p.cells[cellOf(old.lon, old.lat)]
		if i, ok := slices.BinarySearch(c, slot); ok {
			p.cells[cellOf(old.lon, old.lat)] = slices.Delete(c, i, i+1)
		}
		delete(p.bigKilled, slot)
		delete(p.vkilled, slot)
	}
	if in == nil || deleted {
		// A deleted incident's words stay listed: the row is not live,
		// so they select nothing, and a restore lists the same words.
		old.flags &^= rowLive
		return
	}
	p.text.add(slot, in)
	r := row{
		lon: in.Location.Lon, lat: in.Location.Lat, my: geo.MercatorY(in.Location.Lat),
		date: DateNum(in.Date), prof: p.profileOf(in),
		series: p.seriesOf(in.Series), district: p.districtOf(in.Location.DistrictID), admin: p.adminOf(&in.Location),
		typ: indexOf(incident.Types, in.Type), status: indexOf(incident.Verifications, in.Verification()),
		prec: indexOf(geo.Precisions, in.Location.Precision), flags: rowLive,
	}
	p.dateStr(r.date, in.Date)
	r.end = r.date
	if in.EndDate != "" {
		r.end = DateNum(in.EndDate)
		p.dateStr(r.end, in.EndDate)
		if d1, err1 := incident.ParseDate(in.Date); err1 == nil {
			if d2, err2 := incident.ParseDate(in.EndDate); err2 == nil {
				p.maxSpan = max(p.maxSpan, int(d2.Sub(d1).Hours()/24)+1)
			}
		}
	}
	if in.Published() {
		r.flags |= rowPublished
	}
	if in.Location.Region() == incident.RegionOutside {
		r.flags |= rowOutside
	}
	k := incident.DeriveKilled(in.Claims)
	if k.Low > math.MaxUint16 || k.Best > math.MaxUint16 || k.High > math.MaxUint16 || k.Low < 0 {
		r.flags |= rowBigKilled
		p.bigKilled[slot] = k
	} else {
		r.killed = [3]uint16{uint16(k.Low), uint16(k.Best), uint16(k.High)}
	}
	if vc := incident.ConfirmedClaims(in.Claims); len(vc) > 0 {
		if vk := incident.DeriveKilled(vc); vk != k {
			p.vkilled[slot] = vk
		}
	}
	title := shorten(in.Title, min(p.titleMax, 255))
	// Strings handed out point into the arena, so its bytes are never
	// rewritten: every set appends, and compactArena starts a fresh arena
	// when more than half of it is garbage.
	if old.off != 0 || old.idLen != 0 || old.titleLen != 0 {
		p.garbage += int(old.idLen) + int(old.titleLen)
	}
	r.off = uint32(len(p.arena))
	r.idLen = uint8(min(len(in.ID), 255))
	p.arena = append(p.arena, in.ID[:r.idLen]...)
	r.toff, r.titleLen = p.internTitle(title), uint8(len(title))
	*old = r
	p.compactArena()
	cell := cellOf(r.lon, r.lat)
	c := p.cells[cell]
	i, _ := slices.BinarySearch(c, slot)
	p.cells[cell] = slices.Insert(c, i, slot)
	p.stat(slot, old, 1)
}

func (p *Index) compactArena() {
	if p.garbage < 1<<20 || p.garbage < len(p.arena)/2 {
		return
	}
	old := p.arena
	p.arena = make([]byte, 0, max(len(old)-p.garbage, 0)+1024)
	p.garbage = 0
	p.titles = nil
	moved := map[uint32]uint32{} // a shared title's old offset -> new
	for i := range p.rows {
		r := &p.rows[i]
		off := uint32(len(p.arena))
		p.arena = append(p.arena, old[r.off:r.off+uint32(r.idLen)]...)
		r.off = off
		if t, ok := moved[r.toff]; ok {
			r.toff = t
			continue
		}
		t := p.internTitle(unsafeString(old[r.toff : r.toff+uint32(r.titleLen)]))
		moved[r.toff], r.toff = t, t
	}
}

// titleCache remembers where recent titles lie in the arena, so that rows
// with equal titles (templated reports, or a series' incidents) share one
// copy: the arena stays small, and a tile's equal titles are one string,
// which the tile encoder deduplicates by pointer. It is a fixed table that
// forgets on collision, so it costs the same whether titles repeat or not.
type titleCache struct {
	seed  maphash.Seed
	slots [titleSlots]struct {
		off uint32
		n   uint8
		set bool
	}
}

const titleSlots = 1 << 15

// internTitle returns the arena offset of a copy of t, appending one
// unless the cache knows an equal title.
func (p *Index) internTitle(t string) uint32 {
	if p.titles == nil {
		p.titles = &titleCache{seed: maphash.MakeSeed()}
	}
	e := &p.titles.slots[maphash.String(p.titles.seed, t)&(titleSlots-1)]
	if e.set && int(e.n) == len(t) && string(p.arena[e.off:e.off+uint32(e.n)]) == t {
		return e.off
	}
	off := uint32(len(p.arena))
	p.arena = append(p.arena, t...)
	e.off, e.n, e.set = off, uint8(len(t)), true
	return off
}

// clip drops the spare capacity that appending left in the index's slices,
// about a third of its size after a bulk build.
func (p *Index) Clip() {
	if cap(p.rows)-len(p.rows) > len(p.rows)/16 {
		p.rows = slices.Clip(slices.Clone(p.rows))
	}
	if cap(p.arena)-len(p.arena) > len(p.arena)/16 {
		p.arena = slices.Clone(p.arena)
	}
	for i, c := range p.cells {
		if cap(c) > len(c) {
			p.cells[i] = slices.Clone(c)
		}
	}
	for _, cells := range p.actorCells {
		for i, c := range cells {
			if cap(c) > len(c) {
				cells[i] = slices.Clone(c)
			}
		}
	}
}

func (p *Index) unstat(slot uint32, r *row) { p.stat(slot, r, -1) }

func (p *Index) stat(slot uint32, r *row, d int) {
	p.actorIndex(slot, r, d)
	p.live += d
	for _, a := range p.profiles[r.prof].actors {
		p.byActor[a] += d
	}
	p.byDistrict[p.districts[r.district]] += d
	if r.series != 0 {
		p.bySeries[p.series[r.series-1]] += d
	}
	p.byDay[r.date] += d
}

func (p *Index) id(r *row) string {
	return unsafeString(p.arena[r.off : r.off+uint32(r.idLen)])
}

func (p *Index) title(r *row) string {
	return unsafeString(p.arena[r.toff : r.toff+uint32(r.titleLen)])
}

func (p *Index) killedOf(slot uint32, r *row) incident.Killed {
	if r.flags&rowBigKilled != 0 {
		return p.bigKilled[slot]
	}
	return incident.Killed{Low: int(r.killed[0]), Best: int(r.killed[1]), High: int(r.killed[2])}
}

// verifiedKilled is the figures of a row's confirmed claims.
func (p *Index) verifiedKilled(slot uint32, r *row) incident.Killed {
	if k, ok := p.vkilled[slot]; ok {
		return k
	}
	return p.killedOf(slot, r)
}

// point fills pt from a row; with verified (Filter.Verified) its claimants
// and figures are those of the confirmed claims.
func (p *Index) point(slot uint32, pt *incident.Point, verified bool) {
	r := &p.rows[slot]
	pr := &p.profiles[r.prof]
	*pt = incident.Point{
		Seq: uint64(slot) + 1, ID: p.id(r), Lon: r.lon, Lat: r.lat, MercY: r.my,
		Date: p.dateOf(r.date), Primary: pr.primary, Actors: pr.actors, Claimants: pr.joined,
		DistrictID: p.districts[r.district], Country: p.admins[r.admin].country, Admin1: p.admins[r.admin].admin1,
		Killed: p.killedOf(slot, r), Title: p.title(r), Published: r.flags&rowPublished != 0,
	}
	if verified {
		pt.Primary, pt.Actors, pt.Claimants, pt.Killed = pr.vprimary, pr.vactors, pr.vjoined, p.verifiedKilled(slot, r)
	}
	if r.end != r.date {
		pt.EndDate = p.dateOf(r.end)
	}
	if int(r.typ) < len(incident.Types) {
		pt.Type = incident.Types[r.typ]
	}
	if int(r.status) < len(incident.Verifications) {
		pt.Status = incident.Verifications[r.status]
	}
	if int(r.prec) < len(geo.Precisions) {
		pt.Precision = geo.Precisions[r.prec]
	}
}

// Matcher is a Filter compiled against the point index. It decides every
// condition exactly as incident.Filter.Match does, Text from the text
// index.
type Matcher struct {
	p         *Index
	from, to  uint32
	profOK    []int8 // per profile: 0 unknown, 1 match, -1 no match
	claimants []string
	verified  bool // Filter.Verified
	districts []bool
	types     uint32
	statuses  uint32
	series    []bool
	bbox      *orb.Bound
	drafts    bool
	region    uint8    // with regionOn: the rowOutside bit a row must have (0 or rowOutside)
	regionOn  bool     // Region is set
	none      bool     // the filter can match nothing (e.g. an unknown district)
	text      []uint64 // with Text: the slots it selects, a bit each
}

func (p *Index) Compile(f *incident.Filter) *Matcher {
	m := &Matcher{p: p, bbox: f.BBox, drafts: f.Drafts, claimants: f.Claimants, verified: f.Verified}
	if f.From != "" {
		m.from = DateNum(f.From)
		if m.from == 0 { // not a date: compare as Match would, by string
			m.from = LexDate(f.From)
		}
	}
	m.to = math.MaxUint32
	if f.To != "" {
		m.to = DateNum(f.To)
		if m.to == 0 {
			m.to = LexDate(f.To)
		}
	}
	if len(f.Claimants) > 0 || f.Verified {
		m.profOK = make([]int8, len(p.profiles))
	}
	if len(f.Districts) > 0 {
		m.districts = make([]bool, len(p.districts))
		for _, d := range f.Districts {
			if i, ok := p.distByID[d]; ok {
				m.districts[i] = true
			}
		}
	}
	if len(f.Types) > 0 {
		for _, t := range f.Types {
			if i := indexOf(incident.Types, t); i < 32 {
				m.types |= 1 << i
			}
		}
		m.none = m.none || m.types == 0
	}
	if len(f.Statuses) > 0 {
		for _, s := range f.Statuses {
			if i := indexOf(incident.Verifications, s); i < 32 {
				m.statuses |= 1 << i
			}
		}
		m.none = m.none || m.statuses == 0
	}
	switch f.Region {
	case "":
	case incident.RegionBalochistan:
		m.regionOn = true
	case incident.RegionOutside:
		m.regionOn, m.region = true, rowOutside
	default: // as Match: a value outside the vocabulary matches nothing
		m.none = true
	}
	if f.Text != "" {
		m.text = p.textSet(f.Text)
		m.none = m.none || allZero(m.text)
	}
	if len(f.Series) > 0 {
		m.series = make([]bool, len(p.series)+1)
		for _, s := range f.Series {
			if i, ok := p.serByID[s]; ok {
				m.series[i] = true
			}
		}
	}
	return m
}

// lexDate maps a malformed date bound to the YYYYMMDD number that orders the
// same way against valid dates, as far as the first 8 digits allow.
func LexDate(s string) uint32 {
	var n uint32
	digits := 0
	for i := 0; i < len(s) && digits < 8; i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n = n*10 + uint32(s[i]-'0')
			digits++
		}
	}
	for ; digits < 8; digits++ {
		n *= 10
	}
	return n
}

func (m *Matcher) Match(slot uint32) bool {
	r := &m.p.rows[slot]
	if r.flags&rowLive == 0 || m.none {
		return false
	}
	if !m.drafts && r.flags&rowPublished == 0 {
		return false
	}
	if m.regionOn && r.flags&rowOutside != m.region {
		return false
	}
	if r.end < m.from || r.date > m.to {
		return false
	}
	if m.profOK != nil {
		ok := m.profOK[r.prof]
		if ok == 0 {
			ok = -1
			actors := m.p.profiles[r.prof].actors
			if m.verified {
				actors = m.p.profiles[r.prof].vactors
			}
			for _, a := range actors {
				if len(m.claimants) == 0 || slices.Contains(m.claimants, a) {
					ok = 1
					break
				}
			}
			m.profOK[r.prof] = ok
		}
		if ok < 0 {
			return false
		}
	}
	if m.districts != nil && (int(r.district) >= len(m.districts) || !m.districts[r.district]) {
		return false
	}
	if m.types != 0 && (r.typ >= 32 || m.types&(1<<r.typ) == 0) {
		return false
	}
	if m.statuses != 0 && (r.status >= 32 || m.statuses&(1<<r.status) == 0) {
		return false
	}
	if m.series != nil && (int(r.series) >= len(m.series) || !m.series[r.series]) {
		return false
	}
	if m.bbox != nil && !m.bbox.Contains(orb.Point{r.lon, r.lat}) {
		return false
	}
	if m.text != nil && m.text[slot/64]&(1<<(slot%64)) == 0 {
		return false
	}
	return true
}

// textSet is the bitmap of the slots that the text query q selects, as
// incident.MatchText decides: by word from the text index, or by id prefix
// from the ids in the arena (an id is one "word" of its own, so it is not
// listed word by word: a million unique ids would be a million words).
func (p *Index) textSet(q string) []uint64 {
	set := p.text.textSet(q, len(p.rows))
	if len(q) <= 255 && !strings.ContainsAny(q, " \t") {
		for slot := range p.rows {
			r := &p.rows[slot]
			if r.flags&rowLive != 0 && incident.IDHasPrefix(p.id(r), q) {
				set[slot/64] |= 1 << (slot % 64)
			}
		}
	}
	return set
}

// cellRange lists the grid cells a bound touches.
func cellRange(b orb.Bound) (x0, y0, x1, y1 int, ok bool) {
	if b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1] || math.IsNaN(b.Min[0]) || math.IsNaN(b.Min[1]) || math.IsNaN(b.Max[0]) || math.IsNaN(b.Max[1]) {
		return 0, 0, 0, 0, false
	}
	// Points beyond the grid are clamped into its edge cells, and so is a
	// bound beyond it: it reads those edge cells.
	c0, c1 := cellOf(b.Min[0], b.Min[1]), cellOf(b.Max[0], b.Max[1])
	return c0 % gridW, c0 / gridW, c1 % gridW, c1 / gridW, true
}

// scan calls fn for each slot matching m inside b (nil: everywhere).
func (p *Index) Scan(ctx context.Context, m *Matcher, b *orb.Bound, fn func(slot uint32) bool) error {
	if b == nil && m.bbox != nil {
		b = m.bbox
	}
	if b == nil && len(m.claimants) > 0 {
		return p.scanActors(ctx, m, nil, 0, 0, actorGridW-1, actorGridH-1, fn)
	}
	if b == nil {
		for slot := range p.rows {
			if slot&0xffff == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			if m.Match(uint32(slot)) && !fn(uint32(slot)) {
				return nil
			}
		}
		return nil
	}
	x0, y0, x1, y1, ok := cellRange(*b)
	if !ok {
		return nil
	}
	if len(m.claimants) > 0 {
		return p.scanActors(ctx, m, b, x0/actorGridStep, y0/actorGridStep, x1/actorGridStep, y1/actorGridStep, fn)
	}
	for y := y0; y <= y1; y++ {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		for x := x0; x <= x1; x++ {
			for _, slot := range p.cells[y*gridW+x] {
				r := &p.rows[slot]
				if !b.Contains(orb.Point{r.lon, r.lat}) || !m.Match(slot) {
					continue
				}
				if !fn(slot) {
					return nil
				}
			}
		}
	}
	return nil
}

// scanActors is scan for a filter with claimants: it walks the coarse
// per-actor grids of the claimants, cells x0..x1, y0..y1, one claimant after
// the other. An incident claimed by several of the claimants is reported
// once, from the list of the first of them.
func (p *Index) scanActors(ctx context.Context, m *Matcher, b *orb.Bound, x0, y0, x1, y1 int, fn func(slot uint32) bool) error {
	if m.none {
		return nil
	}
	var acts []uint16
	for _, c := range m.claimants {
		if a, ok := p.actorByID[c]; ok && !slices.Contains(acts, a) {
			acts = append(acts, a)
		}
	}
	// Entries are ordered by start date; one that starts up to maxSpan
	// days before From may still overlap the range.
	lo := uint64(0)
	if m.from > 0 {
		lo = uint64(DateNum(spanBefore(m.from, p.maxSpan))) << 32
	}
	hi := uint64(m.to)<<32 | math.MaxUint32
	for k, a := range acts {
		earlier := acts[:k]
		grid := p.actorCells[a]
		for y := y0; y <= y1; y++ {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			for x := x0; x <= x1; x++ {
				c := grid[y*actorGridW+x]
				if len(c) == 0 {
					continue
				}
				i, _ := slices.BinarySearch(c, lo)
				c = c[i:]
			slots:
				for j, e := range c {
					if e > hi {
						break
					}
					p.touchAhead(c, j)
					slot := uint32(e)
					r := &p.rows[slot]
					if b != nil && (r.lon < b.Min[0] || r.lon > b.Max[0] || r.lat < b.Min[1] || r.lat > b.Max[1]) {
						continue
					}
					if !m.Match(slot) {
						continue
					}
					if len(earlier) > 0 {
						for _, id := range p.profiles[r.prof].ids {
							if slices.Contains(earlier, id) {
								continue slots
							}
						}
					}
					if !fn(slot) {
						return nil
					}
				}
			}
		}
	}
	return nil
}

// touchAhead prefetches the row of the entry 16 places after j and the
// arena bytes (id, title) of the entry 8 places after it. The rows and
// strings of one actor's cell lie scattered over the index, and waiting for
// each in turn was about 40% of a filtered tile's time; prefetched, the
// loads overlap the work on the entries before them.
func (p *Index) touchAhead(c []uint64, j int) {
	if j+16 < len(c) {
		prefetch(uintptr(unsafe.Pointer(&p.rows[uint32(c[j+16])])))
	}
	if j+8 < len(c) {
		if off := p.rows[uint32(c[j+8])].off; int(off) < len(p.arena) {
			prefetch(uintptr(unsafe.Pointer(&p.arena[off])))
		}
	}
}

// spanBefore is the date days before YYYYMMDD n, as "YYYY-MM-DD"; "" (no
// lower bound) when n is not a valid date.
func spanBefore(n uint32, days int) string {
	t := time.Date(int(n/10000), time.Month(n/100%100), int(n%100), 0, 0, 0, 0, time.UTC)
	if t.Year() != int(n/10000) || t.Month() != time.Month(n/100%100) || t.Day() != int(n%100) {
		return ""
	}
	return t.AddDate(0, 0, -days).Format(time.DateOnly)
}

// estimateBound counts the points in the cells a bound touches: an upper
// bound on the matches of a bbox filter, in O(cells).
func (p *Index) EstimateBound(b orb.Bound) int {
	x0, y0, x1, y1, ok := cellRange(b)
	if !ok {
		return 0
	}
	n := 0
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			n += len(p.cells[y*gridW+x])
		}
	}
	return n
}

// Points calls fn for every incident matching f whose point lies in b:
// no record is decoded. Order is by grid cell, then by slot. fn must not
// keep p after it returns; the caller holds the lock that guards p.
func (p *Index) Points(ctx context.Context, f *incident.Filter, b orb.Bound, fn func(pt *incident.Point) bool) error {
	m := p.Compile(f)
	var pt incident.Point
	return p.Scan(ctx, m, &b, func(slot uint32) bool {
		p.point(slot, &pt, f.Verified)
		return fn(&pt)
	})
}
