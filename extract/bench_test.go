package extract

import (
	"os"
	"testing"
	"time"
)

// BenchmarkExtract runs the extractor over the founding-article retelling
// (about 2 KB of news text).
func BenchmarkExtract(b *testing.B) {
	x := realExtractor(b)
	text, err := os.ReadFile("testdata/passages/01-operation-baam.txt")
	if err != nil {
		b.Fatal(err)
	}
	published := time.Date(2025, 7, 10, 0, 0, 0, 0, time.UTC)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := x.Extract(string(text), published)
		if err != nil || len(res.Candidates) == 0 {
			b.Fatalf("Extract: %v, %d candidates", err, len(res.Candidates))
		}
	}
}
