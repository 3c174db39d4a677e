package server

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"sync"
)

// tileCache is a bounded LRU of encoded tiles. Keys include the store's
// data version, so a write makes every older entry unreachable; writes also
// purge the cache so that memory goes to current tiles.
type tileCache struct {
	mu    sync.Mutex
	max   int64
	size  int64
	ll    *list.List
	items map[string]*list.Element
}

type tileEntry struct {
	key  string
	raw  []byte // uncompressed MVT; empty for an empty tile
	once sync.Once
	gz   []byte // gzipped raw, made on first request that accepts gzip
}

// entryOverhead approximates the bookkeeping bytes of one entry.
const entryOverhead = 200

func newTileCache(maxBytes int64) *tileCache {
	return &tileCache{max: maxBytes, ll: list.New(), items: map[string]*list.Element{}}
}

func (c *tileCache) enabled() bool { return c.max > 0 }

func (c *tileCache) get(key string) (*tileEntry, bool) {
	if !c.enabled() {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return nil, false
	}
	c.ll.MoveToFront(el)
	return el.Value.(*tileEntry), true
}

func (c *tileCache) add(e *tileEntry) {
	if !c.enabled() {
		return
	}
	cost := e.cost()
	if cost > c.max/4 {
		return // a single huge tile would flush everything else
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[e.key]; ok {
		return
	}
	c.items[e.key] = c.ll.PushFront(e)
	c.size += cost
	for c.size > c.max {
		el := c.ll.Back()
		old := el.Value.(*tileEntry)
		c.ll.Remove(el)
		delete(c.items, old.key)
		c.size -= old.cost()
	}
}

// purge drops every entry.
func (c *tileCache) purge() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ll.Init()
	clear(c.items)
	c.size = 0
}

// gzipped returns the entry's body compressed, computing it once.
func (e *tileEntry) gzipped() []byte {
	e.once.Do(func() {
		var buf bytes.Buffer
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(&buf)
		zw.Write(e.raw)
		zw.Close()
		gzipWriters.Put(zw)
		e.gz = buf.Bytes()
	})
	return e.gz
}

// cost is the bytes charged for e: key, body, and room for its gzipped form.
func (e *tileEntry) cost() int64 { return int64(len(e.key)+len(e.raw)*3/2) + entryOverhead }
