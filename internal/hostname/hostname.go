// Package hostname tells whether the Host a request was addressed to names
// this machine in a way no other web site can make a browser use: the
// defence of the services meant for this machine's own pages (the console,
// the admin API of ddb serve) against DNS rebinding, where a site of the
// attacker's points its own name at 127.0.0.1 and so becomes, for the
// browser, the same origin as the service.
package hostname

import (
	"net"
	"strings"
)

// Name returns the host name (or address) of a Host header, without port,
// brackets or trailing dot, in lower case.
func Name(host string) string {
	if n, _, err := net.SplitHostPort(host); err == nil {
		host = n
	}
	return strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
}

// Local reports whether a Host header names an IP address (which no other
// site can make a browser resolve to this machine), localhost or a name
// under .localhost (which browsers resolve to this machine themselves).
func Local(host string) bool {
	name := Name(host)
	return net.ParseIP(name) != nil || name == "localhost" || strings.HasSuffix(name, ".localhost")
}
