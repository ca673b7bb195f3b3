package proc

import "net"

// FreePort returns a TCP port that was free on the loopback interface a
// moment ago. Another process may take it before the caller binds it; callers
// that pass it to a child should be ready to retry.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
