//go:build !unix

package wire

import "net"

// peerClosed cannot peek at sockets on this platform; idle connections are
// assumed open (a closed one fails its request, which the retryer resends).
func peerClosed(net.Conn) bool { return false }
