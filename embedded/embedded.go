// Package embedded registers the embedded engine with ddb.Open, as a
// database/sql driver registers itself:
//
//	import _ "github.com/ddbkit/ddb/embedded"
//
// After that, ddb.Open accepts
//
//   - mem://: a fresh engine that keeps everything in memory, gone at Close;
//   - file:///abs/path or file://rel/path: an engine that stores its data
//     durably in that directory, created if needed. A new database is
//     made only in an empty or new directory (engine.ErrNotDatabase for one
//     holding other files). One process at a time may open a directory.
//
// The library itself never imports the engine, so a program that only talks
// to AWS links no storage engine; this package is the one place that sees
// both.
package embedded

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/retry"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/engine"
)

func init() {
	ddb.Register("mem", openURL)
	ddb.Register("file", openURL)
}

// openURL opens the engine that a mem:// or file:// URL names. The engine
// retries the faults injected into it (engine.Faults) as the SDK's client
// retries those of a server, so that a program sees the same outcomes in
// process as over HTTP.
func openURL(_ context.Context, rawURL string) (ddb.API, io.Closer, error) {
	scheme, rest, _ := strings.Cut(rawURL, "://")
	opts := engine.Options{Retryer: retry.NewStandard()}
	if strings.EqualFold(scheme, "mem") && rest != "" {
		return nil, nil, fmt.Errorf("mem URL %q: a mem URL names nothing after mem://", rawURL)
	}
	if strings.EqualFold(scheme, "file") {
		dir, err := fileDir(rest)
		if err != nil {
			return nil, nil, err
		}
		opts.Dir = dir
	}
	e, err := engine.Open(opts)
	if err != nil {
		return nil, nil, err
	}
	return e, e, nil
}

// fileDir returns the directory that the part of a file URL after
// "file://" names: an absolute path (file:///abs) or a relative one
// (file://rel), percent-decoded as a URL's path is. A file URL takes no
// query or fragment: a directory whose name holds '?' or '#' is written
// with %3F or %23.
func fileDir(rest string) (string, error) {
	if rest == "" {
		return "", errors.New("file URL without a path")
	}
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		return "", fmt.Errorf("file URL with a query or fragment %q: file URLs take no options (write '?' as %%3F and '#' as %%23 in a directory name)", rest[i:])
	}
	dir, err := url.PathUnescape(rest)
	if err != nil {
		return "", fmt.Errorf("file URL path %q: %w", rest, err)
	}
	return dir, nil
}
