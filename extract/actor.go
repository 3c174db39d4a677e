package extract

import "fmt"

// ActorKind is what kind of party an actor is. It decides the kind of a
// claim the actor makes (see claimKind) and whether a figure in a relayed
// statement is the group's own.
type ActorKind string

// The actor kinds of dict/actors.txt.
const (
	ArmedGroup   ActorKind = "armed_group"
	Military     ActorKind = "military"
	Police       ActorKind = "police"
	Government   ActorKind = "government"
	Media        ActorKind = "media"
	Local        ActorKind = "local"
	UnknownActor ActorKind = "unknown"
)

// actorKinds are the kinds a dictionary line may name.
var actorKinds = map[ActorKind]bool{ArmedGroup: true, Military: true, Police: true, Government: true,
	Media: true, Local: true, UnknownActor: true}

// parseActorKind checks a kind read from the actors dictionary.
func parseActorKind(s string) (ActorKind, error) {
	if k := ActorKind(s); actorKinds[k] {
		return k, nil
	}
	return "", fmt.Errorf("unknown actor kind %q", s)
}

// Official reports whether the actor speaks for the state (military,
// police, government): its statements are official statements.
func (k ActorKind) Official() bool { return k == Military || k == Police || k == Government }

// stmtKind is the kind of a statement cue (the labels of
// dict/statements.txt).
type stmtKind string

const (
	stmtReport         stmtKind = "report"         // neutral: "said", "according to"
	stmtResponsibility stmtKind = "responsibility" // "claimed responsibility"
	stmtDenial         stmtKind = "denial"         // "denied", "rejected"
	stmtSilence        stmtKind = "silence"        // "has not commented"
	stmtIndependent    stmtKind = "independent"    // "independently verified"
	stmtCondemnation   stmtKind = "condemnation"   // "condemned": keeps the sentence, no claim
)

// cueStrength orders statement kinds: one speaker's sentence keeps the
// strongest.
var cueStrength = map[stmtKind]int{stmtReport: 1, stmtResponsibility: 2, stmtIndependent: 3, stmtDenial: 4, stmtSilence: 5}
