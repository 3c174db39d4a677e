package server

import (
	"net/http"
)

// handleOGCAPI answers the OpenAPI 3.0 definition of the /ogc service.
func (s *Server) handleOGCAPI(w http.ResponseWriter, r *http.Request) {
	if !s.ogcSimple(w, r) {
		return
	}
	writeJSONType(w, http.StatusOK, "application/vnd.oai.openapi+json;version=3.0", s.openAPI(r))
}

func (s *Server) openAPI(r *http.Request) map[string]any {
	str := map[string]any{"type": "string"}
	qp := func(name, desc string, schema map[string]any, explode bool) map[string]any {
		return map[string]any{"name": name, "in": "query", "required": false, "description": desc,
			"schema": schema, "style": "form", "explode": explode}
	}
	jsonResp := func(desc string) map[string]any {
		return map[string]any{"200": map[string]any{"description": desc,
			"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}},
			"400": map[string]any{"description": "Bad parameter"}}
	}
	geoResp := func(desc string) map[string]any {
		return map[string]any{"200": map[string]any{"description": desc,
			"content": map[string]any{"application/geo+json": map[string]any{"schema": map[string]any{"type": "object"}}}},
			"400": map[string]any{"description": "Bad parameter"}, "404": map[string]any{"description": "Not found"}}
	}
	cid := map[string]any{"name": "collectionId", "in": "path", "required": true,
		"schema": map[string]any{"type": "string", "enum": ogcCollections}}
	fid := map[string]any{"name": "featureId", "in": "path", "required": true, "schema": str}
	f := qp("f", "Output format; only json", map[string]any{"type": "string", "enum": []string{"json"}}, false)
	items := []any{cid,
		qp("limit", "Features per page. Offsets count in one fixed order while the data is unchanged; a write between two requests can shift later pages by the features it adds or removes", map[string]any{"type": "integer", "minimum": 1, "maximum": s.opt.MaxLimit, "default": ogcDefaultLimit}, false),
		qp("offset", "Features to skip (next links set it)", map[string]any{"type": "integer", "minimum": 0, "default": 0}, false),
		qp("bbox", "minLon,minLat,maxLon,maxLat (CRS84)", map[string]any{"type": "array", "minItems": 4, "maxItems": 6,
			"items": map[string]any{"type": "number"}}, false),
		qp("datetime", "A date or RFC 3339 instant: incidents whose date is that UTC day. An interval a/b (.. or empty for open ends): incidents whose [date, end_date] overlaps its days", str, false),
		qp("date", "Property filter: incidents whose date is this YYYY-MM-DD", map[string]any{"type": "string", "format": "date"}, false),
		qp("primary_claimant", "Property filter: actor id of the primary claim, comma-separated for any of several", str, false),
		qp("claimants", "Property filter: incidents where any of these comma-separated actors is a claimant", str, false),
		qp("district_id", "Property filter: district ids, comma-separated", str, false),
		qp("country", "Property filter: ISO 3166-1 alpha-2 codes, comma-separated", str, false),
		qp("admin1", "Property filter: provinces, comma-separated", str, false),
		qp("precision", "Property filter: precisions, comma-separated", str, false),
		qp("from", "First date YYYY-MM-DD", str, false),
		qp("to", "Last date YYYY-MM-DD", str, false),
		qp("claimant", "Actor ids or aliases, comma-separated", str, false),
		qp("district", "District ids or names, comma-separated", str, false),
		qp("type", "Incident types, comma-separated", str, false),
		qp("status", "Verification statuses, comma-separated", str, false),
		qp("series", "Series ids, comma-separated", str, false),
		qp("q", "Text search", str, false),
		qp("region", "balochistan, outside (the rest of Pakistan, Iran, Afghanistan) or all (the default)",
			map[string]any{"type": "string", "enum": []string{"balochistan", "outside", "all"}, "default": "all"}, false),
		f,
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "incidentmap OGC API - Features", "version": "1.0.0",
			"description": "Conflict incidents in Balochistan. The incidents collection takes the map's filters as extra parameters."},
		"servers": []any{map[string]any{"url": requestBase(r) + "/ogc"}},
		"paths": map[string]any{
			"/": map[string]any{"get": map[string]any{"summary": "Landing page", "operationId": "getLandingPage",
				"parameters": []any{f}, "responses": jsonResp("Landing page")}},
			"/conformance": map[string]any{"get": map[string]any{"summary": "Conformance classes", "operationId": "getConformance",
				"parameters": []any{f}, "responses": jsonResp("Conformance classes")}},
			"/collections": map[string]any{"get": map[string]any{"summary": "Collections", "operationId": "getCollections",
				"parameters": []any{f}, "responses": jsonResp("Collections")}},
			"/collections/{collectionId}": map[string]any{"get": map[string]any{"summary": "One collection", "operationId": "describeCollection",
				"parameters": []any{cid, f}, "responses": jsonResp("Collection")}},
			"/collections/{collectionId}/items": map[string]any{"get": map[string]any{"summary": "Features of a collection",
				"operationId": "getFeatures", "parameters": items, "responses": geoResp("Features")}},
			"/collections/{collectionId}/items/{featureId}": map[string]any{"get": map[string]any{"summary": "One feature",
				"operationId": "getFeature", "parameters": []any{cid, fid, f}, "responses": geoResp("Feature")}},
		},
	}
}
