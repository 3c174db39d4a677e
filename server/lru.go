package server

import (
	"container/list"
	"context"
	"sync"

	"golang.org/x/sync/singleflight"
)

// lru is a cache of values by key, bounded by a total cost (bytes for
// tiles, a count for aggregates), dropping the least recently used entry
// first. Do computes a missing value once however many requests ask for
// it at the same time. Keys carry the store's data version, so a write
// makes older entries unreachable; Purge frees them at once.
//
// A max of 0 or less disables the cache: Do then still shares concurrent
// computations but keeps nothing.
type lru[V any] struct {
	max  int64
	cost func(key string, v V) int64

	mu    sync.Mutex
	size  int64
	ll    list.List // of *lruEntry[V], most recent first
	items map[string]*list.Element

	flights singleflight.Group
}

type lruEntry[V any] struct {
	key  string
	v    V
	cost int64
}

// newLRU returns a cache holding entries up to a total cost of max.
func newLRU[V any](max int64, cost func(key string, v V) int64) *lru[V] {
	return &lru[V]{max: max, cost: cost, items: map[string]*list.Element{}}
}

func (c *lru[V]) enabled() bool { return c.max > 0 }

// Get returns the value cached under key, counting as a use.
func (c *lru[V]) Get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.ll.MoveToFront(el)
		return el.Value.(*lruEntry[V]).v, true
	}
	var zero V
	return zero, false
}

// Add caches v under key, unless the key is cached already or v alone
// would take more than a quarter of the cache (it would flush everything
// else).
func (c *lru[V]) Add(key string, v V) {
	if !c.enabled() {
		return
	}
	cost := c.cost(key, v)
	if cost > c.max/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[key]; ok {
		return
	}
	c.items[key] = c.ll.PushFront(&lruEntry[V]{key: key, v: v, cost: cost})
	c.size += cost
	c.evict()
}

// Charge adds n to the cost of the entry under key (a tile's gzipped body,
// made after it was cached), evicting as needed. An entry no longer cached
// costs nothing.
func (c *lru[V]) Charge(key string, n int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return
	}
	el.Value.(*lruEntry[V]).cost += n
	c.size += n
	c.evict()
}

func (c *lru[V]) evict() {
	for c.size > c.max {
		el := c.ll.Back()
		e := el.Value.(*lruEntry[V])
		c.ll.Remove(el)
		delete(c.items, e.key)
		c.size -= e.cost
	}
}

// Purge drops every entry.
func (c *lru[V]) Purge() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ll.Init()
	clear(c.items)
	c.size = 0
}

// Do returns the value under key, computing it with fn when it is not
// cached; concurrent calls for the same key share one computation. fn runs
// detached from ctx, since the other callers (and the cache) still want
// its result when this caller goes away; a caller whose ctx ends stops
// waiting. keep reports whether a computed value may be cached (a write
// during the computation makes it stale).
func (c *lru[V]) Do(ctx context.Context, key string, fn func(ctx context.Context) (V, error), keep func() bool) (V, error) {
	if v, ok := c.Get(key); ok {
		return v, nil
	}
	ch := c.flights.DoChan(key, func() (any, error) {
		v, err := fn(context.WithoutCancel(ctx))
		if err == nil && keep() {
			c.Add(key, v)
		}
		return v, err
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			var zero V
			return zero, r.Err
		}
		return r.Val.(V), nil
	case <-ctx.Done():
		var zero V
		return zero, ctx.Err()
	}
}
