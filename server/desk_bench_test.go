package server

import (
	"net/http"
	"testing"
)

// BenchmarkDeskQueue serves the review queue (GET /api/desk/incidents, the
// drafts) over 20,000 incidents: the queue scans every incident, drafts
// included, so its cost grows with the database.
func BenchmarkDeskQueue(b *testing.B) {
	env := newTestEnv(b, Options{})
	seedRandom(b, env, 20000, 7)
	b.ReportAllocs()
	for b.Loop() {
		if rec := env.get(b, "/api/desk/incidents", "Authorization", "Bearer "+env.token); rec.Code != http.StatusOK {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
}

// BenchmarkAuthRefused is the cost of one request from an address past its
// failed-authentication budget: answered 429 before any database read.
func BenchmarkAuthRefused(b *testing.B) {
	env := newTestEnv(b, Options{AuthFailBurst: 1})
	for range 2 {
		env.do(b, http.MethodPost, "/api/incidents", nil, "Authorization", "Bearer imt_wrong")
	}
	b.ReportAllocs()
	for b.Loop() {
		rec := env.do(b, http.MethodPost, "/api/incidents", nil, "Authorization", "Bearer imt_wrong")
		if rec.Code != http.StatusTooManyRequests {
			b.Fatalf("%d", rec.Code)
		}
	}
}

// BenchmarkDeskDeleted lists the deleted incidents among 20,000: a scan of
// every record's flags.
func BenchmarkDeskDeleted(b *testing.B) {
	env := newTestEnv(b, Options{})
	ins := seedRandom(b, env, 20000, 7)
	for _, in := range ins[:20] {
		if err := env.db.Delete(b.Context(), in.ID, "bench"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if rec := env.get(b, "/api/desk/incidents?state=deleted", "Authorization", "Bearer "+env.token); rec.Code != http.StatusOK {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
}
