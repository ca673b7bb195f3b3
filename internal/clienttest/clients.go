package clienttest

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// ClientsEnv names the environment variable that enables the tests with
// other clients than aws-sdk-go-v2 when set to 1.
const ClientsEnv = "DDB_TEST_CLIENTS"

// RequireClients skips the test unless DDB_TEST_CLIENTS=1.
func RequireClients(t testing.TB) {
	t.Helper()
	if os.Getenv(ClientsEnv) != "1" {
		t.Skipf("skipping the real-client test: set %s=1 (scripts/test does, and installs the clients)", ClientsEnv)
	}
}

// cleanEnv is the process environment without AWS settings, plus dummy
// credentials and a region, so that no developer profile, real credential
// or instance metadata lookup leaks into a client run.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			env = append(env, kv)
		}
	}
	return append(env,
		"AWS_ACCESS_KEY_ID=AKIDCLIENTTEST",
		"AWS_SECRET_ACCESS_KEY=secret",
		"AWS_DEFAULT_REGION="+Region,
		"AWS_REGION="+Region,
		"AWS_CONFIG_FILE="+os.DevNull,
		"AWS_SHARED_CREDENTIALS_FILE="+os.DevNull,
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_PAGER=",
	)
}

// Python returns a python3 interpreter that can import boto3: the one on
// PATH, else Debian's /usr/bin/python3 (where python3-boto3 installs). It
// fails the test if there is none.
func Python(t testing.TB) string {
	t.Helper()
	return working(t, "no python3 with boto3 (apt-get install python3-boto3; scripts/test does)",
		[]string{"-c", "import boto3"}, "python3", "/usr/bin/python3")
}

// AWSCLI returns a working AWS CLI: the one on PATH, else Debian's
// /usr/bin/aws. It fails the test if there is none.
func AWSCLI(t testing.TB) string {
	t.Helper()
	return working(t, "no working aws command (apt-get install awscli; scripts/test does)",
		[]string{"--version"}, "aws", "/usr/bin/aws")
}

// working returns the first of the named programs that runs with args
// successfully, failing the test with msg if none does.
func working(t testing.TB, msg string, args []string, names ...string) string {
	t.Helper()
	for _, name := range names {
		path, err := exec.LookPath(name)
		if err != nil {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		_, _, err = Run(ctx, nil, path, args...)
		cancel()
		if err == nil {
			return path
		}
	}
	t.Fatal(msg)
	return ""
}
