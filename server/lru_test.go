package server

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestLRUCost: the cache charges each entry its cost, stays within its
// bound by dropping the least recently used entries, charges later costs
// (a gzipped body) to live entries only, and refuses an entry that alone
// would take a quarter of it.
func TestLRUCost(t *testing.T) {
	c := newLRU(1000, func(k string, v []byte) int64 { return int64(len(v)) })
	for i := range 10 {
		c.Add(fmt.Sprintf("k%d", i), make([]byte, 100))
	}
	if c.size != 1000 || len(c.items) != 10 {
		t.Fatalf("size %d with %d entries, want 1000 with 10", c.size, len(c.items))
	}
	if _, ok := c.Get("k0"); !ok { // now the most recently used
		t.Fatal("k0 missing")
	}
	c.Charge("k0", 50) // the least recently used goes: k1
	if _, ok := c.Get("k1"); ok {
		t.Error("k1, least recently used, kept past the bound")
	}
	if _, ok := c.Get("k0"); !ok {
		t.Error("k0, just used, dropped")
	}
	c.Add("big", make([]byte, 251))
	if _, ok := c.Get("big"); ok {
		t.Error("an entry over a quarter of the cache was kept")
	}
	for i := 10; i < 30; i++ {
		c.Add(fmt.Sprintf("k%d", i), make([]byte, 100))
	}
	if _, ok := c.Get("k0"); ok {
		t.Error("k0 kept after 20 newer entries")
	}
	before := c.size
	c.Charge("k0", 500) // a dropped entry charges nothing
	var sum int64
	for _, el := range c.items {
		sum += el.Value.(*lruEntry[[]byte]).cost
	}
	if c.size != before || c.size != sum || c.size > c.max {
		t.Errorf("size %d (before the charge %d), entries add up to %d, max %d", c.size, before, sum, c.max)
	}
	c.Purge()
	if c.size != 0 || len(c.items) != 0 || c.ll.Len() != 0 {
		t.Errorf("after Purge: size %d, %d items", c.size, len(c.items))
	}
}

// TestLRUDoOnce: concurrent Do calls for one key compute it once and all
// get the value; it is cached only when keep says so; an error is shared
// and not cached; a caller whose context ends stops waiting while the
// computation goes on for the others.
func TestLRUDoOnce(t *testing.T) {
	c := newLRU(10, func(string, int) int64 { return 1 })
	var calls atomic.Int32
	release := make(chan struct{})
	fn := func(ctx context.Context) (int, error) {
		calls.Add(1)
		<-release
		return 42, ctx.Err()
	}
	var wg sync.WaitGroup
	results := make([]int, 8)
	for i := range results {
		wg.Go(func() {
			v, err := c.Do(t.Context(), "k", fn, func() bool { return true })
			if err != nil {
				t.Error(err)
			}
			results[i] = v
		})
	}
	gone, cancel := context.WithCancel(t.Context())
	waitErr := make(chan error, 1)
	go func() { _, err := c.Do(gone, "k", fn, func() bool { return true }); waitErr <- err }()
	time.Sleep(20 * time.Millisecond) // let every caller join the flight
	cancel()
	if err := <-waitErr; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled caller: %v, want context.Canceled", err)
	}
	close(release)
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Errorf("%d computations, want 1", n)
	}
	for i, v := range results {
		if v != 42 {
			t.Errorf("caller %d got %d", i, v)
		}
	}
	if v, ok := c.Get("k"); !ok || v != 42 {
		t.Errorf("cached %d, %v; want 42", v, ok)
	}

	boom := errors.New("boom")
	if _, err := c.Do(t.Context(), "e", func(context.Context) (int, error) { return 0, boom }, func() bool { return true }); !errors.Is(err, boom) {
		t.Errorf("error %v, want boom", err)
	}
	if _, ok := c.Get("e"); ok {
		t.Error("a failed computation was cached")
	}
	if _, err := c.Do(t.Context(), "stale", func(context.Context) (int, error) { return 1, nil }, func() bool { return false }); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Get("stale"); ok {
		t.Error("a value keep refused was cached")
	}
}
