//go:build !linux

package proc

// listensOn reports whether the TCP port's listening sockets belong to the
// process group pgid. Outside Linux it cannot tell and says yes: a server
// whose port another program took first is then found only when it exits.
func listensOn(pgid, port int) (bool, error) { return true, nil }
