package pointindex

import (
	"context"
	"fmt"

	"github.com/incidentmap/incidentmap/incident"
)

// The part of the index a query planner and a writer use besides Set, Grow,
// Compile, Scan, Points and Aggregate.

// ArenaLen is the bytes of interned strings held, to size Grow.
func (p *Index) ArenaLen() int { return len(p.arena) }

// RemoveText takes the words of old, the content slot held before an
// update, out of the word index; Set then adds the new content's.
func (p *Index) RemoveText(slot uint32, old *incident.Incident) { p.text.remove(slot, old) }

// Slots is the number of slots (the highest seq seen); some may be empty.
func (p *Index) Slots() int { return len(p.rows) }

// DateID returns the date (YYYYMMDD) and the id of the incident in slot.
func (p *Index) DateID(slot uint32) (uint32, string) {
	r := &p.rows[slot]
	return r.date, p.id(r)
}

// Live is the number of incidents not deleted.
func (p *Index) Live() int { return p.live }

// MaxSpan is the longest EndDate-Date in days of any incident seen: a
// query from a date must look this far before it.
func (p *Index) MaxSpan() int { return p.maxSpan }

// Counts are the live incidents per value, for a query planner to weigh
// the indexes. The maps belong to the index: read them only while holding
// its lock, and never modify them.
type Counts struct {
	ByActor    map[string]int // every actor of a claim
	ByDistrict map[string]int
	BySeries   map[string]int
	ByDay      map[uint32]int // YYYYMMDD
}

// Counts returns the planner's counts.
func (p *Index) Counts() Counts {
	return Counts{ByActor: p.byActor, ByDistrict: p.byDistrict, BySeries: p.bySeries, ByDay: p.byDay}
}

// None reports whether m can match nothing (an unknown district, say), so
// that a query may stop before it starts.
func (m *Matcher) None() bool { return m.none }

// Aggregate counts the incidents matching f per district (with killed
// sums), per actor, per type and per month and primary actor, from the
// rows alone.
func (p *Index) Aggregate(ctx context.Context, f *incident.Filter) (*incident.Aggregates, error) {
	a := &incident.Aggregates{ByDistrict: map[string]incident.Agg{}, ByActor: map[string]int{},
		ByType: map[incident.Type]int{}, ByMonth: map[string]map[string]int{}}
	months := map[uint32]string{}
	byDist := make([]incident.Agg, len(p.districts))
	byProf := make([]int, len(p.profiles))
	byType := make([]int, len(incident.Types)+1)
	byMonthProf := map[[2]uint32]int{}
	err := p.Scan(ctx, p.Compile(f), nil, func(slot uint32) bool {
		r := &p.rows[slot]
		a.Total++
		k := p.killedOf(slot, r)
		if f.Verified {
			k = p.verifiedKilled(slot, r)
		}
		d := &byDist[r.district]
		d.Count++
		d.Killed.Low += k.Low
		d.Killed.Best += k.Best
		d.Killed.High += k.High
		byProf[r.prof]++
		byType[min(int(r.typ), len(incident.Types))]++
		byMonthProf[[2]uint32{r.date / 100, r.prof}]++
		return true
	})
	if err != nil {
		return nil, err
	}
	for i, d := range byDist {
		if d.Count > 0 {
			a.ByDistrict[p.districts[i]] = d
		}
	}
	for i, n := range byProf {
		actors := p.profiles[i].actors
		if f.Verified {
			actors = p.profiles[i].vactors
		}
		for _, act := range actors {
			if n > 0 {
				a.ByActor[act] += n
			}
		}
	}
	for i, n := range byType {
		if n > 0 && i < len(incident.Types) {
			a.ByType[incident.Types[i]] = n
		}
	}
	for k, n := range byMonthProf {
		ms, ok := months[k[0]]
		if !ok {
			ms = fmt.Sprintf("%04d-%02d", k[0]/100, k[0]%100)
			months[k[0]] = ms
		}
		mm := a.ByMonth[ms]
		if mm == nil {
			mm = map[string]int{}
			a.ByMonth[ms] = mm
		}
		prim := p.profiles[k[1]].primary
		if f.Verified {
			prim = p.profiles[k[1]].vprimary
		}
		mm[prim] += n
	}
	return a, nil
}
