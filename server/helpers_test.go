package server

import (
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/geotest"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

func testGazetteer(tb testing.TB) *geo.Gazetteer {
	tb.Helper()
	return geotest.Gazetteer(tb)
}

func mustOpenStore(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(filepath.Join(tb.TempDir(), "test.db"), store.Options{NoSync: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// testEnv is a server over a temp store with a write token.
type testEnv struct {
	db    *store.DB
	srv   *Server
	token string
}

var testStatic = fstest.MapFS{
	"index.html": {Data: []byte("<!doctype html><title>map</title>")},
	"embed.html": {Data: []byte("<!doctype html><title>embed</title>")},
	"app.js":     {Data: []byte("console.log('map')")},
}

func newTestEnv(tb testing.TB, opt Options) *testEnv {
	tb.Helper()
	db := mustOpenStore(tb)
	opt.Store = db
	opt.Gazetteer = testGazetteer(tb)
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opt.Static == nil {
		opt.Static = testStatic
	}
	tok, err := db.CreateToken(tb.Context(), "tester")
	if err != nil {
		tb.Fatal(err)
	}
	return &testEnv{db: db, srv: New(opt), token: tok}
}

// newIncident makes a valid published incident.
func newIncident(id string, lon, lat float64, date, actor string, killed int) *incident.Incident {
	return &incident.Incident{
		ID: id, Title: "Attack " + id, Date: date, Type: incident.TypeArmedClash,
		Location: incident.Location{Name: "somewhere", Lon: lon, Lat: lat, Precision: geo.PrecisionExact},
		Claims: []incident.Claim{{Actor: actor, Kind: incident.KindResponsibility, Status: incident.Unverified,
			Casualties: incident.Casualties{incident.Civilians: {Killed: incident.Exactly(killed)}}}},
	}
}

var testActors = []string{"BLA", "BLF", "ISPR", "TTP", "BRAS"}

// seedRandom puts n incidents spread over Balochistan, with districts from
// the gazetteer, dates 2015-2025, and a few drafts that must never show.
func seedRandom(tb testing.TB, env *testEnv, n int, seed uint64) []*incident.Incident {
	tb.Helper()
	g := testGazetteer(tb)
	r := rand.New(rand.NewPCG(seed, 1))
	var ins []*incident.Incident
	for len(ins) < n {
		lon, lat := 61+r.Float64()*9, 25+r.Float64()*7
		pl, err := g.Reverse([2]float64{lon, lat})
		if err != nil || !pl.Inside {
			continue
		}
		d := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(3650))
		in := newIncident(fmt.Sprintf("T-%05d", len(ins)), lon, lat, d.Format(time.DateOnly), testActors[r.IntN(len(testActors))], r.IntN(5))
		in.Location.DistrictID, in.Location.District = pl.DistrictID, pl.District
		if len(ins)%7 == 0 {
			in.Claims = append(in.Claims, incident.Claim{Actor: "ISPR", Kind: incident.KindOfficial, Status: incident.Confirmed,
				Casualties: incident.Casualties{incident.Militants: {Killed: incident.Exactly(r.IntN(10))}}})
		}
		ins = append(ins, in)
	}
	// A draft at a fixed spot: it must not appear in public reads.
	draft := newIncident("DRAFT-1", 66.99, 30.19, "2020-05-05", "BLA", 3)
	draft.State = incident.Draft
	if _, err := env.db.PutBatch(tb.Context(), append(ins, draft), "seed"); err != nil {
		tb.Fatal(err)
	}
	return ins
}

// do runs one request through the real router.
func (e *testEnv) do(tb testing.TB, method, target string, body io.Reader, hdr ...string) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest(method, target, body)
	req = req.WithContext(tb.Context())
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	return rec
}

func (e *testEnv) get(tb testing.TB, target string, hdr ...string) *httptest.ResponseRecorder {
	tb.Helper()
	return e.do(tb, http.MethodGet, target, nil, hdr...)
}

func (e *testEnv) write(tb testing.TB, method, target, body string) *httptest.ResponseRecorder {
	tb.Helper()
	return e.do(tb, method, target, strings.NewReader(body), "Authorization", "Bearer "+e.token, "Content-Type", "application/json")
}
