package server

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/incident"
)

// TestStrictQuery: a query pair that does not decode is 400 naming the
// parameter on every kind of route, never silently dropped (issue 15).
func TestStrictQuery(t *testing.T) {
	env := newTestEnv(t, Options{})
	seedRandom(t, env, 5, 1)
	tests := map[string]struct{ target, param string }{
		"bad escape in cursor":        {"/api/incidents?cursor=%%%%", "cursor"},
		"semicolon after limit":       {"/api/incidents?limit=1;evil=2", "limit"},
		"bad escape in name":          {"/api/incidents?li%zzmit=1", "li%zzmit"},
		"semicolon on stats":          {"/api/stats?from=2020-01-01;x", "from"},
		"bad escape on a tile":        {"/tiles/5/21/13.mvt?q=%e", "q"},
		"bad escape on OGC items":     {"/ogc/collections/incidents/items?limit=%g1", "limit"},
		"semicolon on an incident":    {"/api/incidents/T-00001?a;b", "a"},
		"good pair then a bad one":    {"/api/incidents?limit=2&cursor=%", "cursor"},
		"escaped then bare semicolon": {"/api/incidents?q=a%3Bb&limit=1;", "limit"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			rec := env.get(t, tt.target)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("GET %s: %d, want 400: %s", tt.target, rec.Code, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			if e := errorOf(t, rec); e.Param != tt.param {
				t.Errorf("param %q, want %q (%s)", e.Param, tt.param, e.Error)
			}
		})
	}
	// An escaped semicolon is a character of the value, not a separator.
	if rec := env.get(t, "/api/incidents?q=a%3Bb"); rec.Code != http.StatusOK {
		t.Errorf("escaped semicolon: %d %s", rec.Code, rec.Body)
	}
}

// TestStrictBodies: a write body holding two JSON values is 400 and writes
// nothing; before issue 15 the first value was applied.
func TestStrictBodies(t *testing.T) {
	env := newTestEnv(t, Options{})
	if rec := env.write(t, http.MethodPost, "/api/incidents", validBody); rec.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	v0 := env.db.Version()
	other := strings.Replace(validBody, `"W-1"`, `"W-2"`, 1)
	tests := map[string]struct{ method, target, body string }{
		"POST two values":       {http.MethodPost, "/api/incidents", other + "\n" + other},
		"POST value then junk":  {http.MethodPost, "/api/incidents", other + " x"},
		"POST value then ]":     {http.MethodPost, "/api/incidents", other + "]"},
		"PUT two values":        {http.MethodPut, "/api/incidents/W-2", other + other},
		"PATCH two values":      {http.MethodPatch, "/api/incidents/W-1", `{"title":"first"} {"title":"second"}`},
		"PATCH value then junk": {http.MethodPatch, "/api/incidents/W-1", `{"title":"first"}}`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			rec := env.write(t, tt.method, tt.target, tt.body)
			if rec.Code != http.StatusBadRequest || !strings.Contains(errorOf(t, rec).Error, "more than one JSON value") && !strings.Contains(errorOf(t, rec).Error, "invalid JSON") {
				t.Errorf("%d %s, want 400 naming the second value", rec.Code, rec.Body)
			}
		})
	}
	if env.db.Version() != v0 {
		t.Error("a refused body changed the database")
	}
	if rec := env.get(t, "/api/incidents/W-2"); rec.Code != http.StatusNotFound {
		t.Errorf("W-2 stored: %d", rec.Code)
	}
}

// TestStrictIncidentFields: each rule of incident.Validate added for issue
// 15 answers 4xx naming the field through POST, PUT and PATCH, and nothing
// is stored.
func TestStrictIncidentFields(t *testing.T) {
	env := newTestEnv(t, Options{})
	if rec := env.write(t, http.MethodPost, "/api/incidents", validBody); rec.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	v0 := env.db.Version()
	post := func(old, new string) string {
		return strings.Replace(strings.Replace(validBody, `"W-1"`, `"W-9"`, 1), old, new, 1)
	}
	many := func(item string, n int) string { return strings.TrimSuffix(strings.Repeat(item+",", n), ",") }
	claim := `{"actor":"BLA","kind":"claim_of_responsibility","status":"unverified"}`
	tests := map[string]struct {
		method, target, body, field string
	}{
		"id dot":               {http.MethodPost, "/api/incidents", strings.Replace(validBody, `"W-1"`, `"."`, 1), "id"},
		"id dotdot":            {http.MethodPost, "/api/incidents", strings.Replace(validBody, `"W-1"`, `".."`, 1), "id"},
		"id bidi override":     {http.MethodPost, "/api/incidents", strings.Replace(validBody, `"W-1"`, `"W\u202e1"`, 1), "id"},
		"id zero width":        {http.MethodPost, "/api/incidents", strings.Replace(validBody, `"W-1"`, `"W\u200b-1"`, 1), "id"},
		"id control":           {http.MethodPost, "/api/incidents", strings.Replace(validBody, `"W-1"`, `"W\u0007-1"`, 1), "id"},
		"PUT id zero width":    {http.MethodPut, "/api/incidents/W%E2%80%8B-1", strings.Replace(validBody, `"id":"W-1",`, ``, 1), "id"},
		"title invalid UTF-8":  {http.MethodPost, "/api/incidents", post(`"Attack on a checkpoint"`, "\"Attack \xff\xfe\""), "title"},
		"title NUL":            {http.MethodPost, "/api/incidents", post(`"Attack on a checkpoint"`, `"Attack\u0000"`), "title"},
		"place NUL":            {http.MethodPost, "/api/incidents", post(`"precision":"exact"`, `"precision":"exact","name":"Turbat\u0000"`), "location.name"},
		"javascript source":    {http.MethodPost, "/api/incidents", post(`"claims":`, `"sources":[{"name":"x","url":"javascript:alert(1)"}],"claims":`), "sources[0].url"},
		"claim source ftp":     {http.MethodPost, "/api/incidents", post(`"status":"unverified",`, `"status":"unverified","source":{"name":"x","url":"ftp://x.pk/"},`), "claims[0].source.url"},
		"too many claims":      {http.MethodPost, "/api/incidents", post(`"claims":[`, `"claims":[`+many(claim, 100)+`,`), "claims"},
		"too many tags":        {http.MethodPost, "/api/incidents", post(`"claims":`, `"tags":[`+many(`"t"`, 51)+`],"claims":`), "tags"},
		"too many sources":     {http.MethodPost, "/api/incidents", post(`"claims":`, `"sources":[`+many(`{"name":"s"}`, 51)+`],"claims":`), "sources"},
		"title too long":       {http.MethodPost, "/api/incidents", post(`"Attack on a checkpoint"`, `"`+strings.Repeat("x", 501)+`"`), "title"},
		"date year zero":       {http.MethodPost, "/api/incidents", post(`"2024-02-03"`, `"0000-01-01"`), "date"},
		"date far ahead":       {http.MethodPost, "/api/incidents", post(`"2024-02-03"`, `"2999-01-01"`), "date"},
		"PATCH title NUL":      {http.MethodPatch, "/api/incidents/W-1", `{"title":"x\u0000"}`, "title"},
		"PATCH invalid UTF-8":  {http.MethodPatch, "/api/incidents/W-1", "{\"description\":\"\xc3\x28\"}", "description"},
		"PATCH javascript":     {http.MethodPatch, "/api/incidents/W-1", `{"sources":[{"name":"x","url":"JavaScript:alert(1)"}]}`, "sources[0].url"},
		"PATCH date year zero": {http.MethodPatch, "/api/incidents/W-1", `{"date":"0000-01-01"}`, "date"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			rec := env.write(t, tt.method, tt.target, tt.body)
			if rec.Code < 400 || rec.Code > 499 {
				t.Fatalf("%d %s, want 4xx", rec.Code, rec.Body)
			}
			if e := errorOf(t, rec); e.Field != tt.field {
				t.Errorf("field %q, want %q (%s)", e.Field, tt.field, e.Error)
			}
		})
	}
	if env.db.Version() != v0 {
		t.Error("a refused write changed the database")
	}
	for _, id := range []string{"W-9", "W%E2%80%8B-1", "W%E2%80%AE1"} {
		if rec := env.get(t, "/api/incidents/"+id); rec.Code != http.StatusNotFound {
			t.Errorf("%s stored: %d", id, rec.Code)
		}
	}
	var ft struct {
		Properties struct {
			Title string `json:"title"`
		} `json:"properties"`
	}
	decodeJSON(t, env.get(t, "/api/incidents/W-1"), &ft)
	if ft.Properties.Title != "Attack on a checkpoint" {
		t.Errorf("W-1 changed: title %q", ft.Properties.Title)
	}
}

// TestStrictImport: POST /api/import applies the same rules, since they live
// in incident.Validate: 422 naming the field, nothing written.
func TestStrictImport(t *testing.T) {
	env := newTestEnv(t, Options{})
	v0 := env.db.Version()
	feature := func(id, extra string) string {
		return `{"type":"Feature","geometry":{"type":"Point","coordinates":[63.05,26.0]},"properties":{"id":"` + id +
			`","title":"IED blast","date":"2025-07-20","type":"bombing","precision":"town"` + extra +
			`,"claims":[{"actor":"BLF","kind":"claim_of_responsibility","status":"unverified"}]}}`
	}
	tests := map[string]struct{ row, field string }{
		"id dotdot":      {feature("..", ""), "id"},
		"id bidi":        {feature("I\u202e2", ""), "id"},
		"NUL in title":   {strings.Replace(feature("I-2", ""), "IED blast", `IED\u0000`, 1), "title"},
		"invalid UTF-8":  {strings.Replace(feature("I-2", ""), "IED blast", "IED \xff", 1), "title"},
		"javascript URL": {feature("I-2", `,"sources":[{"name":"x","url":"javascript:alert(1)"}]`), "sources[0].url"},
		"year zero":      {strings.Replace(feature("I-2", ""), "2025-07-20", "0000-01-01", 1), "date"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			body := feature("I-1", "") + "\n" + tt.row + "\n"
			rec := env.do(t, http.MethodPost, "/api/import?format=geojsonseq", strings.NewReader(body),
				"Authorization", "Bearer "+env.token)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("%d %s, want 422", rec.Code, rec.Body)
			}
			if e := errorOf(t, rec); e.Field != tt.field {
				t.Errorf("field %q, want %q: %s", e.Field, tt.field, rec.Body)
			}
		})
	}
	if env.db.Version() != v0 {
		t.Error("a refused import changed the database")
	}
}

// FuzzCheckRawQuery: checkRawQuery refuses exactly the query strings whose
// pairs url.ParseQuery would drop, and always names a parameter.
func FuzzCheckRawQuery(f *testing.F) {
	for _, s := range []string{"", "a=1", "cursor=%%%%", "limit=1;evil=2", "a=%3B", "&&", "%zz=1", "=x", "a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		err := checkRawQuery(raw)
		_, perr := url.ParseQuery(raw)
		if (err == nil) != (perr == nil) {
			t.Fatalf("checkRawQuery(%q) = %v, url.ParseQuery error %v", raw, err, perr)
		}
		var pe *incident.ParamError
		if err != nil && (!errors.As(err, &pe) || pe.Param == "") {
			t.Fatalf("checkRawQuery(%q) = %v, want a ParamError naming a parameter", raw, err)
		}
	})
}
