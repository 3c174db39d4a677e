// Command mkgazetteer derives the gazetteer that incidentmap ships in data/
// from the source files in ../shared/data (see data/README.md for sources and
// licences). The output is deterministic: the same sources give the same bytes.
//
//	go run ./cmd/mkgazetteer -src ../shared/data -out data
//
// With -ne-names it instead writes the table of Urdu names for the basemap
// and the provinces around Balochistan (data/sources/ne_names_ur.tsv) from a
// Natural Earth download:
//
//	go run ./cmd/mkgazetteer -src ../shared/data -ne-names DIR -ne-source TEXT
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	src := flag.String("src", "../shared/data", "folder with the source files (balochistan_*.geojson, balochistan_places.tsv, balochistan_district_hq.csv, region/)")
	out := flag.String("out", "data", "folder to write districts.geojson, tehsils.geojson, province.geojson, places.tsv, outer_*.geojson, outer_places.tsv, routes.geojson and basemap.geojson into")
	names := flag.String("names", "data/sources/ne_names_ur.tsv", "the table of Urdu names of the basemap's Natural Earth features and of the provinces, joined into basemap.geojson and outer_admin1.geojson (written by -ne-names)")
	var tables []string
	for _, l := range neLayers {
		tables = append(tables, l.table)
	}
	neDir := flag.String("ne-names", "", "instead of building data/, write the -names table from the Natural Earth tables in this folder: "+
		strings.Join(tables, ", ")+", each as .csv (ogr2ogr -f CSV), .geojson or .geojson.gz")
	neSource := flag.String("ne-source", "", "with -ne-names: where the Natural Earth tables came from (release, repository and commit), written into the table's header; required")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "Usage: mkgazetteer [-src DIR] [-out DIR] [-names FILE]\n       mkgazetteer [-src DIR] [-names FILE] -ne-names DIR -ne-source TEXT\n\nDerive the shipped gazetteer from the source data, or write the table of Urdu\nnames of the basemap's Natural Earth features and of the provinces.\n\nFlags:")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	if *neDir != "" {
		if strings.TrimSpace(*neSource) == "" {
			fmt.Fprintln(os.Stderr, "mkgazetteer: -ne-names needs -ne-source (the Natural Earth release, repository and commit)")
			os.Exit(2)
		}
		n, missing, err := writeNENames(*neDir, filepath.Join(*src, "region"), *names, *neSource)
		if err != nil {
			fmt.Fprintln(os.Stderr, "mkgazetteer:", err)
			os.Exit(1)
		}
		fmt.Fprintf(os.Stderr, "mkgazetteer: %s: %d Urdu names; none for %d names: %s\n", *names, n, len(missing), strings.Join(missing, "; "))
		return
	}
	st, err := build(*src, *out, *names)
	if err != nil {
		fmt.Fprintln(os.Stderr, "mkgazetteer:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "mkgazetteer: %d districts, %d tehsils, %d places (%d inside a district, %d assigned to the nearest district, %d dropped outside the province)\n",
		st.Districts, st.Tehsils, st.Places, st.Within, st.Nearest, st.Dropped)
	fmt.Fprintf(os.Stderr, "mkgazetteer: outside Balochistan: %d districts, %d provinces, %d places; %d routes; %d basemap features\n",
		st.OuterDistricts, st.Admin1, st.OuterPlaces, st.Routes, st.Basemap)
	fmt.Fprintf(os.Stderr, "mkgazetteer: Urdu names: %d districts, %d tehsils, %d places in Balochistan, %d beyond it, %d provinces, %d basemap features\n",
		st.DistrictsUr, st.TehsilsUr, st.PlacesUr, st.OuterPlacesUr, st.Admin1Ur, st.BasemapUr)
}
