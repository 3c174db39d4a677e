// Command mkgazetteer derives the gazetteer that incidentmap ships in data/
// from the source files in ../shared/data (see data/README.md for sources and
// licences). The output is deterministic: the same sources give the same bytes.
//
//	go run ./cmd/mkgazetteer -src ../shared/data -out data
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	src := flag.String("src", "../shared/data", "folder with the source files (balochistan_*.geojson, balochistan_places.tsv, balochistan_district_hq.csv, region/)")
	out := flag.String("out", "data", "folder to write districts.geojson, tehsils.geojson, province.geojson, places.tsv, outer_*.geojson, outer_places.tsv and routes.geojson into")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "Usage: mkgazetteer [-src DIR] [-out DIR]\n\nDerive the shipped gazetteer from the source data.\n\nFlags:")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	st, err := build(*src, *out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "mkgazetteer:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "mkgazetteer: %d districts, %d tehsils, %d places (%d inside a district, %d assigned to the nearest district, %d dropped outside the province)\n",
		st.Districts, st.Tehsils, st.Places, st.Within, st.Nearest, st.Dropped)
	fmt.Fprintf(os.Stderr, "mkgazetteer: outside Balochistan: %d districts, %d provinces, %d places; %d routes; %d basemap features\n",
		st.OuterDistricts, st.Admin1, st.OuterPlaces, st.Routes, st.Basemap)
	fmt.Fprintf(os.Stderr, "mkgazetteer: Urdu names: %d districts, %d places in Balochistan, %d beyond it\n", st.DistrictsUr, st.PlacesUr, st.OuterPlacesUr)
}
