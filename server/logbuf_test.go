package server

import (
	"bytes"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

type syncBuffer struct {
	mu     sync.Mutex
	b      bytes.Buffer
	writes int
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writes++
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestLogBufferBatchesWholeLines: concurrent loggers' lines all arrive,
// whole, in fewer writes than lines, and Close flushes the rest.
func TestLogBufferBatchesWholeLines(t *testing.T) {
	var out syncBuffer
	lb := NewLogBuffer(&out, time.Hour)
	log := slog.New(slog.NewJSONHandler(lb, nil))
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 1000 {
				log.Info("request", "g", g, "i", i, "path", "/tiles/5/21/13.mvt")
			}
		})
	}
	wg.Wait()
	if err := lb.Close(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 4000 {
		t.Fatalf("%d lines, want 4000", len(lines))
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "{") || !strings.HasSuffix(l, "}") {
			t.Fatalf("broken line %q", l)
		}
	}
	if out.writes >= 4000/10 {
		t.Errorf("%d writes for 4000 lines", out.writes)
	}
}

func BenchmarkAccessLogLine(b *testing.B) {
	lb := NewLogBuffer(io.Discard, 50*time.Millisecond)
	defer lb.Close()
	log := slog.New(slog.NewJSONHandler(lb, nil))
	b.ReportAllocs()
	for b.Loop() {
		log.LogAttrs(b.Context(), slog.LevelInfo, "request", slog.String("method", "GET"), slog.String("path", "/tiles/5/21/13.mvt"),
			slog.String("query", "mode=points"), slog.Int("status", 200), slog.Int64("bytes", 94000), slog.Duration("dur", time.Millisecond))
	}
}
