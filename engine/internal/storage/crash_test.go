package storage

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The crash and lock tests re-execute the test binary as a child process that
// runs TestChild with these environment variables set.
const (
	childRoleEnv    = "DDB_STORAGE_CHILD"         // "writer" or "opener"
	childBackendEnv = "DDB_STORAGE_CHILD_BACKEND" // a backends name
	childDirEnv     = "DDB_STORAGE_CHILD_DIR"
)

// startChild starts the test binary as a child in role on dir, with its
// stdout piped back.
func startChild(t *testing.T, role string, be backend, dir string) (*exec.Cmd, io.Reader) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestChild$")
	cmd.Env = append(os.Environ(), childRoleEnv+"="+role, childBackendEnv+"="+be.name, childDirEnv+"="+dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, out
}

// TestChild is the child side of TestCrash and TestLockAcrossProcesses; it is
// skipped unless the parent set childRoleEnv.
func TestChild(t *testing.T) {
	role := os.Getenv(childRoleEnv)
	if role == "" {
		t.Skip("runs only as a child process of TestCrash or TestLockAcrossProcesses")
	}
	var be backend
	for _, b := range backends {
		if b.name == os.Getenv(childBackendEnv) {
			be = b
		}
	}
	s, err := be.open(os.Getenv(childDirEnv))
	switch {
	case role == "opener":
		fmt.Printf("locked=%v: %v\n", errors.Is(err, ErrLocked), err)
		return
	case err != nil:
		t.Fatal(err)
	}
	// The writer: several goroutines write two keys per Write (half of
	// them with Apply, then Wait) and print each acknowledged write as one
	// line, until the parent kills the process (or a safety deadline
	// passes).
	deadline := time.Now().Add(30 * time.Second)
	var wg sync.WaitGroup
	for g := range 4 {
		write := s.Write
		if g%2 == 1 {
			write = func(ops []Op) error {
				p, err := s.Apply(ops)
				if err != nil {
					return err
				}
				return p.Wait()
			}
		}
		wg.Go(func() {
			for i := 0; time.Now().Before(deadline); i++ {
				key := fmt.Sprintf("g%d/%06d", g, i)
				if err := write([]Op{put(key, crashValue(key)), put("index/"+key, key)}); err != nil {
					t.Error(err)
					return
				}
				fmt.Printf("ack %s\n", key) // one write(2) per line
			}
		})
	}
	wg.Wait()
}

func crashValue(key string) string { return strings.Repeat(key+";", 20) }

// TestCrash kills a writing process with SIGKILL and checks that every Write
// it acknowledged is in the store when the directory is reopened.
func TestCrash(t *testing.T) {
	for _, be := range backends {
		if !be.durable {
			continue
		}
		t.Run(be.name, func(t *testing.T) {
			dir := t.TempDir()
			cmd, out := startChild(t, "writer", be, dir)
			acked := readAcks(t, cmd, out)
			if len(acked) == 0 {
				t.Fatal("the child acknowledged no writes")
			}

			s, err := be.open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for _, key := range acked {
				v, ok, err := s.Get([]byte(key))
				if err != nil || !ok || string(v) != crashValue(key) {
					t.Fatalf("acknowledged key %q: Get = %.40q, %v, %v", key, v, ok, err)
				}
				v, ok, err = s.Get([]byte("index/" + key))
				if err != nil || !ok || string(v) != key {
					t.Fatalf("acknowledged key %q: second op of its Write: Get = %q, %v, %v", "index/"+key, v, ok, err)
				}
			}
			t.Logf("%d acknowledged writes survived SIGKILL", len(acked))
		})
	}
}

// readAcks reads the child's acknowledgements, kills it with SIGKILL once it
// has acknowledged enough writes (or after a second), and returns every key
// acknowledged by a complete line.
func readAcks(t *testing.T, cmd *exec.Cmd, out io.Reader) []string {
	t.Helper()
	const enough = 2000
	kill := time.AfterFunc(time.Second, func() { cmd.Process.Signal(syscall.SIGKILL) })
	defer kill.Stop()
	var acked []string
	r := bufio.NewReader(out)
	for {
		line, err := r.ReadString('\n')
		if errors.Is(err, io.EOF) {
			break // a final line without its newline was not fully acknowledged
		}
		if err != nil {
			t.Fatal(err)
		}
		if key, ok := strings.CutPrefix(strings.TrimSuffix(line, "\n"), "ack "); ok {
			acked = append(acked, key)
		}
		if len(acked) == enough {
			cmd.Process.Signal(syscall.SIGKILL)
		}
	}
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child did not die of SIGKILL: %v", err)
	}
	return acked
}

// TestLockAcrossProcesses checks that a second process cannot open a directory
// that a store has open.
func TestLockAcrossProcesses(t *testing.T) {
	for _, be := range backends {
		if !be.durable {
			continue
		}
		t.Run(be.name, func(t *testing.T) {
			dir := t.TempDir()
			s, err := be.open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			cmd, out := startChild(t, "opener", be, dir)
			report, err := io.ReadAll(out)
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Wait(); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(report), "locked=true: ") {
				t.Fatalf("second process opening %s: %q, want ErrLocked", dir, report)
			}
			t.Logf("second process: %s", report)
		})
	}
}
