package server

import (
	"net/url"
	"testing"
)

func TestOGCDocuments(t *testing.T) {
	env := newTestEnv(t, Options{})
	var landing struct {
		Links []link `json:"links"`
	}
	decodeJSON(t, env.get(t, "/ogc"), &landing)
	rels := map[string]bool{}
	for _, l := range landing.Links {
		rels[l.Rel] = true
	}
	for _, r := range []string{"self", "service-desc", "conformance", "data"} {
		if !rels[r] {
			t.Errorf("landing page lacks rel %s", r)
		}
	}
	var conf struct {
		ConformsTo []string `json:"conformsTo"`
	}
	decodeJSON(t, env.get(t, "/ogc/conformance"), &conf)
	if len(conf.ConformsTo) != 3 {
		t.Errorf("conformance %v", conf)
	}
	var cols struct {
		Collections []struct {
			ID    string `json:"id"`
			Links []link `json:"links"`
		} `json:"collections"`
	}
	decodeJSON(t, env.get(t, "/ogc/collections"), &cols)
	if len(cols.Collections) != 2 || cols.Collections[0].ID != "incidents" {
		t.Errorf("collections %+v", cols)
	}
	var api struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	decodeJSON(t, env.get(t, "/ogc/api"), &api)
	if api.OpenAPI != "3.0.3" || api.Paths["/collections/{collectionId}/items"] == nil {
		t.Errorf("openapi %v", api.OpenAPI)
	}
	if rec := env.get(t, "/ogc?f=html"); rec.Code != 400 {
		t.Errorf("f=html: %d", rec.Code)
	}
}

func TestOGCItemsPagingAndFilters(t *testing.T) {
	env := newTestEnv(t, Options{})
	ins := seedRandom(t, env, 400, 13)
	want := 0
	for _, in := range ins {
		if in.Date >= "2018-01-01" && in.Date <= "2020-12-31" && in.Location.Lon >= 62 && in.Location.Lon <= 67 {
			want++
		}
	}
	next := "/ogc/collections/incidents/items?bbox=62,20,67,35&datetime=2018-01-01T00:00:00Z/2020-12-31T23:59:59Z&limit=25"
	seen := map[string]bool{}
	for next != "" {
		var fc struct {
			NumberMatched  int `json:"numberMatched"`
			NumberReturned int `json:"numberReturned"`
			Features       []struct {
				ID         string         `json:"id"`
				Properties map[string]any `json:"properties"`
			} `json:"features"`
			Links []link `json:"links"`
		}
		decodeJSON(t, env.get(t, next), &fc)
		if fc.NumberMatched != want || fc.NumberReturned != len(fc.Features) {
			t.Fatalf("numberMatched %d (want %d), numberReturned %d, %d features", fc.NumberMatched, want, fc.NumberReturned, len(fc.Features))
		}
		for _, f := range fc.Features {
			if seen[f.ID] {
				t.Fatalf("%s twice", f.ID)
			}
			seen[f.ID] = true
			d := f.Properties["date"].(string)
			if d < "2018-01-01" || d > "2020-12-31" {
				t.Fatalf("%s dated %s", f.ID, d)
			}
		}
		next = ""
		for _, l := range fc.Links {
			if l.Rel == "next" {
				u, _ := url.Parse(l.Href)
				next = u.RequestURI()
			}
		}
	}
	if len(seen) != want {
		t.Errorf("paged through %d, want %d", len(seen), want)
	}
	for _, u := range []string{
		"/ogc/collections/incidents/items?datetime=soon",
		"/ogc/collections/incidents/items?limit=0",
		"/ogc/collections/incidents/items?bbox=1,2",
		"/ogc/collections/incidents/items?bbox-crs=EPSG:3857",
		"/ogc/collections/incidents/items?colour=red",
	} {
		if rec := env.get(t, u); rec.Code != 400 || errorOf(t, rec).Param == "" {
			t.Errorf("%s: %d %s", u, rec.Code, rec.Body)
		}
	}
	var one struct {
		ID    string `json:"id"`
		Links []link `json:"links"`
	}
	decodeJSON(t, env.get(t, "/ogc/collections/incidents/items/T-00002"), &one)
	if one.ID != "T-00002" || len(one.Links) != 2 {
		t.Errorf("item %+v", one)
	}
	if rec := env.get(t, "/ogc/collections/incidents/items/DRAFT-1"); rec.Code != 404 {
		t.Errorf("draft item: %d", rec.Code)
	}
	var dist struct {
		NumberMatched int   `json:"numberMatched"`
		Features      []any `json:"features"`
	}
	decodeJSON(t, env.get(t, "/ogc/collections/districts/items?limit=5"), &dist)
	if dist.NumberMatched != len(testGazetteer(t).Districts()) || len(dist.Features) != 5 {
		t.Errorf("districts items: matched %d, %d features", dist.NumberMatched, len(dist.Features))
	}
}
