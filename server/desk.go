package server

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gorilla/mux"
	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/exchange"
	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// deskRoutes adds the editorial desk's page and API (docs/desk.md).
func (s *Server) deskRoutes(r *mux.Router) {
	get := func(path string, h http.HandlerFunc) { r.HandleFunc(path, h).Methods(http.MethodGet, http.MethodHead) }
	get("/desk", s.handlePage("desk.html"))

	r.HandleFunc("/api/session", s.handleSignIn).Methods(http.MethodPost)
	get("/api/session", s.auth(incident.RoleEditor, s.handleSession))
	r.HandleFunc("/api/session", s.auth(incident.RoleEditor, s.handleSignOut)).Methods(http.MethodDelete)

	get("/api/tokens", s.auth(incident.RoleAdmin, s.handleTokens))
	r.HandleFunc("/api/tokens", s.auth(incident.RoleAdmin, s.handleCreateToken)).Methods(http.MethodPost)
	r.HandleFunc("/api/tokens/{name}", s.auth(incident.RoleAdmin, s.handleRevokeToken)).Methods(http.MethodDelete)

	r.HandleFunc("/api/incidents/{id}/approve", s.auth(incident.RolePublisher, s.handleSetState(incident.Published))).Methods(http.MethodPost)
	r.HandleFunc("/api/incidents/{id}/reject", s.auth(incident.RolePublisher, s.handleSetState(incident.Rejected))).Methods(http.MethodPost)
	r.HandleFunc("/api/incidents/{id}/restore", s.auth(incident.RolePublisher, s.handleRestore)).Methods(http.MethodPost)

	get("/api/desk/vocab", s.handleDeskVocab)
	get("/api/desk/incidents", s.auth(incident.RoleEditor, s.handleDeskList))
	get("/api/desk/incidents/{id}", s.auth(incident.RoleEditor, s.handleDeskIncident))
	get("/api/desk/incidents/{id}/history", s.auth(incident.RoleEditor, s.handleDeskHistory))
}

// lastContent is the incident as its latest revision with content left it:
// a delete's revision may carry none (incident.Revision).
func lastContent(revs []incident.Revision) *incident.Incident {
	for i := len(revs) - 1; i >= 0; i-- {
		if revs[i].Incident != nil {
			return revs[i].Incident
		}
	}
	return nil
}

// publicRevisions keeps the revisions the public may see: those in which
// the incident was published, and a delete that followed one. An incident
// that is not published now (a draft, a rejected one, a deleted draft) has
// none: its id answers as an unknown one does.
func publicRevisions(revs []incident.Revision) []incident.Revision {
	if last := lastContent(revs); last == nil || !last.Published() {
		return nil
	}
	out := make([]incident.Revision, 0, len(revs))
	published := false
	for _, v := range revs {
		if v.Incident != nil {
			published = v.Incident.Published()
		}
		if published {
			out = append(out, v)
		}
	}
	return out
}

// handleSetState approves or rejects a draft: the action is recorded in
// the history with the token's name, and approval makes that name the
// approver.
func (s *Server) handleSetState(to incident.State) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		out, err := s.db.SetState(r.Context(), mux.Vars(r)["id"], tokenName(r.Context()), to)
		if errors.Is(err, incident.ErrState) {
			s.writeError(w, r, errStatus(http.StatusConflict, strings.TrimPrefix(err.Error(), "store: set state ")))
			return
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		s.afterWrite()
		s.writeIncident(w, r, http.StatusOK, out)
	}
}

// handleRestore brings back a deleted incident, or an earlier revision's
// content, as a new revision: JSON {"revision": N} (optional; without it a
// deleted incident comes back as it was). The state and approver stay the
// current ones: restoring content is an edit, not an approval.
func (s *Server) handleRestore(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	var req struct {
		Revision int `json:"revision"`
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if len(bytes.TrimSpace(body)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := decodeOnly(dec, &req); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	ctx := r.Context()
	who := tokenName(ctx)
	if _, err := s.db.Get(ctx, id); errors.Is(err, incident.ErrDeleted) {
		if err := s.db.Restore(ctx, id, who); err != nil {
			s.writeError(w, r, err)
			return
		}
		s.afterWrite()
	} else if err != nil {
		s.writeError(w, r, err)
		return
	} else if req.Revision == 0 {
		s.writeError(w, r, errStatus(http.StatusConflict, "incident "+id+" is not deleted; name a revision to restore"))
		return
	}
	cur, err := s.db.Get(ctx, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if req.Revision == 0 {
		s.writeIncident(w, r, http.StatusOK, cur)
		return
	}
	revs, err := s.db.History(ctx, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var old *incident.Incident
	for _, v := range revs {
		if v.Revision == req.Revision && v.Incident != nil {
			c := *v.Incident
			old = &c
		}
	}
	if old == nil {
		writeJSON(w, http.StatusUnprocessableEntity, errorBody{Error: fmt.Sprintf("revision: incident %s has no revision %d", id, req.Revision), Field: "revision"})
		return
	}
	old.State, old.ApprovedBy = cur.State, cur.ApprovedBy
	old.Created, old.Updated, old.Revision, old.UpdatedBy = cur.Created, cur.Updated, cur.Revision, cur.UpdatedBy
	if err := exchange.LocatePoint(s.gaz, &old.Location); err != nil {
		s.writeError(w, r, err)
		return
	}
	out, ch, err := s.db.Put(ctx, old, who)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if ch != incident.Unchanged {
		s.afterWrite()
	}
	s.writeIncident(w, r, http.StatusOK, out)
}

// deskEntry is one incident in the desk's lists: the incident as stored
// (domain JSON, as written back) with what a reviewer should look at.
type deskEntry struct {
	Incident *incident.Incident `json:"incident"`
	Killed   incident.Killed    `json:"killed"`
	Issues   []string           `json:"issues"`
}

// reviewIssues lists what is missing or doubtful in an incident, for the
// review queue.
func reviewIssues(in *incident.Incident) []string {
	out := []string{}
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if len(in.Claims) == 0 {
		add("no claims: who said what is unknown")
	}
	anyKilled := false
	for i, c := range in.Claims {
		if c.Source.Name == "" && c.Source.URL == "" {
			add("claim %d (%s): no source", i+1, c.Actor)
		} else if c.Source.URL == "" {
			add("claim %d (%s): source without a URL", i+1, c.Actor)
		}
		if c.Actor == "" || c.Actor == "unknown" {
			add("claim %d: speaker unknown", i+1)
		}
		if _, ok := c.Casualties.Killed(); ok {
			anyKilled = true
		}
	}
	if len(in.Claims) > 0 && !anyKilled {
		add("no killed figure in any claim")
	}
	if len(in.Sources) == 0 && len(in.Claims) == 0 {
		add("no sources")
	}
	switch in.Location.Precision {
	case geo.PrecisionProvince:
		add("place known only to the province")
	case geo.PrecisionDistrict:
		add("place known only to the district")
	case "":
		add("no place")
	}
	if in.Location.DistrictID == "" && in.Location.Region() == incident.RegionBalochistan {
		add("no district")
	}
	if slices.Contains(in.Tags, "date-unknown") {
		add("date unknown: the range is a placeholder")
	} else if in.DatePrecision == incident.DateRange || in.DatePrecision == incident.DateMonth || in.DatePrecision == incident.DateYear {
		add("date precision is %s", in.DatePrecision)
	}
	if in.Type == incident.TypeOther || in.Type == "" {
		add("type not decided")
	}
	if slices.Contains(in.Tags, "extracted") {
		add("extracted from text: check every field against the report")
	}
	return out
}

// deskListMax caps the desk's lists.
const deskListMax = 500

// handleDeskList lists incidents for the desk: ?state=draft (the default:
// the review queue) or rejected, newest created first, found through the
// point index's published flag so that the queue costs the drafts, not the
// database; ?state=published or all, newest incident date first;
// ?state=deleted, most recently deleted first (a scan of every record). At most
// deskListMax; ?q= is the map's text search (words of title, description,
// place, district or tags, or an id prefix).
func (s *Server) handleDeskList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if err := onlyParams(q, "state", "q"); err != nil {
		s.writeError(w, r, err)
		return
	}
	want := q.Get("state")
	switch want {
	case "":
		want = string(incident.Draft)
	case string(incident.Draft), string(incident.Rejected), string(incident.Published), "all", "deleted":
	default:
		s.writeError(w, r, incident.ParamErrorf("state", "want draft, rejected, published, all or deleted"))
		return
	}
	f := incident.Filter{Drafts: want != string(incident.Published), Text: strings.TrimSpace(q.Get("q"))}
	var list []*incident.Incident
	total := 0
	ctx := r.Context()
	if want == "deleted" {
		all, n, err := s.db.Deleted(ctx, 0)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		for _, in := range all {
			if f.Text == "" || incident.MatchText(in, f.Text) {
				list = append(list, in)
			}
		}
		total = n
		if f.Text != "" {
			total = len(list)
		}
		if len(list) > deskListMax {
			list = list[:deskListMax]
		}
	} else if want == string(incident.Draft) || want == string(incident.Rejected) {
		var ids []string
		world := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
		err := s.db.Points(ctx, incident.Filter{Drafts: true}, world, func(p *incident.Point) bool {
			if !p.Published {
				ids = append(ids, p.ID)
			}
			return true
		})
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		for _, id := range ids {
			in, err := s.db.Get(ctx, id)
			if errors.Is(err, incident.ErrNotFound) || errors.Is(err, incident.ErrDeleted) {
				continue // deleted since the scan
			}
			if err != nil {
				s.writeError(w, r, err)
				return
			}
			if string(in.State) == want && f.Match(in) {
				list = append(list, in)
			}
		}
		slices.SortFunc(list, func(a, b *incident.Incident) int {
			if c := b.Created.Compare(a.Created); c != 0 {
				return c
			}
			return cmp.Compare(a.ID, b.ID)
		})
		total = len(list)
		if len(list) > deskListMax {
			list = list[:deskListMax]
		}
	} else {
		page, err := s.db.Query(ctx, f, deskListMax, "")
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		list, total = page.Incidents, page.Matched
	}
	out := make([]deskEntry, len(list))
	for i, in := range list {
		out[i] = deskEntry{Incident: in, Killed: incident.DeriveKilled(in.Claims), Issues: reviewIssues(in)}
	}
	writeJSON(w, http.StatusOK, map[string]any{"state": want, "total": total, "incidents": out})
}

// handleDeskIncident is one incident in any state, deleted ones included
// ("deleted": true, with the content they had), for editing.
func (s *Server) handleDeskIncident(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	in, err := s.db.Get(r.Context(), id)
	deleted := false
	if errors.Is(err, incident.ErrDeleted) {
		revs, herr := s.db.History(r.Context(), id)
		if herr != nil {
			s.writeError(w, r, herr)
			return
		}
		in, err, deleted = revs[len(revs)-1].Incident, nil, true
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"incident": in, "deleted": deleted,
		"killed": incident.DeriveKilled(in.Claims), "issues": reviewIssues(in)})
}

// revisionJSON is one revision in a history answer.
type revisionJSON struct {
	Revision int                `json:"revision"`
	Time     string             `json:"time"`
	Who      string             `json:"who"`
	Action   string             `json:"action"`
	Incident *incident.Incident `json:"incident,omitempty"`
}

func historyJSON(id string, revs []incident.Revision) map[string]any {
	out := make([]revisionJSON, len(revs))
	for i, v := range revs {
		out[i] = revisionJSON{Revision: v.Revision, Time: v.Time.UTC().Format(time.RFC3339), Who: v.Who, Action: v.Action, Incident: v.Incident}
	}
	return map[string]any{"id": id, "revisions": out}
}

// handleDeskHistory is every revision of an incident, drafts and deleted
// ones included.
func (s *Server) handleDeskHistory(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	revs, err := s.db.History(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, historyJSON(id, revs))
}

// handleDeskVocab gives the desk's forms their choices: the closed
// vocabularies of incident and geo, and the actors table.
func (s *Server) handleDeskVocab(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r.URL.Query()); err != nil {
		s.writeError(w, r, err)
		return
	}
	type opt struct {
		ID    string `json:"id"`
		Label string `json:"label"`
		Kind  string `json:"kind,omitempty"`
	}
	types := make([]opt, 0, len(incident.Types))
	for _, t := range incident.Types {
		types = append(types, opt{ID: string(t), Label: t.Label()})
	}
	actors := make([]opt, 0, len(incident.Actors))
	for _, a := range incident.Actors {
		actors = append(actors, opt{ID: a.ID, Label: a.Name, Kind: a.Kind})
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	writeJSON(w, http.StatusOK, map[string]any{
		"types":           types,
		"actors":          actors,
		"kinds":           incident.ClaimKinds,
		"statuses":        incident.Verifications,
		"groups":          incident.Groups,
		"date_precisions": []incident.DatePrecision{incident.DateDay, incident.DateMonth, incident.DateYear, incident.DateRange},
		"precisions":      []geo.Precision{geo.PrecisionExact, geo.PrecisionTown, geo.PrecisionTehsil, geo.PrecisionRoute, geo.PrecisionDistrict, geo.PrecisionProvince},
	})
}
