package server

import (
	"fmt"
	"net/http"
	"strings"
)

// CORS headers sent to the browsers of allowed origins: a preflight answer
// may be cached for two days, and scripts may read the request id and error
// headers of a response.
const (
	corsMaxAge        = "172800"
	corsExposeHeaders = "x-amzn-RequestId,x-amzn-ErrorType,x-amz-request-id,x-amz-id-2,x-amzn-ErrorMessage,Date"
	corsAllowMethods  = "GET,POST"
)

// LocalOrigins are the origins browsers may call the server from by
// default: pages served from this machine (any port, HTTP or HTTPS), as in
// local development. DynamoDB Local allows every origin by default; a
// database that any web page the user visits can read and write is not a
// safe default (see docs/decisions/serve-cors-and-auth.md).
var LocalOrigins = []string{
	"http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*",
	"https://localhost:*", "https://127.0.0.1:*", "https://[::1]:*",
}

// origins is the set of browser origins allowed to call the server.
type origins struct {
	any     bool
	exact   map[string]bool // scheme://host[:port], lower case
	anyPort map[string]bool // scheme://host of patterns ending in ":*"
}

// newOrigins parses a list of allowed origins: "*" allows any,
// "scheme://host:*" any port of a host, other entries one origin each. An
// empty list allows none.
func newOrigins(list []string) origins {
	o := origins{exact: map[string]bool{}, anyPort: map[string]bool{}}
	for _, e := range list {
		e = strings.ToLower(strings.TrimRight(strings.TrimSpace(e), "/"))
		switch {
		case e == "*":
			o.any = true
		case strings.HasSuffix(e, ":*"):
			o.anyPort[strings.TrimSuffix(e, ":*")] = true
		case e != "":
			o.exact[e] = true
		}
	}
	return o
}

// CheckOrigins reports an error for an entry of a list of allowed origins
// (WithCORS) that would never match an origin as meant: a "*" anywhere but
// alone (any origin) or as the port ("scheme://host:*"). Wildcard hosts
// such as "http://*.test" are not supported: any site can be given a
// subdomain of a domain it does not own (a shared hosting domain, a
// wildcard DNS record), so the origins a page may call from are listed one
// by one (see docs/decisions/serve-cors-and-auth.md).
func CheckOrigins(list []string) error {
	for _, e := range list {
		p := strings.TrimSpace(e)
		if p == "*" {
			continue
		}
		if strings.Contains(strings.TrimSuffix(p, ":*"), "*") {
			return fmt.Errorf("origin %q: a * may only allow any origin (\"*\") or any port of a host (\"http://host:*\"); wildcard hosts are not supported, list each origin", e)
		}
	}
	return nil
}

// allows reports whether a page from origin may call the server.
func (o *origins) allows(origin string) bool {
	if o.any {
		return true
	}
	origin = strings.ToLower(origin)
	if o.exact[origin] {
		return true
	}
	// Cut the port: after the last colon that follows "scheme://host",
	// where an IPv6 host is bracketed.
	rest, ok := strings.CutPrefix(origin, "http://")
	scheme := "http://"
	if !ok {
		if rest, ok = strings.CutPrefix(origin, "https://"); !ok {
			return false
		}
		scheme = "https://"
	}
	host := rest
	if i := strings.LastIndexByte(rest, ':'); i >= 0 && i > strings.LastIndexByte(rest, ']') {
		host = rest[:i]
	}
	return o.anyPort[scheme+host]
}

// corsAllowedHeader reports whether browsers may send a request header:
// those of the AWS SDKs' requests (Content-Encoding for a compressed body),
// never arbitrary ones.
func corsAllowedHeader(name string) bool {
	name = strings.ToLower(strings.TrimSpace(name))
	switch name {
	case "content-type", "content-encoding", "authorization", "x-amz-target", "x-amz-date", "x-amz-security-token", "x-amz-user-agent", "x-amz-content-sha256":
		return true
	}
	return strings.HasPrefix(name, "amz-sdk-") || strings.HasPrefix(name, "x-amz-")
}

// cors answers calls from browsers (those with an Origin header). A call
// from an origin not allowed is refused with 403 before anything is done
// (browsers preflight DynamoDB calls, so a page of another site never gets
// to send one; other clients send no Origin). For an allowed origin the
// reply names it (or "*" when any origin is allowed) and exposes the
// response headers, and a preflight request (OPTIONS) is answered with the
// methods and the SDK headers it asks for. It reports whether the call has
// been answered.
func (s *Server) cors(c *call, out *reply) bool {
	if c.origin == "" {
		return false
	}
	if !s.origins.allows(c.origin) {
		out.set(http.StatusForbidden, contentTypeText, []byte("origin not allowed: "+c.origin+"\n"))
		return true
	}
	if s.origins.any {
		out.headers = append(out.headers, header{"Access-Control-Allow-Origin", "*"})
	} else {
		out.headers = append(out.headers, header{"Access-Control-Allow-Origin", c.origin}, header{"Vary", "Origin"})
	}
	if c.method != http.MethodOptions {
		out.headers = append(out.headers, header{"Access-Control-Expose-Headers", corsExposeHeaders})
		return false
	}
	var allowed []string
	for _, v := range c.corsHeaders {
		for name := range strings.SplitSeq(v, ",") {
			if corsAllowedHeader(name) {
				allowed = append(allowed, strings.ToLower(strings.TrimSpace(name)))
			}
		}
	}
	if len(allowed) > 0 {
		out.headers = append(out.headers, header{"Access-Control-Allow-Headers", strings.Join(allowed, ",")})
	}
	out.headers = append(out.headers, header{"Access-Control-Allow-Methods", corsAllowMethods}, header{"Access-Control-Max-Age", corsMaxAge})
	out.set(http.StatusOK, nil, nil)
	return true
}
