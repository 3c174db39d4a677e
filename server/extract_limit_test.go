package server

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// echoExtractor answers the length of the text it was given.
type echoExtractor struct{}

func (echoExtractor) Extract(_ context.Context, text string, _ time.Time) (any, error) {
	return map[string]int{"bytes": len(text)}, nil
}

// TestExtract413: an oversized report is 413 whatever its form or length
// header, never 500 (issue 15: a 30 MB body answered 500).
func TestExtract413(t *testing.T) {
	env := newTestEnv(t, Options{Extractor: echoExtractor{}, MaxExtractBytes: 1 << 20})
	big := strings.Repeat("a", 30<<20)
	srv := httptest.NewServer(env.srv)
	defer srv.Close()
	tests := map[string]struct {
		ctype   string
		body    string
		chunked bool
		want    int
	}{
		"30 MB text":                     {"text/plain", big, false, http.StatusRequestEntityTooLarge},
		"30 MB text, chunked":            {"text/plain", big, true, http.StatusRequestEntityTooLarge},
		"text one byte over":             {"text/plain", big[:1<<20+1], false, http.StatusRequestEntityTooLarge},
		"JSON text over, body within":    {"application/json", `{"text":"` + big[:1<<20+1] + `"}`, false, http.StatusRequestEntityTooLarge},
		"30 MB JSON, chunked":            {"application/json", `{"text":"` + big + `"}`, true, http.StatusRequestEntityTooLarge},
		"text at the limit":              {"text/plain", big[:1<<20], false, http.StatusOK},
		"JSON escapes at the text limit": {"application/json", `{"text":"` + strings.Repeat(`\u0061`, 1<<20) + `"}`, false, http.StatusOK},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			var body io.Reader = strings.NewReader(tt.body)
			if tt.chunked {
				body = io.MultiReader(body) // hides the length: sent chunked
			}
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/api/extract", body)
			req.Header.Set("Authorization", "Bearer "+env.token)
			req.Header.Set("Content-Type", tt.ctype)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.want {
				t.Fatalf("%d %.200s, want %d", resp.StatusCode, b, tt.want)
			}
			if tt.want == http.StatusRequestEntityTooLarge && (resp.Header.Get("Content-Type") != "application/json" || !strings.Contains(string(b), "larger than the limit")) {
				t.Errorf("413 body %q (%s)", b, resp.Header.Get("Content-Type"))
			}
		})
	}
}
