package store

import (
	"bytes"
	"encoding/hex"
	"errors"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store/internal/pointindex"
)

type bboltTx = bolt.Tx

// FuzzDecodeRecord: decoding arbitrary bytes never panics, and whatever
// decodes re-encodes to the same bytes.
func FuzzDecodeRecord(f *testing.F) {
	for _, in := range synth(5, 21) {
		in.Created = time.Date(2025, 7, 10, 1, 2, 3, 4, time.UTC)
		in.Tags = []string{"a", "b"}
		in.Sources = []incident.Source{{Name: "n", URL: "u"}}
		f.Add(encodeRecord(nil, 0, actCreate, in))
		in.Location.Country, in.Location.Admin1 = "IR", "Sistan and Baluchestan"
		f.Add(encodeRecord(nil, 0, actCreate, in))
	}
	f.Add([]byte{recordV1, 0, 0})
	f.Add([]byte{recordV2, 0, 0})
	f.Add([]byte{2, 0, 0, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		var fa facts
		ferr := readFacts(b, &fa) // must not panic on any input
		flags, act, in, err := decodeRecord(b)
		if err != nil {
			return
		}
		// What the index reads from a valid record agrees with the decoder.
		if ferr != nil {
			t.Fatalf("readFacts fails on a record that decodes: %v", ferr)
		}
		want := facts{deleted: flags&flagDeleted != 0, date: pointindex.DateNum(in.Date), lon: in.Location.Lon, lat: in.Location.Lat,
			district: in.Location.DistrictID, series: in.Series, actors: in.Actors()}
		if !factsEqual(fa, want) {
			t.Fatalf("readFacts = %+v, decoder gives %+v", fa, want)
		}
		again := encodeRecord(nil, flags, act, in)
		if !bytes.Equal(again, b) {
			// Encodings are canonical except for non-minimal varints and
			// map order, so compare by decoding again.
			_, _, in2, err := decodeRecord(again)
			if err != nil {
				t.Fatalf("re-encoded record does not decode: %v", err)
			}
			if !bytes.Equal(encodeRecord(nil, flags, act, in2), again) {
				t.Fatalf("encoding is not stable")
			}
		}
	})
}

func TestRecordRoundTrip(t *testing.T) {
	for i, in := range synth(50, 22) {
		in.Normalize()
		switch i % 4 { // every region, and one field without the other
		case 1:
			in.Location.Country, in.Location.Admin1 = "PK", "Balochistan"
		case 2:
			in.Location.Country, in.Location.Admin1 = "AF", "Kandahar"
		case 3:
			in.Location.Admin1 = "Punjab"
		}
		in.Created = time.Date(2025, 7, 10, 1, 2, 3, 4, time.UTC)
		in.Claims = append(in.Claims, incident.Claim{Actor: "BLF", Kind: incident.KindDenial, Status: incident.Denied,
			Casualties: incident.Casualties{incident.Civilians: {Injured: &incident.Range{Low: 2, High: 5}}}, Notes: "n"})
		b := encodeRecord(nil, flagDeleted, actDelete, in)
		flags, act, got, err := decodeRecord(b)
		if err != nil || flags != flagDeleted || act != actDelete {
			t.Fatalf("decode: %v %d %d", err, flags, act)
		}
		if !bytes.Equal(encodeRecord(nil, flags, act, got), b) || !got.Created.Equal(in.Created) ||
			got.Claims[1].Casualties[incident.Civilians].Injured.High != 5 || got.Location != in.Location {
			t.Fatalf("round trip changed %+v into %+v", in, got)
		}
	}
}

func factsEqual(a, b facts) bool {
	same := func(x, y float64) bool { return x == y || (x != x && y != y) } // NaN == NaN here
	return a.deleted == b.deleted && a.date == b.date && same(a.lon, b.lon) && same(a.lat, b.lat) &&
		a.district == b.district && a.series == b.series && slices.Equal(a.actors, b.actors)
}

// oldRecord is a record as the release before Country and Admin1 wrote it
// (encoding version 1), captured from that code: the location ends with
// the method, then comes the series.
const oldRecord = "010001054f4c442d311549454420626c617374206e65617220547572626174000a323032342d30332d3035000364617907626f6d62696e67065475726261" +
	"74046b656368044b6563686666666666864f400000000000003a4004746f776e0772657665727365000103424c4617636c61696d5f6f665f726573706f6e7369" +
	"62696c69747900010f73656375726974795f666f72636573010606000a756e76657269666965640000000001036f6c64097075626c69736865640001c0fac1de" +
	"0c0001c0fac1de0c000106696d706f7274"

// TestDecodeVersion1Record: a record written before Country and Admin1
// existed still decodes (to neither, so to Balochistan), its index facts
// still read, and the same content encodes to the same bytes, so putting
// it again is Unchanged.
func TestDecodeVersion1Record(t *testing.T) {
	b, err := hex.DecodeString(oldRecord)
	if err != nil {
		t.Fatal(err)
	}
	flags, act, in, err := decodeRecord(b)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	want := incident.Location{Name: "Turbat", DistrictID: "kech", District: "Kech", Lon: 63.05, Lat: 26.0,
		Precision: geo.PrecisionTown, Method: incident.MethodReverse}
	if flags != 0 || act != actCreate || in.ID != "OLD-1" || in.Location != want || in.Series != "" ||
		len(in.Claims) != 1 || in.Claims[0].Actor != "BLF" || !slices.Equal(in.Tags, []string{"old"}) ||
		in.UpdatedBy != "import" || in.Revision != 1 {
		t.Fatalf("decoded %+v", in)
	}
	if r := in.Location.Region(); r != incident.RegionBalochistan {
		t.Errorf("region %q, want %q", r, incident.RegionBalochistan)
	}
	var fa facts
	if err := readFacts(b, &fa); err != nil || fa.district != "kech" || fa.date != 20240305 || !slices.Equal(fa.actors, []string{"BLF"}) {
		t.Errorf("readFacts = %+v, %v", fa, err)
	}
	if again := encodeRecord(nil, flags, act, in); !bytes.Equal(again, b) {
		t.Errorf("re-encoded as\n%x\nwant the version 1 bytes\n%x", again, b)
	}
	in.Location.Country, in.Location.Admin1 = "PK", "Balochistan"
	v2 := encodeRecord(nil, flags, act, in)
	if v2[0] != recordV2 {
		t.Fatalf("a location with a country encodes as version %d, want %d", v2[0], recordV2)
	}
	if _, _, got, err := decodeRecord(v2); err != nil || got.Location != in.Location {
		t.Errorf("version 2 round trip: %+v, %v", got, err)
	}
	if err := readFacts(v2, &fa); err != nil || fa.district != "kech" || fa.series != "" || !slices.Equal(fa.actors, []string{"BLF"}) {
		t.Errorf("readFacts of version 2 = %+v, %v", fa, err)
	}
}

// TestPutAcrossRecordVersions: a put compares content including the
// encoding version, so adding or dropping a country is a change, and the
// same content is Unchanged whichever version holds it.
func TestPutAcrossRecordVersions(t *testing.T) {
	db := mustOpen(t, "")
	ctx := t.Context()
	in := synth(1, 8)[0]
	steps := []struct {
		name            string
		country, admin1 string
		want            Change
		version         byte
	}{
		{"create without country", "", "", Created, recordV1},
		{"same again", "", "", Unchanged, recordV1},
		{"country added", "PK", "Balochistan", Updated, recordV2},
		{"same again with country", "PK", "Balochistan", Unchanged, recordV2},
		{"moved to Sindh", "PK", "Sindh", Updated, recordV2},
		{"country dropped", "", "", Updated, recordV1},
		{"only admin1", "", "Sindh", Updated, recordV2},
	}
	for _, st := range steps {
		c := *in
		c.Location.Country, c.Location.Admin1 = st.country, st.admin1
		_, ch, err := db.Put(ctx, &c, "t")
		if err != nil || ch != st.want {
			t.Fatalf("%s: change %v (%v), want %v", st.name, ch, err, st.want)
		}
		var rec []byte
		err = db.bolt.View(func(tx *bboltTx) error {
			seq := tx.Bucket(bktIDs).Get([]byte(c.ID))
			rec = slices.Clone(tx.Bucket(bktIncidents).Get(seq))
			return nil
		})
		if err != nil || len(rec) == 0 || rec[0] != st.version {
			t.Fatalf("%s: record %x (%v), want version %d", st.name, rec, err, st.version)
		}
		got, err := db.Get(ctx, c.ID)
		if err != nil || got.Location.Country != st.country || got.Location.Admin1 != st.admin1 {
			t.Fatalf("%s: Get = %+v, %v", st.name, got, err)
		}
	}
}

// FuzzParseCursor: a cursor from a client never panics the parser; what it
// refuses wraps ErrBadCursor; what it accepts names a real date and
// survives an encode/parse round trip unchanged.
func FuzzParseCursor(f *testing.F) {
	f.Add("")
	f.Add(cursor{date: 20250710, id: "BLA-2025-001"}.encode())
	f.Add(cursor{date: 1, id: "x"}.encode())
	f.Add("AQAAAAA")
	f.Add("%%%")
	f.Add("AgE0VmVB")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := parseCursor(s)
		if err != nil {
			if !errors.Is(err, ErrBadCursor) {
				t.Fatalf("parseCursor(%q): error %v does not wrap ErrBadCursor", s, err)
			}
			return
		}
		if c == nil {
			if s != "" {
				t.Fatalf("parseCursor(%q) = nil without an error", s)
			}
			return
		}
		if c.date == 0 || c.id == "" {
			t.Fatalf("parseCursor(%q) = %+v: no date or id", s, *c)
		}
		again, err := parseCursor(c.encode())
		if err != nil || *again != *c {
			t.Fatalf("round trip of %+v: %+v, %v", *c, again, err)
		}
	})
}
