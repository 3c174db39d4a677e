// Package incident holds the domain types shared by the store, the server and
// the extractor: an Incident with its separate Claims, the Series a claim may
// attach to, the vocabularies (types, claim kinds, verification statuses,
// actors) and the Filter every read path understands.
//
// The package has no storage and no I/O. Its rules (validation, the derived
// low/best/high killed figures, actor aliases) are pure functions so that
// every consumer applies them the same way.
package incident
