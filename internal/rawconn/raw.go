//go:build linux && !race

package rawconn

import (
	"io"
	"net"
	"os"
	"syscall"
	"unsafe"
)

// sysConn reads and writes a TCP connection's non-blocking socket with raw
// system calls, through the runtime's poller (syscall.RawConn) for waiting.
// Go's own reads and writes enter each system call through the scheduler
// (entersyscall), which, when the process had gone idle while waiting for
// the other side, wakes the runtime's monitor thread every time: with one
// request in flight, a good part of a server's or client's CPU time. Reads
// and writes on a non-blocking socket never block, so they need no such
// entry.
//
// Under the race detector the standard calls are used: they carry the
// annotations that tell it a write on one side of a connection happens
// before the read of it on the other.
//
// Errors have the shape of the net.Conn's own: a *net.OpError of op "read"
// or "write" around the system call's error, io.EOF at the end of the
// stream.
type sysConn struct {
	nc net.Conn
	rc syscall.RawConn
	// The arguments and results of the operation in progress, and the
	// callbacks that perform it, bound once so that no call allocates.
	p       []byte
	n       int
	err     error
	readFn  func(fd uintptr) bool
	writeFn func(fd uintptr) bool
}

// New returns raw-call I/O for nc, or nc itself when it is not a TCP
// connection. Deadlines set on nc apply to its reads and writes.
func New(nc net.Conn) io.ReadWriter {
	tc, ok := nc.(*net.TCPConn)
	if !ok {
		return nc
	}
	rc, err := tc.SyscallConn()
	if err != nil {
		return nc
	}
	s := &sysConn{nc: nc, rc: rc}
	s.readFn, s.writeFn = s.read, s.write
	return s
}

func (s *sysConn) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	s.p, s.n, s.err = p, 0, nil
	if err := s.rc.Read(s.readFn); err != nil {
		return 0, s.opError("read", err)
	}
	s.p = nil
	if s.err != nil && s.err != io.EOF {
		return s.n, s.opError("read", os.NewSyscallError("read", s.err))
	}
	return s.n, s.err
}

// read is one attempt of Read; it reports false to wait for the socket to
// become readable.
func (s *sysConn) read(fd uintptr) bool {
	for {
		n, _, errno := syscall.RawSyscall(syscall.SYS_READ, fd, uintptr(unsafe.Pointer(&s.p[0])), uintptr(len(s.p)))
		switch errno {
		case 0:
			s.n = int(n)
			if n == 0 {
				s.err = io.EOF
			}
			return true
		case syscall.EINTR:
			continue
		case syscall.EAGAIN:
			return false
		}
		s.err = errno
		return true
	}
}

func (s *sysConn) Write(p []byte) (int, error) {
	s.p, s.n, s.err = p, 0, nil
	if err := s.rc.Write(s.writeFn); err != nil {
		return s.n, s.opError("write", err)
	}
	s.p = nil
	if s.err != nil {
		return s.n, s.opError("write", os.NewSyscallError("write", s.err))
	}
	return s.n, nil
}

// opError names err as the connection's own Read or Write would: the
// poller's errors (a deadline, a closed connection) come named after the
// raw call ("raw-read"), the system call's bare.
func (s *sysConn) opError(op string, err error) error {
	if oe, ok := err.(*net.OpError); ok {
		named := *oe
		named.Op = op
		return &named
	}
	return &net.OpError{Op: op, Net: "tcp", Source: s.nc.LocalAddr(), Addr: s.nc.RemoteAddr(), Err: err}
}

// write is one attempt of Write: it writes what the socket takes and reports
// false to wait for it to become writable again.
func (s *sysConn) write(fd uintptr) bool {
	for s.n < len(s.p) {
		rest := s.p[s.n:]
		n, _, errno := syscall.RawSyscall(syscall.SYS_WRITE, fd, uintptr(unsafe.Pointer(&rest[0])), uintptr(len(rest)))
		switch errno {
		case 0:
			s.n += int(n)
		case syscall.EINTR:
		case syscall.EAGAIN:
			return false
		default:
			s.err = errno
			return true
		}
	}
	return true
}
