package server

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
)

// TestTileCacheCharges: the cache charges each entry its key, body and
// bookkeeping, adds the gzipped body when one is made, stays within its
// size by dropping the least recently used tiles, and forgets the URLs of
// the tiles it drops.
func TestTileCacheCharges(t *testing.T) {
	body := func(i int) []byte { // barely compressible, so gzipped bodies cost about as much
		r := rand.New(rand.NewPCG(uint64(i), 1))
		b := make([]byte, 1000)
		for j := range b {
			b[j] = byte(r.Uint32())
		}
		return b
	}
	c := newTileCache(10 * (1000 + 4 + entryOverhead))
	var es []*tileEntry
	for i := range 10 {
		e := &tileEntry{key: fmt.Sprintf("k%03d", i), raw: body(i)}
		c.add(e)
		es = append(es, e)
	}
	if want := int64(10 * (1000 + 4 + entryOverhead)); c.size != want || len(c.items) != 10 {
		t.Fatalf("size %d with %d entries, want %d with 10", c.size, len(c.items), want)
	}
	if _, ok := c.get("k000"); !ok { // now the most recently used
		t.Fatal("k000 missing")
	}
	c.alias("u0", es[0], `"e0"`) // one URL costs its bookkeeping: the oldest tile goes
	if _, ok := c.get("k001"); ok {
		t.Error("least recently used tile k001 kept past the size")
	}
	if _, ok := c.get("k000"); !ok {
		t.Fatal("tile k000, just used, dropped")
	}

	gz := c.gzipped(es[0]) // charged: the oldest tiles make room
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(zr); !bytes.Equal(got, es[0].raw) {
		t.Error("gzipped body differs from the tile")
	}
	if cap(gz)-len(gz) > len(gz)/8 {
		t.Errorf("gzipped body keeps %d spare bytes", cap(gz)-len(gz))
	}
	if es[0].charged != int64(len("k000")+1000+entryOverhead+len(gz)) {
		t.Errorf("k000 charged %d", es[0].charged)
	}
	var sum int64
	for _, el := range c.items {
		sum += el.Value.(*tileEntry).charged
	}
	for u := range c.urls {
		sum += int64(len(u)) + urlOverhead
	}
	if c.size != sum || c.size > c.max {
		t.Errorf("size %d, entries and URLs add up to %d, max %d", c.size, sum, c.max)
	}
	for _, e := range es[3:] { // more gzipped bodies than room: k002 goes first
		c.gzipped(e)
	}
	if _, ok := c.get("k002"); ok {
		t.Error("k002, the least recently used, kept after the gzipped bodies needed room")
	}
	if c.size > c.max {
		t.Errorf("size %d over max %d after gzipping", c.size, c.max)
	}

	for i := 10; i < 30; i++ { // k000 and its URL go in time
		c.add(&tileEntry{key: fmt.Sprintf("k%03d", i), raw: body(i)})
	}
	if _, ok := c.lookupURL([]byte("u0")); ok || len(c.urls) != 0 {
		t.Errorf("URL of a dropped tile still answers (%d URLs)", len(c.urls))
	}
	if c.size > c.max {
		t.Errorf("size %d over max %d", c.size, c.max)
	}
	before := c.size
	c.charge(es[0], 500) // a dropped tile charges nothing
	if c.size != before {
		t.Errorf("a dropped tile's charge moved the size from %d to %d", before, c.size)
	}
}
