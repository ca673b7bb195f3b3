package clienttest

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// TestJSSDK runs the client scenario (see testdata/README.md) with the
// JavaScript SDK v3: @aws-sdk/client-dynamodb and lib-dynamodb's
// DocumentClient.
func TestJSSDK(t *testing.T) {
	RequireClients(t)
	t.Parallel()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is needed to run the JavaScript SDK")
	}
	modules := filepath.Join(InstallJSSDK(t), "node_modules")
	runScenario(t, []string{"NODE_PATH=" + modules, "NODE_NO_WARNINGS=1"}, node, "testdata/jssdk_scenario.cjs", Endpoint(t), TableName("jssdk"))
}
