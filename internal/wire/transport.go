package wire

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/url"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
)

// transportSettings are the connection settings of the client's own
// transport, taken from the SDK's HTTP client (awshttp.BuildableClient)
// that the options carry, so that what a user configured there (a CA
// bundle, a dialer, timeouts, a proxy) holds for the lean client too.
type transportSettings struct {
	tls              *tls.Config
	proxy            func(*http.Request) (*url.URL, error)
	dial             func(ctx context.Context, network, addr string) (net.Conn, error)
	handshakeTimeout time.Duration
	idleTimeout      time.Duration
	maxIdle          int
	timeout          time.Duration
}

// settingsFrom reads the settings of the SDK's buildable HTTP client. ok is
// false if the client's transport dials TLS itself, which only net/http
// can then drive.
func settingsFrom(c *awshttp.BuildableClient) (s transportSettings, ok bool) {
	tr := c.GetTransport()
	if tr.DialTLSContext != nil || tr.DialTLS != nil {
		return s, false
	}
	s = transportSettings{
		tls:              tr.TLSClientConfig,
		proxy:            tr.Proxy,
		dial:             tr.DialContext,
		handshakeTimeout: tr.TLSHandshakeTimeout,
		idleTimeout:      tr.IdleConnTimeout,
		maxIdle:          tr.MaxIdleConnsPerHost,
		timeout:          c.GetTimeout(),
	}
	if s.dial == nil {
		s.dial = c.GetDialer().DialContext
	}
	if s.maxIdle <= 0 {
		s.maxIdle = http.DefaultMaxIdleConnsPerHost // as net/http reads 0
	}
	return s, true
}

// newPool returns the pool of connections to addr (host:port) for scheme,
// or nil if the settings send requests for it through a proxy.
func (s *transportSettings) newPool(scheme, host, addr string) *connPool {
	if s.proxy != nil {
		proxy, err := s.proxy(&http.Request{URL: &url.URL{Scheme: scheme, Host: addr}})
		if proxy != nil || err != nil {
			return nil
		}
	}
	p := &connPool{
		addr:             addr,
		dial:             s.dial,
		handshakeTimeout: s.handshakeTimeout,
		idleTimeout:      s.idleTimeout,
		maxIdle:          s.maxIdle,
		timeout:          s.timeout,
	}
	if scheme == "https" {
		cfg := &tls.Config{}
		if s.tls != nil {
			cfg = s.tls.Clone()
		}
		if cfg.ServerName == "" {
			cfg.ServerName = host
		}
		cfg.NextProtos = []string{"http/1.1"}
		p.tls = cfg
	}
	return p
}
