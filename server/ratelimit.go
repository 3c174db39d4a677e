package server

import (
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"
)

// Defaults of the failed-authentication budget (Options.AuthFailBurst,
// AuthFailEvery): ten failures at once, then one every six seconds, so ten
// a minute and 14,400 a day from one address. A person who mistypes a token
// never meets the limit; a guesser gets nowhere (a token is 256 random
// bits, so the limit is about load and noise, not the odds), and is held
// to a trickle that the warning log makes plain.
const (
	DefaultAuthFailBurst = 10
	DefaultAuthFailEvery = 6 * time.Second
	// authLimiterMax bounds the addresses remembered; past it, those whose
	// budget has refilled are forgotten first, then the oldest.
	authLimiterMax = 10000
)

// authLimiter is a token bucket per client address, spent by failed
// authentications only. While an address's bucket is empty every
// authentication from it is refused with 429 unchecked, so a correct guess
// cannot be told from a wrong one.
type authLimiter struct {
	mu    sync.Mutex
	burst float64
	every time.Duration
	now   func() time.Time
	m     map[string]*bucket
}

type bucket struct {
	tokens float64 // failures left
	last   time.Time
	warned bool // the 429 of this empty spell has been logged
}

func newAuthLimiter(burst int, every time.Duration) *authLimiter {
	return &authLimiter{burst: float64(burst), every: every, now: time.Now, m: map[string]*bucket{}}
}

// refill brings b up to date and returns it.
func (l *authLimiter) refill(b *bucket, now time.Time) {
	if d := now.Sub(b.last); d > 0 {
		b.tokens = min(l.burst, b.tokens+float64(d)/float64(l.every))
		b.last = now
	}
	if b.tokens >= 1 {
		b.warned = false
	}
}

// blocked returns how many seconds addr must wait, 0 if it may try.
func (l *authLimiter) blocked(addr string) float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.m[addr]
	if b == nil {
		return 0
	}
	l.refill(b, l.now())
	return l.wait(b)
}

func (l *authLimiter) wait(b *bucket) float64 {
	if b.tokens >= 1 {
		return 0
	}
	return (1 - b.tokens) * l.every.Seconds()
}

// fail spends one failure of addr's budget and returns the wait now due
// (0 while failures are left).
func (l *authLimiter) fail(addr string) float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.m[addr]
	if b == nil {
		if len(l.m) >= authLimiterMax {
			l.prune(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.m[addr] = b
	}
	l.refill(b, now)
	b.tokens = max(0, b.tokens-1)
	return l.wait(b)
}

// warnOnce reports whether this is the first 429 of addr's empty spell.
func (l *authLimiter) warnOnce(addr string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.m[addr]
	if b == nil || b.warned {
		return false
	}
	b.warned = true
	return true
}

// prune forgets the addresses whose budget has refilled, and if that frees
// nothing, the one seen longest ago.
func (l *authLimiter) prune(now time.Time) {
	var oldest string
	var oldT time.Time
	for k, b := range l.m {
		l.refill(b, now)
		if b.tokens >= l.burst {
			delete(l.m, k)
			continue
		}
		if oldest == "" || b.last.Before(oldT) {
			oldest, oldT = k, b.last
		}
	}
	if len(l.m) >= authLimiterMax && oldest != "" {
		delete(l.m, oldest)
	}
}

// clientAddr is the address a request's failures count against: the peer's
// IP, and for IPv6 its /64, which one subscriber usually holds whole.
// Forwarding headers are not trusted: behind a reverse proxy every client
// shares the proxy's budget (see docs/desk.md).
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}
