package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"

	"github.com/ddbkit/ddb"
	_ "github.com/ddbkit/ddb/embedded" // mem:// and file:// URLs
	"github.com/ddbkit/ddb/engine"
)

// urlHelp describes the URLs --url takes, for flag help.
const urlHelp = "database: http://host:port (ddb serve, DynamoDB Local), aws://region, file://DIR or mem:// (default $" + ddb.EnvURL + ")"

// openURL opens the database at rawURL (or $DDB_URL) as ddb.Open does. A
// file:// directory is opened in this process, so no server may hold it;
// unless create is set it must exist already, so that a mistyped path is
// reported rather than made into an empty database, and it never may hold
// other files and no database (engine.ErrNotDatabase).
func (a *app) openURL(ctx context.Context, rawURL string, create bool) (*ddb.DB, error) {
	if rawURL == "" {
		rawURL = a.getenv(ddb.EnvURL)
	}
	if rawURL == "" {
		return nil, errors.New("no database given: pass --url (such as --url http://localhost:8000 or --url file://./data) or set " + ddb.EnvURL)
	}
	scheme, rest, ok := strings.Cut(rawURL, "://")
	if !ok {
		return nil, fmt.Errorf("%q is not a database URL: want http://host:port, aws://region, file://DIR or mem://", rawURL)
	}
	if err := checkEndpointURL(scheme, rawURL); err != nil {
		return nil, err
	}
	isFile := strings.EqualFold(scheme, "file")
	if isFile && !create {
		if _, err := os.Stat(rest); errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("no database at %s: the directory does not exist", rest)
		}
	}
	timeout, err := a.requestTimeout()
	if err != nil {
		return nil, err
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	db, err := ddb.Open(ctx, rawURL, ddb.WithLogger(quiet),
		ddb.WithHTTPClient(awshttp.NewBuildableClient().WithTimeout(timeout)))
	switch {
	case isFile && errors.Is(err, engine.ErrNotDatabase):
		return nil, fmt.Errorf("no database at %s: the directory holds other files (a new database needs an empty or new directory)", rest)
	case isFile && errors.Is(err, engine.ErrLocked):
		return nil, fmt.Errorf("database %s is in use by another process (a ddb serve --data %s?): use that server's http:// URL", rest, rest)
	case err != nil:
		return nil, errors.New(strings.TrimPrefix(err.Error(), "ddb: "))
	}
	return db, nil
}

// defaultRequestTimeout is how long a request to a server waits for its
// answer, as the AWS CLI's default read timeout.
const defaultRequestTimeout = time.Minute

// requestTimeout returns how long a request to a server waits for its
// answer: $DDB_TIMEOUT, or defaultRequestTimeout.
func (a *app) requestTimeout() (time.Duration, error) {
	text := a.getenv("DDB_TIMEOUT")
	if text == "" {
		return defaultRequestTimeout, nil
	}
	d, err := time.ParseDuration(text)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("DDB_TIMEOUT=%s is not a time to wait, such as 10s or 5m", text)
	}
	return d, nil
}

// checkEndpointURL refuses an http:// or https:// URL with a path (such as
// http://localhost:8000/orders, a table where --url names a database), a
// user or a fragment, which a request would not use.
func checkEndpointURL(scheme, rawURL string) error {
	if !strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") {
		return nil
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return fmt.Errorf("%q is not a database URL: %v", rawURL, err)
	}
	if (u.Path != "" && u.Path != "/") || u.User != nil || u.Fragment != "" {
		return fmt.Errorf("%q is not a database URL: want http://host:port, without a path (a copy names a table as URL/TABLE)", rawURL)
	}
	return nil
}
