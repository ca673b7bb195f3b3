package ddb

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLibraryLinksNoEngine checks that a program that talks only to AWS (it
// imports the library, not github.com/ddbkit/ddb/embedded) links neither
// the embedded engine nor a storage engine.
func TestLibraryLinksNoEngine(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "./testdata/awsonly").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) == 0 {
		t.Fatal("go list -deps printed nothing")
	}
	forbidden := []string{"github.com/ddbkit/ddb/engine", "github.com/cockroachdb/", "github.com/getsentry/", "github.com/prometheus/"}
	for _, dep := range deps {
		for _, f := range forbidden {
			if strings.HasPrefix(dep, f) {
				t.Errorf("an AWS-only program links %s", dep)
			}
		}
	}
}
