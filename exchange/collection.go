package exchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/incidentmap/incidentmap/incident"
)

// lineCounter wraps a reader and converts the byte offsets a json.Decoder
// reports into line numbers. It keeps only the bytes read but not yet passed
// by the decoder, so memory stays bounded by the decoder's buffer.
type lineCounter struct {
	r    io.Reader
	kept []byte // bytes from offset base onwards
	base int64  // offset of kept[0]
	line int    // line number at offset base
}

func (lc *lineCounter) Read(p []byte) (int, error) {
	n, err := lc.r.Read(p)
	lc.kept = append(lc.kept, p[:n]...)
	return n, err
}

// lineAt returns the line number of byte offset off; offsets must not
// decrease between calls.
func (lc *lineCounter) lineAt(off int64) int {
	k := off - lc.base
	if k > int64(len(lc.kept)) {
		k = int64(len(lc.kept))
	}
	lc.line += bytes.Count(lc.kept[:k], []byte{'\n'})
	lc.kept = append(lc.kept[:0], lc.kept[k:]...)
	lc.base += k
	return lc.line
}

// cutCollection streams a FeatureCollection: its features are sent to the
// parsers in jobs as they are read, its "series" member as one more item.
func cutCollection(r io.Reader, name string, send func(*job) bool) error {
	lc := &lineCounter{r: r, line: 1}
	dec := json.NewDecoder(lc)
	bad := func(err error) error {
		line := lc.lineAt(dec.InputOffset())
		return fmt.Errorf("%s:%d: %w: not a GeoJSON FeatureCollection: %v", name, line, ErrFormat, err)
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		if err == nil {
			err = fmt.Errorf("want an object, got %v", t)
		}
		return bad(err)
	}
	var (
		seq   int
		cur   = &job{}
		typ   string
		flush = func() bool {
			if len(cur.items) == 0 {
				return true
			}
			cur.seq = seq
			seq++
			ok := send(cur)
			cur = &job{}
			return ok
		}
	)
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return bad(err)
		}
		key, _ := t.(string)
		switch key {
		case "type":
			if err := dec.Decode(&typ); err != nil || typ != "FeatureCollection" {
				return bad(fmt.Errorf(`want "type": "FeatureCollection"`))
			}
		case "features":
			if t, err := dec.Token(); err != nil || t != json.Delim('[') {
				return bad(errors.New(`"features" is not an array`))
			}
			for dec.More() {
				lc.lineAt(dec.InputOffset())
				var raw json.RawMessage
				if err := dec.Decode(&raw); err != nil {
					return bad(err)
				}
				// The feature starts after any white space following the last offset.
				line := lc.line + bytes.Count(leadingSpace(lc.kept), []byte{'\n'})
				cur.items = append(cur.items, item{line: line, raw: raw})
				if len(cur.items) >= itemsPerJob && !flush() {
					return nil
				}
			}
			if _, err := dec.Token(); err != nil {
				return bad(err)
			}
		case "series":
			line := lc.lineAt(dec.InputOffset())
			var ss []*incident.Series
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return bad(err)
			}
			if err := json.Unmarshal(raw, &ss); err != nil {
				cur.items = append(cur.items, item{line: line, raw: []byte(`{"type":"FeatureCollection","series":` + string(raw) + `}`)})
				continue
			}
			wrapped, _ := json.Marshal(struct {
				Type   string             `json:"type"`
				Series []*incident.Series `json:"series"`
			}{"FeatureCollection", ss})
			cur.items = append(cur.items, item{line: line, raw: wrapped})
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return bad(err)
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return bad(err)
	}
	if typ == "" {
		return bad(errors.New(`no "type": "FeatureCollection"`))
	}
	flush()
	return nil
}

func leadingSpace(b []byte) []byte {
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r' || b[i] == ',') {
		i++
	}
	return b[:i]
}
