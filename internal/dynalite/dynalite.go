package dynalite

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ddbkit/ddb/internal/proc"
)

// startTimeout bounds how long Start waits for the emulator to answer.
const startTimeout = time.Minute

// portAttempts bounds how often Start retries when the chosen port was taken
// between choosing it and the emulator binding it.
const portAttempts = 5

// Instance is a running dynalite. It is safe for concurrent use.
type Instance struct {
	endpoint string
	p        *proc.Process

	closeOnce sync.Once
	closeErr  error
}

// Start installs dynalite if needed (see Install), launches it with `node`
// on a free loopback port with its in-memory store and tables that become
// active at once, and waits until it answers. The caller must Close it; it
// also dies with the process that started it.
func Start(ctx context.Context) (*Instance, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("dynalite: node (20 or later) is needed but is not on PATH: %w", err)
	}
	dir, err := Install(ctx)
	if err != nil {
		return nil, err
	}
	for attempt := 1; ; attempt++ {
		port, err := proc.FreePort()
		if err != nil {
			return nil, fmt.Errorf("dynalite: pick a port: %w", err)
		}
		cmd := exec.Command(node, filepath.Join(dir, cliPath),
			"--host", "127.0.0.1", "--port", strconv.Itoa(port),
			"--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0")
		cmd.Dir = dir
		p, err := proc.Start(cmd)
		if err != nil {
			return nil, fmt.Errorf("dynalite: %w", err)
		}
		inst := &Instance{endpoint: "http://127.0.0.1:" + strconv.Itoa(port), p: p}
		client := newClient(inst.endpoint)
		waitCtx, cancel := context.WithTimeout(ctx, startTimeout)
		err = proc.WaitReady(waitCtx, p, 50*time.Millisecond, func(ctx context.Context) error {
			_, err := client.ListTables(ctx, &dynamodb.ListTablesInput{Limit: aws.Int32(1)})
			return err
		})
		cancel()
		if err == nil {
			return inst, nil
		}
		p.Stop()
		if errors.Is(err, proc.ErrExited) && strings.Contains(p.Output(), "EADDRINUSE") && attempt < portAttempts {
			continue
		}
		return nil, fmt.Errorf("dynalite: start on port %d: %w\n--- dynalite output ---\n%s", port, err, p.Output())
	}
}

// newClient returns a client for a local emulator: dummy credentials, one
// region, no retries.
func newClient(endpoint string) *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		BaseEndpoint: aws.String(endpoint),
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("dynalite", "dynalite", ""),
		Retryer:      aws.NopRetryer{},
	})
}

// Endpoint returns the instance's base URL, such as http://127.0.0.1:41234.
func (i *Instance) Endpoint() string { return i.endpoint }

// PID returns the id of the node process serving the instance, whose CPU
// time a benchmark can read.
func (i *Instance) PID() int { return i.p.PID() }

// Close stops the emulator and waits for it to exit. It may be called more
// than once.
func (i *Instance) Close() error {
	i.closeOnce.Do(func() { i.closeErr = i.p.Stop() })
	return i.closeErr
}
