package extract

import (
	"encoding/json"
	"flag"
	"os"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/data"
	"github.com/incidentmap/incidentmap/geo"
)

var debugFile = flag.String("debugfile", "", "print the extraction of this file")

func TestDebugFile(t *testing.T) {
	if *debugFile == "" {
		t.Skip("no -debugfile")
	}
	b, err := os.ReadFile(*debugFile)
	if err != nil {
		t.Fatal(err)
	}
	var gp Geoparser = loadFakeGeo(t)
	if os.Getenv("REAL") != "" {
		g, err := geo.LoadFS(data.FS)
		if err != nil {
			t.Fatal(err)
		}
		gp = gazetteerParser{g}
	}
	x, err := NewWith(gp)
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := time.Parse(time.DateOnly, os.Getenv("PUB"))
	res, err := x.Extract(string(b), pub)
	if err != nil {
		t.Fatal(err)
	}
	type short struct {
		Title, Type, Date, Loc, Prec, Series string
		Claims                               any
		Silent                               []string
	}
	var out []short
	for _, c := range res.Candidates {
		var sil []string
		for _, s := range c.Silent {
			sil = append(sil, s.ID)
		}
		var cls []any
		for _, cl := range c.Claims {
			cls = append(cls, cl.Claim)
		}
		out = append(out, short{c.Title, string(c.Type), c.Date.Date + " " + c.Date.Note, c.Location.DistrictID, string(c.Location.Precision), c.Series, cls, sil})
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.Encode(out)
	for _, s := range res.Series {
		enc.Encode(s)
	}
	enc.Encode(res.Skipped)
}
