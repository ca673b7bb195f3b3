package ddblocal

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// requireJava skips tests that launch the real emulator unless the full
// suite (DDB_TEST_LOCAL=1) asked for DynamoDB Local.
func requireJava(t *testing.T) {
	t.Helper()
	if os.Getenv("DDB_TEST_LOCAL") != "1" {
		t.Skip("launches DynamoDB Local: set DDB_TEST_LOCAL=1")
	}
	t.Setenv(EndpointEnv, "") // launch our own, even if one is shared
}

// alive reports whether pid names a process that has not exited (a zombie
// that nobody reaped yet counts as exited).
func alive(pid int) bool {
	if err := syscall.Kill(pid, 0); err != nil {
		return false
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return !errors.Is(err, os.ErrNotExist)
	}
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	return len(fields) == 0 || fields[0] != "Z"
}

// waitGone fails the test unless pid exits within a few seconds.
func waitGone(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for alive(pid) {
		if time.Now().After(deadline) {
			syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("emulator process %d still running", pid)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestStartServesAndCloseStops(t *testing.T) {
	requireJava(t)
	ctx := context.Background()
	inst, err := Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer inst.Close()
	_, err = inst.Client().CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String("ddblocal-start"),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	})
	if err != nil {
		t.Fatalf("CreateTable: %v", err)
	}
	out, err := inst.Client().ListTables(ctx, &dynamodb.ListTablesInput{})
	if err != nil {
		t.Fatalf("ListTables: %v", err)
	}
	if len(out.TableNames) != 1 || out.TableNames[0] != "ddblocal-start" {
		t.Errorf("ListTables = %q, want only the table just created", out.TableNames)
	}
	pid := inst.PID()
	if err := inst.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	waitGone(t, pid)
	if err := inst.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// panicChildEnv marks the re-executed test binary that starts an emulator
// and panics.
const panicChildEnv = "DDBLOCAL_TEST_PANIC_CHILD"

func TestNoOrphanAfterPanic(t *testing.T) {
	if os.Getenv(panicChildEnv) == "1" {
		inst, err := Start(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		os.Stdout.WriteString("pid " + strconv.Itoa(inst.PID()) + "\n")
		panic("test panics while the emulator runs")
	}
	requireJava(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoOrphanAfterPanic$", "-test.count=1")
	cmd.Env = append(os.Environ(), panicChildEnv+"=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pid := 0
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "pid "); ok {
			pid, _ = strconv.Atoi(rest)
		}
	}
	if err := cmd.Wait(); err == nil {
		t.Fatal("the panicking child exited successfully")
	}
	if pid == 0 {
		t.Fatal("the child never reported its emulator's pid")
	}
	waitGone(t, pid)
}
