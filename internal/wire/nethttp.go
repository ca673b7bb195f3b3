package wire

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"
)

// doHTTP sends a request through an HTTP client (net/http, or whatever the
// options name): the transport for endpoints reached through a proxy and
// for options that bring an HTTP client of their own.
func doHTTP(ctx context.Context, client httpDoer, ep *endpoint, header http.Header, body []byte) (*response, error) {
	// A copy of the body: net/http may still be writing it when Do returns
	// (after an early answer), and the caller's buffer is recycled.
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.url(), bytes.NewReader(bytes.Clone(body)))
	if err != nil {
		return nil, err
	}
	req.Host = ep.host
	for k, v := range header {
		// Canonical names, which net/http looks for (it adds an
		// Accept-Encoding of its own if it finds none); copied values, which
		// the signer writes over in place on the next attempt.
		req.Header[http.CanonicalHeaderKey(k)] = slices.Clone(v)
	}
	hr, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer hr.Body.Close()
	resp := &response{
		status:    hr.StatusCode,
		crc32:     hr.Header.Get("X-Amz-Crc32"),
		requestID: hr.Header.Get("X-Amzn-RequestId"),
		errorType: hr.Header.Get("X-Amzn-ErrorType"),
		date:      hr.Header.Get("Date"),
		age:       hr.Header.Get("Age") != "",
	}
	if resp.status >= 300 {
		resp.header = hr.Header
	}
	if resp.body, err = io.ReadAll(hr.Body); err != nil {
		return nil, err
	}
	return resp, nil
}
