package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/incident"
)

const validBody = `{"id":"W-1","title":"Attack on a checkpoint","date":"2024-02-03","type":"armed_clash",
	"location":{"lon":65.5,"lat":28.5,"precision":"exact"},
	"claims":[{"actor":"Baloch Liberation Army","kind":"claim_of_responsibility","status":"unverified",
	  "casualties":{"security_forces":{"killed":{"low":3,"high":3}}}}]}`

func TestWritesNeedToken(t *testing.T) {
	// 18 failures from one address: a budget that lets each be seen (the
	// limit itself is TestAuthRateLimit's).
	env := newTestEnv(t, Options{AuthFailBurst: 100})
	v0 := env.db.Version()
	for _, hdr := range [][]string{nil, {"Authorization", "Bearer wrong"}, {"Authorization", "Basic abc"}, {"Authorization", "Bearer "}} {
		for _, m := range []struct{ method, path string }{
			{http.MethodPost, "/api/incidents"}, {http.MethodPut, "/api/incidents/W-1"}, {http.MethodPatch, "/api/incidents/W-1"},
			{http.MethodDelete, "/api/incidents/W-1"}, {http.MethodPost, "/api/import"}, {http.MethodPost, "/api/extract"},
		} {
			rec := env.do(t, m.method, m.path, strings.NewReader(validBody), hdr...)
			if rec.Code != http.StatusUnauthorized {
				t.Errorf("%s %s with %v: %d, want 401", m.method, m.path, hdr, rec.Code)
			}
			if rec.Header().Get("WWW-Authenticate") == "" {
				t.Errorf("401 without WWW-Authenticate")
			}
		}
	}
	if env.db.Version() != v0 {
		t.Error("an unauthorised request changed the database")
	}
}

func TestWriteLifecycle(t *testing.T) {
	env := newTestEnv(t, Options{})
	rec := env.write(t, http.MethodPost, "/api/incidents", validBody)
	if rec.Code != http.StatusCreated || rec.Header().Get("Location") != "/api/incidents/W-1" {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	var ft struct {
		Properties struct {
			PrimaryClaimant string `json:"primary_claimant"`
			KilledBest      int    `json:"killed_best"`
			Revision        int    `json:"revision"`
		} `json:"properties"`
		SeriesClaims []any `json:"series_claims"`
	}
	json.Unmarshal(rec.Body.Bytes(), &ft)
	if ft.Properties.PrimaryClaimant != "BLA" || ft.Properties.KilledBest != 3 || ft.Properties.Revision != 1 || ft.SeriesClaims == nil {
		t.Errorf("created feature %+v", ft)
	}
	if rec := env.write(t, http.MethodPost, "/api/incidents", validBody); rec.Code != http.StatusConflict {
		t.Errorf("second create: %d, want 409", rec.Code)
	}
	if rec := env.write(t, http.MethodPatch, "/api/incidents/W-1", `{"title":"Attack on a Levies checkpoint"}`); rec.Code != http.StatusOK {
		t.Fatalf("patch: %d %s", rec.Code, rec.Body)
	}
	put := strings.Replace(validBody, `"date":"2024-02-03"`, `"date":"2024-02-04"`, 1)
	if rec := env.write(t, http.MethodPut, "/api/incidents/W-1", put); rec.Code != http.StatusOK {
		t.Fatalf("put: %d %s", rec.Code, rec.Body)
	}
	if rec := env.write(t, http.MethodPut, "/api/incidents/OTHER", put); rec.Code != http.StatusUnprocessableEntity || errorOf(t, rec).Field != "id" {
		t.Errorf("put with mismatched id: %d %s", rec.Code, rec.Body)
	}
	var hist struct {
		Revisions []struct {
			Revision int    `json:"revision"`
			Who      string `json:"who"`
			Time     string `json:"time"`
		} `json:"revisions"`
	}
	decodeJSON(t, env.get(t, "/api/incidents/W-1/history"), &hist)
	if len(hist.Revisions) != 3 {
		t.Fatalf("history %+v", hist)
	}
	for _, r := range hist.Revisions {
		if r.Who != "tester" || r.Time == "" {
			t.Errorf("revision %+v: want who=tester and a time", r)
		}
	}
	if rec := env.write(t, http.MethodDelete, "/api/incidents/W-1", ""); rec.Code != http.StatusNoContent {
		t.Fatalf("delete: %d", rec.Code)
	}
	if rec := env.get(t, "/api/incidents/W-1"); rec.Code != http.StatusGone && rec.Code != http.StatusNotFound {
		t.Errorf("get after delete: %d", rec.Code)
	}
	if rec := env.write(t, http.MethodDelete, "/api/incidents/NOPE", ""); rec.Code != http.StatusNotFound {
		t.Errorf("delete unknown: %d", rec.Code)
	}
}

func TestWriteValidation(t *testing.T) {
	env := newTestEnv(t, Options{MaxBodyBytes: 4096})
	tests := []struct {
		name, body string
		status     int
		field      string
	}{
		{"bad date", strings.Replace(validBody, "2024-02-03", "2024-02-30", 1), 422, "date"},
		{"outside province", strings.Replace(validBody, `"lon":65.5`, `"lon":2.3`, 1), 422, "location"},
		{"bad claim kind", strings.Replace(validBody, "claim_of_responsibility", "rumour", 1), 422, "claims[0].kind"},
		{"wrong JSON type", strings.Replace(validBody, `"title":"Attack on a checkpoint"`, `"title":5`, 1), 422, "title"},
		{"unknown field", strings.Replace(validBody, `"title"`, `"colour":"red","title"`, 1), 400, ""},
		{"not JSON", "hello", 400, ""},
		{"too large", `{"id":"W-2","title":"` + strings.Repeat("x", 5000) + `"}`, 413, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := env.write(t, http.MethodPost, "/api/incidents", tt.body)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if e := errorOf(t, rec); e.Field != tt.field {
				t.Errorf("field %q, want %q (%s)", e.Field, tt.field, e.Error)
			}
		})
	}
}

func TestImport(t *testing.T) {
	env := newTestEnv(t, Options{})
	fc := `{"type":"FeatureCollection","features":[
	 {"type":"Feature","geometry":{"type":"Point","coordinates":[63.05,26.0]},
	  "properties":{"id":"IMP-1","title":"Blast in Turbat","date":"2023-05-06","type":"bombing","claimants":["BLF"]}},
	 {"type":"Feature","geometry":{"type":"Point","coordinates":[64.1,26.9]},
	  "properties":{"id":"IMP-2","title":"Clash in Panjgur","date":"2023-05-07","type":"armed_clash","claimants":["BLA"]}}]}`
	rec := env.do(t, http.MethodPost, "/api/import", strings.NewReader(fc), "Authorization", "Bearer "+env.token, "Content-Type", "application/geo+json")
	if rec.Code != http.StatusOK {
		t.Fatalf("import: %d %s", rec.Code, rec.Body)
	}
	var sum struct {
		Created int `json:"created"`
	}
	json.Unmarshal(rec.Body.Bytes(), &sum)
	if sum.Created != 2 {
		t.Errorf("import summary %s", rec.Body)
	}
	csv := "id,title,date,type,lon,lat,claimants\nIMP-3,Attack,2023-06-01,armed_clash,66.9,30.2,TTP\nIMP-4,Bad,2023-13-01,armed_clash,66.9,30.2,TTP\n"
	rec = env.do(t, http.MethodPost, "/api/import?format=csv", strings.NewReader(csv), "Authorization", "Bearer "+env.token)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("import with a bad row: %d %s", rec.Code, rec.Body)
	}
	if n, _ := env.db.Count(t.Context(), parseFilterMust(t, "q=IMP-3")); n != 0 {
		t.Error("refused import wrote rows")
	}
	rec = env.do(t, http.MethodPost, "/api/import?format=csv&skip_invalid=true", strings.NewReader(csv), "Authorization", "Bearer "+env.token)
	if rec.Code != http.StatusOK {
		t.Fatalf("import skipping bad rows: %d %s", rec.Code, rec.Body)
	}
	var hist struct {
		Revisions []struct {
			Who string `json:"who"`
		} `json:"revisions"`
	}
	decodeJSON(t, env.get(t, "/api/incidents/IMP-3/history"), &hist)
	if len(hist.Revisions) != 1 || hist.Revisions[0].Who != "tester" {
		t.Errorf("import history %+v", hist)
	}
}

func parseFilterMust(tb testing.TB, q string) incident.Filter {
	tb.Helper()
	f, err := incident.ParseFilter(mustQuery(q), nil)
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

// TestWritesLocateByPoint: an incident written through the API with only
// coordinates is located as an import locates it: district, country and
// province from the point (a stated district is not trusted over it), also
// beyond the province; a point at sea is refused and nothing is stored.
func TestWritesLocateByPoint(t *testing.T) {
	env := newTestEnv(t, Options{})
	type loc struct {
		DistrictID string `json:"district_id"`
		District   string `json:"district"`
		Country    string `json:"country"`
		Admin1     string `json:"admin1"`
		Method     string `json:"method"`
	}
	located := func(id string) loc {
		t.Helper()
		var ft struct {
			Properties loc `json:"properties"`
		}
		decodeJSON(t, env.get(t, "/api/incidents/"+id), &ft)
		return ft.Properties
	}
	at := func(id, lon, lat, extra string) string {
		b := strings.Replace(validBody, `"id":"W-1"`, `"id":"`+id+`"`, 1)
		return strings.Replace(b, `"lon":65.5,"lat":28.5`, `"lon":`+lon+`,"lat":`+lat+extra, 1)
	}
	for _, tt := range []struct {
		method, path, body string
		want               loc
	}{
		{http.MethodPost, "/api/incidents", at("P-KECH", "63.05", "26.0", ""), loc{"kech", "Kech", "PK", "Balochistan", "reverse"}},
		{http.MethodPut, "/api/incidents/P-KARACHI", at("P-KARACHI", "67.01", "24.86", `,"district_id":"kech","method":"manual"`), loc{"south-karachi", "South Karachi", "PK", "Sindh", "manual"}},
		{http.MethodPost, "/api/incidents", at("P-ZAHEDAN", "60.86", "29.49", ""), loc{"", "", "IR", "Sistan and Baluchestan", "reverse"}},
	} {
		rec := env.write(t, tt.method, tt.path, tt.body)
		if rec.Code != http.StatusCreated {
			t.Fatalf("%s %s: %d %s", tt.method, tt.path, rec.Code, rec.Body)
		}
		id := tt.path[strings.LastIndex(tt.path, "/")+1:]
		if id == "incidents" {
			id = tt.body[strings.Index(tt.body, `"id":"`)+6:]
			id = id[:strings.Index(id, `"`)]
		}
		if got := located(id); got != tt.want {
			t.Errorf("%s: located to %+v, want %+v", id, got, tt.want)
		}
	}
	// A PATCH that moves the point moves the district with it.
	if rec := env.write(t, http.MethodPatch, "/api/incidents/P-KECH", `{"location":{"lon":66.99,"lat":30.19}}`); rec.Code != http.StatusOK {
		t.Fatalf("patch: %d %s", rec.Code, rec.Body)
	}
	if got := located("P-KECH"); got.DistrictID != "quetta" || got.Admin1 != "Balochistan" {
		t.Errorf("after PATCH to Quetta: %+v", got)
	}
	// The district filter sees the located incidents.
	var fc struct {
		Features []json.RawMessage `json:"features"`
	}
	decodeJSON(t, env.get(t, "/api/incidents?district=south-karachi"), &fc)
	if len(fc.Features) != 1 {
		t.Errorf("district=south-karachi: %d features, want 1", len(fc.Features))
	}
	// At sea: refused, naming the field, and nothing stored.
	rec := env.write(t, http.MethodPost, "/api/incidents", at("P-SEA", "64.0", "24.5", ""))
	if e := errorOf(t, rec); rec.Code != http.StatusUnprocessableEntity || e.Field != "location" || !strings.Contains(e.Error, "open sea") {
		t.Errorf("point at sea: %d %s", rec.Code, rec.Body)
	}
	if rec := env.get(t, "/api/incidents/P-SEA"); rec.Code != http.StatusNotFound {
		t.Errorf("refused incident answers %d, want 404", rec.Code)
	}
}
