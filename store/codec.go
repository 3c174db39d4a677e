package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// Record layout in the incidents and revisions buckets:
//
//	[0] encoding version (recordV1 or recordV2)
//	[1] flags (flagDeleted: the record is a tombstone)
//	[2] action that produced this revision (actCreate ...)
//	[3:] the incident, fields in a fixed order: strings as uvarint length +
//	     bytes, floats as 8 little-endian bytes, counts as uvarints.
//
// A hand-written binary form decodes several times faster than JSON and is
// about half its size; the version byte lets a later release migrate.
//
// Version 2 adds the location's country and admin1 (two strings after the
// method). A location with neither is still written as version 1, byte for
// byte as before: the same content keeps giving the same bytes, so an
// incident stored by an earlier release and put again unchanged is still
// Unchanged (see contentLen), and files stay readable by that release as
// long as nothing outside Balochistan is stored.
const (
	recordV1 = 1
	recordV2 = 2
)

// recordVersion is the encoding version of in's record.
func recordVersion(in *incident.Incident) byte {
	if in.Location.Country == "" && in.Location.Admin1 == "" {
		return recordV1
	}
	return recordV2
}

const flagDeleted = 1

// Actions recorded with every revision.
const (
	actCreate  = 1
	actUpdate  = 2
	actDelete  = 3
	actRestore = 4
	actApprove = 5 // a draft published by a publisher (SetState)
	actReject  = 6 // a draft set aside by a publisher (SetState)
)

var actionNames = [...]string{"", "create", "update", "delete", "restore", "approve", "reject"}

func actionName(a byte) string {
	if int(a) < len(actionNames) {
		return actionNames[a]
	}
	return "unknown"
}

// errCorrupt is wrapped by every decoding error.
var errCorrupt = errors.New("store: corrupt record")

type enc struct{ b []byte }

func (e *enc) str(s string) {
	e.b = binary.AppendUvarint(e.b, uint64(len(s)))
	e.b = append(e.b, s...)
}
func (e *enc) uv(n uint64) { e.b = binary.AppendUvarint(e.b, n) }
func (e *enc) f64(f float64) {
	e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(f))
}
func (e *enc) time(t time.Time) {
	if t.IsZero() {
		e.b = append(e.b, 0)
		return
	}
	e.b = append(e.b, 1)
	e.b = binary.AppendVarint(e.b, t.Unix())
	e.b = binary.AppendUvarint(e.b, uint64(t.Nanosecond()))
}
func (e *enc) rng(r *incident.Range) {
	if r == nil {
		e.b = append(e.b, 0)
		return
	}
	if r.AtLeast {
		e.b = append(e.b, 2)
	} else {
		e.b = append(e.b, 1)
	}
	e.b = binary.AppendVarint(e.b, int64(r.Low))
	e.b = binary.AppendVarint(e.b, int64(r.High))
}

func (e *enc) claims(cs []incident.Claim) {
	e.uv(uint64(len(cs)))
	for i := range cs {
		c := &cs[i]
		e.str(c.Actor)
		e.str(string(c.Kind))
		e.str(c.Date)
		// Groups in a fixed order so that equal content gives equal bytes.
		e.uv(uint64(len(c.Casualties)))
		if len(c.Casualties) == 1 { // the usual case: nothing to order
			for g, f := range c.Casualties {
				e.group(g, f)
			}
		} else {
			groups := make([]string, 0, len(c.Casualties))
			for g := range c.Casualties {
				groups = append(groups, string(g))
			}
			sort.Strings(groups)
			for _, g := range groups {
				e.group(incident.Group(g), c.Casualties[incident.Group(g)])
			}
		}
		e.str(string(c.Status))
		e.str(c.Source.Name)
		e.str(c.Source.URL)
		e.str(c.Notes)
	}
}

// group encodes one casualty group's figures.
func (e *enc) group(g incident.Group, f incident.Figures) {
	e.str(string(g))
	e.rng(f.Killed)
	e.rng(f.Injured)
}

// encodeRecord appends the record form of in to dst.
func encodeRecord(dst []byte, flags, action byte, in *incident.Incident) []byte {
	return appendBookkeeping(encodeContent(dst, flags, action, in), in)
}

// encodeContent appends the header and the content part of the record form
// of in: everything but the bookkeeping fields.
func encodeContent(dst []byte, flags, action byte, in *incident.Incident) []byte {
	if dst == nil {
		n := 96 + len(in.ID) + len(in.Title) + len(in.Description) + len(in.Location.Name) + len(in.Location.District) +
			len(in.Location.Admin1)
		for i := range in.Claims {
			n += 64 + len(in.Claims[i].Source.URL) + len(in.Claims[i].Source.Name) + len(in.Claims[i].Notes)
		}
		dst = make([]byte, 0, n)
	}
	v := recordVersion(in)
	e := enc{b: append(dst, v, flags, action)}
	e.str(in.ID)
	e.str(in.Title)
	e.str(in.Description)
	e.str(in.Date)
	e.str(in.EndDate)
	e.str(string(in.DatePrecision))
	e.str(string(in.Type))
	l := &in.Location
	e.str(l.Name)
	e.str(l.DistrictID)
	e.str(l.District)
	e.f64(l.Lon)
	e.f64(l.Lat)
	e.str(string(l.Precision))
	e.str(l.Method)
	if v >= recordV2 {
		e.str(l.Country)
		e.str(l.Admin1)
	}
	e.str(in.Series)
	e.claims(in.Claims)
	e.uv(uint64(len(in.Sources)))
	for _, s := range in.Sources {
		e.str(s.Name)
		e.str(s.URL)
	}
	e.uv(uint64(len(in.Tags)))
	for _, t := range in.Tags {
		e.str(t)
	}
	e.str(string(in.State))
	e.str(in.ApprovedBy)
	return e.b
}

// appendBookkeeping ends a record begun by encodeContent. Bookkeeping comes
// last: everything before it is the content, so an identical re-put is a
// byte prefix comparison (see contentLen).
func appendBookkeeping(dst []byte, in *incident.Incident) []byte {
	return bookOf(in).append(dst)
}

// book is the bookkeeping part of a record.
type book struct {
	created, updated time.Time
	rev              int
	who              string
}

func bookOf(in *incident.Incident) book {
	return book{created: in.Created, updated: in.Updated, rev: in.Revision, who: in.UpdatedBy}
}

func (bk book) append(dst []byte) []byte {
	e := enc{b: dst}
	e.time(bk.created)
	e.time(bk.updated)
	e.uv(uint64(bk.rev))
	e.str(bk.who)
	return e.b
}

// contentLen is the length of the content part of a record encoded by
// encodeRecord(nil, ...): everything before Created. Fields are
// self-delimiting, so two records have the same content exactly when their
// first contentLen bytes are equal.
func contentLen(rec []byte, in *incident.Incident) int {
	tail := enc{}
	tail.time(in.Created)
	tail.time(in.Updated)
	tail.uv(uint64(in.Revision))
	tail.str(in.UpdatedBy)
	return len(rec) - len(tail.b)
}

// dec reads a record. All strings are substrings of s, a single copy of the
// record made once, so decoding costs one string allocation.
type dec struct {
	s   string
	i   int
	err error
}

func (d *dec) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: bad %s at byte %d", errCorrupt, what, d.i)
	}
}

func (d *dec) uv(what string) uint64 {
	if d.err != nil {
		return 0
	}
	var x uint64
	var s uint
	for j := 0; j < binary.MaxVarintLen64; j++ {
		if d.i >= len(d.s) {
			d.fail(what)
			return 0
		}
		b := d.s[d.i]
		d.i++
		if b < 0x80 {
			if j == binary.MaxVarintLen64-1 && b > 1 {
				d.fail(what)
				return 0
			}
			return x | uint64(b)<<s
		}
		x |= uint64(b&0x7f) << s
		s += 7
	}
	d.fail(what)
	return 0
}

func (d *dec) vi(what string) int64 {
	ux := d.uv(what)
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}

func (d *dec) byte1(what string) byte {
	if d.err != nil {
		return 0
	}
	if d.i >= len(d.s) {
		d.fail(what)
		return 0
	}
	b := d.s[d.i]
	d.i++
	return b
}

func (d *dec) str(what string) string {
	n := d.uv(what)
	if d.err != nil {
		return ""
	}
	if n > uint64(len(d.s)-d.i) {
		d.fail(what)
		return ""
	}
	s := d.s[d.i : d.i+int(n)]
	d.i += int(n)
	return s
}

func (d *dec) f64(what string) float64 {
	if d.err != nil {
		return 0
	}
	if len(d.s)-d.i < 8 {
		d.fail(what)
		return 0
	}
	var u uint64
	for j := 7; j >= 0; j-- {
		u = u<<8 | uint64(d.s[d.i+j])
	}
	d.i += 8
	return math.Float64frombits(u)
}

func (d *dec) time(what string) time.Time {
	switch d.byte1(what) {
	case 0:
		return time.Time{}
	case 1:
		sec := d.vi(what)
		ns := d.uv(what)
		if ns >= 1e9 {
			d.fail(what)
			return time.Time{}
		}
		return time.Unix(sec, int64(ns)).UTC()
	}
	d.fail(what)
	return time.Time{}
}

func (d *dec) rng(what string) *incident.Range {
	switch d.byte1(what) {
	case 0:
		return nil
	case 1, 2:
		at := d.s[d.i-1] == 2
		lo, hi := d.vi(what), d.vi(what)
		if lo < math.MinInt32 || lo > math.MaxInt32 || hi < math.MinInt32 || hi > math.MaxInt32 {
			d.fail(what)
			return nil
		}
		return &incident.Range{Low: int(lo), High: int(hi), AtLeast: at}
	}
	d.fail(what)
	return nil
}

// count reads a slice length and checks it against the bytes left, so that
// a corrupt length cannot make us allocate gigabytes.
func (d *dec) count(what string, minSize int) int {
	n := d.uv(what)
	if d.err != nil {
		return 0
	}
	if n > uint64((len(d.s)-d.i)/minSize) {
		d.fail(what)
		return 0
	}
	return int(n)
}

func (d *dec) claims() []incident.Claim {
	n := d.count("claims", 8)
	cs := make([]incident.Claim, n)
	for i := range cs {
		c := &cs[i]
		c.Actor = d.str("claim actor")
		c.Kind = incident.ClaimKind(d.str("claim kind"))
		c.Date = d.str("claim date")
		ng := d.count("casualties", 3)
		if ng > 0 {
			c.Casualties = make(incident.Casualties, ng)
			for j := 0; j < ng && d.err == nil; j++ {
				g := incident.Group(d.str("group"))
				c.Casualties[g] = incident.Figures{Killed: d.rng("killed"), Injured: d.rng("injured")}
			}
		}
		c.Status = incident.Verification(d.str("claim status"))
		c.Source.Name = d.str("source name")
		c.Source.URL = d.str("source url")
		c.Notes = d.str("claim notes")
		if d.err != nil {
			return nil
		}
	}
	return cs
}

// decodeRecord parses a record; it never panics on arbitrary input.
func decodeRecord(b []byte) (flags, action byte, in *incident.Incident, err error) {
	if len(b) < 3 {
		return 0, 0, nil, fmt.Errorf("%w: %d bytes", errCorrupt, len(b))
	}
	if b[0] != recordV1 && b[0] != recordV2 {
		return 0, 0, nil, fmt.Errorf("%w: unknown encoding version %d", errCorrupt, b[0])
	}
	d := dec{s: string(b[3:])}
	in = &incident.Incident{}
	in.ID = d.str("id")
	in.Title = d.str("title")
	in.Description = d.str("description")
	in.Date = d.str("date")
	in.EndDate = d.str("end_date")
	in.DatePrecision = incident.DatePrecision(d.str("date_precision"))
	in.Type = incident.Type(d.str("type"))
	l := &in.Location
	l.Name = d.str("location.name")
	l.DistrictID = d.str("location.district_id")
	l.District = d.str("location.district")
	l.Lon = d.f64("location.lon")
	l.Lat = d.f64("location.lat")
	l.Precision = geo.Precision(d.str("location.precision"))
	l.Method = d.str("location.method")
	if b[0] >= recordV2 {
		l.Country = d.str("location.country")
		l.Admin1 = d.str("location.admin1")
	}
	in.Series = d.str("series")
	in.Claims = d.claims()
	if n := d.count("sources", 2); n > 0 {
		in.Sources = make([]incident.Source, n)
		for i := range in.Sources {
			in.Sources[i] = incident.Source{Name: d.str("source name"), URL: d.str("source url")}
		}
	}
	if n := d.count("tags", 1); n > 0 {
		in.Tags = make([]string, n)
		for i := range in.Tags {
			in.Tags[i] = d.str("tag")
		}
	}
	in.State = incident.State(d.str("state"))
	in.ApprovedBy = d.str("approved_by")
	in.Created = d.time("created")
	in.Updated = d.time("updated")
	rev := d.uv("revision")
	in.Revision = int(rev)
	in.UpdatedBy = d.str("updated_by")
	if d.err == nil && rev > math.MaxInt32 {
		d.fail("revision")
	}
	if d.err == nil && d.i != len(d.s) {
		d.fail("trailing bytes")
	}
	if d.err != nil {
		return 0, 0, nil, d.err
	}
	if in.Claims == nil {
		in.Claims = []incident.Claim{}
	}
	return b[1], b[2], in, nil
}
