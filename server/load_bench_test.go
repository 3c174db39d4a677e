package server

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// BenchmarkMixedLoad is the load test of issue 15: a real server on
// loopback over loadN incidents (INCIDENTMAP_LOAD_N, default 20,000),
// loadWorkers clients sending loadRequests requests an iteration: 70%
// reads (a page of incidents, a tile, stats), 20% text searches with a
// fresh word each, 10% writes. It reports p50 and p99 latency per kind,
// the requests refused with 503, and the process's peak RSS. Bounded in
// count, loopback only; run it with
//
//	go test ./server -run '^$' -bench MixedLoad -benchtime 1x
func BenchmarkMixedLoad(b *testing.B) {
	n := 20_000
	if v, err := strconv.Atoi(os.Getenv("INCIDENTMAP_LOAD_N")); err == nil && v > 0 {
		n = v
	}
	const loadWorkers, loadRequests = 32, 4000
	env := newTestEnv(b, Options{})
	seedRandom(b, env, n, 7)
	srv := httptest.NewServer(env.srv)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: loadWorkers}}
	words := []string{"attack", "somewhere", "T-0", "ambush", "blast", "kech", "turbat", "quetta", "levies", "road"}
	kinds := []string{"read", "search", "write"}
	var refused int
	lat := map[string][]time.Duration{}
	var mu sync.Mutex
	seq := 0
	for b.Loop() {
		jobs := make(chan int)
		var wg sync.WaitGroup
		for w := range loadWorkers {
			wg.Go(func() {
				r := rand.New(rand.NewPCG(uint64(w), uint64(seq)))
				for i := range jobs {
					var req *http.Request
					kind := "read"
					switch x := r.IntN(10); {
					case x < 7:
						targets := []string{"/api/incidents?limit=100&from=2019-01-01", "/tiles/7/88/52.mvt", "/api/stats", "/api/incidents?limit=20&claimant=BLA"}
						req, _ = http.NewRequest(http.MethodGet, srv.URL+targets[r.IntN(len(targets))], nil)
					case x < 9:
						kind = "search"
						q := words[r.IntN(len(words))] + " " + strconv.Itoa(r.IntN(1000)) // unique: no cache helps
						req, _ = http.NewRequest(http.MethodGet, srv.URL+"/api/incidents?limit=100&q="+strings.ReplaceAll(q, " ", "+"), nil)
					default:
						kind = "write"
						body := fmt.Sprintf(`{"id":"LOAD-%d-%d","title":"Load test attack","date":"2024-02-03","type":"armed_clash","location":{"lon":65.5,"lat":28.5,"precision":"exact"},"claims":[]}`, seq, i)
						req, _ = http.NewRequest(http.MethodPost, srv.URL+"/api/incidents", strings.NewReader(body))
						req.Header.Set("Authorization", "Bearer "+env.token)
					}
					t0 := time.Now()
					resp, err := client.Do(req)
					if err != nil {
						b.Error(err)
						continue
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					d := time.Since(t0)
					mu.Lock()
					if resp.StatusCode == http.StatusServiceUnavailable {
						refused++
					} else if resp.StatusCode >= 300 && resp.StatusCode != http.StatusNoContent {
						b.Errorf("%s %s: %d", req.Method, req.URL, resp.StatusCode)
					}
					lat[kind] = append(lat[kind], d)
					mu.Unlock()
				}
			})
		}
		for i := range loadRequests {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
		seq++
	}
	for _, k := range kinds {
		ds := lat[k]
		if len(ds) == 0 {
			continue
		}
		slices.Sort(ds)
		b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, k+"-p50-ms")
		b.ReportMetric(float64(ds[len(ds)*99/100].Microseconds())/1000, k+"-p99-ms")
	}
	b.ReportMetric(float64(refused), "refused-503")
	b.ReportMetric(float64(peakRSSKB())/1024, "peak-RSS-MB")
}

// peakRSSKB is the process's peak resident set (VmHWM) in KiB, or 0 where
// /proc is missing.
func peakRSSKB() int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return n
		}
	}
	return 0
}
