package server

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"strconv"
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
	// urls maps a request (version, path and raw query: urlKey) to its
	// cached tile, so a repeated URL is answered without parsing it
	// (Server.serveCachedTile). Entries go with the tile they point to.
	urls map[string]*tileURL
}

// tileURL is one URL answered by a cached tile, with its ETag.
type tileURL struct {
	key  string
	e    *tileEntry
	etag []string
}

type tileEntry struct {
	key  string
	raw  []byte // uncompressed MVT; empty for an empty tile
	once sync.Once
	gz   []byte // gzipped raw, made on first request that accepts gzip
	// rawLen and gzLen are the Content-Length header values.
	rawLen, gzLen []string
	urls          []string // urlKeys pointing here (guarded by the cache's mu)
	// charged is what the entry adds to the cache's size: key, body,
	// bookkeeping, and the gzipped body once it exists (guarded by mu).
	charged int64
}

// entryOverhead approximates the bookkeeping bytes of one entry.
const entryOverhead = 200

func newTileCache(maxBytes int64) *tileCache {
	return &tileCache{max: maxBytes, ll: list.New(), items: map[string]*list.Element{}, urls: map[string]*tileURL{}}
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
	cost := int64(len(e.key)+len(e.raw)) + entryOverhead
	if cost > c.max/4 {
		return // a single huge tile would flush everything else
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[e.key]; ok {
		return
	}
	e.rawLen = []string{strconv.Itoa(len(e.raw))}
	e.charged = cost
	c.items[e.key] = c.ll.PushFront(e)
	c.size += cost
	c.evict()
}

func (c *tileCache) evict() {
	for c.size > c.max {
		el := c.ll.Back()
		old := el.Value.(*tileEntry)
		c.ll.Remove(el)
		delete(c.items, old.key)
		c.size -= old.charged
		for _, u := range old.urls {
			delete(c.urls, u)
			c.size -= int64(len(u)) + urlOverhead
		}
	}
}

// urlOverhead approximates the bookkeeping bytes of one URL alias.
const urlOverhead = 120

// alias records that the request with urlKey u is answered by the cached
// entry e (if e is still cached) with the given ETag.
func (c *tileCache) alias(u string, e *tileEntry, etag string) {
	if !c.enabled() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[e.key]
	if !ok || el.Value.(*tileEntry) != e {
		return
	}
	if _, ok := c.urls[u]; ok {
		return
	}
	c.urls[u] = &tileURL{key: u, e: e, etag: []string{etag}}
	e.urls = append(e.urls, u)
	c.size += int64(len(u)) + urlOverhead
	c.evict()
}

// lookupURL finds the cached tile of a request by its urlKey, counting as
// a use of the tile.
func (c *tileCache) lookupURL(u []byte) (*tileURL, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.urls[string(u)]
	if !ok {
		return nil, false
	}
	if el, ok := c.items[t.e.key]; ok {
		c.ll.MoveToFront(el)
	}
	return t, true
}

// purge drops every entry.
func (c *tileCache) purge() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ll.Init()
	clear(c.items)
	clear(c.urls)
	c.size = 0
}

// gzipped returns e's body compressed, computing it once; while e is in the
// cache, its compressed body is charged to it from then on.
func (c *tileCache) gzipped(e *tileEntry) []byte {
	e.once.Do(func() {
		buf := bytes.NewBuffer(make([]byte, 0, len(e.raw)/2+64))
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(buf)
		zw.Write(e.raw)
		zw.Close()
		gzipWriters.Put(zw)
		e.gz = bytes.Clone(buf.Bytes()) // no spare capacity kept for the entry's life
		e.gzLen = []string{strconv.Itoa(len(e.gz))}
		c.charge(e, int64(len(e.gz)))
	})
	return e.gz
}

// charge adds n bytes to a cached entry's cost, evicting as needed; an
// entry already evicted costs nothing.
func (c *tileCache) charge(e *tileEntry, n int64) {
	if !c.enabled() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[e.key]; !ok || el.Value.(*tileEntry) != e {
		return
	}
	e.charged += n
	c.size += n
	c.evict()
}
