package server

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/incidentmap/incidentmap/incident"
)

// strictQuery answers 400 naming the parameter when the query string holds
// a pair that does not decode: a bad percent escape (cursor=%%%%) or a
// semicolon (limit=1;evil=2), which net/url no longer treats as a
// separator. r.URL.Query() silently drops such pairs, so without this a
// handler would answer as if the parameter had not been sent.
func strictQuery(writeError func(http.ResponseWriter, *http.Request, error)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := checkRawQuery(r.URL.RawQuery); err != nil {
				writeError(w, r, err)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// checkRawQuery returns a *incident.ParamError for the first pair of raw that
// url.ParseQuery would drop, or nil.
func checkRawQuery(raw string) error {
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" {
			continue
		}
		rawKey, rawVal, _ := strings.Cut(pair, "=")
		nameRaw, _, _ := strings.Cut(rawKey, ";")
		name, err := url.QueryUnescape(nameRaw)
		if err != nil {
			name = nameRaw
		}
		switch {
		case strings.Contains(pair, ";"):
			return incident.ParamErrorf(name, "holds a semicolon; separate parameters with '&' and escape ';' as %%3B")
		case err != nil:
			return incident.ParamErrorf(name, "name is not validly percent-encoded")
		}
		if _, err := url.QueryUnescape(rawVal); err != nil {
			return incident.ParamErrorf(name, "value is not validly percent-encoded")
		}
	}
	return nil
}
