package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/paulmach/orb/encoding/mvt"

	"github.com/incidentmap/incidentmap/incident"
)

// These tests run the real router over fakeStore: the handlers' part of
// each behaviour, apart from bbolt.

func fakeDo(tb testing.TB, srv http.Handler, method, target, body string, hdr ...string) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequestWithContext(tb.Context(), method, target, strings.NewReader(body))
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	return rec
}

func mustPutFake(tb testing.TB, fs *fakeStore, ins ...*incident.Incident) {
	tb.Helper()
	if _, err := fs.PutBatch(tb.Context(), ins, "seed"); err != nil {
		tb.Fatal(err)
	}
}

// TestFakeDraftsAnswer404: a draft is not found by every public read of
// one incident, and a published one is (issue 17: one draft rule).
func TestFakeDraftsAnswer404(t *testing.T) {
	srv, fs, _ := newFakeEnv(t, Options{})
	pub := newIncident("PUB-1", 66.99, 30.19, "2025-07-10", "BLA", 1)
	draft := newIncident("DRAFT-1", 66.99, 30.19, "2025-07-11", "BLA", 1)
	draft.State = incident.Draft
	mustPutFake(t, fs, pub, draft)
	for _, path := range []string{"/api/incidents/%s", "/api/incidents/%s/history", "/ogc/collections/incidents/items/%s"} {
		for id, want := range map[string]int{"PUB-1": 200, "DRAFT-1": 404, "NONE-1": 404} {
			target := strings.Replace(path, "%s", id, 1)
			rec := fakeDo(t, srv, http.MethodGet, target, "")
			if rec.Code != want {
				t.Errorf("GET %s: status %d, want %d", target, rec.Code, want)
			}
			if want == 404 && !strings.Contains(rec.Body.String(), `"not found"`) {
				t.Errorf("GET %s: body %s, want a JSON not found", target, rec.Body)
			}
		}
	}
}

// TestFakePaging: /api/incidents pages through every published incident
// once, newest first, following the next links the store's cursors give.
func TestFakePaging(t *testing.T) {
	srv, fs, _ := newFakeEnv(t, Options{})
	for _, d := range []string{"2025-07-01", "2025-07-03", "2025-07-02", "2025-07-05", "2025-07-04"} {
		mustPutFake(t, fs, newIncident("P-"+d, 66.99, 30.19, d, "BLF", 0))
	}
	var got []string
	target := "/api/incidents?limit=2&claimant=BLF"
	for pages := 0; target != ""; pages++ {
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		rec := fakeDo(t, srv, http.MethodGet, target, "")
		if rec.Code != 200 {
			t.Fatalf("GET %s: %d %s", target, rec.Code, rec.Body)
		}
		var fc struct {
			Features []struct{ ID string }
			Links    []struct{ Href, Rel string }
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &fc); err != nil {
			t.Fatal(err)
		}
		for _, f := range fc.Features {
			got = append(got, f.ID)
		}
		target = ""
		for _, l := range fc.Links {
			if l.Rel == "next" {
				u, err := url.Parse(l.Href)
				if err != nil {
					t.Fatal(err)
				}
				target = u.RequestURI()
			}
		}
	}
	want := "P-2025-07-05 P-2025-07-04 P-2025-07-03 P-2025-07-02 P-2025-07-01"
	if strings.Join(got, " ") != want {
		t.Errorf("pages gave %v, want %s", got, want)
	}
	rec := fakeDo(t, srv, http.MethodGet, "/api/incidents?cursor=nonsense", "")
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), `"param":"cursor"`) {
		t.Errorf("bad cursor: %d %s, want 400 naming cursor", rec.Code, rec.Body)
	}
}

// TestFakeStoreErrors: the store's failures reach the client as the one
// error map says: a full disk is 507 with a JSON body, and nothing is
// written; a bad token is 401.
func TestFakeStoreErrors(t *testing.T) {
	srv, fs, tok := newFakeEnv(t, Options{})
	body := validBody
	rec := fakeDo(t, srv, http.MethodPost, "/api/incidents", body, "Authorization", "Bearer wrong", "Content-Type", "application/json")
	if rec.Code != 401 {
		t.Errorf("bad token: status %d, want 401", rec.Code)
	}
	fs.err = incident.ErrNoSpace
	rec = fakeDo(t, srv, http.MethodPost, "/api/incidents", body, "Authorization", "Bearer "+tok, "Content-Type", "application/json")
	if rec.Code != http.StatusInsufficientStorage || !strings.Contains(rec.Body.String(), "insufficient storage") {
		t.Errorf("disk full: %d %s, want 507 with a JSON error", rec.Code, rec.Body)
	}
	fs.err = nil
	if _, err := fs.Get(t.Context(), "W-1"); err == nil {
		t.Error("the failed write stored the incident")
	}
	rec = fakeDo(t, srv, http.MethodPost, "/api/incidents", body, "Authorization", "Bearer "+tok, "Content-Type", "application/json")
	if rec.Code != http.StatusCreated {
		t.Fatalf("write: %d %s, want 201", rec.Code, rec.Body)
	}
	if in, err := fs.Get(t.Context(), "W-1"); err != nil || in.Revision != 1 {
		t.Errorf("stored: %v, %v; want revision 1", in, err)
	}
}

// TestFakeTile: a tile is built from the store's points alone.
func TestFakeTile(t *testing.T) {
	srv, fs, _ := newFakeEnv(t, Options{})
	mustPutFake(t, fs, newIncident("T-1", 66.99, 30.19, "2025-07-10", "BLA", 3))
	rec := fakeDo(t, srv, http.MethodGet, "/tiles/14/11240/6749.mvt?mode=points", "")
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/vnd.mapbox-vector-tile" {
		t.Fatalf("tile: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	layers, err := mvt.Unmarshal(rec.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range layers {
		if l.Name == "incidents" {
			for _, f := range l.Features {
				n++
				if f.Properties["id"] != "T-1" || f.Properties["killed_best"] != 3.0 {
					t.Errorf("feature %v", f.Properties)
				}
			}
		}
	}
	if n != 1 {
		t.Errorf("%d incidents in the tile, want 1", n)
	}
	if rec := fakeDo(t, srv, http.MethodGet, "/tiles/14/0/0.mvt?mode=points", ""); rec.Code != http.StatusNoContent {
		t.Errorf("empty tile: status %d, want 204", rec.Code)
	}
}
