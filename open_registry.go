package ddb

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
)

// Opener opens the backend of a URL scheme registered with Register. It
// receives the whole URL given to Open and returns the API to send requests
// to and, when the backend holds resources (an embedded database), the
// closer that DB.Close calls; closer may be nil.
type Opener func(ctx context.Context, rawURL string) (api API, closer io.Closer, err error)

// embeddedPackage is the package that registers the embedded engine's
// schemes, named in the error for an unregistered mem:// or file://.
const embeddedPackage = "github.com/ddbkit/ddb/embedded"

var registry struct {
	sync.RWMutex
	openers map[string]Opener
}

// Register makes a backend available to Open under a URL scheme, as
// database/sql drivers register themselves: the embedded engine's package
// registers "mem" and "file" in its init function, so that a program that
// only talks to AWS links no storage engine. Register panics if scheme is
// empty, is one Open handles itself (http, https, aws), is already
// registered, or if open is nil.
func Register(scheme string, open Opener) {
	scheme = strings.ToLower(scheme)
	switch {
	case open == nil:
		panic("ddb: Register " + scheme + " with a nil Opener")
	case scheme == "" || scheme == "http" || scheme == "https" || scheme == "aws":
		panic(fmt.Sprintf("ddb: Register: scheme %q cannot be registered", scheme))
	}
	registry.Lock()
	defer registry.Unlock()
	if _, dup := registry.openers[scheme]; dup {
		panic("ddb: Register called twice for scheme " + scheme)
	}
	if registry.openers == nil {
		registry.openers = map[string]Opener{}
	}
	registry.openers[scheme] = open
}

// Schemes returns the URL schemes Open accepts, sorted: its own and the
// registered ones.
func Schemes() []string {
	registry.RLock()
	defer registry.RUnlock()
	schemes := []string{"aws", "http", "https"}
	for s := range registry.openers {
		schemes = append(schemes, s)
	}
	sort.Strings(schemes)
	return schemes
}

// openRegistered opens a URL whose scheme a package registered.
func openRegistered(ctx context.Context, scheme, rawURL string, opts []Option) (*DB, error) {
	registry.RLock()
	open := registry.openers[scheme]
	registry.RUnlock()
	if open == nil {
		if scheme == "mem" || scheme == "file" {
			return nil, fmt.Errorf("ddb: Open %q: the embedded engine is not linked in; add import _ %q", rawURL, embeddedPackage)
		}
		return nil, fmt.Errorf("ddb: Open %q: unknown scheme %q (known: %s)", rawURL, scheme, strings.Join(Schemes(), ", "))
	}
	api, closer, err := open(ctx, rawURL)
	if err != nil {
		return nil, fmt.Errorf("ddb: Open %q: %w", rawURL, err)
	}
	db := New(api, opts...)
	db.closer = closer
	return db, nil
}
