// Package embedded registers the embedded engine with ddb.Open, as a
// database/sql driver registers itself:
//
//	import _ "github.com/ddbkit/ddb/embedded"
//
// After that, ddb.Open accepts
//
//   - mem://: a fresh engine that keeps everything in memory, gone at Close;
//   - file:///abs/path or file://rel/path: an engine that stores its data
//     durably in that directory, created if needed. One process at a time
//     may open a directory.
//
// The library itself never imports the engine, so a program that only talks
// to AWS links no storage engine; this package is the one place that sees
// both.
package embedded

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/engine"
)

func init() {
	ddb.Register("mem", openURL)
	ddb.Register("file", openURL)
}

// openURL opens the engine that a mem:// or file:// URL names.
func openURL(_ context.Context, rawURL string) (ddb.API, io.Closer, error) {
	scheme, dir, _ := strings.Cut(rawURL, "://")
	var opts engine.Options
	if strings.EqualFold(scheme, "file") {
		if dir == "" {
			return nil, nil, errors.New("file URL without a path")
		}
		opts.Dir = dir
	}
	e, err := engine.Open(opts)
	if err != nil {
		return nil, nil, err
	}
	return e, e, nil
}
