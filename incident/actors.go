package incident

import (
	"sort"
	"strings"
)

// Actor is a party that makes claims: an armed group, an official body, the
// press, local sources.
type Actor struct {
	ID      string   `json:"id"`   // short stable id, e.g. "BLF", "ISPR"
	Name    string   `json:"name"` // full name
	Kind    string   `json:"kind"` // armed_group, military, police, government, media, local
	Aliases []string `json:"aliases,omitempty"`
}

// Actors is the built-in actors table. Ids are what the claimant filter
// matches; aliases are matched case-insensitively by LookupActor.
var Actors = []Actor{
	{ID: "BLA", Name: "Balochistan Liberation Army", Kind: "armed_group", Aliases: []string{"Baloch Liberation Army", "BLA-Jeeyand", "BLA-Azad", "Majeed Brigade"}},
	{ID: "BLF", Name: "Balochistan Liberation Front", Kind: "armed_group", Aliases: []string{"Baloch Liberation Front", "Baloch rebel sources"}},
	{ID: "BRAS", Name: "Baloch Raaji Aajoi Sangar", Kind: "armed_group", Aliases: []string{"Baloch Raji Aajoi Sangar", "Baloch Raaji Ajoi Sangar"}},
	{ID: "BRG", Name: "Baloch Republican Guards", Kind: "armed_group", Aliases: []string{"Baloch Republican Guard"}},
	{ID: "BNA", Name: "Baloch Nationalist Army", Kind: "armed_group"},
	{ID: "UBA", Name: "United Baloch Army", Kind: "armed_group"},
	{ID: "TTP", Name: "Tehreek-e-Taliban Pakistan", Kind: "armed_group", Aliases: []string{"Tehrik-i-Taliban Pakistan", "Pakistani Taliban", "Fitna al-Khawarij"}},
	{ID: "ISKP", Name: "Islamic State Khorasan Province", Kind: "armed_group", Aliases: []string{"IS-K", "ISIS-K", "Islamic State"}},
	{ID: "ISPR", Name: "Inter-Services Public Relations", Kind: "military", Aliases: []string{"the military's media wing", "military's media wing", "Pakistan Army", "army"}},
	{ID: "FC", Name: "Frontier Corps Balochistan", Kind: "military", Aliases: []string{"Frontier Corps", "FC Balochistan"}},
	{ID: "police", Name: "Balochistan Police", Kind: "police", Aliases: []string{"police", "CTD", "Counter Terrorism Department"}},
	{ID: "Levies", Name: "Balochistan Levies", Kind: "police", Aliases: []string{"Levies", "Levies Force"}},
	{ID: "government", Name: "Government of Balochistan", Kind: "government", Aliases: []string{"provincial government", "Balochistan government", "officials", "government spokesman", "assistant commissioner", "deputy commissioner"}},
	{ID: "local", Name: "Local sources", Kind: "local", Aliases: []string{"local sources", "residents", "locals"}},
	{ID: "media", Name: "Media", Kind: "media", Aliases: []string{"media report", "press", "news reports"}},
	{ID: "unknown", Name: "Unknown or unclaimed", Kind: "unknown", Aliases: []string{"unclaimed", "unidentified gunmen", "no group"}},
}

var actorIndex = func() map[string]string {
	m := make(map[string]string)
	for _, a := range Actors {
		m[strings.ToLower(a.ID)] = a.ID
		m[strings.ToLower(a.Name)] = a.ID
		for _, al := range a.Aliases {
			m[strings.ToLower(al)] = a.ID
		}
	}
	return m
}()

// LookupActor returns the canonical actor id for an id, name or alias, and
// whether it was found. Unknown names are not an error for a claim: the
// caller may keep them as they were reported.
func LookupActor(name string) (string, bool) {
	if id, ok := actorIDs[name]; ok { // already an id: no lower-case copy
		return id, true
	}
	id, ok := actorIndex[strings.ToLower(strings.TrimSpace(name))]
	return id, ok
}

// actorIDs maps each canonical id to itself.
var actorIDs = func() map[string]string {
	m := make(map[string]string, len(Actors))
	for _, a := range Actors {
		m[a.ID] = a.ID
	}
	return m
}()

// CanonicalActor returns the canonical id for name, or name trimmed when the
// actor is not in the table.
func CanonicalActor(name string) string {
	if id, ok := LookupActor(name); ok {
		return id
	}
	return strings.TrimSpace(name)
}

// ActorIDs returns the ids of the actors table, sorted.
func ActorIDs() []string {
	ids := make([]string, len(Actors))
	for i, a := range Actors {
		ids[i] = a.ID
	}
	sort.Strings(ids)
	return ids
}
