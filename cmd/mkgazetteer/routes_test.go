package main

import "testing"

func TestResolve(t *testing.T) {
	byDistrict := map[string][]routePlace{
		"kalat": {
			{id: "1342927", name: "Kalat", featureCode: "PPL"},
			{id: "1175296", name: "Kelat", alts: []string{"Kalat", "Khelat"}, featureCode: "PPLA2", pop: 26701},
		},
		"khuzdar": {
			{id: "7082481", name: "Khuzdar"},
			{id: "1173664", name: "Khuzdār", alts: []string{"Khuzdar"}, featureCode: "PPL", pop: 141227},
		},
		"dera-ghazi-khan": {
			{id: "11152422", name: "Fort Munro", featureCode: "PPL"},
			{id: "1169752", name: "Fort Munro", featureCode: "PPL"},
			{id: "wof:1", name: "Fort Munro", featureCode: "PPL"},
		},
		"sibi": {
			{id: "1", name: "Bostan"},
			{id: "2", name: "Bustan", alts: []string{"Bostan"}},
		},
	}
	for _, c := range []struct {
		name string
		w    waypoint
		want string
	}{
		{"seat before own name", waypoint{"Kalat", "kalat"}, "1175296"},
		{"population before own name", waypoint{"khuzdar", "khuzdar"}, "1173664"},
		{"own name before alternate", waypoint{"Bostan", "sibi"}, "1"},
		{"older record among equals", waypoint{"Fort Munro", "dera-ghazi-khan"}, "1169752"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, ok := resolve(c.w, byDistrict)
			if !ok || p.id != c.want {
				t.Errorf("resolve(%v) = %q, %v; want %q", c.w, p.id, ok, c.want)
			}
		})
	}
	if p, ok := resolve(waypoint{"Kalat", "khuzdar"}, byDistrict); ok {
		t.Errorf("Kalat resolved in Khuzdar district to %q", p.id)
	}
}
