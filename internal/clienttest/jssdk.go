package clienttest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/ddbkit/ddb/internal/proc"
)

// JSSDKVersion is the pinned version of the JavaScript SDK v3 packages
// @aws-sdk/client-dynamodb and @aws-sdk/lib-dynamodb that the tests use.
const JSSDKVersion = "3.1162.0"

// JSStreamsVersion is the pinned version of @aws-sdk/client-dynamodb-streams,
// which is released less often than the DynamoDB client.
const JSStreamsVersion = "3.1141.0"

// installTimeout bounds one npm install.
const installTimeout = 5 * time.Minute

// InstallJSSDK installs the JavaScript SDK (JSSDKVersion) with npm into the
// shared cache directory (see proc.CacheRoot), once: concurrent test binaries
// wait on a file lock and reuse the result. It returns the directory holding
// node_modules.
func InstallJSSDK(t testing.TB) string {
	t.Helper()
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Fatal("npm is needed to install the JavaScript SDK")
	}
	root, err := proc.CacheRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "js-sdk-"+JSSDKVersion+"-streams-"+JSStreamsVersion)
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	unlock, err := proc.LockFile(dir + ".lock")
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	done := filepath.Join(dir, ".installed")
	if _, err := os.Stat(done); err == nil {
		return dir
	}
	if err := os.RemoveAll(dir); err != nil { // a partial earlier attempt
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), installTimeout)
	defer cancel()
	// A package.json of our own keeps npm from looking for one in a parent
	// directory.
	if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"private":true}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, err := Run(ctx, nil, npm, "install", "--prefix", dir, "--no-audit", "--no-fund", "--save-exact",
		"@aws-sdk/client-dynamodb@"+JSSDKVersion, "@aws-sdk/lib-dynamodb@"+JSSDKVersion,
		"@aws-sdk/client-dynamodb-streams@"+JSStreamsVersion)
	if err != nil {
		t.Fatalf("install the JavaScript SDK: %v\n%s%s", err, out, errOut)
	}
	if err := os.WriteFile(done, []byte(fmt.Sprintln(JSSDKVersion)), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}
