package store

import (
	"bytes"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/incidentmap/incidentmap/incident"
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
	}
	f.Add([]byte{recordV1, 0, 0})
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
		want := facts{deleted: flags&flagDeleted != 0, date: dateNum(in.Date), lon: in.Location.Lon, lat: in.Location.Lat,
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
	for _, in := range synth(50, 22) {
		in.Normalize()
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
