package dynalite

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/ddblocal"
)

func TestInstalledVersion(t *testing.T) {
	dir := t.TempDir()
	pkg := filepath.Join(dir, "node_modules", PackageName)
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := installedVersion(dir); got != "" {
		t.Errorf("empty directory: installedVersion = %q", got)
	}
	os.WriteFile(filepath.Join(pkg, "package.json"), []byte(`{"name":"dynalite","version":"1.2.3"}`), 0o644)
	if got := installedVersion(dir); got != "" {
		t.Errorf("without cli.js: installedVersion = %q, want none", got)
	}
	os.WriteFile(filepath.Join(dir, cliPath), nil, 0o644)
	if got := installedVersion(dir); got != "1.2.3" {
		t.Errorf("installedVersion = %q, want 1.2.3", got)
	}
}

// TestStartServesAndCloses needs node and npm (and the registry on the first
// run).
func TestStartServesAndCloses(t *testing.T) {
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not on PATH", tool)
		}
	}
	ctx := context.Background()
	inst, err := Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer inst.Close()
	client := ddblocal.NewClient(inst.Endpoint())
	_, err = client.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String("dynalite_test"),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	})
	if err != nil {
		t.Fatal(err)
	}
	// Tables become active at once (the flag), well before dynalite's
	// default delay of 500 ms.
	deadline := time.Now().Add(300 * time.Millisecond)
	for {
		out, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("dynalite_test")})
		if err != nil {
			t.Fatal(err)
		}
		if out.Table.TableStatus == types.TableStatusActive {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("table still %s after 300ms", out.Table.TableStatus)
		}
		time.Sleep(5 * time.Millisecond)
	}
	pid := inst.PID()
	if err := inst.Close(); err != nil {
		t.Fatal(err)
	}
	if err := inst.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	deadline = time.Now().Add(5 * time.Second)
	for syscall.Kill(pid, 0) == nil {
		if time.Now().After(deadline) {
			t.Fatalf("node %d still running after Close", pid)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
