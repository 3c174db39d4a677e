// Package static embeds the web map: the bundle that `npm run build` writes
// into static/dist (index.html, embed.html, app.js, app.css and Leaflet's
// images). The Go build never needs npm: before the bundle is built, FS holds
// only a placeholder and Built reports false, and the server shows a page that
// says how to build it.
package static

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// FS returns the built bundle with dist/ stripped, so that "index.html" is at
// its root.
func FS() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		// fs.Sub fails only for an invalid path; "dist" is a constant.
		panic(err)
	}
	return sub
}

// Built reports whether the bundle has been built (index.html exists).
func Built() bool {
	_, err := fs.Stat(FS(), "index.html")
	return err == nil
}

// NotBuiltPage is a small HTML page for the server to answer with when the
// bundle is missing.
const NotBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>incidentmap: web bundle not built</title></head>
<body><h1>Web bundle not built</h1>
<p>The web map has not been bundled into this binary. Run <code>make build</code>
(it runs <code>npm ci &amp;&amp; npm run build</code> in <code>static/</code>), then rebuild and restart the server.
The API under <a href="/api/incidents">/api/</a> works without it.</p></body></html>
`
