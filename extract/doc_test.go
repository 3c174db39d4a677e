package extract

import (
	"testing"
	"time"
)

func TestDatelineHead(t *testing.T) {
	tests := []struct {
		line string
		want string // the dateline head, "" for none
	}{
		{"QUETTA: Gunmen attacked a post.", "QUETTA"},
		{"DERA ISMAIL KHAN: A bomb went off.", "DERA ISMAIL KHAN"},
		{"QUETTA (Dunya News) — In Kalat district, ten people died.", "QUETTA (Dunya News)"},
		{"Turbat, Jan 3 (PTI) - Two soldiers were killed.", "Turbat, Jan 3 (PTI)"},
		{"Gwadar, March 4 (Agency) Militants stormed a camp.", "Gwadar, March 4 (Agency)"},
		{"Panjgur: Three labourers were shot.", "Panjgur"},
		{"Islamabad, Pakistan – Officials said ten died.", "Islamabad, Pakistan"},
		{"Officials said: the attack began at dawn.", ""},
		{"New Delhi:", "New Delhi"},
		{"Key findings:", ""},
		{"Notable attacks in the province this year:", ""},
		{"Four soldiers were killed in an attack on a checkpost near Turbat on Monday, officials said.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			got := ""
			if k := datelineHead(tt.line); k > 0 {
				got = tt.line[:k]
			}
			if got != tt.want {
				t.Errorf("datelineHead = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMetaLines(t *testing.T) {
	for _, tt := range []struct {
		line string
		want bool
	}{
		{"Published in Dawn, May 3rd, 2025", true},
		{"A Correspondent Published March 27, 2025", true},
		{"Tue, 12 Mar 2024 10:15:00 PKT", true},
		{"March 4, 2025", true},
		{"By our correspondent", true},
		{"Two soldiers were killed in Kech on Monday, 3 March 2025, the ISPR said.", false},
	} {
		if got := isMetaLine(tt.line); got != tt.want {
			t.Errorf("isMetaLine(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

// TestDocumentLayer pins the document layer on texts written for it: a
// dateline after a headline and a stamp, a press release's issuer, and a
// text that says only "recently".
func TestDocumentLayer(t *testing.T) {
	x := realExtractor(t)
	pub := time.Date(2025, 7, 9, 0, 0, 0, 0, time.UTC)
	t.Run("dateline after headline and stamp", func(t *testing.T) {
		text := "Two Levies men killed in Zhob attack\n\nWed, 9 Jul 2025 10:02:11 PKT\n\nQUETTA: Two Levies personnel were killed when gunmen attacked a check post in Zhob on Tuesday night, officials said.\n"
		res, err := x.Extract(text, pub)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Candidates) != 1 {
			t.Fatalf("got %d candidates, want 1", len(res.Candidates))
		}
		c := res.Candidates[0]
		if c.Location.DistrictID != "zhob" {
			t.Errorf("district: got %q, want zhob (the dateline is not the place)", c.Location.DistrictID)
		}
		if c.Date.Date != "2025-07-08" {
			t.Errorf("date: got %q, want 2025-07-08 (the stamp is not the date)", c.Date.Date)
		}
	})
	t.Run("press release issuer", func(t *testing.T) {
		text := "No PR-101/2025-ISPR\n\nRawalpindi, 9 July 2025: On 8 July, security forces conducted an intelligence-based operation in Zhob district. Four terrorists were sent to hell.\n"
		res, err := x.Extract(text, pub)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Candidates) != 1 || len(res.Candidates[0].Claims) != 1 {
			t.Fatalf("got %+v, want one candidate with one claim", res.Candidates)
		}
		if cl := res.Candidates[0].Claims[0]; cl.Actor != "ISPR" || figures(cl.Casualties)["killed militants"] != "4" {
			t.Errorf("claim: got %s %v, want ISPR killed militants 4", cl.Actor, figures(cl.Casualties))
		}
	})
	t.Run("recently is no date", func(t *testing.T) {
		res, err := x.Extract("Gunmen recently shot dead a schoolteacher in Turbat.", pub)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Candidates) != 1 || res.Candidates[0].Date.Known {
			t.Fatalf("got %+v, want one candidate with an unknown date", res.Candidates)
		}
	})
}

func TestSubheads(t *testing.T) {
	text := "Blast in Kohlu kills two\n\nQUETTA: A bomb killed two soldiers in Kohlu on Monday.\n\nKohlu roadside blast\n\nThe army said the bomb was planted overnight.\nA line ending in a period.\n"
	var got []string
	for _, s := range layout(text).subheads {
		got = append(got, s.Text)
	}
	if len(got) != 1 || got[0] != "Kohlu roadside blast" {
		t.Errorf("subheads %q, want only the body's subheading", got)
	}
}
