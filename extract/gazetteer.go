package extract

import "github.com/incidentmap/incidentmap/geo"

// New returns an Extractor that finds places with the gazetteer's free-text
// geoparser. Incidents located only to the province get the province's label
// point.
func New(g *geo.Gazetteer) (*Extractor, error) {
	x, err := NewWith(gazetteerParser{g})
	if err != nil {
		return nil, err
	}
	if p := g.ProvinceLabel(); p[0] != 0 || p[1] != 0 {
		x.province.Lon, x.province.Lat = p[0], p[1]
	}
	return x, nil
}

// gazetteerParser adapts *geo.Gazetteer to Geoparser.
type gazetteerParser struct{ g *geo.Gazetteer }

func (p gazetteerParser) Parse(text string) []Place {
	ms := p.g.Parse(text)
	out := make([]Place, 0, len(ms))
	for _, m := range ms {
		c := m.Candidate
		out = append(out, Place{Span: Span{Start: m.Start, End: m.End, Text: m.Text}, Name: c.Name, Kind: string(c.Kind),
			DistrictID: c.DistrictID, District: c.District, Country: c.Country, Admin1: c.Admin1, Lon: c.Point[0], Lat: c.Point[1], Precision: c.Precision})
	}
	return out
}
