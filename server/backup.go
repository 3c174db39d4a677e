package server

import (
	"net/http"
	"time"
)

// handleBackup streams a consistent copy of the database (one read
// transaction) while the server keeps serving: the way to back up a running
// server, since its file lock keeps other processes out. It needs a token:
// the copy holds the tokens' hashes and every draft.
func (s *Server) handleBackup(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename="incidentmap-`+time.Now().UTC().Format("20060102T150405Z")+`.db"`)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if _, err := s.db.Backup(r.Context(), w); err != nil {
		// Headers are gone once bytes are written: the client sees a
		// truncated body; the CLI checks the copy by opening it.
		s.log.ErrorContext(r.Context(), "backup failed", "err", err, "status", http.StatusInternalServerError)
	}
}
