package extract

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// dictFS holds the dictionaries. Each file is a list of lines
// "LABEL | phrase | phrase ..."; '#' starts a comment line. See docs/extract.md.
//
//go:embed dict/*.txt
var dictFS embed.FS

// phrase is one dictionary entry: its label and normalised tokens.
type phrase struct {
	label string
	toks  []string
	rank  int // line number in the file: earlier lines win ties
}

// matcher finds dictionary phrases in token sequences, longest first.
type matcher struct {
	byFirst map[string][]phrase // sorted by length, longest first
	labels  []string            // in file order
}

// match is a phrase found in a sentence: tokens [i, j).
type match struct {
	label string
	i, j  int
	rank  int
}

func loadMatcher(fsys fs.FS, name string) (*matcher, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	defer f.Close()
	m := &matcher{byFirst: map[string][]phrase{}}
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		parts := strings.Split(s, "|")
		if len(parts) < 2 {
			return nil, fmt.Errorf("extract: %s:%d: want \"LABEL | phrase | ...\"", name, line)
		}
		label := strings.TrimSpace(parts[0])
		if label == "" {
			return nil, fmt.Errorf("extract: %s:%d: empty label", name, line)
		}
		if !seen[label] {
			seen[label] = true
			m.labels = append(m.labels, label)
		}
		for _, p := range parts[1:] {
			toks := norms(strings.TrimSpace(p))
			if len(toks) == 0 {
				continue
			}
			m.byFirst[toks[0]] = append(m.byFirst[toks[0]], phrase{label: label, toks: toks, rank: line})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("extract: %s: %w", name, err)
	}
	for k, ps := range m.byFirst {
		sort.SliceStable(ps, func(a, b int) bool { return len(ps[a].toks) > len(ps[b].toks) })
		m.byFirst[k] = ps
	}
	return m, nil
}

// at returns the longest phrase starting at token i, if any.
func (m *matcher) at(toks []token, i int) (match, bool) {
	if i < 0 || i >= len(toks) {
		return match{}, false
	}
	for _, p := range m.byFirst[toks[i].norm] {
		if i+len(p.toks) > len(toks) {
			continue
		}
		ok := true
		for k, w := range p.toks {
			if toks[i+k].norm != w {
				ok = false
				break
			}
		}
		if ok {
			return match{label: p.label, i: i, j: i + len(p.toks), rank: p.rank}, true
		}
	}
	return match{}, false
}

// all returns the non-overlapping phrases in toks, scanning left to right and
// taking the longest phrase at each position.
func (m *matcher) all(toks []token) []match {
	var out []match
	for i := 0; i < len(toks); {
		if mt, ok := m.at(toks, i); ok {
			out = append(out, mt)
			i = mt.j
			continue
		}
		i++
	}
	return out
}

// only returns a matcher with the phrases of m that have one of labels.
func (m *matcher) only(labels ...string) *matcher {
	keep := map[string]bool{}
	for _, l := range labels {
		keep[l] = true
	}
	out := &matcher{byFirst: map[string][]phrase{}, labels: labels}
	for k, ps := range m.byFirst {
		for _, p := range ps {
			if keep[p.label] {
				out.byFirst[k] = append(out.byFirst[k], p)
			}
		}
	}
	return out
}

// dicts is the loaded set of dictionaries.
type dicts struct {
	actors, statements, verification, groups, events, cues, numbers, dates *matcher
	// outcomes holds only the killed, injured and abducted words of cues,
	// so that "the death toll" (a back-reference) still reads as deaths
	outcomes  *matcher
	actorKind map[string]ActorKind // actor id -> kind
	typeRank  map[string]int       // event label -> file order
}

func loadDicts(fsys fs.FS) (*dicts, error) {
	d := &dicts{actorKind: map[string]ActorKind{}, typeRank: map[string]int{}}
	for _, x := range []struct {
		name string
		m    **matcher
	}{
		{"actors", &d.actors}, {"statements", &d.statements}, {"verification", &d.verification},
		{"groups", &d.groups}, {"events", &d.events}, {"cues", &d.cues}, {"numbers", &d.numbers}, {"dates", &d.dates},
	} {
		m, err := loadMatcher(fsys, "dict/"+x.name+".txt")
		if err != nil {
			return nil, err
		}
		*x.m = m
	}
	d.outcomes = d.cues.only("killed", "injured", "abducted")
	// Actor labels are "ID KIND": split them.
	relabel := map[string]string{}
	for _, l := range d.actors.labels {
		f := strings.Fields(l)
		if len(f) != 2 {
			return nil, fmt.Errorf("extract: dict/actors.txt: label %q: want \"ID KIND\"", l)
		}
		k, err := parseActorKind(f[1])
		if err != nil {
			return nil, fmt.Errorf("extract: dict/actors.txt: label %q: %w", l, err)
		}
		d.actorKind[f[0]] = k
		relabel[l] = f[0]
	}
	for k, ps := range d.actors.byFirst {
		for i := range ps {
			ps[i].label = relabel[ps[i].label]
		}
		d.actors.byFirst[k] = ps
	}
	for _, l := range d.statements.labels {
		if _, ok := cueStrength[stmtKind(l)]; !ok && stmtKind(l) != stmtCondemnation {
			return nil, fmt.Errorf("extract: dict/statements.txt: unknown label %q", l)
		}
	}
	for i, l := range d.events.labels {
		d.typeRank[l] = i
	}
	return d, nil
}

// kindOf returns the kind of actor id (armed groups named by "@group" are
// resolved to their id before this).
func (d *dicts) kindOf(id string) ActorKind { return d.actorKind[id] }
