package server

// Header values every response of a kind shares, assigned to the header map
// directly (h[key] = value, with key in canonical form) rather than with
// Header.Set, which allocates a slice for each: a cached tile's answer is
// mostly headers. net/http only reads them; each has len == cap, so a
// later Header.Add copies rather than writes into a shared array.
var (
	hvNosniff      = []string{"nosniff"}
	hvCSPData      = []string{cspData}
	hvDeny         = []string{"DENY"}
	hvReferrer     = []string{"strict-origin-when-cross-origin"}
	hvAnyOrigin    = []string{"*"}
	hvExpose       = []string{corsExposeHeaders}
	hvVaryEncoding = []string{"Accept-Encoding"}
	hvMVT          = []string{mvtContentType}
	hvGzip         = []string{"gzip"}
)
