package geo_test

import (
	"fmt"

	"github.com/incidentmap/incidentmap/data"
	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
)

func ExampleGazetteer_Geocode() {
	g, err := geo.LoadFS(data.FS)
	if err != nil {
		panic(err)
	}
	cs, _ := g.Geocode("Kej", geo.GeocodeOptions{Limit: 1})
	fmt.Println(cs[0].Name, cs[0].Kind, cs[0].Precision)
	cs, _ = g.Geocode("Tump", geo.GeocodeOptions{Limit: 1})
	fmt.Println(cs[0].Name, cs[0].Kind, cs[0].District)
	// Output:
	// Kech district district
	// Tump town Kech
}

func ExampleGazetteer_Reverse() {
	g, _ := geo.LoadFS(data.FS)
	in, _ := g.Reverse(orb.Point{63.05, 26.0})
	out, _ := g.Reverse(orb.Point{67.01, 24.86}) // Karachi
	sea, _ := g.Reverse(orb.Point{64.0, 24.5})   // the Arabian Sea
	fmt.Println(in.District, in.Inside, in.Region)
	fmt.Println(out.District, out.Inside, out.Region, out.Admin1, out.Country)
	fmt.Printf("%q\n", sea.Region)
	// Output:
	// Kech true balochistan
	// South Karachi false outside Sindh PK
	// ""
}

func ExampleGazetteer_Parse() {
	g, _ := geo.LoadFS(data.FS)
	for _, m := range g.Parse("Attacks across several districts, including Panjgur, Kech, and Kharan.") {
		fmt.Println(m.Start, m.Text, m.Candidate.Kind)
	}
	// Output:
	// 44 Panjgur district
	// 53 Kech district
	// 63 Kharan district
}
