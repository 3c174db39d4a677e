package server

import (
	"io"
	"sync"
	"time"
)

// LogBuffer is an io.Writer for access logs: it keeps the lines written to
// it and writes them to the underlying writer in batches, when
// logBufferBytes are pending, every interval, and on Flush or Close, so a
// request costs an append instead of a write system call. Each Write must
// be whole lines (slog handlers write one record per call).
type LogBuffer struct {
	mu   sync.Mutex
	w    io.Writer
	buf  []byte
	err  error
	stop chan struct{}
	done chan struct{}
}

const logBufferBytes = 64 << 10

// NewLogBuffer starts a LogBuffer over w that flushes every interval.
func NewLogBuffer(w io.Writer, interval time.Duration) *LogBuffer {
	b := &LogBuffer{w: w, buf: make([]byte, 0, logBufferBytes), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(b.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				b.Flush()
			case <-b.stop:
				return
			}
		}
	}()
	return b
}

func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if len(b.buf) >= logBufferBytes {
		b.flushLocked()
	}
	return len(p), nil
}

// Flush writes out the pending lines; it returns the first write error.
func (b *LogBuffer) Flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.flushLocked()
	return b.err
}

func (b *LogBuffer) flushLocked() {
	if len(b.buf) == 0 {
		return
	}
	if _, err := b.w.Write(b.buf); err != nil && b.err == nil {
		b.err = err
	}
	b.buf = b.buf[:0]
}

// Close stops the timer and flushes; later writes are buffered until the
// next Flush.
func (b *LogBuffer) Close() error {
	select {
	case <-b.stop:
	default:
		close(b.stop)
		<-b.done
	}
	return b.Flush()
}
