package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
)

// recoverPanics turns a panic in a handler into a 500 and one error log line
// with the stack, so that one bad request cannot take the server down.
// http.ErrAbortHandler is re-panicked: net/http uses it to abort silently.
func recoverPanics(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				v := recover()
				if v == nil {
					return
				}
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.LogAttrs(r.Context(), slog.LevelError, "panic",
					slog.String("path", r.URL.Path), slog.String("err", fmt.Sprint(v)), slog.String("stack", string(debug.Stack())))
				writeJSON(w, http.StatusInternalServerError, errorBody{Error: "internal server error"})
			}()
			next.ServeHTTP(w, r)
		})
	}
}
