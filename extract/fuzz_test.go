package extract

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzExtract checks that arbitrary text never panics and that every offset
// the extractor reports lies within the text and matches its words.
func FuzzExtract(f *testing.F) {
	files, _ := filepath.Glob("testdata/passages/*.txt")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("QUETTA: a a a 20 soldiers killed. Operation \"Baam\" between 3 and 7 at least")
	f.Add("killed\n\n\n.!?” late Tuesday 31 February 2025")
	x := realExtractor(f)
	pub := time.Date(2025, 7, 10, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, text string) {
		res, err := x.Extract(text, pub)
		if err != nil {
			return // invalid UTF-8 or too long: refused, not a crash
		}
		check := func(what string, start, end int, s string) {
			if start < 0 || end > len(text) || start > end {
				t.Fatalf("%s: offsets %d-%d outside text of %d bytes", what, start, end, len(text))
			}
			if text[start:end] != s {
				t.Fatalf("%s: text[%d:%d] = %q, reported %q", what, start, end, text[start:end], s)
			}
		}
		for i, s := range res.Sentences {
			check("sentence", s.Start, s.End, s.Text)
			if i > 0 && s.Start < res.Sentences[i-1].End {
				t.Fatalf("sentences overlap: %v", res.Sentences[i-1:i+1])
			}
		}
		ev := func(what string, e Evidence) {
			check(what, e.Start, e.End, e.Text)
			s := res.Sentences[e.Sentence]
			if e.SentenceStart != s.Start || e.SentenceEnd != s.End || e.Start < s.Start || e.End > s.End {
				t.Fatalf("%s: evidence %+v not inside its sentence %+v", what, e, s)
			}
		}
		for _, c := range res.Candidates {
			for _, p := range c.Places {
				check("place", p.Start, p.End, p.Text)
			}
			for _, a := range c.Actors {
				ev("actor", a.Evidence)
			}
			for _, cl := range c.Claims {
				if cl.speakerFound {
					ev("speaker", cl.Speaker)
				}
				for _, fg := range cl.Figures {
					ev("figure", fg.Evidence)
				}
			}
			if c.Date.Evidence != nil {
				ev("date", *c.Date.Evidence)
			}
			in := c.Incident()
			in.Normalize()
			in.State = "draft"
			if err := in.Validate(); err != nil {
				t.Fatalf("candidate %s: draft does not validate: %v", c.ID, err)
			}
		}
	})
}

// FuzzLayout checks the document layer on arbitrary text: every span it
// reports (datelines, stamps, the release header, list items, subheadings)
// lies within the text and says what the text says there, and the body
// starts inside the text.
func FuzzLayout(f *testing.F) {
	f.Add("Blast in Kohlu\n\nQUETTA: A bomb killed two soldiers.\n\n- Kalat: one\n- Zhob: two\n\nKohlu roadside blast\n\nMore text.\n")
	f.Add("No PR-45/2025-ISPR\nRawalpindi, 4 March 2025: Troops killed four terrorists.")
	f.Add("New Delhi:\n\nPublished 03 Feb, 2025 06:41am\n🔺 one\n🔺 two")
	f.Fuzz(func(t *testing.T, text string) {
		d := layout(text)
		if d.bodyStart < 0 || d.bodyStart > len(text) {
			t.Fatalf("body starts at %d, outside text of %d bytes", d.bodyStart, len(text))
		}
		spans := append(append(append(append([]Span{}, d.datelines...), d.meta...), d.items...), d.subheads...)
		if d.header != nil {
			spans = append(spans, *d.header)
		}
		for _, sp := range spans {
			if sp.Start < 0 || sp.End > len(text) || sp.Start > sp.End || text[sp.Start:sp.End] != sp.Text {
				t.Fatalf("span %+v does not match the text", sp)
			}
		}
	})
}
