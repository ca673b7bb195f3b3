package wire

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	smithyauth "github.com/aws/smithy-go/auth"
	smithyendpoints "github.com/aws/smithy-go/endpoints"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// An endpoint is where one call's requests go and how they are signed, as
// the SDK's endpoint resolver for the service decides.
type endpoint struct {
	scheme, host  string      // host is the Host header: host[:port]
	path          string      // the request path
	header        http.Header // headers the endpoint requires, if any
	signingName   string
	signingRegion string
	// pool sends the requests over the client's own connections; nil when
	// they go through an HTTP client (a proxy is configured, or the
	// options name an HTTP client of their own).
	pool *connPool
}

// url returns the endpoint's request URL.
func (e *endpoint) url() string { return e.scheme + "://" + e.host + e.path }

// endpointKey holds the resolver's parameters that vary between calls of
// one client: the caller's account and the resources a call names.
type endpointKey struct {
	accountID, resourceARN, resourceARNs string
}

// endpoints resolves and caches the endpoints of one set of options.
// Resolution runs the SDK's rules engine, which costs more than a whole
// call of this client, so each distinct key is resolved once.
type endpoints struct {
	region string // the options' region, also the default signing region
	// resolve runs the service's endpoint resolver with the parameters the
	// SDK's client gives it: region (validated, FIPS pseudo-regions mapped,
	// fips telling that one was) and the call's.
	resolve func(ctx context.Context, region *string, fips bool, key endpointKey, resource *string, resources []string) (smithyendpoints.Endpoint, error)
	pools   *pools

	mu    sync.RWMutex
	cache map[endpointKey]*endpoint
}

// get returns the endpoint of a call naming resource (a table name or ARN)
// or resources (those of a batch), by a caller of the given account (""
// when the account plays no part).
func (e *endpoints) get(ctx context.Context, accountID string, resource *string, resources []string) (*endpoint, error) {
	key := endpointKey{accountID: accountID}
	if resource != nil {
		key.resourceARN = *resource
	}
	if slices.ContainsFunc(resources, isARN) {
		// The key does not depend on the order of a batch's tables (they
		// come from a map); only ARNs can change the endpoint.
		arns := slices.DeleteFunc(slices.Clone(resources), func(s string) bool { return !isARN(s) })
		slices.Sort(arns)
		key.resourceARNs = strings.Join(arns, "\x00")
	}
	if !isARN(key.resourceARN) {
		// A table name (not an ARN) never changes the endpoint: the
		// resolver only reads ARNs from ResourceArn.
		key.resourceARN = ""
	}
	e.mu.RLock()
	ep := e.cache[key]
	e.mu.RUnlock()
	if ep != nil {
		return ep, nil
	}
	ep, err := e.newEndpoint(ctx, key, resource, resources)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.cache == nil {
		e.cache = map[endpointKey]*endpoint{}
	}
	if old := e.cache[key]; old != nil {
		return old, nil
	}
	e.cache[key] = ep
	return ep, nil
}

// newEndpoint resolves the endpoint of key.
func (e *endpoints) newEndpoint(ctx context.Context, key endpointKey, resource *string, resources []string) (*endpoint, error) {
	region, fips := e.region, false
	if mapped := fipsRegion(region); mapped != region {
		region, fips = mapped, true
	}
	var regionParam *string
	if region != "" {
		if !validHostLabels(region) {
			return nil, fmt.Errorf("failed to bind endpoint params, invalid input region %s", region)
		}
		regionParam = aws.String(region)
	}
	resolved, err := e.resolve(ctx, regionParam, fips, key, resource, resources)
	if err != nil {
		return nil, fmt.Errorf("failed to resolve service endpoint, %w", err)
	}
	u := resolved.URI
	ep := &endpoint{
		scheme:        u.Scheme,
		host:          u.Host,
		path:          smithyhttp.JoinPath(u.Path, "/"),
		header:        resolved.Headers,
		signingName:   "dynamodb", // both services sign as dynamodb
		signingRegion: e.region,
	}
	if u.RawPath != "" {
		ep.path = smithyhttp.JoinPath(u.RawPath, "/")
	}
	if ep.scheme != "http" && ep.scheme != "https" {
		return nil, fmt.Errorf("endpoint %s: unsupported scheme %q", u.String(), u.Scheme)
	}
	if opts, ok := smithyauth.GetAuthOptions(&resolved.Properties); ok {
		for _, a := range opts {
			if a.SchemeID != "aws.auth#sigv4" {
				continue
			}
			if name, ok := smithyhttp.GetSigV4SigningName(&a.SignerProperties); ok {
				ep.signingName = name
			}
			if r, ok := smithyhttp.GetSigV4SigningRegion(&a.SignerProperties); ok {
				ep.signingRegion = r
			}
		}
	}
	if e.pools != nil {
		ep.pool = e.pools.get(ep.scheme, u.Hostname(), u.Port())
	}
	return ep, nil
}

// isARN reports whether a resource name is an ARN, which the endpoint
// resolver may read an account from.
func isARN(s string) bool { return strings.HasPrefix(s, "arn:") }

// fipsRegion maps a FIPS pseudo-region (fips-us-east-1, us-east-1-fips) to
// its region, as the SDK does before resolving endpoints.
func fipsRegion(region string) string {
	if strings.Contains(region, "-fips-") || strings.Contains(region, "fips-") || strings.Contains(region, "-fips") {
		region = strings.ReplaceAll(region, "-fips-", "-")
		region = strings.ReplaceAll(region, "fips-", "")
		region = strings.ReplaceAll(region, "-fips", "")
	}
	return region
}

// validHostLabels reports whether s is dot-separated labels of letters,
// digits and hyphens, 1 to 63 long, none starting with a hyphen: the
// regions the SDK accepts.
func validHostLabels(s string) bool {
	for label := range strings.SplitSeq(s, ".") {
		if len(label) == 0 || len(label) > 63 || label[0] == '-' {
			return false
		}
		for _, c := range []byte(label) {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// pools holds the client's connection pools, one per scheme and host, all
// configured from one HTTP transport's settings.
type pools struct {
	settings transportSettings

	mu sync.Mutex
	m  map[string]*connPool
}

// get returns the pool of scheme://host:port, making it on first use, or
// nil if requests to it must go through the HTTP client (a proxy).
func (ps *pools) get(scheme, host, port string) *connPool {
	if port == "" {
		port = "80"
		if scheme == "https" {
			port = "443"
		}
	}
	addr := net.JoinHostPort(host, port)
	key := scheme + "://" + addr
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if p, ok := ps.m[key]; ok {
		return p
	}
	p := ps.settings.newPool(scheme, host, addr)
	if ps.m == nil {
		ps.m = map[string]*connPool{}
	}
	ps.m[key] = p
	return p
}

// closeIdle closes the idle connections of every pool; with final, the
// pools keep no connection afterwards.
func (ps *pools) closeIdle(final bool) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	for _, p := range ps.m {
		if p != nil {
			p.closeIdle(final)
		}
	}
}
