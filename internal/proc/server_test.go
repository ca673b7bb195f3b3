package proc

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// serveEnv makes the re-executed test binary a DynamoDB stand-in that
// answers every request with 200 on the port it names, or exits as if that
// port were taken when its value starts with "taken".
const serveEnv = "PROC_TEST_SERVE"

func TestMain(m *testing.M) {
	if port, ok := os.LookupEnv(serveEnv); ok {
		if strings.HasPrefix(port, "taken") {
			os.Stderr.WriteString("listen tcp: bind: address already in use\n")
			os.Exit(1)
		}
		l, err := net.Listen("tcp", "127.0.0.1:"+port)
		if err != nil {
			panic(err)
		}
		http.Serve(l, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	}
	os.Exit(m.Run())
}

// fakeServer returns a command that runs the test binary as a server on port
// (see serveEnv), or as one whose port is taken while taken() says so.
func fakeServer(taken func() bool) func(port int) *exec.Cmd {
	return func(port int) *exec.Cmd {
		cmd := exec.Command(os.Args[0])
		value := strconv.Itoa(port)
		if taken() {
			value = "taken"
		}
		cmd.Env = append(os.Environ(), serveEnv+"="+value)
		return cmd
	}
}

func TestStartServer(t *testing.T) {
	tests := []struct {
		name    string
		taken   int // how many first attempts find their port taken
		wantErr bool
	}{
		{"answers", 0, false},
		{"retries a taken port", 2, false},
		{"gives up", portAttempts, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			attempts := 0
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			p, endpoint, err := StartServer(ctx, time.Millisecond, fakeServer(func() bool {
				attempts++
				return attempts <= tt.taken
			}))
			if tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), "address already in use") {
					p.Stop()
					t.Fatalf("StartServer = %v, want an error with the server's output", err)
				}
				if attempts != portAttempts {
					t.Errorf("%d attempts, want %d", attempts, portAttempts)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer p.Stop()
			if attempts != tt.taken+1 {
				t.Errorf("%d attempts, want %d", attempts, tt.taken+1)
			}
			if err := Ping(ctx, endpoint); err != nil {
				t.Errorf("Ping %s: %v", endpoint, err)
			}
		})
	}
}

func TestAddressInUse(t *testing.T) {
	for out, want := range map[string]bool{
		"java.net.BindException: Address already in use":          true,
		"Error: listen EADDRINUSE: 127.0.0.1:8000":                true,
		"listen tcp 127.0.0.1:8000: bind: address already in use": true,
		"java.net.BindException: Cannot assign requested address": false,
		"": false,
	} {
		if got := addressInUse(out); got != want {
			t.Errorf("addressInUse(%q) = %v, want %v", out, got, want)
		}
	}
}

// TestStartServerSkipsASquattedPort has another program (this test) answer
// on the first port StartServer picks before the server can bind it: the
// server must not be reported ready on the squatter's port.
func TestStartServerSkipsASquattedPort(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("who listens on a port is known only on Linux")
	}
	var squatted string
	command := fakeServer(func() bool { return false })
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	p, endpoint, err := StartServer(ctx, time.Millisecond, func(port int) *exec.Cmd {
		if squatted == "" {
			l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
			if err != nil {
				t.Fatal(err)
			}
			squatter := &http.Server{Handler: http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})}
			go squatter.Serve(l)
			t.Cleanup(func() { squatter.Close() })
			squatted = "http://" + l.Addr().String()
		}
		return command(port)
	})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Stop()
	if endpoint == squatted {
		t.Fatalf("StartServer reported the squatter's %s as its server's", endpoint)
	}
	if err := Ping(ctx, endpoint); err != nil {
		t.Errorf("Ping %s: %v", endpoint, err)
	}
}

func TestForeignListener(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("who listens on a port is known only on Linux")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	if foreignListener(syscall.Getpgrp(), port) {
		t.Errorf("foreignListener(own group, own port) = true")
	}
	child := exec.Command("sleep", "30")
	child.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer child.Process.Kill()
	if !foreignListener(child.Process.Pid, port) {
		t.Errorf("foreignListener(another group, this test's port) = false")
	}
	free, err := FreePort()
	if err != nil {
		t.Fatal(err)
	}
	if foreignListener(child.Process.Pid, free) {
		t.Errorf("foreignListener(another group, a port nobody listens on) = true")
	}
	if foreignListener(1<<30, port) {
		t.Errorf("foreignListener(a group whose leader cannot be read) = true: it cannot tell")
	}
}
