package exchange

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// TestTextSequenceAcrossChunks: a text sequence several buffers long, with
// lines of every length straddling buffer ends and one line longer than a
// buffer, imports every row with its own content and line number, though
// the buffers are recycled (and overwritten, see TestMain) as rows are
// parsed.
func TestTextSequenceAcrossChunks(t *testing.T) {
	g := mustGazetteer(t)
	var in bytes.Buffer
	want := map[string]string{}
	const n = 6000
	for i := range n {
		desc := fmt.Sprintf("row %d %s", i, strings.Repeat("abcdefghij", i%97+1))
		id := fmt.Sprintf("CH-%05d", i)
		want[id] = desc
		fmt.Fprintf(&in, `{"type":"Feature","geometry":{"type":"Point","coordinates":[66.99,30.18]},"properties":{"id":%q,"date":"2025-07-10","claimant":"BLA","type":"ambush","description":%q}}`+"\n", id, desc)
		if i == 3000 { // longer than a buffer: a bad row, reported on its own line
			fmt.Fprintf(&in, `{"type":"Feature","properties":{"id":"LONG","date":"2025-07-10","description":%q}}`+"\n", strings.Repeat("x", chunkSize+1000))
		}
	}
	if in.Len() < 4*chunkSize {
		t.Fatalf("input of %d bytes does not span several buffers", in.Len())
	}
	sink := newMemSink()
	sum, err := Import(t.Context(), &in, sink, Options{Name: "chunks.geojsons", Geocoder: g, SkipInvalid: true, BatchSize: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rows != n || sum.Invalid != 1 || len(sum.Errors) != 1 || !strings.Contains(sum.Errors[0].Error(), "chunks.geojsons:3002:") {
		t.Fatalf("rows %d, invalid %d, errors %v; want %d rows and one bad row on line 3002", sum.Rows, sum.Invalid, sum.Errors, n)
	}
	for id, desc := range want {
		got, ok := sink.byID[id]
		if !ok {
			t.Fatalf("%s missing", id)
		}
		if got.Description != desc && got.Title != desc {
			t.Fatalf("%s: description %q, title %q; want %q", id, got.Description, got.Title, desc)
		}
	}
}
