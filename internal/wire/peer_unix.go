//go:build unix

package wire

import (
	"net"
	"syscall"
)

// peerClosed reports whether the peer has closed nc or sent something
// unasked, without waiting: it peeks at the socket with MSG_DONTWAIT.
// Connections that are not sockets are assumed open.
func peerClosed(nc net.Conn) bool {
	sc, ok := nc.(syscall.Conn)
	if !ok {
		return false
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	closed := false
	var buf [1]byte
	err = rc.Read(func(fd uintptr) bool {
		n, _, err := syscall.Recvfrom(int(fd), buf[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		// n == 0 is the end of stream; n > 0 is data nobody asked for;
		// EAGAIN is the healthy idle connection.
		closed = n >= 0 && err == nil || err != nil && err != syscall.EAGAIN && err != syscall.EWOULDBLOCK
		return true
	})
	return closed || err != nil
}
