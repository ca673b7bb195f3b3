package console

import (
	"bufio"
	"bytes"
	"errors"
	"net"
	"sync"
	"time"
)

// Split divides the connections accepted on ln between a DynamoDB API
// server and the console, so that both serve one port: a connection whose
// first request is a POST outside Prefix (the requests of SDKs) goes to
// api, every other (browsers' page loads, the console's API, health checks,
// CORS preflights) to web. The console's server must pass what it does not
// serve to the API's handler (the DynamoDB health answer for GET /, and
// the API requests a browser may send on a connection it opened for the
// console).
//
// Split reads each connection's first request line (on the connection's
// own goroutine) before handing it over, keeping the bytes read for the
// server. A connection that sends nothing for a minute is closed, as an
// idle one would be. Closing either listener closes ln.
func Split(ln net.Listener) (api, web net.Listener) {
	s := &splitter{ln: ln, done: make(chan struct{})}
	s.api = &subListener{s: s, conns: make(chan net.Conn)}
	s.web = &subListener{s: s, conns: make(chan net.Conn)}
	go s.run()
	return s.api, s.web
}

// splitTimeout bounds the wait for a connection's first request head.
const splitTimeout = time.Minute

// maxPeek bounds the request line read to route a connection; a longer
// one goes to the API, which answers it.
const maxPeek = 8 << 10

type splitter struct {
	ln       net.Listener
	api, web *subListener
	done     chan struct{}
	once     sync.Once
	err      error // why Accept stopped; set before done is closed
}

// subListener is one side of a split listener.
type subListener struct {
	s     *splitter
	conns chan net.Conn
}

func (l *subListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.s.done:
		return nil, l.s.err
	}
}

func (l *subListener) Close() error   { return l.s.close(net.ErrClosed) }
func (l *subListener) Addr() net.Addr { return l.s.ln.Addr() }

// close stops accepting, once, recording why.
func (s *splitter) close(why error) error {
	var err error
	s.once.Do(func() {
		s.err = why
		err = s.ln.Close()
		close(s.done)
	})
	return err
}

// run accepts connections and routes each on a goroutine of its own.
func (s *splitter) run() {
	var delay time.Duration
	for {
		c, err := s.ln.Accept()
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				// Out of descriptors and the like: wait and try again.
				delay = min(max(2*delay, 5*time.Millisecond), time.Second)
				time.Sleep(delay)
				continue
			}
			if errors.Is(err, net.ErrClosed) {
				err = net.ErrClosed
			}
			s.close(err)
			return
		}
		delay = 0
		go s.route(c)
	}
}

// route reads the line of a connection's first request and hands the
// connection to the side that serves it.
func (s *splitter) route(c net.Conn) {
	c.SetReadDeadline(time.Now().Add(splitTimeout))
	br := bufio.NewReaderSize(c, maxPeek)
	web, err := isWebRequest(br)
	if err != nil && br.Buffered() == 0 {
		c.Close() // nothing sent: closed like an idle connection
		return
	}
	c.SetReadDeadline(time.Time{})
	target := s.api
	if web {
		target = s.web
	}
	select {
	case target.conns <- &peekedConn{Conn: c, r: br}:
	case <-s.done:
		c.Close()
	}
}

// isWebRequest reads a request line into br's buffer, without consuming
// it, and reports whether the connection belongs to the console's side:
// its first request is not a POST, or is one under Prefix.
func isWebRequest(br *bufio.Reader) (bool, error) {
	for {
		head, _ := br.Peek(br.Buffered())
		if line, _, ok := bytes.Cut(head, []byte("\r\n")); ok || len(head) == maxPeek {
			method, rest, _ := bytes.Cut(line, []byte(" "))
			target, _, _ := bytes.Cut(rest, []byte(" "))
			return !bytes.Equal(method, []byte("POST")) || bytes.HasPrefix(target, []byte(Prefix)), nil
		}
		if _, err := br.Peek(br.Buffered() + 1); err != nil {
			return false, err
		}
	}
}

// peekedConn is a connection whose first bytes were read into r.
type peekedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *peekedConn) Read(p []byte) (int, error) { return c.r.Read(p) }
