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
	runJSScenario(t, "testdata/jssdk_scenario.cjs", "jssdk")
}

// runJSScenario runs a scenario script with node and the installed SDK.
func runJSScenario(t *testing.T, script, table string) {
	RequireClients(t)
	t.Parallel()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is needed to run the JavaScript SDK")
	}
	modules := filepath.Join(InstallJSSDK(t), "node_modules")
	runScenario(t, []string{"NODE_PATH=" + modules, "NODE_NO_WARNINGS=1"}, node, script, Endpoint(t), TableName(table))
}

// TestJSSDKStreams runs the streams scenario (see testdata/README.md) with
// the JavaScript SDK v3's DynamoDBStreams client.
func TestJSSDKStreams(t *testing.T) {
	runJSScenario(t, "testdata/jssdk_streams.cjs", "jssdkstreams")
}
