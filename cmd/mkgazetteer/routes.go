package main

import (
	"cmp"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// route is a national highway, motorway or railway line. The sources hold no
// road or railway geometry, so a route is drawn through the towns on it, in
// order: an approximation, not a surveyed alignment.
type route struct {
	id, ref, name, kind string
	alt                 []string
	via                 []waypoint
}

// waypoint is a town on a route: a name or alternate name of a place in the
// shipped place files, and the district (a districts.geojson or
// outer_districts.geojson id) it lies in.
type waypoint struct{ name, district string }

// routes lists the routes by hand, from public route descriptions (National
// Highway Authority, Pakistan Railways). Waypoint names are spelled as the
// place files spell them, as a name or an alternate name.
var routes = []route{
	{id: "n-25", ref: "N-25", name: "N-25 National Highway", kind: "highway",
		alt: []string{"N25", "N 25", "RCD Highway", "RCD Road", "Regional Cooperation for Development Highway",
			"Karachi-Chaman Highway", "Karachi-Quetta Highway", "Quetta-Karachi Highway", "Quetta-Chaman Highway"},
		via: []waypoint{{"Karachi", "south-karachi"}, {"Hub", "hub"}, {"Winder", "hub"}, {"Uthal", "lasbela"},
			{"Bela", "lasbela"}, {"Wadh", "khuzdar"}, {"Khuzdar", "khuzdar"}, {"Surab", "surab"}, {"Kalat", "kalat"},
			{"Mastung", "mastung"}, {"Quetta", "quetta"}, {"Kuchlak", "quetta"}, {"Qila Abdullah", "killa-abdullah"},
			{"Chaman", "chaman"}}},
	{id: "n-40", ref: "N-40", name: "N-40 National Highway", kind: "highway",
		alt: []string{"N40", "N 40", "Quetta-Taftan Highway", "Lakpass-Taftan Highway", "Quetta-Taftan Road",
			"Quetta-Nushki Highway", "Quetta-Noshki Highway"},
		via: []waypoint{{"Quetta", "quetta"}, {"Nushki", "nushki"}, {"Dalbandin", "chagai"}, {"Yakmach", "chagai"},
			{"Nok Kundi", "chagai"}, {"Taftan", "chagai"}}},
	{id: "n-65", ref: "N-65", name: "N-65 National Highway", kind: "highway",
		alt: []string{"N65", "N 65", "Sukkur-Quetta Highway", "Quetta-Sukkur Highway", "Quetta-Sibi Highway", "Quetta-Jacobabad Highway",
			"Sibi-Quetta Highway"},
		via: []waypoint{{"Sukkur", "sukkur"}, {"Shikarpur", "shikarpur"}, {"Jacobabad", "jacobabad"},
			{"Dera Allah Yar", "jafarabad"}, {"Dera Murad Jamali", "nasirabad"}, {"Sibi", "sibi"}, {"Dhadar", "kachhi"},
			{"Mach", "kachhi"}, {"Quetta", "quetta"}}},
	{id: "n-70", ref: "N-70", name: "N-70 National Highway", kind: "highway",
		alt: []string{"N70", "N 70", "Multan-Qila Saifullah Highway", "Loralai-DG Khan road"},
		via: []waypoint{{"Multan", "multan"}, {"Muzaffargarh", "muzaffargarh"}, {"Dera Ghazi Khan", "dera-ghazi-khan"},
			{"Sakhi Sarwar", "dera-ghazi-khan"}, {"Fort Munro", "dera-ghazi-khan"}, {"Rakhni", "barkhan"},
			{"Mekhtar", "loralai"}, {"Loralai", "loralai"}, {"Qila Saifullah", "killa-saifullah"}}},
	{id: "n-50", ref: "N-50", name: "N-50 National Highway", kind: "highway",
		alt: []string{"N50", "N 50", "Quetta-Zhob Highway", "Zhob-DI Khan Highway", "DI Khan-Zhob Road"},
		via: []waypoint{{"Quetta", "quetta"}, {"Kuchlak", "quetta"}, {"Khanozai", "pishin"},
			{"Muslimbagh", "killa-saifullah"}, {"Qila Saifullah", "killa-saifullah"}, {"Zhob", "zhob"},
			{"Dera Ismail Khan", "d-i-khan"}}},
	{id: "n-85", ref: "N-85", name: "N-85 National Highway", kind: "highway",
		alt: []string{"N85", "N 85", "Hoshab-Surab Highway", "Surab-Hoshab Road", "Panjgur Highway"},
		via: []waypoint{{"Hoshab", "kech"}, {"Panjgur", "panjgur"}, {"Nag", "washuk"}, {"Besima", "washuk"},
			{"Surab", "surab"}}},
	{id: "n-10", ref: "N-10", name: "N-10 Makran Coastal Highway", kind: "highway",
		alt: []string{"N10", "N 10", "Coastal Highway", "Makran Coastal Highway", "Makran Coastal Road", "Coastal Road"},
		via: []waypoint{{"Karachi", "south-karachi"}, {"Sonmiani", "hub"}, {"Kund Malir", "lasbela"},
			{"Ormara", "gwadar"}, {"Pasni", "gwadar"}, {"Gwadar", "gwadar"}}},
	{id: "n-30", ref: "N-30", name: "N-30 National Highway", kind: "highway",
		alt: []string{"N30", "N 30", "Khuzdar-Basima Road"},
		via: []waypoint{{"Khuzdar", "khuzdar"}, {"Besima", "washuk"}}},
	{id: "m-8", ref: "M-8", name: "M-8 Motorway", kind: "motorway",
		alt: []string{"M8", "M 8", "Ratodero-Gwadar Motorway", "Gwadar-Ratodero Motorway"},
		via: []waypoint{{"Gwadar", "gwadar"}, {"Turbat", "kech"}, {"Hoshab", "kech"}, {"Awaran", "awaran"},
			{"Khuzdar", "khuzdar"}, {"Ratodero", "larkana"}}},
	{id: "rohri-chaman", name: "Rohri-Chaman Railway", kind: "railway",
		alt: []string{"Quetta railway line", "Sibi-Quetta railway", "Bolan railway", "Quetta-Chaman railway"},
		via: []waypoint{{"Rohri", "sukkur"}, {"Jacobabad", "jacobabad"}, {"Dera Allah Yar", "jafarabad"},
			{"Sibi", "sibi"}, {"Mach", "kachhi"}, {"Quetta", "quetta"}, {"Bostan", "pishin"},
			{"Gulistan", "killa-abdullah"}, {"Qila Abdullah", "killa-abdullah"}, {"Chaman", "chaman"}}},
	// Spezand junction, between Quetta and Nushki, has no point in the place
	// files.
	{id: "quetta-taftan", name: "Quetta-Taftan Railway", kind: "railway",
		alt: []string{"Quetta-Zahedan railway", "Taftan railway"},
		via: []waypoint{{"Quetta", "quetta"}, {"Nushki", "nushki"}, {"Dalbandin", "chagai"},
			{"Nok Kundi", "chagai"}, {"Taftan", "chagai"}}},
}

// routePlace is a place a waypoint can resolve to.
type routePlace struct {
	id, name, featureCode string
	alts                  []string
	pt                    orb.Point
	pop                   int64
}

// readRoutePlaces reads the places of the shipped place files at paths by
// district id.
func readRoutePlaces(paths ...string) (map[string][]routePlace, error) {
	out := map[string][]routePlace{}
	for _, path := range paths {
		if err := readRoutePlacesFile(path, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func readRoutePlacesFile(path string, out map[string][]routePlace) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	t, err := newTSVReader(f, path, "id", "name", "alt_names", "lon", "lat", "feature_code", "population", "district_id")
	if err != nil {
		return err
	}
	for t.next() {
		d := t.get("district_id")
		if d == "" {
			continue
		}
		p := routePlace{id: t.get("id"), name: t.get("name"), featureCode: t.get("feature_code")}
		if p.pt, err = t.point(); err != nil {
			return err
		}
		if p.pop, err = t.population(); err != nil {
			return err
		}
		if a := t.get("alt_names"); a != "" {
			p.alts = strings.Split(a, "|")
		}
		out[d] = append(out[d], p)
	}
	return t.err()
}

// seatRank ranks GeoNames feature codes by the administrative seat they mark:
// capital, province, district, tehsil, lower seat; other codes rank 0.
func seatRank(code string) int {
	switch code {
	case "PPLC":
		return 5
	case "PPLA":
		return 4
	case "PPLA2":
		return 3
	case "PPLA3":
		return 2
	case "PPLA4":
		return 1
	}
	return 0
}

// match is a place whose name or an alternate name equals a waypoint's name.
type match struct {
	p       routePlace
	primary bool // the place's own name matched, not an alternate name
}

// compareMatches orders a before b when a is the more important place:
// the higher administrative seat, then the larger population, then a match
// on the place's own name; last, for a stable choice among equals, the
// older record (lower GeoNames id; GeoNames ids before Who's On First ids).
func compareMatches(a, b match) int {
	return cmp.Or(
		cmp.Compare(seatRank(b.p.featureCode), seatRank(a.p.featureCode)),
		cmp.Compare(b.p.pop, a.p.pop),
		compareBool(b.primary, a.primary),
		compareIDs(a.p.id, b.p.id),
	)
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// compareIDs orders GeoNames ids numerically, before "wof:" ids.
func compareIDs(a, b string) int {
	na, errA := strconv.ParseInt(a, 10, 64)
	nb, errB := strconv.ParseInt(b, 10, 64)
	switch {
	case errA == nil && errB == nil:
		return cmp.Compare(na, nb)
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return strings.Compare(a, b)
}

// resolve returns the most important place in w's district whose name or
// alternate name is w's name, ignoring case.
func resolve(w waypoint, byDistrict map[string][]routePlace) (routePlace, bool) {
	var ms []match
	for _, p := range byDistrict[w.district] {
		switch {
		case strings.EqualFold(p.name, w.name):
			ms = append(ms, match{p, true})
		case slices.ContainsFunc(p.alts, func(a string) bool { return strings.EqualFold(a, w.name) }):
			ms = append(ms, match{p, false})
		}
	}
	if len(ms) == 0 {
		return routePlace{}, false
	}
	return slices.MinFunc(ms, compareMatches).p, true
}

// writeRoutes resolves the waypoints of every route against the places by
// district and writes the routes as LineStrings, sorted by id. districts
// holds every valid district id. It returns how many routes it wrote.
func writeRoutes(path string, byDistrict map[string][]routePlace, districts map[string]bool) (int, error) {
	rs := slices.Clone(routes)
	slices.SortFunc(rs, func(a, b route) int { return strings.Compare(a.id, b.id) })
	fc := geojson.NewFeatureCollection()
	for i, r := range rs {
		if i > 0 && r.id == rs[i-1].id {
			return 0, fmt.Errorf("route id %q is not unique", r.id)
		}
		if len(r.via) < 2 {
			return 0, fmt.Errorf("route %q: %d waypoints, want 2 or more", r.id, len(r.via))
		}
		var line orb.LineString
		var names []string
		for _, w := range r.via {
			if !districts[w.district] {
				return 0, fmt.Errorf("route %q: waypoint %q: unknown district %q", r.id, w.name, w.district)
			}
			p, ok := resolve(w, byDistrict)
			if !ok {
				return 0, fmt.Errorf("route %q: waypoint %q: no place of that name in district %q", r.id, w.name, w.district)
			}
			line = append(line, orb.Point{round(p.pt[0]), round(p.pt[1])})
			names = append(names, w.name)
		}
		f := geojson.NewFeature(line)
		f.ID = r.id
		f.Properties = geojson.Properties{
			"id": r.id, "ref": r.ref, "name": r.name, "kind": r.kind,
			"alt_names": nonNil(altNames([]string{r.name}, r.alt)), "waypoints": names,
		}
		fc.Append(f)
	}
	return len(fc.Features), writeJSON(path, fc)
}
